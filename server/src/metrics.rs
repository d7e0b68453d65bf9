//! Prometheus metrics in the text exposition format: requests by route and status, request
//! latency histograms by route, events stored, and gauges read at scrape time.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;

const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

/// The counters.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    counters: Mutex<BTreeMap<&'static str, u64>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    }
}

impl Metrics {
    /// Records one request.
    pub fn request(&self, route: &str, status: u16, seconds: f64) {
        *lock(&self.requests)
            .entry((route.to_string(), status))
            .or_default() += 1;
        let mut l = lock(&self.latency);
        let h = l.entry(route.to_string()).or_default();
        for (i, b) in BUCKETS.iter().enumerate() {
            if seconds <= *b {
                h.counts[i] += 1;
            }
        }
        h.sum += seconds;
        h.count += 1;
    }

    /// Adds to a named counter (`airlock_<name>_total`).
    pub fn add(&self, name: &'static str, n: u64) {
        *lock(&self.counters).entry(name).or_default() += n;
    }

    /// Renders everything, with `gauges` read by the caller.
    pub fn render(&self, gauges: &[(&str, &str, f64)]) -> String {
        let mut out = String::new();
        out.push_str("# HELP airlock_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE airlock_http_requests_total counter\n");
        for ((route, status), n) in lock(&self.requests).iter() {
            let _ = writeln!(
                out,
                "airlock_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str("# HELP airlock_http_request_duration_seconds Request latency by route.\n");
        out.push_str("# TYPE airlock_http_request_duration_seconds histogram\n");
        for (route, h) in lock(&self.latency).iter() {
            let r = escape(route);
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "airlock_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"{b}\"}} {}",
                    h.counts[i]
                );
            }
            let _ = writeln!(
                out,
                "airlock_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "airlock_http_request_duration_seconds_sum{{route=\"{r}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "airlock_http_request_duration_seconds_count{{route=\"{r}\"}} {}",
                h.count
            );
        }
        for (name, n) in lock(&self.counters).iter() {
            let _ = writeln!(out, "# TYPE airlock_{name}_total counter");
            let _ = writeln!(out, "airlock_{name}_total {n}");
        }
        for (name, help, v) in gauges {
            let _ = writeln!(out, "# HELP airlock_{name} {help}");
            let _ = writeln!(out, "# TYPE airlock_{name} gauge");
            let _ = writeln!(out, "airlock_{name} {v}");
        }
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_prometheus_text() {
        let m = super::Metrics::default();
        m.request("/api/agent/v1/checkin", 200, 0.003);
        m.add("events_created", 2);
        let t = m.render(&[("devices", "Enrolled devices.", 3.0)]);
        assert!(t.contains(
            "airlock_http_requests_total{route=\"/api/agent/v1/checkin\",status=\"200\"} 1"
        ));
        assert!(t.contains("le=\"0.005\"} 1"));
        assert!(t.contains("le=\"0.0025\"} 0"));
        assert!(t.contains("airlock_events_created_total 2"));
        assert!(t.contains("airlock_devices 3"));
    }
}
