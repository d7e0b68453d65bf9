//! Load benchmark: simulated agents against a real `airlock-server` process on loopback, on
//! SQLite and on PostgreSQL. Each simulated device enrolls, then checks in every interval
//! (default 60 s, first check-ins spread over one interval) and uploads a batch of events made
//! from real classifier verdicts every five intervals. Check-ins report the event queue as a
//! real agent does (epoch, last sequence number, pending count), so the server's queue-reset
//! and sequence-gap checks run on every one. Reports requests per second, p50/p99
//! latency per request kind and errors, next to an unloaded baseline measured in the same run;
//! writes `target/load-report.json`. Exits 1 when the target (p99 < 100 ms, zero errors, no
//! queue alert: these agents lose nothing) is missed.
//!
//! `cargo bench -p airlock-server --bench load -- [--devices N] [--interval S] [--duration S]
//! [--backend sqlite|postgres|both]` (defaults: 10000 devices, 60 s, 180 s, both).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use airlock_client::{AgentClient, ClientOptions};
use airlock_inspect::events::{decision_event, tool_ref, Context};
use airlock_policy::Policy;
use airlock_wire::{
    CheckinRequest, Event, EventBatch, Machine, Outcome, PolicyReport, QueueReport, Source,
};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Args {
    devices: usize,
    interval: u64,
    duration: u64,
    backends: Vec<&'static str>,
}

fn args() -> Args {
    let mut a = Args {
        devices: 10_000,
        interval: 60,
        duration: 180,
        backends: vec!["sqlite", "postgres"],
    };
    let v: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < v.len() {
        let next = v.get(i + 1).cloned().unwrap_or_default();
        match v[i].as_str() {
            "--devices" => a.devices = next.parse().unwrap_or(a.devices),
            "--interval" => a.interval = next.parse().unwrap_or(a.interval),
            "--duration" => a.duration = next.parse().unwrap_or(a.duration),
            "--backend" => {
                a.backends = match next.as_str() {
                    "sqlite" => vec!["sqlite"],
                    "postgres" => vec!["postgres"],
                    _ => vec!["sqlite", "postgres"],
                }
            }
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a
}

/// Latencies (microseconds) and errors per request kind.
#[derive(Default)]
struct Stats {
    lat: Mutex<Vec<(u8, u32)>>,
    errors: AtomicU64,
    error_kinds: Mutex<Vec<String>>,
}

impl Stats {
    fn record(&self, kind: u8, start: Instant, ok: Result<(), String>) {
        let us = start.elapsed().as_micros().min(u32::MAX as u128) as u32;
        self.lat.lock().unwrap().push((kind, us));
        if let Err(e) = ok {
            self.errors.fetch_add(1, Ordering::Relaxed);
            let mut k = self.error_kinds.lock().unwrap();
            if k.len() < 5 {
                k.push(e);
            }
        }
    }
}

fn pct(v: &mut [u32], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_unstable();
    let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
    v[i] as f64 / 1000.0
}

fn templates() -> Vec<Event> {
    let policy = Policy::compile(&airlock_rules::default_files()).expect("shipped rules compile");
    let tool = policy.register().get("chatgpt");
    [
        "aws_access_key_id = AKIAZ7QX3PLMLOADTEST",
        "card 4929 1290 0283 2209 for the refund",
        "contact jane.doe@example.org about the renewal",
        "nothing sensitive in this paste at all",
        "ssn 536-22-8730 on file",
    ]
    .iter()
    .map(|text| {
        let verdict = policy.scan(text.as_bytes());
        let d = policy.decide(tool, &verdict, airlock_client::unix_now());
        decision_event(
            &policy,
            &d,
            Context {
                event_id: String::new(),
                seq: 0,
                occurred_at: airlock_client::unix_now(),
                policy_version: 1,
                user: Some("loadtest".into()),
                tool: tool_ref(tool, Some("chatgpt.com"), None),
                outcome: Outcome::Blocked,
                source: Source::Clipboard,
                content_bytes: text.len() as u64,
                file_ext: None,
                justification: None,
            },
        )
    })
    .collect()
}

struct Server {
    child: Child,
    url: String,
    /// The server's database, read at the end for the alerts the run raised.
    db_url: String,
    _dir: tempfile::TempDir,
}

/// Open alerts by kind: a run of well-behaved agents must raise no queue alerts.
async fn alerts(db_url: &str) -> serde_json::Value {
    sqlx::any::install_default_drivers();
    let Ok(pool) = sqlx::AnyPool::connect(db_url).await else {
        return serde_json::json!({"unreadable": true});
    };
    let rows = sqlx::query("SELECT kind, COUNT(*) AS n FROM alerts GROUP BY kind")
        .fetch_all(&pool)
        .await
        .unwrap_or_default();
    let mut out = serde_json::Map::new();
    for r in rows {
        use sqlx::Row;
        let kind: String = r.try_get("kind").unwrap_or_default();
        let n: i64 = r.try_get("n").unwrap_or_default();
        out.insert(kind, n.into());
    }
    out.into()
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn start_server(backend: &str) -> (Server, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let bin = env!("CARGO_BIN_EXE_airlock-server");
    let mut common: Vec<String> = vec![
        "--data-dir".into(),
        dir.path().join("data").display().to_string(),
    ];
    let mut db_url = format!(
        "sqlite://{}",
        dir.path().join("data").join("airlock.db").display()
    );
    if backend == "postgres" {
        sqlx::any::install_default_drivers();
        let base = std::env::var("AIRLOCK_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let schema = format!(
            "load_{}_{}",
            airlock_client::unix_now(),
            uuid::Uuid::new_v4().simple()
        );
        let pool = sqlx::AnyPool::connect(&base)
            .await
            .expect("PostgreSQL is reachable");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
            .execute(&pool)
            .await
            .expect("schema created");
        db_url = format!("{base}?options=-c%20search_path%3D{schema}");
        common.push("--database-url".into());
        common.push(db_url.clone());
    }
    let out = Command::new(bin)
        .args(&common)
        .args(["enroll-secret", "create"])
        .output()
        .expect("airlock-server runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let secret = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let port = free_port();
    let child = Command::new(bin)
        .args(&common)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args([
            "--enroll-rate",
            "100000",
            "--enroll-burst",
            "100000",
            "--max-concurrency",
            "2048",
        ])
        .env("AIRLOCK_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    // Owned at once, so the server process is stopped whatever happens next.
    let server = Server {
        child,
        url: format!("http://127.0.0.1:{port}"),
        db_url,
        _dir: dir,
    };
    let t = Instant::now();
    loop {
        if let Ok(r) = reqwest::get(format!("{}/healthz", server.url)).await {
            if r.status().is_success() {
                break;
            }
        }
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "the server did not come up"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    (server, secret)
}

/// A check-in as a real agent sends it: the bundle version in force and its event queue
/// (epoch, highest sequence number, events not yet acknowledged), so the server's queue checks
/// (reset and gap detection) run as they do in production.
fn report(version: u64, queue: &QueueReport) -> CheckinRequest {
    CheckinRequest {
        sent_at: airlock_client::unix_now(),
        agent_version: "0.1.0".into(),
        policy: PolicyReport {
            version,
            ..Default::default()
        },
        queue: queue.clone(),
        health: Default::default(),
        wait_s: 0,
    }
}

fn machine(i: usize) -> Machine {
    Machine {
        machine_id: format!("load-{i}"),
        hostname: format!("laptop-{i}"),
        os: "linux".into(),
        os_version: "12".into(),
        user: Some(format!("user{i}")),
    }
}

const KINDS: [&str; 3] = ["checkin", "events", "enroll"];

async fn run(backend: &'static str, a: &Args) -> serde_json::Value {
    let (server, secret) = start_server(backend).await;
    let pool: Vec<AgentClient> = (0..256)
        .map(|_| AgentClient::new(&server.url, ClientOptions::default()).expect("client"))
        .collect();
    // Baseline: 50 devices checking in 4 times each, one request at a time, unloaded.
    let mut base = Vec::new();
    for (d, c) in pool.iter().enumerate().take(50) {
        let mut c0 = c.clone();
        c0.enroll(&secret, machine(usize::MAX - d), "0.1.0")
            .await
            .expect("enroll");
        let queue = QueueReport {
            epoch: format!("q-base-{d}"),
            ..Default::default()
        };
        for _ in 0..4 {
            let t = Instant::now();
            c0.checkin(&report(1, &queue)).await.expect("checkin");
            base.push(t.elapsed().as_micros() as u32);
        }
    }
    let (b50, b99) = (pct(&mut base.clone(), 0.5), pct(&mut base, 0.99));
    // Enroll the fleet.
    let t = Instant::now();
    let enrolled: Arc<Mutex<Vec<Option<String>>>> = Arc::new(Mutex::new(vec![None; a.devices]));
    let stats_enroll = Arc::new(Stats::default());
    let sem = Arc::new(tokio::sync::Semaphore::new(64));
    let mut tasks = Vec::new();
    for i in 0..a.devices {
        let mut c = pool[i % pool.len()].clone();
        let (secret, enrolled, st, sem) = (
            secret.clone(),
            enrolled.clone(),
            stats_enroll.clone(),
            sem.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let _p = sem.acquire().await;
            let start = Instant::now();
            let r = c.enroll(&secret, machine(i), "0.1.0").await;
            st.record(2, start, r.as_ref().map(|_| ()).map_err(|e| e.to_string()));
            if let Ok(r) = r {
                enrolled.lock().unwrap()[i] = Some(r.device_token);
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let enroll_s = t.elapsed().as_secs_f64();
    eprintln!(
        "[{backend}] enrolled {} devices in {enroll_s:.1} s",
        a.devices
    );
    // Steady state.
    let templates = Arc::new(templates());
    let stats = Arc::new(Stats::default());
    let start = Instant::now();
    let warmup = Duration::from_secs(a.interval);
    let end = Duration::from_secs(a.duration.max(a.interval + 10));
    let tokens = enrolled.lock().unwrap().clone();
    let mut tasks = Vec::new();
    for (i, tok) in tokens.into_iter().enumerate() {
        let Some(tok) = tok else { continue };
        let c = pool[i % pool.len()].clone().with_token(tok);
        let (st, tpl) = (stats.clone(), templates.clone());
        let interval = a.interval;
        let offset = Duration::from_millis(rand::random::<u64>() % (interval * 1000));
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(offset).await;
            let mut tick = tokio::time::interval(Duration::from_secs(interval));
            let mut n = 0u64;
            let mut queue = QueueReport {
                epoch: format!("q-{i}"),
                ..Default::default()
            };
            loop {
                tick.tick().await;
                if start.elapsed() >= end {
                    break;
                }
                let measured = start.elapsed() >= warmup;
                // Every fifth interval the device makes five decisions: they are queued (the
                // sequence number advances, five are pending) before the check-in, and
                // uploaded after it; later check-ins report none pending.
                let batch_now = n % 5 == (i as u64 % 5);
                let events: Vec<Event> = if batch_now {
                    (0..5)
                        .map(|k| {
                            queue.last_seq += 1;
                            let mut e = tpl[k % tpl.len()].clone();
                            e.event_id = uuid::Uuid::new_v4().to_string();
                            e.seq = queue.last_seq;
                            e
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                queue.pending = events.len() as u64;
                let t = Instant::now();
                let r = c
                    .checkin(&report(1, &queue))
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string());
                if measured {
                    st.record(0, t, r);
                }
                if batch_now {
                    let batch = EventBatch {
                        request_id: airlock_client::request_id(),
                        sent_at: airlock_client::unix_now(),
                        queue_epoch: queue.epoch.clone(),
                        events,
                    };
                    let t = Instant::now();
                    let r = c
                        .upload(&batch)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string());
                    if r.is_ok() {
                        queue.pending = 0;
                    }
                    if measured {
                        st.record(1, t, r);
                    }
                }
                n += 1;
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let measured_s = (end - warmup).as_secs_f64();
    let lat = stats.lat.lock().unwrap().clone();
    let mut all: Vec<u32> = lat.iter().map(|x| x.1).collect();
    let total = all.len();
    let mut per_kind = serde_json::Map::new();
    for (k, name) in KINDS.iter().enumerate().take(2) {
        let mut v: Vec<u32> = lat.iter().filter(|x| x.0 == k as u8).map(|x| x.1).collect();
        per_kind.insert(
            name.to_string(),
            serde_json::json!({"requests": v.len(), "p50_ms": pct(&mut v.clone(), 0.5), "p99_ms": pct(&mut v, 0.99)}),
        );
    }
    let errors = stats.errors.load(Ordering::Relaxed) + stats_enroll.errors.load(Ordering::Relaxed);
    let p99 = pct(&mut all.clone(), 0.99);
    let alerts = alerts(&server.db_url).await;
    let queue_alerts = ["seq_gap", "queue_reset"]
        .iter()
        .filter_map(|k| alerts[k].as_i64())
        .sum::<i64>();
    let out = serde_json::json!({
        "backend": backend,
        "devices": a.devices,
        "interval_s": a.interval,
        "measured_s": measured_s,
        "requests": total,
        "rps": total as f64 / measured_s,
        "p50_ms": pct(&mut all, 0.5),
        "p99_ms": p99,
        "errors": errors,
        "error_samples": *stats.error_kinds.lock().unwrap(),
        "alerts": alerts,
        "by_kind": per_kind,
        "baseline_unloaded": {"p50_ms": b50, "p99_ms": b99},
        "p99_vs_unloaded": if b99 > 0.0 { p99 / b99 } else { 0.0 },
        "enroll_s": enroll_s,
        "target_met": p99 < 100.0 && errors == 0 && queue_alerts == 0,
    });
    drop(server);
    out
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let a = args();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut results = Vec::new();
    for backend in a.backends.clone() {
        let r = rt.block_on(run(backend, &a));
        println!(
            "{:<9} devices {:>6}  {:>7.1} req/s  p50 {:>6.2} ms  p99 {:>7.2} ms  (unloaded p99 {:.2} ms, x{:.1})  errors {}  alerts {}  {}",
            backend,
            r["devices"],
            r["rps"].as_f64().unwrap_or(0.0),
            r["p50_ms"].as_f64().unwrap_or(0.0),
            r["p99_ms"].as_f64().unwrap_or(0.0),
            r["baseline_unloaded"]["p99_ms"].as_f64().unwrap_or(0.0),
            r["p99_vs_unloaded"].as_f64().unwrap_or(0.0),
            r["errors"],
            r["alerts"],
            if r["target_met"] == true { "MET" } else { "NOT MET" }
        );
        println!("          by kind: {}", r["by_kind"]);
        results.push(r);
    }
    let target =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/load-report.json");
    let _ = std::fs::write(
        &target,
        serde_json::to_string_pretty(&results).unwrap_or_default(),
    );
    if results.iter().any(|r| r["target_met"] != true) {
        std::process::exit(1);
    }
}
