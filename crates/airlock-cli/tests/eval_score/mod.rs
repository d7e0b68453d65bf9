//! Scoring for the independent evaluation (`tests/eval/`) and the peers' own test cases
//! (`tests/eval/peers/`): runs an `airlock` binary over the documents, maps detector ids to the
//! evaluation's types, and counts true and false positives by span overlap.
//!
//! Rules of the count (also in `tests/eval/README.md`'s scoring section of `docs/benchmarks.md`):
//! - a live finding of an evaluated type that overlaps an unmatched label of that type is a true
//!   positive; any other live finding of an evaluated type is a false positive (including a
//!   second finding on a label already matched: one value, one finding);
//! - a label no live finding overlaps is a false negative;
//! - findings flagged `example` (published documentation examples, placeholders) are not live:
//!   they are counted apart (on negatives marked `example`, they are the right answer);
//! - findings of detectors whose type the evaluation does not label are counted apart, never
//!   as errors.

#![allow(dead_code)]

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The evaluation type a detector's findings count as (`None`: not evaluated).
pub fn eval_type(detector: &str) -> String {
    let t = match detector {
        d if d.starts_with("github_") => "github_token",
        d if d.starts_with("gitlab_") => "gitlab_token",
        "slack_bot_token" | "slack_user_token" | "slack_app_token" | "slack_webhook_url" => {
            "slack_token"
        }
        "stripe_secret_key" | "stripe_test_key" => "stripe_key",
        "generic_password" => "password",
        d if d.starts_with("marking_") => "marking",
        "ipv4_address" | "ipv6_address" => "ip_address",
        "private_key" | "openssh_private_key" | "pgp_private_key" | "putty_private_key" => {
            "private_key"
        }
        "azure_storage_key"
        | "azure_connection_string"
        | "azure_sas_token"
        | "azure_ad_client_secret" => "azure_key",
        "it_codice_fiscale" => "it_fiscal_code",
        d => d,
    };
    t.to_string()
}

/// Whether a finding counts for evaluation type `ty`: its type is `ty`, or `ty` names a vendor's
/// tokens (`sentry_token`) and the detector is one of that vendor's (`sentry_auth_token`).
pub fn counts_as(f: &Found, ty: &str) -> bool {
    f.ty == ty
        || ty
            .strip_suffix("_token")
            .is_some_and(|vendor| f.detector.starts_with(&format!("{vendor}_")))
}

/// One finding as the evaluation sees it.
#[derive(Debug, Clone)]
pub struct Found {
    /// The detector id.
    pub detector: String,
    /// Evaluation type (see [`eval_type`]).
    pub ty: String,
    /// Input byte offsets, when the value is verbatim in the input.
    pub span: Option<(usize, usize)>,
    /// Flagged as a published example or placeholder.
    pub example: bool,
}

/// The binary to evaluate: `AIRLOCK_EVAL_BIN` (e.g. an older build, for before/after), or this
/// build's `airlock`.
pub fn binary() -> PathBuf {
    std::env::var_os("AIRLOCK_EVAL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_airlock")))
}

fn parse_line(v: &Value) -> Vec<Found> {
    let list = v["findings"].as_array().cloned().unwrap_or_default();
    list.iter()
        .map(|f| {
            let span = match (f["start"].as_u64(), f["end"].as_u64()) {
                (Some(s), Some(e)) => Some((s as usize, e as usize)),
                _ => None,
            };
            let detector = f["type"].as_str().unwrap_or("").to_string();
            Found {
                ty: eval_type(&detector),
                detector,
                span,
                example: f["example"].as_bool().unwrap_or(false),
            }
        })
        .collect()
}

/// Scans every file of `files` (paths relative to `root`) with the binary and returns the
/// findings per relative path. One process for all files when the binary names each input in
/// its JSON lines (`path`); one process per file otherwise (older builds).
pub fn scan_files(root: &Path, files: &[String]) -> BTreeMap<String, Vec<Found>> {
    let bin = binary();
    let mut out = BTreeMap::new();
    // Older builds have no `--max-findings` (their cap, 10,000 per input, is far above what
    // one evaluation document holds).
    let help = Command::new(&bin)
        .args(["scan", "--help"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
    let cap: &[&str] = if String::from_utf8_lossy(&help.stdout).contains("--max-findings") {
        &["--max-findings", "1000000"]
    } else {
        &[]
    };
    let run = |paths: &[PathBuf]| -> Vec<Value> {
        let o = Command::new(&bin)
            .args(["scan", "--format", "json"])
            .args(cap)
            .args(paths)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
        assert!(
            o.status.code().is_some_and(|c| c <= 1),
            "{} failed: {}",
            bin.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line: {e}")))
            .collect()
    };
    let paths: Vec<PathBuf> = files.iter().map(|f| root.join(f)).collect();
    let first = run(&paths[..1.min(paths.len())]);
    let named = first.first().is_some_and(|v| v["path"].is_string());
    if named {
        let by_path: BTreeMap<String, &String> = files
            .iter()
            .map(|f| (root.join(f).display().to_string(), f))
            .collect();
        for chunk in paths.chunks(200) {
            for v in run(chunk) {
                let p = v["path"].as_str().unwrap_or("").to_string();
                let rel = by_path
                    .get(&p)
                    .unwrap_or_else(|| panic!("unexpected path {p} in the output"));
                out.insert((*rel).clone(), parse_line(&v));
            }
        }
    } else {
        for (f, p) in files.iter().zip(&paths) {
            let lines = run(std::slice::from_ref(p));
            out.insert(f.clone(), lines.first().map(parse_line).unwrap_or_default());
        }
    }
    for f in files {
        assert!(out.contains_key(f), "no output for {f}");
    }
    out
}

/// Counts for one type.
#[derive(Debug, Default, Clone, Copy)]
pub struct Count {
    /// Labels.
    pub labels: usize,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False positives on spans labelled as look-alikes (`negatives.jsonl`), a subset of `fp`.
    pub fp_negatives: usize,
}

impl Count {
    /// Precision (1 when nothing was found).
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    /// Recall (1 when nothing was labelled).
    pub fn recall(&self) -> f64 {
        if self.labels == 0 {
            1.0
        } else {
            self.tp as f64 / self.labels as f64
        }
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// A labelled span of a document (`None`: the value is only in decoded text).
#[derive(Debug, Clone)]
pub struct Label {
    /// Document, relative to the evaluation root.
    pub doc: String,
    /// Evaluation type.
    pub ty: String,
    /// Byte span in the file.
    pub span: Option<(usize, usize)>,
    /// A published example (negatives only).
    pub example: bool,
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The whole score: per type, plus findings of types not evaluated and example counts.
#[derive(Debug, Default)]
pub struct Score {
    /// Per evaluated type.
    pub types: BTreeMap<String, Count>,
    /// Live findings of detectors whose type is not evaluated, by type.
    pub other: BTreeMap<String, usize>,
    /// Negatives marked `example`: (flagged as example, reported live, not found at all).
    pub examples: (usize, usize, usize),
}

/// Scores findings against labels and look-alike negatives.
pub fn score(found: &BTreeMap<String, Vec<Found>>, labels: &[Label], negatives: &[Label]) -> Score {
    let types: BTreeSet<String> = labels.iter().map(|l| l.ty.clone()).collect();
    let mut s = Score::default();
    for t in &types {
        s.types.insert(t.clone(), Count::default());
    }
    for l in labels {
        if let Some(c) = s.types.get_mut(&l.ty) {
            c.labels += 1;
        }
    }
    for (doc, findings) in found {
        let mine: Vec<&Label> = labels.iter().filter(|l| &l.doc == doc).collect();
        let negs: Vec<&Label> = negatives.iter().filter(|l| &l.doc == doc).collect();
        let mut matched = vec![false; mine.len()];
        for f in findings.iter().filter(|f| !f.example) {
            if !types.contains(&f.ty) {
                *s.other.entry(f.ty.clone()).or_default() += 1;
                continue;
            }
            let hit = mine.iter().enumerate().position(|(i, l)| {
                !matched[i]
                    && l.ty == f.ty
                    && match (l.span, f.span) {
                        (Some(a), Some(b)) => overlaps(a, b),
                        // A value only in decoded text; the finding has no input offsets.
                        (None, None) => true,
                        _ => false,
                    }
            });
            let c = s.types.entry(f.ty.clone()).or_default();
            match hit {
                Some(i) => {
                    matched[i] = true;
                    c.tp += 1;
                }
                None => {
                    c.fp += 1;
                    let on_negative = negs.iter().any(|n| match (n.span, f.span) {
                        (Some(a), Some(b)) => overlaps(a, b),
                        _ => false,
                    });
                    if on_negative {
                        c.fp_negatives += 1;
                    }
                }
            }
        }
        for n in negs.iter().filter(|n| n.example) {
            let on = |example: bool| {
                findings.iter().any(|f| {
                    f.example == example
                        && match (n.span, f.span) {
                            (Some(a), Some(b)) => overlaps(a, b),
                            _ => false,
                        }
                })
            };
            if on(true) {
                s.examples.0 += 1;
            } else if on(false) {
                s.examples.1 += 1;
            } else {
                s.examples.2 += 1;
            }
        }
    }
    s
}

/// The per-type table in Markdown.
pub fn table(s: &Score) -> String {
    let mut out = String::from(
        "| type | labels | TP | FP (on look-alikes) | precision | recall | F1 |\n|---|---|---|---|---|---|---|\n",
    );
    let mut all = Count::default();
    for (t, c) in s.types.iter().filter(|(_, c)| c.labels + c.fp > 0) {
        out.push_str(&format!(
            "| {t} | {} | {} | {} ({}) | {:.3} | {:.3} | {:.3} |\n",
            c.labels,
            c.tp,
            c.fp,
            c.fp_negatives,
            c.precision(),
            c.recall(),
            c.f1()
        ));
        all.labels += c.labels;
        all.tp += c.tp;
        all.fp += c.fp;
        all.fp_negatives += c.fp_negatives;
    }
    out.push_str(&format!(
        "| **all** | {} | {} | {} ({}) | {:.3} | {:.3} | {:.3} |\n",
        all.labels,
        all.tp,
        all.fp,
        all.fp_negatives,
        all.precision(),
        all.recall(),
        all.f1()
    ));
    out
}
