//! `airlock rules import-gitleaks`: converts a gitleaks configuration into an Airlock detector
//! file meant to sit beside the built-in detectors (or a given rules directory), and reports,
//! rule by rule, what could not be converted and what duplicates an existing detector.

use airlock_classifier::RuleSource;
use anyhow::{Context, Result};
use std::path::Path;

/// Runs the import; exit 0 when every rule converted or duplicates an existing detector, 1 when
/// some were skipped. `beside` is the rules directory the file will be used with (`None`: the
/// built-in detectors); `alone` converts for use without any other detector.
pub fn run(file: &Path, out: &Path, beside: Option<&Path>, alone: bool) -> Result<u8> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file.display().to_string();
    let existing = if alone {
        Vec::new()
    } else {
        let out_path = std::fs::canonicalize(out).ok();
        crate::rules::detector_files(beside)?
            .into_iter()
            .filter(|(n, _)| out_path.is_none() || std::fs::canonicalize(n).ok() != out_path)
            .collect()
    };
    let sources: Vec<RuleSource> = existing
        .iter()
        .map(|(n, t)| RuleSource { name: n, text: t })
        .collect();
    let conv = airlock_import::convert_gitleaks_beside(&text, &name, &sources)?;
    std::fs::write(out, conv.toml.as_bytes())
        .with_context(|| format!("cannot write {}", out.display()))?;
    for s in &conv.skipped {
        println!("skipped {}: {}", s.rule_id, s.reason);
    }
    for d in &conv.duplicates {
        println!(
            "duplicate {}: not imported, the existing detector {} finds the same secrets",
            d.rule_id, d.existing
        );
    }
    println!(
        "{} rule(s) converted to {}, {} duplicate(s) of existing detectors left out, {} skipped",
        conv.converted.len(),
        out.display(),
        conv.duplicates.len(),
        conv.skipped.len()
    );
    Ok(u8::from(!conv.skipped.is_empty()))
}
