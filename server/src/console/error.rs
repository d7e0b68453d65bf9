//! Console errors, answered as small HTML pages with the right status. Storage and internal
//! errors are logged with their cause and shown without it.

use super::html::bare;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::html;

/// Why a console request failed.
#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    /// The database failed.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    /// Not allowed: wrong CSRF token, foreign origin, or a read-only account.
    #[error("{0}")]
    Forbidden(String),
    /// No such thing.
    #[error("{0}")]
    NotFound(String),
    /// The request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// Too many sign-in attempts; retry after this many seconds.
    #[error("too many sign-in attempts: retry in {0} s")]
    TooMany(u64),
    /// Something failed on the server (the cause is logged).
    #[error("{0}")]
    Internal(String),
}

impl ConsoleError {
    /// An internal error, logging its cause.
    pub fn internal(what: &str, cause: impl std::fmt::Display) -> ConsoleError {
        tracing::error!(error = %cause, what, "console error");
        ConsoleError::Internal(format!("{what} failed: the server logged the cause"))
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        let (status, title) = match &self {
            ConsoleError::Db(e) => {
                tracing::error!(error = %e, "console database error");
                (StatusCode::SERVICE_UNAVAILABLE, "Database unavailable")
            }
            ConsoleError::Forbidden(_) => (StatusCode::FORBIDDEN, "Forbidden"),
            ConsoleError::NotFound(_) => (StatusCode::NOT_FOUND, "Not found"),
            ConsoleError::BadRequest(_) => (StatusCode::BAD_REQUEST, "Bad request"),
            ConsoleError::TooMany(_) => (StatusCode::TOO_MANY_REQUESTS, "Too many attempts"),
            ConsoleError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Server error"),
        };
        let message = match &self {
            ConsoleError::Db(_) => {
                "The server could not reach its database. Retry in a moment.".to_string()
            }
            other => other.to_string(),
        };
        let body = html! {
            main class="login" {
                h1 { (title) }
                p { (message) }
                p { a href="/console/" { "Back to the console" } }
            }
        };
        let mut r = bare(status, title, body);
        if let ConsoleError::TooMany(s) = self {
            if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        r
    }
}

/// Console handler results.
pub type Result<T> = std::result::Result<T, ConsoleError>;
