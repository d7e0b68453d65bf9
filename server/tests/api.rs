//! Agent API integration tests, each run against SQLite and PostgreSQL: enrollment and tokens,
//! check-in and signed bundles, long-poll, idempotent event storage (also under concurrency),
//! isolation between devices, and refusals of bad input with clear 4xx errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use airlock_client::{AgentClient, ClientOptions};
use airlock_wire::{AccessRequest, AupAck, EventStatus};
use common::{batch, checkin, event_for, install, machine, Backend, Harness};
use std::time::{Duration, Instant};

async fn enroll_checkin_and_verify_bundle(b: Backend) {
    let h = common::start(b).await;
    let c = h.client("m-1").await;
    let mut trust = h.trust();
    let v = install(&c, &mut trust).await;
    assert_eq!(v, 1, "the first bundle is version 1");
    let policy = &trust.current().unwrap().policy;
    assert!(
        policy.register().get("chatgpt").is_some(),
        "the bundle carries the shipped register"
    );
    let r = c.checkin(&checkin(v, 0)).await.unwrap();
    assert!(
        r.bundle.is_none(),
        "a current device is not offered a bundle"
    );
    assert!(
        (270..=330).contains(&r.next_checkin_s),
        "jittered interval: {}",
        r.next_checkin_s
    );
    // The check-in is recorded (buffered, then written).
    airlock_server::tasks::flush_checkins(&h.server.state).await;
    let d = h.db().devices(10).await.unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].policy_version, 1);
    assert_eq!(d[0].hostname, "host-m-1");
}
both!(enroll_checkin, enroll_checkin_and_verify_bundle);

async fn long_poll_wakes_on_publish(b: Backend) {
    let h = common::start(b).await;
    let c = h.client("m-1").await;
    let mut trust = h.trust();
    let v = install(&c, &mut trust).await;
    let c2 = c.clone();
    let started = Instant::now();
    let poll = tokio::spawn(async move { c2.checkin(&checkin(v, 30)).await });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !poll.is_finished(),
        "the long-poll is held while nothing changes"
    );
    let published = Instant::now();
    let nv = h.publish().await;
    let r = poll.await.unwrap().unwrap();
    let b = r.bundle.expect("the long-poll answers with the new bundle");
    assert_eq!(b.version as i64, nv);
    assert!(
        published.elapsed() < Duration::from_secs(3),
        "woke {:?} after publish",
        published.elapsed()
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    let bytes = c.fetch_bundle(&b).await.unwrap();
    trust.offer(&bytes, airlock_client::unix_now()).unwrap();
    assert_eq!(trust.current().unwrap().payload.version, b.version);

    // A bundle published by another replica (written to the database only) also wakes
    // long-polls, through the database watcher.
    let c3 = c.clone();
    let poll = tokio::spawn(async move { c3.checkin(&checkin(b.version, 30)).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rev = h.db().revision(None).await.unwrap().unwrap();
    let other = airlock_server::signing::publish(
        h.db(),
        &h.server.state.signer,
        rev.id,
        &rev.files,
        "published",
        "replica-2",
    )
    .await
    .unwrap();
    let t = Instant::now();
    let r = poll.await.unwrap().unwrap();
    assert_eq!(r.bundle.map(|b| b.version as i64), Some(other));
    assert!(
        t.elapsed() < Duration::from_secs(3),
        "woke {:?} after a publish elsewhere",
        t.elapsed()
    );
}
both!(long_poll, long_poll_wakes_on_publish);

async fn events_are_stored_exactly_once(b: Backend) {
    let h = common::start(b).await;
    let c = h.client("m-1").await;
    let events: Vec<_> = (1..=20)
        .map(|i| event_for(&format!("deploy key {} for job {i}", common::aws_key(i)), i))
        .collect();
    let r = c.upload(&batch("q-1", events.clone())).await.unwrap();
    assert_eq!(r.results.len(), 20);
    assert!(
        r.results.iter().all(|x| x.status == EventStatus::Created),
        "{:?}",
        r.results
    );
    // The same batch again (a retry after a lost answer): all duplicates.
    let r = c.upload(&batch("q-1", events.clone())).await.unwrap();
    assert!(r.results.iter().all(|x| x.status == EventStatus::Duplicate));
    // Concurrently from two connections, new events plus overlap.
    let more: Vec<_> = (21..=60)
        .map(|i| event_for(&format!("payment card 4111 1111 1111 1111 ref {i}"), i))
        .collect();
    let a = AgentClient::new(&h.url(), ClientOptions::default())
        .unwrap()
        .with_token(c.token().unwrap());
    let bcl = AgentClient::new(&h.url(), ClientOptions::default())
        .unwrap()
        .with_token(c.token().unwrap());
    let (m1, m2) = (more.clone(), more.clone());
    let (r1, r2) = tokio::join!(
        async move { a.upload(&batch("q-1", m1)).await },
        async move { bcl.upload(&batch("q-1", m2)).await }
    );
    let (r1, r2) = (r1.unwrap(), r2.unwrap());
    for i in 0..40 {
        let s = [r1.results[i].status, r2.results[i].status];
        assert!(
            s.contains(&EventStatus::Created) && s.contains(&EventStatus::Duplicate),
            "event {i}: exactly one upload creates it: {s:?}"
        );
    }
    assert_eq!(h.db().count_events().await.unwrap(), 60);
    // The events name detectors and counts.
    let stored = h.db().events(&Default::default(), 100, 0).await.unwrap();
    assert!(
        stored
            .iter()
            .any(|e| e.detectors.contains("aws_access_key_id")),
        "detectors are indexed"
    );
    assert!(stored.iter().any(|e| e.detectors.contains("credit_card")));
    assert!(
        stored.iter().all(|e| e.action.as_deref() == Some("block")),
        "Restricted data to a tier-3 tool is blocked"
    );
}
both!(idempotency, events_are_stored_exactly_once);

async fn devices_are_isolated_and_tokens_rotate(b: Backend) {
    let h = common::start(b).await;
    let a = h.client("machine-a").await;
    let bc = h.client("machine-b").await;
    let req = |id: &str| AccessRequest {
        request_id: airlock_client::request_id(),
        sent_at: airlock_client::unix_now(),
        access_id: id.into(),
        user: "alice".into(),
        tool: common::web_tool("deepseek", "DeepSeek", 4, "chat.deepseek.com"),
        data_class: "Internal".into(),
        reason: "evaluating for the research team".into(),
    };
    assert_eq!(
        a.request_access(&req("r-1")).await.unwrap().status,
        EventStatus::Created
    );
    assert_eq!(
        a.request_access(&req("r-1")).await.unwrap().status,
        EventStatus::Duplicate
    );
    assert_eq!(a.access_requests().await.unwrap().requests.len(), 1);
    assert!(
        bc.access_requests().await.unwrap().requests.is_empty(),
        "B cannot see A's requests"
    );
    // B's events are stored under B, whatever A's are.
    bc.upload(&batch("q-b", vec![event_for("hello", 1)]))
        .await
        .unwrap();
    let devs = h.db().devices(10).await.unwrap();
    let b_id = devs
        .iter()
        .find(|d| d.hostname == "host-machine-b")
        .unwrap()
        .id
        .clone();
    let f = airlock_server::db::events::EventFilter {
        device: Some(b_id),
        ..Default::default()
    };
    assert_eq!(h.db().events(&f, 10, 0).await.unwrap().len(), 1);

    // Bad and missing tokens.
    let bad = AgentClient::new(&h.url(), ClientOptions::default())
        .unwrap()
        .with_token("dt_forged");
    let e = bad.checkin(&checkin(0, 0)).await.unwrap_err();
    assert_eq!((e.status(), e.code()), (Some(401), Some("invalid_token")));

    // Re-enrolling machine A rotates its token: the old one stops working.
    let mut a2 = AgentClient::new(&h.url(), ClientOptions::default()).unwrap();
    a2.enroll(&h.secret().await, machine("machine-a"), "0.1.0")
        .await
        .unwrap();
    let e = a.checkin(&checkin(0, 0)).await.unwrap_err();
    assert_eq!(e.code(), Some("invalid_token"));
    a2.checkin(&checkin(0, 0)).await.unwrap();

    // A revoked secret cannot enroll.
    let (id, secret) = h.db().create_enroll_secret("old", "test").await.unwrap();
    assert!(h.db().revoke_enroll_secret(&id).await.unwrap());
    let mut c = AgentClient::new(&h.url(), ClientOptions::default()).unwrap();
    let e = c
        .enroll(&secret, machine("m-3"), "0.1.0")
        .await
        .unwrap_err();
    assert_eq!(
        (e.status(), e.code()),
        (Some(401), Some("invalid_enroll_secret"))
    );

    // AUP acknowledgments are stored once per user and version.
    let ack = |rid: String| AupAck {
        request_id: rid,
        sent_at: airlock_client::unix_now(),
        user: "alice".into(),
        aup_version: "2026-01".into(),
        acked_at: airlock_client::unix_now(),
    };
    assert_eq!(
        a2.ack_aup(&ack(airlock_client::request_id()))
            .await
            .unwrap()
            .status,
        EventStatus::Created
    );
    assert_eq!(
        a2.ack_aup(&ack(airlock_client::request_id()))
            .await
            .unwrap()
            .status,
        EventStatus::Duplicate
    );
    // The same request id again is a replay.
    let rid = airlock_client::request_id();
    a2.ack_aup(&AupAck {
        aup_version: "2026-02".into(),
        ..ack(rid.clone())
    })
    .await
    .unwrap();
    let e = a2
        .ack_aup(&AupAck {
            aup_version: "2026-03".into(),
            ..ack(rid)
        })
        .await
        .unwrap_err();
    assert_eq!(
        (e.status(), e.code()),
        (Some(409), Some("replayed_request"))
    );
}
both!(isolation, devices_are_isolated_and_tokens_rotate);

/// Raw HTTP for malformed requests the client would never send.
async fn raw(
    h: &Harness,
    path: &str,
    token: &str,
    body: Vec<u8>,
    gzip: bool,
) -> (u16, serde_json::Value, Option<String>) {
    let http = reqwest::Client::new();
    let mut rb = http
        .post(format!("{}{path}", h.url()))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body);
    if gzip {
        rb = rb.header("content-encoding", "gzip");
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    let retry = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    let v = r.json().await.unwrap_or(serde_json::Value::Null);
    (status, v, retry)
}

async fn bad_input_gets_clear_errors(b: Backend) {
    let h = common::start(b).await;
    let c = h.client("m-1").await;
    let t = c.token().unwrap().to_string();
    let ev = airlock_wire::paths::EVENTS;
    // Oversized body.
    let (s, v, _) = raw(&h, ev, &t, vec![b' '; 2 * 1024 * 1024], false).await;
    assert_eq!((s, v["error"].as_str()), (413, Some("body_too_large")));
    // A gzip bomb: 64 MiB of zeros in a few dozen KiB.
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut enc, &vec![b'0'; 64 << 20]).unwrap();
    let bomb = enc.finish().unwrap();
    assert!(bomb.len() < 1024 * 1024);
    let (s, v, _) = raw(&h, ev, &t, bomb, true).await;
    assert_eq!((s, v["error"].as_str()), (413, Some("body_too_large")));
    // Malformed JSON, and a message with a field that should not be there.
    let (s, v, _) = raw(&h, ev, &t, b"{\"request_id\": ".to_vec(), false).await;
    assert_eq!((s, v["error"].as_str()), (400, Some("malformed_json")));
    let mut good = serde_json::to_value(batch("q", vec![event_for("x", 1)])).unwrap();
    good["events"][0]["content"] = serde_json::json!("the pasted text");
    let (s, v, _) = raw(&h, ev, &t, serde_json::to_vec(&good).unwrap(), false).await;
    assert_eq!((s, v["error"].as_str()), (400, Some("malformed_json")));
    assert!(
        !v.to_string().contains("the pasted text"),
        "errors never echo values: {v}"
    );
    // Nor field names or variants (serde quotes them from the body).
    let mut odd = serde_json::to_value(batch("q", vec![event_for("x", 1)])).unwrap();
    odd["events"][0]["kind"] = serde_json::json!("AKIAZ7QX3PLMSECRETXX");
    odd["password_hunter2"] = serde_json::json!(1);
    let (s, v, _) = raw(&h, ev, &t, serde_json::to_vec(&odd).unwrap(), false).await;
    assert_eq!(s, 400);
    assert!(
        !v.to_string().contains("AKIAZ7QX3PLM") && !v.to_string().contains("hunter2"),
        "{v}"
    );
    // Deeply nested JSON.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (s, _, _) = raw(&h, ev, &t, deep.into_bytes(), false).await;
    assert_eq!(s, 400);
    // A stale request (replay of an old capture).
    let mut old = batch("q", vec![event_for("x", 1)]);
    old.sent_at -= 3600;
    let e = c.upload(&old).await.unwrap_err();
    assert_eq!((e.status(), e.code()), (Some(400), Some("stale_request")));
    // A replayed batch (same request id).
    let once = batch("q", vec![event_for("x", 1)]);
    c.upload(&once).await.unwrap();
    let e = c.upload(&once).await.unwrap_err();
    assert_eq!(
        (e.status(), e.code()),
        (Some(409), Some("replayed_request"))
    );
    // An invalid event is rejected alone; the rest of its batch is stored.
    let mut bad = event_for("y", 2);
    bad.seq = 0;
    let r = c
        .upload(&batch("q", vec![bad, event_for("z", 3)]))
        .await
        .unwrap();
    assert_eq!(r.results[0].status, EventStatus::Rejected);
    assert!(r.results[0]
        .error
        .as_deref()
        .unwrap()
        .contains("events[0].seq"));
    assert_eq!(r.results[1].status, EventStatus::Created);
    // Path tricks on the bundle route.
    for p in ["..%2F..%2Fetc%2Fpasswd", "0", "-1", "abc"] {
        let r = reqwest::Client::new()
            .get(format!("{}/api/agent/v1/bundles/{p}", h.url()))
            .bearer_auth(&t)
            .send()
            .await
            .unwrap();
        assert!(
            matches!(r.status().as_u16(), 400 | 404),
            "{p}: {}",
            r.status()
        );
    }
    let r = reqwest::Client::new()
        .get(format!("{}/api/agent/v1/bundles/999", h.url()))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    // Missing token.
    let (s, v, _) = raw(&h, airlock_wire::paths::CHECKIN, "", b"{}".to_vec(), false).await;
    assert_eq!((s, v["error"].as_str()), (401, Some("missing_token")));
}
both!(bad_input, bad_input_gets_clear_errors);

async fn rate_limits_answer_429_with_retry_after(b: Backend) {
    let h = common::start_with(b, |c| c.device_rate = (0.5, 3.0)).await;
    let c = h.client("m-1").await;
    for _ in 0..3 {
        c.checkin(&checkin(0, 0)).await.unwrap();
    }
    let e = c.checkin(&checkin(0, 0)).await.unwrap_err();
    assert_eq!((e.status(), e.code()), (Some(429), Some("rate_limited")));
    let t = c.token().unwrap().to_string();
    let body = serde_json::to_vec(&checkin(0, 0)).unwrap();
    let (s, _, retry) = raw(&h, airlock_wire::paths::CHECKIN, &t, body, false).await;
    assert_eq!(s, 429);
    assert!(retry.unwrap().parse::<u64>().unwrap() >= 1);
    // Another device is not affected.
    h.client("m-2").await.checkin(&checkin(0, 0)).await.unwrap();
}
both!(rate_limits, rate_limits_answer_429_with_retry_after);

async fn sequence_gaps_and_queue_resets_raise_alerts(b: Backend) {
    let h = common::start(b).await;
    let c = h.client("m-1").await;
    let events = vec![event_for("a", 1), event_for("b", 2), event_for("d", 4)];
    c.upload(&batch("q-1", events)).await.unwrap();
    let mut ci = checkin(1, 0);
    ci.queue = airlock_wire::QueueReport {
        epoch: "q-1".into(),
        last_seq: 4,
        pending: 0,
        ..Default::default()
    };
    c.checkin(&ci).await.unwrap();
    let alerts = h.db().alerts(10).await.unwrap();
    assert!(
        alerts
            .iter()
            .any(|a| a.kind == "seq_gap" && a.detail.contains("1 of 4")),
        "{alerts:?}"
    );
    // The queue starts anew (a wiped database on the device).
    ci.queue.epoch = "q-2".into();
    ci.queue.last_seq = 0;
    c.checkin(&ci).await.unwrap();
    let alerts = h.db().alerts(10).await.unwrap();
    assert!(alerts.iter().any(|a| a.kind == "queue_reset"), "{alerts:?}");
    // A tamper signal; once IT closes the alert, the same signal raises a new one.
    ci.health.tamper_signals = vec!["clock_rollback".into()];
    c.checkin(&ci).await.unwrap();
    let tamper = h.alerts_of("tamper").await.remove(0);
    assert!(h.db().close_alert(&tamper.id).await.unwrap());
    assert!(h
        .db()
        .alerts(10)
        .await
        .unwrap()
        .iter()
        .all(|a| a.kind != "tamper"));
    c.checkin(&ci).await.unwrap();
    assert!(
        h.db()
            .alerts(10)
            .await
            .unwrap()
            .iter()
            .any(|a| a.kind == "tamper"),
        "raised again"
    );
    // Signals outside the documented list are refused (a device cannot invent alerts).
    ci.health.tamper_signals = vec!["anything_at_all".into()];
    let e = c.checkin(&ci).await.unwrap_err();
    assert_eq!((e.status(), e.code()), (Some(400), Some("invalid_field")));

    // Events the server rejected (dead-lettered by the agent) are not a gap.
    let c2 = h.client("m-2").await;
    let mut bad = event_for("x", 2);
    bad.user = Some("\u{7}".into());
    let r = c2
        .upload(&batch(
            "q-9",
            vec![event_for("a", 1), bad, event_for("c", 3)],
        ))
        .await
        .unwrap();
    assert_eq!(r.results[1].status, EventStatus::Rejected);
    let mut ci2 = checkin(1, 0);
    ci2.queue = airlock_wire::QueueReport {
        epoch: "q-9".into(),
        last_seq: 3,
        pending: 0,
        dead_letter: 1,
        ..Default::default()
    };
    c2.checkin(&ci2).await.unwrap();
    let gaps = h.alerts_of("seq_gap").await;
    assert_eq!(gaps.len(), 1, "only machine 1's gap: {gaps:?}");
}
both!(alerts, sequence_gaps_and_queue_resets_raise_alerts);

/// What a real agent does: decisions are queued (pending) before a check-in and uploaded after
/// it, so the position reported with none pending is the one reported before, with events
/// pending. A lost event is noticed then; events that all arrive raise nothing, also after the
/// batched check-in write recorded the position.
async fn gaps_are_found_once_the_queue_drains(b: Backend) {
    let h = common::start(b).await;
    let c = h.client("m-1").await;
    let mut ci = checkin(1, 0);
    ci.queue = airlock_wire::QueueReport {
        epoch: "q-1".into(),
        last_seq: 3,
        pending: 3,
        ..Default::default()
    };
    c.checkin(&ci).await.unwrap();
    airlock_server::tasks::flush_checkins(&h.server.state).await;
    let all = vec![event_for("a", 1), event_for("b", 2), event_for("c", 3)];
    c.upload(&batch("q-1", all)).await.unwrap();
    ci.queue.pending = 0;
    c.checkin(&ci).await.unwrap();
    airlock_server::tasks::flush_checkins(&h.server.state).await;
    c.checkin(&ci).await.unwrap();
    assert!(h.db().alerts(10).await.unwrap().is_empty());
    // Three more are queued; one of them never arrives.
    ci.queue.last_seq = 6;
    ci.queue.pending = 3;
    c.checkin(&ci).await.unwrap();
    let some = vec![event_for("d", 4), event_for("f", 6)];
    c.upload(&batch("q-1", some)).await.unwrap();
    ci.queue.pending = 0;
    c.checkin(&ci).await.unwrap();
    let gaps = h.alerts_of("seq_gap").await;
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert!(gaps[0].detail.contains("1 of 6"), "{gaps:?}");
    assert!(h.alerts_of("queue_reset").await.is_empty());
}
both!(queue_drained, gaps_are_found_once_the_queue_drains);

async fn health_and_metrics(b: Backend) {
    let h = common::start(b).await;
    let c = h.client("m-1").await;
    c.checkin(&checkin(0, 0)).await.unwrap();
    let r = reqwest::get(format!("{}/healthz", h.url())).await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let m = reqwest::get(format!("{}/metrics", h.url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        m.contains("airlock_http_requests_total{route=\"/api/agent/v1/checkin\",status=\"200\"} 1"),
        "{m}"
    );
    assert!(m.contains("airlock_bundle_version 1"));
    // Wrong methods and unknown routes answer with the protocol's error body too.
    let r = reqwest::get(format!("{}{}", h.url(), airlock_wire::paths::EVENTS))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 405);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "method_not_allowed");
    let r = reqwest::get(format!("{}/api/agent/v1/nothing", h.url()))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["error"],
        "not_found"
    );
    assert!(m.contains("airlock_enrollments_total 1"));
}
both!(health, health_and_metrics);

async fn saturation_answers_503_with_retry_after(b: Backend) {
    let h = common::start_with(b, |c| c.max_concurrency = 2).await;
    let c = h.client("m-1").await;
    // Two requests in progress elsewhere take every slot.
    let held = (h.server.state.limits.admit(), h.server.state.limits.admit());
    assert!(held.0.is_some() && held.1.is_some());
    let t = c.token().unwrap().to_string();
    let (s, v, retry) = raw(
        &h,
        airlock_wire::paths::CHECKIN,
        &t,
        serde_json::to_vec(&checkin(0, 0)).unwrap(),
        false,
    )
    .await;
    assert_eq!((s, v["error"].as_str()), (503, Some("server_busy")));
    assert_eq!(retry.as_deref(), Some("5"));
    drop(held);
    c.checkin(&checkin(0, 0)).await.unwrap();
}
both!(saturation, saturation_answers_503_with_retry_after);

async fn bundles_are_re_signed_before_they_expire(b: Backend) {
    let h = common::start(b).await;
    let s = &h.server.state;
    let now = airlock_client::unix_now();
    assert_eq!(
        airlock_server::signing::resign_if_due(h.db(), &s.signer, now)
            .await
            .unwrap(),
        None
    );
    let first = h.db().bundle(None).await.unwrap().unwrap();
    // Eight days later (past half of the 14-day lifetime) the same rules are signed anew.
    let later = now + 8 * 86_400;
    let v = airlock_server::signing::resign_if_due(h.db(), &s.signer, later)
        .await
        .unwrap();
    assert_eq!(v, Some(first.version + 1));
    let second = h.db().bundle(None).await.unwrap().unwrap();
    assert_eq!(second.origin, "resigned");
    assert_eq!(second.revision, first.revision);
    let mut trust = h.trust();
    trust.offer(second.file.as_bytes(), now).unwrap();
    let p = &trust.current().unwrap().payload;
    assert_eq!(p.version as i64, second.version);
    assert!(p.expires_at > first.expires_at as u64 - 1);
}
both!(resign, bundles_are_re_signed_before_they_expire);

async fn silent_devices_raise_alerts(b: Backend) {
    let h = common::start_with(b, |c| c.silent_after_s = 1).await;
    let c = h.client("m-quiet").await;
    c.checkin(&checkin(0, 0)).await.unwrap();
    airlock_server::tasks::flush_checkins(&h.server.state).await;
    airlock_server::tasks::housekeeping(&h.server.state)
        .await
        .unwrap();
    assert!(h
        .db()
        .alerts(10)
        .await
        .unwrap()
        .iter()
        .all(|a| a.kind != "silent"));
    tokio::time::sleep(Duration::from_millis(2100)).await;
    airlock_server::tasks::housekeeping(&h.server.state)
        .await
        .unwrap();
    let alerts = h.db().alerts(10).await.unwrap();
    assert!(
        alerts
            .iter()
            .any(|a| a.kind == "silent" && a.detail.contains("host-m-quiet")),
        "{alerts:?}"
    );
}
both!(silent, silent_devices_raise_alerts);

async fn self_reports_tell_the_reporter_what_happens_next(b: Backend) {
    let h = common::start(b).await;
    let c = h.client("m-1").await;
    let e = airlock_wire::Event {
        event_id: airlock_client::request_id(),
        seq: 1,
        occurred_at: airlock_client::unix_now(),
        policy_version: 1,
        user: Some("alice".into()),
        kind: airlock_wire::EventKind::SelfReport {
            tool: common::web_tool("chatgpt", "ChatGPT", 3, "chatgpt.com"),
            data_classes: vec!["Confidential".into()],
            disclosed_at: airlock_client::unix_now() - 600,
            description: "pasted a customer list into a chat by mistake".into(),
        },
    };
    let r = c
        .upload(&batch("q", vec![e, event_for("hello", 2)]))
        .await
        .unwrap();
    let g = r.results[0]
        .guidance
        .as_ref()
        .expect("guidance for a self-report");
    assert!(
        g.delete_steps.iter().any(|s| s.contains("chatgpt.com")),
        "{g:?}"
    );
    assert!(g.next.iter().any(|s| s.contains("72 hours")));
    let due = g.notify_by - airlock_client::unix_now();
    assert!((72 * 3600 - 60..=72 * 3600).contains(&due));
    assert!(r.results[1].guidance.is_none());
    // The steps and the vendor's page come from the register's `deletion` table.
    assert!(
        g.delete_steps
            .last()
            .is_some_and(|s| s.ends_with("https://privacy.openai.com/")),
        "{g:?}"
    );
    let report = |id: &str, name: &str, seq: u64| airlock_wire::Event {
        event_id: airlock_client::request_id(),
        seq,
        occurred_at: airlock_client::unix_now(),
        policy_version: 1,
        user: Some("alice".into()),
        kind: airlock_wire::EventKind::SelfReport {
            tool: common::web_tool(id, name, 4, "example.org"),
            data_classes: vec!["Confidential".into()],
            disclosed_at: airlock_client::unix_now() - 600,
            description: "pasted by mistake".into(),
        },
    };
    // A tool the register does not know gets the generic steps, without a page.
    let r = c
        .upload(&batch("q", vec![report("nope", "Nope", 3)]))
        .await
        .unwrap();
    let g = r.results[0].guidance.as_ref().unwrap();
    assert!(g.delete_steps[0].contains("conversation history"), "{g:?}");
    assert!(!g.delete_steps.iter().any(|s| s.contains("https://")));
    // IT edits the steps: the next answer has them (the register is read per revision).
    let rev = h.db().revision(None).await.unwrap().unwrap();
    let files: Vec<airlock_policy::RuleFile> = rev
        .files
        .iter()
        .map(|f| {
            let text = f.text.replace(
                "Open chatgpt.com and find the conversation in the sidebar.",
                "Open the ChatGPT app: History, then the conversation.",
            );
            airlock_policy::RuleFile::new(f.path.clone(), text)
        })
        .collect();
    h.db()
        .save_revision(&files, "admin", "steps")
        .await
        .unwrap();
    let r = c
        .upload(&batch("q", vec![report("chatgpt", "ChatGPT", 4)]))
        .await
        .unwrap();
    let g = r.results[0].guidance.as_ref().unwrap();
    assert_eq!(
        g.delete_steps[0], "Open the ChatGPT app: History, then the conversation.",
        "{g:?}"
    );
}
both!(
    self_report,
    self_reports_tell_the_reporter_what_happens_next
);

async fn health_fails_when_the_database_is_gone(b: Backend) {
    let h = common::start(b).await;
    assert_eq!(
        reqwest::get(format!("{}/healthz", h.url()))
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    h.db().pool.close().await;
    let r = reqwest::get(format!("{}/healthz", h.url())).await.unwrap();
    assert_eq!(r.status().as_u16(), 503);
    // Agent calls get a clear, retryable answer rather than a hang or a crash.
    let c = AgentClient::new(&h.url(), ClientOptions::default())
        .unwrap()
        .with_token("dt_x");
    let e = c.checkin(&checkin(0, 0)).await.unwrap_err();
    assert_eq!(
        (e.status(), e.code()),
        (Some(503), Some("storage_unavailable"))
    );
}
both!(db_down, health_fails_when_the_database_is_gone);

async fn bundles_signed_offline_are_verified_before_they_are_served(b: Backend) {
    use airlock_policy::bundle::{
        build_bundle, sign_keyset, BundleMeta, Envelope, KeysetMeta, SecretKey,
    };
    let h = common::start(b).await;
    let c = h.client("m-1").await;
    let mut trust = h.trust();
    let v1 = install(&c, &mut trust).await;
    // IT's offline machine: the root key, a new signing key of its own, key list 2 listing it
    // next to the server's key.
    let keys = h.server.state.config.keys_dir.clone();
    let root =
        SecretKey::from_json(&std::fs::read_to_string(keys.join("root.key")).unwrap()).unwrap();
    let server_key =
        SecretKey::from_json(&std::fs::read_to_string(keys.join("signing.key")).unwrap()).unwrap();
    let ks1: Envelope =
        serde_json::from_str(&std::fs::read_to_string(keys.join("keyset-1.json")).unwrap())
            .unwrap();
    let offline = SecretKey::generate();
    let now = airlock_client::unix_now();
    let ks2 = sign_keyset(
        &KeysetMeta {
            tenant: h.server.state.config.tenant.clone(),
            version: 2,
            issued_at: now,
            roots: vec![root.public()],
            root_threshold: 1,
            signing_keys: vec![
                (server_key.public(), now - 600, now + 365 * 86_400),
                (offline.public(), now - 600, now + 30 * 86_400),
            ],
            revoked: vec![],
        },
        &[&root],
    )
    .unwrap();
    let mut files = airlock_rules::default_files();
    let aup = files.iter_mut().find(|f| f.path == "aup.md").unwrap();
    aup.text.push_str("\nSigned offline by IT.\n");
    let meta = |version: u64| BundleMeta {
        tenant: h.server.state.config.tenant.clone(),
        version,
        issued_at: now,
        expires_at: now + 14 * 86_400,
        min_agent_version: "0.1.0".into(),
    };
    let (bytes, _) =
        build_bundle(&files, &meta(v1 + 1), &offline, &[ks1.clone(), ks2.clone()]).unwrap();
    let s = &h.server.state;
    let v = airlock_server::signing::upload(h.db(), &s.signer, &bytes, "it-admin")
        .await
        .unwrap();
    assert_eq!(v as u64, v1 + 1);
    let (lv, sha) = h.db().latest_bundle().await.unwrap().unwrap();
    s.announce_bundle(lv, sha);
    // Agents get it and verify it against their pinned root.
    let r = c.checkin(&checkin(v1, 0)).await.unwrap();
    let got = c.fetch_bundle(&r.bundle.unwrap()).await.unwrap();
    trust.offer(&got, airlock_client::unix_now()).unwrap();
    assert!(trust
        .current()
        .unwrap()
        .payload
        .files
        .iter()
        .any(|f| f.text.contains("Signed offline by IT")));
    // Refused: the same version again (a rollback for agents), a key no key list names, and
    // a tampered payload. Nothing is stored.
    let e = airlock_server::signing::upload(h.db(), &s.signer, &bytes, "it-admin")
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not newer"), "{e}");
    let stranger = SecretKey::generate();
    let e = build_bundle(
        &files,
        &meta(v1 + 2),
        &stranger,
        &[ks1.clone(), ks2.clone()],
    )
    .unwrap_err();
    assert!(e.to_string().to_lowercase().contains("key"), "{e}");
    let tampered = String::from_utf8(bytes.clone()).unwrap().replacen(
        "\"payload\": \"",
        "\"payload\": \"AA",
        1,
    );
    assert!(
        airlock_server::signing::upload(h.db(), &s.signer, tampered.as_bytes(), "x")
            .await
            .is_err()
    );
    assert_eq!(
        h.db().latest_bundle().await.unwrap().unwrap().0 as u64,
        v1 + 1
    );
}
both!(
    offline_upload,
    bundles_signed_offline_are_verified_before_they_are_served
);

async fn enroll(h: &Harness, secret: &str, machine_id: &str, forwarded: &str) -> u16 {
    let body = serde_json::json!({
        "enroll_secret": secret, "agent_version": "0.1.0",
        "machine": {"machine_id": machine_id, "hostname": "h", "os": "linux", "os_version": "12"},
    });
    reqwest::Client::new()
        .post(format!("{}{}", h.url(), airlock_wire::paths::ENROLL))
        .header("x-forwarded-for", forwarded)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn enrollment_limits_follow_the_client_address(b: Backend) {
    // Behind a proxy, the address the proxy appended counts (not the proxy's own, and not
    // what the client wrote before it).
    let h = common::start_with(b, |c| {
        c.behind_proxy = true;
        c.enroll_rate = (0.001, 1.0);
    })
    .await;
    let secret = h.secret().await;
    assert_eq!(enroll(&h, &secret, "m-1", "10.0.0.1").await, 200);
    assert_eq!(
        enroll(&h, &secret, "m-2", "10.0.0.2").await,
        200,
        "another client"
    );
    assert_eq!(
        enroll(&h, &secret, "m-3", "10.0.0.9, 10.0.0.1").await,
        429,
        "same client, forged prefix"
    );
    // Not behind a proxy: the header is ignored, every request comes from 127.0.0.1.
    let h = common::start_with(b, |c| c.enroll_rate = (0.001, 1.0)).await;
    let secret = h.secret().await;
    assert_eq!(enroll(&h, &secret, "m-1", "10.0.0.1").await, 200);
    assert_eq!(enroll(&h, &secret, "m-2", "10.0.0.2").await, 429);
}
both!(enroll_limits, enrollment_limits_follow_the_client_address);

async fn revoked_machines_cannot_enroll_again_until_allowed(b: Backend) {
    let h = common::start(b).await;
    let c = h.client("m-stolen").await;
    let dev = h.db().devices(10).await.unwrap().remove(0);
    assert!(h.db().revoke_and_block(&dev.id, "it").await.unwrap());
    assert_eq!(
        c.checkin(&checkin(0, 0)).await.unwrap_err().code(),
        Some("invalid_token")
    );
    let mut again = AgentClient::new(&h.url(), ClientOptions::default()).unwrap();
    let e = again
        .enroll(&h.secret().await, machine("m-stolen"), "0.1.0")
        .await
        .unwrap_err();
    assert_eq!((e.status(), e.code()), (Some(403), Some("machine_blocked")));
    assert!(h.db().unblock_machine("m-stolen").await.unwrap());
    again
        .enroll(&h.secret().await, machine("m-stolen"), "0.1.0")
        .await
        .unwrap();
}
both!(
    revoke_block,
    revoked_machines_cannot_enroll_again_until_allowed
);

async fn slow_senders_do_not_hold_request_slots(b: Backend) {
    use tokio::io::AsyncWriteExt;
    let h = common::start_with(b, |c| c.max_concurrency = 1).await;
    let c = h.client("m-1").await;
    // Several connections send headers and part of a body, then stall.
    let mut stalled = Vec::new();
    for _ in 0..4 {
        let mut s = tokio::net::TcpStream::connect(h.server.addr).await.unwrap();
        let head = format!(
            "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{{\"enroll_secret\":",
            airlock_wire::paths::ENROLL
        );
        s.write_all(head.as_bytes()).await.unwrap();
        stalled.push(s);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The only slot is still free for real work.
    c.checkin(&checkin(0, 0)).await.unwrap();
    drop(stalled);
}
both!(slow_senders, slow_senders_do_not_hold_request_slots);

async fn exports_page_through_every_event_once(b: Backend) {
    let h = common::start(b).await;
    let c = h.client("m-1").await;
    let template = event_for(&format!("key {}", common::aws_key(1)), 1);
    for chunk in 0..3u64 {
        let events: Vec<_> = (1..=500u64)
            .map(|i| {
                let mut e = template.clone();
                e.event_id = airlock_client::request_id();
                e.seq = chunk * 500 + i;
                e
            })
            .collect();
        c.upload(&batch("q", events)).await.unwrap();
    }
    let mut out = Vec::new();
    let n = airlock_server::export::incidents(
        h.db(),
        &Default::default(),
        airlock_server::export::Format::Csv,
        &mut out,
    )
    .await
    .unwrap();
    assert_eq!(n, 1500);
    let text = String::from_utf8(out).unwrap();
    let ids: std::collections::HashSet<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids.len(), 1500, "every event exactly once across pages");
}
both!(export_paging, exports_page_through_every_event_once);
