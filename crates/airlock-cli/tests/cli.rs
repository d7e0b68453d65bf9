//! The `airlock scan` command line, run as a process: exit codes, formats, redaction, rule
//! errors, directories and standard input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

mod common;
use common::airlock;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const SECRET: &str = "deploy with AWS_ACCESS_KEY_ID=AKIAZ3MXQ4LWZ7QK2PNR please\n";

#[test]
fn exit_codes_are_like_grep() {
    let clean = airlock(&["scan", "-"], Some(b"nothing to see here\n"));
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    let found = airlock(&["scan", "-"], Some(SECRET.as_bytes()));
    assert_eq!(found.status.code(), Some(1), "{}", stderr(&found));
    let missing = airlock(&["scan", "/definitely/not/here.txt"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("/definitely/not/here.txt"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn json_is_one_object_per_input_with_byte_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.env");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, SECRET).unwrap();
    std::fs::write(&b, "clean\n").unwrap();
    let out = airlock(
        &[
            "scan",
            "--format",
            "json",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    let f = &lines[0]["findings"][0];
    assert_eq!(f["type"], "aws_access_key_id");
    assert_eq!(f["category"], "secret");
    let (s, e) = (
        f["start"].as_u64().unwrap() as usize,
        f["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&SECRET[s..e], "AKIAZ3MXQ4LWZ7QK2PNR");
    assert_eq!(f["preview"], "AKIA************2PNR");
    assert_eq!(lines[0]["data_class"], "Restricted");
    assert_eq!(lines[0]["customer_data"], false);
    assert_eq!(lines[1]["findings"].as_array().unwrap().len(), 0);
    assert_eq!(lines[1]["data_class"], "Public");
    // The value itself is never printed.
    assert!(!stdout(&out).contains("AKIAZ3MXQ4LWZ7QK2PNR"));
}

#[test]
fn text_output_has_locations_and_a_summary() {
    let out = airlock(
        &["scan", "-"],
        Some(format!("line one\n{SECRET}").as_bytes()),
    );
    let text = stdout(&out);
    assert!(text.contains("-:2:31: aws_access_key_id (secret"), "{text}");
    assert!(text.contains("data class Restricted"), "{text}");
}

#[test]
fn sarif_is_a_valid_log() {
    let out = airlock(&["scan", "--format", "sarif", "-"], Some(SECRET.as_bytes()));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "airlock");
    assert!(run["tool"]["driver"]["rules"].as_array().unwrap().len() > 100);
    let r = &run["results"][0];
    assert_eq!(r["ruleId"], "aws_access_key_id");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
}

#[test]
fn redact_replaces_values_with_placeholders() {
    let input = "mail ann@example.com and ann@example.com, key AKIAZ3MXQ4LWZ7QK2PNR\n";
    let out = airlock(&["scan", "--redact", "-"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "mail [EMAIL_1] and [EMAIL_1], key [AWS_ACCESS_KEY_ID_1]\n"
    );
    let two = airlock(&["scan", "--redact", "-", "-"], None);
    assert_eq!(two.status.code(), Some(2));
    assert!(stderr(&two).contains("exactly one input"));
}

#[test]
fn directories_are_scanned_recursively() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
    std::fs::write(dir.path().join("a/b/deep.env"), SECRET).unwrap();
    std::fs::write(dir.path().join("top.txt"), "clean").unwrap();
    let out = airlock(
        &["scan", "--format", "json", dir.path().to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().count(), 2);
}

#[test]
fn a_broken_rule_file_stops_everything_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/detectors/secrets_cloud.toml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("good.toml"), good).unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        "[[detector]]\nid = \"x\"\nname = \"X\"\ncategory = \"secret\"\nclass = \"restricted\"\nliterals = [\"xx_\"]\npattern = '''xx_(['''\n",
    )
    .unwrap();
    let out = airlock(
        &["scan", "--rules", dir.path().to_str().unwrap(), "-"],
        Some(SECRET.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.toml:7: detector `x`: invalid pattern"),
        "{err}"
    );
    assert!(err.contains("nothing was scanned"), "{err}");
    assert!(
        stdout(&out).is_empty(),
        "nothing may be scanned with a half-loaded rule set"
    );
}

#[test]
fn the_shipped_rules_directory_loads() {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/detectors");
    let out = airlock(
        &["scan", "--rules", rules.to_str().unwrap(), "-"],
        Some(SECRET.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn utf16_files_are_read() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in SECRET.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let out = airlock(&["scan", "--format", "json", "-"], Some(&bytes));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["encoding"], "utf16_le");
    assert_eq!(v["findings"][0]["type"], "aws_access_key_id");
}
