//! Every detector's inline examples, run as data: each `match` example must yield a finding of
//! that detector (with exactly the pinned value when one is given), each `no_match` none.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[test]
fn every_detector_example_behaves() {
    let scanner = common::default_scanner();
    let mut failures = Vec::new();
    let mut checked = 0;
    for d in scanner.rules().detectors() {
        for ex in &d.examples.matches {
            checked += 1;
            let text = ex.text();
            let v = scanner.scan(text.as_bytes());
            let mine: Vec<_> = v.findings.iter().filter(|f| f.detector == d.id).collect();
            let others: Vec<&str> = v.findings.iter().map(|f| f.detector.as_str()).collect();
            match ex.value() {
                None if mine.is_empty() => failures.push(format!(
                    "{}:{}: {}: match example found nothing of this detector (found {:?}): {:?}",
                    d.file, d.line, d.id, others, text
                )),
                Some(value)
                    if !mine
                        .iter()
                        .any(|f| &text.as_bytes()[f.start..f.end] == value.as_bytes()) =>
                {
                    let got: Vec<&str> = mine.iter().map(|f| &text[f.start..f.end]).collect();
                    failures.push(format!(
                        "{}:{}: {}: pinned value {:?} not found; got {:?} (others {:?}) in {:?}",
                        d.file, d.line, d.id, value, got, others, text
                    ))
                }
                _ => {}
            }
        }
        for text in &d.examples.no_match {
            checked += 1;
            let v = scanner.scan(text.as_bytes());
            if v.findings.iter().any(|f| f.detector == d.id) {
                failures.push(format!(
                    "{}:{}: {}: no_match example matched: {:?}",
                    d.file, d.line, d.id, text
                ));
            }
        }
    }
    assert!(checked > 0, "no examples were checked");
    assert!(
        failures.is_empty(),
        "{} example failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_detector_has_examples_of_both_kinds() {
    // RuleSet::load already rejects detectors without examples; this guards the guard.
    for d in common::default_rules().detectors() {
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
}
