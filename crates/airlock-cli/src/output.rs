//! Output formats of `airlock scan`: text lines, JSON lines, SARIF 2.1.0.
//!
//! Only what the verdict holds is printed: detector, span, confidence and masked preview.
//! Content itself is never printed (except by `--redact`, which prints the redacted content).

use airlock_classifier::{Scanner, Verdict};
use anyhow::Result;
use serde_json::json;
use std::io::Write;

/// One scanned input.
pub struct Report {
    /// Path as given, or `-`.
    pub name: String,
    /// Its verdict.
    pub verdict: Verdict,
    /// The content, when it was read whole (for line numbers).
    pub content: Option<Vec<u8>>,
}

/// 1-based (line, column) of a byte offset; column counts bytes.
fn line_col(content: &[u8], offset: usize) -> (usize, usize) {
    let before = &content[..offset.min(content.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// `path:line:col: type (category, confidence) preview`, then a summary line.
pub fn text(out: &mut impl Write, r: &Report) -> Result<()> {
    for f in &r.verdict.findings {
        let loc = match &r.content {
            Some(c) => {
                let (l, col) = line_col(c, f.start);
                format!("{l}:{col}")
            }
            None => format!("@{}", f.start),
        };
        writeln!(
            out,
            "{}:{}: {} ({}, {:.2}) {}",
            r.name, loc, f.detector, f.category, f.confidence, f.preview
        )?;
    }
    let v = &r.verdict;
    let mut notes = Vec::new();
    if v.binary {
        notes.push("binary content".to_string());
    }
    if v.truncated {
        notes.push("findings truncated".to_string());
    }
    if v.encoding != airlock_classifier::Encoding::Utf8 {
        notes.push(format!("{:?}", v.encoding));
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

/// The verdict as one JSON object on one line.
pub fn json_line(out: &mut impl Write, r: &Report) -> Result<()> {
    serde_json::to_writer(&mut *out, &r.verdict)?;
    writeln!(out)?;
    Ok(())
}

/// One SARIF 2.1.0 log with a run listing every detector as a rule.
pub fn sarif(out: &mut impl Write, scanner: &Scanner, reports: &[Report]) -> Result<()> {
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
    let mut results = Vec::new();
    for r in reports {
        for f in &r.verdict.findings {
            let mut region = json!({"byteOffset": f.start, "byteLength": f.end - f.start});
            if let Some(c) = &r.content {
                let (l, col) = line_col(c, f.start);
                region["startLine"] = json!(l);
                region["startColumn"] = json!(col);
            }
            results.push(json!({
                "ruleId": f.detector,
                "level": if f.class >= airlock_classifier::DataClass::Restricted { "error" } else { "warning" },
                "message": {"text": format!("{} ({}) found: {}", f.detector, f.category, f.preview)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": r.name}, "region": region}}],
                "properties": {"confidence": f.confidence}
            }));
        }
    }
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
