//! The publishing side: building and signing key lists (with root keys) and bundles (with a
//! bundle-signing key). A bundle is compiled before it is signed, so no agent ever receives
//! rules that do not compile, and the signing key must be listed, unrevoked and valid in the
//! key list shipped with it.

use super::dsse::Envelope;
use super::error::BundleError;
use super::format::{
    canonical, BundleFile, BundlePayload, Keyset, RootKeyEntry, SigningKeyEntry, BUNDLE_TYPE,
    FILE_FORMAT, KEYSET_TYPE,
};
use super::keys::{PublicKey, SecretKey};
use super::SCHEMA;
use crate::files::{is_bundle_path, RuleFile};
use crate::policy::Policy;

/// Metadata of a bundle to build.
#[derive(Debug, Clone)]
pub struct BundleMeta {
    /// The tenant.
    pub tenant: String,
    /// Monotonic version.
    pub version: u64,
    /// Unix seconds.
    pub issued_at: u64,
    /// Unix seconds.
    pub expires_at: u64,
    /// Oldest agent able to apply it.
    pub min_agent_version: String,
}

/// A key list to sign.
#[derive(Debug, Clone)]
pub struct KeysetMeta {
    /// The tenant.
    pub tenant: String,
    /// Version (previous + 1; 1 for the first).
    pub version: u64,
    /// Unix seconds.
    pub issued_at: u64,
    /// Root keys of this list (they must sign it, and sign the next).
    pub roots: Vec<PublicKey>,
    /// How many roots must sign.
    pub root_threshold: u32,
    /// Bundle-signing keys with their validity window (Unix seconds).
    pub signing_keys: Vec<(PublicKey, u64, u64)>,
    /// Revoked key ids.
    pub revoked: Vec<String>,
}

/// Builds and signs a key list. `signers` are the root keys signing it: a threshold of the
/// previous list's roots and of this list's roots.
pub fn sign_keyset(meta: &KeysetMeta, signers: &[&SecretKey]) -> Result<Envelope, BundleError> {
    let keyset = Keyset {
        issued_at: meta.issued_at,
        revoked_keyids: meta.revoked.clone(),
        root_keys: meta
            .roots
            .iter()
            .map(|k| RootKeyEntry {
                keyid: k.keyid.clone(),
                public_key: k.to_base64(),
            })
            .collect(),
        root_threshold: meta.root_threshold,
        signing_keys: meta
            .signing_keys
            .iter()
            .map(|(k, nb, na)| SigningKeyEntry {
                keyid: k.keyid.clone(),
                not_after: *na,
                not_before: *nb,
                public_key: k.to_base64(),
            })
            .collect(),
        tenant: meta.tenant.clone(),
        kind: "airlock.keyset".into(),
        version: meta.version,
    };
    keyset.validate()?;
    if let Some(k) = meta
        .signing_keys
        .iter()
        .find(|(k, _, _)| meta.revoked.contains(&k.keyid))
    {
        return Err(BundleError::Key(format!(
            "signing key {} is also listed as revoked",
            k.0.keyid
        )));
    }
    Ok(Envelope::sign(KEYSET_TYPE, &canonical(&keyset), signers))
}

/// Reads the key list out of a signed envelope, without verifying it (for tools that extend
/// a key list; devices always verify).
pub fn read_keyset(env: &Envelope) -> Result<Keyset, BundleError> {
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD
        .decode(&env.payload)
        .map_err(|e| BundleError::Malformed(format!("payload is not base64: {e}")))?;
    super::format::parse_canonical(&body, "key list")
}

/// Compiles the rules directory files, then signs a bundle with `key`. `keysets` are the
/// signed key lists shipped with it (oldest first); the last must list `key` as a valid,
/// unrevoked signing key at `meta.issued_at`. Returns the bundle file bytes and the policy.
pub fn build_bundle(
    files: &[RuleFile],
    meta: &BundleMeta,
    key: &SecretKey,
    keysets: &[Envelope],
) -> Result<(Vec<u8>, Policy), BundleError> {
    let mut files: Vec<RuleFile> = files
        .iter()
        .filter(|f| is_bundle_path(&f.path))
        .cloned()
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let policy = Policy::compile(&files).map_err(BundleError::Invalid)?;
    if meta.expires_at <= meta.issued_at {
        return Err(BundleError::Key(
            "the bundle must expire after it is issued".into(),
        ));
    }
    let last = keysets.last().ok_or(BundleError::NoKeyset)?;
    let ks = read_keyset(last)?;
    if ks.revoked_keyids.contains(&key.keyid) {
        return Err(BundleError::RevokedKey {
            keyid: key.keyid.clone(),
            keyset_version: ks.version,
        });
    }
    match ks.signing_keys.iter().find(|k| k.keyid == key.keyid) {
        None => {
            return Err(BundleError::UnknownKey {
                keyid: key.keyid.clone(),
                keyset_version: ks.version,
            })
        }
        Some(k) if meta.issued_at < k.not_before || meta.issued_at >= k.not_after => {
            return Err(BundleError::KeyNotValid {
                keyid: key.keyid.clone(),
                at: crate::time::rfc3339(meta.issued_at),
                not_before: crate::time::rfc3339(k.not_before),
                not_after: crate::time::rfc3339(k.not_after),
            })
        }
        Some(_) => {}
    }
    let payload = BundlePayload {
        expires_at: meta.expires_at,
        files,
        issued_at: meta.issued_at,
        min_agent_version: meta.min_agent_version.clone(),
        schema: SCHEMA,
        tenant: meta.tenant.clone(),
        kind: "airlock.bundle".into(),
        version: meta.version,
    };
    let body = canonical(&payload);
    if body.len() > super::MAX_BUNDLE_BYTES / 2 {
        return Err(BundleError::TooLarge {
            size: body.len(),
            limit: super::MAX_BUNDLE_BYTES / 2,
        });
    }
    let file = BundleFile {
        bundle: Envelope::sign(BUNDLE_TYPE, &body, &[key]),
        format: FILE_FORMAT.into(),
        keysets: keysets.to_vec(),
    };
    Ok((file.to_bytes(), policy))
}
