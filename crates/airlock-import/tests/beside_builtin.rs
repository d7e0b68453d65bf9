//! Converts gitleaks' default config beside Airlock's built-in detectors (`rules/detectors/`),
//! as `airlock rules import-gitleaks` does by default: duplicates of built-in detectors are
//! left out, imported detectors defer on overlap, and the combined set's examples all behave.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use airlock_classifier::{check_examples, RuleSet, RuleSource, ScannerBuilder};
use airlock_import::{convert_gitleaks_beside, Conversion};
use std::path::Path;
use std::sync::OnceLock;

const SOURCE: &str = "tests/data/gitleaks.toml";

/// The built-in detector files, as (name, text).
fn builtin() -> &'static [(String, String)] {
    static B: OnceLock<Vec<(String, String)>> = OnceLock::new();
    B.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/detectors");
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("rules/detectors")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .map(|p| {
                let text = std::fs::read_to_string(&p).expect("rule file");
                (p.display().to_string(), text)
            })
            .collect();
        files.sort();
        files
    })
}

fn sources<'a>(files: &'a [(String, String)]) -> Vec<RuleSource<'a>> {
    files
        .iter()
        .map(|(n, t)| RuleSource { name: n, text: t })
        .collect()
}

fn conversion() -> &'static Conversion {
    static C: OnceLock<Conversion> = OnceLock::new();
    C.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/gitleaks.toml");
        let text = std::fs::read_to_string(path).expect("fixture");
        convert_gitleaks_beside(&text, SOURCE, &sources(builtin())).expect("converts")
    })
}

#[test]
fn the_combined_set_passes_its_examples() {
    let c = conversion();
    let mut all = sources(builtin());
    all.push(RuleSource {
        name: SOURCE,
        text: &c.toml,
    });
    let set = RuleSet::load(&all).unwrap_or_else(|e| panic!("combined set does not load:\n{e}"));
    let scanner = ScannerBuilder::new().build(set);
    let failures: Vec<String> = check_examples(&scanner)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Most rules still convert: duplicates and skips are the exception.
    assert!(c.converted.len() >= 150, "{} converted", c.converted.len());
}

#[test]
fn duplicates_of_builtin_detectors_are_left_out() {
    let c = conversion();
    let dup = |rule: &str| c.duplicates.iter().find(|d| d.rule_id == rule);
    let aws = dup("aws-access-token").expect("aws-access-token is a duplicate");
    assert_eq!(aws.existing, "aws_access_key_id");
    assert!(!c
        .converted
        .iter()
        .any(|id| id == "gitleaks_aws_access_token"));
    assert!(
        c.toml.contains("duplicate `aws-access-token`"),
        "noted in the file"
    );
    for d in &c.duplicates {
        assert!(!d.existing.starts_with("gitleaks_"), "{d:?}");
    }
}

#[test]
fn imported_detectors_rank_below_builtin_ones() {
    let c = conversion();
    let prios: Vec<i64> = c
        .toml
        .lines()
        .filter_map(|l| l.strip_prefix("priority = "))
        .map(|p| p.trim().parse().expect("a number"))
        .collect();
    assert_eq!(prios.len(), c.converted.len());
    assert!(prios.iter().all(|&p| p < 0), "{prios:?}");
}
