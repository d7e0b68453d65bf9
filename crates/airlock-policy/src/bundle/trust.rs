//! The device side of bundles: pinned root keys, the trusted key list, the installed bundle and
//! a trusted clock floor. `offer` applies the acceptance algorithm in order and either installs
//! a bundle or changes nothing: bad signature, unknown or revoked key, rollback, equivocation,
//! expiry, rules that do not compile all leave the last good bundle in force.
//!
//! An installed bundle that expires stays in force (never fail open); `status` reports it stale.

use super::dsse::Envelope;
use super::error::BundleError;
use super::format::{
    parse_canonical, sha256_hex, BundleFile, BundlePayload, Keyset, BUNDLE_TYPE, KEYSET_TYPE,
};
use super::keys::PublicKey;
use super::{MAX_BUNDLE_BYTES, MAX_CLOCK_SKEW_S, SCHEMA};
use crate::files::is_bundle_path;
use crate::policy::Policy;
use crate::time::rfc3339;
use std::sync::Arc;

/// What the managed configuration pins.
#[derive(Debug, Clone)]
pub struct Pins {
    /// The offline root keys.
    pub roots: Vec<PublicKey>,
    /// How many of them must sign the first key list.
    pub threshold: usize,
    /// The tenant bundles must be for (`None`: any).
    pub tenant: Option<String>,
}

/// A verified key list.
#[derive(Debug, Clone)]
pub struct TrustedKeyset {
    /// Its content.
    pub keyset: Keyset,
    /// SHA-256 of its payload.
    pub sha256: String,
}

/// The bundle in force.
#[derive(Debug, Clone)]
pub struct Installed {
    /// The signed payload's metadata and files.
    pub payload: Arc<BundlePayload>,
    /// SHA-256 of the signed payload bytes.
    pub sha256: String,
    /// The bundle file as received (what an agent stores to re-verify at start).
    pub file: Arc<Vec<u8>>,
    /// The compiled policy.
    pub policy: Arc<Policy>,
    /// The key id that signed it.
    pub signer: String,
}

/// What `offer` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new bundle is in force.
    Installed {
        /// Its version.
        version: u64,
    },
    /// The same bundle was already in force.
    Unchanged {
        /// Its version.
        version: u64,
    },
}

/// Freshness of what is in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// No bundle yet: the agent runs its built-in fail-safe policy.
    NoBundle,
    /// In force and not expired.
    Fresh {
        /// Version.
        version: u64,
        /// Expiry (Unix seconds).
        expires_at: u64,
    },
    /// In force but expired: still enforced, and the agent reports itself stale.
    Stale {
        /// Version.
        version: u64,
        /// When it expired (Unix seconds).
        expired_at: u64,
    },
}

/// Trust state of one device.
#[derive(Debug, Clone)]
pub struct TrustStore {
    pins: Pins,
    agent_version: String,
    keyset: Option<TrustedKeyset>,
    installed: Option<Installed>,
    time_floor: u64,
}

impl TrustStore {
    /// A store with nothing trusted beyond the pinned roots.
    pub fn new(pins: Pins, agent_version: &str) -> TrustStore {
        TrustStore {
            pins,
            agent_version: agent_version.to_string(),
            keyset: None,
            installed: None,
            time_floor: 0,
        }
    }

    /// The bundle in force.
    pub fn current(&self) -> Option<&Installed> {
        self.installed.as_ref()
    }

    /// The trusted key list.
    pub fn keyset(&self) -> Option<&TrustedKeyset> {
        self.keyset.as_ref()
    }

    /// The trusted time at `now`: never earlier than any time already seen (a device clock set
    /// back does not revive expired bundles).
    pub fn trusted_now(&self, now: u64) -> u64 {
        let issued = self.installed.as_ref().map_or(0, |i| i.payload.issued_at);
        now.max(self.time_floor).max(issued)
    }

    /// The trusted clock floor (persist it with the bundle).
    pub fn time_floor(&self) -> u64 {
        self.time_floor
    }

    /// Raises the trusted clock floor (e.g. from a server's `Date`, or a persisted floor).
    pub fn observe_time(&mut self, t: u64) {
        self.time_floor = self.time_floor.max(t);
    }

    /// Freshness of what is in force.
    pub fn status(&self, now: u64) -> Status {
        match &self.installed {
            None => Status::NoBundle,
            Some(i) if i.payload.expires_at <= self.trusted_now(now) => Status::Stale {
                version: i.payload.version,
                expired_at: i.payload.expires_at,
            },
            Some(i) => Status::Fresh {
                version: i.payload.version,
                expires_at: i.payload.expires_at,
            },
        }
    }

    /// Verifies a newly received bundle file and installs it; on any error nothing changes.
    pub fn offer(&mut self, bytes: &[u8], now: u64) -> Result<Outcome, BundleError> {
        self.accept(bytes, now, false)
    }

    /// Re-verifies a stored bundle file at start. Unlike `offer`, an expired bundle is accepted
    /// (it stays in force and `status` says stale).
    pub fn restore(&mut self, bytes: &[u8], now: u64) -> Result<Outcome, BundleError> {
        self.accept(bytes, now, true)
    }

    fn accept(
        &mut self,
        bytes: &[u8],
        now: u64,
        allow_expired: bool,
    ) -> Result<Outcome, BundleError> {
        if bytes.len() > MAX_BUNDLE_BYTES {
            return Err(BundleError::TooLarge {
                size: bytes.len(),
                limit: MAX_BUNDLE_BYTES,
            });
        }
        let file = BundleFile::parse(bytes)?;
        let trusted_now = self.trusted_now(now);
        let mut keyset = self.keyset.clone();
        for env in &file.keysets {
            if let Some(next) = self.walk_keyset(keyset.as_ref(), env)? {
                keyset = Some(next);
            }
        }
        let ks = keyset.as_ref().ok_or(BundleError::NoKeyset)?;
        // A restored bundle may have been signed by a key whose window has closed since: its
        // window is checked against the bundle's issue time below, not against now.
        let window_at = (!allow_expired).then_some(trusted_now);
        let (body, signers) =
            file.bundle
                .verify(BUNDLE_TYPE, "bundle", "signing", 1, &|keyid| {
                    signing_key(&ks.keyset, keyid, window_at)
                })?;
        let payload: BundlePayload = parse_canonical(&body, "bundle")?;
        payload.check_files()?;
        let signer = signers.first().cloned().unwrap_or_default();
        // The signing key must have been valid when the bundle was issued.
        signing_key(&ks.keyset, &signer, Some(payload.issued_at))?;
        if payload.tenant != ks.keyset.tenant {
            return Err(BundleError::WrongTenant {
                expected: ks.keyset.tenant.clone(),
                found: payload.tenant.clone(),
            });
        }
        if payload.schema != SCHEMA {
            return Err(BundleError::Schema(payload.schema));
        }
        if let Some(t) = &self.pins.tenant {
            if *t != payload.tenant {
                return Err(BundleError::WrongTenant {
                    expected: t.clone(),
                    found: payload.tenant.clone(),
                });
            }
        }
        let sha256 = sha256_hex(&body);
        // Fast-forward recovery: when the trusted key list revokes (or drops) the key that
        // signed the installed bundle, that bundle's version no longer binds: a stolen key may
        // have published an inflated version, and the root's new key list is the recovery.
        let installed_distrusted = self.installed.as_ref().is_some_and(|cur| {
            ks.keyset.revoked_keyids.contains(&cur.signer)
                || !ks.keyset.signing_keys.iter().any(|k| k.keyid == cur.signer)
        });
        if let Some(cur) = self.installed.as_ref().filter(|_| !installed_distrusted) {
            let installed = cur.payload.version;
            if payload.version < installed {
                return Err(BundleError::Rollback {
                    what: "bundle",
                    offered: payload.version,
                    installed,
                });
            }
            if payload.version == installed {
                if sha256 == cur.sha256 {
                    // The same bundle, perhaps with a newer key list: keep the file that
                    // carries it, so a restart restores the newer key list too.
                    let mut cur = cur.clone();
                    cur.file = Arc::new(bytes.to_vec());
                    self.keyset = keyset;
                    self.installed = Some(cur);
                    return Ok(Outcome::Unchanged { version: installed });
                }
                return Err(BundleError::Equivocation {
                    what: "bundle",
                    version: installed,
                    installed_sha256: cur.sha256.clone(),
                    offered_sha256: sha256,
                });
            }
        }
        if payload.issued_at > trusted_now.saturating_add(MAX_CLOCK_SKEW_S) {
            return Err(BundleError::FromTheFuture {
                version: payload.version,
                issued_at: rfc3339(payload.issued_at),
                now: rfc3339(trusted_now),
            });
        }
        if !allow_expired && payload.expires_at <= trusted_now {
            return Err(BundleError::Expired {
                version: payload.version,
                expired_at: rfc3339(payload.expires_at),
                now: rfc3339(trusted_now),
            });
        }
        if version_less(&self.agent_version, &payload.min_agent_version) {
            return Err(BundleError::AgentTooOld {
                needed: payload.min_agent_version.clone(),
                running: self.agent_version.clone(),
            });
        }
        if let Some(f) = payload.files.iter().find(|f| !is_bundle_path(&f.path)) {
            return Err(BundleError::Malformed(format!(
                "unexpected file `{}` in the bundle",
                f.path
            )));
        }
        let policy = Policy::compile(&payload.files).map_err(BundleError::Invalid)?;
        let version = payload.version;
        self.time_floor = self.time_floor.max(payload.issued_at);
        self.keyset = keyset;
        self.installed = Some(Installed {
            payload: Arc::new(payload),
            sha256,
            file: Arc::new(bytes.to_vec()),
            policy: Arc::new(policy),
            signer,
        });
        Ok(Outcome::Installed { version })
    }

    /// Applies one key list on top of `current`: `Ok(None)` when it is older than or equal to
    /// what is trusted, `Ok(Some(next))` when it is the next version, correctly cross-signed.
    fn walk_keyset(
        &self,
        current: Option<&TrustedKeyset>,
        env: &Envelope,
    ) -> Result<Option<TrustedKeyset>, BundleError> {
        // The version decides whether this key list matters at all; trust comes only after
        // its signatures verify.
        let (roots, threshold) = match current {
            Some(c) => (c.keyset.roots(), c.keyset.root_threshold as usize),
            None => (self.pins.roots.clone(), self.pins.threshold),
        };
        let lookup = |keys: &[PublicKey], keyid: &str| {
            keys.iter()
                .find(|k| k.keyid == keyid)
                .cloned()
                .ok_or_else(|| BundleError::UnknownKey {
                    keyid: keyid.to_string(),
                    keyset_version: current.map_or(0, |c| c.keyset.version),
                })
        };
        let unverified = base64_payload(env)?;
        let claimed: Keyset = parse_canonical(&unverified, "key list")?;
        if let Some(c) = current {
            if claimed.version < c.keyset.version {
                return Ok(None);
            }
            if claimed.version == c.keyset.version {
                let sha = sha256_hex(&unverified);
                if sha == c.sha256 {
                    return Ok(None);
                }
                // Only a properly signed second version is equivocation; anything else is a
                // signature problem.
                env.verify(KEYSET_TYPE, "key list", "root", threshold, &|k| {
                    lookup(&roots, k)
                })?;
                return Err(BundleError::Equivocation {
                    what: "key list",
                    version: c.keyset.version,
                    installed_sha256: c.sha256.clone(),
                    offered_sha256: sha,
                });
            }
            if Some(claimed.version) != c.keyset.version.checked_add(1) {
                return Err(BundleError::KeysetGap {
                    offered: claimed.version,
                    installed: c.keyset.version,
                });
            }
        }
        let (body, _) = env.verify(KEYSET_TYPE, "key list", "root", threshold, &|k| {
            lookup(&roots, k)
        })?;
        let keyset: Keyset = parse_canonical(&body, "key list")?;
        keyset.validate()?;
        let expected_tenant = current
            .map(|c| c.keyset.tenant.clone())
            .or_else(|| self.pins.tenant.clone());
        if let Some(t) = &expected_tenant {
            if *t != keyset.tenant {
                return Err(BundleError::WrongTenant {
                    expected: t.clone(),
                    found: keyset.tenant.clone(),
                });
            }
        }
        // Also signed by a threshold of its own roots (root rotation, as in TUF).
        let own = keyset.roots();
        env.verify(
            KEYSET_TYPE,
            "key list",
            "new root",
            keyset.root_threshold as usize,
            &|k| lookup(&own, k),
        )?;
        Ok(Some(TrustedKeyset {
            sha256: sha256_hex(&body),
            keyset,
        }))
    }
}

fn base64_payload(env: &Envelope) -> Result<Vec<u8>, BundleError> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(&env.payload)
        .map_err(|e| BundleError::Malformed(format!("payload is not canonical base64: {e}")))
}

/// The signing key `keyid` of a key list, if not revoked and (when `at` is given) valid at `at`.
fn signing_key(ks: &Keyset, keyid: &str, at: Option<u64>) -> Result<PublicKey, BundleError> {
    if ks.revoked_keyids.iter().any(|r| r == keyid) {
        return Err(BundleError::RevokedKey {
            keyid: keyid.to_string(),
            keyset_version: ks.version,
        });
    }
    let entry = ks
        .signing_keys
        .iter()
        .find(|k| k.keyid == keyid)
        .ok_or_else(|| BundleError::UnknownKey {
            keyid: keyid.to_string(),
            keyset_version: ks.version,
        })?;
    if let Some(now) = at.filter(|&t| t < entry.not_before || t >= entry.not_after) {
        return Err(BundleError::KeyNotValid {
            keyid: keyid.to_string(),
            at: rfc3339(now),
            not_before: rfc3339(entry.not_before),
            not_after: rfc3339(entry.not_after),
        });
    }
    PublicKey::from_base64(&entry.public_key)
}

/// Dotted numeric version comparison (`0.10.0` > `0.9.1`); non-numeric parts compare as 0.
pub(crate) fn version_less(a: &str, b: &str) -> bool {
    let parse = |s: &str| -> Vec<u64> {
        s.split(['.', '-', '+'])
            .take(3)
            .map(|p| p.parse().unwrap_or(0))
            .collect()
    };
    let (mut x, mut y) = (parse(a), parse(b));
    x.resize(3, 0);
    y.resize(3, 0);
    x < y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert!(version_less("0.9.1", "0.10.0"));
        assert!(!version_less("0.1.0", "0.1.0"));
        assert!(version_less("0.1", "0.1.1"));
        assert!(!version_less("1.0.0", "0.99.99"));
    }
}
