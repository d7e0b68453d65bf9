//! Finding fingerprints: keyed hashes of detector and value, equal to `fingerprint()` of the
//! value, the same for UTF-8 and UTF-16 input, different under another key, and absent (JSON
//! unchanged) without a key. Aggregated findings are fingerprinted over their span.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use airlock_classifier::{fingerprint, RuleSet, RuleSource, Scanner, ScannerBuilder, Verdict};

const ENGINE_RULES: &str = include_str!("testdata/engine.toml");

/// Rule set: the engine test rules, plus an edm set whose pattern matches non-ASCII text.
fn rules() -> RuleSet {
    let hash = airlock_classifier::edm_hash(
        &[4u8; 16],
        airlock_classifier::Normalize::Exact,
        "ref:Zürich",
    );
    let edm = format!(
        "[[edm]]\nid = \"place_ref\"\nname = \"Place reference\"\ncategory = \"pii\"\n\
         class = \"internal\"\npattern = '''ref:[^ \\n.]{{1,40}}'''\n\
         salt = \"BAQEBAQEBAQEBAQEBAQEBA==\"\nhashes = [\"{hash}\"]\n"
    );
    RuleSet::load(&[
        RuleSource {
            name: "engine.toml",
            text: ENGINE_RULES,
        },
        RuleSource {
            name: "edm.toml",
            text: &edm,
        },
    ])
    .expect("loads")
}

fn keyed(key: [u8; 32]) -> Scanner {
    ScannerBuilder::new().fingerprint_key(key).build(rules())
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

fn fingerprints(v: &Verdict) -> Vec<(&str, &str)> {
    v.findings
        .iter()
        .map(|f| {
            (
                f.detector.as_str(),
                f.fingerprint.as_deref().expect("fingerprinted"),
            )
        })
        .collect()
}

const KEY: [u8; 32] = [11u8; 32];
const TEXT: &str = "key tkn_abcdefghij0123456789 for bob@example.com, see ref:Zürich.";

#[test]
fn fingerprints_equal_the_public_function_of_the_value() {
    let v = keyed(KEY).scan(TEXT.as_bytes());
    assert_eq!(
        fingerprints(&v),
        [
            (
                "test_token",
                fingerprint(&KEY, "test_token", b"tkn_abcdefghij0123456789").as_str()
            ),
            (
                "test_email",
                fingerprint(&KEY, "test_email", b"bob@example.com").as_str()
            ),
            (
                "place_ref",
                fingerprint(&KEY, "place_ref", "ref:Zürich".as_bytes()).as_str()
            ),
        ]
    );
    let json = serde_json::to_value(&v).expect("serializes");
    assert_eq!(
        json["findings"][0]["fingerprint"],
        serde_json::json!(fingerprint(&KEY, "test_token", b"tkn_abcdefghij0123456789"))
    );
}

#[test]
fn utf8_and_utf16_inputs_give_the_same_fingerprints() {
    let s = keyed(KEY);
    let a = s.scan(TEXT.as_bytes());
    let b = s.scan(&utf16le(TEXT));
    let c = s.scan_reader(&utf16le(TEXT)[..]).expect("reads");
    assert_eq!(fingerprints(&a), fingerprints(&b));
    assert_eq!(fingerprints(&a), fingerprints(&c));
    assert_ne!(
        a.findings[0].start, b.findings[0].start,
        "offsets do differ"
    );
}

#[test]
fn another_key_gives_other_fingerprints() {
    let a = keyed(KEY).scan(TEXT.as_bytes());
    let b = keyed([12u8; 32]).scan(TEXT.as_bytes());
    for (x, y) in fingerprints(&a).into_iter().zip(fingerprints(&b)) {
        assert_eq!(x.0, y.0);
        assert_ne!(x.1, y.1);
    }
}

#[test]
fn without_a_key_there_is_no_fingerprint_and_the_json_is_unchanged() {
    let s = ScannerBuilder::new().build(rules());
    let v = s.scan(b"key tkn_abcdefghij0123456789");
    assert!(v.findings.iter().all(|f| f.fingerprint.is_none()));
    assert_eq!(
        serde_json::to_value(&v).expect("serializes"),
        serde_json::json!({"findings":[{"type":"test_token","category":"secret","start":4,"end":28,
            "confidence":0.95,"preview":"tkn_****************6789"}],
            "data_class":"Restricted","customer_data":false})
    );
    // Verdicts from before fingerprints still deserialize.
    let back: Verdict =
        serde_json::from_value(serde_json::to_value(&v).expect("json")).expect("deserializes");
    assert_eq!(back.findings[0].fingerprint, None);
}

#[test]
fn aggregated_findings_fingerprint_their_span_whatever_the_chunking() {
    let mut code = String::from("# header\n");
    for i in 0..400 {
        code.push_str(&format!("def f{i}(x):\n    return x + {i}\n"));
        if i == 200 {
            // Whole chunks without a match inside the span: hashed as they pass, since a
            // streamed scan no longer holds them when the span's end is found.
            code.push_str(&"# nothing to see here\n".repeat(1500));
        }
    }
    code.push_str("# trailer without a match\n");
    let whole = keyed(KEY);
    let small = ScannerBuilder::new()
        .chunk_size(4096)
        .fingerprint_key(KEY)
        .build(rules());
    let a = whole.scan(code.as_bytes());
    let f = &a.findings[0];
    assert_eq!(f.detector, "test_code");
    let expected = fingerprint(&KEY, "test_code", &code.as_bytes()[f.start..f.end]);
    assert_eq!(f.fingerprint.as_deref(), Some(expected.as_str()));
    let b = small.scan(code.as_bytes());
    let c = small.scan_reader(code.as_bytes()).expect("reads");
    let d = small.scan(&utf16le(&code));
    assert_eq!(a.findings, b.findings);
    assert_eq!(a.findings, c.findings);
    assert_eq!(fingerprints(&a), fingerprints(&d));
}
