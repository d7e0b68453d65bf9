//! Chunking must not change results: the shipped rules over generated documents give the same
//! findings whole, in small chunks, and streamed in odd-sized reads (found by fuzzing once);
//! with the sample exact-data-match set and fingerprints too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use airlock_classifier::ScannerBuilder;
use std::io::Read;

struct Odd<'a>(&'a [u8], usize);

impl Read for Odd<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.1 = self.1 % 997 + 13;
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn whole_chunked_and_streamed_scans_agree() {
    let whole = common::default_scanner();
    let small = ScannerBuilder::new()
        .chunk_size(4096)
        .build(common::default_rules());
    for seed in 0..4 {
        let text = airlock_corpus::mixed_bytes(seed, 300_000);
        let a = whole.scan(&text);
        let b = small.scan(&text);
        let c = small.scan_reader(Odd(&text, seed as usize)).expect("reads");
        assert!(
            a.findings.len() > 10,
            "seed {seed}: the corpus should hold findings"
        );
        assert_eq!(a.findings, b.findings, "seed {seed}: whole vs 4 KiB chunks");
        assert_eq!(b.findings, c.findings, "seed {seed}: chunked vs streamed");
    }
}

#[test]
fn fuzz_regression_aggregate_preview_is_chunking_independent() {
    let input = include_bytes!("testdata/fuzz/aggregate-preview.txt");
    let small = ScannerBuilder::new()
        .chunk_size(4096)
        .build(common::default_rules());
    let a = small.scan(input);
    let b = small.scan_reader(Odd(input, 0)).expect("reads");
    assert_eq!(a.findings, b.findings);
}

#[test]
fn edm_findings_and_fingerprints_do_not_depend_on_chunking() {
    let key = [42u8; 32];
    let whole = ScannerBuilder::new()
        .fingerprint_key(key)
        .build(common::rules_with_edm());
    let small = ScannerBuilder::new()
        .chunk_size(4096)
        .fingerprint_key(key)
        .build(common::rules_with_edm());
    for seed in 0..3u64 {
        let mut text = airlock_corpus::mixed_bytes(seed, 200_000);
        // The sample set's documented values, straddling 4 KiB boundaries at every offset.
        let mut planted = 0;
        for k in 1..45usize {
            let value: &[u8] = if k % 2 == 0 {
                b" C-104729 "
            } else {
                b" C-583016 "
            };
            let at = k * 4096 - (k % value.len());
            if let Some(slot) = text.get_mut(at..at + value.len()) {
                slot.copy_from_slice(value);
                planted += 1;
            }
        }
        let a = whole.scan(&text);
        let b = small.scan(&text);
        let c = small.scan_reader(Odd(&text, seed as usize)).expect("reads");
        let edm = a
            .findings
            .iter()
            .filter(|f| f.detector == "example_customer_id")
            .count();
        assert_eq!(edm, planted, "seed {seed}: every planted value found once");
        assert!(a.findings.iter().all(|f| f.fingerprint.is_some()));
        assert_eq!(a.findings, b.findings, "seed {seed}: whole vs 4 KiB chunks");
        assert_eq!(b.findings, c.findings, "seed {seed}: chunked vs streamed");
    }
}

#[test]
fn a_large_scan_on_two_threads_equals_a_streamed_one() {
    // Above 4 MiB, `scan` splits the chunks between two threads and merges their states;
    // `scan_reader` streams on one. Findings, counts, aggregated spans and fingerprints agree.
    let key = [7u8; 32];
    let scanner = ScannerBuilder::new()
        .fingerprint_key(key)
        .build(common::rules_with_edm());
    let mut text = airlock_corpus::mixed_bytes(11, 9 << 20);
    // Source code at both ends, so an aggregated finding spans the two halves.
    let code = b"\nfn main() {\n    let x = 1;\n    println!(\"{}\", x);\n}\nimport os\ndef f(x):\n    return x\n";
    text[100..100 + code.len()].copy_from_slice(code);
    let end = text.len() - 200;
    text[end..end + code.len()].copy_from_slice(code);
    let a = scanner.scan(&text);
    let b = scanner.scan_reader(Odd(&text, 3)).expect("reads");
    assert!(a.findings.len() > 1000, "{} findings", a.findings.len());
    assert_eq!(a.findings.len(), b.findings.len());
    assert_eq!(a.findings, b.findings);
    assert_eq!(a.truncated, b.truncated);
    assert!(a.findings.iter().all(|f| f.fingerprint.is_some()));
}
