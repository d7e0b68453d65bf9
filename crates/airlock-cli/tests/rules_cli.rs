//! `airlock rules` and `airlock explain` as processes: check a rules directory, make keys, sign
//! a key list, build and verify a bundle (and reject a tampered one), explain decisions.

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

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn the_shipped_rules_pass_check() {
    let o = airlock(&["rules", "check", s(&rules_dir())], None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("OK:"), "{}", text(&o));
    assert!(
        text(&o).contains("warning: policy.toml still has the fingerprint key shipped"),
        "{}",
        text(&o)
    );
    let o = airlock(&["rules", "keygen", "--fingerprint-key"], None);
    let key = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert_eq!(key.len(), 64, "{key}");
    assert!(key.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn check_reports_every_error_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&rules_dir(), dir.path());
    std::fs::write(
        dir.path().join("tools/broken.toml"),
        "[[tool]]\nid = \"Bad Id\"\nname = \"x\"\nvendor = \"y\"\nkind = \"chat\"\ntier = 7\ndomains = [\"bad.example\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("agent.toml"), "checkin_interval_s = 5\n").unwrap();
    let o = airlock(&["rules", "check", s(dir.path())], None);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("tools/broken.toml:1: tool id `Bad Id` must be lowercase"),
        "{out}"
    );
    assert!(
        out.contains("tools/broken.toml:1: tool `Bad Id`: tier must be 1 to 4, not 7"),
        "{out}"
    );
    assert!(
        out.contains("agent.toml:1: `checkin_interval_s` must be 60 to 3600 seconds"),
        "{out}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn keygen_keys_build_verify_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n);
    for k in ["root.key", "signing.key"] {
        let o = airlock(&["rules", "keygen", "-o", s(&d(k))], None);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(d("root.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "secret keys are private");
    }
    let o = airlock(&["rules", "keygen", "-o", s(&d("root.key"))], None);
    assert_eq!(o.status.code(), Some(2), "never overwrites a key silently");

    let o = airlock(
        &[
            "rules",
            "keys",
            "--root",
            s(&d("root.key")),
            "--signing-key",
            s(&d("signing.key.pub")),
            "--tenant",
            "acme",
            "-o",
            s(&d("keyset.json")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = airlock(
        &[
            "rules",
            "build",
            s(&rules_dir()),
            "--key",
            s(&d("signing.key")),
            "--keyset",
            s(&d("keyset.json")),
            "--version",
            "5",
            "-o",
            s(&d("bundle.json")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("bundle version 5 for tenant `acme`"),
        "{}",
        text(&o)
    );

    let o = airlock(
        &[
            "rules",
            "verify",
            s(&d("bundle.json")),
            "--root",
            s(&d("root.key.pub")),
            "--tenant",
            "acme",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("OK") && text(&o).contains("version 5"),
        "{}",
        text(&o)
    );

    // The wrong root, a tampered byte, a rollback: each rejected with its reason.
    let o = airlock(
        &[
            "rules",
            "verify",
            s(&d("bundle.json")),
            "--root",
            s(&d("signing.key.pub")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("REJECTED: signed by unknown key"),
        "{}",
        text(&o)
    );

    let bundle = std::fs::read_to_string(d("bundle.json")).unwrap();
    let tampered = bundle.replacen("\"payload\": \"eyJ", "\"payload\": \"eyK", 1);
    assert_ne!(tampered, bundle);
    std::fs::write(d("tampered.json"), tampered).unwrap();
    let o = airlock(
        &[
            "rules",
            "verify",
            s(&d("tampered.json")),
            "--root",
            s(&d("root.key.pub")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("REJECTED"), "{}", text(&o));

    let o = airlock(
        &[
            "rules",
            "build",
            s(&rules_dir()),
            "--key",
            s(&d("signing.key")),
            "--keyset",
            s(&d("keyset.json")),
            "--version",
            "4",
            "-o",
            s(&d("older.json")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = airlock(
        &[
            "rules",
            "verify",
            s(&d("older.json")),
            "--root",
            s(&d("root.key.pub")),
            "--installed",
            s(&d("bundle.json")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("rollback refused"), "{}", text(&o));

    // explain with the verified bundle.
    let o = airlock(
        &[
            "explain",
            "--tool",
            "chatgpt.com",
            "--bundle",
            s(&d("bundle.json")),
            "--root",
            s(&d("root.key.pub")),
            "-",
        ],
        Some(b"hello"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("Decision: JUSTIFY"), "{}", text(&o));
}

#[test]
fn build_refuses_rules_that_do_not_compile() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    copy_dir(&rules_dir(), &rules);
    std::fs::write(
        rules.join("detectors/zz.toml"),
        "[[detector]]\nid = \"x\"\n",
    )
    .unwrap();
    let d = |n: &str| dir.path().join(n);
    airlock(&["rules", "keygen", "-o", s(&d("root"))], None);
    airlock(&["rules", "keygen", "-o", s(&d("k"))], None);
    let o = airlock(
        &[
            "rules",
            "keys",
            "--root",
            s(&d("root")),
            "--signing-key",
            s(&d("k.pub")),
            "-o",
            s(&d("ks.json")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = airlock(
        &[
            "rules",
            "keys",
            "--root",
            s(&d("k")),
            "--signing-key",
            s(&d("k.pub")),
            "-o",
            s(&d("same.json")),
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "a root key is not also a signing key: {}",
        text(&o)
    );
    assert!(text(&o).contains("listed twice"), "{}", text(&o));
    let o = airlock(
        &[
            "rules",
            "build",
            s(&rules),
            "--key",
            s(&d("k")),
            "--keyset",
            s(&d("ks.json")),
            "-o",
            s(&d("b.json")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("detectors/zz.toml:1:") && text(&o).contains("nothing was signed"),
        "{}",
        text(&o)
    );
    assert!(!d("b.json").exists());
}

#[test]
fn explain_says_why() {
    let o = airlock(
        &["explain", "--tool", "https://chatgpt.com/c/123", "-"],
        Some(b"deploy key AKIAZ3MXQ4LWZ7QK2PNR\n"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("Tool:     ChatGPT (chatgpt) by OpenAI: tier 3 Under Evaluation"),
        "{out}"
    );
    assert!(out.contains("Decision: BLOCK"), "{out}");
    assert!(
        out.contains(
            "aws_access_key_id x1 (Restricted): Restricted content is blocked in every tier"
        ),
        "{out}"
    );
    assert!(out.contains("fingerprint "), "{out}");
    assert!(
        !out.contains("AKIAZ3MXQ4LWZ7QK2PNR"),
        "never prints the value: {out}"
    );

    let o = airlock(
        &["explain", "--tool", "m365_copilot", "-"],
        Some(b"contact jane.doe@example.org\n"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("Decision: AUDIT"), "{}", text(&o));
    assert!(
        text(&o).contains("override at policy.toml:"),
        "{}",
        text(&o)
    );

    let o = airlock(
        &["explain", "--tool", "totally-new-ai.example", "-"],
        Some(b"hello"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("is not in the AI tool register: tier 4 Unapproved"),
        "{}",
        text(&o)
    );

    let o = airlock(
        &["explain", "--json", "--tool", "chatgpt", "-"],
        Some(b"hello"),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["decision"]["action"], "justify");
    assert_eq!(v["tool"]["tier"], 3);
}

#[test]
fn fingerprint_matches_explain() {
    let o = airlock(
        &["rules", "fingerprint", "--detector", "aws_access_key_id"],
        Some(b"AKIAZ3MXQ4LWZ7QK2PNR\n"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let fp = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert_eq!(fp.len(), 32);
    let o = airlock(
        &["explain", "--tool", "chatgpt", "-"],
        Some(b"AKIAZ3MXQ4LWZ7QK2PNR"),
    );
    assert!(
        text(&o).contains(&format!("fingerprint {fp}")),
        "{}",
        text(&o)
    );
}

#[test]
fn edm_files_find_exact_values_without_holding_them() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    copy_dir(&rules_dir(), &rules);
    let values = dir.path().join("projects.txt");
    std::fs::write(&values, "Blue Falcon\nRed Heron\n").unwrap();
    let out = rules.join("edm/projects.toml");
    let o = airlock(
        &[
            "rules",
            "edm",
            "--id",
            "project_codename",
            "--name",
            "Project code name",
            "--category",
            "marking",
            "--class",
            "confidential",
            "--pattern",
            r"\b[A-Z][a-z]{1,20} [A-Z][a-z]{1,20}\b",
            s(&values),
            "-o",
            s(&out),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let file = std::fs::read_to_string(&out).unwrap();
    assert!(
        !file.contains("Falcon") && !file.contains("Heron"),
        "{file}"
    );
    let o = airlock(
        &[
            "explain",
            "--rules",
            s(&rules),
            "--tool",
            "m365_copilot",
            "-",
        ],
        Some(b"Status of Blue Falcon launch"),
    );
    assert!(
        text(&o).contains("project_codename x1 (Confidential)"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("Decision: JUSTIFY"), "{}", text(&o));
}

#[test]
fn gitleaks_rules_import() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("gitleaks.toml");
    std::fs::write(
        &conf,
        "[[rules]]\nid = \"acme-token\"\ndescription = \"Acme token\"\nregex = '''acme_[a-z0-9]{32}'''\nkeywords = [\"acme_\"]\n\n[[rules]]\nid = \"p12\"\npath = '''\\.p12$'''\n",
    )
    .unwrap();
    let det = dir.path().join("detectors");
    std::fs::create_dir_all(&det).unwrap();
    let out = det.join("gitleaks.toml");
    let o = airlock(&["rules", "import-gitleaks", s(&conf), "-o", s(&out)], None);
    assert_eq!(o.status.code(), Some(1), "one rule skipped: {}", text(&o));
    assert!(text(&o).contains("skipped p12:"), "{}", text(&o));
    assert!(text(&o).contains("1 rule(s) converted"), "{}", text(&o));
    let o = airlock(
        &["scan", "--rules", s(&det), "-"],
        Some(b"token acme_0123456789abcdefghijklmnopqrstuv\n"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("gitleaks_acme_token"), "{}", text(&o));
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../airlock-extract/tests/fixtures")
        .join(name)
}

#[test]
fn documents_are_scanned_with_locations() {
    let o = airlock(
        &["scan", "--format", "json", s(&fixture("sample.xlsx"))],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["format"], "xlsx");
    let ssn = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["type"] == "us_ssn")
        .unwrap();
    assert_eq!(ssn["location"]["sheet"], "Customers");
    assert_eq!(ssn["location"]["cell"], "C14");
    let o = airlock(&["scan", s(&fixture("bundle.zip"))], None);
    assert!(
        text(&o).contains("notes.txt, line 5: aws_access_key_id"),
        "{}",
        text(&o)
    );
}

#[test]
fn unscannable_content_is_never_clean() {
    let o = airlock(
        &["scan", "--format", "json", s(&fixture("encrypted.docx"))],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "unscannable is not clean: {}",
        text(&o)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["unscannable"]["reason"], "encrypted");
    let o = airlock(
        &[
            "explain",
            "--tool",
            "m365_copilot",
            s(&fixture("encrypted.docx")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("Decision: JUSTIFY"),
        "Confidential in tier 1: {}",
        text(&o)
    );
    assert!(text(&o).contains("decided as Confidential"), "{}", text(&o));
}
