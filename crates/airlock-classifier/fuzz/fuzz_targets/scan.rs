//! Fuzzes the scanner entry points with the shipped rules and the sample exact-data-match set,
//! with fingerprints: scan, streamed scan (small chunks, odd read sizes) and redaction must never
//! panic, must agree, and spans must stay in bounds.
#![no_main]

use airlock_classifier::{redact, RuleSet, RuleSource, Scanner, ScannerBuilder};
use libfuzzer_sys::fuzz_target;
use std::io::Read;
use std::sync::OnceLock;

fn scanners() -> &'static (Scanner, Scanner) {
    static S: OnceLock<(Scanner, Scanner)> = OnceLock::new();
    S.get_or_init(|| {
        let rules = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../rules");
        let read = |dir: &str| std::fs::read_dir(format!("{rules}/{dir}")).expect("rules dir");
        let mut files: Vec<(String, String)> = read("detectors")
            .chain(read("edm"))
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).expect("read")))
            .collect();
        files.sort();
        let load = || {
            let sources: Vec<RuleSource> =
                files.iter().map(|(n, t)| RuleSource { name: n, text: t }).collect();
            RuleSet::load(&sources).expect("rules load")
        };
        (
            ScannerBuilder::new().fingerprint_key([1; 32]).build(load()),
            ScannerBuilder::new()
                .chunk_size(4096)
                .fingerprint_key([1; 32])
                .build(load()),
        )
    })
}

struct Odd<'a>(&'a [u8], usize);
impl Read for Odd<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.1 = self.1 % 13 + 1;
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let (big, small) = scanners();
    let v = big.scan(data);
    for f in &v.findings {
        assert!(f.start < f.end && f.end <= data.len());
    }
    let chunked = small.scan(data);
    let streamed = small.scan_reader(Odd(data, 0)).expect("in-memory reads cannot fail");
    assert_eq!(chunked.findings, streamed.findings);
    let _ = redact(data, &v);
});
