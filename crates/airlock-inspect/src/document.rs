//! Scanning a content item the way the agent will: extract its text (documents, e-mail,
//! archives) within the limits, scan every segment, and locate each finding (file, page, sheet
//! and cell, slide and part, line). Content that cannot be read completely is reported
//! `unscannable` with its reason, never as clean.

use airlock_classifier::{Finding, Scanner, Verdict};
use airlock_extract::{extract, Format, Limits, Location, Unscannable};

/// A scanned content item.
pub struct Scanned {
    /// The input's name, as locations give it.
    pub name: String,
    /// Findings of every segment, class and customer flag over all of them.
    pub verdict: Verdict,
    /// The location of each finding (same order as `verdict.findings`).
    pub locations: Vec<Location>,
    /// The detected format.
    pub format: Format,
    /// Why the content could not be read completely, if so.
    pub unscannable: Option<Unscannable>,
    /// Whether the input is plain text whose offsets are file offsets (line numbers apply).
    pub plain: bool,
}

/// Extracts and scans `bytes`, named `name` in locations.
pub fn scan(scanner: &Scanner, name: &str, bytes: &[u8], limits: &Limits) -> Scanned {
    let format = airlock_extract::detect(bytes);
    let plain = matches!(format, Format::Text | Format::Json | Format::Xml);
    if plain && bytes.len() as u64 <= limits.max_bytes {
        // Plain text needs no extraction: scan the original bytes as they are (encodings,
        // offsets), located by line.
        let verdict = scanner.scan(bytes);
        let locations = verdict
            .findings
            .iter()
            .map(|f| Location {
                line: u32::try_from(line_col(bytes, f.start).0).ok(),
                ..Location::file(name)
            })
            .collect();
        return Scanned {
            name: name.to_string(),
            verdict,
            locations,
            format,
            unscannable: None,
            plain: true,
        };
    }
    let ex = extract(name, bytes, limits);
    let mut findings: Vec<Finding> = Vec::new();
    let mut locations = Vec::new();
    let mut truncated = false;
    for seg in &ex.segments {
        let v = scanner.scan(&seg.text);
        truncated |= v.truncated;
        for f in v.findings {
            locations.push(seg.location_at(f.start));
            findings.push(f);
        }
    }
    let mut verdict = Verdict::from_findings(findings);
    verdict.truncated = truncated;
    Scanned {
        name: name.to_string(),
        verdict,
        locations,
        format: ex.format,
        unscannable: ex.unscannable,
        plain: false,
    }
}

impl Scanned {
    /// Where finding `i` (starting at byte `start`) is, for people: `line:col` in plain text
    /// whose bytes are at hand, the location in a document, else the byte offset.
    pub fn place(&self, i: usize, start: usize, content: Option<&[u8]>) -> String {
        if self.plain {
            if let Some(c) = content {
                let (line, col) = line_col(c, start);
                return format!("{line}:{col}");
            }
        } else if let Some(loc) = self.locations.get(i) {
            let d = describe(loc, &self.name);
            if !d.is_empty() {
                return d;
            }
        }
        format!("@{start}")
    }
}

/// 1-based (line, column) of a byte offset; column counts bytes.
pub fn line_col(content: &[u8], offset: usize) -> (usize, usize) {
    let before = &content[..offset.min(content.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// A location for display: without the file when it is the input itself.
fn describe(loc: &Location, name: &str) -> String {
    let mut l = loc.clone();
    if l.file.as_deref() == Some(name) {
        l.file = None;
    } else if let Some(f) = &l.file {
        l.file = Some(f.strip_prefix(&format!("{name}/")).unwrap_or(f).to_string());
    }
    l.to_string()
}
