//! The admin console, driven over HTTP against a server started in-process: sign-in, redirects,
//! CSRF and role checks, security headers, register edits saving revisions, publishing,
//! escaping of hostile names, triage, the AUP editor and exports.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step should panic

mod console_support;

use airlock_server::db::users::Role;
use airlock_wire::{AccessRequest, AccessRequestStatus, Event, EventKind, Machine, ToolRef};
use console_support::{admin, csrf, start, Browser};
use reqwest::header::{LOCATION, SET_COOKIE};
use reqwest::StatusCode;

#[tokio::test]
async fn sign_in_works_refuses_bad_passwords_and_guards_pages() {
    let s = start().await;
    let mut b = Browser::new(&s);
    let (st, h, _) = b.get("/console/incidents").await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    assert_eq!(h.get(LOCATION).unwrap(), "/console/login");

    let (st, _, page) = b.login("admin", "wrong password").await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    assert!(page.contains("Wrong account name or password"));
    assert!(!b.cookies.contains_key("airlock_session"));

    // The sign-in form needs its pre-session token.
    let (st, _, _) = b
        .post(
            "/console/login",
            &[
                ("csrf", "forged"),
                ("name", "admin"),
                ("password", &s.password),
            ],
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    let (st, h, _) = b.login("admin", &s.password).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let set: Vec<&str> = h
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    let session = set
        .iter()
        .find(|c| c.starts_with("airlock_session="))
        .expect("a session cookie");
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"] {
        assert!(session.contains(attr), "{session} lacks {attr}");
    }
    assert!(
        !session.contains("Secure"),
        "plain HTTP test server: no Secure flag"
    );

    let (st, h, page) = b.get("/console/").await;
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("Incidents per day") && page.contains("<svg"));
    assert!(h["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["cache-control"], "no-store");
    for p in [
        "/console/incidents",
        "/console/tools",
        "/console/policy",
        "/console/aup",
        "/console/endpoints",
        "/console/requests",
        "/console/secrets",
    ] {
        let (st, _, _) = b.get(p).await;
        assert_eq!(st, StatusCode::OK, "{p}");
    }
    // The policy page shows the compiled matrix (the shipped default: tier 4 blocks
    // confidential data, Restricted is blocked everywhere).
    let (_, _, page) = b.get("/console/policy").await;
    assert!(page.contains("<h2>Decision matrix</h2>"), "{page}");
    assert!(page.contains("4 Unapproved"));

    let token = b.token().await;
    let (st, h, _) = b.post("/console/logout", &[("csrf", &token)]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    assert_eq!(h.get(LOCATION).unwrap(), "/console/login");
    let (st, _, _) = b.get("/console/").await;
    assert_eq!(st, StatusCode::SEE_OTHER, "signed out: redirected again");
    s.running.shutdown().await.unwrap();
}

#[tokio::test]
async fn posts_need_the_csrf_token_and_a_same_site_origin() {
    let s = start().await;
    let mut b = admin(&s).await;
    let before = s.running.state.db.enroll_secrets().await.unwrap().len();
    let (st, _, _) = b.post("/console/secrets", &[("label", "no token")]).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _, _) = b
        .post(
            "/console/secrets",
            &[("csrf", "wrong"), ("label", "bad token")],
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let token = b.token().await;
    let (st, _, _) = b
        .post_with(
            "/console/secrets",
            &[("csrf", &token), ("label", "cross-site")],
            Some("https://evil.example"),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert_eq!(
        s.running.state.db.enroll_secrets().await.unwrap().len(),
        before,
        "nothing was created"
    );

    let (st, _, page) = b
        .post(
            "/console/secrets",
            &[("csrf", &token), ("label", "laptops")],
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("es_"), "the secret is shown once");
    assert_eq!(
        s.running.state.db.enroll_secrets().await.unwrap().len(),
        before + 1
    );
    s.running.shutdown().await.unwrap();
}

#[tokio::test]
async fn auditors_read_and_export_but_cannot_change_anything() {
    let s = start().await;
    s.running
        .state
        .db
        .put_admin("audrey", Role::Auditor, "auditor password")
        .await
        .unwrap();
    let mut b = Browser::new(&s);
    let (st, _, _) = b.login("audrey", "auditor password").await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, _, page) = b.get("/console/tools").await;
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("read-only"));
    let token = csrf(&page);
    let rev = s.running.state.db.revision(None).await.unwrap().unwrap().id;
    for (path, form) in [
        (
            "/console/tools/tier",
            vec![("csrf", token.as_str()), ("id", "deepseek"), ("tier", "1")],
        ),
        ("/console/policy/publish", vec![("csrf", token.as_str())]),
        (
            "/console/secrets",
            vec![("csrf", token.as_str()), ("label", "x")],
        ),
    ] {
        let (st, _, page) = b.post(path, &form).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{path}");
        assert!(page.contains("read-only"), "{path}: {page}");
    }
    assert_eq!(
        s.running.state.db.revision(None).await.unwrap().unwrap().id,
        rev
    );
    let (st, _, csv) = b.get("/console/export/incidents.csv").await;
    assert_eq!(st, StatusCode::OK);
    assert!(csv.starts_with("id,device_id,event_id,kind"));
    // Auditors may still sign out.
    let (st, _, _) = b.post("/console/logout", &[("csrf", &token)]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    s.running.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_tier_change_saves_a_revision_and_publishing_makes_a_new_bundle() {
    let s = start().await;
    let db = &s.running.state.db;
    let mut b = admin(&s).await;
    let before = db.revision(None).await.unwrap().unwrap();
    let token = b.token().await;
    let (st, h, _) = b
        .post(
            "/console/tools/tier",
            &[("csrf", &token), ("id", "deepseek"), ("tier", "2")],
        )
        .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let after = db.revision(None).await.unwrap().unwrap();
    assert_eq!(after.id, before.id + 1);
    assert_eq!(
        h.get(LOCATION).unwrap().to_str().unwrap(),
        format!("/console/tools?saved={}", after.id)
    );
    let changed: Vec<&str> = after
        .files
        .iter()
        .filter(|f| {
            before
                .files
                .iter()
                .find(|o| o.path == f.path)
                .is_none_or(|o| o.text != f.text)
        })
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(
        changed,
        vec!["tools/chat.toml"],
        "only the changed file is rewritten"
    );
    let policy = airlock_policy::Policy::compile(&after.files).unwrap();
    assert_eq!(policy.register().get("deepseek").unwrap().spec.tier, 2);

    let (st, _, diff) = b
        .get(&format!("/console/policy/revisions/{}", after.id))
        .await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        diff.contains("- tier = 4") && diff.contains("+ tier = 2"),
        "{diff}"
    );

    let v0 = db.latest_bundle().await.unwrap().unwrap().0;
    let (st, _, page) = b.post("/console/policy/publish", &[("csrf", &token)]).await;
    assert_eq!(st, StatusCode::OK);
    let v1 = db.latest_bundle().await.unwrap().unwrap().0;
    assert_eq!(v1, v0 + 1);
    assert!(page.contains(&format!(r#"<strong id="bundle-version">{v1}</strong>"#)));
    assert_eq!(s.running.state.latest.borrow().0, v1, "long-polls are told");
    assert_eq!(db.bundle(None).await.unwrap().unwrap().revision, after.id);

    // Rollback saves the old files as a new revision and publishes them.
    let (st, _, _) = b
        .post(
            "/console/policy/rollback",
            &[("csrf", &token), ("revision", &before.id.to_string())],
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let rolled = db.revision(None).await.unwrap().unwrap();
    assert_eq!(rolled.files, before.files);
    assert_eq!(db.latest_bundle().await.unwrap().unwrap().0, v1 + 1);
    s.running.shutdown().await.unwrap();
}

#[tokio::test]
async fn rules_that_do_not_compile_are_shown_and_not_saved() {
    let s = start().await;
    let db = &s.running.state.db;
    let mut b = admin(&s).await;
    let rev = db.revision(None).await.unwrap().unwrap().id;
    let token = b.token().await;
    let (st, _, page) = b
        .post(
            "/console/tools/deepseek/matchers",
            &[
                ("csrf", &token),
                ("op", "add"),
                ("kind", "domains"),
                ("value", "chatgpt.com"),
            ],
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Nothing was saved") && page.contains("chat.toml:"),
        "{page}"
    );
    assert!(
        page.contains("already claimed"),
        "the compiler's message is shown: {page}"
    );
    let (st, _, page) = b
        .post(
            "/console/policy/save",
            &[
                ("csrf", &token),
                ("text", "[matrix\nbroken"),
                ("message", "oops"),
            ],
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("policy.toml:"), "{page}");
    assert_eq!(
        db.revision(None).await.unwrap().unwrap().id,
        rev,
        "nothing saved"
    );
    let (st, _, page) = b
        .post(
            "/console/policy/upload",
            &[("csrf", &token), ("bundle", "{\"not\": \"a bundle\"}")],
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("The bundle was refused"));

    // A valid matcher edit is saved.
    let (st, _, _) = b
        .post(
            "/console/tools/deepseek/matchers",
            &[
                ("csrf", &token),
                ("op", "add"),
                ("kind", "domains"),
                ("value", "deepseek.example"),
            ],
        )
        .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    assert_eq!(db.revision(None).await.unwrap().unwrap().id, rev + 1);
    s.running.shutdown().await.unwrap();
}

#[tokio::test]
async fn hostile_tool_and_user_names_are_escaped() {
    let s = start().await;
    let db = &s.running.state.db;
    let mut b = admin(&s).await;
    let token = b.token().await;
    let evil = "<script>alert(1)</script>";
    let (st, _, _) = b
        .post(
            "/console/tools/add",
            &[
                ("csrf", &token),
                ("id", "evil_tool"),
                ("name", evil),
                ("vendor", "\"><img src=x>"),
                ("kind", "chat"),
                ("tier", "3"),
                ("domains", "evil.example"),
            ],
        )
        .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (_, _, page) = b.get("/console/tools").await;
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"),
        "escaped name missing"
    );
    assert!(!page.contains(evil) && !page.contains("\"><img src=x>"));

    let (_, secret) = db.create_enroll_secret("t", "test").await.unwrap();
    let machine = Machine {
        machine_id: "m-1".into(),
        hostname: "<b>host</b>".into(),
        os: "linux".into(),
        os_version: "6".into(),
        user: Some("<img src=x onerror=alert(1)>".into()),
    };
    let enrolled = db
        .enroll(&secret, &machine, "0.1.0")
        .await
        .unwrap()
        .unwrap();
    let ev = Event {
        event_id: "e-1".into(),
        seq: 1,
        occurred_at: 1_700_000_000,
        policy_version: 1,
        user: machine.user.clone(),
        kind: EventKind::SelfReport {
            tool: ToolRef {
                id: Some("chatgpt".into()),
                name: "ChatGPT".into(),
                tier: Some(3),
                domain: Some("chatgpt.com".into()),
                app: None,
            },
            data_classes: vec!["Confidential".into()],
            disclosed_at: 1_700_000_000,
            description: "pasted a <customer> list".into(),
        },
    };
    let (_, created) = db
        .store_events(&enrolled.device_id, "epoch", &[ev], false)
        .await
        .unwrap();
    let (_, _, page) = b.get("/console/endpoints").await;
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;") && !page.contains("<img src=x"));
    assert!(page.contains("&lt;b&gt;host&lt;&#x2F;b&gt;"));
    let (_, _, page) = b.get("/console/incidents?kind=self_report").await;
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;") && !page.contains("<img src=x"));

    // The self-report page: escaped description, the 72-hour clock, deletion steps, triage.
    let id = &created[0];
    let (st, _, page) = b.get(&format!("/console/incidents/{id}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("pasted a &lt;customer&gt; list"));
    assert!(page.contains("Breach-notification deadline") && page.contains("data-deadline="));
    assert!(page.contains("Deleting the conversation in ChatGPT") && page.contains("chatgpt.com"));
    assert!(
        page.contains(r#"Vendor's page: <a href="https://privacy.openai.com/""#),
        "the vendor's page from the register"
    );
    let (st, _, _) = b
        .post(
            &format!("/console/incidents/{id}/triage"),
            &[
                ("csrf", &token),
                ("status", "triaged"),
                ("note", "asked to delete <now>"),
            ],
        )
        .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    assert_eq!(db.event(id).await.unwrap().unwrap().status, "triaged");
    let (_, _, page) = b.get(&format!("/console/incidents/{id}")).await;
    assert!(page.contains("asked to delete &lt;now&gt;") && page.contains("new → triaged"));
    s.running.shutdown().await.unwrap();
}

#[tokio::test]
async fn exports_are_attachments_with_headers() {
    let s = start().await;
    let mut b = admin(&s).await;
    for (path, head) in [
        (
            "/console/export/incidents.csv",
            "id,device_id,event_id,kind,occurred_at",
        ),
        (
            "/console/export/acks.csv",
            "device_id,user,aup_version,acked_at",
        ),
    ] {
        let (st, h, body) = b.get(path).await;
        assert_eq!(st, StatusCode::OK, "{path}");
        assert!(body.starts_with(head), "{path}: {body}");
        assert!(h["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"airlock-"));
        assert!(h["content-type"].to_str().unwrap().starts_with("text/csv"));
    }
    let (st, h, _) = b.get("/console/export/incidents.jsonl").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(h["content-type"], "application/x-ndjson");
    let (st, _, _) = b.get("/console/export/passwords.csv").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    s.running.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_aup_editor_raises_the_version() {
    let s = start().await;
    let mut b = admin(&s).await;
    let (_, _, page) = b.get("/console/aup").await;
    assert!(page.contains("Acknowledgments"));
    let token = csrf(&page);
    let (st, _, page) = b
        .post(
            "/console/aup",
            &[
                ("csrf", &token),
                ("version", "2099-01-01"),
                ("text", "# Our AI policy\n\nBe careful.\n"),
            ],
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{page}");
    assert!(page.contains("Saved revision"));
    let rev = s.running.state.db.revision(None).await.unwrap().unwrap();
    let policy = airlock_policy::Policy::compile(&rev.files).unwrap();
    assert_eq!(policy.aup().version, "2099-01-01");
    assert!(policy.aup().text.contains("Be careful."));
    s.running.shutdown().await.unwrap();
}

#[tokio::test]
async fn repeated_sign_in_attempts_are_rate_limited() {
    let s = start().await;
    let mut b = Browser::new(&s);
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let (st, _, _) = b.login("admin", "guess").await;
        statuses.push(st);
        if st == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
    }
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    assert!(statuses[..statuses.len() - 1]
        .iter()
        .all(|s| *s == StatusCode::UNAUTHORIZED));
    s.running.shutdown().await.unwrap();
}

#[tokio::test]
async fn approving_an_access_request_moves_the_tool_and_publishes() {
    let s = start().await;
    let db = &s.running.state.db;
    let (_, secret) = db.create_enroll_secret("t", "test").await.unwrap();
    let machine = Machine {
        machine_id: "m-2".into(),
        hostname: "laptop".into(),
        os: "linux".into(),
        os_version: "6".into(),
        user: Some("dana".into()),
    };
    let device = db
        .enroll(&secret, &machine, "0.1.0")
        .await
        .unwrap()
        .unwrap()
        .device_id;
    let ask = |access_id: &str, tool: &str| AccessRequest {
        request_id: format!("r-{access_id}"),
        sent_at: 1,
        access_id: access_id.into(),
        user: "dana".into(),
        tool: ToolRef {
            id: Some(tool.into()),
            name: tool.into(),
            tier: Some(4),
            domain: None,
            app: None,
        },
        data_class: "Internal".into(),
        reason: "translation of <internal> memos".into(),
    };
    assert!(db
        .store_access_request(&device, &ask("a-1", "deepseek"))
        .await
        .unwrap());
    assert!(db
        .store_access_request(&device, &ask("a-2", "grok"))
        .await
        .unwrap());
    let pending = db.access_requests(Some("pending")).await.unwrap();
    let id_of = |t: &str| {
        pending
            .iter()
            .find(|r| r.tool_id.as_deref() == Some(t))
            .unwrap()
            .id
            .clone()
    };
    let (approve, deny) = (id_of("deepseek"), id_of("grok"));

    let mut b = admin(&s).await;
    let (_, _, page) = b.get("/console/requests").await;
    assert!(page.contains("translation of &lt;internal&gt; memos"));
    // The register's name for the entry is shown, with what the request claims beside it.
    assert!(
        page.contains("DeepSeek Chat (the request says “deepseek”)"),
        "{page}"
    );
    let token = csrf(&page);
    let v0 = db.latest_bundle().await.unwrap().unwrap().0;
    let (st, _, _) = b
        .post(
            &format!("/console/requests/{approve}/approve"),
            &[("csrf", &token), ("tier", "2"), ("note", "ok for Internal")],
        )
        .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let r = db.access_request(&approve).await.unwrap().unwrap();
    assert_eq!(r.status, AccessRequestStatus::Approved.as_str());
    assert_eq!(r.decided_by.as_deref(), Some("admin"));
    assert_eq!(
        db.latest_bundle().await.unwrap().unwrap().0,
        v0 + 1,
        "the change is published"
    );
    let rev = db.revision(None).await.unwrap().unwrap();
    let policy = airlock_policy::Policy::compile(&rev.files).unwrap();
    assert_eq!(policy.register().get("deepseek").unwrap().spec.tier, 2);

    let (st, _, _) = b
        .post(
            &format!("/console/requests/{deny}/deny"),
            &[("csrf", &token), ("note", "not approved")],
        )
        .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    assert_eq!(
        db.access_request(&deny).await.unwrap().unwrap().status,
        "denied"
    );
    // A decided request cannot be decided again.
    let (st, _, _) = b
        .post(
            &format!("/console/requests/{deny}/deny"),
            &[("csrf", &token), ("note", "again")],
        )
        .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    s.running.shutdown().await.unwrap();
}
