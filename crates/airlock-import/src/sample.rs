//! Sample strings generated from a pattern's parsed form ([`Hir`]), for the `match` examples of
//! converted detectors.
//!
//! Generation is deterministic (a seeded ChaCha stream per rule and attempt) and respects
//! classes and repetition counts. Characters are drawn from each class with a preference for
//! letters and digits, and for the character used least so far, so that values reach the
//! rule's entropy threshold; alternations prefer branches that consume text (a terminator
//! `(?:["'\s;]|$)` yields a quote, not the end of input). Whether a sample really matches is
//! decided by the classifier afterwards, not here.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// How a sample is generated; each attempt uses a different policy or seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Policy {
    /// Make repeated wide classes (values) longer than their minimum, for entropy.
    pub stretch: bool,
    /// Take the first text-consuming branch of every alternation (the canonical form).
    pub first_branch: bool,
    /// Also emit optional parts sometimes, and spaces where a class allows them (to satisfy
    /// word boundaries between parts).
    pub loose: bool,
}

/// The policies tried, in order: the canonical form first (first branches, shortest values),
/// then longer values, then random branches and optional parts.
pub(crate) const POLICIES: [Policy; 5] = [
    Policy {
        stretch: false,
        first_branch: true,
        loose: false,
    },
    Policy {
        stretch: true,
        first_branch: true,
        loose: false,
    },
    Policy {
        stretch: true,
        first_branch: false,
        loose: false,
    },
    Policy {
        stretch: false,
        first_branch: false,
        loose: true,
    },
    Policy {
        stretch: true,
        first_branch: false,
        loose: true,
    },
];

/// The longest sample generated.
const MAX_SAMPLE: usize = 6000;

/// A string matching `hir` (by construction, modulo assertions), or `None` when the pattern
/// needs bytes that are not printable ASCII or the sample would be too long.
///
/// `guides` are the detector's anchor words (and whether they are case-insensitive): where the
/// output ends with the start of one (2+ bytes) and a class allows its next byte, that byte is
/// taken, so that samples contain the anchor the prefilter looks for (`xoxe.` rather than
/// `xoxe5` for `xoxe.xox[bp]`).
pub(crate) fn generate(
    hir: &Hir,
    seed: u64,
    policy: Policy,
    guides: &[(Vec<u8>, bool)],
) -> Option<String> {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(seed),
        out: Vec::new(),
        used: [0; 128],
        policy,
        guides,
        boundary: None,
    };
    g.walk(hir)?;
    String::from_utf8(g.out).ok()
}

struct Gen<'a> {
    rng: ChaCha8Rng,
    out: Vec<u8>,
    used: [u32; 128],
    policy: Policy,
    guides: &'a [(Vec<u8>, bool)],
    /// A pending `\b`: whether the next byte must be a word byte (`true`) or not (`false`).
    boundary: Option<bool>,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `hir` can start with a byte that is (`word`) or is not a word byte.
fn can_start(hir: &Hir, word: bool) -> bool {
    match hir.kind() {
        HirKind::Literal(l) => l.0.first().is_some_and(|&b| is_word(b) == word),
        HirKind::Class(c) => members(c).iter().any(|&b| is_word(b) == word),
        HirKind::Capture(c) => can_start(&c.sub, word),
        HirKind::Repetition(r) => can_start(&r.sub, word),
        HirKind::Concat(xs) => xs.first().is_some_and(|x| can_start(x, word)),
        HirKind::Alternation(xs) => xs.iter().any(|x| can_start(x, word)),
        HirKind::Empty | HirKind::Look(_) => false,
    }
}

/// The ASCII members of a class.
fn members(class: &Class) -> Vec<u8> {
    let mut out = Vec::new();
    let mut add = |lo: u32, hi: u32| {
        for v in lo..=hi.min(127) {
            if let Ok(b) = u8::try_from(v) {
                out.push(b);
            }
        }
    };
    match class {
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .for_each(|r| add(u32::from(r.start()), u32::from(r.end()))),
        Class::Unicode(c) => c
            .ranges()
            .iter()
            .for_each(|r| add(u32::from(r.start()), u32::from(r.end()))),
    }
    out
}

/// A class wide enough to hold a secret value (e.g. `[a-z0-9]`), as opposed to a separator or a
/// case-insensitive letter.
fn is_wide(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Class(c) => {
            members(c)
                .iter()
                .filter(|b| b.is_ascii_alphanumeric())
                .count()
                >= 10
        }
        _ => false,
    }
}

impl Gen<'_> {
    /// The byte that continues an anchor word the output ends with the start of, if the class
    /// has it.
    fn guided(&self, members: &[u8]) -> Option<u8> {
        for (word, ci) in self.guides {
            for plen in (2..word.len()).rev() {
                let (Some(prefix), Some(&want)) = (word.get(..plen), word.get(plen)) else {
                    continue;
                };
                let Some(tail) = self
                    .out
                    .len()
                    .checked_sub(plen)
                    .and_then(|k| self.out.get(k..))
                else {
                    continue;
                };
                let same = if *ci {
                    tail.eq_ignore_ascii_case(prefix)
                } else {
                    tail == prefix
                };
                if !same {
                    continue;
                }
                if members.contains(&want) {
                    return Some(want);
                }
                if *ci {
                    let other = if want.is_ascii_lowercase() {
                        want.to_ascii_uppercase()
                    } else {
                        want.to_ascii_lowercase()
                    };
                    if members.contains(&other) {
                        return Some(other);
                    }
                }
            }
        }
        None
    }

    fn walk(&mut self, hir: &Hir) -> Option<()> {
        if self.out.len() > MAX_SAMPLE {
            return None;
        }
        match hir.kind() {
            HirKind::Look(Look::WordAscii) => {
                self.boundary = self.out.last().map(|&b| !is_word(b));
                Some(())
            }
            HirKind::Empty | HirKind::Look(_) => Some(()),
            HirKind::Literal(l) => {
                self.out.extend_from_slice(&l.0);
                self.boundary = None;
                Some(())
            }
            HirKind::Class(c) => {
                let b = self.pick(&members(c))?;
                self.out.push(b);
                if let Some(n) = self.used.get_mut(usize::from(b)) {
                    *n += 1;
                }
                Some(())
            }
            HirKind::Capture(c) => self.walk(&c.sub),
            HirKind::Concat(xs) => xs.iter().try_for_each(|x| self.walk(x)),
            HirKind::Alternation(xs) => {
                let consuming: Vec<&Hir> = xs
                    .iter()
                    .filter(|x| x.properties().minimum_len().is_some_and(|n| n > 0))
                    .collect();
                let pool: Vec<&Hir> = if consuming.is_empty() {
                    xs.iter().collect()
                } else {
                    consuming
                };
                let k = if self.policy.first_branch {
                    0
                } else {
                    self.rng.gen_range(0..pool.len().max(1))
                };
                self.walk(pool.get(k)?)
            }
            HirKind::Repetition(r) => {
                let max = r.max.unwrap_or(r.min.saturating_add(24));
                let mut n = r.min;
                if let Some(word) = self.boundary {
                    // An optional part can satisfy a pending word boundary.
                    if n == 0 && max >= 1 && can_start(&r.sub, word) {
                        n = 1;
                    }
                }
                if self.policy.stretch && r.min >= 1 && is_wide(&r.sub) {
                    n = r.min.saturating_add(self.rng.gen_range(4..=24)).min(max);
                } else if self.policy.loose && r.min == 0 && max >= 1 && self.rng.gen_bool(0.5) {
                    n = 1;
                }
                // Bounded even when the repeated part emits nothing (`(?:){4000000000}`).
                for _ in 0..n.min(MAX_SAMPLE as u32 + 1) {
                    self.walk(&r.sub)?;
                }
                Some(())
            }
        }
    }

    /// A byte of the class: the lowercase one of a case pair; else letters and digits when the
    /// class has several, else printable punctuation, else tab/newline/CR; among those, one of
    /// the least used so far.
    fn pick(&mut self, members: &[u8]) -> Option<u8> {
        if let Some(word) = self.boundary.take() {
            let fit: Vec<u8> = members
                .iter()
                .copied()
                .filter(|&b| is_word(b) == word)
                .collect();
            if !fit.is_empty() && fit.len() < members.len() {
                return self.pick(&fit);
            }
        }
        if let Some(b) = self.guided(members) {
            return Some(b);
        }
        if let [a, b] = members {
            if a.eq_ignore_ascii_case(b) {
                return Some(a.to_ascii_lowercase());
            }
        }
        if self.policy.loose
            && members.len() >= 6
            && members.contains(&b' ')
            && self.rng.gen_bool(0.5)
        {
            return Some(b' ');
        }
        let alnum: Vec<u8> = members
            .iter()
            .copied()
            .filter(u8::is_ascii_alphanumeric)
            .collect();
        let pool = if alnum.len() >= 2 {
            alnum
        } else {
            let printable: Vec<u8> = members
                .iter()
                .copied()
                .filter(|b| (0x20..0x7f).contains(b))
                .collect();
            if !printable.is_empty() {
                printable
            } else {
                members
                    .iter()
                    .copied()
                    .filter(|b| matches!(b, b'\t' | b'\n' | b'\r'))
                    .collect()
            }
        };
        let least = pool
            .iter()
            .filter_map(|&b| self.used.get(usize::from(b)).copied())
            .min()?;
        let fresh: Vec<u8> = pool
            .iter()
            .copied()
            .filter(|&b| self.used.get(usize::from(b)).copied() == Some(least))
            .collect();
        let k = self.rng.gen_range(0..fresh.len().max(1));
        fresh.get(k).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::translate;

    #[test]
    fn samples_are_deterministic_and_shaped_like_the_pattern() {
        let (_, h) = translate(r"\b(ghp_[0-9a-zA-Z]{36})\b").expect("ok");
        let a = generate(&h, 7, POLICIES[0], &[]).expect("sample");
        assert_eq!(Some(a.clone()), generate(&h, 7, POLICIES[0], &[]));
        assert!(a.starts_with("ghp_") && a.len() == 40, "{a}");
        assert!(a[4..].bytes().all(|b| b.is_ascii_alphanumeric()));
        let distinct: std::collections::HashSet<u8> = a.bytes().collect();
        assert!(
            distinct.len() > 30,
            "values use many distinct characters: {a}"
        );
    }

    #[test]
    fn terminators_consume_a_character() {
        let (_, h) = translate(r#"(?i)(?:key)=([a-f0-9]{8})(?:[`'"\s;]|\\[nr]|$)"#).expect("ok");
        let s = generate(&h, 1, POLICIES[0], &[]).expect("sample");
        assert!(s.starts_with("key=") && s.len() == 13, "{s:?}");
    }

    #[test]
    fn anchor_words_guide_the_choice_of_characters() {
        let (_, h) = translate(r"(?i)xoxe.xox[bp]-\d-[A-Z0-9]{8}").expect("ok");
        let guides = [(b"xoxe.xoxp-".to_vec(), true)];
        let s = generate(&h, 3, POLICIES[0], &guides).expect("sample");
        assert!(s.starts_with("xoxe.xoxp-"), "{s}");
    }

    #[test]
    fn impossible_bytes_give_up() {
        let (_, h) = translate(r"\x00[\x01-\x02]").expect("ok");
        assert_eq!(generate(&h, 1, POLICIES[0], &[]), None);
    }
}
