//! Airlock's central server: the agent protocol (enroll, check-in with long-poll, signed
//! bundles, events, AUP acknowledgments, access requests), storage on SQLite or PostgreSQL,
//! bundle signing, limits, metrics and the admin console. `docs/protocol.md` documents the
//! protocol; `docs/server.md` running it.

pub mod api;
pub mod config;
pub mod console;
pub mod db;
pub mod export;
pub mod limits;
pub mod metrics;
pub mod secret;
pub mod signing;
pub mod state;
pub mod tasks;
pub mod webhook;

use anyhow::{Context, Result};
use config::Config;
use db::Db;
use state::{AppState, Shared};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// A running server.
pub struct Running {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// Its shared state (tests read the database through it).
    pub state: Shared,
    handle: axum_server::Handle<SocketAddr>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// The base URL (`http://` or `https://`).
    pub fn url(&self) -> String {
        let scheme = if self.state.config.tls.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.addr)
    }

    /// Stops accepting connections and waits for the server to end.
    pub async fn shutdown(self) -> Result<()> {
        self.handle
            .graceful_shutdown(Some(std::time::Duration::from_secs(5)));
        self.task.await.context("the server task failed")??;
        tasks::flush_checkins(&self.state).await;
        Ok(())
    }

    /// Waits until the server ends (for the binary).
    pub async fn wait(self) -> Result<()> {
        self.task.await.context("the server task failed")??;
        Ok(())
    }

    /// A handle to stop it from elsewhere (signals).
    pub fn handle(&self) -> axum_server::Handle<SocketAddr> {
        self.handle.clone()
    }
}

/// A client has this long to send a request's headers (slow-loris); bodies have their own
/// deadline (`api::body`).
fn slow_client_limits(
    b: &mut hyper_util::server::conn::auto::Builder<hyper_util::rt::TokioExecutor>,
) {
    b.http1()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(std::time::Duration::from_secs(20));
}

/// Opens the database of a configuration (for the command-line tools).
pub async fn open_db(config: &Config) -> Result<Db> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating the data directory {}", config.data_dir.display()))?;
    Db::open(&config.database_url).await.with_context(|| {
        format!(
            "opening the database {}",
            db::redact_url(&config.database_url)
        )
    })
}

/// Starts a server: opens and migrates the database, loads or makes the signing keys, makes
/// sure a signed bundle exists, makes the first admin account (announcing its password once),
/// starts the background tasks and listens.
pub async fn start(config: Config, announce: Arc<dyn Fn(&str) + Send + Sync>) -> Result<Running> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let db = open_db(&config).await?;
    let signer =
        signing::Signer::load_or_init(&config.keys_dir, &config.tenant, config.bundle_lifetime_s)
            .context("loading the bundle-signing keys")?;
    signing::ensure_bundle(&db, &signer).await?;
    if db.admin_count().await? == 0 {
        let password = secret::new_token();
        db.put_admin("admin", db::users::Role::Admin, &password)
            .await?;
        announce(&format!(
            "First start: console account `admin` created with password {password}\n\
             (shown once; sign in and add named accounts with `airlock-server admin add`)"
        ));
    }
    let latest = db.latest_bundle().await?.unwrap_or((0, String::new()));
    let (tx, _) = tokio::sync::watch::channel(latest);
    let listener = std::net::TcpListener::bind(config.listen)
        .with_context(|| format!("listening on {}", config.listen))?;
    listener
        .set_nonblocking(true)
        .context("configuring the listener")?;
    let addr = listener
        .local_addr()
        .context("reading the listen address")?;
    let state: Shared = Arc::new(AppState {
        db,
        limits: limits::Limits::new(
            config.device_rate,
            config.enroll_rate,
            config.max_concurrency,
            config.max_waiters,
        ),
        config,
        signer,
        latest: tx,
        metrics: metrics::Metrics::default(),
        checkins: Mutex::new(Default::default()),
        registers: Mutex::new(None),
        announce,
    });
    tasks::spawn(state.clone());
    let app = api::router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let handle = axum_server::Handle::new();
    let task = match &state.config.tls {
        Some((cert, key)) => {
            let tls = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key)
                .await
                .with_context(|| {
                    format!(
                        "loading the TLS certificate {} and key {}",
                        cert.display(),
                        key.display()
                    )
                })?;
            let mut server = axum_server::from_tcp_rustls(listener, tls)
                .context("starting TLS")?
                .handle(handle.clone());
            slow_client_limits(server.http_builder());
            tokio::spawn(async move { server.serve(app).await })
        }
        None => {
            let mut server = axum_server::from_tcp(listener)
                .context("starting the listener")?
                .handle(handle.clone());
            slow_client_limits(server.http_builder());
            tokio::spawn(async move { server.serve(app).await })
        }
    };
    tracing::info!(%addr, tls = state.config.tls.is_some(), "listening");
    Ok(Running {
        addr,
        state,
        handle,
        task,
    })
}
