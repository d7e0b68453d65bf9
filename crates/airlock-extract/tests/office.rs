//! Office documents end to end: real DOCX/XLSX/PPTX/ODT/ODS/ODP files written by LibreOffice
//! (`tests/fixtures`, see its README) must yield every planted value at its expected
//! location; encrypted and truncated ones must be unscannable with the right reason; large
//! workbooks and documents must be read quickly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use airlock_extract::{extract, Format, Limits};
use common::*;
use serde_json::Value;
use std::io::Write;
use std::time::{Duration, Instant};

/// The office files of the manifest (by content: `renamed.bin` is a DOCX).
const OFFICE: &[&str] = &[
    "sample.docx",
    "sample.xlsx",
    "sample.pptx",
    "sample.odt",
    "sample.ods",
    "sample.odp",
    "renamed.bin",
    "encrypted.docx",
    "encrypted.xlsx",
    "truncated.docx",
];

#[test]
fn planted_values_are_found_where_expected() {
    let mut checked = 0;
    for entry in manifest() {
        let file = entry["file"].as_str().unwrap_or_default();
        let Some(value) = entry.get("value").and_then(Value::as_str) else {
            continue;
        };
        if !OFFICE.contains(&file) {
            continue;
        }
        let x = run(file);
        assert!(x.unscannable.is_none(), "{file}: {:?}", x.unscannable);
        let mut expected = entry["location"].as_object().cloned().unwrap_or_default();
        expected.insert("file".into(), Value::String(file.into()));
        assert!(
            found_at(&x, value, &expected),
            "{file}: {value:?} not found at {expected:?}; segments at: {:?}",
            x.segments
                .iter()
                .map(|s| s.location.to_string())
                .collect::<Vec<_>>()
        );
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} planted values checked");
}

#[test]
fn office_fixtures_have_the_expected_format_and_reason() {
    for entry in manifest() {
        let file = entry["file"].as_str().unwrap_or_default();
        let Some(reason) = entry.get("unscannable").and_then(Value::as_str) else {
            continue;
        };
        if !OFFICE.contains(&file) {
            continue;
        }
        let x = run(file);
        assert_eq!(
            x.unscannable.as_ref().map(|u| u.kind()),
            Some(reason),
            "{file}"
        );
    }
    assert_eq!(run("renamed.bin").format, Format::Docx);
    assert_eq!(run("sample.ods").format, Format::Ods);
    assert_eq!(run("encrypted.xlsx").format, Format::Cfb);
}

#[test]
fn hidden_sheets_are_read_and_flagged() {
    for file in ["sample.xlsx", "sample.ods"] {
        let x = run(file);
        let secrets: Vec<_> = x
            .segments
            .iter()
            .filter(|s| s.location.sheet.as_deref() == Some("Secrets"))
            .collect();
        assert!(!secrets.is_empty(), "{file}");
        for s in secrets {
            assert_eq!(s.location.part.as_deref(), Some("hidden sheet"), "{file}");
        }
        let visible = x
            .segments
            .iter()
            .find(|s| s.location.sheet.as_deref() == Some("Customers"))
            .expect("Customers sheet");
        assert_eq!(visible.location.part, None, "{file}");
    }
}

#[test]
fn comments_are_not_body_text() {
    for file in ["sample.docx", "sample.odt"] {
        let x = run(file);
        for s in &x.segments {
            let text = String::from_utf8_lossy(&s.text);
            if text.contains("AKIAZ3MXQ4LWZ7QK2PNR") {
                assert_eq!(s.location.part.as_deref(), Some("comments"), "{file}");
            }
            if s.location.part.as_deref() == Some("body") {
                assert!(text.contains("Appendix: card register"), "{file}");
            }
        }
    }
}

// ---------------------------------------------------------------- large files

fn zip_entries(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_level(Some(1));
    for (name, data) in entries {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    w.finish().expect("zip").into_inner()
}

/// A small deterministic generator, so the content compresses like real data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn word(&mut self) -> String {
        let n = 3 + (self.next() % 8) as usize;
        (0..n)
            .map(|_| char::from(b'a' + (self.next() % 26) as u8))
            .collect()
    }
}

fn big_xlsx() -> Vec<u8> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut strings = String::from("<sst>");
    for _ in 0..20_000 {
        strings.push_str(&format!("<si><t>{} {}</t></si>", rng.word(), rng.word()));
    }
    strings.push_str("</sst>");
    let mut sheet = String::from("<worksheet><sheetData>");
    let mut row = 0u32;
    while sheet.len() < 31 << 20 {
        row += 1;
        sheet.push_str(&format!("<row r=\"{row}\">"));
        for (i, col) in ["A", "B", "C", "D", "E", "F"].iter().enumerate() {
            match i % 3 {
                0 => sheet.push_str(&format!(
                    "<c r=\"{col}{row}\" t=\"s\"><v>{}</v></c>",
                    rng.next() % 20_000
                )),
                1 => sheet.push_str(&format!(
                    "<c r=\"{col}{row}\"><v>{}.{}</v></c>",
                    rng.next() % 1_000_000,
                    rng.next() % 100
                )),
                _ => sheet.push_str(&format!(
                    "<c r=\"{col}{row}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                    rng.word()
                )),
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str(&format!(
        "<row r=\"{}\"><c r=\"C{}\" t=\"inlineStr\"><is><t>287-53-1946</t></is></c></row>",
        row + 1,
        row + 1
    ));
    sheet.push_str("</sheetData></worksheet>");
    let book = r#"<workbook xmlns:r="r"><sheets><sheet name="Big" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = r#"<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    zip_entries(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/sharedStrings.xml", strings.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

fn big_docx() -> Vec<u8> {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut doc = String::from("<w:document xmlns:w=\"w\"><w:body>");
    while doc.len() < 26 << 20 {
        doc.push_str("<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr>");
        for _ in 0..4 {
            let words: Vec<String> = (0..6).map(|_| rng.word()).collect();
            doc.push_str(&format!(
                "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{} </w:t></w:r>",
                words.join(" ")
            ));
        }
        doc.push_str("</w:p>");
    }
    doc.push_str("<w:p><w:r><w:t>SSN 412-67-9023</w:t></w:r></w:p></w:body></w:document>");
    zip_entries(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", doc.as_bytes()),
    ])
}

/// Debug builds are slow; the 500 ms release target is checked by the benchmarks.
const DEBUG_BUDGET: Duration = Duration::from_secs(5);

/// The large-file tests take turns, so they do not slow each other down.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn a_large_workbook_is_read_quickly() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let bytes = big_xlsx();
    assert!(bytes.len() > 8 << 20, "{} bytes", bytes.len());
    let t = Instant::now();
    let x = extract("big.xlsx", &bytes, &Limits::default());
    let took = t.elapsed();
    assert!(x.unscannable.is_none(), "{:?}", x.unscannable);
    assert!(
        took < DEBUG_BUDGET,
        "took {took:?} for {} bytes",
        bytes.len()
    );
    let s = &x.segments[0];
    let text = String::from_utf8_lossy(&s.text);
    let at = text.find("287-53-1946").expect("planted value");
    let loc = s.location_at(at);
    assert_eq!(loc.sheet.as_deref(), Some("Big"));
    assert!(loc.cell.as_deref().is_some_and(|c| c.starts_with('C')));
}

#[test]
fn a_large_document_is_read_quickly() {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let bytes = big_docx();
    assert!(bytes.len() > 8 << 20, "{} bytes", bytes.len());
    let t = Instant::now();
    let x = extract("big.docx", &bytes, &Limits::default());
    let took = t.elapsed();
    assert!(x.unscannable.is_none(), "{:?}", x.unscannable);
    assert!(
        took < DEBUG_BUDGET,
        "took {took:?} for {} bytes",
        bytes.len()
    );
    let s = &x.segments[0];
    assert!(String::from_utf8_lossy(&s.text).ends_with("SSN 412-67-9023"));
}
