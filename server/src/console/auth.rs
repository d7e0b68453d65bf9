//! Sign-in, sign-out and request guards.
//!
//! - Sessions live in the `airlock_session` cookie (HttpOnly, SameSite=Strict, Path=/,
//!   `Secure` when the server speaks TLS) and expire after 8 hours.
//! - [`Signed`] extracts the session of a page request; without one the browser is sent to the
//!   sign-in page.
//! - [`Post`] guards every state-changing form: same-origin `Origin`/`Referer` when present,
//!   the session's CSRF token in the `csrf` field, and the `admin` role (auditors get 403).
//! - The sign-in form uses a pre-session CSRF cookie (double submit) and is rate-limited per
//!   client address with the `sign_in` bucket.

use super::error::{ConsoleError, Result};
use super::html::bare;
use crate::db::users::{Role, Session};
use crate::state::Shared;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::html;
use std::net::SocketAddr;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "airlock_session";
/// The pre-session CSRF cookie of the sign-in form.
pub const LOGIN_COOKIE: &str = "airlock_login_csrf";
/// Session lifetime.
pub const SESSION_TTL_S: u64 = 8 * 3600;

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn set_cookie(s: &Shared, name: &str, value: &str, max_age: u64) -> Option<HeaderValue> {
    let secure = if s.config.tls.is_some() || s.config.behind_proxy {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}"
    ))
    .ok()
}

/// Compares secrets in time independent of where they differ (`subtle`).
fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The host (with the port when it is not the scheme's default, as in a `Host` header) of an
/// `Origin` or `Referer` URL, parsed with `url`.
fn url_host(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let host = u.host_str()?;
    Some(match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    })
}

/// Refuses a cross-site POST: when the browser names the page the request came from, it must
/// be this server. Browsers send `Origin: null` for forms of pages served with
/// `Referrer-Policy: no-referrer` (as the console's are): that names nothing, so the CSRF token
/// and the SameSite=Strict cookie decide alone.
pub fn check_origin(headers: &HeaderMap) -> Result<()> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let named = |name: header::HeaderName| {
        headers
            .get(name)
            .map(|v| v.to_str().unwrap_or("invalid"))
            .filter(|v| *v != "null")
    };
    let from = named(header::ORIGIN).or_else(|| named(header::REFERER));
    match (from, host) {
        (None, _) => Ok(()),
        (Some(from), Some(host))
            if url_host(from).is_some_and(|h| h.eq_ignore_ascii_case(host)) =>
        {
            Ok(())
        }
        (Some(_), _) => Err(ConsoleError::Forbidden(
            "this form was sent from another site: the request was refused".into(),
        )),
    }
}

/// A signed-in account, from the session cookie.
pub struct Signed(pub Session);

impl FromRequestParts<Shared> for Signed {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        s: &Shared,
    ) -> std::result::Result<Signed, Response> {
        let Some(c) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(Redirect::to("/console/login").into_response());
        };
        match s.db.session(&c).await {
            Ok(Some(session)) => Ok(Signed(session)),
            Ok(None) => Err(Redirect::to("/console/login").into_response()),
            Err(e) => Err(ConsoleError::Db(e).into_response()),
        }
    }
}

/// The fields of a submitted form.
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// A field's value (empty when absent).
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// A field's trimmed value, `None` when absent or blank.
    pub fn opt(&self, name: &str) -> Option<&str> {
        Some(self.get(name).trim()).filter(|v| !v.is_empty())
    }

    /// A required field, trimmed.
    pub fn need(&self, name: &str) -> Result<&str> {
        self.opt(name)
            .ok_or_else(|| ConsoleError::BadRequest(format!("the form field `{name}` is required")))
    }
}

/// A state-changing form from an admin, with its CSRF token and origin checked.
pub struct Post {
    /// Who sent it.
    pub who: Session,
    /// The fields.
    pub form: Fields,
}

async fn guarded(
    req: Request,
    s: &Shared,
    admin_only: bool,
) -> std::result::Result<Post, Response> {
    let (mut parts, body) = req.into_parts();
    let Signed(who) = Signed::from_request_parts(&mut parts, s).await?;
    check_origin(&parts.headers).map_err(IntoResponse::into_response)?;
    let req = Request::from_parts(parts, body);
    let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, s)
        .await
        .map_err(|e| ConsoleError::BadRequest(format!("unreadable form: {e}")).into_response())?;
    let form = Fields(pairs);
    if !same(form.get("csrf"), &who.csrf) {
        return Err(ConsoleError::Forbidden(
            "the form's security token is missing or stale: reload the page and try again".into(),
        )
        .into_response());
    }
    if admin_only && who.role != Role::Admin {
        return Err(ConsoleError::Forbidden(format!(
            "the account `{}` is read-only (auditor): it cannot change anything",
            who.admin
        ))
        .into_response());
    }
    Ok(Post { who, form })
}

impl FromRequest<Shared> for Post {
    type Rejection = Response;

    async fn from_request(req: Request, s: &Shared) -> std::result::Result<Post, Response> {
        guarded(req, s, true).await
    }
}

/// Like [`Post`] but open to every role (signing out).
pub struct AnyPost(pub Post);

impl FromRequest<Shared> for AnyPost {
    type Rejection = Response;

    async fn from_request(req: Request, s: &Shared) -> std::result::Result<AnyPost, Response> {
        guarded(req, s, false).await.map(AnyPost)
    }
}

fn login_page(s: &Shared, status: StatusCode, message: Option<&str>, name: &str) -> Response {
    let token = crate::secret::new_token();
    let body = html! {
        main class="login" {
            h1 { "Airlock console" }
            @if let Some(m) = message { div class="box error" { (m) } }
            form method="post" action="/console/login" {
                input type="hidden" name="csrf" value=(token);
                label {
                    "Account" br;
                    input type="text" name="name" value=(name) autocomplete="username" required autofocus;
                }
                label {
                    "Password" br;
                    input type="password" name="password" autocomplete="current-password" required;
                }
                button type="submit" { "Sign in" }
            }
        }
    };
    let mut r = bare(status, "Sign in", body);
    if let Some(v) = set_cookie(s, LOGIN_COOKIE, &token, 3600) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// `GET /console/login`.
pub async fn login_form(State(s): State<Shared>) -> Response {
    login_page(&s, StatusCode::OK, None, "")
}

/// `POST /console/login`: checks the pre-session token, the rate limit and the password.
pub async fn login(
    State(s): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    check_origin(&headers)?;
    let form = Fields(pairs);
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same(form.get("csrf"), &expected) {
        return Err(ConsoleError::Forbidden(
            "the sign-in form expired or cookies are disabled: reload the sign-in page".into(),
        ));
    }
    let ip = crate::api::client_ip(&s, peer, &headers);
    if let Err(retry) = s.limits.sign_in.take(&ip) {
        tracing::warn!(ip = %ip, "console sign-in rate limit hit");
        return Err(ConsoleError::TooMany(retry));
    }
    let name = form.get("name").trim().to_string();
    let password = form.get("password").to_string();
    if name.is_empty() || password.is_empty() {
        return Ok(login_page(
            &s,
            StatusCode::UNAUTHORIZED,
            Some("Give an account name and a password."),
            &name,
        ));
    }
    let db = s.db.clone();
    let role = {
        let (n, p) = (name.clone(), password);
        // argon2 is deliberately slow: keep it off the async workers.
        tokio::task::spawn_blocking(move || {
            tokio::runtime::Handle::current()
                .block_on(async move { db.check_password(&n, &p).await })
        })
        .await
        .map_err(|e| ConsoleError::internal("checking the password", e))??
    };
    let Some(_role) = role else {
        tracing::info!(ip = %ip, "console sign-in failed");
        return Ok(login_page(
            &s,
            StatusCode::UNAUTHORIZED,
            Some("Wrong account name or password."),
            &name,
        ));
    };
    let id = s.db.create_session(&name, SESSION_TTL_S).await?;
    s.db.audit(&name, "sign_in", &format!("from {ip}")).await?;
    let mut r = Redirect::to("/console/").into_response();
    if let Some(v) = set_cookie(&s, SESSION_COOKIE, &id, SESSION_TTL_S) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    if let Some(v) = set_cookie(&s, LOGIN_COOKIE, "", 0) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(r)
}

/// `POST /console/logout`.
pub async fn logout(
    State(s): State<Shared>,
    headers: HeaderMap,
    AnyPost(p): AnyPost,
) -> Result<Response> {
    if let Some(c) = cookie(&headers, SESSION_COOKIE) {
        s.db.end_session(&c).await?;
    }
    s.db.audit(&p.who.admin, "sign_out", "").await?;
    let mut r = Redirect::to("/console/login").into_response();
    if let Some(v) = set_cookie(&s, SESSION_COOKIE, "", 0) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_and_origins() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; airlock_session=abc; b=2"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
        h.insert(
            header::HOST,
            HeaderValue::from_static("console.example:8443"),
        );
        assert!(check_origin(&h).is_ok());
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://console.example:8443"),
        );
        assert!(check_origin(&h).is_ok());
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(check_origin(&h).is_err());
        // The host comes from the parsed URL: user info is not the host.
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://console.example:8443@evil.example"),
        );
        assert!(check_origin(&h).is_err());
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(check_origin(&h).is_ok(), "an opaque origin names nothing");
        h.insert(
            header::REFERER,
            HeaderValue::from_static("https://evil.example/page"),
        );
        assert!(check_origin(&h).is_err());
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
