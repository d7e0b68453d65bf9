//! The prefilter: one pass over a chunk that proposes candidate windows, so that only the few
//! detectors with a reason to look run their regex, and only around the reason.
//!
//! Three candidate sources, each independent of the number of detectors:
//! - **literals**: every detector's case-sensitive literals, keywords and (for detectors whose
//!   context is required) context words, found in one pass by [`LiteralSearcher`].
//! - **digit runs**: a byte loop that finds runs of digits joined by separators and triggers the
//!   detectors whose digit shape fits (count, separators, adjacent letters).
//! - **`@`**: `memchr` for e-mail-like detectors.
//!
//! All sources run over the same chunk (1 MiB, so it stays in cache): the content is read from
//! memory once. Output is a list of `(detector, window)` pairs.

use crate::anchor::{Anchor, DigitShape};
use crate::compile::Detector;
use crate::context::whole_word;
use crate::literals::{LiteralSearcher, Needle};
use std::collections::HashMap;

/// A detector to run on `start..end` of the chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Candidate {
    pub det: u32,
    pub start: u32,
    pub end: u32,
}

/// Time spent by each candidate source over one input (see `Scanner::profile_prefilter`).
#[derive(Debug, Clone, Copy)]
pub struct PrefilterProfile {
    /// The literal bit-table filter alone.
    pub filter: std::time::Duration,
    /// Positions that passed the filter.
    pub filter_passes: usize,
    /// Literal search including verification.
    pub literals: std::time::Duration,
    /// Verified literal occurrences.
    pub literal_hits: usize,
    /// The `@` finder.
    pub email: std::time::Duration,
    /// The digit-run finder.
    pub digits: std::time::Duration,
}

/// Detectors a literal hit triggers: (detector index, reach before the hit, reach after it).
type Triggers = Vec<(u32, u32, u32)>;

/// The compiled prefilter.
pub(crate) struct Prefilter {
    literals: LiteralSearcher,
    /// Per needle: its length, whether only whole words count, and the detectors it triggers.
    triggers: Vec<(usize, bool, Triggers)>,
    /// Digit-run detectors: (index, shape, reach). A run fits a shape when its digit count is
    /// within `[min, max]`, it holds only allowed separators, and the letter rules hold.
    digit_dets: Vec<(u32, DigitShape, u32)>,
    min_digits: usize,
    /// E-mail detectors: (index, reach).
    email_dets: Vec<(u32, u32)>,
}

impl Prefilter {
    pub(crate) fn new(detectors: &[Detector]) -> Prefilter {
        let mut index: HashMap<(Vec<u8>, bool, bool), usize> = HashMap::new();
        let mut needles: Vec<Needle> = Vec::new();
        let mut triggers: Vec<(usize, bool, Triggers)> = Vec::new();
        let mut digit_dets = Vec::new();
        let mut email_dets = Vec::new();
        for (i, d) in detectors.iter().enumerate() {
            let i = i as u32;
            let reach = d.reach() as u32;
            match &d.anchor {
                Anchor::Literals(ls) => {
                    for l in ls {
                        let key = (l.bytes.clone(), l.ci, l.word);
                        let k = *index.entry(key).or_insert_with(|| {
                            needles.push(Needle {
                                bytes: l.bytes.clone(),
                                ci: l.ci,
                                word: l.word,
                            });
                            triggers.push((l.bytes.len(), l.word, Vec::new()));
                            needles.len() - 1
                        });
                        if let Some((_, _, t)) = triggers.get_mut(k) {
                            if !t.iter().any(|&(x, _, _)| x == i) {
                                t.push((i, d.back_reach() as u32, reach));
                            }
                        }
                    }
                }
                Anchor::Digits(shape) => digit_dets.push((i, *shape, reach)),
                Anchor::Email => email_dets.push((i, reach)),
                Anchor::None => {}
            }
        }
        let min_digits = digit_dets
            .iter()
            .map(|d| d.1.min)
            .min()
            .unwrap_or(usize::MAX);
        Prefilter {
            literals: LiteralSearcher::new(needles),
            triggers,
            digit_dets,
            min_digits,
            email_dets,
        }
    }

    /// Number of distinct prefilter literals (for reports).
    pub(crate) fn literal_count(&self) -> usize {
        self.triggers.len()
    }

    /// Times each candidate source alone over `hay`, for the benchmark's profiling mode.
    pub(crate) fn profile(&self, hay: &[u8]) -> PrefilterProfile {
        use std::time::Instant;
        let t = Instant::now();
        let filter_passes = self.literals.probe_hits(hay);
        let filter = t.elapsed();
        let t = Instant::now();
        let mut literal_hits = 0usize;
        self.literals.find_all(hay, |_, _| literal_hits += 1);
        let literals = t.elapsed();
        let t = Instant::now();
        let at = memchr::memchr_iter(b'@', hay).count();
        std::hint::black_box(at);
        let email = t.elapsed();
        let t = Instant::now();
        let mut runs = 0usize;
        digit_runs(hay, self.min_digits, |_| runs += 1);
        std::hint::black_box(runs);
        PrefilterProfile {
            filter,
            filter_passes,
            literals,
            literal_hits,
            email,
            digits: t.elapsed(),
        }
    }

    /// Collects candidate windows over `hay` into `out`.
    pub(crate) fn candidates(&self, hay: &[u8], out: &mut Vec<Candidate>) {
        let len = hay.len();
        let mut push = |det: u32, back: u32, reach: u32, s: usize, e: usize| {
            let start = s.saturating_sub(back as usize);
            let end = (e + reach as usize).min(len);
            out.push(Candidate {
                det,
                start: start as u32,
                end: end as u32,
            });
        };
        self.literals.find_all(hay, |needle, at| {
            if let Some((len, word, ts)) = self.triggers.get(needle) {
                if *word && !whole_word(hay, at, at + len) {
                    return;
                }
                for &(d, back, reach) in ts {
                    push(d, back, reach, at, at + len);
                }
            }
        });
        if !self.email_dets.is_empty() {
            for pos in memchr::memchr_iter(b'@', hay) {
                for &(d, reach) in &self.email_dets {
                    push(d, reach, reach, pos, pos + 1);
                }
            }
        }
        if !self.digit_dets.is_empty() {
            digit_runs(hay, self.min_digits, |run| {
                for &(d, shape, reach) in &self.digit_dets {
                    if run.fits(&shape) {
                        push(d, reach, reach, run.start, run.end);
                    }
                }
            });
        }
    }
}

/// Every separator a digit run may contain.
pub(crate) const ALL_SEPARATORS: u8 = 0b11_1111;

/// The bit of a separator byte in a run's separator set, or `None` for a non-separator.
#[inline]
pub(crate) fn sep_bit(b: u8) -> Option<u8> {
    match b {
        b' ' => Some(1),
        b'-' => Some(2),
        b'.' => Some(4),
        b'/' => Some(8),
        b'(' => Some(16),
        b')' => Some(32),
        _ => None,
    }
}

/// A run of digits joined by separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DigitRun {
    pub start: usize,
    pub end: usize,
    pub digits: usize,
    /// Separators seen between digits.
    pub seps: u8,
    /// Maximal digit sequences in the run.
    pub groups: usize,
    pub letter_before: bool,
    pub letter_after: bool,
}

impl DigitRun {
    #[inline]
    fn fits(&self, s: &DigitShape) -> bool {
        self.digits >= s.min
            && self.digits <= s.max
            && self.seps & !s.separators == 0
            && (s.groups_min..=s.groups_max).contains(&self.groups)
            && (!s.letter_before || self.letter_before)
            && (!s.letter_after || self.letter_after)
    }
}

/// The position of the first ASCII digit at or after `from`. Skips 8 bytes at a time with a
/// SWAR test: after `x ^ 0x30..`, digits are exactly the bytes below 10, and the classic
/// "has a byte less than n" expression finds whether a word holds any.
#[inline]
fn next_digit(hay: &[u8], mut from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = hay.get(from..from + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let t = u64::from_le_bytes(word) ^ (0x30 * ONES);
        if t.wrapping_sub(10 * ONES) & !t & HIGH != 0 {
            break;
        }
        from += 8;
    }
    hay.get(from..)?
        .iter()
        .position(|b| b.is_ascii_digit())
        .map(|p| from + p)
}

fn letter_near(hay: &[u8], range: std::ops::Range<usize>) -> bool {
    hay.get(range)
        .is_some_and(|w| w.iter().any(|b| b.is_ascii_alphabetic()))
}

/// Calls `f` for every run of digits joined by at most two consecutive separators that has at
/// least `min` digits.
fn digit_runs(hay: &[u8], min: usize, mut f: impl FnMut(DigitRun)) {
    let n = hay.len();
    let mut i = 0;
    while i < n {
        // Skip to the next digit.
        match next_digit(hay, i) {
            Some(p) => i = p,
            None => return,
        }
        let start = i;
        let mut end = i;
        let mut digits = 0usize;
        let mut seps_in_row = 0usize;
        let mut seps = 0u8;
        let mut pending = 0u8;
        let mut groups = 0usize;
        while i < n {
            let b = hay[i];
            if b.is_ascii_digit() {
                if digits == 0 || seps_in_row > 0 {
                    groups += 1;
                }
                digits += 1;
                seps_in_row = 0;
                seps |= pending;
                pending = 0;
                end = i + 1;
            } else if let (Some(bit), true) = (sep_bit(b), seps_in_row < 2) {
                seps_in_row += 1;
                pending |= bit;
            } else {
                break;
            }
            i += 1;
        }
        if digits >= min {
            f(DigitRun {
                start,
                end,
                digits,
                seps,
                groups,
                letter_before: letter_near(hay, start.saturating_sub(2)..start),
                letter_after: letter_near(hay, end..(end + 2).min(n)),
            });
        }
        if i == start {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(s: &str) -> Vec<(String, usize)> {
        let mut v = Vec::new();
        digit_runs(s.as_bytes(), 1, |r| {
            v.push((s[r.start..r.end].to_string(), r.digits))
        });
        v
    }

    #[test]
    fn next_digit_skips_words_without_digits() {
        let text = b"abcdefghijklmnopqrstuvwxyz/:;@[`{ \x80\xff7 and 0";
        assert_eq!(next_digit(text, 0), Some(36));
        assert_eq!(next_digit(text, 37), Some(text.len() - 1));
        assert_eq!(next_digit(b"no digits at all here, none", 0), None);
        for i in 0..=9u8 {
            let mut v = vec![b'x'; 20];
            v[13] = b'0' + i;
            assert_eq!(next_digit(&v, 0), Some(13));
        }
        assert_eq!(next_digit(b"", 0), None);
    }

    #[test]
    fn digit_runs_join_separators() {
        assert_eq!(
            runs("call (415) 555-2671 or 4111 1111 1111 1111."),
            vec![
                ("415) 555-2671".to_string(), 10),
                ("4111 1111 1111 1111".to_string(), 16)
            ]
        );
        assert_eq!(runs("a1b22"), vec![("1".into(), 1), ("22".into(), 2)]);
        assert_eq!(runs(""), vec![]);
    }

    #[test]
    fn digit_runs_know_separators_and_letters() {
        let mut v = Vec::new();
        digit_runs(b"DE89 3704 and 10.0.0.1 and 12345678Z", 1, |r| v.push(r));
        assert_eq!(
            (v[0].seps, v[0].letter_before, v[0].letter_after),
            (1, true, true)
        );
        assert_eq!((v[1].seps, v[1].letter_before), (4, true));
        assert_eq!((v[2].seps, v[2].letter_after), (0, true));
        assert_eq!((v[0].groups, v[1].groups, v[2].groups), (2, 4, 1));
        let ipv4 = DigitShape {
            min: 4,
            max: 12,
            separators: 4,
            groups_min: 4,
            groups_max: 4,
            letter_before: false,
            letter_after: false,
        };
        assert!(v[1].fits(&ipv4));
        assert!(!v[0].fits(&ipv4));
    }
}
