//! Loading rules: the built-in rules directory (embedded at build time) or one on disk, as
//! the classifier's rule set (`scan`) or as a whole policy (`rules`, `explain`).

use airlock_classifier::{RuleSet, RuleSource};
use airlock_policy::{is_bundle_path, role_of, FileRole, Policy, RuleFile};
use anyhow::{bail, Context, Result};
use std::path::Path;

use airlock_rules::DEFAULT_RULES;

/// The built-in rules directory.
pub fn default_files() -> Vec<RuleFile> {
    airlock_rules::default_files()
}

/// Loads the detector rule set for `scan`: the built-in detectors, or every `*.toml` of a
/// directory (a detectors folder, or a whole rules directory whose `detectors/` and `edm/`
/// folders are used). Rule errors are printed one per line as `file:line: message`.
pub fn load(dir: Option<&Path>) -> Result<RuleSet> {
    let files = detector_files(dir)?;
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

/// The detector rule files `load` uses, as (name, text): the built-in ones, or those of a
/// directory (see [`load`]).
pub fn detector_files(dir: Option<&Path>) -> Result<Vec<(String, String)>> {
    Ok(match dir {
        None => DEFAULT_RULES
            .iter()
            .filter(|(n, _)| role_of(n) == FileRole::Detectors)
            .map(|(n, t)| (format!("rules/{n}"), t.to_string()))
            .collect(),
        Some(dir) if dir.join("detectors").is_dir() => read_rules_dir(dir)?
            .into_iter()
            .filter(|f| role_of(&f.path) == FileRole::Detectors)
            .map(|f| (dir.join(&f.path).display().to_string(), f.text))
            .collect(),
        Some(dir) => read_toml_files(dir)?,
    })
}

/// Compiles a whole policy from a rules directory, or the built-in one.
pub fn load_policy(dir: Option<&Path>) -> Result<Policy> {
    let files = match dir {
        Some(d) => read_rules_dir(d)?,
        None => default_files(),
    };
    Policy::compile(&files).map_err(|errors| {
        anyhow::anyhow!(
            "{errors}\n{} error(s) in the rules directory",
            errors.0.len()
        )
    })
}

fn read_toml_files(dir: &Path) -> Result<Vec<(String, String)>> {
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

/// Reads the bundle files of a rules directory (top-level TOML and Markdown, `detectors/`,
/// `edm/`, `tools/`), with paths relative to it.
pub fn read_rules_dir(dir: &Path) -> Result<Vec<RuleFile>> {
    if !dir.is_dir() {
        bail!("{} is not a directory (expected a rules directory holding policy.toml, detectors/, tools/)", dir.display());
    }
    let mut out = Vec::new();
    for sub in ["", "detectors", "edm", "tools"] {
        let d = if sub.is_empty() {
            dir.to_path_buf()
        } else {
            dir.join(sub)
        };
        if !d.is_dir() {
            continue;
        }
        let entries =
            std::fs::read_dir(&d).with_context(|| format!("cannot list {}", d.display()))?;
        for e in entries {
            let path = e
                .with_context(|| format!("cannot list {}", d.display()))?
                .path();
            if !path.is_file() {
                continue;
            }
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let rel = if sub.is_empty() {
                name
            } else {
                format!("{sub}/{name}")
            };
            if !is_bundle_path(&rel) {
                continue;
            }
            let text = std::fs::read_to_string(&path).with_context(|| {
                format!("cannot read {} (rule files are UTF-8 text)", path.display())
            })?;
            out.push(RuleFile::new(rel, text));
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}
