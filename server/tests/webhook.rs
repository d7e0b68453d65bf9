//! The SIEM webhook delivers every stored event as an OCSF Data Security Finding, retrying
//! while the SIEM fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::routing::post;
use axum::Json;
use common::{batch, event_for, Backend};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

async fn siem_receives_ocsf_findings_with_retries(b: Backend) {
    let got: Arc<Mutex<Vec<serde_json::Value>>> = Arc::default();
    let calls = Arc::new(AtomicUsize::new(0));
    let (g, c) = (got.clone(), calls.clone());
    let app = axum::Router::new().route(
        "/siem",
        post(move |Json(v): Json<serde_json::Value>| {
            let (g, c) = (g.clone(), c.clone());
            async move {
                // The SIEM is down for the first two deliveries.
                if c.fetch_add(1, Ordering::SeqCst) < 2 {
                    return axum::http::StatusCode::INTERNAL_SERVER_ERROR;
                }
                g.lock().unwrap().push(v);
                axum::http::StatusCode::OK
            }
        }),
    );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let siem = format!("http://{}/siem", l.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(l, app).await });
    let h = common::start_with(b, |c| c.webhook_url = Some(siem)).await;
    let client = h.client("m-1").await;
    let events: Vec<_> = (1..=3)
        .map(|i| event_for(&format!("key {}", common::aws_key(i)), i))
        .collect();
    client.upload(&batch("q", events)).await.unwrap();
    let t = Instant::now();
    while got.lock().unwrap().len() < 3 {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "only {} delivered",
            got.lock().unwrap().len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        calls.load(Ordering::SeqCst) >= 5,
        "failed deliveries were retried"
    );
    let got = got.lock().unwrap().clone();
    for f in got.iter() {
        assert_eq!(f["class_uid"], 2006);
        assert_eq!(f["type_uid"], 200601);
        assert_eq!(f["action"], "Denied");
        assert_eq!(f["severity_id"], 4, "Restricted data is high severity");
        assert!(f["metadata"]["uid"].as_str().is_some());
        assert!(f["data_security"]["pattern_match"]
            .as_str()
            .unwrap()
            .contains("aws_access_key_id"));
        assert!(
            !f.to_string().contains("AKIAZ7QX3PLM"),
            "no content in findings"
        );
    }
    assert_eq!(airlock_server::webhook::backlog(h.db()).await.unwrap(), 0);
}
both!(webhook, siem_receives_ocsf_findings_with_retries);
