//! Fuzzes the rule loader: any text must load or produce `file:line:` errors, never panic.
#![no_main]

use airlock_classifier::{RuleSet, RuleSource};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = RuleSet::load(&[RuleSource { name: "fuzz.toml", text }]) {
            for err in &e.0 {
                assert!(err.line >= 1);
            }
        }
    }
});
