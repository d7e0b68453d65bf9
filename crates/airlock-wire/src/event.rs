//! Events: what an agent reports about a decision, a self-report, a false positive or an AI
//! tool seen in use. Each carries an idempotency key (`event_id`, chosen by the agent) and a
//! per-device sequence number (`seq`, counted per queue epoch) that exposes gaps.

use serde::{Deserialize, Serialize};

/// The longest justification a user may type, in characters.
pub const MAX_JUSTIFICATION: usize = 500;
/// The longest self-report or false-positive description, in characters.
pub const MAX_DESCRIPTION: usize = 2000;

/// One event. (Unknown fields are ignored here because the kind is flattened in; the kinds
/// themselves refuse unknown fields.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Idempotency key chosen by the agent (a UUID); stored once per device.
    pub event_id: String,
    /// Sequence number within the queue epoch, from 1, never reused.
    pub seq: u64,
    /// When it happened (Unix seconds).
    pub occurred_at: u64,
    /// The bundle version in force.
    pub policy_version: u64,
    /// The signed-in user of the device (a user name, never content).
    #[serde(default)]
    pub user: Option<String>,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EventKind {
    /// An enforcement decision on content going to an AI tool.
    Decision {
        /// The tool.
        tool: ToolRef,
        /// The action the policy called for: allow, audit, warn, justify or block.
        action: String,
        /// What the user did.
        outcome: Outcome,
        /// The data class of the content (Public, Internal, Confidential, Restricted).
        data_class: String,
        /// Whether customer data was found.
        customer_data: bool,
        /// Findings per detector (counts only).
        findings: Vec<FindingCount>,
        /// Where the content came from.
        source: Source,
        /// Size of the content in bytes.
        content_bytes: u64,
        /// File extension for uploads (lower case, no dot).
        #[serde(default)]
        file_ext: Option<String>,
        /// The user's justification, when the action asked for one.
        #[serde(default)]
        justification: Option<String>,
        /// Decided in audit mode (nothing was enforced).
        #[serde(default)]
        trial: bool,
    },
    /// A user reports an accidental disclosure.
    SelfReport {
        /// The tool the data went to.
        tool: ToolRef,
        /// Classes the user believes were disclosed.
        data_classes: Vec<String>,
        /// When it happened, as the user says (Unix seconds).
        disclosed_at: u64,
        /// The user's description (no content: the agent's form says so).
        description: String,
    },
    /// A user reports a detection as wrong.
    FalsePositive {
        /// The tool in focus, if any.
        #[serde(default)]
        tool: Option<ToolRef>,
        /// The detectors reported as wrong.
        detectors: Vec<String>,
        /// The user's comment.
        comment: String,
    },
    /// An AI tool was seen in use (registered or not: the shadow-AI audit).
    ToolSeen {
        /// The tool (`id` is `None` for tools not in the register).
        tool: ToolRef,
        /// Visits or focus changes counted since the last report.
        visits: u32,
    },
    /// A tamper signal raised by the agent (bundle verification failed, clock rolled back...).
    Tamper {
        /// A short machine-readable signal name.
        signal: String,
    },
}

impl EventKind {
    /// The kind's name as stored and shown.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Decision { .. } => "decision",
            EventKind::SelfReport { .. } => "self_report",
            EventKind::FalsePositive { .. } => "false_positive",
            EventKind::ToolSeen { .. } => "tool_seen",
            EventKind::Tamper { .. } => "tamper",
        }
    }
}

/// An AI tool as the agent identified it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolRef {
    /// Register id, `None` for an unregistered tool.
    #[serde(default)]
    pub id: Option<String>,
    /// Display name (register name, or the domain / app for unknown tools).
    pub name: String,
    /// Tier 1-4 from the register (`None`: unknown).
    #[serde(default)]
    pub tier: Option<u8>,
    /// The site's host, for web tools.
    #[serde(default)]
    pub domain: Option<String>,
    /// The desktop application, for native tools.
    #[serde(default)]
    pub app: Option<String>,
}

/// Findings of one detector: counts, never values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingCount {
    /// Detector id.
    pub detector: String,
    /// Its category (secret, pii, phi, pci, gov_id, marking, code).
    pub category: String,
    /// Its data class.
    pub class: String,
    /// How many findings.
    pub count: u32,
}

/// What the user did with the prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Nothing was asked (allow, audit).
    Allowed,
    /// The user continued after a warning.
    Continued,
    /// The user gave a justification and continued.
    Justified,
    /// The user sent a redacted version.
    Redacted,
    /// The user cancelled.
    Cancelled,
    /// The policy blocked it.
    Blocked,
}

impl Outcome {
    /// The outcome's name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Continued => "continued",
            Outcome::Justified => "justified",
            Outcome::Redacted => "redacted",
            Outcome::Cancelled => "cancelled",
            Outcome::Blocked => "blocked",
        }
    }

    /// Whether the content went to the tool.
    pub fn was_sent(self) -> bool {
        matches!(
            self,
            Outcome::Allowed | Outcome::Continued | Outcome::Justified | Outcome::Redacted
        )
    }
}

/// Where content came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A paste.
    Clipboard,
    /// A file upload.
    File,
    /// Drag and drop.
    Drop,
}
