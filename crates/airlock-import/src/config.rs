//! The gitleaks configuration format (`.gitleaks.toml`), as far as the import reads it: rules,
//! their allowlists, the global allowlist(s) and `[extend]`. Unknown keys are ignored, so configs
//! written for newer gitleaks versions still parse.

use crate::ImportError;
use serde::Deserialize;

/// A whole gitleaks config file.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Config {
    /// Free text shown by gitleaks.
    pub title: Option<String>,
    /// Extending another config (the built-in default, a file, a URL).
    pub extend: Option<Extend>,
    /// The rules, in file order.
    pub rules: Vec<Rule>,
    /// The legacy global allowlist (`[allowlist]`).
    pub allowlist: Option<Allowlist>,
    /// Global allowlists (`[[allowlists]]`, gitleaks 8.25+), optionally limited to some rules.
    pub allowlists: Vec<Allowlist>,
}

/// `[extend]`: what this config builds on.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Extend {
    /// Extend gitleaks' built-in default config.
    #[serde(rename = "useDefault")]
    pub use_default: bool,
    /// Extend a config file.
    pub path: Option<String>,
    /// Extend a config at a URL.
    pub url: Option<String>,
    /// Rules of the extended config to leave out.
    #[serde(rename = "disabledRules")]
    pub disabled_rules: Vec<String>,
}

/// One `[[rules]]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Rule {
    /// Unique rule id, e.g. `aws-access-token`.
    pub id: Option<String>,
    /// What the rule finds, in words.
    pub description: Option<String>,
    /// The Go (RE2) regular expression.
    pub regex: Option<String>,
    /// The capture group holding the secret.
    #[serde(rename = "secretGroup")]
    pub secret_group: Option<i64>,
    /// Minimum Shannon entropy of the secret.
    pub entropy: Option<f64>,
    /// Case-insensitive words that must be present for the rule to run.
    pub keywords: Vec<String>,
    /// A regex over file paths the rule is limited to.
    pub path: Option<String>,
    /// Free-form labels.
    #[allow(dead_code)]
    pub tags: Vec<String>,
    /// Legacy single allowlist (`[rules.allowlist]`).
    pub allowlist: Option<Allowlist>,
    /// Allowlists (`[[rules.allowlists]]`).
    pub allowlists: Vec<Allowlist>,
    /// Composite rules: other rules that must match nearby (`[[rules.required]]`).
    pub required: Vec<toml::Value>,
    /// A rule that only feeds composite rules and is never reported itself.
    #[serde(rename = "skipReport")]
    pub skip_report: bool,
}

/// One allowlist, global or per rule.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub(crate) struct Allowlist {
    /// Free text.
    pub description: Option<String>,
    /// `OR` (default: any criterion allows) or `AND` (all criteria must hold).
    pub condition: Option<String>,
    /// What `regexes` are matched against: `secret` (default), `match` or `line`.
    #[serde(rename = "regexTarget")]
    pub regex_target: Option<String>,
    /// Regexes that allow a finding.
    pub regexes: Vec<String>,
    /// Words that allow a finding when the secret contains them (case-insensitive).
    pub stopwords: Vec<String>,
    /// Regexes over file paths.
    pub paths: Vec<String>,
    /// Commit SHAs.
    pub commits: Vec<String>,
    /// For global `[[allowlists]]`: the rules it applies to (all when empty).
    #[serde(rename = "targetRules")]
    pub target_rules: Vec<String>,
}

/// Parses a gitleaks config; a syntax or shape error names its line.
pub(crate) fn parse(text: &str, source_name: &str) -> Result<Config, ImportError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        ImportError::Syntax {
            source_name: source_name.to_string(),
            line,
            message: e.message().trim().to_string(),
        }
    })
}

/// 1-based line number of byte offset `pos` in `text`.
fn line_of(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    text.as_bytes()
        .get(..pos)
        .map(|head| head.iter().filter(|&&b| b == b'\n').count())
        .unwrap_or(0)
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_allowlist_forms_and_extend() {
        let cfg = parse(
            r#"
title = "t"
[extend]
useDefault = true
disabledRules = ["generic-api-key"]
[allowlist]
stopwords = ["example"]
[[rules]]
id = "a"
regex = '''a{3}'''
entropy = 3
secretGroup = 1
keywords = ["aaa"]
[rules.allowlist]
regexes = ['''x''']
[[rules.allowlists]]
regexTarget = "match"
regexes = ['''y''']
"#,
            "t.toml",
        )
        .expect("parses");
        assert!(cfg.extend.as_ref().is_some_and(|e| e.use_default));
        assert_eq!(cfg.rules.len(), 1);
        assert_eq!(cfg.rules[0].entropy, Some(3.0));
        assert!(cfg.rules[0].allowlist.is_some());
        assert_eq!(cfg.rules[0].allowlists.len(), 1);
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse("title = \"x\"\n[[rules]]\nid = 5\n", "bad.toml").expect_err("bad");
        match err {
            ImportError::Syntax { line, .. } => assert_eq!(line, 3),
            other => panic!("unexpected {other:?}"),
        }
    }
}
