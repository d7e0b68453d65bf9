//! Why content could not be read completely. Such content is never reported clean: the verdict
//! says `unscannable` with the reason, and the policy decides it (Confidential by default).

use serde::Serialize;

/// The reason a content item could not be read completely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Unscannable {
    /// Password-protected or encrypted (Office, PDF, ODF, ZIP).
    #[error("encrypted or password-protected {what}: its content cannot be read")]
    Encrypted {
        /// What kind of file.
        what: String,
    },
    /// Damaged or not what it claims to be.
    #[error("corrupt {what}: {detail}")]
    Corrupt {
        /// What kind of file.
        what: String,
        /// What is wrong (never content).
        detail: String,
    },
    /// More bytes than allowed.
    #[error("larger than the {limit}-byte limit")]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// Decompresses to more than allowed, or with a suspicious ratio (a zip bomb).
    #[error("decompression bomb: {detail}")]
    Bomb {
        /// Which limit.
        detail: String,
    },
    /// Archives nested deeper than allowed.
    #[error("archives nested deeper than {limit} levels")]
    TooDeep {
        /// The limit.
        limit: u32,
    },
    /// More archive entries than allowed.
    #[error("more than {limit} archive entries")]
    TooManyEntries {
        /// The limit.
        limit: u32,
    },
    /// Reading took longer than the time budget.
    #[error("reading took longer than the {budget_ms} ms budget")]
    Timeout {
        /// The budget.
        budget_ms: u64,
    },
    /// A format Airlock cannot read (legacy binary Office files, images).
    #[error("unsupported format: {format}")]
    Unsupported {
        /// The format.
        format: String,
    },
}

impl Unscannable {
    /// A short machine-readable name: `encrypted`, `corrupt`, `too_large`, `bomb`,
    /// `too_deep`, `too_many_entries`, `timeout`, `unsupported`.
    pub fn kind(&self) -> &'static str {
        match self {
            Unscannable::Encrypted { .. } => "encrypted",
            Unscannable::Corrupt { .. } => "corrupt",
            Unscannable::TooLarge { .. } => "too_large",
            Unscannable::Bomb { .. } => "bomb",
            Unscannable::TooDeep { .. } => "too_deep",
            Unscannable::TooManyEntries { .. } => "too_many_entries",
            Unscannable::Timeout { .. } => "timeout",
            Unscannable::Unsupported { .. } => "unsupported",
        }
    }

    /// Whether the problem is the whole item's budget (time, size, entries, depth), which
    /// stops all reading, rather than one member's (encrypted, corrupt, unsupported), after
    /// which the other members are still read.
    pub fn stops_everything(&self) -> bool {
        !matches!(
            self,
            Unscannable::Encrypted { .. }
                | Unscannable::Corrupt { .. }
                | Unscannable::Unsupported { .. }
        )
    }

    /// Corrupt `what` with a detail.
    pub fn corrupt(what: &str, detail: impl std::fmt::Display) -> Unscannable {
        Unscannable::Corrupt {
            what: what.to_string(),
            detail: detail.to_string(),
        }
    }

    /// Encrypted `what`.
    pub fn encrypted(what: &str) -> Unscannable {
        Unscannable::Encrypted {
            what: what.to_string(),
        }
    }
}
