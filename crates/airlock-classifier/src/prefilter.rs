//! The prefilter: one pass over a chunk that proposes candidate windows, so that only the few
//! detectors with a reason to look run their regex, and only around the reason.
//!
//! Three candidate sources, each independent of the number of detectors:
//! - **literals**: every detector's case-sensitive literals and expanded keywords, deduplicated
//!   and packed into groups of at most 64 for the SIMD Teddy searcher of `aho-corasick` (more
//!   patterns per automaton lose the SIMD path, measured in `SCANNER-NOTES.md`). A hit on a
//!   literal triggers every detector whose literal occurs inside it.
//! - **digit runs**: a byte loop that finds runs of digits joined by single separators and
//!   triggers the detectors whose digit-count range fits.
//! - **`@`**: `memchr` for e-mail-like detectors.
//!
//! All sources run over the same chunk (at most a few MiB, so it stays in cache): the content is
//! read from memory once. Output is a list of `(detector, window)` pairs.

use crate::compile::{Anchor, Detector, DigitShape};
use aho_corasick::packed::{Config, MatchKind, Searcher};
use std::collections::HashMap;

/// Teddy's pattern limit.
const GROUP_SIZE: usize = 64;

/// A detector to run on `start..end` of the chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Candidate {
    pub det: u32,
    pub start: u32,
    pub end: u32,
}

/// Detectors a literal hit triggers: (detector index, reach in bytes).
type Triggers = Vec<(u32, u32)>;

struct LiteralGroup {
    searcher: Searcher,
    /// Per pattern of this group: the detectors it triggers (detector index, reach).
    triggers: Vec<Triggers>,
}

/// The compiled prefilter.
pub(crate) struct Prefilter {
    groups: Vec<LiteralGroup>,
    /// Fallback for literals Teddy cannot take (none on x86-64 in practice).
    slow: Vec<(Vec<u8>, Triggers)>,
    /// Digit-run detectors: (index, shape, reach).
    digit_dets: Vec<(u32, DigitShape, u32)>,
    min_digits: usize,
    /// E-mail detectors: (index, reach).
    email_dets: Vec<(u32, u32)>,
}

impl Prefilter {
    pub(crate) fn new(detectors: &[Detector]) -> Prefilter {
        // literal -> detectors anchored on it (directly)
        let mut by_literal: HashMap<Vec<u8>, Vec<u32>> = HashMap::new();
        let mut digit_dets = Vec::new();
        let mut email_dets = Vec::new();
        for (i, d) in detectors.iter().enumerate() {
            let i = i as u32;
            match &d.anchor {
                Anchor::Literals(ls) => {
                    for l in ls {
                        let e = by_literal.entry(l.clone()).or_default();
                        if !e.contains(&i) {
                            e.push(i);
                        }
                    }
                }
                Anchor::Digits(shape) => {
                    digit_dets.push((i, *shape, d.reach() as u32));
                }
                Anchor::Email => email_dets.push((i, d.reach() as u32)),
            }
        }
        let mut literals: Vec<Vec<u8>> = by_literal.keys().cloned().collect();
        // Longest first, so leftmost-first reports the most specific literal at a position.
        literals.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        // A hit on literal L implies every literal contained in L also occurs.
        let triggers_of = |lit: &[u8]| -> Triggers {
            let mut t: Triggers = Vec::new();
            for (other, dets) in &by_literal {
                if other.len() <= lit.len() && memchr::memmem::find(lit, other).is_some() {
                    for &d in dets {
                        if !t.iter().any(|&(x, _)| x == d) {
                            let reach = detectors[d as usize].reach() as u32;
                            t.push((d, reach));
                        }
                    }
                }
            }
            t.sort_unstable();
            t
        };
        let mut groups = Vec::new();
        let mut slow = Vec::new();
        // Group by length so that each group's Teddy mask uses as many bytes as possible.
        for chunk in literals.chunks(GROUP_SIZE) {
            let mut cfg = Config::new();
            cfg.match_kind(MatchKind::LeftmostFirst);
            let mut b = cfg.builder();
            for l in chunk {
                b.add(l);
            }
            let triggers: Vec<Triggers> = chunk.iter().map(|l| triggers_of(l)).collect();
            match b.build() {
                Some(searcher) => groups.push(LiteralGroup { searcher, triggers }),
                None => {
                    for (l, t) in chunk.iter().zip(triggers) {
                        slow.push((l.clone(), t));
                    }
                }
            }
        }
        let min_digits = digit_dets.iter().map(|d| d.1.min).min().unwrap_or(usize::MAX);
        Prefilter {
            groups,
            slow,
            digit_dets,
            min_digits,
            email_dets,
        }
    }

    /// Number of literal automatons (for reports).
    pub(crate) fn literal_groups(&self) -> usize {
        self.groups.len()
    }

    /// Collects candidate windows over `hay` into `out`.
    pub(crate) fn candidates(&self, hay: &[u8], out: &mut Vec<Candidate>) {
        let len = hay.len();
        let mut push = |det: u32, reach: u32, s: usize, e: usize| {
            let start = s.saturating_sub(reach as usize);
            let end = (e + reach as usize).min(len);
            out.push(Candidate {
                det,
                start: start as u32,
                end: end as u32,
            });
        };
        for g in &self.groups {
            for m in g.searcher.find_iter(hay) {
                if let Some(ts) = g.triggers.get(m.pattern().as_usize()) {
                    for &(d, reach) in ts {
                        push(d, reach, m.start(), m.end());
                    }
                }
            }
        }
        for (lit, ts) in &self.slow {
            for pos in memchr::memmem::find_iter(hay, lit) {
                for &(d, reach) in ts {
                    push(d, reach, pos, pos + lit.len());
                }
            }
        }
        if !self.email_dets.is_empty() {
            for pos in memchr::memchr_iter(b'@', hay) {
                for &(d, reach) in &self.email_dets {
                    push(d, reach, pos, pos + 1);
                }
            }
        }
        if !self.digit_dets.is_empty() {
            digit_runs(hay, self.min_digits, |run| {
                for &(d, shape, reach) in &self.digit_dets {
                    if run.fits(&shape) {
                        push(d, reach, run.start, run.end);
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
    pub letter_before: bool,
    pub letter_after: bool,
}

impl DigitRun {
    #[inline]
    fn fits(&self, s: &DigitShape) -> bool {
        self.digits >= s.min
            && (self.digits <= s.max || self.seps != 0)
            && self.seps & !s.separators == 0
            && (!s.letter_before || self.letter_before)
            && (!s.letter_after || self.letter_after)
    }
}

fn letter_near(hay: &[u8], range: std::ops::Range<usize>) -> bool {
    hay.get(range).is_some_and(|w| w.iter().any(|b| b.is_ascii_alphabetic()))
}

/// Calls `f` for every run of digits joined by at most two consecutive separators that has at
/// least `min` digits.
fn digit_runs(hay: &[u8], min: usize, mut f: impl FnMut(DigitRun)) {
    let n = hay.len();
    let mut i = 0;
    while i < n {
        // Skip to the next digit.
        match hay[i..].iter().position(|b| b.is_ascii_digit()) {
            Some(p) => i += p,
            None => return,
        }
        let start = i;
        let mut end = i;
        let mut digits = 0usize;
        let mut seps_in_row = 0usize;
        let mut seps = 0u8;
        let mut pending = 0u8;
        while i < n {
            let b = hay[i];
            if b.is_ascii_digit() {
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
        digit_runs(s.as_bytes(), 1, |r| v.push((s[r.start..r.end].to_string(), r.digits)));
        v
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
        assert_eq!((v[0].seps, v[0].letter_before, v[0].letter_after), (1, true, true));
        assert_eq!((v[1].seps, v[1].letter_before), (4, true));
        assert_eq!((v[2].seps, v[2].letter_after), (0, true));
        let ipv4 = DigitShape { min: 4, max: 12, separators: 4, letter_before: false, letter_after: false };
        assert!(v[1].fits(&ipv4));
        assert!(!v[0].fits(&ipv4));
    }
}
