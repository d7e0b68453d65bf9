//! Fuzzes the extractor entry point: any bytes must end in segments or an `Unscannable`
//! reason, within the time budget, never a panic or a hang. The corpus starts from the
//! fixture documents (`-seed_inputs` or copy `tests/fixtures/*` into `corpus/extract`).
#![no_main]

use airlock_extract::{extract, Limits};
use libfuzzer_sys::fuzz_target;
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_decompressed_bytes: 32 << 20,
        time_budget: Duration::from_secs(2),
        ..Limits::default()
    };
    let ex = extract("fuzz", data, &limits);
    for s in &ex.segments {
        // Every offset of every segment has a location.
        let _ = s.location_at(s.text.len());
    }
});
