//! The generation machinery shared by every document kind: [`Gen`] (a seeded ChaCha8 stream
//! with small helpers and the "decks" that spread planted types evenly), [`Builder`] (a text
//! buffer that records a [`Label`] for every planted value) and [`render`] (a tiny template
//! filler for `«slot»` placeholders).
//!
//! Determinism: every random decision goes through [`Gen`], which samples integers as `u64`
//! ranges, so the same seed yields the same bytes on every platform.

use crate::{Doc, DocKind, Label};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A shuffled cycle over a fixed list of ids, so that each id is drawn equally often.
struct Deck {
    items: &'static [&'static str],
    order: Vec<usize>,
    pos: usize,
    /// Ids drawn by a context that could not hold them; handed out first to the next context
    /// that can.
    pending: Vec<&'static str>,
}

impl Deck {
    fn new(items: &'static [&'static str]) -> Self {
        Deck {
            items,
            order: Vec::new(),
            pos: 0,
            pending: Vec::new(),
        }
    }

    fn next(&mut self, rng: &mut ChaCha8Rng) -> &'static str {
        if self.pos >= self.order.len() {
            self.order = (0..self.items.len()).collect();
            for i in (1..self.order.len()).rev() {
                let j = rng.gen_range(0..=i as u64) as usize;
                self.order.swap(i, j);
            }
            self.pos = 0;
        }
        let id = self.items[self.order[self.pos]];
        self.pos += 1;
        id
    }

    fn draw(&mut self, rng: &mut ChaCha8Rng, accept: impl Fn(&str) -> bool) -> &'static str {
        if let Some(i) = self.pending.iter().position(|id| accept(id)) {
            return self.pending.remove(i);
        }
        // Every deck holds at least one id any context accepts, so this ends quickly.
        for _ in 0..4 * self.items.len() {
            let id = self.next(rng);
            if accept(id) {
                return id;
            }
            self.pending.push(id);
        }
        self.next(rng)
    }
}

/// The random source of one generation run.
pub(crate) struct Gen {
    rng: ChaCha8Rng,
    secrets: Deck,
    national: Deck,
    every: Deck,
    /// Whether document generators fill their optional secret/identifier slots with planted
    /// values (labeled corpus) or with placeholders and hard negatives (throughput filler).
    pub(crate) plant: bool,
}

impl Gen {
    /// A generator for `seed`; `plant` as in [`Gen::plant`].
    pub(crate) fn new(seed: u64, plant: bool) -> Self {
        Gen {
            rng: ChaCha8Rng::seed_from_u64(seed),
            secrets: Deck::new(crate::SECRET_IDS),
            national: Deck::new(crate::NATIONAL_IDS),
            every: Deck::new(crate::MIXED_IDS),
            plant,
        }
    }

    /// Uniform in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.rng.gen_range(0..n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: usize, hi: usize) -> usize {
        self.rng.gen_range(lo as u64..=hi as u64) as usize
    }

    /// `true` with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.rng.gen::<f64>() < p
    }

    /// A uniformly chosen element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A uniformly chosen string of a non-empty list.
    pub(crate) fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    /// A random `u64`.
    pub(crate) fn u64(&mut self) -> u64 {
        self.rng.gen()
    }

    /// Random bytes.
    pub(crate) fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut v = vec![0u8; n];
        self.rng.fill(&mut v[..]);
        v
    }

    /// Appends `n` characters drawn uniformly from the ASCII `alphabet`.
    pub(crate) fn push_from(&mut self, out: &mut String, alphabet: &[u8], n: usize) {
        for _ in 0..n {
            out.push(char::from(*self.pick(alphabet)));
        }
    }

    /// `n` characters drawn uniformly from the ASCII `alphabet`.
    pub(crate) fn string(&mut self, alphabet: &[u8], n: usize) -> String {
        let mut s = String::with_capacity(n);
        self.push_from(&mut s, alphabet, n);
        s
    }

    /// `n` lowercase hex digits (16 per random word).
    pub(crate) fn hex(&mut self, n: usize) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(n);
        let mut word = 0u64;
        for i in 0..n {
            if i % 16 == 0 {
                word = self.u64();
            }
            s.push(char::from(HEX[(word & 15) as usize]));
            word >>= 4;
        }
        s
    }

    /// `n` digit values (0..=9), the first one in `first_min..=9`.
    pub(crate) fn digit_values(&mut self, n: usize, first_min: u8) -> Vec<u8> {
        let mut v = Vec::with_capacity(n);
        for i in 0..n {
            let lo = if i == 0 { usize::from(first_min) } else { 0 };
            v.push(self.range(lo, 9) as u8);
        }
        v
    }

    /// `n` ASCII digits, the first one in `first_min..=9`.
    pub(crate) fn digits(&mut self, n: usize, first_min: u8) -> String {
        digits_to_string(&self.digit_values(n, first_min))
    }

    /// The next secret id (see [`crate::SECRET_IDS`]) that `accept` allows.
    pub(crate) fn next_secret(&mut self, accept: impl Fn(&str) -> bool) -> &'static str {
        self.secrets.draw(&mut self.rng, accept)
    }

    /// The next national identifier id (see [`crate::NATIONAL_IDS`]).
    pub(crate) fn next_national_id(&mut self) -> &'static str {
        self.national.draw(&mut self.rng, |_| true)
    }

    /// The next id of [`crate::MIXED_IDS`], cycling through all of them.
    pub(crate) fn next_any(&mut self) -> &'static str {
        self.every.draw(&mut self.rng, |_| true)
    }
}

/// Digit values (0..=9) as an ASCII string.
pub(crate) fn digits_to_string(d: &[u8]) -> String {
    d.iter().map(|&v| char::from(b'0' + v)).collect()
}

/// A growing document text plus the labels of the values planted in it.
pub(crate) struct Builder {
    text: String,
    labels: Vec<Label>,
    record: bool,
}

impl Builder {
    /// An empty builder; `record = false` skips label bookkeeping (throughput corpus).
    pub(crate) fn new(capacity: usize, record: bool) -> Self {
        Builder {
            text: String::with_capacity(capacity),
            labels: Vec::new(),
            record,
        }
    }

    /// Appends unlabeled text.
    pub(crate) fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Appends one unlabeled character.
    pub(crate) fn ch(&mut self, c: char) {
        self.text.push(c);
    }

    /// Appends `s` and a newline.
    pub(crate) fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }

    /// Appends a planted `value` and labels exactly its bytes as `detector`.
    pub(crate) fn plant(&mut self, detector: &'static str, value: &str) {
        let start = self.text.len();
        self.text.push_str(value);
        if self.record {
            self.labels.push(Label {
                detector,
                start,
                end: self.text.len(),
            });
        }
    }

    /// Labels `start..` (to the current end) as `detector`: a label that contains the values
    /// planted inside it (a whole source file is `source_code`). Kept sorted by start.
    pub(crate) fn label_from(&mut self, detector: &'static str, start: usize) {
        if self.record && start < self.text.len() {
            let at = self.labels.partition_point(|l| l.start < start);
            let end = self.text.len();
            self.labels.insert(
                at,
                Label {
                    detector,
                    start,
                    end,
                },
            );
        }
    }

    /// Bytes written so far.
    pub(crate) fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether the text ends with a newline (or is empty).
    pub(crate) fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }

    /// The finished document.
    pub(crate) fn finish(self, kind: DocKind) -> Doc {
        Doc {
            kind,
            text: self.text,
            labels: self.labels,
        }
    }

    /// The raw text (throughput corpus).
    pub(crate) fn into_text(self) -> String {
        self.text
    }
}

/// Writes `template` into `b`, calling `fill(slot, b)` for every `«slot»` placeholder.
///
/// Guillemets never occur in the templates' own text, so code with braces, `$` and `%` needs
/// no escaping. An unterminated `«` is written as is.
pub(crate) fn render(template: &str, b: &mut Builder, mut fill: impl FnMut(&str, &mut Builder)) {
    let mut rest = template;
    while let Some(open) = rest.find('«') {
        b.push(&rest[..open]);
        let after = &rest[open + '«'.len_utf8()..];
        match after.find('»') {
            Some(close) => {
                fill(&after[..close], b);
                rest = &after[close + '»'.len_utf8()..];
            }
            None => {
                b.push(&rest[open..]);
                return;
            }
        }
    }
    b.push(rest);
}
