//! Output formats of `airlock scan`: text lines, JSON lines, SARIF 2.1.0.
//!
//! Only what the verdict holds is printed: detector, span, confidence and masked preview.
//! Content itself is never printed (except by `--redact`, which prints the redacted content).

use airlock_classifier::{Finding, Scanner};
use airlock_extract::Location;
use airlock_inspect::document::{Offsets, Scanned};
use anyhow::Result;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::json;
use std::io::Write;

/// One scanned input.
pub struct Report {
    /// Path as given, or `-`.
    pub name: String,
    /// The content, when it was read whole and may be redacted (dropped once printed).
    pub content: Option<Vec<u8>>,
    /// Extraction details: format, locations, unscannable reason.
    pub scanned: Scanned,
}

impl Report {
    /// Where finding `i` is, for people.
    fn place(&self, i: usize) -> String {
        self.scanned.place(i)
    }
}

/// The verdict as JSON, each finding with its location (documents) and offsets named for what
/// they point into: `start`/`end` are input offsets; a finding whose value is not verbatim in
/// the input (decoded or decompressed text, office documents) has `segment_start` /
/// `segment_end` instead, offsets into the extracted text at its `location`.
pub fn verdict_json(scanned: &Scanned) -> Result<serde_json::Value> {
    Ok(serde_json::to_value(JsonVerdict {
        scanned,
        extra: false,
        path: None,
    })?)
}

/// The JSON form of a scanned input, serialized straight from the verdict (no intermediate
/// tree: dense inputs have tens of thousands of findings). With `extra`, the format of a
/// document and the unscannable reason are added.
struct JsonVerdict<'a> {
    scanned: &'a Scanned,
    extra: bool,
    /// The input as named on the command line (`-` for stdin), first in each JSON line so a
    /// directory's lines say which file they are about.
    path: Option<&'a str>,
}

impl Serialize for JsonVerdict<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let sc = self.scanned;
        let v = &sc.verdict;
        let mut m = s.serialize_map(None)?;
        if let Some(path) = self.path {
            m.serialize_entry("path", path)?;
        }
        m.serialize_entry("findings", &JsonFindings(sc))?;
        m.serialize_entry("data_class", &v.data_class)?;
        m.serialize_entry("customer_data", &v.customer_data)?;
        if v.binary {
            m.serialize_entry("binary", &true)?;
        }
        if v.encoding != airlock_classifier::Encoding::Utf8 {
            m.serialize_entry("encoding", &v.encoding)?;
        }
        if v.truncated {
            m.serialize_entry("truncated", &true)?;
        }
        if self.extra {
            if !sc.plain {
                m.serialize_entry("format", sc.format.name())?;
            }
            if let Some(u) = &sc.unscannable {
                m.serialize_entry(
                    "unscannable",
                    &json!({"reason": u.kind(), "detail": u.to_string()}),
                )?;
            }
        }
        m.end()
    }
}

/// The findings of a scanned input as a JSON array.
struct JsonFindings<'a>(&'a Scanned);

impl Serialize for JsonFindings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let sc = self.0;
        let mut seq = s.serialize_seq(Some(sc.verdict.findings.len()))?;
        for (i, f) in sc.verdict.findings.iter().enumerate() {
            seq.serialize_element(&JsonFinding {
                f,
                location: if sc.plain { None } else { sc.locations.get(i) },
                segment: sc.offsets.get(i) == Some(&Offsets::Segment),
            })?;
        }
        seq.end()
    }
}

/// One finding in JSON: the classifier's fields, offsets named for what they point into, and
/// the location in a document.
struct JsonFinding<'a> {
    f: &'a Finding,
    location: Option<&'a Location>,
    segment: bool,
}

impl Serialize for JsonFinding<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let f = self.f;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", &f.detector)?;
        m.serialize_entry("category", &f.category)?;
        let (start, end) = if self.segment {
            ("segment_start", "segment_end")
        } else {
            ("start", "end")
        };
        m.serialize_entry(start, &f.start)?;
        m.serialize_entry(end, &f.end)?;
        m.serialize_entry("confidence", &f.confidence)?;
        m.serialize_entry("preview", &f.preview)?;
        if let Some(fp) = &f.fingerprint {
            m.serialize_entry("fingerprint", fp)?;
        }
        if f.example {
            m.serialize_entry("example", &true)?;
        }
        if let Some(loc) = self.location {
            m.serialize_entry("location", loc)?;
        }
        m.end()
    }
}

/// `path:line:col: type (category, confidence) preview`, then a summary line.
pub fn text(out: &mut impl Write, r: &Report) -> Result<()> {
    for (i, f) in r.scanned.verdict.findings.iter().enumerate() {
        let loc = r.place(i);
        writeln!(
            out,
            "{}:{}: {} ({}, {:.2}) {}{}",
            r.name,
            loc,
            f.detector,
            f.category,
            f.confidence,
            f.preview,
            if f.example {
                " [published example: not live]"
            } else {
                ""
            }
        )?;
    }
    let v = &r.scanned.verdict;
    let mut notes = Vec::new();
    if v.binary {
        notes.push("binary content".to_string());
    }
    if v.truncated {
        notes.push(format!(
            "TRUNCATED: only the first {} findings are listed",
            v.findings.len()
        ));
    }
    if v.encoding != airlock_classifier::Encoding::Utf8 {
        notes.push(format!("{:?}", v.encoding));
    }
    if !r.scanned.plain {
        notes.push(r.scanned.format.name().to_string());
    }
    if let Some(u) = &r.scanned.unscannable {
        notes.push(format!("UNSCANNABLE ({}): {u}", u.kind()));
    }
    writeln!(
        out,
        "{}: {} finding(s), data class {}, customer data {}{}",
        r.name,
        v.findings.len(),
        v.data_class,
        if v.customer_data { "yes" } else { "no" },
        if notes.is_empty() {
            String::new()
        } else {
            format!(" [{}]", notes.join(", "))
        }
    )?;
    Ok(())
}

/// The verdict as one JSON object on one line, starting with the input's `path`; findings of
/// documents carry a `location`,
/// and content that could not be read completely carries `unscannable`.
pub fn json_line(out: &mut impl Write, r: &Report) -> Result<()> {
    serde_json::to_writer(
        &mut *out,
        &JsonVerdict {
            scanned: &r.scanned,
            extra: true,
            path: Some(&r.name),
        },
    )?;
    writeln!(out)?;
    Ok(())
}

/// The SARIF results of one input (kept until the log is written; the input is not).
pub fn sarif_results(r: &Report) -> Vec<serde_json::Value> {
    let mut results = Vec::new();
    for (i, f) in r.scanned.verdict.findings.iter().enumerate() {
        // A region only for input offsets; other findings are placed by their location.
        let mut region = json!({});
        if r.scanned.offsets.get(i) == Some(&Offsets::Input) {
            region = json!({"byteOffset": f.start, "byteLength": f.end - f.start});
            if let Some((l, col)) = r.scanned.line_col(f.start) {
                region["startLine"] = json!(l);
                region["startColumn"] = json!(col);
            }
        }
        results.push(json!({
            "ruleId": f.detector,
            "level": if f.class >= airlock_classifier::DataClass::Restricted { "error" } else { "warning" },
            "message": {"text": format!("{} ({}) found: {}", f.detector, f.category, f.preview)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": r.name}, "region": region}}],
            "properties": {"confidence": f.confidence, "location": r.place(i)}
        }));
    }
    results
}

/// One SARIF 2.1.0 log with a run listing every detector as a rule.
pub fn sarif(
    out: &mut impl Write,
    scanner: &Scanner,
    results: Vec<serde_json::Value>,
) -> Result<()> {
    let rules: Vec<_> = scanner
        .rules()
        .detectors()
        .map(|d| {
            json!({
                "id": d.id,
                "name": d.name,
                "shortDescription": {"text": d.name},
                "properties": {"category": d.category.as_str(), "dataClass": d.class.as_str(), "customerData": d.customer_data}
            })
        })
        .collect();
    let log = json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {"name": "airlock", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "results": results
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)?;
    Ok(())
}
