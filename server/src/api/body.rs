//! Request bodies: read with a byte limit, gunzipped with a second limit on the inflated size,
//! parsed as JSON with the position of the first problem in the error. Every failure is a 4xx
//! with a stable code: `body_too_large`, `bad_encoding`, `malformed_json`.

use super::error::ApiError;
use axum::body::Body;
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use std::io::Read as _;

/// Reads and parses a JSON body: at most `limit` bytes on the wire and `inflated` once
/// decompressed.
pub async fn json<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    inflated: usize,
) -> Result<T, ApiError> {
    let raw = axum::body::to_bytes(body, limit).await.map_err(|_| {
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

/// A JSON error for people, without quoting values from the body (they may be content).
pub fn describe(e: &serde_json::Error) -> String {
    let text = e.to_string();
    if text.contains('"') {
        format!(
            "the request body is not a valid message: {:?} error at line {} column {}",
            e.classify(),
            e.line(),
            e.column()
        )
    } else {
        format!("the request body is not a valid message: {text}")
    }
}
