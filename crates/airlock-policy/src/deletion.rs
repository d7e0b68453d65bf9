//! How to delete a conversation in a tool: the `deletion` table of a register entry, shown to an
//! employee who self-reports an accidental disclosure and to IT on the incident page. Tools
//! without one get [`GENERIC_STEPS`].
//!
//! ```toml
//! [tool.deletion]
//! url = "https://privacy.openai.com/"
//! steps = ["Open chatgpt.com and find the conversation in the sidebar.", "..."]
//! ```

use airlock_classifier::RuleErrors;
use serde::{Deserialize, Serialize};

/// Most steps an entry may list.
pub const MAX_STEPS: usize = 12;

/// Longest step, in characters.
pub const MAX_STEP_CHARS: usize = 400;

/// Longest URL, in bytes.
pub const MAX_URL_BYTES: usize = 400;

/// Steps for a tool whose entry has no `deletion` table (or a tool outside the register).
pub const GENERIC_STEPS: &[&str] = &[
    "Ask the employee to open the tool's conversation history and delete the conversation.",
    "Delete any uploaded files from the tool's file or knowledge area too.",
    "Check the vendor's privacy settings: turn off training on user data, and note the vendor's retention period.",
    "If the vendor offers a privacy or deletion request form, file one naming the account and time.",
];

/// The `deletion` table of a register entry.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DeletionSpec {
    /// The vendor's page where deletion starts (settings, history, or privacy request form):
    /// an absolute `https` URL.
    pub url: String,
    /// What to do, in order: plain sentences, one action each.
    pub steps: Vec<String>,
}

/// How to delete a conversation in one tool: its own steps or the generic ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeletionSteps<'a> {
    /// The register entry's `deletion` table.
    Tool(&'a DeletionSpec),
    /// [`GENERIC_STEPS`], without a URL.
    Generic,
}

impl<'a> DeletionSteps<'a> {
    /// The steps, in order.
    pub fn steps(&self) -> Vec<&'a str> {
        match self {
            DeletionSteps::Tool(d) => d.steps.iter().map(String::as_str).collect(),
            DeletionSteps::Generic => GENERIC_STEPS.to_vec(),
        }
    }

    /// The vendor's page, when the entry names one.
    pub fn url(&self) -> Option<&'a str> {
        match self {
            DeletionSteps::Tool(d) => Some(d.url.as_str()),
            DeletionSteps::Generic => None,
        }
    }
}

impl crate::Register {
    /// How to delete a conversation in the tool with this register id: its entry's `deletion`
    /// table, else the generic steps (also for `None` and ids the register does not hold).
    pub fn deletion(&self, id: Option<&str>) -> DeletionSteps<'_> {
        match id
            .and_then(|id| self.get(id))
            .and_then(|t| t.spec.deletion.as_ref())
        {
            Some(d) => DeletionSteps::Tool(d),
            None => DeletionSteps::Generic,
        }
    }

    /// Compiles only the register (`tools/*.toml`) of a rules directory's files, for readers
    /// that need no detectors or matrix; every problem as `file:line: message`.
    pub fn from_files(files: &[crate::RuleFile]) -> Result<crate::Register, RuleErrors> {
        let tool_files: Vec<(&str, &str)> = files
            .iter()
            .filter(|f| crate::role_of(&f.path) == crate::FileRole::Tools)
            .map(|f| (f.path.as_str(), f.text.as_str()))
            .collect();
        let mut problems = Vec::new();
        let reg = crate::Register::compile(&tool_files, &mut problems);
        if problems.is_empty() {
            Ok(reg)
        } else {
            Err(RuleErrors(problems))
        }
    }
}

/// Checks a `deletion` table; each problem goes to `p` as a message about tool `id`.
pub(crate) fn validate(id: &str, d: &DeletionSpec, p: &mut dyn FnMut(String)) {
    match url::Url::parse(&d.url) {
        Ok(u) if u.scheme() == "https" && u.host_str().is_some_and(|h| !h.is_empty()) => {}
        _ => p(format!(
            "tool `{id}`: deletion url must be an absolute https URL, such as `https://privacy.example.com/`"
        )),
    }
    if d.url.len() > MAX_URL_BYTES {
        p(format!(
            "tool `{id}`: deletion url is longer than {MAX_URL_BYTES} bytes"
        ));
    }
    if d.steps.is_empty() || d.steps.len() > MAX_STEPS {
        p(format!(
            "tool `{id}`: deletion needs 1 to {MAX_STEPS} steps, not {}",
            d.steps.len()
        ));
    }
    for (i, s) in d.steps.iter().enumerate() {
        let n = i + 1;
        if s.trim().is_empty() {
            p(format!("tool `{id}`: deletion step {n} is empty"));
        } else if s.chars().count() > MAX_STEP_CHARS {
            p(format!(
                "tool `{id}`: deletion step {n} is longer than {MAX_STEP_CHARS} characters"
            ));
        } else if s.chars().any(char::is_control) {
            p(format!(
                "tool `{id}`: deletion step {n} has a control character (write one line per step)"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(d: &DeletionSpec) -> Vec<String> {
        let mut out = Vec::new();
        validate("t", d, &mut |m| out.push(m));
        out
    }

    fn spec(url: &str, steps: &[&str]) -> DeletionSpec {
        DeletionSpec {
            url: url.into(),
            steps: steps.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_good_table_passes() {
        assert!(problems(&spec(
            "https://privacy.example.com/x",
            &["Open it.", "Delete it."]
        ))
        .is_empty());
    }

    #[test]
    fn urls_must_be_absolute_https() {
        for u in [
            "http://example.com/",
            "example.com/privacy",
            "javascript:alert(1)",
            "https://",
            "",
        ] {
            let p = problems(&spec(u, &["Delete it."]));
            assert!(p.iter().any(|m| m.contains("https URL")), "{u}: {p:?}");
        }
    }

    #[test]
    fn steps_are_checked() {
        let p = problems(&spec("https://a.example/", &[]));
        assert!(p[0].contains("1 to 12 steps"), "{p:?}");
        let p = problems(&spec("https://a.example/", &["ok", " ", "two\nlines"]));
        assert!(p.iter().any(|m| m.contains("step 2 is empty")), "{p:?}");
        assert!(
            p.iter().any(|m| m.contains("step 3 has a control")),
            "{p:?}"
        );
        let long = "x".repeat(MAX_STEP_CHARS + 1);
        let p = problems(&spec("https://a.example/", &[long.as_str()]));
        assert!(p[0].contains("longer than"), "{p:?}");
        let many = vec!["s"; MAX_STEPS + 1];
        assert_eq!(problems(&spec("https://a.example/", &many)).len(), 1);
    }

    #[test]
    fn generic_steps_have_no_url() {
        assert_eq!(DeletionSteps::Generic.url(), None);
        assert_eq!(DeletionSteps::Generic.steps().len(), GENERIC_STEPS.len());
        let d = spec("https://a.example/", &["one"]);
        assert_eq!(DeletionSteps::Tool(&d).steps(), vec!["one"]);
        assert_eq!(DeletionSteps::Tool(&d).url(), Some("https://a.example/"));
    }
}
