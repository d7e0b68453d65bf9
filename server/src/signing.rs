//! Bundle signing on the server: the bundle-signing key (a 0600 file) and the root-signed key
//! lists that list it, kept in the keys directory; publishing (compile, sign, store with the
//! next version); re-signing the current rules before the bundle expires; and accepting
//! bundles IT signed offline with `airlock rules build` (verified against the root before they
//! are stored). The server never stores or serves an unsigned bundle.
//!
//! First start: with no keys directory, the server makes a root key and a signing key, signs
//! key list 1 and says loudly that the root key must move offline (`root.key`); devices pin
//! `root.pub`.

use crate::db::policy::StoredBundle;
use crate::db::{now, Db};
use airlock_policy::bundle::{
    build_bundle, sign_keyset, BundleFile, BundleMeta, Envelope, KeysetMeta, Outcome, Pins,
    PublicKey, SecretKey, TrustStore,
};
use airlock_policy::RuleFile;
use anyhow::{anyhow, bail, Context, Result};
use std::path::{Path, PathBuf};

/// The server's signing material.
#[derive(Clone)]
pub struct Signer {
    key: SecretKey,
    keysets: Vec<Envelope>,
    root: PublicKey,
    tenant: String,
    lifetime_s: u64,
}

/// Writes a file readable by its owner only.
pub fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

fn keyset_paths(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("keyset-") && n.ends_with(".json"))
        })
        .collect();
    v.sort_by_key(|p| {
        p.file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.trim_start_matches("keyset-").parse::<u64>().ok())
            .unwrap_or(u64::MAX)
    });
    Ok(v)
}

impl Signer {
    /// Loads the keys directory, creating first-run keys when it does not exist.
    pub fn load_or_init(dir: &Path, tenant: &str, lifetime_s: u64) -> Result<Signer> {
        if !dir.join("signing.key").exists() {
            init_keys(dir, tenant)?;
        }
        let key_path = dir.join("signing.key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&key_path)
                .with_context(|| format!("reading {}", key_path.display()))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                bail!(
                    "{} is readable by others (mode {:o}): run `chmod 600 {}`",
                    key_path.display(),
                    mode & 0o777,
                    key_path.display()
                );
            }
        }
        let key = SecretKey::from_json(
            &std::fs::read_to_string(&key_path)
                .with_context(|| format!("reading {}", key_path.display()))?,
        )
        .with_context(|| format!("in {}", key_path.display()))?;
        let root_path = dir.join("root.pub");
        let root = PublicKey::from_json(
            &std::fs::read_to_string(&root_path)
                .with_context(|| format!("reading {}", root_path.display()))?,
        )
        .with_context(|| format!("in {}", root_path.display()))?;
        let mut keysets = Vec::new();
        for p in keyset_paths(dir)? {
            let text =
                std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
            let env: Envelope = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a signed key list", p.display()))?;
            keysets.push(env);
        }
        if keysets.is_empty() {
            bail!("no key list (keyset-N.json) in {}", dir.display());
        }
        Ok(Signer {
            key,
            keysets,
            root,
            tenant: tenant.to_string(),
            lifetime_s,
        })
    }

    /// The root public key devices pin.
    pub fn root(&self) -> &PublicKey {
        &self.root
    }

    /// The tenant.
    pub fn tenant(&self) -> &str {
        &self.tenant
    }

    /// Compiles and signs `files` as bundle `version`.
    pub fn sign(&self, files: &[RuleFile], version: u64) -> Result<(Vec<u8>, u64, u64)> {
        let issued_at = now();
        let expires_at = issued_at + self.lifetime_s;
        let meta = BundleMeta {
            tenant: self.tenant.clone(),
            version,
            issued_at,
            expires_at,
            min_agent_version: "0.1.0".into(),
        };
        let (bytes, _) = build_bundle(files, &meta, &self.key, &self.keysets)?;
        Ok((bytes, issued_at, expires_at))
    }

    /// Verifies a bundle file against this server's root (as a device would) and returns its
    /// `(version, sha256, issued_at, expires_at, files)`.
    pub fn verify(&self, bytes: &[u8]) -> Result<(u64, String, u64, u64, Vec<RuleFile>)> {
        let mut store = TrustStore::new(
            Pins {
                roots: vec![self.root.clone()],
                threshold: 1,
                tenant: Some(self.tenant.clone()),
            },
            env!("CARGO_PKG_VERSION"),
        );
        match store.offer(bytes, now())? {
            Outcome::Installed { .. } => {}
            other => bail!("the bundle was not accepted: {other:?}"),
        }
        let cur = store
            .current()
            .ok_or_else(|| anyhow!("the bundle was not installed"))?;
        Ok((
            cur.payload.version,
            cur.sha256.clone(),
            cur.payload.issued_at,
            cur.payload.expires_at,
            cur.payload.files.clone(),
        ))
    }
}

fn init_keys(dir: &Path, tenant: &str) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("restricting {}", dir.display()))?;
    }
    let root = SecretKey::generate();
    let signing = SecretKey::generate();
    let t = now();
    let env = sign_keyset(
        &KeysetMeta {
            tenant: tenant.to_string(),
            version: 1,
            issued_at: t,
            roots: vec![root.public()],
            root_threshold: 1,
            signing_keys: vec![(
                signing.public(),
                t.saturating_sub(300),
                t + 2 * 365 * 86_400,
            )],
            revoked: vec![],
        },
        &[&root],
    )?;
    write_private(&dir.join("root.key"), &root.to_json())?;
    std::fs::write(dir.join("root.pub"), root.public().to_json())
        .with_context(|| format!("writing {}", dir.join("root.pub").display()))?;
    write_private(&dir.join("signing.key"), &signing.to_json())?;
    let text = serde_json::to_string_pretty(&env).context("encoding the key list")?;
    std::fs::write(dir.join("keyset-1.json"), text)
        .with_context(|| format!("writing {}", dir.join("keyset-1.json").display()))?;
    tracing::warn!(
        keys_dir = %dir.display(),
        "first start: made a root key (root.key), a bundle-signing key (signing.key) and key list 1. \
         Move root.key to an offline machine; pin root.pub on devices (PolicyRootKeys)"
    );
    Ok(())
}

/// Signs and stores `files` as the next bundle version; returns the version.
pub async fn publish(
    db: &Db,
    signer: &Signer,
    revision: i64,
    files: &[RuleFile],
    origin: &str,
    by: &str,
) -> Result<i64> {
    for _ in 0..5 {
        let version = db.next_bundle_version().await?;
        // Compiling and signing take a CPU for a while: off the request threads.
        let (s, f) = (signer.clone(), files.to_vec());
        let (bytes, issued_at, expires_at, sha256) =
            tokio::task::spawn_blocking(move || -> Result<_> {
                let (bytes, issued_at, expires_at) = s.sign(&f, version as u64)?;
                let (_, sha256, ..) = s
                    .verify(&bytes)
                    .context("verifying the bundle just signed")?;
                Ok((bytes, issued_at, expires_at, sha256))
            })
            .await
            .context("the signing task failed")??;
        let stored = StoredBundle {
            version,
            revision,
            sha256,
            file: String::from_utf8(bytes).context("the bundle file is not UTF-8")?,
            issued_at: issued_at as i64,
            expires_at: expires_at as i64,
            origin: origin.to_string(),
            created_by: by.to_string(),
        };
        if db.store_bundle(&stored).await? {
            tracing::info!(version, revision, origin, "bundle published");
            return Ok(version);
        }
        // Another replica took this version: sign again with the next one.
    }
    bail!("could not store a new bundle version: too many concurrent publishers")
}

/// Stores a bundle IT signed offline, after verifying it against the root.
pub async fn upload(db: &Db, signer: &Signer, bytes: &[u8], by: &str) -> Result<i64> {
    BundleFile::parse(bytes)?;
    let (s, b) = (signer.clone(), bytes.to_vec());
    let (version, sha256, issued_at, expires_at, files) =
        tokio::task::spawn_blocking(move || s.verify(&b))
            .await
            .context("the verification task failed")??;
    let latest = db.latest_bundle().await?.map_or(0, |(v, _)| v);
    if version as i64 <= latest {
        bail!("the bundle's version {version} is not newer than the current version {latest}: agents would refuse it as a rollback");
    }
    let revision = db
        .save_revision(&files, by, &format!("uploaded bundle {version}"))
        .await?;
    let stored = StoredBundle {
        version: version as i64,
        revision,
        sha256,
        file: String::from_utf8(bytes.to_vec()).context("the bundle file is not UTF-8")?,
        issued_at: issued_at as i64,
        expires_at: expires_at as i64,
        origin: "uploaded".into(),
        created_by: by.to_string(),
    };
    if !db.store_bundle(&stored).await? {
        bail!("bundle version {version} already exists");
    }
    Ok(version as i64)
}

/// Makes sure a first revision (the shipped rules) and a signed bundle exist.
pub async fn ensure_bundle(db: &Db, signer: &Signer) -> Result<()> {
    let rev = match db.revision(None).await? {
        Some(r) => r,
        None => {
            let files = airlock_rules::default_files();
            let id = db.save_revision(&files, "airlock", "shipped rules").await?;
            db.revision(Some(id))
                .await?
                .ok_or_else(|| anyhow!("revision {id} vanished"))?
        }
    };
    if db.latest_bundle().await?.is_none() {
        publish(db, signer, rev.id, &rev.files, "published", "airlock").await?;
    }
    Ok(())
}

/// Re-signs the newest bundle's rules when, at time `at`, it expires within half its
/// lifetime. Returns the new version if it did.
pub async fn resign_if_due(db: &Db, signer: &Signer, at: u64) -> Result<Option<i64>> {
    let Some(b) = db.bundle(None).await? else {
        return Ok(None);
    };
    let remaining = b.expires_at - at as i64;
    if remaining > (signer.lifetime_s / 2) as i64 {
        return Ok(None);
    }
    let files = db
        .revision(Some(b.revision))
        .await?
        .map(|r| r.files)
        .ok_or_else(|| {
            anyhow!(
                "bundle {} names a missing revision {}",
                b.version,
                b.revision
            )
        })?;
    let v = publish(db, signer, b.revision, &files, "resigned", "airlock").await?;
    Ok(Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_start_makes_keys_that_sign_verifiable_bundles() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let s = Signer::load_or_init(&keys, "acme", 86_400).unwrap();
        for f in ["root.key", "root.pub", "signing.key", "keyset-1.json"] {
            assert!(keys.join(f).is_file(), "{f}");
        }
        let (bytes, issued, expires) = s.sign(&airlock_rules::default_files(), 1).unwrap();
        assert_eq!(expires - issued, 86_400);
        let (v, sha, ..) = s.verify(&bytes).unwrap();
        assert_eq!((v, sha.len()), (1, 64));
        // Loading again uses the same keys.
        let again = Signer::load_or_init(&keys, "acme", 86_400).unwrap();
        assert_eq!(again.root().keyid, s.root().keyid);
        // Another tenant's server refuses the bundle.
        let other = Signer::load_or_init(&keys, "other", 86_400).unwrap();
        assert!(other.verify(&bytes).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_signing_key_readable_by_others_is_refused_with_advice() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        Signer::load_or_init(&keys, "acme", 86_400).unwrap();
        let key = keys.join("signing.key");
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = Signer::load_or_init(&keys, "acme", 86_400).err().unwrap();
        assert!(e.to_string().contains("chmod 600"), "{e}");
    }
}
