//! Shared test helpers: load the repository's `rules/` directory.
#![allow(dead_code, missing_docs)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use airlock_classifier::{RuleSet, RuleSource, Scanner, ScannerBuilder};
use std::path::PathBuf;

pub fn rules_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../rules/detectors")
}

/// (path, text) of every rule file, sorted by name.
pub fn rule_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(rules_dir())
        .expect("rules/detectors exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("rule file is UTF-8");
            (
                format!(
                    "rules/detectors/{}",
                    p.file_name().unwrap().to_string_lossy()
                ),
                text,
            )
        })
        .collect();
    files.sort();
    files
}

pub fn default_rules() -> RuleSet {
    let files = rule_files();
    let sources: Vec<RuleSource> = files
        .iter()
        .map(|(n, t)| RuleSource { name: n, text: t })
        .collect();
    match RuleSet::load(&sources) {
        Ok(r) => r,
        Err(e) => panic!("rules/ does not load:\n{e}"),
    }
}

pub fn default_scanner() -> Scanner {
    ScannerBuilder::new().build(default_rules())
}
