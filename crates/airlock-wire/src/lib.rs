//! The agent protocol's wire types (version 1, JSON over HTTPS), shared by the server, the agent
//! and test clients. `docs/protocol.md` describes the exchanges; this crate is the contract.
//!
//! Nothing here carries content: events name detectors, counts, classes, tools and decisions,
//! never the text that was classified. [`validate`] checks the bounds both sides enforce.

mod event;
mod messages;
pub mod validate;

pub use event::{
    Event, EventKind, FindingCount, Outcome, Source, ToolRef, MAX_DESCRIPTION, MAX_JUSTIFICATION,
};
pub use messages::{
    AccessRequest, AccessRequestList, AccessRequestStatus, AccessRequestView, AupAck,
    AupAckResponse, BundleRef, CheckinRequest, CheckinResponse, EnrollRequest, EnrollResponse,
    ErrorBody, EventBatch, EventBatchResponse, EventResult, EventStatus, Guidance, Health, Machine,
    PolicyReport, PolicyState, QueueReport, UploadLimits,
};

/// The protocol version in the paths.
pub const PROTOCOL_VERSION: u32 = 1;

/// Paths of the agent API.
pub mod paths {
    /// Enrollment: an enrollment secret for a device token.
    pub const ENROLL: &str = "/api/agent/v1/enroll";
    /// Check-in (long-poll capable).
    pub const CHECKIN: &str = "/api/agent/v1/checkin";
    /// Bundle download prefix: `/api/agent/v1/bundles/{version}`.
    pub const BUNDLES: &str = "/api/agent/v1/bundles";
    /// Event upload in batches.
    pub const EVENTS: &str = "/api/agent/v1/events";
    /// AUP acknowledgments.
    pub const AUP_ACKS: &str = "/api/agent/v1/aup-acks";
    /// Tool access requests (POST to file one, GET to list the device's own).
    pub const ACCESS_REQUESTS: &str = "/api/agent/v1/access-requests";

    /// The download path of a bundle version.
    pub fn bundle(version: u64) -> String {
        format!("{BUNDLES}/{version}")
    }
}

/// The header carrying the device token: `Authorization: Bearer <token>`.
pub const AUTHORIZATION: &str = "authorization";
