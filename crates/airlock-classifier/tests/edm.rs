//! Exact data match: the sample set of `rules/edm/` found in content (through the two fake
//! values its header names), multi-word values, overlaps with detectors, redaction, UTF-16, the
//! rule-file helper, and rule-file errors. Chunking is covered in `tests/chunking.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use airlock_classifier::{
    edm_hash, edm_rule_file_with_salt, redact, Category, DataClass, DetectorKind, EdmSet,
    Normalize, RuleSet, RuleSource, Scanner, ScannerBuilder, Verdict,
};

/// The two fake values the header of `rules/edm/example_customers.toml` names.
const SAMPLE_VALUES: [&str; 2] = ["C-104729", "C-583016"];
const SAMPLE_ID: &str = "example_customer_id";

fn scanner() -> Scanner {
    ScannerBuilder::new().build(common::rules_with_edm())
}

fn values<'a>(v: &Verdict, content: &'a str, id: &str) -> Vec<&'a str> {
    v.findings
        .iter()
        .filter(|f| f.detector == id)
        .map(|f| &content[f.start..f.end])
        .collect()
}

fn load_alone(name: &str, text: &str) -> Scanner {
    let set = RuleSet::load(&[RuleSource { name, text }])
        .unwrap_or_else(|e| panic!("{name} does not load:\n{e}"));
    ScannerBuilder::new().build(set)
}

#[test]
fn the_sample_set_finds_its_documented_values_and_nothing_else() {
    let files = common::edm_files();
    let (_, text) = files
        .iter()
        .find(|(n, _)| n.ends_with("example_customers.toml"))
        .expect("the sample file ships");
    for value in SAMPLE_VALUES {
        let line = text
            .lines()
            .find(|l| l.contains(value))
            .expect("documented");
        assert!(
            line.starts_with('#'),
            "plaintext only in the header comment"
        );
    }
    let content =
        "Ticket 88: customer C-104729 called about the invoice of C-583016; C-999999 is unknown.";
    let v = scanner().scan(content.as_bytes());
    assert_eq!(values(&v, content, SAMPLE_ID), SAMPLE_VALUES);
    let f = v
        .findings
        .iter()
        .find(|f| f.detector == SAMPLE_ID)
        .expect("found");
    assert_eq!(f.preview, "C******9");
    assert_eq!(f.category, Category::Pii);
    assert_eq!(f.class, DataClass::Confidential);
    assert!(f.customer_data && v.customer_data);
    assert!(f.confidence > 0.9);
    let json = serde_json::to_string(&v).expect("serializes");
    assert!(
        !json.contains("104729") && !json.contains("583016"),
        "{json}"
    );
    for miss in ["XC-104729", "C-1047290", "c-104729", "C-104728", "C 104729"] {
        let v = scanner().scan(miss.as_bytes());
        assert!(values(&v, miss, SAMPLE_ID).is_empty(), "{miss}");
    }
}

#[test]
fn edm_sets_are_listed_as_exact_match_detectors() {
    let rules = common::rules_with_edm();
    let d = rules
        .detectors()
        .find(|d| d.id == SAMPLE_ID)
        .expect("listed");
    assert_eq!(d.kind, DetectorKind::ExactMatch);
    assert!(d.examples.matches.is_empty() && d.examples.no_match.is_empty());
    assert_eq!(d.file, "rules/edm/example_customers.toml");
    assert!(common::default_rules()
        .detectors()
        .all(|d| d.kind == DetectorKind::Pattern));
    // An edm set can be disabled like any detector.
    let mut rules = rules;
    rules.retain(|d| d.id != SAMPLE_ID);
    let v = ScannerBuilder::new()
        .build(rules)
        .scan(b"customer C-104729");
    assert!(v.findings.iter().all(|f| f.detector != SAMPLE_ID));
}

#[test]
fn redaction_replaces_edm_findings() {
    let content = "C-104729 paid; C-583016 did not; C-104729 again";
    let s = scanner();
    let r = redact(content.as_bytes(), &s.scan(content.as_bytes()));
    assert_eq!(
        String::from_utf8(r.text).expect("utf-8"),
        "[EXAMPLE_CUSTOMER_ID_1] paid; [EXAMPLE_CUSTOMER_ID_2] did not; [EXAMPLE_CUSTOMER_ID_1] again"
    );
}

#[test]
fn utf16_content_is_matched_with_original_offsets() {
    let mut input = vec![0xFF, 0xFE];
    for u in "id C-583016.".encode_utf16() {
        input.extend_from_slice(&u.to_le_bytes());
    }
    let v = scanner().scan(&input);
    let f = v
        .findings
        .iter()
        .find(|f| f.detector == SAMPLE_ID)
        .expect("found in UTF-16");
    assert_eq!((f.start, f.end), (2 + 3 * 2, 2 + 11 * 2));
    assert_eq!(f.preview, "C******6");
}

fn code_names(normalize: Normalize, values: &[&str]) -> String {
    let set = EdmSet {
        id: "code_name".into(),
        name: "Project code name".into(),
        category: Category::Marking,
        class: DataClass::Confidential,
        customer_data: false,
        // One to three capitalized words joined by a space or a hyphen.
        pattern: r"\b[A-Z][a-z]{1,20}(?:[ -][A-Z][a-z]{1,20}){0,2}\b".into(),
        normalize,
    };
    edm_rule_file_with_salt(&set, &[5u8; 24], values).expect("builds")
}

#[test]
fn multi_word_values_are_found_inside_longer_runs_of_words() {
    let file = code_names(Normalize::Alnum, &["Blue Falcon", "Falcon", "Red Heron"]);
    assert!(!file.contains("Falcon") && !file.contains("Heron"));
    // An edm-only rule set loads (no [[detector]] needed).
    let s = load_alone("code_names.toml", &file);
    let content = "Kickoff: Project Blue Falcon Review. Blue-Falcon slips; a Falcon flies; \
                   Red Heron Alpha starts; blue falcon is not capitalized; Red Herons differ.";
    let v = s.scan(content.as_bytes());
    // Nested candidates ("Falcon" inside "Blue Falcon") resolve to the longer value.
    assert_eq!(
        values(&v, content, "code_name"),
        ["Blue Falcon", "Blue-Falcon", "Falcon", "Red Heron"]
    );
    // Exact normalization: only the very spelling.
    let s = load_alone(
        "exact.toml",
        &code_names(Normalize::Exact, &["Blue Falcon"]),
    );
    let v = s.scan(content.as_bytes());
    assert_eq!(values(&v, content, "code_name"), ["Blue Falcon"]);
}

#[test]
fn an_exact_match_wins_over_an_overlapping_generic_detector() {
    let hash = edm_hash(&[1u8; 16], Normalize::Exact, "123456789");
    let edm = format!(
        "[[edm]]\nid = \"employee_number\"\nname = \"Employee number\"\ncategory = \"pii\"\n\
         class = \"confidential\"\npattern = '''\\b[0-9]{{9}}\\b'''\nsalt = \"AQEBAQEBAQEBAQEBAQEBAQ==\"\n\
         hashes = [\"{hash}\"]\n"
    );
    let engine = include_str!("testdata/engine.toml");
    let set = RuleSet::load(&[
        RuleSource {
            name: "engine.toml",
            text: engine,
        },
        RuleSource {
            name: "edm.toml",
            text: &edm,
        },
    ])
    .expect("loads");
    let s = ScannerBuilder::new().build(set);
    let v = s.scan(b"SSN 123456789 and SSN 987654321");
    let types: Vec<&str> = v.findings.iter().map(|f| f.detector.as_str()).collect();
    assert_eq!(types, ["employee_number", "test_ssn"]);
}

#[test]
fn rule_file_errors_name_file_line_and_never_echo_hashes() {
    let text = include_str!("testdata/invalid/bad_edm.toml");
    let e = RuleSet::load(&[RuleSource {
        name: "bad_edm.toml",
        text,
    }])
    .expect_err("invalid")
    .to_string();
    for needle in [
        "bad_edm.toml:13: detector id `dup_id` is already defined at bad_edm.toml:2",
        "bad_edm.toml:28: edm `bad_salt`: unknown normalize `upper`",
        "bad_edm.toml:29: edm `bad_salt`: salt is not valid base64",
        "bad_edm.toml:32: edm `bad_salt`: hash #2 is not 32 hex characters",
        "bad_edm.toml:40: edm `short_salt`: invalid pattern: it has no maximum length",
        "bad_edm.toml:41: edm `short_salt`: salt has 3 bytes; at least 16",
        "bad_edm.toml:42: edm `short_salt`: hashes is empty",
        "bad_edm.toml:49: edm `empty_match`: invalid pattern: it can match the empty string",
        "bad_edm.toml:51: edm `empty_match`: hash #1 is not 32 hex characters",
    ] {
        assert!(e.contains(needle), "missing {needle:?} in:\n{e}");
    }
    assert_eq!(e.lines().count(), 9, "{e}");
    assert!(!e.contains("X-1234") && !e.contains("AAAA"), "{e}");
    // Inline examples are refused (they would be plaintext).
    let with_examples =
        "[[edm]]\nid = \"x\"\nname = \"X\"\ncategory = \"pii\"\nclass = \"internal\"\n\
        pattern = 'X-[0-9]{4}'\nsalt = \"AAAAAAAAAAAAAAAAAAAAAA==\"\nhashes = []\n\
        examples = { match = [\"X-1234\"] }\n";
    let e = RuleSet::load(&[RuleSource {
        name: "ex.toml",
        text: with_examples,
    }])
    .expect_err("invalid")
    .to_string();
    assert!(e.starts_with("ex.toml:") && e.contains("examples"), "{e}");
}
