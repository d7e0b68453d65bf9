//! The files a rule bundle is made of, and the `file:line: message` error helpers shared by
//! every parser of the crate.
//!
//! A bundle is a snapshot of a rules directory: `policy.toml`, `agent.toml`, the AUP Markdown
//! file, `detectors/*.toml`, `edm/*.toml` and `tools/*.toml`. Paths are relative, with `/`.

use airlock_classifier::RuleError;
use serde::{Deserialize, Serialize};

/// Collected problems of a compilation.
pub(crate) type Problems = Vec<RuleError>;

/// One file of a rules directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Relative path with `/` separators, e.g. `detectors/pii.toml`.
    pub path: String,
    /// The file's text (UTF-8).
    pub text: String,
}

impl RuleFile {
    /// A file from a path and text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        RuleFile {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// What a file of a rules directory is for, from its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    /// `policy.toml`: matrix, overrides, modes, suppressions, AUP reference.
    Policy,
    /// `agent.toml`: agent settings.
    Agent,
    /// `detectors/*.toml` or `edm/*.toml`: classifier rule files.
    Detectors,
    /// `tools/*.toml`: the AI tool register.
    Tools,
    /// Any other file (the AUP text is one, named by `policy.toml`; READMEs are others).
    Other,
}

/// The role of a path in a rules directory.
pub fn role_of(path: &str) -> FileRole {
    let toml = path.ends_with(".toml");
    match path {
        "policy.toml" => FileRole::Policy,
        "agent.toml" => FileRole::Agent,
        p if toml && !p[..p.len() - 5].contains('/') => FileRole::Other,
        p if toml && (p.starts_with("detectors/") || p.starts_with("edm/")) => FileRole::Detectors,
        p if toml && p.starts_with("tools/") => FileRole::Tools,
        _ => FileRole::Other,
    }
}

/// Whether a path belongs in a bundle: the TOML files of the known folders, the two top-level
/// TOML files and Markdown files at the top level (the AUP); READMEs are left out.
pub fn is_bundle_path(path: &str) -> bool {
    if path.ends_with("README.md") {
        return false;
    }
    match role_of(path) {
        FileRole::Other => !path.contains('/') && path.ends_with(".md") && path != "IDS.md",
        _ => true,
    }
}

pub(crate) fn err(file: &str, line: usize, message: String) -> RuleError {
    RuleError {
        file: file.to_string(),
        line,
        message,
    }
}

pub(crate) use airlock_classifier::line_of;

pub(crate) fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> RuleError {
    RuleError::from_toml(file, text, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_bundle_paths() {
        assert_eq!(role_of("policy.toml"), FileRole::Policy);
        assert_eq!(role_of("detectors/pii.toml"), FileRole::Detectors);
        assert_eq!(role_of("edm/customers.toml"), FileRole::Detectors);
        assert_eq!(role_of("tools/chat.toml"), FileRole::Tools);
        assert_eq!(role_of("other.toml"), FileRole::Other);
        assert!(is_bundle_path("aup.md"));
        assert!(!is_bundle_path("README.md"));
        assert!(!is_bundle_path("tools/README.md"));
        assert!(!is_bundle_path("IDS.md"));
        assert!(is_bundle_path("tools/chat.toml"));
    }
}
