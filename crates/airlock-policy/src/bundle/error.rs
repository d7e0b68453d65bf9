//! Why a bundle or key list was rejected. Each attack or accident has its own variant and an
//! actionable message; the installed bundle is never touched when one is returned.

use airlock_classifier::RuleErrors;

/// A rejected bundle, key list or key file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BundleError {
    /// The file is bigger than the limit (checked before parsing).
    #[error("bundle is {size} bytes, more than the {limit}-byte limit; refusing to parse it")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Not a bundle file, truncated, or not valid JSON.
    #[error("not a valid bundle file ({0}); was it truncated or corrupted in transit?")]
    Malformed(String),
    /// The envelope carries another payload type.
    #[error("payload type `{found}` where `{expected}` was expected")]
    PayloadType {
        /// Expected.
        expected: &'static str,
        /// Found.
        found: String,
    },
    /// The signed payload is not in canonical encoding.
    #[error("the signed {what} is not in canonical encoding (re-encoding it changes its bytes); rebuild it with `airlock rules build`")]
    NonCanonical {
        /// Bundle or key list.
        what: &'static str,
    },
    /// No signature at all.
    #[error("the {what} carries no signature")]
    Unsigned {
        /// Bundle or key list.
        what: &'static str,
    },
    /// A signature by a key the trusted key list does not hold.
    #[error("signed by unknown key {keyid}: it is not a signing key of key list version {keyset_version}")]
    UnknownKey {
        /// The key id.
        keyid: String,
        /// The key list version consulted.
        keyset_version: u64,
    },
    /// A signature by a revoked key.
    #[error("signed by revoked key {keyid} (revoked in key list version {keyset_version})")]
    RevokedKey {
        /// The key id.
        keyid: String,
        /// The key list version that revoked it.
        keyset_version: u64,
    },
    /// A signature by a key outside its validity window.
    #[error("signing key {keyid} is not valid at {at} (valid {not_before} to {not_after})")]
    KeyNotValid {
        /// The key id.
        keyid: String,
        /// The trusted time.
        at: String,
        /// Start of validity.
        not_before: String,
        /// End of validity.
        not_after: String,
    },
    /// A signature that does not verify (tampered content or a forged signature).
    #[error("bad signature by {keyid}: the content was modified after signing, or the signature is forged")]
    BadSignature {
        /// The key id.
        keyid: String,
    },
    /// Not enough distinct valid signatures.
    #[error("{what} needs {needed} valid signature(s) from distinct {role} keys, has {found}")]
    Threshold {
        /// Bundle or key list.
        what: &'static str,
        /// Which keys.
        role: &'static str,
        /// Needed.
        needed: usize,
        /// Found.
        found: usize,
    },
    /// Older than what is installed.
    #[error("rollback refused: {what} version {offered} is older than the installed version {installed}")]
    Rollback {
        /// Bundle or key list.
        what: &'static str,
        /// Offered version.
        offered: u64,
        /// Installed version.
        installed: u64,
    },
    /// Same version as installed, other content.
    #[error("equivocation: {what} version {version} is already installed with different content (sha256 {installed_sha256}, offered {offered_sha256}); someone is publishing two versions with one number")]
    Equivocation {
        /// Bundle or key list.
        what: &'static str,
        /// The version.
        version: u64,
        /// Installed content hash.
        installed_sha256: String,
        /// Offered content hash.
        offered_sha256: String,
    },
    /// A key list that skips versions.
    #[error("key list version {offered} does not follow the trusted version {installed}; key lists are applied one version at a time")]
    KeysetGap {
        /// Offered.
        offered: u64,
        /// Installed.
        installed: u64,
    },
    /// No key list in the bundle file and none trusted yet.
    #[error("no trusted key list: the bundle file carries none and none is installed")]
    NoKeyset,
    /// A bundle that expired before it was installed.
    #[error("bundle version {version} expired at {expired_at} (trusted time {now}); a new bundle must be fresh")]
    Expired {
        /// Version.
        version: u64,
        /// Expiry.
        expired_at: String,
        /// Trusted time.
        now: String,
    },
    /// A bundle issued in the future (beyond the allowed clock skew).
    #[error(
        "bundle version {version} is issued at {issued_at}, in the future of trusted time {now}"
    )]
    FromTheFuture {
        /// Version.
        version: u64,
        /// Issue time.
        issued_at: String,
        /// Trusted time.
        now: String,
    },
    /// A bundle for another tenant.
    #[error("bundle is for tenant `{found}`, this device belongs to `{expected}`")]
    WrongTenant {
        /// Expected.
        expected: String,
        /// Found.
        found: String,
    },
    /// Unsupported schema.
    #[error("bundle schema {0} is not supported by this agent (supports {SUPPORTED})", SUPPORTED = super::SCHEMA)]
    Schema(u32),
    /// The agent is older than the bundle requires.
    #[error("bundle needs agent version {needed} or newer; this agent is {running}")]
    AgentTooOld {
        /// Needed.
        needed: String,
        /// Running.
        running: String,
    },
    /// The bundle's rules do not compile.
    #[error("bundle rules do not compile:\n{0}")]
    Invalid(RuleErrors),
    /// A key file that cannot be used.
    #[error("key file: {0}")]
    Key(String),
}
