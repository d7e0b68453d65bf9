//! Precision and recall on the labeled corpus (`airlock-corpus`, seeded): realistic e-mails,
//! tickets, code, configs, logs, CSV exports, contracts, medical notes and chats with planted
//! values and hard negatives (UUIDs, hashes, git SHAs, order numbers, Luhn-invalid numbers,
//! base64, lorem ipsum, clean code and prose).
//!
//! A finding is a true positive when it has the label's type and overlaps the labeled span.
//! Prints the per-type table (`cargo test -p airlock-classifier --release --test corpus --
//! --nocapture`; `AIRLOCK_EVAL_BYTES` sets the corpus size, default 4 MB) and asserts
//! precision and recall >= 0.95 for every structured type.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

#[derive(Default)]
struct Count {
    labels: usize,
    found_labels: usize,
    findings: usize,
    true_findings: usize,
}

#[test]
fn precision_and_recall_per_type() {
    let bytes: usize = std::env::var("AIRLOCK_EVAL_BYTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4 << 20);
    let scanner = common::default_scanner();
    let corpus = airlock_corpus::labeled(2026, bytes);
    let planted: Vec<&str> = airlock_corpus::PLANTED.to_vec();
    let mut per: BTreeMap<&str, Count> = planted.iter().map(|p| (*p, Count::default())).collect();
    let mut fp_examples: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut fn_examples: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for doc in &corpus.docs {
        let v = scanner.scan(doc.text.as_bytes());
        for l in &doc.labels {
            let c = per.entry(l.detector).or_default();
            c.labels += 1;
            let hit = v
                .findings
                .iter()
                .any(|f| f.detector == l.detector && f.start < l.end && l.start < f.end);
            if hit {
                c.found_labels += 1;
            } else {
                let others: Vec<&str> = v
                    .findings
                    .iter()
                    .filter(|f| f.start < l.end && l.start < f.end)
                    .map(|f| f.detector.as_str())
                    .collect();
                fn_examples.entry(l.detector).or_default().push(format!(
                    "{:?} in {:?} (overlapping: {:?})",
                    &doc.text[l.start..l.end],
                    doc.kind.name(),
                    others
                ));
            }
        }
        for f in &v.findings {
            let Some(c) = per.get_mut(f.detector.as_str()) else {
                continue;
            };
            c.findings += 1;
            let ok = doc
                .labels
                .iter()
                .any(|l| l.detector == f.detector && f.start < l.end && l.start < f.end);
            if ok {
                c.true_findings += 1;
            } else {
                let lo = f.start.saturating_sub(30);
                let hi = (f.end + 30).min(doc.text.len());
                let ctx = String::from_utf8_lossy(&doc.text.as_bytes()[lo..hi]).into_owned();
                let key = planted
                    .iter()
                    .find(|p| **p == f.detector)
                    .copied()
                    .unwrap_or("?");
                fp_examples
                    .entry(key)
                    .or_default()
                    .push(format!("{ctx:?} in {:?}", doc.kind.name()));
            }
        }
    }
    println!(
        "corpus: {} documents, {} bytes, seed 2026",
        corpus.docs.len(),
        corpus.total_bytes()
    );
    println!("| type | labels | findings | precision | recall |");
    println!("|---|---|---|---|---|");
    let mut failures = Vec::new();
    for (t, c) in &per {
        let precision = if c.findings == 0 {
            1.0
        } else {
            c.true_findings as f64 / c.findings as f64
        };
        let recall = if c.labels == 0 {
            1.0
        } else {
            c.found_labels as f64 / c.labels as f64
        };
        println!(
            "| {t} | {} | {} | {precision:.3} | {recall:.3} |",
            c.labels, c.findings
        );
        if c.labels == 0 {
            failures.push(format!("{t}: the corpus planted nothing"));
        }
        if precision < 0.95 || recall < 0.95 {
            failures.push(format!(
                "{t}: precision {precision:.3}, recall {recall:.3}\n  false positives: {:?}\n  missed: {:?}",
                fp_examples.get(t).map(|v| &v[..v.len().min(3)]),
                fn_examples.get(t).map(|v| &v[..v.len().min(3)])
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
