//! Test helpers: reading rules directories, replacing files, fixed clocks.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use airlock_policy::{is_bundle_path, Policy, RuleFile};
use std::path::{Path, PathBuf};

/// 2026-11-22T00:00:00Z.
pub const NOW: u64 = 1_795_305_600;

pub fn repo_rules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

pub fn mini_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini")
}

/// The bundle files of a rules directory, relative paths, sorted.
pub fn read_dir(dir: &Path) -> Vec<RuleFile> {
    let mut out = Vec::new();
    for sub in ["", "detectors", "edm", "tools"] {
        let d = if sub.is_empty() {
            dir.to_path_buf()
        } else {
            dir.join(sub)
        };
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd {
            let p = e.unwrap().path();
            if !p.is_file() {
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let rel = if sub.is_empty() {
                name
            } else {
                format!("{sub}/{name}")
            };
            if is_bundle_path(&rel) {
                out.push(RuleFile::new(rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// `files` with `path` replaced (or added) with `text`.
pub fn with_file(files: &[RuleFile], path: &str, text: &str) -> Vec<RuleFile> {
    let mut out: Vec<RuleFile> = files.iter().filter(|f| f.path != path).cloned().collect();
    out.push(RuleFile::new(path, text));
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

pub fn mini() -> Vec<RuleFile> {
    read_dir(&mini_dir())
}

pub fn mini_with_policy(extra: &str) -> Policy {
    let base = "[aup]\nversion = \"test-1\"\nfile = \"aup.md\"\n";
    let files = with_file(&mini(), "policy.toml", &format!("{base}{extra}"));
    match Policy::compile(&files) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

pub fn compile_errors(files: &[RuleFile]) -> Vec<String> {
    match Policy::compile(files) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(|e| e.to_string()).collect(),
    }
}
