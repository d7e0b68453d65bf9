//! End-to-end throughput: the library (`airlock-inspect`, the decision path the agent calls)
//! and the `airlock scan` command line on the same inputs in the same run, on typical text and on
//! finding-dense content (application logs, a customer CSV export, clinical and support notes
//! where most lines hold values), JSON and text output. Also the linear-cost check: the dense
//! text at 1 MB and at 4 MB must cost about the same per byte.
//!
//! ```sh
//! cargo bench -p airlock-cli --bench throughput              # full run (release)
//! cargo bench -p airlock-cli --bench throughput -- --check   # CI: smaller inputs, fails when
//!                                                            # the CLI is over 1.5x the library
//!                                                            # or dense cost is not linear
//! ```
//!
//! Inputs are generated (seeded) into `target/airlock-bench/`; findings are not capped
//! (`--max-findings` is set above their number) so the dense figures count every finding.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod dense;

use airlock_classifier::{RuleSet, RuleSource, Scanner, ScannerBuilder};
use airlock_extract::Limits;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const NO_CAP: usize = 50_000_000;

/// The built-in detectors, uncapped; `warm` as the agent builds it, or cold as the CLI does.
fn scanner(warm: bool) -> Scanner {
    let sources: Vec<RuleSource> = airlock_rules::DEFAULT_RULES
        .iter()
        .filter(|(n, _)| n.starts_with("detectors/"))
        .map(|(n, t)| RuleSource { name: n, text: t })
        .collect();
    ScannerBuilder::new()
        .max_findings(NO_CAP)
        .warm_up(warm)
        .build(RuleSet::load(&sources).unwrap())
}

/// The fastest of `runs` timings of `f`: on a shared, noisy machine the minimum is the
/// steadiest estimate of what the code costs (noise only ever adds time).
fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[0]
}

fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / (1 << 20) as f64 / d.as_secs_f64()
}

fn cli(path: &Path, format: &str) -> (Duration, usize) {
    let bin = env!("CARGO_BIN_EXE_airlock");
    let start = Instant::now();
    let out = Command::new(bin)
        .args(["scan", "--format", format, "--max-findings"])
        .arg(NO_CAP.to_string())
        .arg(path)
        .output()
        .unwrap();
    let took = start.elapsed();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "airlock scan failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (took, out.stdout.len())
}

struct Row {
    name: &'static str,
    bytes: usize,
    findings: usize,
    lib: Duration,
    cold: Duration,
    json: Duration,
    text: Duration,
}

fn main() {
    let check = std::env::args().any(|a| a == "--check");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/airlock-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let mb = if check { 2 } else { 4 };
    let runs = 5;
    let inputs: Vec<(&'static str, &'static str, Vec<u8>)> = vec![
        (
            "typical text (mixed corpus)",
            "typical.txt",
            airlock_corpus::mixed_bytes(7, (mb * 4) << 20),
        ),
        (
            "dense text (logs, notes)",
            "dense.log",
            dense::text(11, mb << 20),
        ),
        ("dense CSV export", "export.csv", dense::csv(13, mb << 20)),
    ];
    let scanner = scanner(true);
    let limits = Limits::default();
    // The command's fixed cost (process start, rule compilation, an empty report), measured in
    // this run: the CLI's work on an input is its time minus this.
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let startup = fastest(runs, || {
        cli(&empty, "json");
    });
    let mut rows = Vec::new();
    for (name, file, bytes) in &inputs {
        let path = dir.join(file);
        std::fs::write(&path, bytes).unwrap();
        let mut findings = 0;
        let lib = fastest(runs, || {
            let s = airlock_inspect::document::scan(&scanner, file, bytes, &limits);
            findings = s.verdict.findings.len();
        });
        // The CLI scans with a freshly compiled scanner (its regexes' lazy DFAs start empty):
        // the library figure the CLI is compared with is the same cold scan.
        let mut cold_runs: Vec<Duration> = (0..runs)
            .map(|_| {
                let fresh = self::scanner(false);
                let s = Instant::now();
                airlock_inspect::document::scan(&fresh, file, bytes, &limits);
                s.elapsed()
            })
            .collect();
        cold_runs.sort();
        let cold = cold_runs[0];
        let json = fastest(runs, || {
            cli(&path, "json");
        });
        let text = fastest(runs, || {
            cli(&path, "text");
        });
        rows.push(Row {
            name,
            bytes: bytes.len(),
            findings,
            lib,
            cold,
            json,
            text,
        });
    }
    // Linear cost: the dense text at a quarter of the size.
    let quarter = dense::text(11, (mb << 20) / 4);
    let q = fastest(runs, || {
        airlock_inspect::document::scan(&scanner, "q.log", &quarter, &limits);
    });
    let full = &rows[1];
    let per_byte_ratio =
        (full.lib.as_secs_f64() / full.bytes as f64) / (q.as_secs_f64() / quarter.len() as f64);

    let work = |t: Duration| t.saturating_sub(startup).as_secs_f64();
    println!(
        "CLI fixed cost (empty input: start, rule compilation, report): {:.1} ms",
        startup.as_secs_f64() * 1e3
    );
    println!("| input | MB | findings | library MB/s (warm) | library MB/s (cold scanner) | CLI json MB/s | CLI text MB/s | CLI json work / cold library | CLI text work / cold library |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut worst: f64 = 0.0;
    for r in &rows {
        let lib = r.cold.as_secs_f64();
        let (json, text) = (work(r.json) / lib, work(r.text) / lib);
        worst = worst.max(json.max(text));
        println!(
            "| {} | {:.1} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.2}x | {:.2}x |",
            r.name,
            r.bytes as f64 / (1 << 20) as f64,
            r.findings,
            mbps(r.bytes, r.lib),
            mbps(r.bytes, r.cold),
            mbps(r.bytes, r.json),
            mbps(r.bytes, r.text),
            json,
            text
        );
    }
    println!(
        "linear cost: dense text per-byte time at {:.1} MB / at {:.1} MB = {:.2} (1.00 is linear)",
        full.bytes as f64 / (1 << 20) as f64,
        quarter.len() as f64 / (1 << 20) as f64,
        per_byte_ratio
    );
    if check {
        // Beyond its fixed cost (measured above), the CLI's work on an input (reading,
        // scanning, locating, writing the report) must stay within 1.5x of the library's on a
        // scanner as cold as the command's.
        let mut failed = Vec::new();
        for r in &rows {
            for (what, t) in [("json", r.json), ("text", r.text)] {
                if work(t) > 1.5 * r.cold.as_secs_f64() {
                    failed.push(format!(
                        "{} ({what}): CLI {:?} (fixed cost {:?}) vs library {:?} (cold scanner)",
                        r.name, t, startup, r.cold
                    ));
                }
            }
        }
        if per_byte_ratio > 2.0 {
            failed.push(format!(
                "dense text cost is not linear: per-byte ratio {per_byte_ratio:.2}"
            ));
        }
        assert!(
            failed.is_empty(),
            "throughput regression:\n{}",
            failed.join("\n")
        );
        println!("check passed (worst CLI/library time ratio {worst:.2}x)");
    }
}
