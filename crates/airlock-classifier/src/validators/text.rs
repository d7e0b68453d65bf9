//! Byte-level helpers shared by the validators: separator handling, digit extraction and
//! alphanumeric compaction. Everything works on raw bytes; non-ASCII input is simply rejected.

/// Whether `b` is a separator a matched value may carry between its characters
/// (space, `-`, `.`, `/`, parentheses, `+`).
pub(crate) fn is_separator(b: u8) -> bool {
    matches!(b, b' ' | b'-' | b'.' | b'/' | b'(' | b')' | b'+')
}

/// The digit values (0-9) of `value` with separators skipped; `None` if `value` holds any byte
/// that is neither an ASCII digit nor a separator.
pub(crate) fn digits(value: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(value.len());
    for &b in value {
        if b.is_ascii_digit() {
            out.push(b - b'0');
        } else if !is_separator(b) {
            return None;
        }
    }
    Some(out)
}

/// The ASCII letters (upper-cased) and digits of `value` with separators skipped; `None` if
/// `value` holds any other byte.
pub(crate) fn compact_alnum(value: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(value.len());
    for &b in value {
        if b.is_ascii_alphanumeric() {
            out.push(b.to_ascii_uppercase());
        } else if !is_separator(b) {
            return None;
        }
    }
    Some(out)
}

/// The lengths of the runs of non-separator bytes in `value` (a run of separators is one
/// boundary), e.g. `[3, 2, 4]` for `078-05-1120`.
pub(crate) fn group_lengths(value: &[u8]) -> Vec<usize> {
    value
        .split(|&b| is_separator(b))
        .filter(|g| !g.is_empty())
        .map(<[u8]>::len)
        .collect()
}

/// The number formed by `digits` (values 0-9), saturating instead of overflowing.
pub(crate) fn number(digits: &[u8]) -> u64 {
    digits.iter().fold(0u64, |acc, &d| {
        acc.saturating_mul(10).saturating_add(u64::from(d))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_skip_separators_and_reject_other_bytes() {
        assert_eq!(
            digits(b"+1 (415) 555-2671"),
            Some(vec![1, 4, 1, 5, 5, 5, 5, 2, 6, 7, 1])
        );
        assert_eq!(digits(b"12a3"), None);
        assert_eq!(digits(b"12\xff3"), None);
        assert_eq!(digits(b""), Some(vec![]));
    }

    #[test]
    fn compact_alnum_uppercases() {
        assert_eq!(compact_alnum(b"ab 12-c"), Some(b"AB12C".to_vec()));
        assert_eq!(compact_alnum(b"ab_12"), None);
        assert_eq!(compact_alnum(b"\xc3\xa9"), None);
    }

    #[test]
    fn group_lengths_split_on_separator_runs() {
        assert_eq!(group_lengths(b"078-05-1120"), vec![3, 2, 4]);
        assert_eq!(group_lengths(b"(415) 555-2671"), vec![3, 3, 4]);
        assert!(group_lengths(b"").is_empty());
    }

    #[test]
    fn number_saturates() {
        assert_eq!(number(&[1, 2, 3]), 123);
        assert_eq!(number(&[9; 40]), u64::MAX);
    }
}
