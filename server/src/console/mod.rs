//! The admin console: server-rendered pages under `/console/` (sign-in, overview, incidents,
//! AI tool register, policy and publishing, AUP, endpoints, access requests, enrollment
//! secrets, exports). No JavaScript framework: plain forms, a small static style sheet and one
//! tiny script. Every response carries a strict Content-Security-Policy, `X-Frame-Options:
//! DENY`, `Referrer-Policy: no-referrer` and `Cache-Control: no-store`; every value printed is
//! HTML-escaped; every POST checks the session's CSRF token and the admin role.

pub mod access;
pub mod aup;
pub mod auth;
pub mod dashboard;
pub mod deletion;
pub mod diff;
pub mod endpoints;
pub mod error;
pub mod exports;
pub mod html;
pub mod incidents;
pub mod policy;
pub mod register;
pub mod rules;
pub mod secrets;
pub mod tools;

use crate::state::Shared;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::response::{Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

/// The console's Content-Security-Policy: nothing inline, nothing from elsewhere.
pub const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// The console's routes.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/console", get(|| async { Redirect::to("/console/") }))
        .route("/console/", get(dashboard::overview))
        .route("/console/alerts/{id}/close", post(dashboard::close_alert))
        .route("/console/login", get(auth::login_form).post(auth::login))
        .route("/console/logout", post(auth::logout))
        .route("/console/static/console.css", get(html::css))
        .route("/console/static/console.js", get(html::js))
        .route("/console/incidents", get(incidents::list))
        .route("/console/incidents/{id}", get(incidents::detail))
        .route("/console/incidents/{id}/triage", post(incidents::triage))
        .route("/console/tools", get(tools::list))
        .route("/console/tools/tier", post(tools::set_tier))
        .route("/console/tools/add", post(tools::add))
        .route("/console/tools/{id}", get(tools::detail))
        .route("/console/tools/{id}/matchers", post(tools::matchers))
        .route("/console/policy", get(policy::show))
        .route("/console/policy/save", post(policy::save))
        .route("/console/policy/publish", post(policy::publish))
        .route("/console/policy/revisions/{id}", get(policy::revision))
        .route("/console/policy/rollback", post(policy::rollback))
        .route(
            "/console/policy/upload",
            post(policy::upload).layer(DefaultBodyLimit::max(32 * 1024 * 1024)),
        )
        .route("/console/aup", get(aup::show).post(aup::save))
        .route("/console/endpoints", get(endpoints::list))
        .route("/console/endpoints/{id}/revoke", post(endpoints::revoke))
        .route(
            "/console/endpoints/unblock/{machine}",
            post(endpoints::unblock),
        )
        .route("/console/requests", get(access::list))
        .route("/console/requests/{id}/approve", post(access::approve))
        .route("/console/requests/{id}/deny", post(access::deny))
        .route("/console/secrets", get(secrets::list).post(secrets::create))
        .route("/console/secrets/{id}/revoke", post(secrets::revoke))
        .route("/console/export/{file}", get(exports::export))
        .layer(axum::middleware::map_response(security_headers))
}
