//! Offsets point at the input: for every finding with input offsets, the input's bytes there
//! are exactly the bytes the detector matched in the extracted text (a property checked over
//! generated plain text, CSV and e-mail with planted values at random places), and findings in
//! decoded text say they are segment offsets. Text handed over as text stays text; a column
//! header is the context of the cells below it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use airlock_classifier::{RuleSet, RuleSource, Scanner, ScannerBuilder};
use airlock_extract::{extract, Limits};
use airlock_inspect::document::{self, Offsets};
use base64::Engine as _;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn scanner() -> Scanner {
    let sources: Vec<RuleSource> = airlock_rules::DEFAULT_RULES
        .iter()
        .filter(|(n, _)| n.starts_with("detectors/"))
        .map(|(n, t)| RuleSource { name: n, text: t })
        .collect();
    ScannerBuilder::new().build(RuleSet::load(&sources).unwrap())
}

const VALUES: &[&str] = &[
    "jane.roe@corp-mail.example",
    "SSN 536-22-8745",
    "card 4556 7375 8689 9855",
    "AKIAZ3MHQ7RT5VWX2KPL",
    "ghp_R8x2mQ9vL4kT7nB1cZ5wY3hJ6dF0sA2pE8uG",
    "IBAN DE44 5001 0517 5407 3249 31",
    "10.20.30.40",
];

const FILLER: &[&str] = &[
    "hello",
    "the quarterly numbers",
    "see below",
    "ok",
    "thanks, Bob",
    "x",
    "",
];

fn words(rng: &mut ChaCha8Rng, n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        if rng.gen_bool(0.3) {
            s.push_str(VALUES[rng.gen_range(0..VALUES.len())]);
        } else {
            s.push_str(FILLER[rng.gen_range(0..FILLER.len())]);
        }
        s.push(' ');
    }
    s
}

fn csv(rng: &mut ChaCha8Rng) -> Vec<u8> {
    let eol = if rng.gen_bool(0.5) { "\r\n" } else { "\n" };
    let mut s = format!("id,name,contact,notes,passport_no{eol}");
    for i in 0..rng.gen_range(1..20) {
        let note = words(rng, 3);
        let quoted = match rng.gen_range(0..3) {
            0 => format!("\"{}\"", note.trim()),
            1 => format!("\"{} said \"\"hi\"\"\"", note.trim()),
            _ => note.trim().replace(',', " "),
        };
        let contact = VALUES[rng.gen_range(0..VALUES.len())];
        s.push_str(&format!(
            "{i},Name {i},{contact},{quoted},{}{eol}",
            rng.gen_range(100_000_000u32..999_999_999)
        ));
    }
    s.into_bytes()
}

fn eml(rng: &mut ChaCha8Rng) -> (Vec<u8>, bool) {
    let body = words(rng, 30);
    let encoded = rng.gen_bool(0.4);
    let mut s = format!(
        "From: Jane Roe <jane.roe@corp-mail.example>\r\nTo: {}\r\nSubject: {}\r\nMIME-Version: 1.0\r\n",
        "bob.smith@partner.example",
        words(rng, 4).trim()
    );
    if encoded {
        let b64 = base64::engine::general_purpose::STANDARD.encode(body.as_bytes());
        s.push_str(
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
        );
        for chunk in b64.as_bytes().chunks(76) {
            s.push_str(std::str::from_utf8(chunk).unwrap());
            s.push_str("\r\n");
        }
    } else {
        s.push_str("Content-Type: text/plain; charset=utf-8\r\n\r\n");
        s.push_str(&body);
        s.push_str("\r\n");
    }
    (s.into_bytes(), encoded)
}

/// Checks every finding of `input`: input offsets hold the matched bytes; returns how many
/// findings had input and segment offsets.
fn check(scanner: &Scanner, name: &str, input: &[u8]) -> (usize, usize) {
    let limits = Limits::default();
    let scanned = document::scan(scanner, name, input, &limits);
    let segments = if scanned.plain {
        None
    } else {
        Some(extract(name, input, &limits).segments)
    };
    let (mut at_input, mut at_segment) = (0, 0);
    for (i, f) in scanned.verdict.findings.iter().enumerate() {
        let span = scanned.spans[i];
        let matched: &[u8] = match &segments {
            None => &input[span.start..span.end],
            Some(segs) => &segs[span.segment].text[span.start..span.end],
        };
        match scanned.offsets[i] {
            Offsets::Input => {
                at_input += 1;
                assert_eq!(
                    &input[f.start..f.end],
                    matched,
                    "{name}: {} at {}..{} is not the matched value",
                    f.detector,
                    f.start,
                    f.end
                );
            }
            Offsets::Segment => at_segment += 1,
        }
    }
    (at_input, at_segment)
}

#[test]
fn input_offsets_hold_the_matched_bytes() {
    let scanner = scanner();
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let (mut plain, mut table, mut mail, mut decoded) = (0, 0, 0, 0);
    for case in 0..150 {
        let text = words(&mut rng, 40);
        plain += check(&scanner, "note.txt", text.as_bytes()).0;
        // Quoted cells with doubled quotes are rebuilt text: they may have segment offsets.
        table += check(&scanner, "export.csv", &csv(&mut rng)).0;
        let (m, encoded) = eml(&mut rng);
        let (a, b) = check(&scanner, "mail.eml", &m);
        mail += a;
        if encoded {
            decoded += b;
        } else {
            assert_eq!(
                b, 0,
                "case {case}: a plain e-mail's findings are all verbatim"
            );
        }
    }
    assert!(plain > 500, "plain findings checked: {plain}");
    assert!(table > 300, "CSV findings checked: {table}");
    assert!(mail > 300, "e-mail findings checked: {mail}");
    assert!(
        decoded > 50,
        "base64 body findings with segment offsets: {decoded}"
    );
}

#[test]
fn text_handed_over_as_text_is_never_a_file_format() {
    let scanner = scanner();
    let mail =
        b"From: a@corp.example\r\nTo: b@corp.example\r\nSubject: hi\r\n\r\nSSN 536-22-8745\r\n";
    let as_text = document::scan_text(&scanner, "clipboard", mail);
    assert!(as_text.plain);
    assert_eq!(as_text.format, airlock_extract::Format::Text);
    assert!(as_text.offsets.iter().all(|o| *o == Offsets::Input));
    assert!(!as_text.verdict.findings.is_empty());
    for f in &as_text.verdict.findings {
        assert!(f.end <= mail.len());
    }
    let auto = document::scan(&scanner, "clipboard", mail, &Limits::default());
    assert_eq!(auto.format, airlock_extract::Format::Eml);
}

#[test]
fn a_column_header_is_context_for_every_cell_below_it() {
    let scanner = scanner();
    let mut csv = String::from("employee,passport_no,start\n");
    for i in 0..40 {
        csv.push_str(&format!(
            "Person {i},{},2024-01-{:02}\n",
            412_345_670 + i * 7,
            i % 28 + 1
        ));
    }
    let s = document::scan(&scanner, "hr.csv", csv.as_bytes(), &Limits::default());
    let passports = s
        .verdict
        .findings
        .iter()
        .filter(|f| f.detector == "us_passport")
        .count();
    assert_eq!(passports, 40);
    for f in &s.verdict.findings {
        assert!(csv.as_bytes()[f.start..f.end]
            .iter()
            .all(u8::is_ascii_digit));
    }
    // The same numbers under a header that means nothing are not passports.
    let plain = csv.replace("passport_no", "badge");
    let s = document::scan(&scanner, "hr.csv", plain.as_bytes(), &Limits::default());
    assert!(s
        .verdict
        .findings
        .iter()
        .all(|f| f.detector != "us_passport"));
}
