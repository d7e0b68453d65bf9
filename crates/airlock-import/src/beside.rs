//! Converted detectors next to an existing rule set (usually Airlock's built-in detectors):
//! rules that duplicate an existing detector are left out, and generated examples that an
//! existing detector reports are dropped, so that the combined directory passes
//! `airlock rules check`.
//!
//! Imported detectors have priorities below every built-in one (see [`crate::PRIORITY`]), so on
//! overlap the existing detector's finding wins; an example of the imported detector that an
//! existing detector also finds would therefore fail the examples check.
//!
//! A rule is a duplicate of an existing detector, listed in [`crate::Conversion::duplicates`]
//! instead of being converted, when that detector reports every one of the rule's generated
//! examples, or when the converted rule alone finds every `match` example of that detector (and
//! the detector reports at least one of the rule's examples, so a broad rule is never called a
//! duplicate of a narrow detector whose examples it happens to cover).

use crate::verify::{load_single, Prepared};
use crate::{Duplicate, Skipped};
use airlock_classifier::Scanner;
use std::collections::BTreeSet;

/// Which existing detectors report (a span overlapping) the value of each of `p`'s match
/// examples: one set of detector ids per example (empty when none does).
fn reporters(p: &Prepared, existing: &Scanner) -> Vec<BTreeSet<String>> {
    p.matches
        .iter()
        .map(|m| {
            let (vs, ve) = m
                .value
                .as_deref()
                .and_then(|v| m.text.find(v).map(|s| (s, s + v.len())))
                .unwrap_or((0, m.text.len()));
            existing
                .scan(m.text.as_bytes())
                .findings
                .iter()
                .filter(|f| f.start < ve && vs < f.end)
                .map(|f| f.detector.clone())
                .collect()
        })
        .collect()
}

/// Whether `rule` (a scanner holding the converted rule alone) finds, in every `match` example
/// of the existing detector `id`, a value overlapping what that detector reports there.
fn finds_examples_of(rule: &Scanner, existing: &Scanner, id: &str) -> bool {
    let Some(meta) = existing.rules().detectors().find(|d| d.id == id) else {
        return false;
    };
    !meta.examples.matches.is_empty()
        && meta.examples.matches.iter().all(|ex| {
            let text = ex.text().as_bytes();
            let theirs: Vec<(usize, usize)> = existing
                .scan(text)
                .findings
                .iter()
                .filter(|f| f.detector == id)
                .map(|f| (f.start, f.end))
                .collect();
            rule.scan(text)
                .findings
                .iter()
                .any(|f| theirs.iter().any(|&(s, e)| f.start < e && s < f.end))
        })
}

/// The existing detector `p` duplicates, if any, given which existing detectors report each of
/// its examples (`by`).
fn duplicate_of(p: &Prepared, by: &[BTreeSet<String>], existing: &Scanner) -> Option<String> {
    if by.iter().all(|s| !s.is_empty()) {
        let first = by.first().cloned().unwrap_or_default();
        let common = by.iter().skip(1).fold(first, |acc, s| {
            acc.intersection(s).cloned().collect::<BTreeSet<String>>()
        });
        if let Some(id) = common.into_iter().next() {
            return Some(id);
        }
    }
    // Candidates: the detectors that report any of the examples, the most often first.
    let mut candidates: Vec<(usize, &String)> = Vec::new();
    for id in by.iter().flatten() {
        match candidates.iter_mut().find(|(_, c)| *c == id) {
            Some((n, _)) => *n += 1,
            None => candidates.push((1, id)),
        }
    }
    if candidates.is_empty() {
        return None;
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let rule = load_single(&p.draft).ok()?;
    candidates
        .into_iter()
        .map(|(_, id)| id)
        .find(|id| finds_examples_of(&rule, existing, id))
        .cloned()
}

/// Splits `items` against the `existing` detectors: duplicates are moved to `duplicates`, rules
/// whose every example is reported by existing detectors (several of them) to `skipped`, and the
/// others lose the examples an existing detector reports.
pub(crate) fn against(
    items: Vec<Prepared>,
    existing: &Scanner,
    duplicates: &mut Vec<Duplicate>,
    skipped: &mut Vec<Skipped>,
) -> Vec<Prepared> {
    let mut kept = Vec::with_capacity(items.len());
    for mut p in items {
        let by = reporters(&p, existing);
        if let Some(id) = duplicate_of(&p, &by, existing) {
            duplicates.push(Duplicate {
                rule_id: p.draft.rule_id,
                existing: id,
            });
            continue;
        }
        if by.iter().all(|s| !s.is_empty()) {
            let all: BTreeSet<&str> = by.iter().flatten().map(String::as_str).collect();
            skipped.push(Skipped {
                rule_id: p.draft.rule_id,
                reason: format!(
                    "every generated example is already reported by existing detectors ({}), which take precedence on overlap",
                    all.into_iter().collect::<Vec<_>>().join(", ")
                ),
            });
            continue;
        }
        let mut taken = by.into_iter();
        p.matches
            .retain(|_| taken.next().is_some_and(|s| s.is_empty()));
        kept.push(p);
    }
    kept
}
