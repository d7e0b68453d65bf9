//! What a scan produces: findings and the verdict of one content item.
//!
//! A finding never holds the matched text: only the detector, the byte span into the original
//! input, a confidence, a masked preview (`AKIA************MPLE`) and, when asked for, a keyed
//! fingerprint. The verdict adds the highest
//! data class and the customer-data flag, which is what the policy engine decides on.
//!
//! A finding whose value is a published documentation example (AWS's `AKIAIOSFODNN7EXAMPLE`,
//! card test numbers, registry IBANs: a detector's `examples_known`) or a placeholder (runs of
//! `X`, one repeated digit, AWS-style `...EXAMPLE` / `...EXAMPLEKEY` values) is flagged
//! [`Finding::example`]: it is reported, but raises neither the data class nor the
//! customer flag, and redaction leaves it in place.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of sensitive data a detector finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Credentials, keys, tokens.
    Secret,
    /// Personal data.
    Pii,
    /// Protected health information.
    Phi,
    /// Payment card data.
    Pci,
    /// Government identifiers.
    GovId,
    /// Confidentiality markings.
    Marking,
    /// Source code.
    Code,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 7] = [
        Category::Secret,
        Category::Pii,
        Category::Phi,
        Category::Pci,
        Category::GovId,
        Category::Marking,
        Category::Code,
    ];

    /// The rule-file name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Secret => "secret",
            Category::Pii => "pii",
            Category::Phi => "phi",
            Category::Pci => "pci",
            Category::GovId => "gov_id",
            Category::Marking => "marking",
            Category::Code => "code",
        }
    }

    /// Parses a rule-file name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Data classes, ordered: Public < Internal < Confidential < Restricted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub enum DataClass {
    /// Nothing sensitive found.
    #[default]
    Public,
    /// Internal data.
    Internal,
    /// Confidential data.
    Confidential,
    /// Restricted data: credentials, health, payment, government ids.
    Restricted,
}

impl DataClass {
    /// The display name (`Restricted`).
    pub fn as_str(self) -> &'static str {
        match self {
            DataClass::Public => "Public",
            DataClass::Internal => "Internal",
            DataClass::Confidential => "Confidential",
            DataClass::Restricted => "Restricted",
        }
    }

    /// Parses a class name, case-insensitively.
    pub fn parse(s: &str) -> Option<Self> {
        [
            DataClass::Public,
            DataClass::Internal,
            DataClass::Confidential,
            DataClass::Restricted,
        ]
        .into_iter()
        .find(|c| c.as_str().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for DataClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding: a detector, a span, a confidence and a masked preview. Never the value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The detector id.
    #[serde(rename = "type")]
    pub detector: String,
    /// The detector's category.
    pub category: Category,
    /// Start byte offset in the original input.
    pub start: usize,
    /// End byte offset (exclusive) in the original input.
    pub end: usize,
    /// Confidence in 0..=1.
    pub confidence: f64,
    /// The value with its middle masked.
    pub preview: String,
    /// Keyed hash of detector and value (see [`crate::fingerprint()`]), only when the scanner
    /// was built with [`crate::ScannerBuilder::fingerprint_key`]; absent from JSON otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// The data class this finding implies.
    #[serde(skip)]
    pub class: DataClass,
    /// Whether this finding is customer data.
    #[serde(skip)]
    pub customer_data: bool,
    /// Whether redaction replaces this finding.
    #[serde(skip)]
    pub redact: bool,
    /// Span in the decoded (UTF-8) text; equals `start..end` unless the input was UTF-16.
    #[serde(skip)]
    pub text_span: (usize, usize),
    /// The value is a published example or a placeholder, not live data: it does not raise
    /// the verdict's class or customer flag and is not redacted. In JSON only when true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
}

/// How the input was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8 or ASCII (invalid sequences are scanned as bytes).
    #[default]
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16 little endian.
    Utf16Le,
    /// UTF-16 big endian.
    Utf16Be,
}

/// The classification of one content item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Findings, ordered by start offset, overlaps resolved.
    pub findings: Vec<Finding>,
    /// The highest data class among the findings (`Public` when none).
    pub data_class: DataClass,
    /// Whether any finding is customer data.
    pub customer_data: bool,
    /// The input looked like binary data rather than text (it is still scanned as bytes).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub binary: bool,
    /// The text encoding detected.
    #[serde(default, skip_serializing_if = "is_utf8")]
    pub encoding: Encoding,
    /// More findings existed than the configured maximum; the rest were dropped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

fn is_utf8(e: &Encoding) -> bool {
    *e == Encoding::Utf8
}

impl Verdict {
    /// A verdict with these findings, with class and flag derived from the live ones
    /// (findings flagged [`Finding::example`] count for neither).
    pub fn from_findings(findings: Vec<Finding>) -> Self {
        let live = || findings.iter().filter(|f| !f.example);
        let data_class = live().map(|f| f.class).max().unwrap_or(DataClass::Public);
        let customer_data = live().any(|f| f.customer_data);
        Verdict {
            findings,
            data_class,
            customer_data,
            binary: false,
            encoding: Encoding::Utf8,
            truncated: false,
        }
    }

    /// Whether anything was found.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}

/// A value reduced to what example lists compare: ASCII letters and digits, lowercased (so
/// `GB82 WEST 1234 5698 7654 32` and `gb82west12345698765432` are one value).
pub(crate) fn example_key(value: &[u8]) -> Vec<u8> {
    value
        .iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(u8::to_ascii_lowercase)
        .collect()
}

/// Whether a value is an obvious placeholder: its letters and digits (at least 4) are one
/// digit repeated (`0000 0000 0000 0000`, `111-11-1111`); or they hold a run of `X` (either
/// case) of at least 8, or a run of at least 4 that, with the other `X`s, makes up half of them
/// (`AKIAXXXXXXXXXXXXXXXX`, `sk_live_xxxxxxxxxxxxxxxxxxxxxxxx`, `XXX-XX-1234`); or, for values
/// of at least 16, they end in `EXAMPLE` or `EXAMPLEKEY` in capitals, AWS's convention for
/// documentation keys (`AKIAI44QH8DHBEXAMPLE`). X's scattered through a random key
/// (`AKIAX4XQXZX7XMXKXWX2`) are not a placeholder.
pub(crate) fn is_placeholder(value: &[u8]) -> bool {
    // One pass over the letters and digits, without copying them: this runs for every
    // finding, and dense content has tens of thousands.
    let mut alnum = value.iter().copied().filter(u8::is_ascii_alphanumeric);
    let Some(first) = alnum.next() else {
        return false;
    };
    let is_x = |b: u8| b.eq_ignore_ascii_case(&b'x');
    let (mut n, mut same, mut xs) = (1usize, true, usize::from(is_x(first)));
    let (mut run, mut longest) = (xs, xs);
    for b in alnum {
        n += 1;
        same &= b == first;
        if is_x(b) {
            xs += 1;
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    if n < 4 {
        return false;
    }
    if first.is_ascii_digit() && same {
        return true;
    }
    if n >= 16 && (alnum_ends_with(value, b"EXAMPLE") || alnum_ends_with(value, b"EXAMPLEKEY")) {
        return true;
    }
    longest >= 8 || (longest >= 4 && 2 * xs >= n)
}

/// Whether the letters and digits of `value` end with `suffix`.
fn alnum_ends_with(value: &[u8], suffix: &[u8]) -> bool {
    let mut tail = value.iter().rev().filter(|b| b.is_ascii_alphanumeric());
    suffix.iter().rev().all(|s| tail.next() == Some(s))
}

/// Masks a value for display: keeps a few characters at each end, one `*` per hidden character
/// (at most 16). Works on characters, so multi-byte text stays valid.
pub fn mask(value: &str) -> String {
    let n = value.chars().filter(|c| !c.is_control()).count();
    let keep = match n {
        0..=5 => 0,
        6..=11 => 1,
        12..=15 => 2,
        _ => 4,
    };
    let hidden = n - 2 * keep;
    let mut out = String::with_capacity(4 * keep * 2 + hidden.min(16));
    let mut visible = value.chars().filter(|c| !c.is_control());
    out.extend(visible.by_ref().take(keep));
    out.extend(std::iter::repeat_n('*', hidden.clamp(1, 16)));
    out.extend(visible.skip(hidden));
    out
}

/// [`mask`] of a value given as bytes (invalid UTF-8 replaced), with a fast path for ASCII
/// values, which are most findings.
pub(crate) fn mask_bytes(value: &[u8]) -> String {
    if !value.is_ascii() {
        return mask(&String::from_utf8_lossy(value));
    }
    // For ASCII, `char::is_control` is `u8::is_ascii_control`; the kept characters are read
    // from each end, so a long value costs one counting pass.
    let visible = |b: &&u8| !b.is_ascii_control();
    let n = value.iter().filter(visible).count();
    let keep = match n {
        0..=5 => 0,
        6..=11 => 1,
        12..=15 => 2,
        _ => 4,
    };
    let hidden = n - 2 * keep;
    let mut out = String::with_capacity(2 * keep + hidden.clamp(1, 16));
    out.extend(
        value
            .iter()
            .filter(visible)
            .take(keep)
            .map(|&b| char::from(b)),
    );
    out.extend(std::iter::repeat_n('*', hidden.clamp(1, 16)));
    let mut tail = ['*'; 4];
    for (slot, &b) in tail
        .iter_mut()
        .zip(value.iter().rev().filter(visible).take(keep))
    {
        *slot = char::from(b);
    }
    out.extend(tail.iter().take(keep).rev());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_like_the_docs() {
        assert_eq!(mask("AKIAIOSFODNN7EXAMPLE"), "AKIA************MPLE");
        assert_eq!(mask("123-45-6789"), "1*********9");
        assert_eq!(mask("abc"), "***");
        assert_eq!(mask(""), "*");
        assert_eq!(
            mask("Jos\u{e9} M\u{fc}ller@example.com").chars().count(),
            23
        );
    }

    #[test]
    fn byte_masks_are_the_same() {
        for v in [
            "AKIAIOSFODNN7EXAMPLE",
            "123-45-6789",
            "abc",
            "",
            "a\tb\nc\u{7f}defghijklmnop",
            "Jos\u{e9} M\u{fc}ller@example.com",
            "0123456789abcdef0123456789",
        ] {
            assert_eq!(mask_bytes(v.as_bytes()), mask(v), "{v:?}");
        }
        assert_eq!(mask_bytes(b"ab\xffcdefgh"), mask("ab\u{fffd}cdefgh"));
    }

    fn finding(class: DataClass, customer_data: bool, example: bool) -> Finding {
        Finding {
            detector: "t".into(),
            category: Category::Pci,
            start: 0,
            end: 1,
            confidence: 0.9,
            preview: "*".into(),
            fingerprint: None,
            class,
            customer_data,
            redact: true,
            text_span: (0, 1),
            example,
        }
    }

    #[test]
    fn examples_raise_neither_class_nor_customer_flag() {
        let v = Verdict::from_findings(vec![
            finding(DataClass::Restricted, true, true),
            finding(DataClass::Internal, false, false),
        ]);
        assert_eq!(
            (v.data_class, v.customer_data),
            (DataClass::Internal, false)
        );
        let v = Verdict::from_findings(vec![finding(DataClass::Restricted, true, true)]);
        assert_eq!((v.data_class, v.customer_data), (DataClass::Public, false));
        assert!(!v.is_clean());
        let json = serde_json::to_string(&v.findings[0]).unwrap_or_default();
        assert!(json.contains("\"example\":true"), "{json}");
        let live = serde_json::to_string(&finding(DataClass::Internal, false, false));
        assert!(!live.unwrap_or_default().contains("example"));
    }

    #[test]
    fn example_keys_and_placeholders() {
        assert_eq!(
            example_key(b"GB82 WEST 1234-5698.7654 32"),
            example_key(b"gb82west12345698765432")
        );
        for p in [
            "0000 0000 0000 0000",
            "111-11-1111",
            "AKIAXXXXXXXXXXXXXXXX",
            "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
            "XXXX-XXXX-XXXX-1234",
            "XXX-XX-1234",
            "AKIAI44QH8DHBEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ] {
            assert!(is_placeholder(p.as_bytes()), "{p}");
        }
        for live in [
            "4111 1111 1111 1112",
            "AKIA3XQWMSFU2IONJWU4",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzK9qXmPLE",
            "000",
            "",
            "Xx1",
            // Live values that happen to hold many X's, or X runs too short to mean "masked".
            "AKIAX4XQXZX7XMXKXWX2",
            "xK9xXq2xX7bxXmPxxL0xXw4Xx",
            "ghp_XXXq7Lm2Rt8Vw3Nz5Kp1Yd6Fb9Hs0Jc4Ga2E",
            "XXX7-9F2K-L0QZ",
            "XK05 1212 0123 4567 8906",
            "xxxx1234abcd5678",
            // "EXAMPLE" only as AWS prints it: in capitals, at the end, on a long value.
            "EXAMPLE1234567890ABCDEF",
            "AKIAEXAMPLE",
            "sk_live_51Hexample0000example",
            "5555 5555 5555 4444",
        ] {
            assert!(!is_placeholder(live.as_bytes()), "{live}");
        }
    }

    #[test]
    fn classes_are_ordered() {
        assert!(DataClass::Public < DataClass::Internal);
        assert!(DataClass::Confidential < DataClass::Restricted);
        assert_eq!(DataClass::parse("restricted"), Some(DataClass::Restricted));
    }
}
