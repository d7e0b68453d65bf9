//! Errors of the import: input that is not a gitleaks configuration at all, or a conversion
//! whose result could not be made to load. Rules that cannot be converted are not errors: they
//! are reported one by one in [`crate::Conversion::skipped`].

use crate::Skipped;

/// Why a gitleaks configuration could not be converted at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The text is not TOML, or not shaped like a gitleaks config (e.g. `regex = 5`).
    #[error("{source_name}:{line}: not a valid gitleaks config: {message}")]
    Syntax {
        /// The name the caller gave the input (usually its path).
        source_name: String,
        /// 1-based line of the problem.
        line: usize,
        /// What the TOML parser reported.
        message: String,
    },
    /// Every rule was skipped, so there is no detector file to write (a rule file needs at
    /// least one detector).
    #[error("{source_name}: no rule could be converted ({} skipped{})", skipped.len(), first_reason(skipped))]
    NothingConverted {
        /// The name the caller gave the input.
        source_name: String,
        /// Every rule, with the reason it was skipped.
        skipped: Vec<Skipped>,
    },
    /// The rule files the conversion is checked beside do not load themselves.
    #[error("the existing rule files do not load: {message}")]
    Beside {
        /// The loader's messages (`file:line: message`, one per line).
        message: String,
    },
    /// The converted file still failed to load after dropping the detectors the loader blamed
    /// (a bug in the converter: please report it with the input).
    #[error("{source_name}: the converted rules do not load: {message}")]
    Unloadable {
        /// The name the caller gave the input.
        source_name: String,
        /// The loader's messages.
        message: String,
    },
}

fn first_reason(skipped: &[Skipped]) -> String {
    match skipped.first() {
        Some(s) => format!("; first: `{}`: {}", s.rule_id, s.reason),
        None => String::new(),
    }
}
