//! Many-literal search in one pass: a 3-byte fingerprint filter, then exact verification.
//!
//! Why not Aho-Corasick/Teddy: the rule set has close to a thousand literals (vendor prefixes,
//! keywords, context words, code constructs). Teddy takes at most 64 per automaton, so that many
//! literals need ~16 passes, and a single Aho-Corasick automaton over all of them runs at
//! 140-200 MB/s on this machine kind. Here the cost does not depend on the number of literals:
//!
//! 1. Each literal of 4+ bytes is fingerprinted on its *rarest* 4-byte window (by a static
//!    byte-frequency rank, the idea behind Hyperscan's and ripgrep's rare-byte prefilters), so
//!    `"  return"` is keyed on `turn`, not on two common spaces; case-folded (`| 0x20`). A
//!    case-insensitive 3-byte literal (a keyword or context word such as `dob`) is keyed on
//!    itself followed by each of the 128 folded values of a fourth byte, and checked once more
//!    at the very end of the input, where no fourth byte follows.
//! 2. At each input position the 4 bytes there form a folded key whose hash indexes a 32 KiB bit
//!    table (L1-resident) of fingerprints. This is the only work done at most positions, so it
//!    is done 8 positions at a time from two overlapping 8-byte loads, without bounds checks.
//! 3. Case-sensitive 3-byte literals (a few dozen; rules keep them rare) are found by a SIMD
//!    Teddy pass of `aho-corasick` (at most 64 patterns each), so the per-byte loop does one
//!    lookup; where Teddy is not available, by a second table keyed on the exact 3 bytes.
//! 4. Where a bit is set, the literals sharing the key are looked up (sorted by table slot and
//!    indexed by table word, so the few entries of that word are all that is read) and compared
//!    exactly at `position - offset` (case-sensitively, or ignoring ASCII case for keywords).
//!
//! Every occurrence of every literal is reported, overlapping ones included (except where a
//! whole-word needle cannot be a whole word, see [`Needle::word`]).

/// Bits in the 4-byte fingerprint table (2^18 bits = 32 KiB).
const BITS4: u32 = 18;
/// Bits in the exact 3-byte table (2^16 bits = 8 KiB), for 3-byte literals only.
const BITS3: u32 = 16;

#[inline]
fn fold(b: u8) -> u32 {
    u32::from(b | 0x20)
}

/// Folds all bytes of a word at once (`| 0x20` each), like [`fold`].
const FOLD64: u64 = 0x2020_2020_2020_2020;

/// The folded key of a needle's first 4 bytes, little-endian like the keys read from the input.
fn key_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .rev()
        .fold(0, |k, &b| (k << 8) | fold(b))
}

/// The 8 bytes at `at` of `block` as a little-endian word (0 past the end: never, by the
/// callers' lengths).
#[inline(always)]
fn word_at(block: &[u8], at: usize) -> u64 {
    block
        .get(at..at + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
        .map_or(0, u64::from_le_bytes)
}

/// The exact 3-byte keys of a 3-byte needle: itself, or every case variant when `ci`.
fn keys3(bytes: &[u8], ci: bool) -> Vec<u32> {
    let mut keys = vec![0u32];
    for &b in bytes.iter().take(3) {
        let variants: Vec<u8> = if ci && b.is_ascii_alphabetic() {
            vec![b.to_ascii_lowercase(), b.to_ascii_uppercase()]
        } else {
            vec![b]
        };
        keys = keys
            .iter()
            .flat_map(|k| variants.iter().map(move |&v| (k << 8) | u32::from(v)))
            .collect();
    }
    keys
}

#[inline]
fn slot(key: u32, bits: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> (32 - bits)) as usize
}

/// A bit table of `2^BITS` bits whose lookups need no bounds check (the index is masked).
#[derive(Debug)]
struct Bits<const WORDS: usize>(Box<[u64; WORDS]>);

impl<const WORDS: usize> Bits<WORDS> {
    fn new() -> Self {
        Bits(Box::new([0u64; WORDS]))
    }

    fn set(&mut self, s: usize) {
        self.0[(s >> 6) & (WORDS - 1)] |= 1 << (s & 63);
    }

    #[inline(always)]
    fn get(&self, s: usize) -> bool {
        self.0[(s >> 6) & (WORDS - 1)] & (1u64 << (s & 63)) != 0
    }
}

const WORDS4: usize = (1 << BITS4) / 64;
const WORDS3: usize = (1 << BITS3) / 64;

/// How common a (case-folded) byte is in text and code: higher is more common. A rough rank:
/// space and newline, then lowercase letters by English frequency, then punctuation common in
/// code, digits, and the rest.
fn commonness(b: u8) -> u32 {
    const LETTERS: &[u8] = b"etaoinsrhldcumfpgwybvkxjqz";
    match b | 0x20 {
        b' ' | b'\n' | b'\t' | b'\r' => 100,
        l if l.is_ascii_lowercase() => {
            let rank = LETTERS.iter().position(|&x| x == l).unwrap_or(25) as u32;
            90 - 2 * rank
        }
        b'(' | b')' | b'.' | b',' | b'=' | b'"' | b'\'' | b':' | b';' => 60,
        b'0'..=b'9' => 45,
        b'_' | b'-' | b'/' | b'{' | b'}' | b'[' | b']' | b'<' | b'>' => 40,
        _ => 20,
    }
}

/// Offset of the rarest `width`-byte window of `bytes`.
fn rarest_window(bytes: &[u8], width: usize) -> usize {
    (0..=bytes.len().saturating_sub(width))
        .min_by_key(|&k| {
            bytes
                .get(k..k + width)
                .map(|w| w.iter().map(|&b| commonness(b)).sum::<u32>())
                .unwrap_or(u32::MAX)
        })
        .unwrap_or(0)
}

/// A literal to find.
#[derive(Debug, Clone)]
pub(crate) struct Needle {
    /// The bytes; lowercase when `ci`.
    pub bytes: Vec<u8>,
    /// Compare ignoring ASCII case.
    pub ci: bool,
    /// Only whole words are wanted (the caller checks): a 3-byte case-insensitive needle that
    /// ends with a letter or digit need not be reported where one follows it.
    pub word: bool,
}

/// The compiled literal searcher.
#[derive(Debug)]
pub(crate) struct LiteralSearcher {
    table4: Bits<WORDS4>,
    table3: Bits<WORDS3>,
    /// (folded 4-byte fingerprint, needle index, its offset in the needle), sorted by table slot
    /// then key; needles of 4 bytes or more.
    by_key4: Vec<(u32, u32, u32)>,
    /// For each word of `table4` (and one past the last), the first entry of `by_key4` whose
    /// slot is in that word or a later one.
    word_starts: Vec<u32>,
    /// (exact 3-byte key, needle index, 0), sorted; case-sensitive needles of exactly 3 bytes.
    by_key3: Vec<(u32, u32, u32)>,
    /// Case-insensitive 3-byte needles (keyed in `table4` with every fourth byte), checked
    /// once more where the input has no fourth byte after them.
    tail3: Vec<u32>,
    /// The 3-byte needles' exact variants in SIMD searchers of at most 64 patterns, with each
    /// pattern's needle; `None` where Teddy is unavailable.
    teddy3: Option<Vec<Teddy3>>,
    needles: Vec<Needle>,
}

/// One Teddy searcher over 3-byte patterns and the needle of each pattern.
type Teddy3 = (aho_corasick::packed::Searcher, Vec<u32>);

impl LiteralSearcher {
    /// Builds the searcher. Needles shorter than 3 bytes are ignored (the rule compiler
    /// rejects them).
    pub(crate) fn new(needles: Vec<Needle>) -> Self {
        let mut table4 = Bits::<WORDS4>::new();
        let mut table3 = Bits::<WORDS3>::new();
        let mut by_key4 = Vec::new();
        let mut by_key3 = Vec::new();
        let mut tail3 = Vec::new();
        for (i, n) in needles.iter().enumerate() {
            match n.bytes.len() {
                0..=2 => continue,
                3 if n.ci => {
                    let k3 = key_of(&n.bytes);
                    // Every folded fourth byte; for a whole word ending in a letter or digit,
                    // only those a non-alphanumeric byte folds to.
                    let glued = n.word && n.bytes.last().is_some_and(u8::is_ascii_alphanumeric);
                    let fourths: Vec<u32> = (0..=255u8)
                        .filter(|b| !glued || !b.is_ascii_alphanumeric())
                        .map(fold)
                        .collect::<std::collections::BTreeSet<u32>>()
                        .into_iter()
                        .collect();
                    for fourth in fourths {
                        let k4 = k3 | (fourth << 24);
                        table4.set(slot(k4, BITS4));
                        by_key4.push((k4, i as u32, 0));
                    }
                    tail3.push(i as u32);
                }
                3 => {
                    for k3 in keys3(&n.bytes, n.ci) {
                        table3.set(slot(k3, BITS3));
                        by_key3.push((k3, i as u32, 0));
                    }
                }
                _ => {
                    let off = rarest_window(&n.bytes, 4);
                    let k4 = key_of(&n.bytes[off..]);
                    table4.set(slot(k4, BITS4));
                    by_key4.push((k4, i as u32, off as u32));
                }
            }
        }
        by_key4.sort_unstable_by_key(|&(k, i, off)| (slot(k, BITS4), k, i, off));
        by_key3.sort_unstable();
        let mut word_starts = Vec::with_capacity(WORDS4 + 1);
        let mut next = 0usize;
        for w in 0..=WORDS4 {
            while by_key4
                .get(next)
                .is_some_and(|&(k, _, _)| slot(k, BITS4) >> 6 < w)
            {
                next += 1;
            }
            word_starts.push(next as u32);
        }
        let teddy3 = Self::teddy3(&by_key3);
        LiteralSearcher {
            table4,
            table3,
            by_key4,
            word_starts,
            by_key3,
            tail3,
            teddy3,
            needles,
        }
    }

    /// Teddy searchers over the exact 3-byte variants, in groups of at most 64, or `None` when
    /// there are none or the CPU lacks the vector instructions Teddy needs.
    fn teddy3(by_key3: &[(u32, u32, u32)]) -> Option<Vec<Teddy3>> {
        use aho_corasick::packed::{Config, MatchKind};
        if by_key3.is_empty() {
            return None;
        }
        let mut groups = Vec::new();
        for chunk in by_key3.chunks(64) {
            let mut cfg = Config::new();
            cfg.match_kind(MatchKind::LeftmostFirst).only_teddy(true);
            let mut b = cfg.builder();
            let mut owners = Vec::with_capacity(chunk.len());
            for &(k3, idx, _) in chunk {
                let [_, x, y, z] = k3.to_be_bytes();
                b.add([x, y, z]);
                owners.push(idx);
            }
            groups.push((b.build()?, owners));
        }
        Some(groups)
    }

    /// Whether there is nothing to search for.
    pub(crate) fn is_empty(&self) -> bool {
        self.by_key4.is_empty() && self.by_key3.is_empty()
    }

    /// Calls `f(needle index, start)` for every occurrence of every needle in `hay`.
    pub(crate) fn find_all(&self, hay: &[u8], mut f: impl FnMut(usize, usize)) {
        if self.is_empty() {
            return;
        }
        for (teddy, owners) in self.teddy3.iter().flatten() {
            for m in teddy.find_iter(hay) {
                if let Some(&idx) = owners.get(m.pattern().as_usize()) {
                    f(idx as usize, m.start());
                }
            }
        }
        self.scan4(hay, &mut f);
        if let Some(last) = hay.len().checked_sub(3) {
            for &idx in &self.tail3 {
                self.check(hay, last, idx, 0, &mut f);
            }
        }
        // Without Teddy, 3-byte needles are looked up at every position in a second table.
        if !self.by_key3.is_empty() && self.teddy3.is_none() {
            for (start, w) in hay.windows(3).enumerate() {
                let k3 = u32::from_be_bytes([0, w[0], w[1], w[2]]);
                if self.table3.get(slot(k3, BITS3)) {
                    self.verify3(hay, start, k3, &mut f);
                }
            }
        }
    }

    /// The 4-byte fingerprint pass: every position with a 4-byte window is probed once.
    #[inline(always)]
    fn scan4(&self, hay: &[u8], f: &mut impl FnMut(usize, usize)) {
        if self.by_key4.is_empty() {
            return;
        }
        let mut p = 0;
        // 8 positions per step, from bytes p..p+12 (two overlapping little-endian words).
        while let Some(block) = hay.get(p..p + 12) {
            let a = word_at(block, 0) | FOLD64;
            let b = word_at(block, 4) | FOLD64;
            for i in 0..4 {
                let k = (a >> (8 * i)) as u32;
                if self.table4.get(slot(k, BITS4)) {
                    self.verify4(hay, p + i, k, f);
                }
            }
            for i in 0..4 {
                let k = (b >> (8 * i)) as u32;
                if self.table4.get(slot(k, BITS4)) {
                    self.verify4(hay, p + 4 + i, k, f);
                }
            }
            p += 8;
        }
        // The last few positions (fewer than 12 bytes left).
        while let Some(w) = hay.get(p..p + 4) {
            let k = u32::from_le_bytes([w[0], w[1], w[2], w[3]]) | 0x2020_2020;
            if self.table4.get(slot(k, BITS4)) {
                self.verify4(hay, p, k, f);
            }
            p += 1;
        }
    }

    /// How many positions pass the bit tables, for profiling.
    pub(crate) fn probe_hits(&self, hay: &[u8]) -> usize {
        let mut n = 0;
        for w in hay.windows(4) {
            let key = u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
            n += usize::from(self.table4.get(slot(key | 0x2020_2020, BITS4)));
            let k3 = u32::from_be_bytes([0, w[0], w[1], w[2]]);
            n += usize::from(self.table3.get(slot(k3, BITS3)));
        }
        n
    }

    /// Verifies the 4-byte fingerprint `key` seen at `at`: only the entries of its table word
    /// are read.
    #[cold]
    #[inline(never)]
    fn verify4(&self, hay: &[u8], at: usize, key: u32, f: &mut impl FnMut(usize, usize)) {
        let w = slot(key, BITS4) >> 6;
        let lo = self.word_starts.get(w).copied().unwrap_or(0) as usize;
        let hi = self.word_starts.get(w + 1).copied().unwrap_or(0) as usize;
        for &(k, idx, off) in self.by_key4.get(lo..hi).unwrap_or(&[]) {
            if k == key {
                self.check(hay, at, idx, off, f);
            }
        }
    }

    /// Verifies the exact 3-byte key `key` seen at `at` (only without Teddy).
    #[cold]
    fn verify3(&self, hay: &[u8], at: usize, key: u32, f: &mut impl FnMut(usize, usize)) {
        let first = self.by_key3.partition_point(|&(k, _, _)| k < key);
        for &(k, idx, off) in &self.by_key3[first..] {
            if k != key {
                break;
            }
            self.check(hay, at, idx, off, f);
        }
    }

    /// Reports needle `idx` at `at - off` when its bytes are there.
    #[inline]
    fn check(&self, hay: &[u8], at: usize, idx: u32, off: u32, f: &mut impl FnMut(usize, usize)) {
        let Some(n) = self.needles.get(idx as usize) else {
            return;
        };
        let Some(start) = at.checked_sub(off as usize) else {
            return;
        };
        let Some(window) = hay.get(start..start + n.bytes.len()) else {
            return;
        };
        let hit = if n.ci {
            window.eq_ignore_ascii_case(&n.bytes)
        } else {
            window == &n.bytes[..]
        };
        if hit {
            f(idx as usize, start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(needles: &[(&str, bool)], hay: &str) -> Vec<(usize, usize)> {
        let s = LiteralSearcher::new(
            needles
                .iter()
                .map(|(b, ci)| Needle {
                    bytes: b.as_bytes().to_vec(),
                    ci: *ci,
                    word: false,
                })
                .collect(),
        );
        let mut v = Vec::new();
        s.find_all(hay.as_bytes(), |i, at| v.push((i, at)));
        v.sort_by_key(|&(i, at)| (at, i));
        v
    }

    #[test]
    fn finds_every_occurrence_with_case_rules() {
        let hits = find(
            &[
                ("AKIA", false),
                ("password", true),
                ("sk-", false),
                ("sk-ant-", false),
            ],
            "x AKIA akia PassWord sk-ant-x PASSWORD",
        );
        assert_eq!(hits, vec![(0, 2), (1, 12), (2, 21), (3, 21), (1, 30)]);
    }

    #[test]
    fn fingerprints_on_the_rarest_window() {
        assert_eq!(rarest_window(b"  return", 4), 4);
        assert_eq!(
            find(&[("  return", false)], "x\n  return y; return"),
            vec![(0, 2)]
        );
        assert_eq!(find(&[("-----BEGIN", false)], "a-----BEGIN"), vec![(0, 1)]);
    }

    #[test]
    fn three_byte_needles_match_exact_case_variants() {
        assert_eq!(keys3(b"dob", true).len(), 8);
        assert_eq!(keys3(b"St ", false).len(), 1);
        assert_eq!(
            find(&[("dob", true), ("St ", false)], "DOB dOb st Main St x"),
            vec![(0, 0), (0, 4), (1, 16)]
        );
        assert_eq!(find(&[("end", false)], "the end"), vec![(0, 4)]);
    }

    #[test]
    fn case_insensitive_three_byte_needles_at_every_position() {
        assert_eq!(find(&[("dob", true)], "dob"), vec![(0, 0)]);
        assert_eq!(find(&[("dob", true)], "x DoB"), vec![(0, 2)]);
        assert_eq!(
            find(&[("dob", true)], "adobe\u{e9}dob\n"),
            vec![(0, 1), (0, 7)]
        );
        assert_eq!(find(&[("dx:", true)], "DX:DX:"), vec![(0, 0), (0, 3)]);
    }

    /// Every needle at every offset of inputs of every length up to 40 (so the 8-position
    /// steps, their tail and the end-of-input checks are all crossed), against a naive search.
    #[test]
    fn agrees_with_a_naive_search() {
        let needles = [
            ("AKIA", false),
            ("password", true),
            ("SK0", false),
            ("dob", true),
            ("-----BEGIN", false),
            ("xoxb-", false),
        ];
        let naive = |hay: &[u8]| {
            let mut v = Vec::new();
            for (i, (n, ci)) in needles.iter().enumerate() {
                let n = n.as_bytes();
                for at in 0..hay.len() {
                    if let Some(w) = hay.get(at..at + n.len()) {
                        if (*ci && w.eq_ignore_ascii_case(n)) || (!*ci && w == n) {
                            v.push((i, at));
                        }
                    }
                }
            }
            v.sort_by_key(|&(i, at)| (at, i));
            v
        };
        for len in 0..40usize {
            for (i, (n, _)) in needles.iter().enumerate() {
                for at in 0..len.saturating_sub(n.len() - 1) {
                    let mut hay = vec![b'.'; len];
                    let text = if i == 3 { "DoB" } else { n };
                    hay[at..at + n.len()].copy_from_slice(text.as_bytes());
                    let hay = String::from_utf8(hay).expect("ascii");
                    let got = find(&needles, &hay);
                    assert_eq!(got, naive(hay.as_bytes()), "{hay:?}");
                    assert!(got.contains(&(i, at)), "{hay:?}");
                }
            }
        }
    }

    #[test]
    fn whole_word_three_byte_needles_skip_glued_occurrences() {
        let s = LiteralSearcher::new(vec![Needle {
            bytes: b"sin".to_vec(),
            ci: true,
            word: true,
        }]);
        let mut v = Vec::new();
        s.find_all(b"using SIN: x sin\nbasin sin", |i, at| v.push((i, at)));
        v.sort_unstable();
        // "using" is glued on the right and never reported; "basin" is (the caller checks the
        // left side); the last one ends the input.
        assert_eq!(v, vec![(0, 6), (0, 13), (0, 19), (0, 23)]);
    }

    #[test]
    fn edges_and_empty() {
        assert_eq!(find(&[("abc", false)], "abc"), vec![(0, 0)]);
        assert_eq!(find(&[("abc", false)], "ab"), vec![]);
        assert_eq!(find(&[], "abc"), vec![]);
        assert_eq!(find(&[("abcd", false)], "xxabc"), vec![]);
    }
}
