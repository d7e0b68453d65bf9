//! Prints what a labeled corpus contains (documents per kind, labels per detector) and times
//! the throughput generator.
//!
//! `cargo run --release -p airlock-corpus --example corpus_stats -- [SEED] [LABELED_BYTES] [MIXED_MB] [SHOW_DOCS]`
//!
//! With `SHOW_DOCS > 0`, the first documents are printed with each label as `⟦id|value⟧`.

use std::collections::BTreeMap;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: u64| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(default);
    let (seed, labeled_bytes, mixed_mb) = (arg(0, 1), arg(1, 200_000), arg(2, 64));
    let show = arg(3, 0) as usize;

    let t = Instant::now();
    let corpus = airlock_corpus::labeled(seed, labeled_bytes as usize);
    let took = t.elapsed();
    let mut kinds: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for d in &corpus.docs {
        let e = kinds.entry(d.kind.name()).or_default();
        e.0 += 1;
        e.1 += d.text.len();
    }
    println!(
        "labeled: {} docs, {} bytes, {} labels in {took:.2?}",
        corpus.docs.len(),
        corpus.total_bytes(),
        corpus.docs.iter().map(|d| d.labels.len()).sum::<usize>()
    );
    for (k, (n, bytes)) in &kinds {
        println!("  {k:<14} {n:>5} docs {bytes:>9} bytes");
    }
    for id in airlock_corpus::PLANTED {
        println!("  {id:<28} {:>6}", corpus.count(id));
    }

    for d in corpus.docs.iter().take(show) {
        println!("==== {} ====", d.kind.name());
        let mut at = 0;
        let mut out = String::new();
        for l in &d.labels {
            out.push_str(&d.text[at..l.start]);
            out.push_str(&format!("⟦{}|{}⟧", l.detector, &d.text[l.start..l.end]));
            at = l.end;
        }
        out.push_str(&d.text[at..]);
        println!("{out}");
    }

    if mixed_mb > 0 {
        let target = (mixed_mb as usize) << 20;
        let t = Instant::now();
        let bytes = airlock_corpus::mixed_bytes(seed, target);
        let secs = t.elapsed().as_secs_f64();
        println!(
            "mixed: {} bytes in {secs:.2} s ({:.0} MB/s)",
            bytes.len(),
            bytes.len() as f64 / 1e6 / secs
        );
    }
}
