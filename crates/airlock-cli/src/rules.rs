//! Loading the rule set: the built-in detector files, or every `*.toml` of a directory.

use airlock_classifier::{RuleSet, RuleSource};
use anyhow::{bail, Context, Result};
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/default_rules.rs"));

/// Loads the rule set; rule errors are printed one per line as `file:line: message`.
pub fn load(dir: Option<&Path>) -> Result<RuleSet> {
    let files: Vec<(String, String)> = match dir {
        None => DEFAULT_RULES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
        Some(dir) => read_dir(dir)?,
    };
    let sources: Vec<RuleSource> = files
        .iter()
        .map(|(n, t)| RuleSource { name: n, text: t })
        .collect();
    RuleSet::load(&sources).map_err(|errors| {
        anyhow::anyhow!(
            "{errors}\n{} error(s) in the rule files; nothing was scanned",
            errors.0.len()
        )
    })
}

fn read_dir(dir: &Path) -> Result<Vec<(String, String)>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read rules directory {}", dir.display()))?;
    let mut files = Vec::new();
    for e in entries {
        let path = e
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read rule file {}", path.display()))?;
            files.push((path.display().to_string(), text));
        }
    }
    if files.is_empty() {
        bail!("no *.toml rule files in {}", dir.display());
    }
    files.sort();
    Ok(files)
}
