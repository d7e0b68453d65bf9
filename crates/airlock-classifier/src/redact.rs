//! Redaction: the content with each finding replaced by a typed placeholder.
//!
//! Placeholders are `[DETECTOR_ID_N]`; within one content item the same value always gets the
//! same `N`, so a redacted text stays readable ("send [EMAIL_1] the key [AWS_ACCESS_KEY_ID_1],
//! and cc [EMAIL_2]"). Findings of detectors with `redact = false` (markings, source code) and
//! findings flagged as published examples ([`crate::Finding::example`]) are left in place.
//! UTF-16 input is redacted in its decoded form and returned as UTF-8.

use crate::decode::sniff;
use crate::verdict::Verdict;
use std::collections::HashMap;

/// The redacted content and the verdict it was made from.
#[derive(Debug, Clone)]
pub struct Redaction {
    /// The content with findings replaced (UTF-8 when the input was UTF-16).
    pub text: Vec<u8>,
    /// How many findings were replaced.
    pub replaced: usize,
}

/// Redacts `input` using `verdict`, which must come from scanning exactly this input.
pub fn redact(input: &[u8], verdict: &Verdict) -> Redaction {
    let sniffed = sniff(input);
    let decoded = sniffed.decode_utf16(input);
    let (text, utf16) = match &decoded {
        Some((text, _)) => (&text[..], true),
        None => (input, false),
    };
    let mut numbers: HashMap<(&str, &[u8]), usize> = HashMap::new();
    let mut per_type: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::with_capacity(text.len());
    let mut pos = 0usize;
    let mut replaced = 0;
    for f in verdict.findings.iter().filter(|f| f.redact && !f.example) {
        let (s, e) = if utf16 {
            (f.text_span.0, f.text_span.1)
        } else {
            (f.start, f.end)
        };
        if s < pos || e > text.len() || s >= e {
            continue;
        }
        let value = &text[s..e];
        let n = *numbers
            .entry((f.detector.as_str(), value))
            .or_insert_with(|| {
                let c = per_type.entry(f.detector.as_str()).or_insert(0);
                *c += 1;
                *c
            });
        out.extend_from_slice(&text[pos..s]);
        out.extend_from_slice(format!("[{}_{}]", f.detector.to_ascii_uppercase(), n).as_bytes());
        pos = e;
        replaced += 1;
    }
    out.extend_from_slice(&text[pos.min(text.len())..]);
    Redaction {
        text: out,
        replaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::{Category, DataClass, Finding};

    fn finding(start: usize, end: usize, example: bool) -> Finding {
        Finding {
            detector: "credit_card".into(),
            category: Category::Pci,
            start,
            end,
            confidence: 0.9,
            preview: "*".into(),
            fingerprint: None,
            class: DataClass::Restricted,
            customer_data: true,
            redact: true,
            text_span: (start, end),
            example,
        }
    }

    #[test]
    fn examples_stay_in_place() {
        let text = b"live 4000056655665556 test 4242424242424242";
        let v = Verdict::from_findings(vec![finding(5, 21, false), finding(27, 43, true)]);
        let r = redact(text, &v);
        assert_eq!(r.replaced, 1);
        assert_eq!(
            r.text,
            b"live [CREDIT_CARD_1] test 4242424242424242".to_vec()
        );
    }
}
