//! The HTTP surface: the agent API, health and metrics, and the console; plus the middleware
//! that records every request in the metrics and in a structured log line (route, status,
//! latency: never bodies).

pub mod agent;
pub mod body;
pub mod error;

use crate::state::Shared;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::time::Instant;

/// All routes.
pub fn router(state: Shared) -> Router {
    use airlock_wire::paths;
    let agent = Router::new()
        .route(paths::ENROLL, post(agent::enroll))
        .route(paths::CHECKIN, post(agent::checkin))
        .route(
            &format!("{}/{{version}}", paths::BUNDLES),
            get(agent::bundle),
        )
        .route(paths::EVENTS, post(agent::events))
        .route(paths::AUP_ACKS, post(agent::aup_ack))
        .route(
            paths::ACCESS_REQUESTS,
            post(agent::file_access_request).get(agent::list_access_requests),
        );
    Router::new()
        .merge(agent)
        .merge(crate::console::router())
        .route(
            "/",
            get(|| async { axum::response::Redirect::to("/console/") }),
        )
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(state.clone(), record))
        .with_state(state)
}

/// The client's address: the connection's peer, or, behind a proxy (`behind_proxy`), the
/// address the proxy appended last to `X-Forwarded-For` (the one it saw; earlier entries come
/// from the client and can be forged).
pub fn client_ip(
    s: &Shared,
    peer: std::net::SocketAddr,
    headers: &axum::http::HeaderMap,
) -> std::net::IpAddr {
    if !s.config.behind_proxy {
        return peer.ip();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
        .next_back()
        .unwrap_or(peer.ip())
}

async fn method_not_allowed() -> error::ApiError {
    error::ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not take that method (see docs/protocol.md)",
    )
}

async fn not_found() -> error::ApiError {
    error::ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such route")
}

async fn record(State(s): State<Shared>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().clone();
    let start = Instant::now();
    let res = next.run(req).await;
    let secs = start.elapsed().as_secs_f64();
    let status = res.status().as_u16();
    s.metrics.request(&route, status, secs);
    if status >= 500 {
        tracing::warn!(%method, route, status, ms = secs * 1000.0, "request");
    } else {
        tracing::debug!(%method, route, status, ms = secs * 1000.0, "request");
    }
    res
}

/// `GET /healthz`: 200 when the database answers.
async fn healthz(State(s): State<Shared>) -> Response {
    if s.db.ping().await {
        (StatusCode::OK, "ok\n").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response()
    }
}

/// `GET /metrics`: Prometheus text.
async fn metrics(State(s): State<Shared>) -> Response {
    let latest = s.latest.borrow().0 as f64;
    let body = s.metrics.render(&[
        ("bundle_version", "Newest signed bundle version.", latest),
        (
            "longpoll_waiting",
            "Agents waiting in long-polls.",
            s.limits.waiting() as f64,
        ),
    ]);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}
