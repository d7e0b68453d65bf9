//! Benchmark: extraction speed per format on a fixed document set (the LibreOffice-made
//! fixtures), and a 10 MB DOCX and a 10 MB XLSX extracted and scanned (target < 500 ms each),
//! against scanning the extracted text alone, measured in the same run.
//!
//! `cargo bench -p airlock-extract --bench extract`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use airlock_classifier::{RuleSet, RuleSource, Scanner, ScannerBuilder};
use airlock_extract::{extract, Limits};
use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn scanner() -> Scanner {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let mut files = Vec::new();
    for sub in ["detectors", "edm"] {
        for e in std::fs::read_dir(root.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                files.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    let sources: Vec<RuleSource> = files
        .iter()
        .map(|(n, t)| RuleSource { name: n, text: t })
        .collect();
    ScannerBuilder::new().build(RuleSet::load(&sources).unwrap())
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// Pseudo-random prose: words from a fixed vocabulary, seeded, so documents compress like
/// real text (about 3-4x) instead of like repeated blocks.
fn prose(seed: &mut u64, words: usize) -> String {
    const VOCAB: &[&str] = &[
        "the",
        "customer",
        "agreement",
        "shall",
        "within",
        "days",
        "of",
        "payment",
        "service",
        "provider",
        "confidential",
        "information",
        "report",
        "quarter",
        "revenue",
        "growth",
        "team",
        "meeting",
        "project",
        "deadline",
        "review",
        "contract",
        "terms",
        "and",
        "to",
        "for",
        "with",
        "by",
        "a",
        "an",
        "is",
        "are",
        "was",
        "will",
        "be",
        "data",
        "analysis",
        "market",
        "strategy",
        "plan",
        "budget",
        "risk",
        "compliance",
        "policy",
        "update",
        "schedule",
        "delivery",
        "invoice",
        "account",
        "support",
        "product",
        "release",
    ];
    let mut out = String::with_capacity(words * 8);
    for i in 0..words {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        if i > 0 {
            out.push(' ');
        }
        out.push_str(VOCAB[(*seed >> 33) as usize % VOCAB.len()]);
        if (*seed >> 20) % 11 == 0 {
            out.push_str(&format!(" {}", (*seed >> 40) % 100_000));
        }
    }
    out
}

/// A ~`target`-byte DOCX: the LibreOffice-made sample (with its planted values) followed by
/// pages of prose in the same paragraph markup.
fn big_docx(target: usize) -> Vec<u8> {
    let sample = fixture("sample.docx");
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(&sample)).unwrap();
    let mut parts = Vec::new();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        parts.push((name, data));
    }
    let mut seed = 42u64;
    let mut extra = 1.0f64;
    loop {
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for (name, data) in &parts {
            let mut data = data.clone();
            if name == "word/document.xml" {
                let xml = String::from_utf8(data).unwrap();
                let end = xml
                    .rfind("<w:sectPr")
                    .unwrap_or_else(|| xml.rfind("</w:body>").unwrap());
                let mut new =
                    String::with_capacity(xml.len() + (target as f64 * 4.0 * extra) as usize);
                new.push_str(&xml[..end]);
                while new.len() < (target as f64 * 4.0 * extra) as usize {
                    new.push_str("<w:p><w:r><w:t xml:space=\"preserve\">");
                    new.push_str(&prose(&mut seed, 60));
                    new.push_str("</w:t></w:r></w:p>");
                }
                new.push_str(&xml[end..]);
                data = new.into_bytes();
            }
            out.start_file(name, opts).unwrap();
            out.write_all(&data).unwrap();
        }
        let bytes = out.finish().unwrap().into_inner();
        if bytes.len() >= target * 95 / 100 {
            return bytes;
        }
        extra *= target as f64 / bytes.len() as f64 * 1.02;
    }
}

/// A ~`target`-byte XLSX: a customer table (names, e-mails, account numbers, amounts).
fn big_xlsx(target: usize) -> Vec<u8> {
    let mut rows = String::new();
    let mut strings = String::new();
    let mut n_strings = 0;
    let mut r = 0usize;
    let mut sheet = String::new();
    while sheet.len() < target * 6 {
        r += 1;
        let name = format!("Customer {r}");
        let email = format!("customer{r}@example.org");
        for s in [&name, &email] {
            strings.push_str(&format!("<si><t>{s}</t></si>"));
        }
        sheet.push_str(&format!(
            "<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>{}</v></c><c r=\"B{r}\" t=\"s\"><v>{}</v></c><c r=\"C{r}\"><v>{}</v></c><c r=\"D{r}\"><v>{}.{}</v></c></row>",
            n_strings,
            n_strings + 1,
            10_000_000 + r * 7,
            r * 13 % 10_000,
            r % 100
        ));
        n_strings += 2;
    }
    rows.push_str(&sheet);
    let files: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.into()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Customers" sheetId="1" r:id="rId1"/></sheets></workbook>"#.into()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.into()),
        ("xl/sharedStrings.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n_strings}" uniqueCount="{n_strings}">{strings}</sst>"#)),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#)),
    ];
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in files {
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(data.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn main() {
    let limits = Limits::default();
    let scanner = scanner();
    println!("# airlock-extract benchmark");
    println!();
    println!("Extraction alone, per format, on the fixture documents (median of 20 runs):");
    println!();
    println!("| file | format | bytes | text bytes | extraction | MB/s (input) |");
    println!("|---|---|---|---|---|---|");
    for name in [
        "sample.docx",
        "sample.xlsx",
        "sample.pptx",
        "sample.odt",
        "sample.ods",
        "sample.odp",
        "sample.pdf",
        "sample.rtf",
        "sample.html",
        "mail.eml",
        "bundle.zip",
        "bundle.tar.gz",
        "pages.pdf",
    ] {
        let bytes = fixture(name);
        let runs = if name == "pages.pdf" { 3 } else { 20 };
        let mut ts = Vec::new();
        let mut ex = extract(name, &bytes, &limits);
        for _ in 0..runs {
            let t = Instant::now();
            ex = extract(name, &bytes, &limits);
            ts.push(t.elapsed());
        }
        let t = median(ts);
        println!(
            "| {name} | {} | {} | {} | {:.2} ms | {:.1} |{}",
            ex.format.name(),
            bytes.len(),
            ex.text_len(),
            t.as_secs_f64() * 1e3,
            bytes.len() as f64 / 1e6 / t.as_secs_f64(),
            ex.unscannable
                .as_ref()
                .map(|u| format!(" UNSCANNABLE: {u}"))
                .unwrap_or_default()
        );
    }
    println!();
    println!("10 MB documents, extracted and scanned (median of 5), against scanning the extracted text alone:");
    println!();
    println!("| document | bytes | text bytes | extract + scan | scan alone (baseline) | ratio | findings |");
    println!("|---|---|---|---|---|---|---|");
    let mut met = true;
    for (label, doc) in [
        ("10 MB DOCX", big_docx(10 << 20)),
        ("10 MB XLSX", big_xlsx(10 << 20)),
    ] {
        let mut full = Vec::new();
        let mut base = Vec::new();
        let mut findings = 0;
        let mut text_len = 0;
        for _ in 0..5 {
            let t = Instant::now();
            let ex = extract(label, &doc, &limits);
            assert!(ex.unscannable.is_none(), "{label}: {:?}", ex.unscannable);
            findings = ex
                .segments
                .iter()
                .map(|s| scanner.scan(&s.text).findings.len())
                .sum::<usize>();
            full.push(t.elapsed());
            text_len = ex.text_len();
            let t = Instant::now();
            for s in &ex.segments {
                std::hint::black_box(scanner.scan(&s.text));
            }
            base.push(t.elapsed());
        }
        let (f, b) = (median(full), median(base));
        met &= f < Duration::from_millis(500);
        println!(
            "| {label} | {} | {text_len} | {:.0} ms | {:.0} ms | {:.2}x | {findings} |",
            doc.len(),
            f.as_secs_f64() * 1e3,
            b.as_secs_f64() * 1e3,
            f.as_secs_f64() / b.as_secs_f64()
        );
    }
    println!();
    println!(
        "target: a 10 MB DOCX or XLSX extracted and scanned in under 500 ms: {}",
        if met { "MET" } else { "NOT MET" }
    );
    if !met {
        std::process::exit(1);
    }
}
