//! The independent evaluation: `airlock scan` over documents written without sight of the
//! detectors (`tests/eval/docs`, labels in `tests/eval/labels.jsonl`, look-alikes in
//! `tests/eval/negatives.jsonl`; see `tests/eval/README.md`), and over the peers' own test
//! cases (Presidio's recognizer tests and gitleaks' rule tests, `tests/eval/peers/`). Prints
//! per-type precision, recall and F1, writes them to `target/eval/`, and fails when a type
//! falls below its floor (floors sit just under the measured values, so a regression fails).
//!
//! `AIRLOCK_EVAL_BIN=/path/to/airlock` scores another build (the "before" figures in
//! `docs/benchmarks.md` come from the build before the changes); floors are then not checked.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod eval_score;

use eval_score::{scan_files, score, table, Count, Found, Label};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/eval")
}

fn report_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/eval");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn jsonl(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the evaluation set is part of the repository)",
            path.display()
        )
    });
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

fn label(v: &Value, key: &str) -> Label {
    let span = match (v["start"].as_u64(), v["end"].as_u64()) {
        (Some(s), Some(e)) => Some((s as usize, e as usize)),
        _ => None,
    };
    Label {
        doc: v["doc"].as_str().unwrap().to_string(),
        ty: v[key].as_str().unwrap().to_string(),
        span,
        example: v["example"].as_bool().unwrap_or(false),
    }
}

fn comparing_another_build() -> bool {
    std::env::var_os("AIRLOCK_EVAL_BIN").is_some()
}

/// Fails with every type under its floor (precision, recall).
fn check_floors(name: &str, types: &BTreeMap<String, Count>, floors: &[(&str, f64, f64)]) {
    if comparing_another_build() {
        return;
    }
    let mut low = Vec::new();
    for (t, p, r) in floors {
        let c = types
            .get(*t)
            .unwrap_or_else(|| panic!("{name}: no labels of type {t} (the floor table names it)"));
        if c.precision() < *p || c.recall() < *r {
            low.push(format!(
                "{t}: precision {:.3} (floor {p}), recall {:.3} (floor {r})",
                c.precision(),
                c.recall()
            ));
        }
    }
    assert!(
        low.is_empty(),
        "{name} below its floors:\n{}",
        low.join("\n")
    );
}

/// Floors (precision, recall) for the independent set, just under the values measured on
/// the commit that set them (see `docs/benchmarks.md`).
const FLOORS: &[(&str, f64, f64)] = &[
    ("aws_access_key_id", 0.98, 0.98),
    ("aws_secret_access_key", 0.94, 0.98),
    ("credit_card", 0.86, 0.97),
    ("database_connection_string", 0.98, 0.98),
    ("date_of_birth", 0.97, 0.43),
    ("email", 0.95, 0.93),
    ("github_token", 0.98, 0.26),
    ("iban", 0.98, 0.98),
    ("icd10_code", 0.96, 0.85),
    ("ip_address", 0.93, 0.94),
    ("jwt", 0.98, 0.98),
    ("marking", 0.87, 0.54),
    ("medical_record_number", 0.97, 0.72),
    ("openai_api_key", 0.98, 0.98),
    ("password", 0.94, 0.48),
    ("phone_number", 0.95, 0.61),
    ("postal_address", 0.97, 0.47),
    ("private_key", 0.98, 0.96),
    ("slack_token", 0.96, 0.96),
    ("stripe_key", 0.98, 0.98),
    ("us_passport", 0.96, 0.93),
    ("us_ssn", 0.97, 0.62),
];

#[test]
fn independent_documents() {
    let root = root();
    let labels: Vec<Label> = jsonl(&root.join("labels.jsonl"))
        .iter()
        .map(|v| label(v, "type"))
        .collect();
    let negatives: Vec<Label> = jsonl(&root.join("negatives.jsonl"))
        .iter()
        .map(|v| label(v, "looks_like"))
        .collect();
    let mut docs: Vec<String> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| format!("docs/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    docs.sort();
    assert!(docs.len() >= 50, "only {} evaluation documents", docs.len());
    for l in labels.iter().chain(&negatives) {
        assert!(
            docs.contains(&l.doc),
            "label for a missing document {}",
            l.doc
        );
    }
    let found = scan_files(&root, &docs);
    let s = score(&found, &labels, &negatives);
    let mut report = format!(
        "Independent evaluation: {} documents, {} labels, {} look-alike negatives ({} published examples)\n\n{}",
        docs.len(),
        labels.len(),
        negatives.len(),
        negatives.iter().filter(|n| n.example).count(),
        table(&s)
    );
    report.push_str(&format!(
        "\nPublished examples among the negatives: {} flagged as examples, {} reported as live, {} not reported.\n",
        s.examples.0, s.examples.1, s.examples.2
    ));
    report.push_str(&format!(
        "Findings of detectors the set does not label (not scored): {:?}\n",
        s.other
    ));
    println!("{report}");
    let name = if comparing_another_build() {
        "independent-other-build.md"
    } else {
        "independent.md"
    };
    std::fs::write(report_dir().join(name), &report).unwrap();
    check_floors("independent evaluation", &s.types, FLOORS);
}

/// Floors for the peers' own cases (`source:type`), just under the measured values.
const PEER_FLOORS: &[(&str, f64, f64)] = &[
    ("presidio:au_tfn", 0.98, 0.00),
    ("presidio:ca_sin", 0.98, 0.20),
    ("presidio:credit_card", 0.98, 0.58),
    ("presidio:email", 0.98, 0.98),
    ("presidio:es_dni", 0.98, 0.48),
    ("presidio:fi_hetu", 0.98, 0.10),
    ("presidio:iban", 0.98, 0.97),
    ("presidio:in_aadhaar", 0.98, 0.09),
    ("presidio:ip_address", 0.96, 0.60),
    ("presidio:it_fiscal_code", 0.98, 0.00),
    ("presidio:npi", 0.98, 0.31),
    ("presidio:phone_number", 0.91, 0.12),
    ("presidio:pl_pesel", 0.98, 0.23),
    ("presidio:sg_nric", 0.98, 0.58),
    ("presidio:uk_nino", 0.98, 0.58),
    ("presidio:us_drivers_license", 0.98, 0.00),
    ("presidio:us_passport", 0.98, 0.38),
    ("presidio:us_ssn", 0.98, 0.41),
    ("gitleaks:anthropic_api_key", 0.48, 0.48),
    ("gitleaks:atlassian_token", 0.98, 0.94),
    ("gitleaks:aws_access_key_id", 0.91, 0.98),
    ("gitleaks:aws_bedrock_token", 0.98, 0.00),
    ("gitleaks:azure_key", 0.98, 0.98),
    ("gitleaks:clickhouse_token", 0.98, 0.00),
    ("gitleaks:cloudflare_token", 0.98, 0.00),
    ("gitleaks:databricks_token", 0.98, 0.98),
    ("gitleaks:facebook_token", 0.98, 0.00),
    ("gitleaks:flyio_token", 0.98, 0.00),
    ("gitleaks:freemius_token", 0.98, 0.00),
    ("gitleaks:generic_secret", 0.87, 0.25),
    ("gitleaks:gitlab_token", 0.00, 0.98),
    ("gitleaks:google_api_key", 0.04, 0.98),
    ("gitleaks:grafana_token", 0.98, 0.98),
    ("gitleaks:heroku_token", 0.98, 0.48),
    ("gitleaks:hubspot_token", 0.98, 0.00),
    ("gitleaks:huggingface_token", 0.98, 0.98),
    ("gitleaks:infracost_token", 0.98, 0.00),
    ("gitleaks:intra42_token", 0.98, 0.00),
    ("gitleaks:jwt", 0.98, 0.16),
    ("gitleaks:mailchimp_token", 0.65, 0.98),
    ("gitleaks:maxmind_token", 0.98, 0.00),
    ("gitleaks:notion_token", 0.98, 0.98),
    ("gitleaks:octopus_deploy_token", 0.98, 0.00),
    ("gitleaks:okta_token", 0.65, 0.98),
    ("gitleaks:onepassword_token", 0.98, 0.00),
    ("gitleaks:openai_api_key", 0.98, 0.98),
    ("gitleaks:openshift_token", 0.98, 0.00),
    ("gitleaks:password", 0.98, 0.03),
    ("gitleaks:perplexity_token", 0.94, 0.98),
    ("gitleaks:private_key", 0.98, 0.09),
    ("gitleaks:scalingo_token", 0.98, 0.00),
    ("gitleaks:sentry_token", 0.98, 0.98),
    ("gitleaks:sidekiq_token", 0.98, 0.00),
    ("gitleaks:slack_token", 0.98, 0.47),
    ("gitleaks:snyk_token", 0.98, 0.00),
    ("gitleaks:sonar_token", 0.98, 0.00),
    ("gitleaks:sourcegraph_token", 0.98, 0.00),
    ("gitleaks:square_token", 0.98, 0.98),
    ("gitleaks:stripe_key", 0.98, 0.48),
    ("gitleaks:sumologic_token", 0.98, 0.00),
    ("gitleaks:terraform_cloud_token", 0.48, 0.98),
    ("gitleaks:vault_token", 0.98, 0.65),
];

/// One peer test case, written to a file of its own for the scan.
struct Case {
    file: String,
    ty: String,
    spans: Vec<(usize, usize)>,
    positive: bool,
}

fn peer_cases(mapping: &Value) -> Vec<(String, Case, String)> {
    let dir = root().join("peers");
    let mut cases = Vec::new();
    for (source, key) in [("presidio", "entity"), ("gitleaks", "rule")] {
        let path = dir.join(format!("{source}.jsonl"));
        for (i, v) in jsonl(&path).iter().enumerate() {
            let id = v[key].as_str().unwrap_or("");
            let Some(ty) = mapping[source][id]
                .as_str()
                .or_else(|| mapping[id].as_str())
            else {
                continue;
            };
            let spans = v["spans"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|s| Some((s[0].as_u64()? as usize, s[1].as_u64()? as usize)))
                        .collect()
                })
                .unwrap_or_default();
            cases.push((
                v["text"].as_str().unwrap_or("").to_string(),
                Case {
                    file: format!("{source}-{i:05}.txt"),
                    ty: ty.to_string(),
                    spans,
                    positive: v["positive"].as_bool().unwrap_or(false),
                },
                source.to_string(),
            ));
        }
    }
    cases
}

#[test]
fn peers_own_test_cases() {
    let dir = root().join("peers");
    let mapping: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("mapping.json")).unwrap()).unwrap();
    let cases = peer_cases(&mapping);
    assert!(cases.len() >= 100, "only {} mapped peer cases", cases.len());
    let tmp = tempfile::tempdir().unwrap();
    for (text, c, _) in &cases {
        std::fs::write(tmp.path().join(&c.file), text).unwrap();
    }
    let files: Vec<String> = cases.iter().map(|(_, c, _)| c.file.clone()).collect();
    let found = scan_files(tmp.path(), &files);
    let mut report = String::new();
    let mut all_types: BTreeMap<String, Count> = BTreeMap::new();
    for source in ["presidio", "gitleaks"] {
        // Presidio's cases have spans (scored by overlap); gitleaks' cases are whole lines that
        // hold a secret or not (scored per case).
        let mut types: BTreeMap<String, Count> = BTreeMap::new();
        let mut flagged = 0;
        for (_, c, _) in cases.iter().filter(|(_, _, s)| s == source) {
            // The peers' cases use published test values (the IBAN registry's examples, card
            // networks' test numbers): a finding flagged as an example still recognised the
            // value, so it counts here; how many were flagged is reported.
            let live: Vec<&Found> = found[&c.file]
                .iter()
                .filter(|f| eval_score::counts_as(f, &c.ty))
                .collect();
            flagged += live.iter().filter(|f| f.example).count();
            let n = types.entry(c.ty.clone()).or_default();
            if c.positive && !c.spans.is_empty() {
                n.labels += c.spans.len();
                let mut used = vec![false; live.len()];
                for s in &c.spans {
                    let hit = live.iter().enumerate().position(|(i, f)| {
                        !used[i] && f.span.is_some_and(|(a, b)| a < s.1 && s.0 < b)
                    });
                    if let Some(i) = hit {
                        used[i] = true;
                        n.tp += 1;
                    }
                }
                n.fp += used.iter().filter(|u| !**u).count();
            } else if c.positive {
                n.labels += 1;
                n.tp += usize::from(!live.is_empty());
            } else {
                n.fp += live.len().min(1);
                n.fp_negatives += live.len().min(1);
            }
        }
        let s = eval_score::Score {
            types: types.clone(),
            ..Default::default()
        };
        report.push_str(&format!(
            "{source}'s own test cases ({} mapped cases; {flagged} findings flagged as published examples, counted as found)\n\n{}\n",
            cases.iter().filter(|(_, _, s)| s == source).count(),
            table(&s)
        ));
        for (t, c) in types {
            let a = all_types.entry(format!("{source}:{t}")).or_default();
            *a = c;
        }
    }
    println!("{report}");
    let name = if comparing_another_build() {
        "peers-other-build.md"
    } else {
        "peers.md"
    };
    std::fs::write(report_dir().join(name), &report).unwrap();
    check_floors("peer test cases", &all_types, PEER_FLOORS);
}
