//! gitleaks' own default configuration imported beside the built-in detectors, the recommended
//! way (`rules/README.md`): the importer's output written into a copy of `rules/` passes
//! `airlock rules check`, duplicates of built-in detectors are left out, and on overlap the
//! built-in detector's finding is the one reported.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::airlock;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Copies the rules directory (two levels: files and the `detectors/`, `edm/`, `tools/` folders).
fn copy_rules(to: &Path) {
    let from = repo("rules");
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(&from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            for f in std::fs::read_dir(&p).unwrap() {
                let f = f.unwrap().path();
                if f.is_file() {
                    std::fs::copy(&f, dest.join(f.file_name().unwrap())).unwrap();
                }
            }
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn gitleaks_default_config_beside_the_builtin_rules_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    copy_rules(&rules);
    let out = rules.join("detectors/gitleaks.toml");
    let conf = repo("crates/airlock-import/tests/data/gitleaks.toml");
    let o = airlock(&["rules", "import-gitleaks", s(&conf), "-o", s(&out)], None);
    // Exit 1: three rules of the default config cannot be converted (a path-only rule, ...).
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let report = text(&o);
    assert!(
        report.contains(
            "duplicate aws-access-token: not imported, the existing detector aws_access_key_id"
        ),
        "{report}"
    );
    assert!(report.contains("3 skipped"), "{report}");
    let o = airlock(&["rules", "check", s(&rules)], None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("OK:"), "{}", text(&o));

    // Importing again over the same file: the old output is not part of what it is checked
    // beside, so the result is the same.
    let first = std::fs::read_to_string(&out).unwrap();
    let o = airlock(
        &[
            "rules",
            "import-gitleaks",
            s(&conf),
            "-o",
            s(&out),
            "--beside",
            s(&rules),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);

    // On overlap the built-in detector wins: a GitHub token is reported as `github_pat`, not as
    // the imported `gitleaks_github_pat`.
    let token = ["ghp_", "x7Kq2mR9tLw4Zp8Vn3Bc6Yd1Hf5Js0GaEuNi"].concat();
    let o = airlock(
        &["scan", "--format", "json", "--rules", s(&rules), "-"],
        Some(format!("export GITHUB_TOKEN={token}\n").as_bytes()),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let types: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["type"].as_str())
        .collect();
    assert_eq!(types.len(), 1, "{types:?}");
    assert!(!types[0].starts_with("gitleaks_"), "{types:?}");
}

#[test]
fn alone_imports_every_convertible_rule() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gitleaks.toml");
    let conf = repo("crates/airlock-import/tests/data/gitleaks.toml");
    let o = airlock(
        &[
            "rules",
            "import-gitleaks",
            s(&conf),
            "-o",
            s(&out),
            "--alone",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("0 duplicate(s) of existing detectors left out"),
        "{}",
        text(&o)
    );
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("id = \"gitleaks_aws_access_token\""));
}
