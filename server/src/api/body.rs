//! Request bodies: read with a byte limit, gunzipped with a second limit on the inflated size,
//! parsed as JSON with the position of the first problem in the error. Every failure is a 4xx
//! with a stable code: `body_too_large`, `bad_encoding`, `malformed_json`.

use super::error::ApiError;
use axum::body::Body;
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use std::io::Read as _;

/// How long a client may take to send a body (slow senders would otherwise hold connections
/// and memory).
pub const BODY_DEADLINE: std::time::Duration = std::time::Duration::from_secs(15);

/// Reads and parses a JSON body: at most `limit` bytes on the wire and `inflated` once
/// decompressed.
pub async fn json<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    inflated: usize,
) -> Result<T, ApiError> {
    let raw = tokio::time::timeout(BODY_DEADLINE, axum::body::to_bytes(body, limit))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "body_timeout",
                format!(
                    "the request body did not arrive within {} s",
                    BODY_DEADLINE.as_secs()
                ),
            )
        })?
        .map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!("the request body is larger than {limit} bytes: send smaller batches"),
            )
        })?;
    let encoding = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("identity")
        .trim()
        .to_ascii_lowercase();
    let bytes: Vec<u8> = match encoding.as_str() {
        "identity" | "" => raw.to_vec(),
        "gzip" => {
            let mut out = Vec::new();
            let mut d = flate2::read::GzDecoder::new(&raw[..]).take(inflated as u64 + 1);
            d.read_to_end(&mut out).map_err(|e| {
                ApiError::bad("bad_encoding", format!("the gzip body is corrupt: {e}"))
            })?;
            if out.len() > inflated {
                return Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    format!("the request body inflates beyond {inflated} bytes"),
                ));
            }
            out
        }
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "bad_encoding",
                format!("content encoding `{other}` is not supported: send identity or gzip"),
            ))
        }
    };
    serde_json::from_slice(&bytes).map_err(|e| ApiError::bad("malformed_json", describe(&e)))
}

/// A JSON error for people: its kind and position only, never the text around it (serde's
/// messages quote values, field names and variants from the body, which may be content).
pub fn describe(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Io => "an unreadable body",
        serde_json::error::Category::Syntax => "a JSON syntax error",
        serde_json::error::Category::Data => {
            "a value of the wrong type, an unknown field or variant, or a missing field"
        }
        serde_json::error::Category::Eof => "a body that ends too early",
    };
    format!(
        "the request body is not a valid message: {what} at line {} column {} (see docs/protocol.md)",
        e.line(),
        e.column()
    )
}
