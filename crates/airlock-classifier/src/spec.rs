//! Rule-file types as written by people: the raw, unvalidated form of a detector or of an
//! exact-data-match set.
//!
//! `rules/detectors/*.toml` (and `rules/edm/*.toml`) deserializes into these structs (strings and
//! numbers, with the source line of every table kept for error messages). [`crate::RuleSet::load`] turns them into
//! the validated, compiled form once; nothing downstream re-validates.

use serde::Deserialize;
use toml::Spanned;

/// One rule file: a list of `[[detector]]` tables and of `[[edm]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFileSpec {
    /// The detectors of this file, in file order.
    #[serde(default)]
    pub detector: Vec<Spanned<DetectorSpec>>,
    /// The exact-data-match sets of this file, in file order.
    #[serde(default)]
    pub edm: Vec<Spanned<EdmSpec>>,
}

/// One exact-data-match set as written in a rule file: salted hashes of known values, and the
/// pattern whose matches in content are hashed and looked up (see `rules/edm/README.md`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EdmSpec {
    /// Unique snake_case id (shared namespace with detectors); the finding's `type`.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// One of secret, pii, phi, pci, gov_id, marking, code.
    pub category: String,
    /// The data class a finding implies: internal, confidential or restricted.
    pub class: String,
    /// Whether a finding means customer data.
    #[serde(default)]
    pub customer_data: bool,
    /// Overlap resolution: the higher priority wins (default 95).
    #[serde(default)]
    pub priority: Option<i64>,
    /// Confidence of a finding in 0..=1 (default 0.99).
    #[serde(default)]
    pub confidence: Option<f64>,
    /// Whether redaction replaces this set's findings (default true).
    #[serde(default)]
    pub redact: Option<bool>,
    /// Candidate values: every span of the content this regex matches is hashed.
    pub pattern: Spanned<String>,
    /// How candidates and values are normalized before hashing: exact, lowercase or alnum.
    #[serde(default)]
    pub normalize: Option<Spanned<String>>,
    /// Base64 of the HMAC key (at least 16 bytes).
    pub salt: Spanned<String>,
    /// Hex of the first 16 bytes of HMAC-SHA256(salt, normalized value), one per value.
    pub hashes: Spanned<Vec<Spanned<String>>>,
}

/// One detector as written in a rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorSpec {
    /// Unique snake_case id; the finding's `type`.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// One of secret, pii, phi, pci, gov_id, marking, code.
    pub category: String,
    /// The data class a finding implies: internal, confidential or restricted.
    pub class: String,
    /// Whether a finding means customer data.
    #[serde(default)]
    pub customer_data: bool,
    /// Overlap resolution: the higher priority wins.
    #[serde(default)]
    pub priority: Option<i64>,
    /// Base confidence in 0..=1.
    #[serde(default)]
    pub confidence: Option<f64>,
    /// Whether redaction replaces this detector's findings.
    #[serde(default)]
    pub redact: Option<bool>,
    /// Case-sensitive prefilter literals.
    #[serde(default)]
    pub literals: Vec<String>,
    /// Case-insensitive prefilter keywords.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// A dedicated candidate finder: `digits` or `email`.
    #[serde(default)]
    pub finder: Option<String>,
    /// For the digits finder: `[min, max]` digits in a candidate run.
    #[serde(default)]
    pub digits: Option<Vec<i64>>,
    /// For the digits finder: the only separators allowed inside a candidate run.
    #[serde(default)]
    pub separators: Option<String>,
    /// For the digits finder: `[min, max]` groups of digits (separated by separators) in a run.
    #[serde(default)]
    pub groups: Option<Vec<i64>>,
    /// For the digits finder: a letter must be within 2 bytes before the run.
    #[serde(default)]
    pub letter_before: bool,
    /// For the digits finder: a letter must be within 2 bytes after the run.
    #[serde(default)]
    pub letter_after: bool,
    /// The longest match to look for, in bytes; lets a pattern use unbounded repeats (`*`, `+`),
    /// which are much cheaper for the lazy DFA than large counted ones such as `{64,7900}`.
    #[serde(default)]
    pub max_len: Option<i64>,
    /// The confirming regex.
    pub pattern: Spanned<String>,
    /// The capture group whose span is the finding.
    #[serde(default)]
    pub capture: Option<i64>,
    /// Validator name.
    #[serde(default)]
    pub validator: Option<String>,
    /// Minimum Shannon entropy of the value, bits per byte.
    #[serde(default)]
    pub min_entropy: Option<f64>,
    /// Minimum matches per content item before anything is reported.
    #[serde(default)]
    pub min_count: Option<i64>,
    /// Report one finding spanning all matches.
    #[serde(default)]
    pub aggregate: bool,
    /// Exact values that are never findings.
    #[serde(default)]
    pub allowlist: Vec<String>,
    /// Values matching any of these regexes are never findings.
    #[serde(default)]
    pub allowlist_patterns: Vec<String>,
    /// Published documentation values (vendor docs, standards, test numbers): still found, but
    /// reported as examples ([`crate::Finding::example`]). Compared after normalising: ASCII
    /// letters and digits only, case folded.
    #[serde(default)]
    pub examples_known: Vec<String>,
    /// Words near the value.
    #[serde(default)]
    pub context: Option<ContextSpec>,
    /// Inline true- and false-positive examples.
    #[serde(default)]
    pub examples: Option<ExamplesSpec>,
}

/// Context words near a value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextSpec {
    /// Case-insensitive words that raise confidence (or are required).
    #[serde(default)]
    pub words: Vec<String>,
    /// Case-insensitive words that say the value is something else (a tracking or order
    /// number): a value with one of these and none of `words` in its window is dropped.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// A regex that counts like a positive word when it matches wholly inside the window
    /// before or after the value (an `AKIA...` access key id next to a 40-character AWS secret:
    /// an identifier, not a word).
    #[serde(default)]
    pub near_pattern: Option<String>,
    /// Bytes looked at before the value.
    #[serde(default)]
    pub before: Option<i64>,
    /// Bytes looked at after the value.
    #[serde(default)]
    pub after: Option<i64>,
    /// Whether a word is required for a finding.
    #[serde(default)]
    pub required: bool,
    /// Confidence added when a word is present.
    #[serde(default)]
    pub boost: Option<f64>,
}

/// Inline examples run by the rules test.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ExamplesSpec {
    /// Texts that must yield a finding of this detector.
    #[serde(default, rename = "match")]
    pub matches: Vec<Example>,
    /// Texts that must yield no finding of this detector.
    #[serde(default)]
    pub no_match: Vec<String>,
}

/// One positive example: a bare text, or a text with the exact value expected.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum Example {
    /// Any finding of the detector will do.
    Text(String),
    /// A finding whose span's bytes are exactly `value`.
    Pinned {
        /// The content.
        text: String,
        /// The expected value.
        value: String,
    },
}

impl Example {
    /// The example's content.
    pub fn text(&self) -> &str {
        match self {
            Example::Text(t) => t,
            Example::Pinned { text, .. } => text,
        }
    }

    /// The expected value, when pinned.
    pub fn value(&self) -> Option<&str> {
        match self {
            Example::Text(_) => None,
            Example::Pinned { value, .. } => Some(value),
        }
    }
}
