//! Privacy canary: known secret values are planted in content that an enrolled test client
//! classifies (with the real classifier and the shipped policy) and reports. None of them may
//! appear in the HTTP traffic (captured by a recording proxy between client and server), the
//! server's database (SQLite file and WAL, or every PostgreSQL table) or its logs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use airlock_client::{AgentClient, ClientOptions};
use common::{batch, checkin, event_for, machine, Backend};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const CANARIES: &[&str] = &[
    "AKIAZ7QX3PLMCANARYQQ",
    "4929 1290 0283 2209",
    "canary.person@example.org",
    "536-22-8730",
    "DE95 3704 0044 0532 0198 76",
    "sk_live_51Hc4nArY0t0k3nQwErTyUiOp1234",
];

/// A TCP proxy that records every byte in both directions.
async fn recording_proxy(
    upstream: std::net::SocketAddr,
) -> (std::net::SocketAddr, Arc<Mutex<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((client, _)) = listener.accept().await else {
                return;
            };
            let Ok(server) = TcpStream::connect(upstream).await else {
                return;
            };
            let (mut cr, mut cw) = client.into_split();
            let (mut sr, mut sw) = server.into_split();
            let (s1, s2) = (s.clone(), s.clone());
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65536];
                while let Ok(n) = cr.read(&mut buf).await {
                    if n == 0 || sw.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                    s1.lock().unwrap().extend_from_slice(&buf[..n]);
                }
                let _ = sw.shutdown().await;
            });
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65536];
                while let Ok(n) = sr.read(&mut buf).await {
                    if n == 0 || cw.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                    s2.lock().unwrap().extend_from_slice(&buf[..n]);
                }
                let _ = cw.shutdown().await;
            });
        }
    });
    (addr, seen)
}

fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for c in CANARIES {
        assert!(!text.contains(c), "canary {c:?} found in {what}");
        let compact: String = c.chars().filter(|ch| !ch.is_whitespace()).collect();
        assert!(
            !text.contains(&compact),
            "canary {compact:?} found in {what}"
        );
    }
}

async fn canaries_never_leave_the_device(b: Backend) {
    // The canaries are not in the shipped rules (detector examples travel in bundles).
    for f in airlock_rules::default_files() {
        assert_clean(&format!("rules/{}", f.path), f.text.as_bytes());
    }
    let h = common::start(b).await;
    let (proxy, seen) = recording_proxy(h.server.addr).await;
    // Plain gzip would hide canaries from a byte search; send uncompressed so the check means
    // something.
    let opts = ClientOptions {
        gzip: false,
        ..ClientOptions::default()
    };
    let mut c = AgentClient::new(&format!("http://{proxy}"), opts).unwrap();
    c.enroll(&h.secret().await, machine("m-canary"), "0.1.0")
        .await
        .unwrap();
    c.checkin(&checkin(0, 0)).await.unwrap();
    let content = format!(
        "Here is the prod config:\naws_access_key_id = {}\ncard: {}\ncontact {} ssn {}\niban {}\nstripe {}\n",
        CANARIES[0], CANARIES[1], CANARIES[2], CANARIES[3], CANARIES[4], CANARIES[5]
    );
    let events: Vec<_> = (1..=3).map(|i| event_for(&content, i)).collect();
    // The classifier found them: the events name several detectors.
    let findings = match &events[0].kind {
        airlock_wire::EventKind::Decision { findings, .. } => findings.clone(),
        _ => unreachable!(),
    };
    assert!(
        findings.len() >= 5,
        "the canaries were classified: {findings:?}"
    );
    let r = c.upload(&batch("q-canary", events)).await.unwrap();
    assert!(r
        .results
        .iter()
        .all(|x| x.status == airlock_wire::EventStatus::Created));
    airlock_server::tasks::flush_checkins(&h.server.state).await;
    assert!(
        !seen.lock().unwrap().is_empty(),
        "the proxy saw the traffic"
    );
    assert_clean("HTTP traffic", &seen.lock().unwrap());
    // Logs of this test process (the server runs in it).
    assert_clean("server logs", &common::logs().lock().unwrap());
    // The database.
    match b {
        Backend::Sqlite => {
            let mut all = Vec::new();
            for f in std::fs::read_dir(h.dir.path()).unwrap() {
                let p = f.unwrap().path();
                if p.is_file() {
                    let bytes = std::fs::read(&p).unwrap();
                    assert_clean(&p.display().to_string(), &bytes);
                    all.extend_from_slice(&bytes);
                }
            }
            assert!(
                String::from_utf8_lossy(&all).contains("credit_card"),
                "the files hold the events"
            );
        }
        Backend::Postgres => {
            let pool = sqlx::AnyPool::connect(&h.db_url).await.unwrap();
            let tables = [
                "events",
                "devices",
                "device_tokens",
                "seen_requests",
                "tool_sightings",
                "alerts",
                "audit_log",
                "access_requests",
                "aup_acks",
                "bundles",
                "rule_revisions",
                "settings",
                "event_notes",
                "webhook_outbox",
                "sessions",
                "admins",
                "enroll_secrets",
            ];
            let mut dump = Vec::new();
            for t in tables {
                let rows: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT CAST(row_to_json(x) AS TEXT) FROM {t} x"
                )))
                .fetch_all(&pool)
                .await
                .unwrap();
                for (r,) in rows {
                    dump.extend_from_slice(r.as_bytes());
                }
            }
            assert!(
                String::from_utf8_lossy(&dump).contains("credit_card"),
                "the dump holds the events"
            );
            assert_clean("the PostgreSQL tables", &dump);
        }
    }
}
both!(canary, canaries_never_leave_the_device);
