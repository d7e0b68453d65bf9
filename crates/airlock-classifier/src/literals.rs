//! Many-literal search in one pass: a 3-byte fingerprint filter, then exact verification.
//!
//! Why not Aho-Corasick/Teddy: the rule set has close to a thousand literals (vendor prefixes,
//! keywords, context words, code constructs). Teddy takes at most 64 per automaton, so that many
//! literals need ~16 passes, and a single Aho-Corasick automaton over all of them runs at
//! 140-200 MB/s on this machine kind. Here the cost does not depend on the number of literals:
//!
//! 1. Each literal of 4+ bytes is fingerprinted on its *rarest* 4-byte window (by a static
//!    byte-frequency rank, the idea behind Hyperscan's and ripgrep's rare-byte prefilters), so
//!    `"  return"` is keyed on `turn`, not on two common spaces; case-folded (`| 0x20`).
//! 2. Each input byte enters a rolling 4-byte key; its folded hash indexes a 32 KiB bit table
//!    (L1-resident) of fingerprints. This is the only work done at most positions.
//! 3. 3-byte literals (a few dozen once case variants are expanded; rules keep them rare) are
//!    found by SIMD Teddy passes of `aho-corasick` (at most 64 patterns each), so the per-byte
//!    loop does one lookup; where Teddy is not available, by a second table keyed on the exact
//!    3 bytes.
//! 4. Where a bit is set, the literals sharing the key are looked up (a sorted table, binary
//!    search) and compared exactly at `position - offset` (case-sensitively, or ignoring ASCII
//!    case for keywords).
//!
//! Every occurrence of every literal is reported, overlapping ones included.

/// Bits in the 4-byte fingerprint table (2^18 bits = 32 KiB).
const BITS4: u32 = 18;
/// Bits in the exact 3-byte table (2^16 bits = 8 KiB), for 3-byte literals only.
const BITS3: u32 = 16;

#[inline]
fn fold(b: u8) -> u32 {
    u32::from(b | 0x20)
}

/// The folded key of a needle's first 4 bytes, big-endian like the rolling key.
fn key_of(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0, |k, &b| (k << 8) | fold(b))
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
}

/// The compiled literal searcher.
#[derive(Debug)]
pub(crate) struct LiteralSearcher {
    table4: Bits<WORDS4>,
    table3: Bits<WORDS3>,
    /// (folded 4-byte fingerprint, needle index, its offset in the needle), sorted; needles of
    /// 4 bytes or more.
    by_key4: Vec<(u32, u32, u32)>,
    /// (folded 3-byte key, needle index, 0), sorted; needles of exactly 3 bytes.
    by_key3: Vec<(u32, u32, u32)>,
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
        for (i, n) in needles.iter().enumerate() {
            match n.bytes.len() {
                0..=2 => continue,
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
        by_key4.sort_unstable();
        by_key3.sort_unstable();
        let teddy3 = Self::teddy3(&by_key3);
        LiteralSearcher {
            table4,
            table3,
            by_key4,
            by_key3,
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
        // Each position's key is loaded directly (no loop-carried dependency, so iterations
        // overlap); two loops so the common one (no 3-byte literals) does one lookup per byte.
        let has3 = !self.by_key3.is_empty() && self.teddy3.is_none();
        for (teddy, owners) in self.teddy3.iter().flatten() {
            for m in teddy.find_iter(hay) {
                if let Some(&idx) = owners.get(m.pattern().as_usize()) {
                    f(idx as usize, m.start());
                }
            }
        }
        for (start, w) in hay.windows(4).enumerate() {
            let key = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
            let k4 = key | 0x2020_2020;
            if self.table4.get(slot(k4, BITS4)) {
                self.verify(&self.by_key4, hay, start, k4, &mut f);
            }
            if has3 {
                let k3 = key >> 8;
                if self.table3.get(slot(k3, BITS3)) {
                    self.verify(&self.by_key3, hay, start, k3, &mut f);
                }
            }
        }
        // The last 3-byte position has no 4-byte window.
        if has3 && hay.len() >= 3 {
            let start = hay.len() - 3;
            let k3 = u32::from_be_bytes([0, hay[start], hay[start + 1], hay[start + 2]]);
            if self.table3.get(slot(k3, BITS3)) {
                self.verify(&self.by_key3, hay, start, k3, &mut f);
            }
        }
    }

    /// How many positions pass the bit tables, for profiling.
    pub(crate) fn probe_hits(&self, hay: &[u8]) -> usize {
        let mut n = 0;
        for w in hay.windows(4) {
            let key = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
            n += usize::from(self.table4.get(slot(key | 0x2020_2020, BITS4)));
            n += usize::from(self.table3.get(slot(key >> 8, BITS3)));
        }
        n
    }

    #[cold]
    fn verify(
        &self,
        list: &[(u32, u32, u32)],
        hay: &[u8],
        at: usize,
        key: u32,
        f: &mut impl FnMut(usize, usize),
    ) {
        let first = list.partition_point(|&(k, _, _)| k < key);
        for &(k, idx, off) in &list[first..] {
            if k != key {
                break;
            }
            let Some(n) = self.needles.get(idx as usize) else {
                continue;
            };
            let Some(start) = at.checked_sub(off as usize).filter(|&s| s < hay.len()) else {
                continue;
            };
            let Some(window) = hay.get(start..start + n.bytes.len()) else {
                continue;
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
    fn edges_and_empty() {
        assert_eq!(find(&[("abc", false)], "abc"), vec![(0, 0)]);
        assert_eq!(find(&[("abc", false)], "ab"), vec![]);
        assert_eq!(find(&[], "abc"), vec![]);
        assert_eq!(find(&[("abcd", false)], "xxabc"), vec![]);
    }
}
