//! Backpressure and abuse limits: token buckets (per device, per enrolling address, and one
//! global bucket for enrollments) and a global cap on requests in progress. Callers turn a
//! refusal into 429 or 503 with `Retry-After`.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// A token bucket.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Keyed token buckets with a common rate and burst.
pub struct Buckets<K> {
    rate: f64,
    burst: f64,
    map: Mutex<HashMap<K, Bucket>>,
}

impl<K: std::hash::Hash + Eq + Clone> Buckets<K> {
    /// `rate` tokens per second, at most `burst` saved up.
    pub fn new(rate: f64, burst: f64) -> Buckets<K> {
        Buckets {
            rate,
            burst,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `key`; on refusal, the seconds until one is available.
    pub fn take(&self, key: &K) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = match self.map.lock() {
            Ok(m) => m,
            Err(p) => p.into_inner(),
        };
        if map.len() > 200_000 {
            // Forget full buckets (they are equivalent to new ones) so memory stays bounded.
            let (rate, burst) = (self.rate, self.burst);
            map.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < burst);
        }
        let b = map.entry(key.clone()).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * self.rate).min(self.burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / self.rate).ceil().max(1.0) as u64)
        }
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
