//! Classifier benchmark: throughput on a 64 MB mixed corpus, latency at 1 KB / 100 KB / 1 MB /
//! 10 MB, rule-set compilation time and memory, each reported against a `memchr` pass over the
//! same bytes measured in the same run (the floor); and what exact-data-match sets and
//! fingerprints add to a scan.
//!
//! Run: `cargo bench -p airlock-classifier --bench scan` (options after `--`:
//! `--size-mb N`, `--rounds N`, `--write-corpus DIR` to also write the corpus files that
//! `benches/peers/run.sh` feeds to peer scanners, `--json FILE` for machine-readable results,
//! `--scan-once` to scan once (`scan_once`), then again (`scan_again`), and exit, for
//! `valgrind --tool=callgrind --toggle-collect=*scan_once* --toggle-collect=*scan_again*`).
//! Single-threaded throughout. Heap is measured with a counting global allocator; peak RSS with
//! `/proc/self/status` after resetting the high-water mark.
#![allow(unsafe_code, missing_docs, clippy::unwrap_used, clippy::expect_used)]

use airlock_classifier::{RuleSet, RuleSource, Scanner, ScannerBuilder};

// The shipped rule files, read the same way the tests read them.
#[path = "../tests/common.rs"]
mod common;
#[path = "../../../tests/support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{reset_peak, CURRENT, PEAK};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

fn rss_kb(field: &str) -> Option<usize> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn build(files: &[(String, String)]) -> Scanner {
    let sources: Vec<RuleSource> = files
        .iter()
        .map(|(n, t)| RuleSource { name: n, text: t })
        .collect();
    let mut set = RuleSet::load(&sources).unwrap_or_else(|e| panic!("rules do not load:\n{e}"));
    // `AIRLOCK_BENCH_EXCLUDE=id,id` leaves detectors out (to see what each costs in the set).
    if let Ok(ex) = std::env::var("AIRLOCK_BENCH_EXCLUDE") {
        let ex: Vec<&str> = ex.split(',').collect();
        set.retain(|d| !ex.contains(&d.id.as_str()));
    }
    // Keep every finding (no truncation), so the measured work is the whole work.
    ScannerBuilder::new()
        .max_findings(10_000_000)
        .threads(1)
        .build(set)
}

/// Throughput of the whole detector set alone and plus, in turn: the sample edm set (a narrow
/// pattern), a code-name edm set (a broad pattern: one to three capitalized words), and a
/// fingerprint key. Best of two scans each.
fn extra_costs(files: &[(String, String)], corpus: &[u8]) -> Vec<(&'static str, f64)> {
    use airlock_classifier::{edm_rule_file_with_salt, Category, DataClass, EdmSet, Normalize};
    let colors = [
        "Blue", "Red", "Green", "Amber", "Silver", "Black", "White", "Golden", "Grey", "Violet",
    ];
    let animals = [
        "Falcon", "Heron", "Otter", "Lynx", "Badger", "Marten", "Osprey", "Viper", "Bison", "Crane",
    ];
    let names: Vec<String> = colors
        .iter()
        .flat_map(|c| animals.iter().map(move |a| format!("{c} {a}")))
        .collect();
    let set = EdmSet {
        id: "bench_code_name".into(),
        name: "Code name (bench)".into(),
        category: Category::Marking,
        class: DataClass::Confidential,
        customer_data: false,
        pattern: r"\b[A-Z][a-z]{1,20}(?:[ -][A-Z][a-z]{1,20}){0,2}\b".into(),
        normalize: Normalize::Alnum,
    };
    let code_names = edm_rule_file_with_salt(&set, &[7u8; 32], &names).expect("builds");
    let with = |extra: Vec<(String, String)>| {
        let mut all = files.to_vec();
        all.extend(extra);
        all
    };
    let variants = [
        (
            "(reference: alone, measured like the rows below)",
            files.to_vec(),
            false,
        ),
        (
            "+ the sample edm set (`\\bC-[0-9]{6}\\b`, 20 values)",
            with(common::edm_files()),
            false,
        ),
        (
            "+ a code-name edm set (1-3 capitalized words, 100 values)",
            with(vec![("code_names.toml".into(), code_names)]),
            false,
        ),
        ("+ fingerprint key", files.to_vec(), true),
    ];
    let mut out = Vec::new();
    for (label, files, fingerprints) in variants {
        let sources: Vec<RuleSource> = files
            .iter()
            .map(|(n, t)| RuleSource { name: n, text: t })
            .collect();
        let mut b = ScannerBuilder::new();
        b.threads(1);
        b.max_findings(10_000_000);
        if fingerprints {
            b.fingerprint_key([9u8; 32]);
        }
        let s = b.build(RuleSet::load(&sources).expect("rules"));
        let best = (0..2)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(s.scan(corpus));
                t.elapsed()
            })
            .min()
            .unwrap_or_default();
        out.push((label, mbps(corpus.len(), best)));
    }
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

fn floor_pass(hay: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', hay).count()
}

/// Profiles each detector alone on the corpus (MB/s and findings), slowest first.
fn per_detector(files: &[(String, String)], size_mb: usize) {
    let corpus = airlock_corpus::mixed_bytes(7, size_mb << 20);
    let sources: Vec<RuleSource> = files
        .iter()
        .map(|(n, t)| RuleSource { name: n, text: t })
        .collect();
    let ids: Vec<String> = RuleSet::load(&sources)
        .expect("rules")
        .detectors()
        .map(|d| d.id.clone())
        .collect();
    let full = ScannerBuilder::new()
        .threads(1)
        .build(RuleSet::load(&sources).expect("rules"));
    println!("| detector | candidates on {size_mb} MB |");
    println!("|---|---|");
    for (id, n) in full.candidate_counts(&corpus).into_iter().take(25) {
        println!("| {id} | {n} |");
    }
    let p = full.profile_prefilter(&corpus);
    println!(
        "literal filter alone {:.0} MB/s ({} passes); literal search {:.0} MB/s ({} hits); '@' {:.0} MB/s; digit runs {:.0} MB/s",
        mbps(corpus.len(), p.filter),
        p.filter_passes,
        mbps(corpus.len(), p.literals),
        p.literal_hits,
        mbps(corpus.len(), p.email),
        mbps(corpus.len(), p.digits)
    );
    let cold = full.profile_detectors(&corpus);
    let warm = full.profile_detectors(&corpus);
    let total = |p: &[(String, Duration, usize)]| p.iter().map(|x| x.1.as_secs_f64()).sum::<f64>();
    println!(
        "confirmation time: cold {:.0} ms, warm {:.0} ms (the difference is mostly lazy-DFA state building)",
        total(&cold) * 1e3,
        total(&warm) * 1e3
    );
    println!("| detector | cold ms | warm ms | windows |");
    println!("|---|---|---|---|");
    for (id, t, n) in cold.iter().take(20) {
        let w = warm
            .iter()
            .find(|x| &x.0 == id)
            .map(|x| x.1)
            .unwrap_or_default();
        println!(
            "| {id} | {:.1} | {:.1} | {n} |",
            t.as_secs_f64() * 1e3,
            w.as_secs_f64() * 1e3
        );
    }
    for _ in 0..2 {
        let t = Instant::now();
        for c in corpus.chunks(1 << 20) {
            std::hint::black_box(full.candidate_counts(c));
        }
        let pre = t.elapsed();
        let t = Instant::now();
        std::hint::black_box(full.scan(&corpus));
        let all = t.elapsed();
        println!(
            "prefilter alone: {:.0} MB/s; whole scan: {:.0} MB/s",
            mbps(corpus.len(), pre),
            mbps(corpus.len(), all)
        );
    }
    let mut rows = Vec::new();
    for id in ids {
        let mut set = RuleSet::load(&sources).expect("rules");
        set.retain(|d| d.id == id);
        let s = ScannerBuilder::new().threads(1).build(set);
        let t = Instant::now();
        let n = s.scan(&corpus).findings.len();
        rows.push((mbps(corpus.len(), t.elapsed()), id, n));
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!("| detector | MB/s alone | findings |");
    println!("|---|---|---|");
    for (m, id, n) in rows {
        println!("| {id} | {m:.0} | {n} |");
    }
}

#[inline(never)]
fn scan_once(scanner: &Scanner, corpus: &[u8]) -> usize {
    scanner.scan(corpus).findings.len()
}

#[inline(never)]
fn scan_again(scanner: &Scanner, corpus: &[u8]) -> usize {
    // Not the same body as `scan_once`, so that the two are not folded into one function.
    scanner.scan(corpus).findings.len() + std::hint::black_box(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let size_mb: usize = opt("--size-mb").and_then(|s| s.parse().ok()).unwrap_or(64);
    let rounds: usize = opt("--rounds").and_then(|s| s.parse().ok()).unwrap_or(5);
    let files = common::rule_files();
    if args.iter().any(|a| a == "--per-detector") {
        per_detector(&files, size_mb);
        return;
    }
    if args.iter().any(|a| a == "--scan-once") {
        // For instruction counts (`valgrind --tool=callgrind --toggle-collect=*scan_once*`):
        // one scan of the corpus, nothing else measured.
        let scanner = build(&files);
        let corpus = airlock_corpus::mixed_bytes(7, size_mb << 20);
        println!("findings: {}", scan_once(&scanner, &corpus));
        // The same bytes again: lazy-DFA states now exist, as in the throughput rounds.
        println!("findings again: {}", scan_again(&scanner, &corpus));
        return;
    }

    // Compilation (cold and warm medians).
    let mut compile = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        let s = build(&files);
        compile.push(t.elapsed());
        std::hint::black_box(&s);
    }
    let base_heap = reset_peak();
    let scanner = build(&files);
    let rules_heap = CURRENT.load(Ordering::Relaxed) - base_heap;
    let detectors = scanner.rules().len();

    let t = Instant::now();
    let corpus = airlock_corpus::mixed_bytes(7, size_mb << 20);
    let gen_time = t.elapsed();
    if let Some(dir) = opt("--write-corpus") {
        std::fs::create_dir_all(&dir).expect("corpus dir");
        std::fs::write(format!("{dir}/mixed-{size_mb}m.txt"), &corpus).expect("write");
        std::fs::write(format!("{dir}/mixed-1m.txt"), &corpus[..1 << 20]).expect("write");
        std::fs::write(format!("{dir}/mixed-100k.txt"), &corpus[..100 << 10]).expect("write");
    }

    // Cold: a freshly built scanner's first 100 KB scan (includes its lazy DFA warm-up).
    let cold_scanner = build(&files);
    let slice = &corpus[corpus.len() / 3..corpus.len() / 3 + (100 << 10)];
    let t = Instant::now();
    let cold_findings = cold_scanner.scan(slice).findings.len();
    let cold = t.elapsed();
    drop(cold_scanner);

    // Throughput, round-robin with the floor.
    let mut floor = Vec::new();
    let mut scan = Vec::new();
    let mut findings = 0;
    let heap_before = reset_peak();
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let rss_before = rss_kb("VmRSS:").unwrap_or(0);
    for _ in 0..rounds {
        let t = Instant::now();
        std::hint::black_box(floor_pass(&corpus));
        floor.push(t.elapsed());
        let t = Instant::now();
        findings = std::hint::black_box(scanner.scan(&corpus)).findings.len();
        scan.push(t.elapsed());
    }
    let scan_heap_peak = PEAK.load(Ordering::Relaxed) - heap_before;
    // Memory with the default settings (findings capped at DEFAULT_MAX_FINDINGS): a fresh
    // scanner, built and used on the whole corpus, total heap peak including the rule set.
    let before_default = reset_peak();
    let default_total_peak = {
        let sources: Vec<RuleSource> = files
            .iter()
            .map(|(n, t)| RuleSource { name: n, text: t })
            .collect();
        let set = RuleSet::load(&sources).expect("rules");
        let s = ScannerBuilder::new().threads(1).build(set);
        std::hint::black_box(s.scan(&corpus));
        PEAK.load(Ordering::Relaxed) - before_default
    };
    // Streaming: the same bytes through `scan_reader` (bounded by the chunk size, not the input).
    let heap_before_stream = reset_peak();
    let t = Instant::now();
    let streamed = scanner
        .scan_reader(std::io::Cursor::new(&corpus[..]))
        .expect("in-memory reads cannot fail");
    let stream_t = t.elapsed();
    let stream_heap_peak = PEAK.load(Ordering::Relaxed) - heap_before_stream;
    assert_eq!(
        streamed.findings.len(),
        findings,
        "streamed and in-memory scans agree"
    );
    let rss_peak_delta = rss_kb("VmHWM:").unwrap_or(0).saturating_sub(rss_before);
    let floor_t = median(floor);
    let scan_t = median(scan);
    let extras = extra_costs(&files, &corpus);

    // Warm latency at several sizes, each over slices at different offsets (unseen data).
    let mut lat = Vec::new();
    for &(label, n) in &[
        ("1 KB", 1usize << 10),
        ("100 KB", 100 << 10),
        ("1 MB", 1 << 20),
        ("10 MB", 10 << 20),
    ] {
        let n = n.min(corpus.len());
        let reps = (32usize).min((64 << 20) / n.max(1)).max(3);
        let mut ts = Vec::new();
        let mut fl = Vec::new();
        for k in 0..reps {
            let off = (k * 7919 * 1024) % (corpus.len() - n + 1);
            let s = &corpus[off..off + n];
            let t = Instant::now();
            std::hint::black_box(floor_pass(s));
            fl.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(scanner.scan(s));
            ts.push(t.elapsed());
        }
        lat.push((label, median(ts), median(fl)));
    }

    let floor_mbps = mbps(corpus.len(), floor_t);
    let scan_mbps = mbps(corpus.len(), scan_t);
    println!("# airlock-classifier benchmark");
    println!();
    println!("- detectors: {detectors}; corpus: {} bytes (airlock-corpus mixed_bytes seed 7, generated in {:.1} s); rounds: {rounds}; single-threaded", corpus.len(), gen_time.as_secs_f64());
    println!("- findings on the corpus: {findings}; cold 100 KB findings: {cold_findings}");
    println!();
    println!("| measure | value | floor (memchr `\\n` count, same run) | ratio |");
    println!("|---|---|---|---|");
    println!("| throughput, whole detector set | {scan_mbps:.1} MB/s | {floor_mbps:.0} MB/s | {:.2} % of floor |", 100.0 * scan_mbps / floor_mbps);
    for (label, m) in &extras {
        println!("| throughput, whole detector set {label} | {m:.1} MB/s | {floor_mbps:.0} MB/s | {:.2} % of floor |", 100.0 * m / floor_mbps);
    }
    for (label, t, f) in &lat {
        println!(
            "| latency {label} (warm, median) | {:.3} ms | {:.4} ms | {:.0}x floor |",
            t.as_secs_f64() * 1e3,
            f.as_secs_f64() * 1e3,
            t.as_secs_f64() / f.as_secs_f64().max(1e-9)
        );
    }
    println!(
        "| latency 100 KB cold (first scan of a fresh scanner) | {:.3} ms | – | – |",
        cold.as_secs_f64() * 1e3
    );
    println!(
        "| rule-set compilation (median of {rounds}) | {:.1} ms | – | – |",
        median(compile.clone()).as_secs_f64() * 1e3
    );
    println!(
        "| heap of the compiled rule set | {:.1} MB | – | – |",
        rules_heap as f64 / 1e6
    );
    println!(
        "| peak extra heap while scanning 64 MB | {:.1} MB | – | – |",
        scan_heap_peak as f64 / 1e6
    );
    println!(
        "| peak RSS growth while scanning | {:.1} MB | – | – |",
        rss_peak_delta as f64 / 1e3
    );
    println!(
        "| total heap peak, default settings (rules + one 64 MB scan, findings capped at {}) | {:.1} MB | – | – |",
        airlock_classifier::DEFAULT_MAX_FINDINGS,
        default_total_peak as f64 / 1e6
    );
    println!(
        "| streamed scan (`scan_reader`) of the same bytes: throughput / peak extra heap | {:.1} MB/s / {:.1} MB | – | – |",
        mbps(corpus.len(), stream_t),
        stream_heap_peak as f64 / 1e6
    );
    if let Some(path) = opt("--json") {
        let lat_json: Vec<String> = lat
            .iter()
            .map(|(l, t, _)| format!("\"{l}\": {:.4}", t.as_secs_f64() * 1e3))
            .collect();
        let json = format!(
            "{{\"detectors\": {detectors}, \"bytes\": {}, \"scan_mbps\": {scan_mbps:.2}, \"floor_mbps\": {floor_mbps:.2}, \"latency_ms\": {{{}}}, \"cold_100k_ms\": {:.4}, \"compile_ms\": {:.2}, \"rules_heap_mb\": {:.2}, \"scan_heap_peak_mb\": {:.2}}}\n",
            corpus.len(),
            lat_json.join(", "),
            cold.as_secs_f64() * 1e3,
            median(compile).as_secs_f64() * 1e3,
            rules_heap as f64 / 1e6,
            scan_heap_peak as f64 / 1e6
        );
        std::fs::write(path, json).expect("write json");
    }
}
