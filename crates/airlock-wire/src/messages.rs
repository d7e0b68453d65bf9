//! Requests and responses of the agent API: enroll, check-in, event batches, AUP
//! acknowledgments, access requests, and the error body every 4xx/5xx carries.

use crate::event::{Event, ToolRef};
use serde::{Deserialize, Serialize};

/// The machine an agent runs on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Machine {
    /// A stable hardware id (hardware UUID, MachineGuid, /etc/machine-id).
    pub machine_id: String,
    /// Host name.
    pub hostname: String,
    /// `macos`, `windows` or `linux`.
    pub os: String,
    /// OS version.
    pub os_version: String,
    /// The signed-in user.
    #[serde(default)]
    pub user: Option<String>,
}

/// `POST /enroll`: an enrollment secret (from the managed configuration) for a device token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// The enrollment secret.
    pub enroll_secret: String,
    /// The machine.
    pub machine: Machine,
    /// The agent's version.
    pub agent_version: String,
}

/// The answer to an enrollment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollResponse {
    /// The device's id.
    pub device_id: String,
    /// The device token (shown once; the server keeps only its hash).
    pub device_token: String,
    /// The tenant whose bundles the device must accept.
    pub tenant: String,
    /// Server time (Unix seconds).
    pub server_time: u64,
    /// How often to check in.
    pub checkin_interval_s: u64,
}

/// The state of the bundle in force on the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PolicyState {
    /// A verified, unexpired bundle is in force.
    Ok,
    /// The bundle in force has expired (still enforced).
    Stale,
    /// The stored or offered bundle failed verification.
    VerifyFailed,
    /// A verified bundle could not be applied.
    ApplyFailed,
    /// No bundle yet.
    #[default]
    None,
}

impl PolicyState {
    /// The state's name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyState::Ok => "ok",
            PolicyState::Stale => "stale",
            PolicyState::VerifyFailed => "verify_failed",
            PolicyState::ApplyFailed => "apply_failed",
            PolicyState::None => "none",
        }
    }
}

/// What the agent says about its bundle.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyReport {
    /// Version in force (0: none).
    pub version: u64,
    /// SHA-256 of its signed payload.
    #[serde(default)]
    pub sha256: Option<String>,
    /// Its state.
    pub state: PolicyState,
    /// The last error, as a stable code.
    #[serde(default)]
    pub last_error: Option<String>,
}

/// What the agent says about its event queue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueReport {
    /// The queue's epoch (a new one when the queue database is created anew).
    pub epoch: String,
    /// The highest sequence number assigned in this epoch.
    pub last_seq: u64,
    /// Events not yet acknowledged by the server.
    pub pending: u64,
    /// Events the server rejected for good.
    #[serde(default)]
    pub dead_letter: u64,
    /// Decisions that could not be recorded (disk full...).
    #[serde(default)]
    pub unrecorded: u64,
}

/// Agent health.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Health {
    /// When the agent started (Unix seconds).
    #[serde(default)]
    pub started_at: u64,
    /// Active tamper signals.
    #[serde(default)]
    pub tamper_signals: Vec<String>,
}

/// `POST /checkin`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckinRequest {
    /// When the agent sent it (Unix seconds); requests far from server time are refused.
    pub sent_at: u64,
    /// The agent's version.
    pub agent_version: String,
    /// The bundle in force.
    pub policy: PolicyReport,
    /// The event queue.
    pub queue: QueueReport,
    /// Health.
    #[serde(default)]
    pub health: Health,
    /// Long-poll: hold the answer up to this many seconds until a newer bundle exists.
    #[serde(default)]
    pub wait_s: u64,
}

/// Where to fetch a newer bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleRef {
    /// Its version.
    pub version: u64,
    /// SHA-256 of its signed payload.
    pub sha256: String,
    /// The path to download it from.
    pub path: String,
}

/// How the agent should cut event batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadLimits {
    /// Events per batch.
    pub max_batch: u64,
    /// Bytes per batch (uncompressed JSON).
    pub max_bytes: u64,
}

/// The answer to a check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinResponse {
    /// Server time (Unix seconds).
    pub server_time: u64,
    /// When to check in next (already jittered).
    pub next_checkin_s: u64,
    /// A newer signed bundle, if there is one.
    pub bundle: Option<BundleRef>,
    /// Batch limits.
    pub upload: UploadLimits,
}

/// `POST /events`: a batch of events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBatch {
    /// A fresh id per attempt (replayed requests are refused; events are deduplicated by
    /// `event_id` whatever the batch).
    pub request_id: String,
    /// When the agent sent it (Unix seconds).
    pub sent_at: u64,
    /// The queue epoch the sequence numbers belong to.
    pub queue_epoch: String,
    /// The events.
    pub events: Vec<Event>,
}

/// Per-event result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    /// Stored now.
    Created,
    /// Already stored (a retry).
    Duplicate,
    /// Refused for good (the agent dead-letters it).
    Rejected,
}

/// The result for one event, in the order of the batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventResult {
    /// The event.
    pub event_id: String,
    /// What happened.
    pub status: EventStatus,
    /// Why it was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// For a stored self-report: what the agent shows the reporter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<Guidance>,
}

/// What happens after a self-report, for the employee who filed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guidance {
    /// What happens next, in order.
    pub next: Vec<String>,
    /// How to delete the conversation in the tool.
    pub delete_steps: Vec<String>,
    /// The breach-notification deadline the security team works to (Unix seconds: 72 hours
    /// after the report, GDPR article 33).
    pub notify_by: u64,
}

/// The answer to an event batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventBatchResponse {
    /// Server time.
    pub server_time: u64,
    /// One result per event, in order.
    pub results: Vec<EventResult>,
}

/// `POST /aup-acks`: a user acknowledged a version of the AUP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AupAck {
    /// A fresh id per request.
    pub request_id: String,
    /// When the agent sent it.
    pub sent_at: u64,
    /// Who acknowledged.
    pub user: String,
    /// The AUP version acknowledged.
    pub aup_version: String,
    /// When (Unix seconds).
    pub acked_at: u64,
}

/// The answer to an acknowledgment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AupAckResponse {
    /// `created` or `duplicate`.
    pub status: EventStatus,
}

/// `POST /access-requests`: a user asks IT for access to a tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessRequest {
    /// A fresh id per request.
    pub request_id: String,
    /// When the agent sent it.
    pub sent_at: u64,
    /// Idempotency key of the access request itself (stable across retries).
    pub access_id: String,
    /// Who asks.
    pub user: String,
    /// The tool.
    pub tool: ToolRef,
    /// The data class the user needs to send.
    pub data_class: String,
    /// Why (user text, bounded like a justification).
    pub reason: String,
}

/// The state of an access request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessRequestStatus {
    /// Waiting for IT.
    Pending,
    /// Approved (the tool's tier changes in a published bundle).
    Approved,
    /// Denied.
    Denied,
}

impl AccessRequestStatus {
    /// The status's name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessRequestStatus::Pending => "pending",
            AccessRequestStatus::Approved => "approved",
            AccessRequestStatus::Denied => "denied",
        }
    }

    /// Parses a stored status.
    pub fn parse(s: &str) -> Option<AccessRequestStatus> {
        match s {
            "pending" => Some(AccessRequestStatus::Pending),
            "approved" => Some(AccessRequestStatus::Approved),
            "denied" => Some(AccessRequestStatus::Denied),
            _ => None,
        }
    }
}

/// An access request as the device sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRequestView {
    /// The agent's idempotency key.
    pub access_id: String,
    /// The tool's name.
    pub tool: String,
    /// Its state.
    pub status: AccessRequestStatus,
    /// IT's note on the decision.
    #[serde(default)]
    pub note: Option<String>,
}

/// `GET /access-requests`: the device's own requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRequestList {
    /// Newest first.
    pub requests: Vec<AccessRequestView>,
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable code (`invalid_token`, `rate_limited`, `body_too_large`...).
    pub error: String,
    /// What went wrong and what to do, for people.
    pub message: String,
    /// When to retry, for 429 and 503.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u64>,
}
