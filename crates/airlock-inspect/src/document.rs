//! Scanning a content item the way the agent does: extract its text (documents, e-mail,
//! archives) within the limits, scan every segment, and locate each finding (file, page, sheet
//! and cell, slide and part, line). Content that cannot be read completely is reported
//! `unscannable` with its reason, never as clean.
//!
//! Offsets: a finding whose bytes are a verbatim copy of the input (plain text, e-mail headers
//! and undecoded bodies, CSV cells of the content item itself) gets `start`/`end` that are
//! offsets into the input ([`Offsets::Input`]); any other finding (decoded, decompressed or
//! rebuilt text) keeps offsets into its extracted segment ([`Offsets::Segment`]) and is placed by
//! its location instead. Text handed over as text ([`scan_text`]: clipboard, typed prompts,
//! `--as text`) is never re-interpreted as a file format.

use crate::table;
use airlock_classifier::{Finding, Scanner, Verdict};
use airlock_extract::{extract, line_starts, Format, Limits, Location, Unscannable};

/// What a finding's `start`/`end` are offsets into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offsets {
    /// The input: its bytes there are the matched value.
    Input,
    /// The extracted segment the finding is in (see [`Scanned::locations`]): the value does
    /// not exist verbatim in the input (decoded, decompressed, or inside an office document).
    Segment,
}

/// Where a finding was matched: extracted segment `segment`, bytes `start..end` of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentSpan {
    /// Index of the segment in the extraction (0 for text scanned as it is).
    pub segment: usize,
    /// Start in the segment's text.
    pub start: usize,
    /// End (exclusive) in the segment's text.
    pub end: usize,
}

/// A scanned content item.
#[derive(Debug)]
pub struct Scanned {
    /// The input's name, as locations give it.
    pub name: String,
    /// Findings of every segment, class and customer flag over all of them. Each finding's
    /// `start`/`end` are what [`Scanned::offsets`] says.
    pub verdict: Verdict,
    /// The location of each finding (same order as `verdict.findings`).
    pub locations: Vec<Location>,
    /// What each finding's offsets point into (same order).
    pub offsets: Vec<Offsets>,
    /// Where each finding was matched in the extracted text (same order).
    pub spans: Vec<SegmentSpan>,
    /// The detected format ([`Format::Text`] for text handed over as text).
    pub format: Format,
    /// Why the content could not be read completely, if so.
    pub unscannable: Option<Unscannable>,
    /// Whether the input was scanned as it is (plain text: every offset is an input offset).
    pub plain: bool,
    /// Line starts of the input, when it was at hand (for `line:col`).
    lines: Option<Vec<usize>>,
}

/// Extracts and scans `bytes`, named `name` in locations; the format is detected by content.
pub fn scan(scanner: &Scanner, name: &str, bytes: &[u8], limits: &Limits) -> Scanned {
    let format = airlock_extract::detect(bytes);
    let plain = matches!(format, Format::Text | Format::Json | Format::Xml);
    if plain && bytes.len() as u64 <= limits.max_bytes {
        // Plain text needs no extraction: scan the original bytes as they are (encodings,
        // offsets), located by line.
        return as_text(scanner, name, bytes, format);
    }
    let ex = extract(name, bytes, limits);
    let vocabulary = scanner.rules().context_vocabulary();
    let mut findings: Vec<Finding> = Vec::new();
    let mut locations = Vec::new();
    let mut offsets = Vec::new();
    let mut spans = Vec::new();
    let mut truncated = false;
    for (index, seg) in ex.segments.iter().enumerate() {
        let v = scanner.scan(&seg.text);
        truncated |= v.truncated;
        let mut seg_findings = v.findings;
        table::add_column_findings(scanner, seg, &vocabulary, &mut seg_findings);
        for mut f in seg_findings {
            locations.push(seg.location_at(f.start));
            spans.push(SegmentSpan {
                segment: index,
                start: f.start,
                end: f.end,
            });
            match seg.input_span(f.start, f.end) {
                Some((start, end)) => {
                    f.start = start;
                    f.end = end;
                    // Extracted text is UTF-8: the input offsets are the text offsets too.
                    f.text_span = (start, end);
                    offsets.push(Offsets::Input);
                }
                None => offsets.push(Offsets::Segment),
            }
            findings.push(f);
        }
    }
    let mut verdict = Verdict::from_findings(findings);
    verdict.truncated = truncated;
    Scanned {
        name: name.to_string(),
        verdict,
        locations,
        offsets,
        spans,
        format: ex.format,
        unscannable: ex.unscannable,
        plain: false,
        lines: None,
    }
}

/// Scans `bytes` as text, whatever they look like (clipboard text, a typed prompt, `--as
/// text`): no extraction, every offset an input offset, located by line.
pub fn scan_text(scanner: &Scanner, name: &str, bytes: &[u8]) -> Scanned {
    as_text(scanner, name, bytes, Format::Text)
}

/// A verdict of text too large to hold, scanned as a stream: offsets are input offsets, no
/// lines are known.
pub fn streamed(name: &str, verdict: Verdict) -> Scanned {
    let n = verdict.findings.len();
    let spans = verdict
        .findings
        .iter()
        .map(|f| SegmentSpan {
            segment: 0,
            start: f.start,
            end: f.end,
        })
        .collect();
    Scanned {
        name: name.to_string(),
        verdict,
        locations: vec![Location::file(name); n],
        offsets: vec![Offsets::Input; n],
        spans,
        format: Format::Text,
        unscannable: None,
        plain: true,
        lines: None,
    }
}

fn as_text(scanner: &Scanner, name: &str, bytes: &[u8], format: Format) -> Scanned {
    let verdict = scanner.scan(bytes);
    let lines = line_starts(bytes);
    let locations = verdict
        .findings
        .iter()
        .map(|f| Location {
            line: u32::try_from(line_of(&lines, f.start)).ok(),
            ..Location::file(name)
        })
        .collect();
    let n = verdict.findings.len();
    let spans = verdict
        .findings
        .iter()
        .map(|f| SegmentSpan {
            segment: 0,
            start: f.start,
            end: f.end,
        })
        .collect();
    Scanned {
        name: name.to_string(),
        verdict,
        locations,
        offsets: vec![Offsets::Input; n],
        spans,
        format,
        unscannable: None,
        plain: true,
        lines: Some(lines),
    }
}

/// 1-based line of `offset` in a line-start index.
fn line_of(lines: &[usize], offset: usize) -> usize {
    lines.partition_point(|&s| s <= offset).max(1)
}

impl Scanned {
    /// 1-based (line, column) of input offset `offset`, when the input's lines are known;
    /// columns count bytes.
    pub fn line_col(&self, offset: usize) -> Option<(usize, usize)> {
        let lines = self.lines.as_ref()?;
        let line = line_of(lines, offset);
        let start = lines.get(line - 1).copied().unwrap_or(0);
        Some((line, offset.saturating_sub(start) + 1))
    }

    /// Where finding `i` is, for people: `line:col` in text whose lines are known, the
    /// location in a document (with `line:col` too when the finding has input offsets and the
    /// lines are known), else the input byte offset.
    pub fn place(&self, i: usize) -> String {
        let Some(f) = self.verdict.findings.get(i) else {
            return String::new();
        };
        let input = self.offsets.get(i) == Some(&Offsets::Input);
        if self.plain {
            if let Some((line, col)) = self.line_col(f.start) {
                return format!("{line}:{col}");
            }
        } else if let Some(loc) = self.locations.get(i) {
            let d = describe(loc, &self.name);
            if !d.is_empty() {
                return d;
            }
        }
        if input {
            format!("@{}", f.start)
        } else {
            format!("segment @{}", f.start)
        }
    }

    /// Whether every finding has input offsets (then the input can be redacted in place).
    pub fn all_input_offsets(&self) -> bool {
        self.offsets.iter().all(|o| *o == Offsets::Input)
    }
}

/// 1-based (line, column) of a byte offset; column counts bytes. Linear in `offset`: for many
/// offsets into one text, index its lines once with [`line_starts`].
pub fn line_col(content: &[u8], offset: usize) -> (usize, usize) {
    let before = &content[..offset.min(content.len())];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
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
