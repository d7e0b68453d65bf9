//! The scanner: prefilter -> confirm in a window -> allowlists -> validators -> context, over
//! chunks, then overlap resolution into a [`Verdict`]. Exact-data-match sets ([`crate::edm`])
//! run their own pass over each chunk; findings get fingerprints ([`crate::fingerprint`]) when
//! the builder has a key.
//!
//! Content is processed in chunks (1 MiB by default) that overlap by the largest window any
//! detector needs, so a value on a chunk boundary is still found exactly once: each chunk only
//! *accepts* findings that start in its own region, and the overlap gives those findings their
//! full regex reach and context on both sides. Memory is bounded by the chunk size whatever the
//! input size ([`Scanner::scan_reader`]). The scanner holds no content after a call returns and
//! never logs.

use crate::compile::{Detector, RuleSet};
use crate::decode::sniff;
use crate::error::Error;
use crate::fingerprint::{AggFingerprint, FingerprintKey, Fingerprinter};
use crate::prefilter::{Candidate, Prefilter};
use crate::resolve::{group_by_detector, resolve_overlaps};
pub(crate) use crate::state::{OffsetMap, Raw, State};
use crate::validators::shannon_entropy;
use crate::verdict::{example_key, is_placeholder, mask_bytes, Encoding, Finding, Verdict};
use regex_automata::Input;
use std::io::Read;
use std::ops::Range;

/// Default chunk size.
pub const DEFAULT_CHUNK_SIZE: usize = 1024 * 1024;
/// Default cap on findings per content item.
pub const DEFAULT_MAX_FINDINGS: usize = 10_000;

/// Builds a [`Scanner`] from a [`RuleSet`].
#[derive(Debug, Clone)]
pub struct ScannerBuilder {
    chunk_size: usize,
    max_findings: usize,
    threads: usize,
    fingerprint_key: Option<FingerprintKey>,
    warm_up: bool,
}

impl Default for ScannerBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ScannerBuilder {
    /// A builder with the defaults.
    pub fn new() -> Self {
        ScannerBuilder {
            chunk_size: DEFAULT_CHUNK_SIZE,
            max_findings: DEFAULT_MAX_FINDINGS,
            threads: 2,
            fingerprint_key: None,
            warm_up: true,
        }
    }

    /// Whether `build` scans every detector's examples once so the first real scan is fast
    /// (default on: the agent keeps its scanner and wants its first paste answered quickly). A
    /// one-shot command that scans once turns it off: warming up costs it more than it saves.
    pub fn warm_up(&mut self, on: bool) -> &mut Self {
        self.warm_up = on;
        self
    }

    /// Gives every finding a fingerprint, [`Finding::fingerprint`]: a keyed hash of detector
    /// and value (see [`crate::fingerprint()`]), for suppressions that never hold the value.
    /// Without a key, findings have none (and their JSON has no `fingerprint` field).
    pub fn fingerprint_key(&mut self, key: [u8; 32]) -> &mut Self {
        self.fingerprint_key = Some(FingerprintKey(key));
        self
    }

    /// Bytes scanned per chunk (at least 4 KiB). Smaller chunks use less memory.
    pub fn chunk_size(&mut self, bytes: usize) -> &mut Self {
        self.chunk_size = bytes.max(4096);
        self
    }

    /// Threads a large (over 4 MiB) in-memory scan may use: 2 (the default, when the machine
    /// has two cores) or 1. Results are the same either way.
    pub fn threads(&mut self, n: usize) -> &mut Self {
        self.threads = n.clamp(1, 2);
        self
    }

    /// The most findings reported for one item; further ones set [`Verdict::truncated`].
    pub fn max_findings(&mut self, n: usize) -> &mut Self {
        self.max_findings = n.max(1);
        self
    }

    /// Builds the scanner.
    pub fn build(&self, rules: RuleSet) -> Scanner {
        let prefilter = Prefilter::new(&rules.detectors);
        let reach = rules
            .detectors
            .iter()
            .map(|d| {
                let ctx = d
                    .context
                    .as_ref()
                    .map(|c| c.before.max(c.after))
                    .unwrap_or(0);
                2 * d.reach() + ctx
            })
            .max()
            .unwrap_or(0);
        let edm = (0u32..)
            .zip(&rules.detectors)
            .filter(|(_, d)| d.edm.is_some())
            .map(|(i, _)| i)
            .collect();
        let fingerprinter = self
            .fingerprint_key
            .as_ref()
            .map(|k| Fingerprinter::new(k, rules.detectors.iter().map(|d| d.meta.id.as_str())));
        let scanner = Scanner {
            rules,
            prefilter,
            edm,
            fingerprinter,
            chunk_size: self.chunk_size,
            overlap: reach + 16,
            max_findings: self.max_findings,
            threads: self.threads,
        };
        if self.warm_up {
            scanner.warm_up();
        }
        scanner
    }
}

/// Whether `value` is one of the detector's published examples, compared as
/// [`example_key`] does, without allocating for values of up to 96 letters and digits.
fn is_known_example(d: &Detector, value: &[u8]) -> bool {
    let mut key = [0u8; 96];
    let mut n = 0;
    for b in value.iter().filter(|b| b.is_ascii_alphanumeric()) {
        match key.get_mut(n) {
            Some(slot) => *slot = b.to_ascii_lowercase(),
            None => return d.examples_known.contains(&example_key(value)),
        }
        n += 1;
    }
    d.examples_known.contains(&key[..n])
}

/// A compiled scanner. Cheap to share between threads (`&Scanner` is `Sync`).
pub struct Scanner {
    pub(crate) rules: RuleSet,
    pub(crate) prefilter: Prefilter,
    /// Indices of the exact-data-match sets among the detectors.
    pub(crate) edm: Vec<u32>,
    pub(crate) fingerprinter: Option<Fingerprinter>,
    chunk_size: usize,
    overlap: usize,
    max_findings: usize,
    threads: usize,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field("detectors", &self.rules.len())
            .field("literals", &self.prefilter.literal_count())
            .field("chunk_size", &self.chunk_size)
            .field("overlap", &self.overlap)
            .field("fingerprints", &self.fingerprinter.is_some())
            .finish()
    }
}

impl Scanner {
    /// Runs every detector's inline examples once, so that the first real scan (a paste the
    /// user is waiting on) does not pay for creating regex caches and building the commonest
    /// lazy-DFA states. The examples are part of the rule set; this costs some tens of ms at build
    /// (see [`ScannerBuilder::warm_up`]).
    fn warm_up(&self) {
        for d in &self.rules.detectors {
            for ex in &d.meta.examples.matches {
                let _ = self.scan(ex.text().as_bytes());
            }
        }
    }

    /// Threads a large in-memory scan may use (1 or 2).
    pub(crate) fn threads(&self) -> usize {
        self.threads
    }

    /// The fingerprinter, when a key is set.
    pub(crate) fn fingerprinter(&self) -> Option<&Fingerprinter> {
        self.fingerprinter.as_ref()
    }

    /// The detectors this scanner runs.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Scans one content item held in memory.
    pub fn scan(&self, input: &[u8]) -> Verdict {
        let sniffed = sniff(input);
        let mut st = self.new_state();
        match sniffed.decode_utf16(input) {
            Some((text, map)) => {
                self.scan_text(&text, Some((&map, input.len() as u64)), 0, &mut st);
            }
            None => {
                let text = &input[sniffed.bom.min(input.len())..];
                self.scan_text(text, None, sniffed.bom as u64, &mut st);
            }
        }
        self.finish(st, sniffed.encoding, sniffed.binary)
    }

    /// Scans a stream in bounded memory (about three chunks), whatever its length.
    pub fn scan_reader<R: Read>(&self, mut reader: R) -> Result<Verdict, Error> {
        let mut st = self.new_state();
        let c = self.chunk_size;
        let o = self.overlap;
        let mut raw = vec![0u8; c];
        // First read: sniff.
        let mut head = Vec::with_capacity(c);
        let mut eof = false;
        while head.len() < 8192 && !eof {
            let n = read_some(&mut reader, &mut raw)?;
            eof = n == 0;
            head.extend_from_slice(&raw[..n]);
        }
        let sniffed = sniff(&head);
        let mut decoder = sniffed.utf16_decoder();
        let mut text: Vec<u8> = Vec::with_capacity(c + 2 * o + 8);
        let mut map: Vec<u64> = Vec::new();
        let mut text_base: u64 = 0;
        let mut accepted: u64 = 0;
        let bom = sniffed.bom.min(head.len());
        let mut pending_input = head[bom..].to_vec();
        loop {
            // Move input into the text buffer.
            match decoder.as_mut() {
                Some(d) => d.feed(&pending_input, eof, &mut text, &mut map),
                None => text.extend_from_slice(&pending_input),
            }
            pending_input.clear();
            let text_end = text_base + text.len() as u64;
            if !eof && text_end < accepted + (c + o) as u64 {
                let n = read_some(&mut reader, &mut raw)?;
                eof = n == 0;
                pending_input.extend_from_slice(&raw[..n]);
                continue;
            }
            let accept_end = if eof { text_end } else { text_end - o as u64 };
            let map_end = decoder.as_ref().map(|d| d.offset()).unwrap_or(0);
            let offsets = OffsetMap {
                text_base,
                plain_base: bom as u64,
                map: decoder.as_ref().map(|_| (&map[..], map_end)),
            };
            let accept = (accepted - text_base) as usize..(accept_end - text_base) as usize;
            self.scan_chunk(&text, accept, offsets, &mut st);
            accepted = accept_end;
            if eof {
                break;
            }
            // Keep `o` bytes of look-behind before the next accept region.
            let keep_from = accepted.saturating_sub(o as u64).max(text_base);
            let drop = (keep_from - text_base) as usize;
            text.drain(..drop);
            if decoder.is_some() {
                map.drain(..drop);
            }
            text_base = keep_from;
        }
        Ok(self.finish(st, sniffed.encoding, sniffed.binary))
    }

    pub(crate) fn new_state(&self) -> State {
        State {
            counts: vec![0; self.rules.len()],
            has_raw: vec![false; self.rules.len()],
            agg: vec![None; self.rules.len()],
            agg_fp: (0..self.rules.len()).map(|_| None).collect(),
            caps: (0..self.rules.len()).map(|_| None).collect(),
            edm: self.edm.iter().map(|_| None).collect(),
            ..State::default()
        }
    }

    /// Scans an in-memory text in overlapping chunks (on two threads when it is large: see
    /// `parallel.rs`).
    pub(crate) fn scan_text(
        &self,
        text: &[u8],
        map: Option<(&[u64], u64)>,
        plain_base: u64,
        st: &mut State,
    ) {
        let chunks = text.len().div_ceil(self.chunk_size.max(1)).max(1);
        if !self.scan_text_parallel(text, map, plain_base, chunks, st) {
            self.scan_chunks(text, map, plain_base, 0..chunks, st);
        }
    }

    /// Scans chunks `range` (chunk `i` accepts matches starting in
    /// `i * chunk_size..(i + 1) * chunk_size`) of an in-memory text. Chunks are independent:
    /// any split of the range gives the same findings once the states are merged.
    pub(crate) fn scan_chunks(
        &self,
        text: &[u8],
        map: Option<(&[u64], u64)>,
        plain_base: u64,
        range: Range<usize>,
        st: &mut State,
    ) {
        let c = self.chunk_size;
        let o = self.overlap;
        let mut s = range.start * c;
        let stop = range.end.saturating_mul(c);
        if range.is_empty() {
            return;
        }
        loop {
            let lo = s.saturating_sub(o);
            let hi = (s + c + o).min(text.len());
            let accept_hi = if s + c >= text.len() {
                text.len()
            } else {
                s + c
            };
            let offsets = OffsetMap {
                text_base: lo as u64,
                plain_base,
                map: map.map(|(m, end)| {
                    (
                        &m[lo..hi],
                        if hi == text.len() {
                            end
                        } else {
                            m.get(hi).copied().unwrap_or(end)
                        },
                    )
                }),
            };
            self.scan_chunk(&text[lo..hi], s - lo..accept_hi - lo, offsets, st);
            s += c;
            if s >= text.len() || s >= stop {
                break;
            }
        }
    }

    /// Runs the prefilter over `buf` and confirms each candidate window.
    fn scan_chunk(&self, buf: &[u8], accept: Range<usize>, offsets: OffsetMap<'_>, st: &mut State) {
        let mut raw_cands: Vec<Candidate> = Vec::new();
        self.prefilter.candidates(buf, &mut raw_cands);
        let cands = group_by_detector(raw_cands, self.rules.len());
        // Merge overlapping windows of the same detector, then confirm detector by detector.
        let mut windows: Vec<Range<usize>> = Vec::new();
        let mut i = 0;
        while i < cands.len() {
            let det = cands[i].det;
            windows.clear();
            while i < cands.len() && cands[i].det == det {
                let start = cands[i].start as usize;
                let mut end = cands[i].end as usize;
                i += 1;
                while i < cands.len() && cands[i].det == det && (cands[i].start as usize) <= end {
                    end = end.max(cands[i].end as usize);
                    i += 1;
                }
                windows.push(start..end);
            }
            let aggregate = self
                .rules
                .detectors
                .get(det as usize)
                .filter(|d| d.aggregate)
                .map(|d| d.min_count);
            let started = st.timing.is_some().then(std::time::Instant::now);
            match aggregate {
                None => {
                    for w in &windows {
                        self.confirm(det, buf, w.clone(), &accept, offsets, st);
                    }
                }
                Some(min_count) => {
                    self.confirm_aggregate(det, min_count, buf, &windows, &accept, offsets, st)
                }
            }
            if let (Some(t0), Some(timing)) = (started, st.timing.as_mut()) {
                if let Some(slot) = timing.get_mut(det as usize) {
                    slot.0 += t0.elapsed();
                    slot.1 += windows.len();
                }
            }
        }
        self.scan_edm(buf, &accept, offsets, st);
        if let Some(fp) = &self.fingerprinter {
            let upto = offsets.text_base + accept.end as u64;
            for (det, (agg, slot)) in st.agg.iter().zip(st.agg_fp.iter_mut()).enumerate() {
                if let Some(a) = agg {
                    let span = (a.tstart, a.tend);
                    AggFingerprint::advance(
                        slot,
                        fp,
                        det as u32,
                        buf,
                        offsets.text_base,
                        span,
                        upto,
                    );
                }
            }
        }
    }

    /// An aggregating detector only needs `min_count` matches and the span from the first to
    /// the last: confirm windows from the front until enough matched, then from the back until
    /// one matches, and skip the middle.
    #[allow(clippy::too_many_arguments)]
    fn confirm_aggregate(
        &self,
        det: u32,
        min_count: usize,
        buf: &[u8],
        windows: &[Range<usize>],
        accept: &Range<usize>,
        offsets: OffsetMap<'_>,
        st: &mut State,
    ) {
        let count = |st: &State| st.counts.get(det as usize).copied().unwrap_or(0);
        let mut front = 0;
        while front < windows.len() && count(st) < min_count {
            self.confirm(det, buf, windows[front].clone(), accept, offsets, st);
            front += 1;
        }
        for w in windows[front..].iter().rev() {
            let before = count(st);
            self.confirm(det, buf, w.clone(), accept, offsets, st);
            if count(st) > before {
                break;
            }
        }
    }

    fn confirm(
        &self,
        det: u32,
        buf: &[u8],
        window: Range<usize>,
        accept: &Range<usize>,
        offsets: OffsetMap<'_>,
        st: &mut State,
    ) {
        let Some(d) = self.rules.detectors.get(det as usize) else {
            return;
        };
        let input = Input::new(buf).span(window);
        if d.capture == 0 {
            for m in d.regex.find_iter(input) {
                self.accept(d, det, buf, m.start()..m.end(), accept, offsets, st);
            }
        } else {
            // One reusable `Captures` per detector and scan (captures_iter allocates per match).
            let mut caps = st
                .caps
                .get_mut(det as usize)
                .and_then(Option::take)
                .unwrap_or_else(|| d.regex.create_captures());
            let mut input = input;
            loop {
                d.regex.search_captures(&input, &mut caps);
                let Some(m) = caps.get_match() else {
                    break;
                };
                if let Some(sp) = caps.get_group(d.capture) {
                    self.accept(d, det, buf, sp.start..sp.end, accept, offsets, st);
                }
                let next = if m.is_empty() { m.end() + 1 } else { m.end() };
                if next > input.end() {
                    break;
                }
                input.set_start(next);
            }
            if let Some(slot) = st.caps.get_mut(det as usize) {
                *slot = Some(caps);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn accept(
        &self,
        d: &Detector,
        det: u32,
        buf: &[u8],
        span: Range<usize>,
        accept: &Range<usize>,
        offsets: OffsetMap<'_>,
        st: &mut State,
    ) {
        if span.is_empty() || !accept.contains(&span.start) {
            return;
        }
        let value = &buf[span.clone()];
        if d.allowlist.contains(value)
            || d.allowlist_patterns
                .iter()
                .any(|r| r.is_match(Input::new(value)))
        {
            return;
        }
        if let Some(v) = d.validator {
            if !v.validate(value) {
                return;
            }
        }
        if let Some(min) = d.min_entropy {
            if shannon_entropy(value) < min {
                return;
            }
        }
        let mut confidence = d.confidence;
        if let Some(ctx) = &d.context {
            match ctx.judge(buf, &span) {
                Some(boost) => confidence += boost,
                None => return,
            }
        }
        let raw = Raw {
            det,
            start: offsets.original(span.start),
            end: offsets.original(span.end),
            tstart: offsets.text_base + span.start as u64,
            tend: offsets.text_base + span.end as u64,
            confidence: confidence.min(0.99),
            preview: String::new(),
            fp: None,
            example: !d.aggregate
                && (is_placeholder(value)
                    || (!d.examples_known.is_empty() && is_known_example(d, value))),
        };
        let idx = det as usize;
        if let Some(c) = st.counts.get_mut(idx) {
            *c += 1;
        }
        if d.aggregate {
            if let Some(slot) = st.agg.get_mut(idx) {
                match slot {
                    Some(first) => {
                        first.end = first.end.max(raw.end);
                        first.tend = first.tend.max(raw.tend);
                    }
                    None => *slot = Some(raw),
                }
            }
            return;
        }
        let first = !st.has_raw.get(idx).copied().unwrap_or(true);
        if st.raws.len() >= 4 * self.max_findings && !first {
            st.truncated = true;
            return;
        }
        if let Some(h) = st.has_raw.get_mut(idx) {
            *h = true;
        }
        st.raws.push(Raw {
            preview: mask_bytes(value),
            fp: self.fingerprinter.as_ref().and_then(|f| f.of(det, value)),
            ..raw
        });
    }

    fn finish(&self, st: State, encoding: Encoding, binary: bool) -> Verdict {
        let dets = &self.rules.detectors;
        let keep = |r: &Raw| {
            let d = &dets[r.det as usize];
            st.counts.get(r.det as usize).copied().unwrap_or(0) >= d.min_count
        };
        let raws: Vec<Raw> = st.raws.into_iter().filter(|r| keep(r)).collect();
        let mut out = resolve_overlaps(raws, dets);
        for (a, fp) in st.agg.into_iter().zip(st.agg_fp) {
            if let Some(a) = a.filter(|a| keep(a)) {
                // Only "at least min_count" is known: aggregation stops counting once the span
                // is settled, and where it stops depends on chunking.
                out.push(Raw {
                    preview: format!("at least {} matches", dets[a.det as usize].min_count),
                    fp: fp.and_then(AggFingerprint::finish),
                    ..a
                });
            }
        }
        out.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
        let mut truncated = st.truncated;
        if out.len() > self.max_findings {
            // Keep each detector's first finding whatever the cap (a Restricted finding past
            // the cap must still decide), then the earliest others up to the cap.
            let mut seen = vec![false; dets.len()];
            let first: Vec<bool> = out
                .iter()
                .map(|r| !std::mem::replace(&mut seen[r.det as usize], true))
                .collect();
            let mut room = self
                .max_findings
                .saturating_sub(first.iter().filter(|f| **f).count());
            let mut i = 0;
            out.retain(|_| {
                let keep = first[i] || room > 0;
                if !first[i] && room > 0 {
                    room -= 1;
                }
                i += 1;
                keep
            });
            truncated = true;
        }
        let findings = out
            .into_iter()
            .map(|r| {
                let d = &dets[r.det as usize];
                Finding {
                    detector: d.meta.id.clone(),
                    category: d.meta.category,
                    start: r.start as usize,
                    end: r.end as usize,
                    confidence: (f64::from(r.confidence) * 100.0).round() / 100.0,
                    preview: r.preview,
                    fingerprint: r.fp.map(|t| crate::mac::hex(&t)),
                    class: d.meta.class,
                    customer_data: d.meta.customer_data,
                    redact: d.redact,
                    text_span: (r.tstart as usize, r.tend as usize),
                    example: r.example,
                }
            })
            .collect();
        let mut v = Verdict::from_findings(findings);
        v.encoding = encoding;
        v.binary = binary;
        v.truncated = truncated;
        v
    }
}

fn read_some<R: Read>(r: &mut R, buf: &mut [u8]) -> Result<usize, Error> {
    loop {
        match r.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::Read(e)),
        }
    }
}
