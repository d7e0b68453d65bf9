//! Helpers of the console tests: a server started in-process with its bootstrap password, and
//! a minimal browser that keeps cookies and does not follow redirects.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)] // test code

use airlock_server::config::Config;
use airlock_server::Running;
use reqwest::header::{HeaderMap, COOKIE, LOCATION, ORIGIN, SET_COOKIE};
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

pub struct Server {
    pub running: Running,
    pub password: String,
    _dir: tempfile::TempDir,
}

pub async fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    let sink = seen.clone();
    let announce = Arc::new(move |m: &str| {
        if let Some(rest) = m.split("with password ").nth(1) {
            *sink.lock().unwrap() = rest.split_whitespace().next().unwrap_or("").to_string();
        }
    });
    let running = airlock_server::start(Config::for_dir(dir.path(), None).unwrap(), announce)
        .await
        .unwrap();
    let password = seen.lock().unwrap().clone();
    assert!(
        !password.is_empty(),
        "the bootstrap password was not announced"
    );
    Server {
        running,
        password,
        _dir: dir,
    }
}

/// A minimal browser: keeps cookies, does not follow redirects.
pub struct Browser {
    http: reqwest::Client,
    base: String,
    pub cookies: BTreeMap<String, String>,
}

impl Browser {
    pub fn new(s: &Server) -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: s.running.url(),
            cookies: BTreeMap::new(),
        }
    }

    pub fn keep(&mut self, h: &HeaderMap) {
        for v in h.get_all(SET_COOKIE) {
            let v = v.to_str().unwrap();
            let (kv, attrs) = v.split_once(';').unwrap_or((v, ""));
            let (k, val) = kv.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), val.to_string());
            }
        }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn get(&mut self, path: &str) -> (StatusCode, HeaderMap, String) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        let (status, headers) = (r.status(), r.headers().clone());
        self.keep(&headers);
        (status, headers, r.text().await.unwrap())
    }

    pub async fn post_with(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        origin: Option<&str>,
    ) -> (StatusCode, HeaderMap, String) {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .form(form);
        if let Some(o) = origin {
            req = req.header(ORIGIN, o);
        }
        let r = req.send().await.unwrap();
        let (status, headers) = (r.status(), r.headers().clone());
        self.keep(&headers);
        (status, headers, r.text().await.unwrap())
    }

    pub async fn post(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, String) {
        let origin = self.base.clone();
        self.post_with(path, form, Some(&origin)).await
    }

    /// Signs in; the status of the sign-in POST.
    pub async fn login(&mut self, name: &str, password: &str) -> (StatusCode, HeaderMap, String) {
        let (st, _, page) = self.get("/console/login").await;
        assert_eq!(st, StatusCode::OK);
        let token = csrf(&page);
        self.post(
            "/console/login",
            &[("csrf", &token), ("name", name), ("password", password)],
        )
        .await
    }

    /// The CSRF token of a signed-in page.
    pub async fn token(&mut self) -> String {
        let (st, _, page) = self.get("/console/secrets").await;
        assert_eq!(st, StatusCode::OK);
        csrf(&page)
    }
}

pub fn csrf(page: &str) -> String {
    let at = page
        .find(r#"name="csrf" value=""#)
        .expect("no csrf field on the page");
    let rest = &page[at + r#"name="csrf" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

pub async fn admin(s: &Server) -> Browser {
    let mut b = Browser::new(s);
    let (st, h, _) = b.login("admin", &s.password).await;
    assert_eq!(st, StatusCode::SEE_OTHER, "sign-in should redirect");
    assert_eq!(h.get(LOCATION).unwrap(), "/console/");
    b
}
