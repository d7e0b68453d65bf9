//! Server configuration, from a TOML file, `AIRLOCK_*` environment variables and flags, in
//! that order of precedence (a flag beats the environment, which beats the file). Every
//! setting has a default fit for a small company on one machine.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Settings as given by one source (all optional, merged in precedence order).
#[derive(Debug, Clone, Default, Deserialize, clap::Args)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long)]
    pub listen: Option<SocketAddr>,
    /// Directory for the SQLite database, keys and logs [default: ./airlock-data].
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// PostgreSQL URL (postgres://USER@HOST/DB); SQLite in the data directory when absent.
    #[arg(long)]
    pub database_url: Option<String>,
    /// Tenant name bundles are issued for [default: default].
    #[arg(long)]
    pub tenant: Option<String>,
    /// TLS certificate chain (PEM).
    #[arg(long)]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    #[arg(long)]
    pub tls_key: Option<PathBuf>,
    /// Serve plain HTTP on a non-loopback address because a TLS-terminating proxy is in front.
    #[arg(long)]
    pub behind_proxy: Option<bool>,
    /// Directory of the bundle-signing key and key lists [default: DATA_DIR/keys].
    #[arg(long)]
    pub keys_dir: Option<PathBuf>,
    /// Seconds between agent check-ins [default: 300].
    #[arg(long)]
    pub checkin_interval_s: Option<u64>,
    /// Longest long-poll hold in seconds [default: 60].
    #[arg(long)]
    pub max_wait_s: Option<u64>,
    /// Bundle lifetime in seconds [default: 14 days].
    #[arg(long)]
    pub bundle_lifetime_s: Option<u64>,
    /// Requests per second a device may make on average [default: 2].
    #[arg(long)]
    pub device_rate: Option<f64>,
    /// Burst of requests a device may make [default: 30].
    #[arg(long)]
    pub device_burst: Option<f64>,
    /// Enrollments per second from one address [default: 0.2].
    #[arg(long)]
    pub enroll_rate: Option<f64>,
    /// Burst of enrollments from one address [default: 20].
    #[arg(long)]
    pub enroll_burst: Option<f64>,
    /// Requests handled at once before answering 503 [default: 256].
    #[arg(long)]
    pub max_concurrency: Option<usize>,
    /// Agents waiting in long-polls at once [default: 20000].
    #[arg(long)]
    pub max_waiters: Option<usize>,
    /// SIEM webhook URL receiving OCSF Data Security Findings.
    #[arg(long)]
    pub webhook_url: Option<String>,
    /// A device is flagged silent after this many seconds without check-in [default: 3 intervals + 10 min].
    #[arg(long)]
    pub silent_after_s: Option<u64>,
}

impl Settings {
    fn merge(self, over: Settings) -> Settings {
        Settings {
            listen: over.listen.or(self.listen),
            data_dir: over.data_dir.or(self.data_dir),
            database_url: over.database_url.or(self.database_url),
            tenant: over.tenant.or(self.tenant),
            tls_cert: over.tls_cert.or(self.tls_cert),
            tls_key: over.tls_key.or(self.tls_key),
            behind_proxy: over.behind_proxy.or(self.behind_proxy),
            keys_dir: over.keys_dir.or(self.keys_dir),
            checkin_interval_s: over.checkin_interval_s.or(self.checkin_interval_s),
            max_wait_s: over.max_wait_s.or(self.max_wait_s),
            bundle_lifetime_s: over.bundle_lifetime_s.or(self.bundle_lifetime_s),
            device_rate: over.device_rate.or(self.device_rate),
            device_burst: over.device_burst.or(self.device_burst),
            enroll_rate: over.enroll_rate.or(self.enroll_rate),
            enroll_burst: over.enroll_burst.or(self.enroll_burst),
            max_concurrency: over.max_concurrency.or(self.max_concurrency),
            max_waiters: over.max_waiters.or(self.max_waiters),
            webhook_url: over.webhook_url.or(self.webhook_url),
            silent_after_s: over.silent_after_s.or(self.silent_after_s),
        }
    }

    /// Reads `AIRLOCK_<SETTING>` variables from `env` (a lookup, so tests need not touch the
    /// process environment).
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> Result<Settings> {
        fn get<T: std::str::FromStr>(
            env: &impl Fn(&str) -> Option<String>,
            key: &str,
        ) -> Result<Option<T>>
        where
            T::Err: std::fmt::Display,
        {
            match env(key) {
                None => Ok(None),
                Some(v) if v.is_empty() => Ok(None),
                Some(v) => v
                    .parse::<T>()
                    .map(Some)
                    .map_err(|e| anyhow::anyhow!("environment variable {key}={v:?}: {e}")),
            }
        }
        Ok(Settings {
            listen: get(&env, "AIRLOCK_LISTEN")?,
            data_dir: get(&env, "AIRLOCK_DATA_DIR")?,
            database_url: get(&env, "AIRLOCK_DATABASE_URL")?,
            tenant: get(&env, "AIRLOCK_TENANT")?,
            tls_cert: get(&env, "AIRLOCK_TLS_CERT")?,
            tls_key: get(&env, "AIRLOCK_TLS_KEY")?,
            behind_proxy: get(&env, "AIRLOCK_BEHIND_PROXY")?,
            keys_dir: get(&env, "AIRLOCK_KEYS_DIR")?,
            checkin_interval_s: get(&env, "AIRLOCK_CHECKIN_INTERVAL_S")?,
            max_wait_s: get(&env, "AIRLOCK_MAX_WAIT_S")?,
            bundle_lifetime_s: get(&env, "AIRLOCK_BUNDLE_LIFETIME_S")?,
            device_rate: get(&env, "AIRLOCK_DEVICE_RATE")?,
            device_burst: get(&env, "AIRLOCK_DEVICE_BURST")?,
            enroll_rate: get(&env, "AIRLOCK_ENROLL_RATE")?,
            enroll_burst: get(&env, "AIRLOCK_ENROLL_BURST")?,
            max_concurrency: get(&env, "AIRLOCK_MAX_CONCURRENCY")?,
            max_waiters: get(&env, "AIRLOCK_MAX_WAITERS")?,
            webhook_url: get(&env, "AIRLOCK_WEBHOOK_URL")?,
            silent_after_s: get(&env, "AIRLOCK_SILENT_AFTER_S")?,
        })
    }

    /// Reads a TOML settings file.
    pub fn from_file(path: &Path) -> Result<Settings> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the configuration file {}", path.display()))?;
        toml::from_str(&text)
            .with_context(|| format!("in the configuration file {}", path.display()))
    }
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Listen address.
    pub listen: SocketAddr,
    /// Data directory.
    pub data_dir: PathBuf,
    /// Database URL (SQLite in the data directory by default).
    pub database_url: String,
    /// Tenant.
    pub tenant: String,
    /// TLS certificate and key.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// A TLS-terminating proxy sits in front: client addresses come from `X-Forwarded-For`.
    pub behind_proxy: bool,
    /// Keys directory.
    pub keys_dir: PathBuf,
    /// Check-in interval.
    pub checkin_interval_s: u64,
    /// Longest long-poll.
    pub max_wait_s: u64,
    /// Bundle lifetime.
    pub bundle_lifetime_s: u64,
    /// Per-device rate and burst.
    pub device_rate: (f64, f64),
    /// Per-address enrollment rate and burst.
    pub enroll_rate: (f64, f64),
    /// Global concurrency cap.
    pub max_concurrency: usize,
    /// Long-poll waiters cap.
    pub max_waiters: usize,
    /// SIEM webhook.
    pub webhook_url: Option<String>,
    /// Silence threshold.
    pub silent_after_s: u64,
}

impl Config {
    /// Merges file < environment < flags and applies defaults and checks.
    pub fn resolve(file: Option<Settings>, env: Settings, flags: Settings) -> Result<Config> {
        let s = file.unwrap_or_default().merge(env).merge(flags);
        let data_dir = s.data_dir.unwrap_or_else(|| PathBuf::from("airlock-data"));
        let listen = s
            .listen
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
        let tls = match (s.tls_cert, s.tls_key) {
            (Some(c), Some(k)) => Some((c, k)),
            (None, None) => None,
            _ => bail!("give both --tls-cert and --tls-key, or neither"),
        };
        if tls.is_none() && !listen.ip().is_loopback() && !s.behind_proxy.unwrap_or(false) {
            bail!(
                "refusing to serve plain HTTP on {listen}: agents would send device tokens in the clear. \
                 Give --tls-cert and --tls-key, listen on a loopback address, or pass \
                 --behind-proxy true if a TLS-terminating proxy sits in front"
            );
        }
        let checkin_interval_s = s.checkin_interval_s.unwrap_or(300);
        if !(10..=3600).contains(&checkin_interval_s) {
            bail!("checkin_interval_s must be between 10 and 3600 seconds");
        }
        let bundle_lifetime_s = s.bundle_lifetime_s.unwrap_or(14 * 86_400);
        if !(3_600..=90 * 86_400).contains(&bundle_lifetime_s) {
            bail!("bundle_lifetime_s must be between one hour and 90 days");
        }
        let device_rate = (s.device_rate.unwrap_or(2.0), s.device_burst.unwrap_or(30.0));
        if device_rate.0 <= 0.0 || device_rate.1 < 1.0 {
            bail!("device_rate must be positive and device_burst at least 1");
        }
        if s.enroll_rate.is_some_and(|r| r <= 0.0) || s.enroll_burst.is_some_and(|b| b < 1.0) {
            bail!("enroll_rate must be positive and enroll_burst at least 1");
        }
        Ok(Config {
            listen,
            database_url: s
                .database_url
                .unwrap_or_else(|| crate::db::Db::sqlite_url(&data_dir)),
            keys_dir: s.keys_dir.unwrap_or_else(|| data_dir.join("keys")),
            data_dir,
            tenant: s.tenant.unwrap_or_else(|| "default".into()),
            tls,
            behind_proxy: s.behind_proxy.unwrap_or(false),
            checkin_interval_s,
            max_wait_s: s.max_wait_s.unwrap_or(60).clamp(1, 600),
            bundle_lifetime_s,
            device_rate,
            enroll_rate: (s.enroll_rate.unwrap_or(0.2), s.enroll_burst.unwrap_or(20.0)),
            max_concurrency: s.max_concurrency.unwrap_or(256).max(1),
            max_waiters: s.max_waiters.unwrap_or(20_000),
            webhook_url: s.webhook_url,
            silent_after_s: s.silent_after_s.unwrap_or(3 * checkin_interval_s + 600),
        })
    }

    /// A configuration for tests and tools: SQLite (or `database_url`) in `data_dir`, loopback.
    pub fn for_dir(data_dir: &Path, database_url: Option<String>) -> Result<Config> {
        let flags = Settings {
            data_dir: Some(data_dir.to_path_buf()),
            database_url,
            listen: Some(SocketAddr::from(([127, 0, 0, 1], 0))),
            ..Settings::default()
        };
        Config::resolve(None, Settings::default(), flags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_environment_beat_file() {
        let file: Settings =
            toml::from_str("tenant = \"file\"\ncheckin_interval_s = 100\nmax_wait_s = 5").unwrap();
        let env = Settings::from_env(|k| match k {
            "AIRLOCK_TENANT" => Some("env".into()),
            "AIRLOCK_CHECKIN_INTERVAL_S" => Some("200".into()),
            _ => None,
        })
        .unwrap();
        let flags = Settings {
            tenant: Some("flag".into()),
            ..Settings::default()
        };
        let c = Config::resolve(Some(file), env, flags).unwrap();
        assert_eq!(c.tenant, "flag");
        assert_eq!(c.checkin_interval_s, 200);
        assert_eq!(c.max_wait_s, 5);
    }

    #[test]
    fn plain_http_off_loopback_is_refused_with_advice() {
        let flags = Settings {
            listen: Some("0.0.0.0:8080".parse().unwrap()),
            ..Settings::default()
        };
        let e = Config::resolve(None, Settings::default(), flags.clone()).unwrap_err();
        assert!(e.to_string().contains("--tls-cert"), "{e}");
        let ok = Settings {
            behind_proxy: Some(true),
            ..flags
        };
        assert!(Config::resolve(None, Settings::default(), ok).is_ok());
    }

    #[test]
    fn bad_values_are_named() {
        let e =
            Settings::from_env(|k| (k == "AIRLOCK_LISTEN").then(|| "nowhere".into())).unwrap_err();
        assert!(e.to_string().contains("AIRLOCK_LISTEN"), "{e}");
        let e = toml::from_str::<Settings>("listen_port = 3").unwrap_err();
        assert!(e.to_string().contains("listen_port"), "{e}");
    }
}
