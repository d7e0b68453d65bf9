//! Writes converted detectors as an Airlock rule file: `[[detector]]` tables in the format of
//! `rules/README.md`, with the gitleaks rule each came from and the conversion notes as comments.

use crate::anchor::Anchor;
use std::fmt::Write as _;

/// A converted detector, everything but its examples.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// The gitleaks rule id.
    pub rule_id: String,
    /// The Airlock id (`gitleaks_...`).
    pub id: String,
    /// Shown to people.
    pub name: String,
    /// Overlap priority.
    pub priority: i64,
    /// Prefilter anchor.
    pub anchor: Anchor,
    /// The translated pattern.
    pub pattern: String,
    /// Declared maximum match length, for unbounded patterns.
    pub max_len: Option<usize>,
    /// The group reported as the finding.
    pub capture: Option<usize>,
    /// Minimum Shannon entropy of the value.
    pub min_entropy: Option<f64>,
    /// Values matching any of these are not findings.
    pub allowlist_patterns: Vec<String>,
    /// What changed in the conversion.
    pub notes: Vec<String>,
}

/// One `match` example: the text, and the exact value found in it when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MatchExample {
    /// The content.
    pub text: String,
    /// The value the detector reports in it.
    pub value: Option<String>,
}

/// A TOML string: a multi-line literal string when that keeps the text as written, else a basic
/// string with escapes.
pub(crate) fn toml_str(s: &str) -> String {
    let literal_ok = !s.contains("'''")
        && !s.ends_with('\'')
        && !s.starts_with('\n')
        && s.chars().all(|c| c == '\t' || !c.is_control());
    if literal_ok && (s.contains('\\') || s.contains('"')) {
        format!("'''{s}'''")
    } else {
        basic_str(s)
    }
}

/// A TOML basic string.
pub(crate) fn basic_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn str_list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| basic_str(s)).collect();
    format!("[{}]", parts.join(", "))
}

/// Comment lines (each prefixed with `# `), with line breaks in `text` kept as comment lines.
pub(crate) fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        let line: String = line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let _ = writeln!(out, "# {}", line.trim_end());
    }
}

/// Appends one `[[detector]]` table.
pub(crate) fn detector(out: &mut String, d: &Draft, matches: &[MatchExample], no_match: &[String]) {
    comment(out, &format!("gitleaks rule `{}`", d.rule_id));
    for n in &d.notes {
        comment(out, &format!("note: {n}"));
    }
    out.push_str("[[detector]]\n");
    let _ = writeln!(out, "id = {}", basic_str(&d.id));
    let _ = writeln!(out, "name = {}", basic_str(&d.name));
    out.push_str("category = \"secret\"\nclass = \"restricted\"\n");
    let _ = writeln!(out, "priority = {}", d.priority);
    match &d.anchor {
        Anchor::Keywords(k) => {
            let _ = writeln!(out, "keywords = {}", str_list(k));
        }
        Anchor::Literals(l) => {
            let _ = writeln!(out, "literals = {}", str_list(l));
        }
    }
    let _ = writeln!(out, "pattern = {}", toml_str(&d.pattern));
    if let Some(n) = d.max_len {
        let _ = writeln!(out, "max_len = {n}");
    }
    if let Some(c) = d.capture {
        let _ = writeln!(out, "capture = {c}");
    }
    if let Some(e) = d.min_entropy {
        let _ = writeln!(out, "min_entropy = {e:?}");
    }
    if !d.allowlist_patterns.is_empty() {
        out.push_str("allowlist_patterns = [\n");
        for p in &d.allowlist_patterns {
            let _ = writeln!(out, "  {},", toml_str(p));
        }
        out.push_str("]\n");
    }
    out.push_str("\n[detector.examples]\nmatch = [\n");
    for m in matches {
        match &m.value {
            Some(v) => {
                let _ = writeln!(
                    out,
                    "  {{ text = {}, value = {} }},",
                    toml_str(&m.text),
                    toml_str(v)
                );
            }
            None => {
                let _ = writeln!(out, "  {},", toml_str(&m.text));
            }
        }
    }
    out.push_str("]\nno_match = [\n");
    for n in no_match {
        let _ = writeln!(out, "  {},", toml_str(n));
    }
    out.push_str("]\n\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_through_toml() {
        for s in [
            r#"\b(ghp_[a-z]{3})['"\s]"#,
            "ends with '",
            "has ''' inside",
            "tab\there and newline\n and \u{1} control",
            "plain",
            r"back\slash",
        ] {
            let doc = format!("v = {}\n", toml_str(s));
            let parsed: toml::Table = toml::from_str(&doc).expect(&doc);
            assert_eq!(parsed["v"].as_str(), Some(s), "{doc}");
        }
    }
}
