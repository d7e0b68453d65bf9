//! Imports peers' secret-detection rules into Airlock detector files.
//!
//! Companies often already maintain a gitleaks config (`.gitleaks.toml`). [`convert_gitleaks`]
//! turns its `[[rules]]` into Airlock `[[detector]]` tables (the format of `rules/README.md`):
//!
//! | gitleaks | Airlock |
//! |---|---|
//! | `id` | `id = "gitleaks_<id>"` (snake_case) |
//! | (origin) | `priority` below every built-in detector ([`PRIORITY`], [`GENERIC_PRIORITY`]): imported detectors defer on overlap |
//! | `description` | `name` (the id when missing) |
//! | `regex` (Go RE2) | `pattern`, with Go-only syntax rewritten; `max_len = 4096` when unbounded |
//! | `secretGroup` | `capture` (else group 1 when it holds every group, else the whole match) |
//! | `entropy` | `min_entropy` |
//! | `keywords` | `keywords` (3+ bytes, part of a match), else derived `literals`/`keywords` |
//! | allowlist `regexes` (target secret/match), `stopwords` | `allowlist_patterns` |
//!
//! Every detector gets generated `match`/`no_match` examples that the classifier checks, and the
//! returned file always loads with [`airlock_classifier::RuleSet::load`]. Rules that cannot be
//! converted are listed in [`Conversion::skipped`] with the reason; things dropped from rules that
//! were converted (path filters, line/path/commit allowlists, short keywords) are listed in
//! [`Conversion::notes`].
//!
//! [`convert_gitleaks_beside`] converts for a rules directory that already holds detectors
//! (Airlock's built-in ones, usually): rules that duplicate one of them are left out
//! ([`Conversion::duplicates`]) and every generated example is checked in the combined set, so
//! the directory with the converted file added still passes `airlock rules check`.
//!
//! ```
//! let config = r#"
//! [[rules]]
//! id = "acme-api-token"
//! description = "ACME API token"
//! regex = '''\b(acme_[a-z0-9]{32})\b'''
//! keywords = ["acme_"]
//! "#;
//! let c = airlock_import::convert_gitleaks(config, "acme.gitleaks.toml")?;
//! assert_eq!(c.converted, ["gitleaks_acme_api_token"]);
//! assert!(c.toml.contains("[[detector]]"));
//! # Ok::<(), airlock_import::ImportError>(())
//! ```

mod allowlist;
mod anchor;
mod beside;
mod config;
mod convert;
mod emit;
mod error;
mod examples;
mod sample;
mod translate;
mod verify;

pub use error::ImportError;

use airlock_classifier::{RuleSet, RuleSource, ScannerBuilder};
use std::collections::HashSet;

/// The overlap priority of converted detectors. Built-in detectors use 1 to 100 (default 50);
/// imported ones stay below 0, so wherever an imported and a built-in finding overlap, the
/// built-in one is reported.
pub const PRIORITY: i64 = -40;
/// The overlap priority of converted generic rules (ids with `generic`): below the specific
/// imported ones, which win their overlaps.
pub const GENERIC_PRIORITY: i64 = -80;
use std::fmt::Write as _;

/// The result of converting one gitleaks config.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    /// An Airlock rule file with one `[[detector]]` table per converted rule; it loads cleanly.
    pub toml: String,
    /// The Airlock ids of the converted detectors, in file order.
    pub converted: Vec<String>,
    /// Rules that were not converted, with the reason.
    pub skipped: Vec<Skipped>,
    /// Rules left out because an existing detector finds the same secrets (only with
    /// [`convert_gitleaks_beside`]).
    pub duplicates: Vec<Duplicate>,
    /// Partial conversions: (gitleaks rule id, or `[extend]` / `[allowlist]` for the config as
    /// a whole; what was dropped or approximated).
    pub notes: Vec<(String, String)>,
}

/// A gitleaks rule that was not converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The gitleaks rule id (`rules[N]` when the rule has none).
    pub rule_id: String,
    /// What could not be converted, and why.
    pub reason: String,
}

/// A gitleaks rule left out because an existing detector reports every one of its generated
/// examples: both find the same secret format (e.g. gitleaks' `aws-access-token` and Airlock's
/// `aws_access_key_id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The gitleaks rule id.
    pub rule_id: String,
    /// The id of the existing detector that finds the same values.
    pub existing: String,
}

/// Converts a gitleaks config (`text`; `source_name` names it in messages and in the generated
/// file) into an Airlock detector file that is used alone.
///
/// Errors only when the text is not a gitleaks config (the error names the line), or when no
/// rule at all could be converted.
pub fn convert_gitleaks(text: &str, source_name: &str) -> Result<Conversion, ImportError> {
    convert_gitleaks_beside(text, source_name, &[])
}

/// Converts a gitleaks config into a detector file meant to be loaded together with the rule
/// files `beside` (e.g. the built-in `rules/detectors/*.toml`): rules that duplicate one of their
/// detectors are listed in [`Conversion::duplicates`] and not converted, and every example of
/// the file is checked in the combined set. With `beside` empty, this is [`convert_gitleaks`].
///
/// Errors as [`convert_gitleaks`] does, and when the files `beside` do not load
/// ([`ImportError::Beside`]).
pub fn convert_gitleaks_beside(
    text: &str,
    source_name: &str,
    beside: &[RuleSource<'_>],
) -> Result<Conversion, ImportError> {
    let cfg = config::parse(text, source_name)?;
    let mut notes: Vec<(String, String)> = Vec::new();
    if let Some(ext) = &cfg.extend {
        for n in extend_notes(ext) {
            notes.push(("[extend]".into(), n));
        }
    }
    let globals: Vec<&config::Allowlist> =
        cfg.allowlist.iter().chain(cfg.allowlists.iter()).collect();
    let (globals, global_notes) = convert::global_allowlists(&globals);
    notes.extend(global_notes.into_iter().map(|n| ("[allowlist]".into(), n)));
    let mut ids = HashSet::new();
    let mut prepared = Vec::new();
    let mut skipped = Vec::new();
    for (i, rule) in cfg.rules.iter().enumerate() {
        match convert::prepare(rule, i, &globals, &mut ids) {
            Ok(p) => prepared.push(p),
            Err(s) => skipped.push(s),
        }
    }
    let mut duplicates = Vec::new();
    if !beside.is_empty() {
        let existing = RuleSet::load(beside).map_err(|e| ImportError::Beside {
            message: e.to_string(),
        })?;
        let existing = ScannerBuilder::new().build(existing);
        prepared = beside::against(prepared, &existing, &mut duplicates, &mut skipped);
    }
    let title = cfg.title.as_deref().unwrap_or("").trim().to_string();
    let header = |items: &[verify::Prepared], skipped: &[Skipped]| {
        header(
            source_name,
            &title,
            items.len(),
            skipped,
            &duplicates,
            &notes,
        )
    };
    let (toml, items) = verify::finalize(source_name, &header, prepared, &mut skipped, beside)?;
    for p in &items {
        for n in &p.draft.notes {
            notes.push((p.draft.rule_id.clone(), n.clone()));
        }
    }
    Ok(Conversion {
        toml,
        converted: items.into_iter().map(|p| p.draft.id).collect(),
        skipped,
        duplicates,
        notes,
    })
}

fn extend_notes(ext: &config::Extend) -> Vec<String> {
    let mut out = Vec::new();
    if ext.use_default {
        out.push("useDefault = true: gitleaks' built-in rules are not part of this file; convert gitleaks' default config separately, or rely on Airlock's own detectors".into());
    }
    if let Some(p) = &ext.path {
        out.push(format!(
            "extends the file `{p}`: not followed; convert that file separately"
        ));
    }
    if let Some(u) = &ext.url {
        out.push(format!(
            "extends the URL `{u}`: not fetched; convert that config separately"
        ));
    }
    if !ext.disabled_rules.is_empty() {
        out.push(format!(
            "disabledRules [{}] only concern the extended config: leave those detectors out when loading it",
            ext.disabled_rules.join(", ")
        ));
    }
    out
}

/// The comment block at the top of the generated file.
fn header(
    source_name: &str,
    title: &str,
    converted: usize,
    skipped: &[Skipped],
    duplicates: &[Duplicate],
    notes: &[(String, String)],
) -> String {
    let mut out = String::new();
    let mut line = |s: String| emit::comment(&mut out, &s);
    line(format!(
        "Airlock detectors converted from the gitleaks config `{source_name}` by airlock-import."
    ));
    if !title.is_empty() {
        line(format!("Its title: {title}"));
    }
    line(format!(
        "{converted} rule(s) converted, {} skipped. Examples are generated (seeded random), never real secrets.",
        skipped.len()
    ));
    for (scope, n) in notes {
        line(format!("{scope}: {n}"));
    }
    if converted > 0 {
        line(format!(
            "origin: gitleaks. Priorities below 0 ({PRIORITY}, generic rules {GENERIC_PRIORITY}): on overlap, built-in detectors win."
        ));
    }
    for s in skipped {
        line(format!("skipped `{}`: {}", s.rule_id, s.reason));
    }
    for d in duplicates {
        line(format!(
            "duplicate `{}`: not imported, the existing detector `{}` finds the same secrets",
            d.rule_id, d.existing
        ));
    }
    let _ = writeln!(out);
    out
}
