//! Converts gitleaks' real default config (`tests/data/gitleaks.toml`, MIT-licensed, from the
//! gitleaks repository) and checks the result the way Airlock uses it: the file loads, its
//! generated examples behave, and well-known rules find realistic values while clean text
//! yields nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use airlock_classifier::{RuleSet, RuleSource, Scanner, ScannerBuilder};
use airlock_import::{convert_gitleaks, Conversion};
use std::sync::OnceLock;

const SOURCE: &str = "tests/data/gitleaks.toml";

fn fixture() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/gitleaks.toml");
    std::fs::read_to_string(path).expect("fixture exists")
}

/// The conversion, done once for all tests of this file.
fn conversion() -> &'static Conversion {
    static C: OnceLock<Conversion> = OnceLock::new();
    C.get_or_init(|| convert_gitleaks(&fixture(), SOURCE).expect("the default config converts"))
}

fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(|| {
        let set = RuleSet::load(&[RuleSource {
            name: SOURCE,
            text: &conversion().toml,
        }])
        .unwrap_or_else(|e| panic!("the converted file does not load:\n{e}"));
        ScannerBuilder::new().build(set)
    })
}

/// (detector, value) of every finding in `text`.
fn findings(text: &str) -> Vec<(String, String)> {
    scanner()
        .scan(text.as_bytes())
        .findings
        .iter()
        .map(|f| (f.detector.clone(), text[f.start..f.end].to_string()))
        .collect()
}

#[test]
fn converted_file_loads_and_most_rules_convert() {
    let c = conversion();
    let total = fixture()
        .parse::<toml::Table>()
        .expect("fixture parses")
        .get("rules")
        .and_then(|r| r.as_array())
        .map(Vec::len)
        .expect("rules");
    assert_eq!(c.converted.len() + c.skipped.len(), total);
    // The real ratio on this fixture: 215 of 218 rules (98.6%). Skipped: pkcs12-file (file
    // paths only), facebook-access-token (no anchor: its keyword is never part of a match),
    // bittrex-secret-key (same regex as bittrex-access-key, which wins every overlap).
    assert!(
        c.converted.len() * 100 >= total * 80,
        "only {} of {total} rules converted; skipped: {:#?}",
        c.converted.len(),
        c.skipped
    );
    assert_eq!(scanner().rules().len(), c.converted.len());
    let ids: Vec<&str> = scanner()
        .rules()
        .detectors()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(ids, c.converted);
    assert!(c.converted.iter().all(|id| id.starts_with("gitleaks_")));
}

#[test]
fn every_generated_example_behaves() {
    let sc = scanner();
    let mut failures = Vec::new();
    for d in sc.rules().detectors() {
        for ex in &d.examples.matches {
            let text = ex.text();
            let found = findings(text);
            let mine: Vec<&str> = found
                .iter()
                .filter(|(id, _)| id == &d.id)
                .map(|(_, v)| v.as_str())
                .collect();
            let ok = match ex.value() {
                Some(v) => mine.contains(&v),
                None => !mine.is_empty(),
            };
            if !ok {
                failures.push(format!("{}: match example not found: {text:?}", d.id));
            }
        }
        for text in &d.examples.no_match {
            if findings(text).iter().any(|(id, _)| id == &d.id) {
                failures.push(format!("{}: no_match example matched: {text:?}", d.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Assembles a token from parts, so the test source holds no token-shaped literal.
fn tok(parts: &[&str]) -> String {
    parts.concat()
}

#[test]
fn known_rules_find_realistic_values() {
    let aws = tok(&["AKIA", "Z3MXQ4LWZ7QK2PNR"]);
    let ghp = tok(&["ghp_", "x7Kq2mR9tLw4Zp8Vn3Bc6Yd1Hf5Js0GaEuNi"]);
    let slack = tok(&[
        "xoxb-",
        "830068856617-0487643171335-",
        "N7O0qETDabOdC96bHTve0eMO",
    ]);
    let stripe = tok(&["sk_", "live_", "51Hx9Qm2Lr7Tz4Vb8Nc3Wd6Yf1Gk5Jp0"]);
    let pem = tok(&[
        "-----BEGIN RSA PRIVATE KEY-----\n",
        "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n",
        "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n",
        "-----END RSA PRIVATE KEY-----",
    ]);
    assert_eq!(ghp.len(), 40);
    let cases = [
        (
            "gitleaks_aws_access_token",
            format!("aws_access_key_id = {aws}\n"),
            aws.clone(),
        ),
        (
            "gitleaks_github_pat",
            format!("export GITHUB_TOKEN={ghp}\n"),
            ghp.clone(),
        ),
        (
            "gitleaks_slack_bot_token",
            format!("SLACK_BOT_TOKEN={slack}\n"),
            slack.clone(),
        ),
        (
            "gitleaks_stripe_access_token",
            format!("STRIPE_SECRET_KEY=\"{stripe}\"\n"),
            stripe.clone(),
        ),
        (
            "gitleaks_private_key",
            format!("key.pem:\n{pem}\n"),
            pem.clone(),
        ),
    ];
    for (id, text, value) in &cases {
        let found = findings(text);
        assert!(
            found.iter().any(|(d, v)| d == id && v == value),
            "{id} did not report {value:?} in {text:?}; found {found:?}"
        );
    }
}

#[test]
fn clean_text_yields_nothing() {
    let text = "Quarterly report\n\
        The migration finished on Tuesday and all services are healthy again.\n\
        Next steps: review the dashboards, update the runbook and close the incident.\n\
        \n\
        fn main() {\n    let total: u32 = (1..=10).sum();\n    println!(\"total = {}\", total);\n}\n\
        [server]\nport = 8080\ntimeout_seconds = 30\nlog_level = \"info\"\n";
    let found = findings(text);
    assert!(found.is_empty(), "clean text produced findings: {found:?}");
}

#[test]
fn skipped_rules_and_partial_conversions_say_why() {
    let c = conversion();
    let reason = |id: &str| {
        c.skipped
            .iter()
            .find(|s| s.rule_id == id)
            .map(|s| s.reason.as_str())
            .unwrap_or_else(|| panic!("{id} was not skipped: {:?}", c.skipped))
    };
    assert!(reason("pkcs12-file").contains("matches file paths only; Airlock scans content"));
    assert!(reason("facebook-access-token").contains("no prefilter anchor"));
    // The generic rule is converted, but its line- and path-based allowlists are not.
    let notes: Vec<&str> = c
        .notes
        .iter()
        .filter(|(id, _)| id == "generic-api-key")
        .map(|(_, n)| n.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("regexTarget \"line\" dropped")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("condition AND")),
        "{notes:?}"
    );
    assert!(c
        .notes
        .iter()
        .any(|(id, n)| id == "[allowlist]" && n.contains("path pattern(s) dropped")));
    // Rules limited to some files keep their regex, with a note.
    assert!(c
        .converted
        .iter()
        .any(|id| id == "gitleaks_hashicorp_tf_password"));
    assert!(c
        .notes
        .iter()
        .any(|(id, n)| id == "hashicorp-tf-password" && n.contains("path filter")));
}
