//! Ed25519 keys and their files. A key id is `ed25519:` + hex SHA-256 of the 32-byte public
//! key. Secret key files are JSON written with 0600 permissions by the CLI; public key files
//! hold only the public half and are what devices pin (root keys) or key lists name
//! (signing keys).

use super::error::BundleError;
use crate::tuning::encode_hex;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The key id of a public key.
pub fn keyid_of(key: &VerifyingKey) -> String {
    format!("ed25519:{}", encode_hex(&Sha256::digest(key.as_bytes())))
}

/// A public key with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// `ed25519:<hex sha256>`.
    pub keyid: String,
    /// The key.
    pub key: VerifyingKey,
}

/// A secret (signing) key with its id.
#[derive(Clone)]
pub struct SecretKey {
    /// `ed25519:<hex sha256>` of the public half.
    pub keyid: String,
    pub(crate) key: SigningKey,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretKey")
            .field("keyid", &self.keyid)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    #[serde(rename = "type")]
    kind: String,
    keyid: String,
    public_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secret_key: Option<String>,
}

const SECRET_TYPE: &str = "airlock.secret-key";
const PUBLIC_TYPE: &str = "airlock.public-key";

impl SecretKey {
    /// A fresh random key from the operating system's generator.
    pub fn generate() -> SecretKey {
        let key = SigningKey::generate(&mut rand::rngs::OsRng);
        SecretKey {
            keyid: keyid_of(&key.verifying_key()),
            key,
        }
    }

    /// A key from 32 seed bytes (tests and fixtures).
    pub fn from_seed(seed: [u8; 32]) -> SecretKey {
        let key = SigningKey::from_bytes(&seed);
        SecretKey {
            keyid: keyid_of(&key.verifying_key()),
            key,
        }
    }

    /// The public half.
    pub fn public(&self) -> PublicKey {
        PublicKey {
            keyid: self.keyid.clone(),
            key: self.key.verifying_key(),
        }
    }

    /// The secret key file's JSON.
    pub fn to_json(&self) -> String {
        let f = KeyFile {
            kind: SECRET_TYPE.into(),
            keyid: self.keyid.clone(),
            public_key: B64.encode(self.key.verifying_key().as_bytes()),
            secret_key: Some(B64.encode(self.key.to_bytes())),
        };
        serde_json::to_string_pretty(&f).unwrap_or_default() + "\n"
    }

    /// Reads a secret key file.
    pub fn from_json(text: &str) -> Result<SecretKey, BundleError> {
        let f: KeyFile = serde_json::from_str(text)
            .map_err(|e| BundleError::Key(format!("not an Airlock key file: {e}")))?;
        if f.kind != SECRET_TYPE {
            return Err(BundleError::Key(format!(
                "this is a `{}` file; a secret key file (`{SECRET_TYPE}`, made by `airlock rules keygen`) is needed",
                f.kind
            )));
        }
        let bytes = f
            .secret_key
            .as_deref()
            .and_then(|s| B64.decode(s).ok())
            .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
            .ok_or_else(|| BundleError::Key("secret_key must be base64 of 32 bytes".into()))?;
        let key = SecretKey::from_seed(bytes);
        if key.keyid != f.keyid || B64.encode(key.key.verifying_key().as_bytes()) != f.public_key {
            return Err(BundleError::Key(format!(
                "key id {} does not match the key (it is {}); the file was edited",
                f.keyid, key.keyid
            )));
        }
        Ok(key)
    }
}

impl PublicKey {
    /// A key from its 32 bytes; weak (small-order) keys are refused.
    pub fn from_bytes(bytes: &[u8]) -> Result<PublicKey, BundleError> {
        let arr = <[u8; 32]>::try_from(bytes).map_err(|_| {
            BundleError::Key(format!("a public key has 32 bytes, not {}", bytes.len()))
        })?;
        let key = VerifyingKey::from_bytes(&arr)
            .map_err(|_| BundleError::Key("not a valid Ed25519 public key".into()))?;
        if key.is_weak() {
            return Err(BundleError::Key(
                "weak (small-order) Ed25519 public key refused".into(),
            ));
        }
        Ok(PublicKey {
            keyid: keyid_of(&key),
            key,
        })
    }

    /// From base64 of the 32 bytes.
    pub fn from_base64(s: &str) -> Result<PublicKey, BundleError> {
        let bytes = B64
            .decode(s)
            .map_err(|e| BundleError::Key(format!("public key is not base64: {e}")))?;
        PublicKey::from_bytes(&bytes)
    }

    /// Base64 of the 32 bytes.
    pub fn to_base64(&self) -> String {
        B64.encode(self.key.as_bytes())
    }

    /// The public key file's JSON.
    pub fn to_json(&self) -> String {
        let f = KeyFile {
            kind: PUBLIC_TYPE.into(),
            keyid: self.keyid.clone(),
            public_key: self.to_base64(),
            secret_key: None,
        };
        serde_json::to_string_pretty(&f).unwrap_or_default() + "\n"
    }

    /// Reads a public key file (or the public half of a secret key file).
    pub fn from_json(text: &str) -> Result<PublicKey, BundleError> {
        let f: KeyFile = serde_json::from_str(text)
            .map_err(|e| BundleError::Key(format!("not an Airlock key file: {e}")))?;
        if f.kind != PUBLIC_TYPE && f.kind != SECRET_TYPE {
            return Err(BundleError::Key(format!(
                "unknown key file type `{}`",
                f.kind
            )));
        }
        let key = PublicKey::from_base64(&f.public_key)?;
        if key.keyid != f.keyid {
            return Err(BundleError::Key(format!(
                "key id {} does not match the key (it is {}); the file was edited",
                f.keyid, key.keyid
            )));
        }
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files_round_trip() {
        let k = SecretKey::from_seed([7; 32]);
        let back = SecretKey::from_json(&k.to_json()).unwrap();
        assert_eq!(back.keyid, k.keyid);
        let p = PublicKey::from_json(&k.public().to_json()).unwrap();
        assert_eq!(p, k.public());
        assert_eq!(PublicKey::from_json(&k.to_json()).unwrap(), k.public());
        assert!(SecretKey::from_json(&k.public().to_json()).is_err());
        assert!(k.keyid.starts_with("ed25519:") && k.keyid.len() == 8 + 64);
        let edited = k.to_json().replace(&k.keyid[10..14], "0000");
        assert!(SecretKey::from_json(&edited).is_err());
    }

    #[test]
    fn weak_keys_are_refused() {
        // The identity point (small order).
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(PublicKey::from_bytes(&identity).is_err());
    }
}
