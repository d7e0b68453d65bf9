//! Shared helpers of the fixture tests: the fixture directory, its manifest, extraction with
//! limits, and locating values in an extraction.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use airlock_extract::{extract, Extraction, Limits};
use serde_json::{Map, Value};
use std::path::PathBuf;

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn manifest() -> Vec<Value> {
    let text = std::fs::read_to_string(fixtures().join("manifest.json")).expect("manifest.json");
    serde_json::from_str(&text).expect("manifest.json is JSON")
}

pub fn run_with(file: &str, limits: &Limits) -> Extraction {
    let bytes = std::fs::read(fixtures().join(file)).expect("fixture");
    extract(file, &bytes, limits)
}

pub fn run(file: &str) -> Extraction {
    run_with(file, &Limits::default())
}

/// Whether `value` occurs in a segment at a location matching every key of `expected`.
pub fn found_at(x: &Extraction, value: &str, expected: &Map<String, Value>) -> bool {
    x.segments.iter().any(|s| {
        let text = String::from_utf8_lossy(&s.text);
        text.match_indices(value).any(|(at, _)| {
            let loc = serde_json::to_value(s.location_at(at)).expect("location as JSON");
            expected.iter().all(|(k, v)| loc.get(k) == Some(v))
        })
    })
}

/// Where `value` occurs (for failure messages).
pub fn places(x: &Extraction, value: &str) -> Vec<String> {
    x.segments
        .iter()
        .flat_map(|s| {
            let text = String::from_utf8_lossy(&s.text).into_owned();
            text.match_indices(value)
                .map(|(at, _)| s.location_at(at).to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}
