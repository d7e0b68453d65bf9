//! Runs every detector's inline examples against a scanner: each `match` example must yield a
//! live finding of that detector (with exactly the pinned value when one is given), each
//! `no_match` none (a finding flagged as a published example is not live). Used by the rules test and by `airlock rules check`, so a detector whose own examples
//! fail is reported like a syntax error, as `file:line: message`.

use crate::compile::DetectorKind;
use crate::error::RuleError;
use crate::scanner::Scanner;

/// The failures of every detector's examples (empty when all behave). Exact-data-match sets
/// carry no examples and are skipped.
pub fn check_examples(scanner: &Scanner) -> Vec<RuleError> {
    let mut failures = Vec::new();
    for d in scanner.rules().detectors() {
        if d.kind == DetectorKind::ExactMatch {
            continue;
        }
        let mut fail = |message: String| {
            failures.push(RuleError {
                file: d.file.clone(),
                line: d.line,
                message: format!("{}: {message}", d.id),
            })
        };
        for ex in &d.examples.matches {
            let text = ex.text();
            let v = scanner.scan(text.as_bytes());
            let mine: Vec<&str> = v
                .findings
                .iter()
                .filter(|f| f.detector == d.id && !f.example)
                .map(|f| text.get(f.start..f.end).unwrap_or(""))
                .collect();
            let others: Vec<&str> = v.findings.iter().map(|f| f.detector.as_str()).collect();
            match ex.value() {
                None if mine.is_empty() => fail(format!(
                    "match example found nothing of this detector (found {others:?}): {text:?}"
                )),
                Some(value) if !mine.contains(&value) => fail(format!(
                    "pinned value {value:?} not found; got {mine:?} (others {others:?}) in {text:?}"
                )),
                _ => {}
            }
        }
        for text in &d.examples.no_match {
            let v = scanner.scan(text.as_bytes());
            if v.findings.iter().any(|f| f.detector == d.id && !f.example) {
                fail(format!("no_match example matched: {text:?}"));
            }
        }
    }
    failures
}
