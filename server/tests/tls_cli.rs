//! TLS through rustls (a client that trusts the server's CA works; one that does not is
//! refused before sending anything), and administration from the command line against the
//! same data directory: enrollment secrets, console accounts, exports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use airlock_client::{AgentClient, ClientOptions};
use airlock_server::config::Config;
use common::{batch, checkin, event_for, machine};
use std::process::Command;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agents_talk_tls_and_refuse_unknown_certificates() {
    let dir = tempfile::tempdir().unwrap();
    let ck =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .unwrap();
    let cert_pem = ck.cert.pem();
    std::fs::write(dir.path().join("cert.pem"), &cert_pem).unwrap();
    std::fs::write(dir.path().join("key.pem"), ck.signing_key.serialize_pem()).unwrap();
    let mut config = Config::for_dir(&dir.path().join("data"), None).unwrap();
    config.tls = Some((dir.path().join("cert.pem"), dir.path().join("key.pem")));
    let server = airlock_server::start(config, Arc::new(|_: &str| {}))
        .await
        .unwrap();
    let url = server.url();
    assert!(url.starts_with("https://"), "{url}");
    let secret = server
        .state
        .db
        .create_enroll_secret("t", "t")
        .await
        .unwrap()
        .1;
    let opts = ClientOptions {
        ca_pem: Some(cert_pem.into_bytes()),
        ..ClientOptions::default()
    };
    let mut c = AgentClient::new(&url, opts).unwrap();
    c.enroll(&secret, machine("m-tls"), "0.1.0").await.unwrap();
    assert!(c.checkin(&checkin(0, 0)).await.unwrap().bundle.is_some());
    // A client that does not trust this certificate fails at the TLS handshake.
    let mut stranger = AgentClient::new(&url, ClientOptions::default()).unwrap();
    let e = stranger
        .enroll(&secret, machine("m-x"), "0.1.0")
        .await
        .unwrap_err();
    assert!(
        matches!(e, airlock_client::ClientError::Transport(_)),
        "{e}"
    );
    // Plain HTTP to the TLS port does not work either.
    let plain = reqwest::get(url.replace("https://", "http://") + "/healthz").await;
    assert!(plain.map(|r| !r.status().is_success()).unwrap_or(true));
    // The client refuses plain HTTP to a non-loopback host outright.
    assert!(AgentClient::new("http://example.com", ClientOptions::default()).is_err());
    server.shutdown().await.unwrap();
}

fn cli(dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_airlock-server"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn command_line_administration() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // A secret made on the command line enrolls an agent on the running server.
    let (ok, secret, err) = cli(&data, &["enroll-secret", "create", "--label", "laptops"]);
    assert!(ok, "{err}");
    let secret = secret.trim().to_string();
    assert!(secret.starts_with("es_"), "{secret}");
    let (ok, out, err) = cli(&data, &["admin", "add", "carol", "--role", "auditor"]);
    assert!(ok, "{err}");
    assert!(out.trim().len() >= 40, "a generated password is printed");
    let (ok, _, err) = cli(&data, &["admin", "add", "dave", "--role", "root"]);
    assert!(!ok && err.contains("admin"), "{err}");
    let (ok, _, err) = cli(&data, &["admin", "add", "erin", "--role", "admin"]);
    assert!(ok, "{err}");
    let (ok, _, err) = cli(&data, &["admin", "remove", "erin"]);
    assert!(ok, "{err}");
    let (ok, list, _) = cli(&data, &["admin", "list"]);
    assert!(
        ok && list.contains("carol") && !list.contains("erin"),
        "{list}"
    );
    let (ok, _, err) = cli(&data, &["admin", "remove", "erin"]);
    assert!(!ok && err.contains("no active account"), "{err}");
    let server = airlock_server::start(
        Config::for_dir(&data, None).unwrap(),
        Arc::new(|_: &str| {}),
    )
    .await
    .unwrap();
    assert_eq!(
        server
            .state
            .db
            .check_password("carol", out.trim())
            .await
            .unwrap(),
        Some(airlock_server::db::users::Role::Auditor)
    );
    let mut c = AgentClient::new(&server.url(), ClientOptions::default()).unwrap();
    c.enroll(&secret, machine("m-cli"), "0.1.0").await.unwrap();
    c.upload(&batch(
        "q",
        vec![event_for(&format!("key {}", common::aws_key(7)), 1)],
    ))
    .await
    .unwrap();
    server.shutdown().await.unwrap();
    let (ok, csv, err) = cli(&data, &["export", "incidents", "--format", "csv"]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("id,device_id,event_id,kind"), "{csv}");
    assert_eq!(lines.len(), 2);
    assert!(lines[1].contains("aws_access_key_id") && lines[1].contains("block"));
    assert!(!csv.contains("AKIAZ7QX3PLM"), "exports hold no content");
    let (ok, jsonl, _) = cli(&data, &["export", "incidents", "--format", "jsonl"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(v["event"]["kind"], "decision");
    let (ok, list, _) = cli(&data, &["enroll-secret", "list"]);
    assert!(
        ok && list.contains("laptops") && list.contains("1 devices"),
        "{list}"
    );
    let id = list.split('\t').next().unwrap();
    let (ok, _, _) = cli(&data, &["enroll-secret", "revoke", id]);
    assert!(ok);
    let (ok, _, err) = cli(&data, &["enroll-secret", "revoke", "nope"]);
    assert!(!ok && err.contains("no active enrollment secret"), "{err}");
    // Bad configuration is refused with advice.
    let (ok, _, err) = cli(&data, &["--listen", "0.0.0.0:0", "serve"]);
    assert!(!ok && err.contains("--tls-cert"), "{err}");
}
