//! Errors of the classifier: rule files that do not load, reported as `file:line: message`.
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

/// 1-based line number of byte offset `pos` in `text`.
pub(crate) fn line_of(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    text.as_bytes()[..pos]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
