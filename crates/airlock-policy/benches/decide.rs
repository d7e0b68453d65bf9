//! Benchmark: a decision for a 100 KB content item, classification included (target < 3 ms),
//! against the classification alone measured in the same run, plus bundle verification time.
//!
//! `cargo bench -p airlock-policy --bench decide [-- --items N]`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../tests/common/mod.rs"]
mod common;

use airlock_policy::bundle::{
    build_bundle, sign_keyset, BundleMeta, KeysetMeta, Pins, SecretKey, TrustStore,
};
use airlock_policy::{Focus, Policy};
use std::time::{Duration, Instant};

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let items: usize = args
        .iter()
        .position(|a| a == "--items")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let files = common::read_dir(&common::repo_rules());
    let t = Instant::now();
    let policy = Policy::compile(&files).expect("rules/ compiles");
    let compile = t.elapsed();
    let corpus = airlock_corpus::mixed_bytes(11, 24 << 20);
    let n = 100 << 10;
    let focus = Focus {
        url: Some("https://chatgpt.com/c/6742f0a1-8d3c-8001-a2b4-0c9f1f0e3a11"),
        ..Focus::default()
    };
    let mut scan_only = Vec::new();
    let mut full = Vec::new();
    let mut decide_only = Vec::new();
    let mut blocked = 0;
    for k in 0..items {
        let off = (k * 104_729 * 7) % (corpus.len() - n);
        let item = &corpus[off..off + n];
        let t = Instant::now();
        std::hint::black_box(policy.scan(item));
        scan_only.push(t.elapsed());
        let t = Instant::now();
        let tool = policy.register().identify(&focus);
        let verdict = policy.scan(item);
        let t2 = Instant::now();
        let d = policy.decide(tool, &verdict, common::NOW);
        decide_only.push(t2.elapsed());
        full.push(t.elapsed());
        blocked += usize::from(d.action == airlock_policy::Action::Block);
    }

    // Bundle verification as an agent does it (signature chain + compile).
    let root = SecretKey::from_seed([1; 32]);
    let key = SecretKey::from_seed([2; 32]);
    let ks = vec![sign_keyset(
        &KeysetMeta {
            tenant: "acme".into(),
            version: 1,
            issued_at: common::NOW,
            roots: vec![root.public()],
            root_threshold: 1,
            signing_keys: vec![(key.public(), common::NOW - 60, common::NOW + 86_400)],
            revoked: vec![],
        },
        &[&root],
    )
    .unwrap()];
    let meta = BundleMeta {
        tenant: "acme".into(),
        version: 1,
        issued_at: common::NOW,
        expires_at: common::NOW + 86_400,
        min_agent_version: "0.1.0".into(),
    };
    let (bundle, _) = build_bundle(&files, &meta, &key, &ks).unwrap();
    let t = Instant::now();
    let mut store = TrustStore::new(
        Pins {
            roots: vec![root.public()],
            threshold: 1,
            tenant: None,
        },
        "0.1.0",
    );
    store.offer(&bundle, common::NOW).unwrap();
    let verify = t.elapsed();

    let (s50, f50, f95, d50) = (
        percentile(scan_only.clone(), 0.5),
        percentile(full.clone(), 0.5),
        percentile(full, 0.95),
        percentile(decide_only, 0.5),
    );
    println!("# airlock-policy decision benchmark");
    println!();
    println!(
        "- rules/: {} detectors, {} tools; {items} content items of 100 KB from airlock-corpus mixed_bytes (seed 11); {blocked} blocked in ChatGPT",
        policy.detector_count(),
        policy.register().tools().len()
    );
    println!();
    println!("| measure | value | baseline (classification alone, same run) | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| decision for 100 KB, classification included (median) | {:.3} ms | {:.3} ms | {:.3}x |",
        ms(f50),
        ms(s50),
        f50.as_secs_f64() / s50.as_secs_f64()
    );
    println!(
        "| decision for 100 KB, classification included (p95) | {:.3} ms | – | – |",
        ms(f95)
    );
    println!(
        "| decide() alone (median) | {:.4} ms | – | {:.2} % of the total |",
        ms(d50),
        100.0 * d50.as_secs_f64() / f50.as_secs_f64()
    );
    println!(
        "| policy compilation (rules/) | {:.1} ms | – | – |",
        ms(compile)
    );
    println!(
        "| bundle verification + compilation ({} bytes) | {:.1} ms | – | – |",
        bundle.len(),
        ms(verify)
    );
    println!();
    let ok = f50 < Duration::from_millis(3);
    println!(
        "target: decision for a 100 KB item < 3 ms (median): {}",
        if ok { "MET" } else { "NOT MET" }
    );
    if !ok {
        std::process::exit(1);
    }
}
