//! Signed rule bundles: a full snapshot of a rules directory with a monotonic version, an issue
//! time and an expiry, in a DSSE envelope signed with Ed25519 (strict verification) over its
//! canonical encoding. Two key levels, as in TUF: offline root keys, pinned by the managed
//! configuration, sign versioned key lists naming the bundle-signing keys; a signing key signs
//! bundles, so rotating it needs no re-enrollment.

mod build;
mod dsse;
mod error;
mod format;
mod keys;
mod trust;

pub use build::{build_bundle, read_keyset, sign_keyset, BundleMeta, KeysetMeta};
pub use dsse::{pae, Envelope, EnvelopeSignature};
pub use error::BundleError;
pub use format::{
    canonical, sha256_hex, BundleFile, BundlePayload, Keyset, RootKeyEntry, SigningKeyEntry,
    BUNDLE_TYPE, FILE_FORMAT, KEYSET_TYPE,
};
pub use keys::{keyid_of, PublicKey, SecretKey};
pub use trust::{Installed, Outcome, Pins, Status, TrustStore, TrustedKeyset};

/// The largest bundle file accepted, checked before parsing.
pub const MAX_BUNDLE_BYTES: usize = 4 << 20;
/// How far in the future a bundle's issue time may be (device clock skew).
pub const MAX_CLOCK_SKEW_S: u64 = 300;
/// The bundle schema this build reads and writes.
pub const SCHEMA: u32 = 1;
