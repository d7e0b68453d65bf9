//! The signed documents and their canonical encoding: the key list (TUF-lite root-signed list
//! of bundle-signing keys), the bundle payload (a full snapshot of a rules directory with
//! version, issue time and expiry) and the bundle file that carries both envelopes.
//!
//! Canonical encoding: compact JSON as `serde_json` writes these types, object keys in
//! alphabetical order (the field order below), bundle files sorted by path. A verifier re-encodes
//! what it parsed and rejects the payload if the bytes differ, so one content has exactly one
//! signed form and its SHA-256 identifies it (what rollback and equivocation checks compare).

use super::dsse::Envelope;
use super::error::BundleError;
use super::keys::PublicKey;
use crate::files::RuleFile;
use crate::tuning::encode_hex;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Payload type of key lists.
pub const KEYSET_TYPE: &str = "application/vnd.airlock.keyset+json";
/// Payload type of bundles.
pub const BUNDLE_TYPE: &str = "application/vnd.airlock.bundle+json";
/// The bundle file format label.
pub const FILE_FORMAT: &str = "airlock.bundle-file/1";

/// A root key as listed in a key list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootKeyEntry {
    /// Key id.
    pub keyid: String,
    /// Base64 of the public key.
    pub public_key: String,
}

/// A bundle-signing key as listed in a key list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningKeyEntry {
    /// Key id.
    pub keyid: String,
    /// Unix seconds after which the key may not sign.
    pub not_after: u64,
    /// Unix seconds before which the key may not sign.
    pub not_before: u64,
    /// Base64 of the public key.
    pub public_key: String,
}

/// A key list, signed by root keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keyset {
    /// Unix seconds.
    pub issued_at: u64,
    /// Key ids that must never be trusted again.
    pub revoked_keyids: Vec<String>,
    /// The root keys that sign the next key list.
    pub root_keys: Vec<RootKeyEntry>,
    /// How many of them must sign.
    pub root_threshold: u32,
    /// Keys that may sign bundles.
    pub signing_keys: Vec<SigningKeyEntry>,
    /// The tenant.
    pub tenant: String,
    /// Always `airlock.keyset`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Monotonic version, starting at 1.
    pub version: u64,
}

/// The signed content of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundlePayload {
    /// Unix seconds after which the bundle is stale (still enforced).
    pub expires_at: u64,
    /// The rules directory snapshot, sorted by path.
    pub files: Vec<RuleFile>,
    /// Unix seconds.
    pub issued_at: u64,
    /// The oldest agent that can apply it.
    pub min_agent_version: String,
    /// Schema number.
    pub schema: u32,
    /// The tenant.
    pub tenant: String,
    /// Always `airlock.bundle`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Monotonic version.
    pub version: u64,
}

/// A bundle file: the key lists that lead to the signing key (oldest first), then the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleFile {
    /// The signed bundle.
    pub bundle: Envelope,
    /// Always [`FILE_FORMAT`].
    pub format: String,
    /// Signed key lists, oldest first.
    pub keysets: Vec<Envelope>,
}

impl BundleFile {
    /// Parses a bundle file.
    pub fn parse(bytes: &[u8]) -> Result<BundleFile, BundleError> {
        let f: BundleFile =
            serde_json::from_slice(bytes).map_err(|e| BundleError::Malformed(e.to_string()))?;
        if f.format != FILE_FORMAT {
            return Err(BundleError::Malformed(format!(
                "format `{}`, expected `{FILE_FORMAT}`",
                f.format
            )));
        }
        Ok(f)
    }

    /// The file's JSON.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }
}

/// The canonical bytes of a value.
pub fn canonical<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// Parses verified payload bytes and checks they are canonical.
pub(crate) fn parse_canonical<T: Serialize + DeserializeOwned>(
    bytes: &[u8],
    what: &'static str,
) -> Result<T, BundleError> {
    let v: T = serde_json::from_slice(bytes)
        .map_err(|e| BundleError::Malformed(format!("signed {what}: {e}")))?;
    if canonical(&v) != bytes {
        return Err(BundleError::NonCanonical { what });
    }
    Ok(v)
}

/// Hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    encode_hex(&Sha256::digest(bytes))
}

impl Keyset {
    /// Checks internal consistency: key ids match keys, no weak keys, sane threshold and
    /// windows, no duplicates.
    pub fn validate(&self) -> Result<(), BundleError> {
        let bad = |m: String| {
            Err(BundleError::Key(format!(
                "key list version {}: {m}",
                self.version
            )))
        };
        if self.kind != "airlock.keyset" {
            return bad(format!("type `{}`, expected `airlock.keyset`", self.kind));
        }
        if self.version == 0 {
            return bad("versions start at 1".into());
        }
        if self.root_keys.is_empty() {
            return bad("no root keys".into());
        }
        if self.root_threshold == 0 || self.root_threshold as usize > self.root_keys.len() {
            return bad(format!(
                "root_threshold {} must be 1 to {}",
                self.root_threshold,
                self.root_keys.len()
            ));
        }
        let mut ids = std::collections::HashSet::new();
        for (keyid, public_key) in self
            .root_keys
            .iter()
            .map(|k| (&k.keyid, &k.public_key))
            .chain(self.signing_keys.iter().map(|k| (&k.keyid, &k.public_key)))
        {
            let key = PublicKey::from_base64(public_key)?;
            if &key.keyid != keyid {
                return bad(format!(
                    "key id {keyid} does not match its key ({})",
                    key.keyid
                ));
            }
            if !ids.insert(keyid.clone()) {
                return bad(format!("key {keyid} is listed twice"));
            }
        }
        for k in &self.signing_keys {
            if k.not_before >= k.not_after {
                return bad(format!(
                    "signing key {} has an empty validity window",
                    k.keyid
                ));
            }
        }
        Ok(())
    }

    /// The root keys as public keys (validated keys only).
    pub(crate) fn roots(&self) -> Vec<PublicKey> {
        self.root_keys
            .iter()
            .filter_map(|k| PublicKey::from_base64(&k.public_key).ok())
            .collect()
    }
}

impl BundlePayload {
    /// Checks the file list is sorted and unique (part of canonical form).
    pub(crate) fn check_files(&self) -> Result<(), BundleError> {
        if self.kind != "airlock.bundle" {
            return Err(BundleError::Malformed(format!(
                "payload type field `{}`, expected `airlock.bundle`",
                self.kind
            )));
        }
        if self.files.windows(2).any(|w| w[0].path >= w[1].path) {
            return Err(BundleError::NonCanonical { what: "bundle" });
        }
        Ok(())
    }
}
