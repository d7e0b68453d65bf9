//! A real-browser test of the console: a test agent enrolls and waits in a long-poll check-in;
//! Chromium (driven by `tests/console/publish.mjs` with playwright-core) signs in, moves a tool
//! to another tier in the register editor and publishes; the long-poll must return the new
//! bundle within seconds, and the bundle, verified against the server's pinned root, must
//! carry the new tier. Screenshots land in `target/console-screenshots/`.
//!
//! Needs `npm ci --prefix tests/console` and Chromium at /usr/bin/chromium (or `$CHROMIUM`).
//! `AIRLOCK_SKIP_BROWSER=1` skips it (loudly); otherwise a missing piece fails the test.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step should panic

mod common;

use airlock_client::{AgentClient, ClientOptions};
use airlock_policy::bundle::{Outcome, Pins, TrustStore};
use airlock_server::config::Config;
use airlock_wire::{BundleRef, CheckinRequest, Machine, PolicyReport, QueueReport};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const TOOL: &str = "deepseek";
const NEW_TIER: i64 = 2;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the server crate sits in the repository")
        .to_path_buf()
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| {
            if p.is_relative() {
                repo_root().join(p)
            } else {
                p
            }
        })
        .unwrap_or_else(|| repo_root().join("target"));
    target.join("console-screenshots")
}

fn unix_f64() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// Runs a command with a deadline; `(success, stdout, stderr)`.
fn run(mut cmd: Command, limit: Duration) -> (bool, String, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting node (is Node.js installed?)");
    let start = Instant::now();
    loop {
        if let Some(_status) = child.try_wait().expect("waiting for node") {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("reading node's output");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// On a fresh machine, installs what the test needs, saying so: the npm packages of
/// `tests/console` (from its lock file) and, when running as root with apt, Debian's Chromium.
fn provision(root: &Path, chromium: &str) {
    let console = root.join("tests/console");
    if !console.join("node_modules/playwright-core").is_dir() {
        eprintln!("browser test: installing tests/console's npm packages (npm ci)");
        let ok = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&console)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        eprintln!(
            "browser test: npm ci {}",
            if ok { "done" } else { "FAILED" }
        );
    }
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0"))
        .unwrap_or(false);
    if !Path::new(chromium).exists() && root_user && Path::new("/usr/bin/apt-get").exists() {
        eprintln!("browser test: installing Debian's chromium (apt-get)");
        let _ = Command::new("apt-get").args(["update", "-qq"]).status();
        let _ = Command::new("apt-get")
            .args(["install", "-y", "-qq", "chromium"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_from_a_real_browser_reaches_a_long_polling_agent() {
    if std::env::var("AIRLOCK_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("\n**********************************************************************");
        eprintln!("*** SKIPPED: the console's real-browser test (AIRLOCK_SKIP_BROWSER=1) ***");
        eprintln!("**********************************************************************\n");
        return;
    }
    let root = repo_root();
    let script = root.join("tests/console/publish.mjs");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    provision(&root, &chromium);
    assert!(
        root.join("tests/console/node_modules/playwright-core")
            .is_dir(),
        "tests/console/node_modules is missing: run `npm ci --prefix tests/console` first \
         (or set AIRLOCK_SKIP_BROWSER=1 to skip this test)"
    );
    assert!(
        Path::new(&chromium).exists(),
        "no Chromium at {chromium}: install it (`apt-get install -y chromium`) or set CHROMIUM \
         (or set AIRLOCK_SKIP_BROWSER=1 to skip this test)"
    );

    let dir = tempfile::tempdir().unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    let sink = seen.clone();
    let announce = Arc::new(move |m: &str| {
        if let Some(rest) = m.split("with password ").nth(1) {
            *sink.lock().unwrap() = rest.split_whitespace().next().unwrap_or("").to_string();
        }
    });
    let server = airlock_server::start(Config::for_dir(dir.path(), None).unwrap(), announce)
        .await
        .unwrap();
    let password = seen.lock().unwrap().clone();
    let state = server.state.clone();
    let url = server.url();

    // A test agent enrolls and waits for a newer bundle than the current one.
    let (_, secret) = state
        .db
        .create_enroll_secret("browser test", "test")
        .await
        .unwrap();
    let mut agent = AgentClient::new(&url, ClientOptions::default()).unwrap();
    agent
        .enroll(
            &secret,
            Machine {
                machine_id: "browser-test-machine".into(),
                hostname: "browser-test".into(),
                os: "linux".into(),
                os_version: "6.1".into(),
                user: Some("tester".into()),
            },
            "0.1.0",
        )
        .await
        .unwrap();
    // Some fleet activity, so the dashboard has something to show: decisions from real
    // classifications (blocked and continued with a justification), a self-report, a false
    // positive and an AI tool nobody has classified yet.
    let mut events = Vec::new();
    for i in 1..=6u64 {
        events.push(common::event_for(
            &format!("aws key {}", common::aws_key(i)),
            i,
        ));
    }
    let mut warned = common::event_for("mail jane.doe@example.org about the renewal", 7);
    if let airlock_wire::EventKind::Decision {
        outcome,
        justification,
        ..
    } = &mut warned.kind
    {
        *outcome = airlock_wire::Outcome::Justified;
        *justification = Some("customer asked for a summary of the ticket".into());
    }
    events.push(warned);
    let tool = |id: Option<&str>, name: &str, domain: &str| airlock_wire::ToolRef {
        id: id.map(str::to_string),
        name: name.into(),
        tier: id.map(|_| 3),
        domain: Some(domain.into()),
        app: None,
    };
    let base = |seq: u64, kind| airlock_wire::Event {
        event_id: airlock_client::request_id(),
        seq,
        occurred_at: airlock_client::unix_now(),
        policy_version: 1,
        user: Some("tester".into()),
        kind,
    };
    events.push(base(
        8,
        airlock_wire::EventKind::SelfReport {
            tool: tool(Some("chatgpt"), "ChatGPT", "chatgpt.com"),
            data_classes: vec!["Confidential".into()],
            disclosed_at: airlock_client::unix_now() - 3600,
            description: "pasted a contract draft by mistake".into(),
        },
    ));
    events.push(base(
        9,
        airlock_wire::EventKind::FalsePositive {
            tool: None,
            detectors: vec!["email".into()],
            comment: "a public support address".into(),
        },
    ));
    events.push(base(
        10,
        airlock_wire::EventKind::ToolSeen {
            tool: tool(None, "newllm.example", "newllm.example"),
            visits: 4,
        },
    ));
    let r = agent
        .upload(&common::batch("q-browser", events))
        .await
        .unwrap();
    assert!(r
        .results
        .iter()
        .all(|x| x.status == airlock_wire::EventStatus::Created));

    let current = state.db.latest_bundle().await.unwrap().unwrap().0 as u64;
    let poller = agent.clone();
    let long_poll = tokio::spawn(async move {
        let deadline = Instant::now() + Duration::from_secs(180);
        loop {
            let req = CheckinRequest {
                sent_at: airlock_client::unix_now(),
                agent_version: "0.1.0".into(),
                policy: PolicyReport {
                    version: current,
                    ..PolicyReport::default()
                },
                queue: QueueReport::default(),
                health: Default::default(),
                wait_s: 60,
            };
            let r = poller.checkin(&req).await.expect("long-poll check-in");
            if let Some(b) = r.bundle {
                return Ok::<(BundleRef, f64), String>((b, unix_f64()));
            }
            if Instant::now() > deadline {
                return Err("the long-poll never returned a newer bundle".into());
            }
        }
    });
    // Let the check-in reach the server and start waiting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !long_poll.is_finished(),
        "the long-poll answered before anything was published"
    );

    let shots = screenshot_dir();
    std::fs::create_dir_all(&shots).unwrap();
    let mut cmd = Command::new("node");
    cmd.arg(&script)
        .arg(&url)
        .arg("admin")
        .arg(&password)
        .arg(&shots)
        .arg(TOOL)
        .arg(NEW_TIER.to_string())
        .env("CHROMIUM", &chromium)
        .current_dir(root.join("tests/console"));
    let (ok, stdout, stderr) =
        tokio::task::spawn_blocking(move || run(cmd, Duration::from_secs(240)))
            .await
            .unwrap();
    assert!(
        ok,
        "the browser script failed:\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
    );
    let published: i64 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("PUBLISHED "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("the script did not report a version:\n{stdout}\n{stderr}"));
    assert!(
        published > current as i64,
        "published {published}, was {current}"
    );
    for name in ["dashboard.png", "register.png", "publish.png"] {
        let len = std::fs::metadata(shots.join(name))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(len > 1000, "screenshot {name} is missing or empty");
    }

    // The waiting agent got the new version within seconds of its signing.
    let (bundle_ref, returned_at) = tokio::time::timeout(Duration::from_secs(30), long_poll)
        .await
        .expect("the long-poll did not return after the publish")
        .unwrap()
        .unwrap();
    assert_eq!(bundle_ref.version, published as u64);
    let stored = state.db.bundle(Some(published)).await.unwrap().unwrap();
    let lag = returned_at - stored.issued_at as f64;
    assert!(
        lag < 5.0,
        "the long-poll returned {lag:.1} s after the bundle was signed"
    );

    // The bundle verifies against the pinned root and carries the new tier.
    let bytes = agent.fetch_bundle(&bundle_ref).await.unwrap();
    let mut store = TrustStore::new(
        Pins {
            roots: vec![state.signer.root().clone()],
            threshold: 1,
            tenant: Some(state.config.tenant.clone()),
        },
        "0.1.0",
    );
    match store.offer(&bytes, airlock_client::unix_now()).unwrap() {
        Outcome::Installed { .. } => {}
        other => panic!("the bundle was not installed: {other:?}"),
    }
    let installed = store.current().unwrap();
    assert_eq!(installed.payload.version, published as u64);
    let policy = airlock_policy::Policy::compile(&installed.payload.files).unwrap();
    let tool = policy
        .register()
        .get(TOOL)
        .expect("the tool is in the bundle's register");
    assert_eq!(tool.spec.tier, NEW_TIER);
    assert_eq!(i64::from(tool.tier.number()), NEW_TIER);
    server.shutdown().await.unwrap();
}
