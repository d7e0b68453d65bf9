//! `airlock rules import-gitleaks`: converts a gitleaks configuration into an Airlock detector
//! file and reports, rule by rule, what could not be converted.

use anyhow::{Context, Result};
use std::path::Path;

/// Runs the import; exit 0 when every rule converted, 1 when some were skipped.
pub fn run(file: &Path, out: &Path) -> Result<u8> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file.display().to_string();
    let conv = airlock_import::convert_gitleaks(&text, &name)?;
    std::fs::write(out, conv.toml.as_bytes())
        .with_context(|| format!("cannot write {}", out.display()))?;
    for s in &conv.skipped {
        println!("skipped {}: {}", s.rule_id, s.reason);
    }
    println!(
        "{} rule(s) converted to {}, {} skipped",
        conv.converted.len(),
        out.display(),
        conv.skipped.len()
    );
    Ok(u8::from(!conv.skipped.is_empty()))
}
