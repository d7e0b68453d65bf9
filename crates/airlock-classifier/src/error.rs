//! Errors of the classifier: rule files that do not load, reported as `file:line: message`, and
//! `[[edm]]` files that cannot be built from values.
//!
//! Loading collects every error of every file instead of stopping at the first, so IT sees the
//! whole list at once; a rule set with any error is never compiled into a scanner.

use std::fmt;

/// One problem in one rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The rule file's name as given by the caller (usually its path).
    pub file: String,
    /// 1-based line of the problem.
    pub line: usize,
    /// What is wrong, and when it helps, what to do.
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Every problem found while loading a rule set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RuleErrors(pub Vec<RuleError>);

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// Errors of the classifier API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The rule set has errors.
    #[error("{0}")]
    Rules(#[from] RuleErrors),
    /// Reading content from a stream failed.
    #[error("reading content: {0}")]
    Read(#[from] std::io::Error),
}

/// Errors of building an `[[edm]]` rule file from values ([`crate::edm_rule_file`]). Values
/// are named by their 1-based position in the input, never by their text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EdmError {
    /// The salt is shorter than [`crate::MIN_EDM_SALT_LEN`] bytes.
    #[error("the salt has {0} bytes; at least 16 random bytes are needed")]
    SaltTooShort(usize),
    /// No values were given.
    #[error("no values to hash: an edm set needs at least one")]
    NoValues,
    /// Normalization leaves nothing of this value (e.g. `--` under `alnum`).
    #[error("value #{0}: nothing is left of it after normalization")]
    EmptyValue(usize),
    /// The pattern does not match this value as a whole, so no scan would ever find it.
    #[error("value #{0} is not matched in full by the pattern, so no scan would ever find it")]
    NotMatched(usize),
    /// The set's id, name, category, class or pattern does not make a valid rule.
    #[error("the edm set is not valid:\n{0}")]
    Invalid(RuleErrors),
    /// The operating system's random number generator failed.
    #[error("cannot generate a random salt: {0}")]
    Random(String),
}

impl RuleError {
    /// The error of a TOML file that does not parse, at the line of the problem.
    pub fn from_toml(file: &str, text: &str, e: &toml::de::Error) -> RuleError {
        RuleError {
            file: file.to_string(),
            line: e.span().map(|s| line_of(text, s.start)).unwrap_or(1),
            message: e.message().trim().to_string(),
        }
    }
}

/// 1-based line number of byte offset `pos` in `text` (for `file:line` messages).
pub fn line_of(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    text.as_bytes()[..pos]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
