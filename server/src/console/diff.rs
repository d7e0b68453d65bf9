//! A small line diff (longest common subsequence) for the revision history: which files a
//! revision added, removed or changed, and for changed files the lines with a few lines of
//! context. Files too large for the quadratic table fall back to "changed" without lines.

use airlock_policy::RuleFile;

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

/// Largest `old lines × new lines` table computed.
const MAX_CELLS: usize = 4_000_000;
/// Context lines kept around changes.
const CONTEXT: usize = 3;

/// The line diff of two texts, `None` when they are too large to diff.
pub fn lines(old: &str, new: &str) -> Option<Vec<Line>> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Trim the common head and tail first: edits are usually small.
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    if (ma.len() + 1).saturating_mul(mb.len() + 1) > MAX_CELLS {
        return None;
    }
    // lcs[i][j]: LCS length of ma[i..] and mb[j..].
    let w = mb.len() + 1;
    let mut lcs = vec![0u32; (ma.len() + 1) * w];
    for i in (0..ma.len()).rev() {
        for j in (0..mb.len()).rev() {
            lcs[i * w + j] = if ma[i] == mb[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let mut out: Vec<Line> = a[..head]
        .iter()
        .map(|l| Line::Same(l.to_string()))
        .collect();
    let (mut i, mut j) = (0, 0);
    while i < ma.len() || j < mb.len() {
        if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
            out.push(Line::Same(ma[i].to_string()));
            i += 1;
            j += 1;
        } else if i < ma.len() && (j == mb.len() || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
            out.push(Line::Removed(ma[i].to_string()));
            i += 1;
        } else {
            out.push(Line::Added(mb[j].to_string()));
            j += 1;
        }
    }
    out.extend(
        a[a.len() - tail..]
            .iter()
            .map(|l| Line::Same(l.to_string())),
    );
    Some(compact(out))
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
