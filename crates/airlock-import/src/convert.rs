//! One gitleaks rule to one Airlock detector: id and name, pattern (translated), capture group,
//! entropy, prefilter anchor, allowlists, length bound, then generated examples checked with the
//! classifier. A rule that cannot be converted becomes a [`Skipped`] with the reason.

use crate::allowlist::{self, Converted};
use crate::anchor;
use crate::config::{Allowlist, Rule};
use crate::emit::Draft;
use crate::examples::examples;
use crate::translate::translate;
use crate::verify::{load_single, Prepared};
use crate::Skipped;
use airlock_classifier::MAX_PATTERN_LEN;
use regex_syntax::hir::{Hir, HirKind};
use std::collections::HashSet;

/// The match length looked for when a pattern has no bound of its own.
const DEFAULT_MAX_LEN: usize = 4096;

/// A global allowlist, already converted, and the rules it applies to (all when empty).
#[derive(Debug, Default)]
pub(crate) struct GlobalAllow {
    pub targets: Vec<String>,
    pub patterns: Vec<String>,
}

/// Converts global allowlists once; their notes are returned for the whole conversion.
pub(crate) fn global_allowlists(lists: &[&Allowlist]) -> (Vec<GlobalAllow>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for a in lists {
        let mut c = Converted::default();
        allowlist::convert(a, "global", false, &mut c);
        notes.extend(c.notes);
        out.push(GlobalAllow {
            targets: a.target_rules.clone(),
            patterns: c.patterns,
        });
    }
    (out, notes)
}

/// `gitleaks_` + the rule id in snake_case.
fn airlock_id(rule_id: &str) -> String {
    let body: String = rule_id
        .trim()
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("gitleaks_{body}")
}

/// Whether capture group 1 takes part in every match, is never empty and holds every other
/// group: then it is what gitleaks reports without a `secretGroup` (the first non-empty group).
fn outer_group(hir: &Hir) -> bool {
    let mut elems: Vec<&Hir> = Vec::new();
    let mut stack = vec![hir];
    while let Some(h) = stack.pop() {
        match h.kind() {
            HirKind::Concat(xs) => stack.extend(xs.iter().rev()),
            _ => elems.push(h),
        }
    }
    let is_first = |h: &Hir| {
        matches!(h.kind(), HirKind::Capture(c) if c.index == 1)
            && h.properties().minimum_len().is_some_and(|n| n > 0)
    };
    elems.iter().filter(|h| is_first(h)).count() == 1
        && elems
            .iter()
            .filter(|h| !is_first(h))
            .all(|h| h.properties().explicit_captures_len() == 0)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Converts rule number `index` (0-based) of the config.
pub(crate) fn prepare(
    rule: &Rule,
    index: usize,
    globals: &[GlobalAllow],
    ids: &mut HashSet<String>,
) -> Result<Prepared, Skipped> {
    let rule_id = match rule.id.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() => id.to_string(),
        _ => {
            return Err(Skipped {
                rule_id: format!("rules[{index}]"),
                reason: "rule has no `id`".into(),
            })
        }
    };
    let skip = |reason: String| Skipped {
        rule_id: rule_id.clone(),
        reason,
    };
    let id = airlock_id(&rule_id);
    if !ids.insert(id.clone()) {
        return Err(skip(format!(
            "duplicate rule: another rule already converts to `{id}`"
        )));
    }
    if !rule.required.is_empty() {
        return Err(skip(
            "composite rule (`[[rules.required]]`): it only reports when other rules match nearby, which an Airlock detector cannot express".into(),
        ));
    }
    if rule.skip_report {
        return Err(skip(
            "`skipReport = true`: the rule only feeds composite rules and reports nothing itself"
                .into(),
        ));
    }
    let regex = match rule.regex.as_deref() {
        Some(r) if !r.is_empty() => r,
        _ if rule.path.is_some() => {
            return Err(skip(
                "matches file paths only; Airlock scans content".into(),
            ))
        }
        _ => return Err(skip("rule has neither `regex` nor `path`".into())),
    };
    let (pattern, hir) =
        translate(regex).map_err(|e| skip(format!("regex cannot be converted: {e}")))?;
    let mut notes: Vec<String> = Vec::new();
    if let Some(p) = &rule.path {
        notes.push(format!(
            "path filter `{p}` dropped: Airlock scans content without file paths, so the rule applies to all content"
        ));
    }
    let props = hir.properties();
    let groups = props.explicit_captures_len();
    let capture = match rule.secret_group {
        Some(g) if g < 0 => return Err(skip(format!("secretGroup {g} is negative"))),
        Some(0) => None,
        Some(g) => {
            let g = usize::try_from(g).unwrap_or(usize::MAX);
            if g > groups {
                return Err(skip(format!(
                    "secretGroup {g} does not exist: the regex has {groups} capture group(s)"
                )));
            }
            Some(g)
        }
        None if groups == 0 => None,
        None if groups == 1 || outer_group(&hir) => Some(1),
        None => {
            notes.push(format!(
                "the regex has {groups} capture groups and no secretGroup: the whole match is reported (gitleaks reports the first non-empty group)"
            ));
            None
        }
    };
    let min_len = props.minimum_len().unwrap_or(0);
    let max_len = match props.maximum_len() {
        Some(n) if n <= MAX_PATTERN_LEN => None,
        _ if min_len > MAX_PATTERN_LEN => {
            return Err(skip(format!(
                "the shortest match is {min_len} bytes; Airlock looks at most {MAX_PATTERN_LEN} bytes per match"
            )))
        }
        bound => {
            let n = DEFAULT_MAX_LEN.max(min_len);
            notes.push(match bound {
                None => format!("unbounded repeats: matches are looked for up to {n} bytes (max_len)"),
                Some(b) => format!("the pattern can match {b} bytes: matches are looked for up to {n} bytes (max_len)"),
            });
            Some(n)
        }
    };
    let min_entropy = match rule.entropy {
        Some(e) if e > 8.0 => {
            return Err(skip(format!(
                "entropy {e} can never be reached (Shannon entropy is at most 8 bits per byte)"
            )))
        }
        Some(e) if e.is_finite() && e > 0.0 => Some(e),
        Some(e) if e != 0.0 => {
            notes.push(format!("entropy {e} is not a positive number: ignored"));
            None
        }
        _ => None,
    };
    let (anchor, anchor_notes) = anchor::choose(&hir, &rule.keywords);
    notes.extend(anchor_notes);
    let anchor = anchor.map_err(skip)?;
    let mut allow = Converted::default();
    for a in rule.allowlist.iter().chain(&rule.allowlists) {
        allowlist::convert(a, "rule", capture.is_some(), &mut allow);
    }
    notes.extend(allow.notes);
    let mut allowlist_patterns = allow.patterns;
    for g in globals {
        if g.targets.is_empty() || g.targets.iter().any(|t| t.trim() == rule_id) {
            for p in &g.patterns {
                if !allowlist_patterns.contains(p) {
                    allowlist_patterns.push(p.clone());
                }
            }
        }
    }
    let name = match rule.description.as_deref().map(one_line) {
        Some(d) if !d.is_empty() => d,
        _ => rule_id.clone(),
    };
    let priority = if rule_id.to_ascii_lowercase().contains("generic") {
        crate::GENERIC_PRIORITY
    } else {
        crate::PRIORITY
    };
    let draft = Draft {
        rule_id: rule_id.clone(),
        id,
        name,
        priority,
        anchor,
        pattern,
        max_len,
        capture,
        min_entropy,
        allowlist_patterns,
        notes,
    };
    let scanner =
        load_single(&draft).map_err(|e| skip(format!("does not load in Airlock: {e}")))?;
    let ex = examples(&draft, &hir, &scanner).map_err(skip)?;
    Ok(Prepared {
        draft,
        matches: ex.matches,
        no_match: ex.no_match,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &str, regex: &str, keywords: &[&str]) -> Rule {
        Rule {
            id: Some(id.into()),
            regex: Some(regex.into()),
            keywords: keywords.iter().map(|s| s.to_string()).collect(),
            ..Rule::default()
        }
    }

    #[test]
    fn a_simple_rule_converts_with_working_examples() {
        let mut ids = HashSet::new();
        let p = prepare(
            &rule("acme-token", r"\b(acme_[a-z0-9]{24})\b", &["acme_"]),
            0,
            &[],
            &mut ids,
        )
        .expect("converts");
        assert_eq!(p.draft.id, "gitleaks_acme_token");
        assert_eq!(p.draft.capture, Some(1));
        assert!(!p.matches.is_empty() && !p.no_match.is_empty());
    }

    #[test]
    fn an_outer_group_is_the_secret() {
        let outer = |p: &str| outer_group(&translate(p).expect("ok").1);
        assert!(outer(r"(?i)lob=((live|test)_[a-f0-9]{35})(?:['\s]|$)"));
        assert!(outer(r"\b((HRKU-AA[0-9a-zA-Z_-]{58}))"));
        assert!(!outer(r"sonar[_.-]?(login|token)=([a-z0-9]{40})"));
        assert!(!outer(r"a(b)|c(d)"));
    }

    #[test]
    fn skips_explain_themselves() {
        let mut ids = HashSet::new();
        let path_only = Rule {
            id: Some("p12".into()),
            path: Some(r"\.p12$".into()),
            ..Rule::default()
        };
        let e = prepare(&path_only, 0, &[], &mut ids).expect_err("skipped");
        assert!(e.reason.contains("file paths only"));
        let e =
            prepare(&rule("uni", r"\p{L}{20}", &["abc"]), 1, &[], &mut ids).expect_err("skipped");
        assert!(e.reason.contains("Unicode class"), "{}", e.reason);
        let e = prepare(&rule("uni", r"abc", &["abc"]), 2, &[], &mut ids).expect_err("dup");
        assert!(e.reason.contains("duplicate"), "{}", e.reason);
        let e = prepare(&rule("g", r"(a)(b)", &[]), 3, &[], &mut ids).expect_err("anchor");
        assert!(e.reason.contains("no prefilter anchor"), "{}", e.reason);
    }
}
