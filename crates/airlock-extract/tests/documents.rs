//! Documents end to end: real PDF, RTF and HTML files written by LibreOffice and a real MIME
//! e-mail with attachments (`tests/fixtures`, see its README) must yield every planted value at
//! its expected location (page, part, attachment path); an encrypted PDF must be `encrypted`,
//! a truncated one `corrupt`; a 3000-page PDF must be read within the default time budget and
//! end in `timeout` with a tiny one; hostile inputs must end quickly with a result or a reason.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use airlock_extract::{extract, Extraction, Format, Limits};
use common::*;
use serde_json::{Map, Value};
use std::time::{Duration, Instant};

/// The value entries of the manifest for `file`: `(value, expected location)`, the location's
/// `file` defaulting to `file` itself.
fn planted(file: &str) -> Vec<(String, Map<String, Value>)> {
    manifest()
        .into_iter()
        .filter(|e| e["file"].as_str() == Some(file))
        .filter_map(|e| {
            let value = e.get("value")?.as_str()?.to_string();
            let mut loc = e["location"].as_object().cloned().unwrap_or_default();
            loc.entry("file")
                .or_insert_with(|| Value::String(file.into()));
            Some((value, loc))
        })
        .collect()
}

/// Checks every planted value of `file`, except those `skip` says are someone else's to read;
/// returns how many were checked.
fn check_planted(file: &str, x: &Extraction, skip: impl Fn(&Map<String, Value>) -> bool) -> usize {
    let mut checked = 0;
    for (value, expected) in planted(file) {
        if skip(&expected) {
            continue;
        }
        assert!(
            found_at(x, &value, &expected),
            "{file}: {value:?} not found at {expected:?}; found at {:?}",
            places(x, &value)
        );
        checked += 1;
    }
    checked
}

fn reason(x: &Extraction) -> Option<&'static str> {
    x.unscannable.as_ref().map(|u| u.kind())
}

#[test]
fn sample_pdf_values_are_on_their_pages() {
    let x = run("sample.pdf");
    assert_eq!(x.format, Format::Pdf);
    assert_eq!(reason(&x), None, "{:?}", x.unscannable);
    assert_eq!(check_planted("sample.pdf", &x, |_| false), 9);
}

#[test]
fn sample_rtf_values_are_in_their_parts() {
    let x = run("sample.rtf");
    assert_eq!(x.format, Format::Rtf);
    assert_eq!(reason(&x), None, "{:?}", x.unscannable);
    assert_eq!(check_planted("sample.rtf", &x, |_| false), 8);
    // The font table, colour table, style sheet and document info are not text.
    let all: String = x
        .segments
        .iter()
        .map(|s| String::from_utf8_lossy(&s.text).into_owned())
        .collect();
    assert!(
        !all.contains("Liberation"),
        "font table leaked into the text"
    );
    assert!(
        !all.contains("Airlock fixtures"),
        "document info leaked into the text"
    );
}

#[test]
fn sample_html_values_are_found() {
    let x = run("sample.html");
    assert_eq!(x.format, Format::Html);
    assert_eq!(reason(&x), None, "{:?}", x.unscannable);
    assert_eq!(check_planted("sample.html", &x, |_| false), 8);
    let all: String = x
        .segments
        .iter()
        .map(|s| String::from_utf8_lossy(&s.text).into_owned())
        .collect();
    assert!(
        !all.contains("background"),
        "style sheet leaked into the text"
    );
}

#[test]
fn mail_eml_headers_bodies_and_attachments() {
    let x = run("mail.eml");
    assert_eq!(x.format, Format::Eml);
    // `bundle.zip` holds a DOCX and an XLSX, read by the Office readers (another module). When
    // those cannot read it (not written yet, or broken), the bundle's own reason is what the
    // e-mail reports, its values are not checked here (tests/office.rs covers them), and
    // everything else in the e-mail must still be read.
    let bundle = run("bundle.zip");
    let bundle_readable = bundle.unscannable.is_none();
    if bundle_readable {
        assert_eq!(reason(&x), None, "{:?}", x.unscannable);
    } else {
        assert_eq!(
            x.unscannable, bundle.unscannable,
            "only the bundle may be unreadable"
        );
    }
    let checked = check_planted("mail.eml", &x, |loc| {
        let in_bundle = loc
            .get("file")
            .and_then(Value::as_str)
            .is_some_and(|f| f.starts_with("mail.eml/bundle.zip/"));
        in_bundle && !bundle_readable
    });
    assert!(checked >= 14, "only {checked} values checked");
    // Headers, subject, both alternatives and the PDF attachment are always checked.
    let at = |value: &str, key: &str, want: &str| {
        let mut m = Map::new();
        m.insert(key.into(), Value::String(want.into()));
        assert!(
            found_at(&x, value, &m),
            "{value} not at {key}={want}: {:?}",
            places(&x, value)
        );
    };
    at("dana.whitfield@example.com", "part", "headers");
    at("CONFIDENTIAL: Falcon", "part", "subject");
    at("318-46-2075", "part", "body");
    at("4716 5302 9947 1337", "part", "body");
    at("412-67-9023", "file", "mail.eml/sample.pdf");
}

#[test]
fn encrypted_pdf_is_encrypted() {
    let x = run("encrypted.pdf");
    assert_eq!(x.format, Format::Pdf);
    assert_eq!(reason(&x), Some("encrypted"));
    assert!(x.segments.is_empty());
}

#[test]
fn truncated_pdf_is_corrupt() {
    let x = run("truncated.pdf");
    assert_eq!(x.format, Format::Pdf);
    assert_eq!(reason(&x), Some("corrupt"));
}

#[test]
fn hostile_pdf_reasons_match_the_manifest() {
    for entry in manifest() {
        let file = entry["file"].as_str().unwrap_or_default();
        let Some(want) = entry.get("unscannable").and_then(Value::as_str) else {
            continue;
        };
        if !file.ends_with(".pdf") {
            continue;
        }
        assert_eq!(reason(&run(file)), Some(want), "{file}");
    }
}

#[test]
fn pages_pdf_finds_page_2500_within_the_default_budget() {
    let started = Instant::now();
    let x = run("pages.pdf");
    assert_eq!(reason(&x), None, "{:?}", x.unscannable);
    assert_eq!(check_planted("pages.pdf", &x, |_| false), 1);
    let mut page_3000 = Map::new();
    page_3000.insert("page".into(), Value::from(3000));
    assert!(found_at(&x, "Page 3000 of 3000", &page_3000));
    assert!(started.elapsed() < Limits::default().time_budget);
}

#[test]
fn pages_pdf_times_out_with_a_tiny_budget() {
    let limits = Limits {
        time_budget: Duration::from_millis(1),
        ..Default::default()
    };
    let started = Instant::now();
    let x = run_with("pages.pdf", &limits);
    assert_eq!(reason(&x), Some("timeout"));
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn hostile_inputs_end_quickly_with_a_result_or_a_reason() {
    let started = Instant::now();
    let limits = Limits::default();
    let mut inputs: Vec<(&str, Vec<u8>)> = Vec::new();
    // RTF groups nested 200 000 deep.
    let mut rtf = b"{\\rtf1 ".to_vec();
    rtf.extend(std::iter::repeat_n(b'{', 200_000));
    inputs.push(("deep.rtf", rtf));
    // 1 MB of `<` after an HTML start.
    let mut html = b"<html>".to_vec();
    html.extend(std::iter::repeat_n(b'<', 1 << 20));
    inputs.push(("lt.html", html));
    // An e-mail with multiparts nested 1000 deep.
    let mut eml = String::from("From: a@example.com\r\nSubject: deep\r\n");
    for i in 0..1000 {
        eml.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n"
        ));
    }
    eml.push_str("Content-Type: text/plain\r\n\r\nthe bottom\r\n");
    inputs.push(("deep.eml", eml.into_bytes()));
    // An e-mail with attached messages nested 50 000 deep.
    let mut eml = String::new();
    for _ in 0..50_000 {
        eml.push_str("From: a@example.com\r\nSubject: s\r\nContent-Type: message/rfc822\r\n\r\n");
    }
    inputs.push(("nested.eml", eml.into_bytes()));
    // Random bytes after `%PDF-`.
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut pdf = b"%PDF-".to_vec();
    for _ in 0..200_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        pdf.push(seed.to_le_bytes()[0]);
    }
    inputs.push(("random.pdf", pdf));
    for (name, bytes) in &inputs {
        let t = Instant::now();
        let x = extract(name, bytes, &limits);
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "{name} took {:?}",
            t.elapsed()
        );
        match *name {
            "deep.rtf" => assert_eq!(reason(&x), Some("corrupt")),
            "nested.eml" => assert_eq!(reason(&x), Some("too_deep")),
            "random.pdf" => assert!(x.unscannable.is_some()),
            "deep.eml" => assert!(
                x.segments
                    .iter()
                    .any(|s| String::from_utf8_lossy(&s.text).contains("the bottom")),
                "{:?}",
                x.unscannable
            ),
            _ => {}
        }
    }
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn owner_password_only_pdfs_are_read_user_password_ones_are_encrypted() {
    // A PDF with only an owner password (it restricts printing or copying) opens without a
    // password: its text is read. One with a user password is `encrypted`. The variants are
    // made with qpdf from sample.pdf; without qpdf the test has nothing to check.
    let dir = std::env::temp_dir().join(format!("airlock-extract-pdfenc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sample = fixtures().join("sample.pdf");
    let variants: &[(&str, &[&str], Option<&str>)] = &[
        (
            "rc4-40.pdf",
            &["--allow-weak-crypto", "--encrypt", "", "owner", "40", "--"],
            None,
        ),
        (
            "rc4-128.pdf",
            &[
                "--allow-weak-crypto",
                "--encrypt",
                "",
                "owner",
                "128",
                "--use-aes=n",
                "--",
            ],
            None,
        ),
        (
            "aes-128.pdf",
            &["--encrypt", "", "owner", "128", "--use-aes=y", "--"],
            None,
        ),
        (
            "aes-256.pdf",
            &["--encrypt", "", "owner", "256", "--"],
            None,
        ),
        (
            "user-256.pdf",
            &["--encrypt", "user", "owner", "256", "--"],
            Some("encrypted"),
        ),
    ];
    for (name, args, want) in variants {
        let out = dir.join(name);
        let made = std::process::Command::new("qpdf")
            .args(*args)
            .arg(&sample)
            .arg(&out)
            .status();
        match made {
            Ok(status) if status.success() => {}
            _ => {
                eprintln!("qpdf is not available: owner-password PDFs not checked");
                let _ = std::fs::remove_dir_all(&dir);
                return;
            }
        }
        let x = extract(name, &std::fs::read(&out).unwrap(), &Limits::default());
        assert_eq!(reason(&x), *want, "{name}");
        if want.is_none() {
            let mut page_2 = Map::new();
            page_2.insert("page".into(), Value::from(2));
            assert!(found_at(&x, "4929 3817 5502 6147", &page_2), "{name}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
