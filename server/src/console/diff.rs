//! The line diff of the revision history (`similar`: Myers' algorithm with a time limit):
//! which files a revision added, removed or changed, and for changed files the lines with a
//! few lines of context. Files too large to show fall back to "changed" without lines.

use airlock_policy::RuleFile;
use similar::{ChangeTag, TextDiff};
use std::time::Duration;

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// Unchanged.
    Same(String),
    /// Only in the new text.
    Added(String),
    /// Only in the old text.
    Removed(String),
    /// Unchanged lines left out.
    Skipped(usize),
}

/// Largest old + new text diffed line by line, in bytes.
const MAX_BYTES: usize = 4 << 20;
/// Context lines kept around changes.
const CONTEXT: usize = 3;
/// Past this, the diff found so far is shown (correct, maybe not the shortest).
const DEADLINE: Duration = Duration::from_millis(500);

/// The line diff of two texts, `None` when they are too large to show.
pub fn lines(old: &str, new: &str) -> Option<Vec<Line>> {
    if old.len().saturating_add(new.len()) > MAX_BYTES {
        return None;
    }
    let diff = TextDiff::configure().timeout(DEADLINE).diff_lines(old, new);
    let all = diff
        .iter_all_changes()
        .map(|c| {
            let text = c.value().trim_end_matches(['\n', '\r']).to_string();
            match c.tag() {
                ChangeTag::Equal => Line::Same(text),
                ChangeTag::Insert => Line::Added(text),
                ChangeTag::Delete => Line::Removed(text),
            }
        })
        .collect();
    Some(compact(all))
}

/// Keeps `CONTEXT` unchanged lines around changes and replaces the rest with `Skipped`.
fn compact(all: Vec<Line>) -> Vec<Line> {
    let changed: Vec<bool> = all.iter().map(|l| !matches!(l, Line::Same(_))).collect();
    let near = |i: usize| {
        let lo = i.saturating_sub(CONTEXT);
        let hi = (i + CONTEXT + 1).min(changed.len());
        changed[lo..hi].iter().any(|c| *c)
    };
    let mut out = Vec::new();
    let mut skipped = 0;
    for (i, l) in all.into_iter().enumerate() {
        if near(i) {
            if skipped > 0 {
                out.push(Line::Skipped(skipped));
                skipped = 0;
            }
            out.push(l);
        } else {
            skipped += 1;
        }
    }
    if skipped > 0 {
        out.push(Line::Skipped(skipped));
    }
    out
}

/// How a file differs between two revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileDiff {
    /// New file.
    Added(String),
    /// Removed file.
    Removed(String),
    /// Changed file and its lines (`None`: too large to show).
    Changed(String, Option<Vec<Line>>),
}

/// The files that differ between two revisions, in path order.
pub fn files(old: &[RuleFile], new: &[RuleFile]) -> Vec<FileDiff> {
    let mut paths: Vec<&str> = old.iter().chain(new).map(|f| f.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    let find = |set: &[RuleFile], p: &str| set.iter().find(|f| f.path == p).map(|f| f.text.clone());
    paths
        .into_iter()
        .filter_map(|p| match (find(old, p), find(new, p)) {
            (None, Some(_)) => Some(FileDiff::Added(p.to_string())),
            (Some(_), None) => Some(FileDiff::Removed(p.to_string())),
            (Some(a), Some(b)) if a != b => Some(FileDiff::Changed(p.to_string(), lines(&a, &b))),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_is_removed_then_added() {
        let d = lines("a\nb\nc\n", "a\nB\nc\nd\n").unwrap();
        assert_eq!(
            d,
            vec![
                Line::Same("a".into()),
                Line::Removed("b".into()),
                Line::Added("B".into()),
                Line::Same("c".into()),
                Line::Added("d".into()),
            ]
        );
    }

    #[test]
    fn far_context_is_skipped_and_files_are_compared() {
        let old: String = (0..20).map(|i| format!("{i}\n")).collect();
        let new = old.replace("10\n", "ten\n");
        let d = lines(&old, &new).unwrap();
        assert_eq!(d.first(), Some(&Line::Skipped(7)));
        assert_eq!(d.last(), Some(&Line::Skipped(6)));
        let f = files(
            &[RuleFile::new("a", "1"), RuleFile::new("b", "2")],
            &[RuleFile::new("b", "3"), RuleFile::new("c", "4")],
        );
        assert_eq!(f.len(), 3);
        assert_eq!(f[0], FileDiff::Removed("a".into()));
        assert_eq!(f[2], FileDiff::Added("c".into()));
    }
}
