//! Engine behaviour on a small test rule set: offsets, chunk boundaries, encodings, overlaps,
//! context, aggregation, redaction, and rule-file errors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use airlock_classifier::{
    redact, DataClass, Encoding, RuleSet, RuleSource, Scanner, ScannerBuilder, Verdict,
};
use std::io::Read;

const ENGINE_RULES: &str = include_str!("testdata/engine.toml");

fn scanner_with_chunk(chunk: usize) -> Scanner {
    let set = RuleSet::load(&[RuleSource {
        name: "engine.toml",
        text: ENGINE_RULES,
    }])
    .expect("test rules load");
    ScannerBuilder::new().chunk_size(chunk).build(set)
}

fn scanner() -> Scanner {
    scanner_with_chunk(airlock_classifier::DEFAULT_CHUNK_SIZE)
}

fn types(v: &Verdict) -> Vec<&str> {
    v.findings.iter().map(|f| f.detector.as_str()).collect()
}

#[test]
fn spans_round_trip_to_the_value() {
    let text = "x tkn_abcdefghij0123456789 and mail bob@example.com, card 4111-1111-1111-1111.";
    let v = scanner().scan(text.as_bytes());
    let values: Vec<&str> = v.findings.iter().map(|f| &text[f.start..f.end]).collect();
    assert_eq!(
        values,
        [
            "tkn_abcdefghij0123456789",
            "bob@example.com",
            "4111-1111-1111-1111"
        ]
    );
    assert_eq!(v.data_class, DataClass::Restricted);
    assert!(v.customer_data);
    assert_eq!(v.findings[0].preview, "tkn_****************6789");
}

#[test]
fn nothing_found_is_public() {
    let v = scanner().scan(b"just some prose, nothing here 1234.");
    assert!(v.is_clean());
    assert_eq!(v.data_class, DataClass::Public);
    assert!(!v.customer_data);
}

#[test]
fn json_shape_matches_the_cli_contract() {
    let v = scanner().scan(b"key tkn_abcdefghij0123456789");
    let json = serde_json::to_value(&v).expect("serializes");
    assert_eq!(
        json,
        serde_json::json!({"findings":[{"type":"test_token","category":"secret","start":4,"end":28,
            "confidence":0.95,"preview":"tkn_****************6789"}],
            "data_class":"Restricted","customer_data":false})
    );
}

/// Secrets planted across every chunk boundary are found exactly once, in memory and streamed.
#[test]
fn values_on_chunk_boundaries_are_found_once() {
    let chunk = 4096;
    let token = "tkn_abcdefghij0123456789";
    let mut text = String::new();
    let mut expected = Vec::new();
    for k in 1..=20 {
        let boundary = k * chunk;
        // Straddle the boundary at a different split point each time.
        let at = boundary - (k % token.len());
        while text.len() < at {
            text.push(if text.len() % 80 == 79 { '\n' } else { 'x' });
        }
        text.push(' ');
        expected.push(text.len());
        text.push_str(token);
        text.push(' ');
    }
    let s = scanner_with_chunk(chunk);
    let v = s.scan(text.as_bytes());
    let starts: Vec<usize> = v.findings.iter().map(|f| f.start).collect();
    assert_eq!(starts, expected);
    // Streamed in tiny reads.
    let reader = SlowReader {
        data: text.as_bytes(),
        step: 777,
    };
    let streamed = s.scan_reader(reader).expect("reads");
    assert_eq!(streamed.findings, v.findings);
}

struct SlowReader<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for SlowReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// A 24 MiB stream is scanned with a fixed-size buffer; every planted value is found.
#[test]
fn large_stream_in_bounded_memory() {
    struct Gen {
        pos: usize,
        len: usize,
    }
    impl Read for Gen {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let line = b"log line with nothing much in it 42 ok\nsecret = \"abcdefgh12\"\n";
            let mut n = 0;
            while n < buf.len() && self.pos < self.len {
                buf[n] = line[self.pos % line.len()];
                n += 1;
                self.pos += 1;
            }
            Ok(n)
        }
    }
    let line_len = 62;
    let len = 24 << 20;
    let set = RuleSet::load(&[RuleSource {
        name: "engine.toml",
        text: ENGINE_RULES,
    }])
    .expect("test rules load");
    let v = ScannerBuilder::new()
        .max_findings(1 << 20)
        .build(set)
        .scan_reader(Gen { pos: 0, len })
        .expect("reads");
    assert!(!v.truncated);
    let full_lines = len / line_len;
    assert!(
        v.findings.len() >= full_lines - 1,
        "{} < {}",
        v.findings.len(),
        full_lines
    );
    assert!(v
        .findings
        .iter()
        .all(|f| f.detector == "test_assignment" && f.end - f.start == 10));
}

#[test]
fn too_many_findings_are_truncated_not_unbounded() {
    let text = "tkn_abcdefghij0123456789 ".repeat(50);
    let set = RuleSet::load(&[RuleSource {
        name: "engine.toml",
        text: ENGINE_RULES,
    }])
    .expect("test rules load");
    let v = ScannerBuilder::new()
        .max_findings(10)
        .build(set)
        .scan(text.as_bytes());
    assert_eq!(v.findings.len(), 10);
    assert!(v.truncated);
}

#[test]
fn utf16_with_bom_reports_original_offsets() {
    let text = "h\u{e9}llo tkn_abcdefghij0123456789 \u{1F600}";
    for (bom, be) in [([0xFFu8, 0xFE], false), ([0xFE, 0xFF], true)] {
        let mut bytes = bom.to_vec();
        for u in text.encode_utf16() {
            bytes.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        let v = scanner().scan(&bytes);
        assert_eq!(
            v.encoding,
            if be {
                Encoding::Utf16Be
            } else {
                Encoding::Utf16Le
            }
        );
        let f = &v.findings[0];
        // 2 bytes BOM + 6 UTF-16 units before the token.
        assert_eq!((f.start, f.end), (2 + 12, 2 + 12 + 48));
        let redacted = redact(&bytes, &v);
        assert_eq!(
            String::from_utf8(redacted.text).expect("utf-8"),
            "h\u{e9}llo [TEST_TOKEN_1] \u{1F600}"
        );
        let streamed = scanner_with_chunk(4096)
            .scan_reader(SlowReader {
                data: &bytes,
                step: 3,
            })
            .expect("reads");
        assert_eq!(streamed.findings, v.findings);
    }
}

#[test]
fn invalid_utf8_and_binary_are_scanned_as_bytes() {
    let mut bytes = b"\xff\xfe\xfd not utf8 ".to_vec();
    bytes.clear();
    bytes.extend_from_slice(b"ok \xc3\x28 bad utf8 tkn_abcdefghij0123456789 \xa0\xa1");
    let v = scanner().scan(&bytes);
    assert_eq!(types(&v), ["test_token"]);
    assert!(!v.binary);
    assert_eq!(
        &bytes[v.findings[0].start..v.findings[0].end],
        b"tkn_abcdefghij0123456789"
    );

    let mut bin = vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0];
    bin.extend_from_slice(b"\x00\x00tkn_abcdefghij0123456789\x00");
    let v = scanner().scan(&bin);
    assert!(v.binary);
    assert_eq!(types(&v), ["test_token"]);
}

#[test]
fn the_more_specific_detector_wins_an_overlap() {
    // test_assignment (priority 10) would capture the token's body; test_token (80) wins.
    let v = scanner().scan(b"secret = tkn_abcdefghij0123456789");
    assert_eq!(types(&v), ["test_token"]);
}

#[test]
fn allowlists_validators_and_context() {
    let s = scanner();
    assert!(s.scan(br#"secret = "changeme123""#).is_clean());
    assert!(s.scan(b"card 4111 1111 1111 1112").is_clean());
    assert!(s.scan(b"order number 123456789").is_clean());
    let v = s.scan(b"employee SSN 123456789 on file");
    assert_eq!(types(&v), ["test_ssn"]);
}

#[test]
fn aggregated_detector_needs_min_count_and_reports_one_span() {
    let s = scanner();
    let two = "def a():\n  pass\ndef b():\n  pass\n";
    assert!(s.scan(two.as_bytes()).is_clean());
    let four = format!("{two}def c(x):\n  return x\ndef d():\n  pass\n");
    let v = s.scan(four.as_bytes());
    assert_eq!(types(&v), ["test_code"]);
    assert_eq!(v.findings[0].start, 0);
    assert!(v.findings[0].preview.starts_with("at least "));
    let last = four.find("def d(").expect("planted") + "def d(".len();
    assert_eq!(v.findings[0].end, last, "the span ends at the last match");
    assert_eq!(v.data_class, DataClass::Internal);
    // Code with a credential is Restricted.
    let with_key = format!("{four}API = \"tkn_abcdefghij0123456789\"\n");
    assert_eq!(
        s.scan(with_key.as_bytes()).data_class,
        DataClass::Restricted
    );
    // Markings/code are not redacted.
    let r = redact(four.as_bytes(), &v);
    assert_eq!(r.text, four.as_bytes());
}

#[test]
fn redaction_numbers_values_consistently() {
    let text = "a@example.com wrote to b@example.com; cc a@example.com tkn_abcdefghij0123456789";
    let v = scanner().scan(text.as_bytes());
    let r = redact(text.as_bytes(), &v);
    assert_eq!(
        String::from_utf8(r.text).expect("utf-8"),
        "[TEST_EMAIL_1] wrote to [TEST_EMAIL_2]; cc [TEST_EMAIL_1] [TEST_TOKEN_1]"
    );
    assert_eq!(r.replaced, 4);
}

fn load_invalid(name: &str) -> String {
    let path = format!(
        "{}/tests/testdata/invalid/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    match RuleSet::load(&[RuleSource { name, text: &text }]) {
        Ok(_) => panic!("{name} should not load"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn rule_errors_name_file_and_line() {
    let e = load_invalid("bad_regex.toml");
    assert!(
        e.starts_with("bad_regex.toml:18: detector `broken`: invalid pattern"),
        "{e}"
    );
    assert_eq!(e.lines().count(), 1, "{e}");

    let e = load_invalid("unbounded.toml");
    assert!(
        e.contains("unbounded.toml:7:") && e.contains("no maximum length"),
        "{e}"
    );

    let e = load_invalid("unknown_field.toml");
    assert!(
        e.starts_with("unknown_field.toml:7:") && e.contains("patern"),
        "{e}"
    );

    let e = load_invalid("not_toml.toml");
    assert!(e.starts_with("not_toml.toml:1:"), "{e}");

    let e = load_invalid("bad_values.toml");
    for needle in [
        "snake_case",
        "unknown category `secrets`",
        "unknown class `top secret`",
        "shorter than 3 bytes",
        "unknown validator `crc64`",
        "capture 2 does not exist",
        "at least one `match` and one `no_match`",
    ] {
        assert!(e.contains(needle), "missing {needle:?} in:\n{e}");
    }
    assert!(e.lines().all(|l| l.starts_with("bad_values.toml:")), "{e}");
}

#[test]
fn declared_max_len_allows_unbounded_patterns_within_the_limit() {
    let rule = |max_len: &str| {
        format!(
            "[[detector]]\nid = \"blk\"\nname = \"Block\"\ncategory = \"secret\"\nclass = \"restricted\"\nliterals = [\"BEGIN-BLK\"]\n{max_len}\npattern = '''BEGIN-BLK[a-z\\n]*?END-BLK'''\n[detector.examples]\nmatch = [\"BEGIN-BLKabcEND-BLK\"]\nno_match = [\"BEGIN-BLK\"]\n"
        )
    };
    let ok = rule("max_len = 64");
    let set = RuleSet::load(&[RuleSource {
        name: "blk.toml",
        text: &ok,
    }])
    .expect("loads");
    let s = ScannerBuilder::new().build(set);
    assert_eq!(types(&s.scan(b"x BEGIN-BLKabc\ndefEND-BLK y")), ["blk"]);
    // Longer than the declared window: not found.
    let long = format!("BEGIN-BLK{}END-BLK", "a".repeat(100));
    assert!(s.scan(long.as_bytes()).is_clean());
    let too_big = rule("max_len = 100000");
    let e = RuleSet::load(&[RuleSource {
        name: "blk.toml",
        text: &too_big,
    }])
    .expect_err("too big");
    assert!(
        e.to_string().contains("max_len 100000 must be within"),
        "{e}"
    );
}

#[test]
fn duplicate_ids_across_files_are_rejected() {
    let err = RuleSet::load(&[
        RuleSource {
            name: "a.toml",
            text: ENGINE_RULES,
        },
        RuleSource {
            name: "b.toml",
            text: ENGINE_RULES,
        },
    ])
    .expect_err("duplicates");
    assert!(
        err.to_string()
            .contains("b.toml:3: detector id `test_token` is already defined at a.toml:3"),
        "{err}"
    );
}

#[test]
fn empty_input_and_empty_rules() {
    assert!(scanner().scan(b"").is_clean());
    assert!(scanner()
        .scan_reader(std::io::empty())
        .expect("reads")
        .is_clean());
    let e = RuleSet::load(&[RuleSource {
        name: "empty.toml",
        text: "",
    }])
    .expect_err("empty");
    assert!(e.to_string().contains("no detectors defined"));
}
