//! Test harness: a server in-process on SQLite (a temporary data directory) or PostgreSQL (a
//! fresh schema in the `test` database), an enrolled client, events made from real classifier
//! verdicts, and log capture.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use airlock_client::{AgentClient, ClientOptions};
use airlock_inspect::events::{decision_event, tool_ref, Context};
use airlock_policy::bundle::{Outcome as TrustOutcome, Pins, TrustStore};
use airlock_policy::Policy;
use airlock_server::config::Config;
use airlock_server::Running;
use airlock_wire::{
    CheckinRequest, Event, EventBatch, Machine, Outcome, PolicyReport, QueueReport, Source,
};
use std::sync::{Arc, Mutex, OnceLock};

/// Storage backends under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests use.
pub fn pg_base() -> String {
    std::env::var("AIRLOCK_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// Everything the server logged in this test process.
pub fn logs() -> &'static Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let b = buf.clone();
        let _ = tracing_subscriber_init(b);
        buf
    })
}

struct BufWriter(Arc<Mutex<Vec<u8>>>);
impl std::io::Write for BufWriter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn tracing_subscriber_init(
    buf: Arc<Mutex<Vec<u8>>>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || BufWriter(buf.clone()))
        .try_init()
}

/// A running test server.
pub struct Harness {
    pub server: Running,
    pub dir: tempfile::TempDir,
    pub backend: Backend,
    pub db_url: String,
    pub announced: Arc<Mutex<Vec<String>>>,
}

/// A fresh PostgreSQL schema; returns the URL that uses it. Schemas are named `t_<unix
/// time>_<random>`; those left by runs more than an hour old are dropped first.
pub async fn pg_schema() -> String {
    sqlx::any::install_default_drivers();
    let base = pg_base();
    let pool = sqlx::AnyPool::connect(&base).await.unwrap_or_else(|e| {
        panic!("PostgreSQL is not reachable at {base} ({e}): start it (see .ci/run) or set AIRLOCK_TEST_POSTGRES")
    });
    let now = airlock_client::unix_now();
    let old: Vec<(String,)> = sqlx::query_as(
        "SELECT CAST(nspname AS TEXT) FROM pg_namespace WHERE nspname LIKE 't\\_%' OR nspname LIKE 'load\\_%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for (name,) in old {
        let born = name.split('_').nth(1).and_then(|t| t.parse::<u64>().ok());
        if born.is_none_or(|t| t + 3600 < now) {
            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {name} CASCADE"
            )))
            .execute(&pool)
            .await;
        }
    }
    let name = format!("t_{now}_{}", uuid::Uuid::new_v4().simple());
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {name}")))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}options=-c%20search_path%3D{name}")
}

/// Starts a server with `tweak` applied to its configuration.
pub async fn start_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Harness {
    logs();
    let dir = tempfile::tempdir().unwrap();
    let url = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(pg_schema().await),
    };
    let mut config = Config::for_dir(dir.path(), url).unwrap();
    tweak(&mut config);
    let db_url = config.database_url.clone();
    let announced = Arc::new(Mutex::new(Vec::new()));
    let a = announced.clone();
    let server = airlock_server::start(
        config,
        Arc::new(move |m: &str| a.lock().unwrap().push(m.to_string())),
    )
    .await
    .unwrap();
    Harness {
        server,
        dir,
        backend,
        db_url,
        announced,
    }
}

/// Starts a server with the default configuration.
pub async fn start(backend: Backend) -> Harness {
    start_with(backend, |_| {}).await
}

impl Harness {
    pub fn url(&self) -> String {
        self.server.url()
    }

    pub fn db(&self) -> &airlock_server::db::Db {
        &self.server.state.db
    }

    pub async fn secret(&self) -> String {
        self.db()
            .create_enroll_secret("test", "test")
            .await
            .unwrap()
            .1
    }

    /// An enrolled client for machine `machine_id`.
    pub async fn client(&self, machine_id: &str) -> AgentClient {
        let secret = self.secret().await;
        let mut c = AgentClient::new(&self.url(), ClientOptions::default()).unwrap();
        c.enroll(&secret, machine(machine_id), "0.1.0")
            .await
            .unwrap();
        c
    }

    /// Open alerts of one kind.
    pub async fn alerts_of(&self, kind: &str) -> Vec<airlock_server::db::alerts::Alert> {
        let all = self.db().alerts(100).await.unwrap();
        all.into_iter().filter(|a| a.kind == kind).collect()
    }

    /// A trust store pinned like a device of this server.
    pub fn trust(&self) -> TrustStore {
        TrustStore::new(
            Pins {
                roots: vec![self.server.state.signer.root().clone()],
                threshold: 1,
                tenant: Some(self.server.state.config.tenant.clone()),
            },
            "0.1.0",
        )
    }

    /// Publishes the latest revision again (a new version) and tells long-polls.
    pub async fn publish(&self) -> i64 {
        let rev = self.db().revision(None).await.unwrap().unwrap();
        let v = airlock_server::signing::publish(
            self.db(),
            &self.server.state.signer,
            rev.id,
            &rev.files,
            "published",
            "test",
        )
        .await
        .unwrap();
        let (lv, sha) = self.db().latest_bundle().await.unwrap().unwrap();
        assert_eq!(lv, v);
        self.server.state.announce_bundle(v, sha);
        v
    }
}

/// A registered web tool.
pub fn web_tool(id: &str, name: &str, tier: u8, domain: &str) -> airlock_wire::ToolRef {
    airlock_wire::ToolRef {
        id: Some(id.into()),
        name: name.into(),
        tier: Some(tier),
        domain: Some(domain.into()),
        app: None,
    }
}

pub fn machine(id: &str) -> Machine {
    Machine {
        machine_id: id.into(),
        hostname: format!("host-{id}"),
        os: "linux".into(),
        os_version: "12".into(),
        user: Some("alice".into()),
    }
}

pub fn checkin(version: u64, wait_s: u64) -> CheckinRequest {
    CheckinRequest {
        sent_at: airlock_client::unix_now(),
        agent_version: "0.1.0".into(),
        policy: PolicyReport {
            version,
            ..Default::default()
        },
        queue: QueueReport::default(),
        health: Default::default(),
        wait_s,
    }
}

/// Installs the newest bundle like an agent would, returning its version.
pub async fn install(c: &AgentClient, trust: &mut TrustStore) -> u64 {
    let r = c.checkin(&checkin(0, 0)).await.unwrap();
    let b = r.bundle.expect("a bundle is offered to a new device");
    let bytes = c.fetch_bundle(&b).await.unwrap();
    match trust.offer(&bytes, airlock_client::unix_now()).unwrap() {
        TrustOutcome::Installed { .. } => {}
        other => panic!("not installed: {other:?}"),
    }
    b.version
}

/// The default policy.
pub fn policy() -> &'static Policy {
    static P: OnceLock<Policy> = OnceLock::new();
    P.get_or_init(|| Policy::compile(&airlock_rules::default_files()).unwrap())
}

/// An event made from a real classification of `content` pasted into ChatGPT.
pub fn event_for(content: &str, seq: u64) -> Event {
    let p = policy();
    let tool = p.register().get("chatgpt");
    let verdict = p.scan(content.as_bytes());
    let now = airlock_client::unix_now();
    let decision = p.decide(tool, &verdict, now);
    decision_event(
        p,
        &decision,
        Context {
            event_id: uuid::Uuid::new_v4().to_string(),
            seq,
            occurred_at: now,
            policy_version: 1,
            user: Some("alice".into()),
            tool: tool_ref(tool, Some("chatgpt.com"), None),
            outcome: Outcome::Blocked,
            source: Source::Clipboard,
            content_bytes: content.len() as u64,
            file_ext: None,
            justification: None,
        },
    )
}

/// A distinct, well-formed (fake) AWS access key id.
pub fn aws_key(i: u64) -> String {
    const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let tail: String = (0..8)
        .map(|k| B32[((i >> (5 * k)) & 31) as usize] as char)
        .collect();
    format!("AKIAZ7QX3PLM{tail}")
}

pub fn batch(epoch: &str, events: Vec<Event>) -> EventBatch {
    EventBatch {
        request_id: airlock_client::request_id(),
        sent_at: airlock_client::unix_now(),
        queue_epoch: epoch.into(),
        events,
    }
}

/// Runs a test body on both backends.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                super::$body(super::common::Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                super::$body(super::common::Backend::Postgres).await;
            }
        }
    };
}
