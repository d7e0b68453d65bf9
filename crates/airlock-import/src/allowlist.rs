//! Gitleaks allowlists to Airlock `allowlist_patterns`.
//!
//! Airlock checks a detector's allowlist patterns against the value it reports. So `regexes`
//! aimed at the secret (the default) or the whole match are kept (translated like rule
//! regexes), and `stopwords` become case-insensitive patterns containing the escaped words.
//! Criteria Airlock cannot evaluate (`paths`, `commits`, regexes aimed at the whole `line`) are
//! dropped with a note; an `AND` allowlist that needs such a criterion is dropped whole, since
//! keeping its other half would allow more than gitleaks does.

use crate::config::Allowlist;
use crate::translate::translate;

/// Stopwords per generated pattern.
const WORDS_PER_PATTERN: usize = 50;

/// The patterns and notes of one or more allowlists.
#[derive(Debug, Default)]
pub(crate) struct Converted {
    /// Airlock allowlist patterns.
    pub patterns: Vec<String>,
    /// What was dropped or approximated.
    pub notes: Vec<String>,
}

fn label(a: &Allowlist, scope: &str) -> String {
    match a.description.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => format!("{scope} allowlist \"{d}\""),
        _ => format!("{scope} allowlist"),
    }
}

/// Converts `a` into `into`; `scope` names it in notes ("rule", "global"), `captures` says
/// whether the detector reports a capture group (so a `match` target differs from the value).
pub(crate) fn convert(a: &Allowlist, scope: &str, captures: bool, into: &mut Converted) {
    let name = label(a, scope);
    let and = a
        .condition
        .as_deref()
        .is_some_and(|c| c.trim().eq_ignore_ascii_case("and"));
    let has_unsupported = !a.paths.is_empty() || !a.commits.is_empty();
    let target = a
        .regex_target
        .as_deref()
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_else(|| "secret".into());
    let line_regexes = !a.regexes.is_empty() && target == "line";
    if and && (has_unsupported || line_regexes) {
        into.notes.push(format!(
            "{name} (condition AND) needs file paths, commits or lines, which Airlock does not see: dropped whole"
        ));
        return;
    }
    if !a.paths.is_empty() {
        into.notes.push(format!(
            "{name}: {} path pattern(s) dropped (Airlock scans content, not file paths)",
            a.paths.len()
        ));
    }
    if !a.commits.is_empty() {
        into.notes.push(format!(
            "{name}: {} commit(s) dropped (Airlock does not scan git history)",
            a.commits.len()
        ));
    }
    if !a.regexes.is_empty() {
        match target.as_str() {
            "secret" | "match" => {
                if target == "match" && captures {
                    into.notes.push(format!(
                        "{name}: regexTarget \"match\" regexes are checked against the reported value only"
                    ));
                }
                for r in &a.regexes {
                    match translate(r) {
                        Ok((p, _)) => push_unique(&mut into.patterns, p),
                        Err(e) => into
                            .notes
                            .push(format!("{name}: regex `{r}` dropped: {e}")),
                    }
                }
            }
            "line" => into.notes.push(format!(
                "{name}: {} regex(es) with regexTarget \"line\" dropped (Airlock checks values, not lines)",
                a.regexes.len()
            )),
            other => into.notes.push(format!(
                "{name}: {} regex(es) with unknown regexTarget \"{other}\" dropped",
                a.regexes.len()
            )),
        }
    }
    let mut words: Vec<String> = Vec::new();
    for w in &a.stopwords {
        if w.is_empty() {
            into.notes.push(format!(
                "{name}: empty stopword dropped (it would allow every value)"
            ));
        } else if !words.contains(w) {
            words.push(w.clone());
        }
    }
    for chunk in words.chunks(WORDS_PER_PATTERN) {
        let escaped: Vec<String> = chunk.iter().map(|w| regex_syntax::escape(w)).collect();
        let p = if let [one] = escaped.as_slice() {
            format!("(?i){one}")
        } else {
            format!("(?i)(?:{})", escaped.join("|"))
        };
        push_unique(&mut into.patterns, p);
    }
}

fn push_unique(list: &mut Vec<String>, p: String) {
    if !list.contains(&p) {
        list.push(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regexes_and_stopwords_become_patterns() {
        let a = Allowlist {
            regexes: vec![r"^\${VAR}$".into(), r"\pL".into()],
            stopwords: vec!["example".into(), "a.b".into(), String::new()],
            paths: vec![r"\.md$".into()],
            ..Allowlist::default()
        };
        let mut c = Converted::default();
        convert(&a, "rule", true, &mut c);
        assert_eq!(c.patterns, vec![r"^\$\{VAR}$", r"(?i)(?:example|a\.b)"]);
        assert_eq!(c.notes.len(), 3, "{:?}", c.notes);
    }

    #[test]
    fn and_allowlists_with_paths_are_dropped_whole() {
        let a = Allowlist {
            condition: Some("AND".into()),
            regexes: vec!["x".into()],
            paths: vec!["y".into()],
            ..Allowlist::default()
        };
        let mut c = Converted::default();
        convert(&a, "rule", false, &mut c);
        assert!(c.patterns.is_empty());
        assert!(c.notes[0].contains("dropped whole"));
    }

    #[test]
    fn line_targets_are_dropped() {
        let a = Allowlist {
            regex_target: Some("line".into()),
            regexes: vec!["x".into()],
            ..Allowlist::default()
        };
        let mut c = Converted::default();
        convert(&a, "global", false, &mut c);
        assert!(c.patterns.is_empty());
        assert!(c.notes[0].contains("\"line\""));
    }
}
