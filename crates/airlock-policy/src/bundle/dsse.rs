//! DSSE envelopes (<https://github.com/secure-systems-lab/dsse>): a signature covers
//! `PAE(type, body)`, the exact payload bytes bound to their type, so a signature made for a
//! key list can never be replayed as a bundle. Verify first, then parse only verified bytes.

use super::error::BundleError;
use super::keys::{PublicKey, SecretKey};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// DSSE pre-authentication encoding.
pub fn pae(payload_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + payload_type.len() + 32);
    out.extend_from_slice(
        format!(
            "DSSEv1 {} {} {} ",
            payload_type.len(),
            payload_type,
            body.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(body);
    out
}

/// One signature of an envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeSignature {
    /// The signing key's id.
    pub keyid: String,
    /// Base64 of the 64-byte signature.
    pub sig: String,
}

/// A DSSE envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// The payload's media type.
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    /// Base64 of the payload bytes.
    pub payload: String,
    /// Signatures over `PAE(payloadType, payload)`.
    pub signatures: Vec<EnvelopeSignature>,
}

impl Envelope {
    /// Signs payload bytes with each key.
    pub fn sign(payload_type: &str, body: &[u8], keys: &[&SecretKey]) -> Envelope {
        let msg = pae(payload_type, body);
        Envelope {
            payload_type: payload_type.to_string(),
            payload: B64.encode(body),
            signatures: keys
                .iter()
                .map(|k| EnvelopeSignature {
                    keyid: k.keyid.clone(),
                    sig: B64.encode(k.key.sign(&msg).to_bytes()),
                })
                .collect(),
        }
    }

    /// Checks the type, then verifies signatures against `lookup` (which says whether a key id
    /// is usable, and its key) until `threshold` distinct keys have verified. Returns the
    /// verified payload bytes and the ids of the keys that verified. When the threshold is not met, the first specific problem (an
    /// unknown, revoked or expired key, a bad signature) is returned, else a threshold error.
    pub fn verify(
        &self,
        expected_type: &'static str,
        what: &'static str,
        role: &'static str,
        threshold: usize,
        lookup: &dyn Fn(&str) -> Result<PublicKey, BundleError>,
    ) -> Result<(Vec<u8>, Vec<String>), BundleError> {
        if self.payload_type != expected_type {
            return Err(BundleError::PayloadType {
                expected: expected_type,
                found: self.payload_type.clone(),
            });
        }
        if self.signatures.is_empty() {
            return Err(BundleError::Unsigned { what });
        }
        let body = B64
            .decode(&self.payload)
            .map_err(|e| BundleError::Malformed(format!("payload is not canonical base64: {e}")))?;
        let msg = pae(&self.payload_type, &body);
        let mut good: BTreeSet<String> = BTreeSet::new();
        let mut first_error = None;
        for s in &self.signatures {
            let checked = lookup(&s.keyid).and_then(|key| {
                let bytes = B64
                    .decode(&s.sig)
                    .ok()
                    .and_then(|b| <[u8; 64]>::try_from(b.as_slice()).ok())
                    .ok_or_else(|| BundleError::BadSignature {
                        keyid: s.keyid.clone(),
                    })?;
                key.key
                    .verify_strict(&msg, &Signature::from_bytes(&bytes))
                    .map(|()| key.keyid)
                    .map_err(|_| BundleError::BadSignature {
                        keyid: s.keyid.clone(),
                    })
            });
            match checked {
                Ok(keyid) => {
                    good.insert(keyid);
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if good.len() >= threshold.max(1) {
            return Ok((body, good.into_iter().collect()));
        }
        Err(first_error.unwrap_or(BundleError::Threshold {
            what,
            role,
            needed: threshold.max(1),
            found: good.len(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_matches_the_spec_vector() {
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
        );
    }
}
