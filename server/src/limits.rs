//! Backpressure and abuse limits: token buckets (`governor`; per device, per enrolling address, and one
//! global bucket for enrollments) and a global cap on requests in progress. Callers turn a
//! refusal into 429 or 503 with `Retry-After`.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Keys remembered before full buckets are forgotten (they are equivalent to new ones).
const MAX_KEYS: usize = 200_000;

/// Keyed token buckets with a common rate and burst (`governor`'s GCRA limiter).
pub struct Buckets<K: std::hash::Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    clock: DefaultClock,
}

impl<K: std::hash::Hash + Eq + Clone> Buckets<K> {
    /// `rate` tokens per second, at most `burst` saved up (at least one; rates below one
    /// per million seconds count as that).
    pub fn new(rate: f64, burst: f64) -> Buckets<K> {
        let period = Duration::try_from_secs_f64(1.0 / rate.max(1e-6))
            .ok()
            .filter(|p| !p.is_zero())
            .unwrap_or(Duration::from_nanos(1));
        let burst =
            NonZeroU32::new(burst.clamp(1.0, u32::MAX as f64) as u32).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
            .allow_burst(burst);
        Buckets {
            limiter: RateLimiter::keyed(quota),
            clock: DefaultClock::default(),
        }
    }

    /// Takes a token for `key`; on refusal, the seconds until one is available.
    pub fn take(&self, key: &K) -> Result<(), u64> {
        if self.limiter.len() > MAX_KEYS {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            wait.as_secs_f64().ceil().max(1.0) as u64
        })
    }
}

/// All limits of a server.
pub struct Limits {
    /// Per device.
    pub device: Buckets<String>,
    /// Enrollments per client address.
    pub enroll_ip: Buckets<IpAddr>,
    /// Enrollments overall.
    pub enroll_all: Buckets<()>,
    /// Failed console sign-ins per address.
    pub sign_in: Buckets<IpAddr>,
    busy: Arc<Semaphore>,
    waiters: AtomicUsize,
    max_waiters: usize,
}

/// A long-poll slot; frees itself when dropped.
pub struct Waiter<'a>(&'a AtomicUsize);

impl Drop for Waiter<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Limits {
    /// Limits from the configuration.
    pub fn new(
        device_rate: (f64, f64),
        enroll_rate: (f64, f64),
        max_concurrency: usize,
        max_waiters: usize,
    ) -> Limits {
        Limits {
            device: Buckets::new(device_rate.0, device_rate.1),
            enroll_ip: Buckets::new(enroll_rate.0, enroll_rate.1),
            enroll_all: Buckets::new(enroll_rate.0.max(50.0), enroll_rate.1.max(200.0)),
            sign_in: Buckets::new(0.1, 10.0),
            busy: Arc::new(Semaphore::new(max_concurrency)),
            waiters: AtomicUsize::new(0),
            max_waiters,
        }
    }

    /// A slot among the requests in progress, or `None` when the server is saturated.
    pub fn admit(&self) -> Option<OwnedSemaphorePermit> {
        self.busy.clone().try_acquire_owned().ok()
    }

    /// A long-poll slot, or `None` when too many agents wait already (they get an immediate
    /// answer instead).
    pub fn wait_slot(&self) -> Option<Waiter<'_>> {
        let n = self.waiters.fetch_add(1, Ordering::Relaxed);
        if n >= self.max_waiters {
            self.waiters.fetch_sub(1, Ordering::Relaxed);
            return None;
        }
        Some(Waiter(&self.waiters))
    }

    /// Agents waiting in long-polls now.
    pub fn waiting(&self) -> usize {
        self.waiters.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_its_burst_then_says_when_to_retry() {
        let b: Buckets<&str> = Buckets::new(0.5, 3.0);
        for _ in 0..3 {
            assert!(b.take(&"a").is_ok());
        }
        assert_eq!(b.take(&"a"), Err(2));
        assert!(b.take(&"b").is_ok(), "buckets are per key");
    }

    #[test]
    fn the_concurrency_cap_and_waiters_are_bounded() {
        let l = Limits::new((1.0, 1.0), (1.0, 1.0), 1, 1);
        let p = l.admit();
        assert!(p.is_some());
        assert!(l.admit().is_none());
        drop(p);
        assert!(l.admit().is_some());
        let w = l.wait_slot();
        assert!(w.is_some() && l.wait_slot().is_none());
        drop(w);
        assert_eq!(l.waiting(), 0);
    }
}
