//! Exact data match (EDM): finds known values (customer ids, account numbers, project code
//! names) in content from salted hashes of them, so rule files never hold the plaintext.
//!
//! An `[[edm]]` set has a candidate pattern, a normalization, a salt and a set of hashes. Every
//! span of the content that the pattern matches is a candidate, overlapping and nested spans
//! included (so `Blue Falcon` is a candidate inside `Project Blue Falcon Review` for a pattern of
//! one to three capitalized words). The leftmost-first regex (with its literal prefilter, when
//! the pattern has one) jumps to where the next match starts; from there, over a window of start
//! positions, a forward all-matches lazy DFA reports every position where a match ends, and an
//! anchored reverse all-matches DFA every start of a match ending there. Each candidate is
//! normalized, keyed-hashed (HMAC-SHA256 with the salt, first 16 bytes) and looked up in the set.
//!
//! The pass runs per chunk after the prefilter's detectors and accepts only spans that start in
//! the chunk's own region; the pattern's length is bounded by [`MAX_EDM_LEN`] and the chunk
//! overlap covers it, so chunked and streamed scans find exactly what a whole-buffer scan finds.
//! Values never leave this module: a hit is a span, and the scanner turns it into a finding with
//! a masked preview like any other. See `rules/edm/README.md`.

pub(crate) use crate::edm_compile::compile_edm;
use crate::mac::{hex, keyed, tag16, HmacSha256};
use crate::scanner::{OffsetMap, Scanner, State};
use hmac::Mac;
use regex_automata::hybrid::dfa::{Cache, OverlappingState, DFA};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

/// The longest candidate an EDM pattern may match, in bytes.
pub const MAX_EDM_LEN: usize = 256;
/// The fewest salt bytes an EDM set may have.
pub const MIN_EDM_SALT_LEN: usize = 16;
/// The fewest start positions enumerated per jump of the leftmost-first regex (at least four
/// maximum match lengths, so that on dense content the windows' look-ahead rescans little).
const MIN_WINDOW: usize = 256;
/// The most candidates tried that end at one position (the shortest ones): bounds the hashing
/// work of an over-broad pattern.
const MAX_STARTS: usize = 32;

/// How candidates and values are normalized before hashing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Normalize {
    /// The bytes as they are.
    #[default]
    Exact,
    /// Lowercased (Unicode, character by character).
    Lowercase,
    /// Letters and digits only (Unicode), lowercased: `Blue-Falcon`, `blue falcon` and
    /// `BLUEFALCON` are the same value.
    Alnum,
}

impl Normalize {
    /// Every normalization.
    pub const ALL: [Normalize; 3] = [Normalize::Exact, Normalize::Lowercase, Normalize::Alnum];

    /// The rule-file name.
    pub fn as_str(self) -> &'static str {
        match self {
            Normalize::Exact => "exact",
            Normalize::Lowercase => "lowercase",
            Normalize::Alnum => "alnum",
        }
    }

    /// Parses a rule-file name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|n| n.as_str() == s)
    }
}

impl fmt::Display for Normalize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The hash an `[[edm]]` set lists for `value`: lowercase hex of the first 16 bytes of
/// HMAC-SHA256(key = `salt`, message = `value` normalized). A value of which normalization
/// leaves nothing (`"--"` under `alnum`) can never be found; [`crate::edm_rule_file`] rejects it.
pub fn edm_hash(salt: &[u8], normalize: Normalize, value: &str) -> String {
    let mut norm = Vec::new();
    normalize_into(normalize, value.as_bytes(), &mut norm);
    let mut mac = keyed(salt);
    mac.update(&norm);
    hex(&tag16(mac))
}

/// Whether normalization leaves anything of `value` (values that normalize to nothing are never
/// found).
pub(crate) fn normalizes_to_something(normalize: Normalize, value: &str) -> bool {
    normalize_into(normalize, value.as_bytes(), &mut Vec::new())
}

/// Normalizes `value` into `out`; false when nothing is left, or when a case-folding mode meets
/// invalid UTF-8 (which no value, being text, can equal).
fn normalize_into(n: Normalize, value: &[u8], out: &mut Vec<u8>) -> bool {
    out.clear();
    let alnum = n == Normalize::Alnum;
    match n {
        Normalize::Exact => out.extend_from_slice(value),
        Normalize::Lowercase | Normalize::Alnum if value.is_ascii() => out.extend(
            value
                .iter()
                .filter(|b| !alnum || b.is_ascii_alphanumeric())
                .map(u8::to_ascii_lowercase),
        ),
        Normalize::Lowercase | Normalize::Alnum => {
            let Ok(text) = std::str::from_utf8(value) else {
                return false;
            };
            let mut tmp = [0u8; 4];
            for c in text.chars().filter(|c| !alnum || c.is_alphanumeric()) {
                for l in c.to_lowercase() {
                    out.extend_from_slice(l.encode_utf8(&mut tmp).as_bytes());
                }
            }
        }
    }
    !out.is_empty()
}

/// A compiled EDM set: the pattern as two all-matches lazy DFAs, the key and the hashes.
pub(crate) struct EdmMatcher {
    /// Forward: every position where a match ends.
    pub(crate) ends: DFA,
    /// Reverse, anchored at an end: every start of a match ending there.
    pub(crate) starts: DFA,
    /// The pattern's longest match.
    pub(crate) max_len: usize,
    pub(crate) normalize: Normalize,
    /// Keyed with the salt.
    pub(crate) mac: HmacSha256,
    pub(crate) hashes: HashSet<[u8; 16]>,
}

impl fmt::Debug for EdmMatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EdmMatcher")
            .field("normalize", &self.normalize)
            .field("hashes", &self.hashes.len())
            .finish_non_exhaustive()
    }
}

/// Per-scan scratch space of one EDM set.
pub(crate) struct EdmCache {
    ends: Cache,
    starts: Cache,
    norm: Vec<u8>,
}

impl EdmMatcher {
    pub(crate) fn create_cache(&self) -> EdmCache {
        EdmCache {
            ends: self.ends.create_cache(),
            starts: self.starts.create_cache(),
            norm: Vec::new(),
        }
    }

    /// Appends to `out`, in order, every span of `buf` starting in `accept` that the pattern
    /// matches and whose normalized text is in the set. `buf` must hold the pattern's maximum
    /// length past `accept` (and a byte before it, for look-behind) unless it ends the content:
    /// the chunk overlap guarantees it, which makes the result independent of chunking.
    ///
    /// `skip` is the set's leftmost-first regex: it jumps (with its literal prefilter, when the
    /// pattern has one) to the next position where a match starts; the starts of a window from
    /// there are then enumerated with the all-matches DFAs. No match starts in what it skips, so
    /// the windows cover every match.
    pub(crate) fn hits(
        &self,
        skip: &Regex,
        buf: &[u8],
        accept: Range<usize>,
        cache: &mut EdmCache,
        out: &mut Vec<Range<usize>>,
    ) {
        let end = accept.end.min(buf.len());
        let first = out.len();
        let window = (4 * self.max_len).max(MIN_WINDOW);
        let mut p = accept.start;
        while p < end {
            let Some(m) = skip.search(&Input::new(buf).range(p..)) else {
                break;
            };
            let from = m.start();
            if from >= end {
                break;
            }
            // Matches starting in from..to end by `to - 1 + max_len`.
            let to = from.saturating_add(window).min(end);
            let limit = (to - 1).saturating_add(self.max_len).clamp(to, buf.len());
            self.window(buf, from..to, limit, cache, out);
            p = to;
        }
        out[first..].sort_unstable_by_key(|r| (r.start, r.end));
    }

    /// Every matching span of `buf` starting in `starts` (and ending by `limit`) that is in the
    /// set: every end from `starts.start` with the forward DFA, then every start of a match
    /// ending there with the reverse DFA.
    fn window(
        &self,
        buf: &[u8],
        starts: Range<usize>,
        limit: usize,
        cache: &mut EdmCache,
        out: &mut Vec<Range<usize>>,
    ) {
        let fwd = Input::new(buf).range(starts.start..limit);
        let mut fstate = OverlappingState::start();
        loop {
            let found = self
                .ends
                .try_search_overlapping_fwd(&mut cache.ends, &fwd, &mut fstate);
            let Some(e) = found.ok().and(fstate.get_match()).map(|m| m.offset()) else {
                break;
            };
            let rev = Input::new(buf)
                .range(starts.start..e)
                .anchored(Anchored::Yes);
            let mut rstate = OverlappingState::start();
            for _ in 0..MAX_STARTS {
                let found =
                    self.starts
                        .try_search_overlapping_rev(&mut cache.starts, &rev, &mut rstate);
                let Some(s) = found.ok().and(rstate.get_match()).map(|m| m.offset()) else {
                    break;
                };
                let hit = s < starts.end
                    && buf
                        .get(s..e)
                        .is_some_and(|c| self.contains(c, &mut cache.norm));
                if hit {
                    out.push(s..e);
                }
            }
        }
    }

    fn contains(&self, candidate: &[u8], norm: &mut Vec<u8>) -> bool {
        if !normalize_into(self.normalize, candidate, norm) {
            return false;
        }
        let mut mac = self.mac.clone();
        mac.update(norm);
        self.hashes.contains(&tag16(mac))
    }
}

impl Scanner {
    /// The exact-data-match pass over one chunk: each set's hits starting in `accept` become
    /// findings through the scanner's ordinary `accept` (preview, count, fingerprint).
    pub(crate) fn scan_edm(
        &self,
        buf: &[u8],
        accept: &Range<usize>,
        offsets: OffsetMap<'_>,
        st: &mut State,
    ) {
        let mut hits = Vec::new();
        for (k, &det) in self.edm.iter().enumerate() {
            let Some(d) = self.rules.detectors.get(det as usize) else {
                continue;
            };
            let Some(m) = d.edm.as_deref() else {
                continue;
            };
            let started = st.timing.is_some().then(std::time::Instant::now);
            let mut cache = st
                .edm
                .get_mut(k)
                .and_then(Option::take)
                .unwrap_or_else(|| m.create_cache());
            m.hits(&d.regex, buf, accept.clone(), &mut cache, &mut hits);
            if let Some(slot) = st.edm.get_mut(k) {
                *slot = Some(cache);
            }
            let found = hits.len();
            for span in hits.drain(..) {
                self.accept(d, det, buf, span, accept, offsets, st);
            }
            if let (Some(t0), Some(timing)) = (started, st.timing.as_mut()) {
                if let Some(slot) = timing.get_mut(det as usize) {
                    slot.0 += t0.elapsed();
                    slot.1 += found;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizations() {
        let n = |mode, v: &str| {
            let mut out = Vec::new();
            normalize_into(mode, v.as_bytes(), &mut out).then(|| String::from_utf8(out).ok())
        };
        assert_eq!(
            n(Normalize::Exact, "Blue Falcon"),
            Some(Some("Blue Falcon".into()))
        );
        assert_eq!(
            n(Normalize::Lowercase, "Blue Falcon"),
            Some(Some("blue falcon".into()))
        );
        assert_eq!(
            n(Normalize::Alnum, "Blue-Falcon 7"),
            Some(Some("bluefalcon7".into()))
        );
        assert_eq!(
            n(Normalize::Alnum, "Ÿes Café"),
            Some(Some("ÿescafé".into()))
        );
        assert_eq!(n(Normalize::Lowercase, "ÀB"), Some(Some("àb".into())));
        assert_eq!(n(Normalize::Alnum, "--"), None);
        let mut out = Vec::new();
        assert!(!normalize_into(Normalize::Lowercase, b"\xffA", &mut out));
        assert_eq!(Normalize::parse("alnum"), Some(Normalize::Alnum));
        assert_eq!(Normalize::parse("ALNUM"), None);
    }

    /// Every span the pattern matches and the set holds, nested and overlapping ones included,
    /// checked against brute force; and the same spans when found chunk by chunk.
    #[test]
    fn hits_are_every_matching_span_whatever_the_chunking() {
        use crate::{edm_rule_file_with_salt, Category, DataClass, EdmSet, RuleSet, RuleSource};
        let vocab = ["Blue", "Falcon", "Red", "Heron", "Ox"];
        let mut values = Vec::new();
        for a in vocab {
            values.push(a.to_string());
            for b in vocab {
                values.push(format!("{a} {b}"));
                for c in vocab {
                    values.push(format!("{a} {b} {c}"));
                }
            }
        }
        let set = EdmSet {
            id: "code_name".into(),
            name: "Code name".into(),
            category: Category::Marking,
            class: DataClass::Internal,
            customer_data: false,
            pattern: r"\b[A-Z][a-z]{1,20}(?: [A-Z][a-z]{1,20}){0,2}\b".into(),
            normalize: Normalize::Exact,
        };
        let file = edm_rule_file_with_salt(&set, &[1u8; 16], &values).expect("builds");
        let rules = RuleSet::load(&[RuleSource {
            name: "t.toml",
            text: &file,
        }])
        .expect("loads");
        let d = &rules.detectors[0];
        let m = d.edm.as_deref().expect("an edm set");

        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % n) as usize
        };
        let mut content = String::new();
        for _ in 0..4000 {
            let w = match next(5) {
                0..=2 => vocab[next(5)],
                3 => "the",
                _ => "Zed",
            };
            content.push_str(w);
            content.push_str([" ", " ", " ", ", ", "-", "_"][next(6)]);
        }
        let buf = content.as_bytes();
        let known: HashSet<&[u8]> = values.iter().map(|v| v.as_bytes()).collect();
        let word = |i: usize| {
            buf.get(i)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        };
        let mut naive = Vec::new();
        for s in 0..buf.len() {
            if s > 0 && word(s - 1) {
                continue;
            }
            for e in s + 1..=(s + m.max_len).min(buf.len()) {
                if !word(e) && known.contains(&buf[s..e]) {
                    naive.push(s..e);
                }
            }
        }
        assert!(naive.len() > 2000, "{}", naive.len());

        let mut cache = m.create_cache();
        let mut whole = Vec::new();
        m.hits(&d.regex, buf, 0..buf.len(), &mut cache, &mut whole);
        assert_eq!(whole, naive);

        let overlap = 2 * m.max_len + 16;
        for step in [97, 300, 1001, 4096] {
            let mut got = Vec::new();
            let mut a = 0;
            while a < buf.len() {
                let b = (a + step).min(buf.len());
                let lo = a.saturating_sub(overlap);
                let hi = (b + overlap).min(buf.len());
                let mut part = Vec::new();
                m.hits(
                    &d.regex,
                    &buf[lo..hi],
                    a - lo..b - lo,
                    &mut cache,
                    &mut part,
                );
                got.extend(part.into_iter().map(|r| r.start + lo..r.end + lo));
                a = b;
            }
            assert_eq!(got, naive, "step {step}");
        }
    }

    #[test]
    fn edm_hash_is_keyed_and_normalized() {
        let salt = [9u8; 16];
        let a = edm_hash(&salt, Normalize::Alnum, "Blue Falcon");
        assert_eq!(a, edm_hash(&salt, Normalize::Alnum, "BLUE-FALCON"));
        assert_ne!(a, edm_hash(&[8u8; 16], Normalize::Alnum, "Blue Falcon"));
        assert_ne!(a, edm_hash(&salt, Normalize::Exact, "Blue Falcon"));
        assert_eq!(a.len(), 32);
        assert!(!normalizes_to_something(Normalize::Alnum, " - "));
        assert!(normalizes_to_something(Normalize::Exact, " - "));
    }
}
