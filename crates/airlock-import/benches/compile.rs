//! Compile time of rule sets: the built-in detectors (`rules/detectors/`) alone, with gitleaks'
//! default config imported beside them (the recommended way: duplicates left out), and with
//! every convertible gitleaks rule added (`--alone` output next to the built-in files, about
//! 340 detectors). For each: loading (TOML parse, validation, regex parse and build), building
//! the scanner (prefilter, warm-up), and the first scan of 1 KB of text after it, as the CLI
//! does once per run. Medians of `--rounds N` (default 7).
//!
//! Run: `cargo bench -p airlock-import --bench compile` (`-- --rounds N`).

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use airlock_classifier::{RuleSet, RuleSource, ScannerBuilder};
use airlock_import::{convert_gitleaks, convert_gitleaks_beside};
use std::path::Path;
use std::time::{Duration, Instant};

fn builtin() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/detectors");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("rules/detectors")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn sources(files: &[(String, String)]) -> Vec<RuleSource<'_>> {
    files
        .iter()
        .map(|(n, t)| RuleSource { name: n, text: t })
        .collect()
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rounds: usize = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/gitleaks.toml"
    ))
    .unwrap();
    let base = builtin();
    let beside = convert_gitleaks_beside(&fixture, "gitleaks.toml", &sources(&base)).unwrap();
    let alone = convert_gitleaks(&fixture, "gitleaks.toml").unwrap();
    let with = |toml: &str| {
        let mut f = base.clone();
        f.push(("gitleaks.toml".into(), toml.to_string()));
        f
    };
    let sets = [
        ("built-in", base.clone()),
        (
            "built-in + gitleaks (duplicates left out)",
            with(&beside.toml),
        ),
        ("built-in + every gitleaks rule", with(&alone.toml)),
    ];
    let text: String = "Meeting notes: the deploy went fine, see the runbook for details. "
        .repeat(16)
        .chars()
        .take(1024)
        .collect();
    println!("| rule set | detectors | load | build | first 1 KB scan | total |");
    println!("|---|---|---|---|---|---|");
    for (name, files) in &sets {
        let (mut load, mut build, mut first, mut total) = (vec![], vec![], vec![], vec![]);
        let mut detectors = 0;
        for _ in 0..rounds {
            let t0 = Instant::now();
            let set = RuleSet::load(&sources(files)).unwrap();
            let t1 = Instant::now();
            detectors = set.len();
            let scanner = ScannerBuilder::new().build(set);
            let t2 = Instant::now();
            std::hint::black_box(scanner.scan(text.as_bytes()));
            let t3 = Instant::now();
            load.push(t1 - t0);
            build.push(t2 - t1);
            first.push(t3 - t2);
            total.push(t3 - t0);
        }
        println!(
            "| {name} | {detectors} | {:.1} ms | {:.1} ms | {:.2} ms | {:.1} ms |",
            median(load),
            median(build),
            median(first),
            median(total)
        );
    }
}
