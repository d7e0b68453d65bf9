//! What every request handler shares: the database, the configuration, the signer, the latest
//! bundle (watched by long-polls), the limits, the metrics, and the buffer of check-ins that a
//! background task writes in batches.

use crate::config::Config;
use crate::db::Db;
use crate::limits::Limits;
use crate::metrics::Metrics;
use crate::signing::Signer;
use airlock_wire::CheckinRequest;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

/// Shared state.
pub struct AppState {
    /// Storage.
    pub db: Db,
    /// Configuration.
    pub config: Config,
    /// Bundle signing.
    pub signer: Signer,
    /// The newest bundle `(version, sha256)`; long-polls wait for it to change.
    pub latest: watch::Sender<(i64, String)>,
    /// Limits.
    pub limits: Limits,
    /// Metrics.
    pub metrics: Metrics,
    /// Check-ins not yet written: device -> (time, report).
    pub checkins: Mutex<HashMap<String, (u64, CheckinRequest)>>,
    /// The AI tool register of the latest revision, compiled: `(revision, register)`.
    pub registers: Mutex<Option<(i64, Arc<airlock_policy::Register>)>>,
    /// Where console output of first-run secrets goes (stderr; tests capture it).
    pub announce: Arc<dyn Fn(&str) + Send + Sync>,
}

/// The handle handlers get.
pub type Shared = Arc<AppState>;

impl AppState {
    /// Buffers a check-in for the batch writer.
    pub fn buffer_checkin(&self, device: &str, at: u64, report: CheckinRequest) {
        let mut m = match self.checkins.lock() {
            Ok(m) => m,
            Err(p) => p.into_inner(),
        };
        m.insert(device.to_string(), (at, report));
    }

    /// Puts back a check-in that could not be written, unless a newer one arrived meanwhile.
    pub fn keep_checkin(&self, device: &str, at: u64, report: CheckinRequest) {
        let mut m = match self.checkins.lock() {
            Ok(m) => m,
            Err(p) => p.into_inner(),
        };
        m.entry(device.to_string()).or_insert((at, report));
    }

    /// Takes the buffered check-ins.
    pub fn drain_checkins(&self) -> Vec<(String, u64, CheckinRequest)> {
        let mut m = match self.checkins.lock() {
            Ok(m) => m,
            Err(p) => p.into_inner(),
        };
        m.drain().map(|(d, (t, r))| (d, t, r)).collect()
    }

    /// Tells long-polls about a new bundle.
    pub fn announce_bundle(&self, version: i64, sha256: String) {
        self.latest.send_if_modified(|cur| {
            if version > cur.0 {
                *cur = (version, sha256);
                true
            } else {
                false
            }
        });
    }
}
