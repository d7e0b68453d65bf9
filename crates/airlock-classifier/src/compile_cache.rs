//! What [`crate::RuleSet::load`] shares between the detectors of one load, so that its cost
//! grows with the rules, not with their square: a line index per rule file (for `file:line`
//! positions) and the allowlist regexes, built once per distinct pattern list (imported rule
//! sets repeat the same global allowlist in every detector). Detectors share each allowlist
//! regex (`Arc`), and with it the regex's lazy DFA, so it is warmed up once.

use crate::compile::{build_regex_from, parse_hir};
use regex_automata::meta::Regex;
use std::collections::HashMap;
use std::sync::Arc;

/// Line starts of one rule file.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// Indexes `text`.
    pub(crate) fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { starts }
    }

    /// The 1-based line of byte `pos` (as [`crate::line_of`] computes it).
    pub(crate) fn line(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos).max(1)
    }
}

/// The built regexes of one pattern list, or its errors as (pattern, message).
type Built = Result<Vec<Arc<Regex>>, Vec<(String, String)>>;

/// Allowlist regexes of one load, by pattern list.
#[derive(Default)]
pub(crate) struct AllowlistCache {
    built: HashMap<Vec<String>, Built>,
}

impl AllowlistCache {
    /// The regexes of a detector's `allowlist_patterns`: one alternation of all of them (one
    /// regex call per value; flags stay scoped to each group), or the errors, as (pattern,
    /// message). Each pattern is parsed alone for precise errors; the regexes are only built
    /// once per distinct list.
    pub(crate) fn get(
        &mut self,
        patterns: &[String],
    ) -> Result<Vec<Arc<Regex>>, Vec<(String, String)>> {
        if patterns.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(r) = self.built.get(patterns) {
            return r.clone();
        }
        let r = build(patterns);
        self.built.insert(patterns.to_vec(), r.clone());
        r
    }
}

fn build(patterns: &[String]) -> Result<Vec<Arc<Regex>>, Vec<(String, String)>> {
    let mut errors = Vec::new();
    for p in patterns {
        if let Err(m) = parse_hir(p) {
            errors.push((p.clone(), m));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let one = |p: &str| parse_hir(p).and_then(|h| build_regex_from(&h, false));
    if patterns.len() > 1 {
        let joined: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
        if let Ok(r) = one(&joined.join("|")) {
            return Ok(vec![Arc::new(r)]);
        }
    }
    // One alone, or an alternation too big to build: each pattern on its own.
    let mut out = Vec::with_capacity(patterns.len());
    for p in patterns {
        match one(p) {
            Ok(r) => out.push(Arc::new(r)),
            Err(m) => errors.push((p.clone(), m)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_agree_with_line_of() {
        let text = "a\nbb\n\nccc\n";
        let lines = Lines::new(text);
        for pos in 0..=text.len() + 2 {
            assert_eq!(lines.line(pos), crate::line_of(text, pos), "at {pos}");
        }
    }

    #[test]
    fn allowlists_are_joined_and_errors_name_the_pattern() {
        let mut c = AllowlistCache::default();
        let ok = c.get(&["^a$".into(), "(?i)^b$".into()]).unwrap_or_default();
        assert_eq!(ok.len(), 1);
        assert!(ok[0].is_match("B"));
        assert!(!ok[0].is_match("A"));
        let bad = c.get(&["^a$".into(), "(".into()]).err().unwrap_or_default();
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].0, "(");
    }
}
