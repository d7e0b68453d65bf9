//! `airlock rules ...`: check a rules directory, make keys, sign key lists, build and verify
//! signed bundles, compute fingerprints for suppressions, import gitleaks rules.

use crate::rules::{load_policy, read_rules_dir};
use airlock_policy::bundle::{
    build_bundle, read_keyset, sign_keyset, BundleMeta, Envelope, KeysetMeta, Pins, PublicKey,
    SecretKey, Status, TrustStore,
};
use airlock_policy::time::{now, rfc3339};
use airlock_policy::Policy;
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The `[fingerprints] key` of the shipped `rules/policy.toml` (public: deployments replace it).
const SHIPPED_FINGERPRINT_KEY: [u8; 32] = [
    0x38, 0x80, 0x1d, 0xd6, 0x1f, 0x2a, 0xfb, 0x8e, 0x44, 0x2f, 0xa0, 0xa3, 0x05, 0x13, 0x01, 0xc1,
    0x09, 0xb5, 0xd9, 0xd1, 0x06, 0xe1, 0x58, 0xbf, 0x59, 0x70, 0x61, 0x8d, 0xfb, 0xbc, 0x3d, 0x5b,
];

/// The agent version bundles are checked against.
pub const AGENT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// `airlock rules` subcommands.
#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Check a rules directory: every error as `file:line: message`, exit 1 if any.
    Check {
        /// The rules directory (holding policy.toml, detectors/, tools/).
        dir: PathBuf,
    },
    /// Make an Ed25519 key pair: KEY (secret, mode 0600) and KEY.pub; or, with
    /// `--fingerprint-key`, print a fresh key for `[fingerprints] key` in policy.toml.
    Keygen {
        /// Where to write the secret key; the public key goes to the same path plus `.pub`.
        #[arg(short, long, required_unless_present = "fingerprint_key")]
        out: Option<PathBuf>,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        /// Print 32 random bytes as hex for `[fingerprints] key` instead.
        #[arg(long, conflicts_with = "out")]
        fingerprint_key: bool,
    },
    /// Sign a key list (the bundle-signing keys) with the offline root key(s).
    Keys(KeysArgs),
    /// Compile a rules directory and sign it into a bundle.
    Build(BuildArgs),
    /// Verify a bundle against pinned root keys, as an agent would.
    Verify(VerifyArgs),
    /// Print the fingerprint of a value for a suppression (the value is read from stdin).
    Fingerprint {
        /// The detector id.
        #[arg(long)]
        detector: String,
        /// Rules directory whose `[fingerprints] key` to use (default: built-in rules).
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Hash real identifiers (one per line in FILE) into an exact-data-match rule file.
    Edm(EdmArgs),
    /// Convert a gitleaks configuration into an Airlock detector file.
    ///
    /// Recommended: write it into your rules directory beside the built-in detectors
    /// (`-o rules/detectors/gitleaks.toml`), then run `airlock rules check rules`. Imported
    /// detectors defer to built-in ones on overlap, rules that duplicate a built-in detector
    /// are left out (listed as duplicates), and every example is checked in the combined set.
    ImportGitleaks {
        /// The gitleaks TOML file.
        file: PathBuf,
        /// Where to write the detector file.
        #[arg(short, long)]
        out: PathBuf,
        /// The rules directory (or detectors folder) the file will be used beside [default:
        /// the built-in detectors]; the output file itself is left out of it.
        #[arg(long, conflicts_with = "alone")]
        beside: Option<PathBuf>,
        /// Convert for use alone, without other detectors.
        #[arg(long)]
        alone: bool,
    },
}

/// Arguments of `airlock rules edm`.
#[derive(Args, Debug)]
pub struct EdmArgs {
    /// The set's id (the findings' type).
    #[arg(long)]
    id: String,
    /// Human-readable name.
    #[arg(long)]
    name: String,
    /// Category: secret, pii, phi, pci, gov_id, marking, code.
    #[arg(long, default_value = "pii")]
    category: String,
    /// Data class: internal, confidential, restricted.
    #[arg(long, default_value = "confidential")]
    class: String,
    /// Findings are customer data.
    #[arg(long)]
    customer_data: bool,
    /// Candidate pattern: every span it matches in content is hashed and looked up.
    #[arg(long)]
    pattern: String,
    /// Normalization: exact, lowercase, alnum.
    #[arg(long, default_value = "exact")]
    normalize: String,
    /// The values, one per line (never copied into the output).
    values: PathBuf,
    /// Where to write the rule file (e.g. rules/edm/customers.toml).
    #[arg(short, long)]
    out: PathBuf,
}

/// Arguments of `airlock rules keys`.
#[derive(Args, Debug)]
pub struct KeysArgs {
    /// Root secret key(s) listed in the new key list, which sign it.
    #[arg(long = "root", required = true)]
    roots: Vec<PathBuf>,
    /// Extra root secret keys signing it (the previous list's roots, when rotating roots).
    #[arg(long = "sign-with")]
    sign_with: Vec<PathBuf>,
    /// How many root signatures the next key list needs.
    #[arg(long, default_value_t = 1)]
    threshold: u32,
    /// Public key file(s) of bundle-signing keys.
    #[arg(long = "signing-key", required = true)]
    signing_keys: Vec<PathBuf>,
    /// How long the signing keys may sign bundles, from now (e.g. 90d).
    #[arg(long, default_value = "90days")]
    valid_for: humantime::Duration,
    /// Key ids to revoke.
    #[arg(long = "revoke")]
    revoked: Vec<String>,
    /// The previous signed key list: the new one gets its version + 1 and keeps its revocations.
    #[arg(long)]
    previous: Option<PathBuf>,
    /// The tenant (default: the previous list's, else `default`).
    #[arg(long)]
    tenant: Option<String>,
    /// Where to write the signed key list.
    #[arg(short, long)]
    out: PathBuf,
}

/// Arguments of `airlock rules build`.
#[derive(Args, Debug)]
pub struct BuildArgs {
    /// The rules directory.
    dir: PathBuf,
    /// The bundle-signing secret key.
    #[arg(long)]
    key: PathBuf,
    /// Signed key list(s) to ship with the bundle, oldest first; the last must list the key.
    #[arg(long = "keyset", required = true)]
    keysets: Vec<PathBuf>,
    /// Bundle version (default: the current Unix time, which only grows).
    #[arg(long)]
    version: Option<u64>,
    /// How long until the bundle is stale.
    #[arg(long, default_value = "14days")]
    expires_in: humantime::Duration,
    /// Oldest agent version able to apply it.
    #[arg(long, default_value = AGENT_VERSION)]
    min_agent_version: String,
    /// Where to write the bundle.
    #[arg(short, long)]
    out: PathBuf,
}

/// Arguments of `airlock rules verify`.
#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The bundle file.
    bundle: PathBuf,
    /// Pinned root public key file(s).
    #[arg(long = "root", required = true)]
    roots: Vec<PathBuf>,
    /// How many pinned roots must sign the first key list.
    #[arg(long, default_value_t = 1)]
    threshold: usize,
    /// The tenant the bundle must be for.
    #[arg(long)]
    tenant: Option<String>,
    /// A bundle already installed (checks rollback and equivocation against it).
    #[arg(long)]
    installed: Option<PathBuf>,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn secret(path: &Path) -> Result<SecretKey> {
    SecretKey::from_json(&read(path)?).with_context(|| format!("{}", path.display()))
}

fn public(path: &Path) -> Result<PublicKey> {
    PublicKey::from_json(&read(path)?).with_context(|| format!("{}", path.display()))
}

fn envelope(path: &Path) -> Result<Envelope> {
    serde_json::from_str(&read(path)?)
        .with_context(|| format!("{} is not a signed key list", path.display()))
}

/// Writes a file atomically (temporary file + rename), with mode 0600 when `secret`.
fn write_file(path: &Path, bytes: &[u8], secret: bool) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        if secret {
            use std::os::unix::fs::OpenOptionsExt as _;
            opts.mode(0o600);
        }
        let mut f = opts
            .open(&tmp)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::io::Write::write_all(&mut f, bytes)
            .and_then(|()| f.sync_all())
            .with_context(|| format!("cannot write {} (disk full?)", tmp.display()))?;
    }
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot move {} into place", path.display()))
}

/// Runs a `rules` subcommand; returns the exit status.
pub fn run(cmd: &RulesCommand) -> Result<u8> {
    match cmd {
        RulesCommand::Check { dir } => check(dir),
        RulesCommand::Keygen {
            fingerprint_key: true,
            ..
        } => {
            use rand::RngCore as _;
            let mut key = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut key);
            println!(
                "{}",
                key.iter().map(|b| format!("{b:02x}")).collect::<String>()
            );
            Ok(0)
        }
        RulesCommand::Keygen { out, force, .. } => match out {
            Some(out) => keygen(out, *force),
            None => bail!("give -o KEY, or --fingerprint-key"),
        },
        RulesCommand::Keys(a) => keys(a),
        RulesCommand::Build(a) => build(a),
        RulesCommand::Verify(a) => verify(a),
        RulesCommand::Fingerprint { detector, rules } => fingerprint(detector, rules.as_deref()),
        RulesCommand::ImportGitleaks {
            file,
            out,
            beside,
            alone,
        } => crate::import::run(file, out, beside.as_deref(), *alone),
        RulesCommand::Edm(a) => edm(a),
    }
}

fn summary(p: &Policy) -> String {
    format!(
        "{} detectors, {} tools, AUP version {}, {} override(s), {} suppression(s)",
        p.detector_count(),
        p.register().tools().len(),
        p.aup().version,
        p.matrix().overrides().len(),
        p.tuning().suppressions().count()
    )
}

fn check(dir: &Path) -> Result<u8> {
    let files = read_rules_dir(dir)?;
    match Policy::compile(&files) {
        Ok(p) => {
            let failures = crate::examples::check(&p);
            for f in &failures {
                println!("{f}");
            }
            if !failures.is_empty() {
                eprintln!("{}: {} example failure(s)", dir.display(), failures.len());
                return Ok(1);
            }
            if p.tuning().fingerprint_key == Some(SHIPPED_FINGERPRINT_KEY) {
                eprintln!(
                    "{}: warning: policy.toml still has the fingerprint key shipped with Airlock, \
                     which is public; put your own (`airlock rules keygen --fingerprint-key`) \
                     before deploying",
                    dir.join("policy.toml").display()
                );
            }
            println!("{}: OK: {}", dir.display(), summary(&p));
            Ok(0)
        }
        Err(errors) => {
            for e in &errors.0 {
                let path = dir.join(&e.file);
                println!("{}:{}: {}", path.display(), e.line, e.message);
            }
            eprintln!("{}: {} error(s)", dir.display(), errors.0.len());
            Ok(1)
        }
    }
}

fn keygen(out: &Path, force: bool) -> Result<u8> {
    let pub_path = PathBuf::from(format!("{}.pub", out.display()));
    if !force && (out.exists() || pub_path.exists()) {
        bail!(
            "{} or {} exists; pass --force to overwrite",
            out.display(),
            pub_path.display()
        );
    }
    let key = SecretKey::generate();
    write_file(out, key.to_json().as_bytes(), true)?;
    write_file(&pub_path, key.public().to_json().as_bytes(), false)?;
    println!("{}", key.keyid);
    eprintln!(
        "secret key: {} (mode 0600; keep root keys offline)\npublic key: {}",
        out.display(),
        pub_path.display()
    );
    Ok(0)
}

fn keys(a: &KeysArgs) -> Result<u8> {
    let roots: Vec<SecretKey> = a.roots.iter().map(|p| secret(p)).collect::<Result<_>>()?;
    let extra: Vec<SecretKey> = a
        .sign_with
        .iter()
        .map(|p| secret(p))
        .collect::<Result<_>>()?;
    let signing: Vec<PublicKey> = a
        .signing_keys
        .iter()
        .map(|p| public(p))
        .collect::<Result<_>>()?;
    let prev = a.previous.as_deref().map(envelope).transpose()?;
    let prev = prev.as_ref().map(read_keyset).transpose()?;
    let issued_at = now();
    let mut revoked = prev
        .as_ref()
        .map(|k| k.revoked_keyids.clone())
        .unwrap_or_default();
    for r in &a.revoked {
        if !revoked.contains(r) {
            revoked.push(r.clone());
        }
    }
    let meta = KeysetMeta {
        tenant: a
            .tenant
            .clone()
            .or_else(|| prev.as_ref().map(|k| k.tenant.clone()))
            .unwrap_or_else(|| "default".into()),
        version: prev.as_ref().map_or(1, |k| k.version + 1),
        issued_at,
        roots: roots.iter().map(SecretKey::public).collect(),
        root_threshold: a.threshold,
        signing_keys: signing
            .into_iter()
            .map(|k| {
                (
                    k,
                    issued_at.saturating_sub(300),
                    issued_at.saturating_add(a.valid_for.as_secs()),
                )
            })
            .collect(),
        revoked,
    };
    let mut signers: Vec<&SecretKey> = roots.iter().collect();
    signers.extend(extra.iter());
    let env = sign_keyset(&meta, &signers)?;
    let mut json = serde_json::to_vec_pretty(&env)?;
    json.push(b'\n');
    write_file(&a.out, &json, false)?;
    println!(
        "key list version {} written to {}",
        meta.version,
        a.out.display()
    );
    Ok(0)
}

fn build(a: &BuildArgs) -> Result<u8> {
    let key = secret(&a.key)?;
    let keysets: Vec<Envelope> = a
        .keysets
        .iter()
        .map(|p| envelope(p))
        .collect::<Result<_>>()?;
    let tenant = keysets
        .last()
        .map(read_keyset)
        .transpose()?
        .map(|k| k.tenant)
        .unwrap_or_else(|| "default".into());
    let files = read_rules_dir(&a.dir)?;
    let issued_at = now();
    let meta = BundleMeta {
        tenant,
        version: a.version.unwrap_or(issued_at),
        issued_at,
        expires_at: issued_at.saturating_add(a.expires_in.as_secs()),
        min_agent_version: a.min_agent_version.clone(),
    };
    let (bytes, policy) = build_bundle(&files, &meta, &key, &keysets).map_err(|e| match e {
        airlock_policy::bundle::BundleError::Invalid(errors) => {
            let lines: Vec<String> = errors
                .0
                .iter()
                .map(|e| {
                    format!(
                        "{}:{}: {}",
                        a.dir.join(&e.file).display(),
                        e.line,
                        e.message
                    )
                })
                .collect();
            anyhow::anyhow!("{}\nnothing was signed", lines.join("\n"))
        }
        other => anyhow::Error::new(other),
    })?;
    write_file(&a.out, &bytes, false)?;
    println!(
        "bundle version {} for tenant `{}` written to {} ({} bytes): {}; expires {}",
        meta.version,
        meta.tenant,
        a.out.display(),
        bytes.len(),
        summary(&policy),
        rfc3339(meta.expires_at)
    );
    Ok(0)
}

fn verify(a: &VerifyArgs) -> Result<u8> {
    let roots: Vec<PublicKey> = a.roots.iter().map(|p| public(p)).collect::<Result<_>>()?;
    let mut store = TrustStore::new(
        Pins {
            roots,
            threshold: a.threshold,
            tenant: a.tenant.clone(),
        },
        AGENT_VERSION,
    );
    let t = now();
    if let Some(prev) = &a.installed {
        let bytes =
            std::fs::read(prev).with_context(|| format!("cannot read {}", prev.display()))?;
        store
            .restore(&bytes, t)
            .with_context(|| format!("the installed bundle {} does not verify", prev.display()))?;
    }
    let bytes =
        std::fs::read(&a.bundle).with_context(|| format!("cannot read {}", a.bundle.display()))?;
    match store.offer(&bytes, t) {
        Ok(outcome) => {
            let Some(cur) = store.current() else {
                bail!("no bundle installed after verification")
            };
            let p = &cur.payload;
            let state = match store.status(t) {
                Status::Stale { .. } => "STALE",
                _ => "fresh",
            };
            println!(
                "{}: OK ({outcome:?}): version {}, tenant `{}`, issued {}, expires {} ({state}), key list version {}, sha256 {}\n{}",
                a.bundle.display(),
                p.version,
                p.tenant,
                rfc3339(p.issued_at),
                rfc3339(p.expires_at),
                store.keyset().map_or(0, |k| k.keyset.version),
                cur.sha256,
                summary(&cur.policy)
            );
            Ok(0)
        }
        Err(e) => {
            println!("{}: REJECTED: {e}", a.bundle.display());
            Ok(1)
        }
    }
}

fn fingerprint(detector: &str, rules: Option<&Path>) -> Result<u8> {
    let policy = load_policy(rules)?;
    if policy.detector(detector).is_none() {
        bail!("unknown detector `{detector}`");
    }
    let key = policy
        .tuning()
        .fingerprint_key
        .context("the rules have no `[fingerprints] key` in policy.toml")?;
    let mut value = Vec::new();
    std::io::stdin().read_to_end(&mut value)?;
    while value.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        value.pop();
    }
    println!(
        "{}",
        airlock_classifier::fingerprint(&key, detector, &value)
    );
    Ok(0)
}

fn edm(a: &EdmArgs) -> Result<u8> {
    use airlock_classifier::{edm_rule_file, Category, DataClass, EdmSet, Normalize};
    let set = EdmSet {
        id: a.id.clone(),
        name: a.name.clone(),
        category: Category::parse(&a.category)
            .with_context(|| format!("unknown category `{}`", a.category))?,
        class: DataClass::parse(&a.class)
            .with_context(|| format!("unknown class `{}`", a.class))?,
        customer_data: a.customer_data,
        pattern: a.pattern.clone(),
        normalize: Normalize::parse(&a.normalize).with_context(|| {
            format!(
                "unknown normalization `{}` (exact, lowercase, alnum)",
                a.normalize
            )
        })?,
    };
    let text = read(&a.values)?;
    let values: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let file = edm_rule_file(&set, &values).with_context(|| format!("{}", a.values.display()))?;
    write_file(&a.out, file.as_bytes(), false)?;
    println!(
        "{} value(s) hashed into {} (the values are not in it)",
        values.len(),
        a.out.display()
    );
    Ok(0)
}
