//! Shared test helpers: load the repository's `rules/` directory (the detectors, and the sample
//! exact-data-match sets of `rules/edm/`).
#![allow(dead_code, missing_docs)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use airlock_classifier::{RuleSet, RuleSource, Scanner, ScannerBuilder};
use std::path::PathBuf;

pub fn rules_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../rules/detectors")
}

pub fn edm_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../rules/edm")
}

/// (path, text) of every rule file, sorted by name.
pub fn rule_files() -> Vec<(String, String)> {
    toml_files(&rules_dir(), "rules/detectors")
}

/// (path, text) of every sample exact-data-match file, sorted by name.
pub fn edm_files() -> Vec<(String, String)> {
    toml_files(&edm_dir(), "rules/edm")
}

fn toml_files(dir: &std::path::Path, shown: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{shown} exists: {e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("rule file is UTF-8");
            (
                format!("{shown}/{}", p.file_name().unwrap().to_string_lossy()),
                text,
            )
        })
        .collect();
    files.sort();
    files
}

pub fn default_rules() -> RuleSet {
    load(&rule_files())
}

/// The detectors plus the sample exact-data-match sets.
pub fn rules_with_edm() -> RuleSet {
    let mut files = rule_files();
    files.extend(edm_files());
    load(&files)
}

pub fn load(files: &[(String, String)]) -> RuleSet {
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
