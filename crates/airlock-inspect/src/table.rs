//! Tables: in CSV/TSV files and spreadsheets the column header is the context of every cell
//! below it, however far away it is (`passport_no` twenty rows up, `dob` in the first line).
//!
//! A segment made of cells (each with a [`Mark::Cell`]) is scanned row by row as extracted;
//! then each column whose header holds a word of the rule set's context vocabulary (see
//! `RuleSet::context_vocabulary`) is scanned once more as a column view, one
//! `header: cell` line per cell, so the detectors see the header next to each value. Findings
//! of the view are mapped back to the segment; they add to the row scan's findings, and replace
//! an overlapping row finding only when they are more confident.

use airlock_classifier::{Finding, Scanner};
use airlock_extract::{Mark, Segment};

/// A cell of the view: `len` bytes at `view` in the view are the segment's at `seg`.
struct ViewCell {
    view: usize,
    seg: usize,
    len: usize,
}

/// The longest header taken as context (longer first-row cells are data, not headers).
const MAX_HEADER: usize = 64;

/// Scans the columns of `seg` whose header is in `vocabulary` and merges what they find into
/// `findings` (segment offsets, sorted by start).
pub fn add_column_findings(
    scanner: &Scanner,
    seg: &Segment,
    vocabulary: &[Vec<u8>],
    findings: &mut Vec<Finding>,
) {
    let cells = cells(seg);
    let Some(&(_, _, header_row, _)) = cells.first() else {
        return;
    };
    let mut headers: Vec<(u32, String)> = Vec::new();
    for &(start, end, row, col) in &cells {
        if row != header_row {
            break;
        }
        let raw = seg.text.get(start..end).unwrap_or_default();
        if raw.len() > MAX_HEADER || !raw.iter().any(u8::is_ascii_alphabetic) {
            continue;
        }
        let raw = String::from_utf8_lossy(raw).trim().to_string();
        let normalized = normalize(&raw);
        if has_word(&normalized, vocabulary) {
            let label = if normalized == raw.to_ascii_lowercase() {
                raw
            } else {
                format!("{raw} ({normalized})")
            };
            headers.push((col, label));
        }
    }
    if headers.is_empty() {
        return;
    }
    findings.sort_by_key(|f| (f.start, f.end));
    // Whether a row finding already covers part of `start..end` (then the cell is settled).
    let covered = |start: usize, end: usize| {
        let i = findings.partition_point(|g| g.end <= start);
        findings.get(i).is_some_and(|g| g.start < end)
    };
    let mut view = Vec::new();
    let mut map: Vec<ViewCell> = Vec::new();
    for (col, label) in &headers {
        for &(start, end, row, c) in &cells {
            if row == header_row || c != *col || end <= start || covered(start, end) {
                continue;
            }
            view.extend_from_slice(label.as_bytes());
            view.extend_from_slice(b": ");
            map.push(ViewCell {
                view: view.len(),
                seg: start,
                len: end - start,
            });
            view.extend_from_slice(seg.text.get(start..end).unwrap_or_default());
            view.push(b'\n');
        }
        view.push(b'\n');
    }
    if map.is_empty() {
        return;
    }
    let found = scanner.scan(&view).findings;
    let mut removed = vec![false; findings.len()];
    let mut added = Vec::new();
    for mut f in found {
        let i = map.partition_point(|c| c.view <= f.start);
        let Some(cell) = i.checked_sub(1).and_then(|i| map.get(i)) else {
            continue;
        };
        if f.end > cell.view + cell.len {
            continue;
        }
        f.start = cell.seg + (f.start - cell.view);
        f.end = cell.seg + (f.end - cell.view);
        f.text_span = (f.start, f.end);
        // Row findings overlapping `f`: those starting before its end, back to the first
        // that ends before its start (row findings do not overlap one another).
        let upto = findings.partition_point(|g| g.start < f.end);
        let mut overlapping = Vec::new();
        for j in (0..upto).rev() {
            if findings[j].end <= f.start {
                break;
            }
            overlapping.push(j);
        }
        let keep_row = overlapping.iter().any(|&j| {
            let g = &findings[j];
            !removed[j] && (g.detector == f.detector || g.confidence >= f.confidence)
        });
        if keep_row {
            continue;
        }
        for j in overlapping {
            removed[j] = true;
        }
        added.push(f);
    }
    if added.is_empty() {
        return;
    }
    let mut keep = removed.iter().map(|r| !r);
    findings.retain(|_| keep.next().unwrap_or(true));
    findings.extend(added);
    findings.sort_by_key(|f| (f.start, f.end));
}

/// The cells of a segment: (start, end, row, col), in segment order. A cell ends where the
/// next begins, less the one separator byte between them.
fn cells(seg: &Segment) -> Vec<(usize, usize, u32, u32)> {
    let mut out: Vec<(usize, usize, u32, u32)> = Vec::with_capacity(seg.marks.len());
    let close = |out: &mut Vec<(usize, usize, u32, u32)>, next: usize| {
        if let Some(last) = out.last_mut() {
            let sep = next > last.0
                && seg
                    .text
                    .get(next - 1)
                    .is_some_and(|b| matches!(b, b'\t' | b',' | b'\n' | b';'));
            last.1 = next.saturating_sub(usize::from(sep)).max(last.0);
        }
    };
    for &(at, m) in &seg.marks {
        if let Mark::Cell { row, col } = m {
            close(&mut out, at);
            out.push((at, at, row, col));
        }
    }
    close(&mut out, seg.text.len() + 1);
    if let Some(last) = out.last_mut() {
        last.1 = seg.text.len().max(last.0);
    }
    out
}

/// A header as words: lowercase, `_ - . /` as spaces, camelCase split (`dateOfBirth` ->
/// `date of birth`).
fn normalize(header: &str) -> String {
    let mut out = String::with_capacity(header.len() + 8);
    let mut prev_lower = false;
    for c in header.chars() {
        if matches!(c, '_' | '-' | '.' | '/' | '#') || c.is_whitespace() {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        out.extend(c.to_lowercase());
    }
    out.trim_end().to_string()
}

/// Whether `text` holds one of `words` as a whole word (or words).
fn has_word(text: &str, words: &[Vec<u8>]) -> bool {
    let t = text.as_bytes();
    words.iter().any(|w| {
        if w.is_empty() || w.len() > t.len() {
            return false;
        }
        memchr::memmem::find_iter(t, w).any(|at| {
            let before = at.checked_sub(1).and_then(|i| t.get(i));
            let after = t.get(at + w.len());
            !before.is_some_and(u8::is_ascii_alphanumeric)
                && !after.is_some_and(u8::is_ascii_alphanumeric)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_become_words() {
        assert_eq!(normalize("dateOfBirth"), "date of birth");
        assert_eq!(normalize("DATE_OF_BIRTH"), "date of birth");
        assert_eq!(normalize("Passport No."), "passport no");
        assert_eq!(normalize("patient-mrn"), "patient mrn");
        let vocab = vec![b"dob".to_vec(), b"date of birth".to_vec()];
        assert!(has_word("dob", &vocab));
        assert!(has_word("patient dob", &vocab));
        assert!(!has_word("adobe", &vocab));
        assert!(has_word("date of birth", &vocab));
    }
}
