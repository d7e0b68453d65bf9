//! Every detector's inline examples, run as data: each `match` example must yield a finding of
//! that detector (with exactly the pinned value when one is given), each `no_match` none. The
//! sample exact-data-match sets of `rules/edm/` are loaded too (they must not disturb any
//! example); they have no inline examples, which would be plaintext, and `tests/edm.rs` covers
//! them instead.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use airlock_classifier::{check_examples, DetectorKind, ScannerBuilder};

#[test]
fn every_detector_example_behaves() {
    let scanner = ScannerBuilder::new().build(common::rules_with_edm());
    let checked: usize = scanner
        .rules()
        .detectors()
        .map(|d| d.examples.matches.len() + d.examples.no_match.len())
        .sum();
    assert!(checked > 200, "only {checked} examples were checked");
    let failures = check_examples(&scanner);
    assert!(
        failures.is_empty(),
        "{} example failure(s):\n{}",
        failures.len(),
        failures
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_failing_example_is_reported_with_file_and_line() {
    let text = "[[detector]]\nid = \"t\"\nname = \"T\"\ncategory = \"secret\"\nclass = \"restricted\"\nliterals = [\"TOK_\"]\npattern = 'TOK_[0-9]{4}'\n[detector.examples]\nmatch = [\"TOK_12\"]\nno_match = [\"TOK_1234\"]\n";
    let set = airlock_classifier::RuleSet::load(&[airlock_classifier::RuleSource {
        name: "t.toml",
        text,
    }])
    .unwrap();
    let failures: Vec<String> = check_examples(&ScannerBuilder::new().build(set))
        .iter()
        .map(|f| f.to_string())
        .collect();
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert!(
        failures[0].starts_with("t.toml:1: t: match example found nothing"),
        "{failures:?}"
    );
    assert!(
        failures[1].starts_with("t.toml:1: t: no_match example matched"),
        "{failures:?}"
    );
}

#[test]
fn every_detector_has_examples_of_both_kinds() {
    // RuleSet::load already rejects detectors without examples; this guards the guard.
    let mut exact_match = 0;
    for d in common::rules_with_edm().detectors() {
        if d.kind == DetectorKind::ExactMatch {
            assert!(
                d.examples.matches.is_empty() && d.examples.no_match.is_empty(),
                "{}: an edm set cannot carry examples",
                d.id
            );
            exact_match += 1;
            continue;
        }
        assert!(
            !d.examples.matches.is_empty(),
            "{} has no match example",
            d.id
        );
        assert!(
            !d.examples.no_match.is_empty(),
            "{} has no no_match example",
            d.id
        );
    }
    assert!(exact_match > 0, "the rules/edm sample was not loaded");
}
