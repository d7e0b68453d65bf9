//! Per-scan state of the scanner: findings before overlap resolution, match counts, aggregate
//! spans, scratch space, and where chunk offsets land in the original input. Lives for one
//! `scan` call; holds no content (previews are masked) and is dropped when the call returns.

use crate::edm::EdmCache;
use crate::fingerprint::AggFingerprint;

/// A finding before overlap resolution.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub(crate) det: u32,
    pub(crate) start: u64,
    pub(crate) end: u64,
    pub(crate) tstart: u64,
    pub(crate) tend: u64,
    pub(crate) confidence: f32,
    pub(crate) preview: String,
    /// Keyed hash of detector and value, when the scanner has a fingerprint key.
    pub(crate) fp: Option<[u8; 16]>,
    /// The value is a published example or a placeholder ([`crate::Finding::example`]).
    pub(crate) example: bool,
}

/// Where chunk-relative text offsets land in the original input.
#[derive(Clone, Copy)]
pub(crate) struct OffsetMap<'a> {
    /// Text offset of the chunk's first byte.
    pub(crate) text_base: u64,
    /// Original offset of text offset 0 when there is no map (the BOM length).
    pub(crate) plain_base: u64,
    /// UTF-16 only: per chunk byte, its input offset; plus the offset just past the chunk.
    pub(crate) map: Option<(&'a [u64], u64)>,
}

impl OffsetMap<'_> {
    pub(crate) fn original(&self, rel: usize) -> u64 {
        match self.map {
            None => self.plain_base + self.text_base + rel as u64,
            Some((m, end)) => m.get(rel).copied().unwrap_or(end),
        }
    }
}

/// Everything one scan accumulates, across its chunks.
#[derive(Default)]
pub(crate) struct State {
    pub(crate) raws: Vec<Raw>,
    pub(crate) counts: Vec<usize>,
    /// Aggregating detectors: first raw and the furthest end.
    pub(crate) agg: Vec<Option<Raw>>,
    /// Aggregating detectors with a fingerprint key: the span's fingerprint under way.
    pub(crate) agg_fp: Vec<Option<AggFingerprint>>,
    /// Profiling only: time and windows spent confirming, per detector.
    pub(crate) timing: Option<Vec<(std::time::Duration, usize)>>,
    /// Reusable capture slots, per detector.
    pub(crate) caps: Vec<Option<regex_automata::util::captures::Captures>>,
    /// Exact-data-match scratch space, per set (in `Scanner::edm` order).
    pub(crate) edm: Vec<Option<EdmCache>>,
    pub(crate) truncated: bool,
    /// Per detector: whether one of its findings is kept (past the findings cap, only a
    /// detector's first finding is still kept, so no detector is ever lost to truncation).
    pub(crate) has_raw: Vec<bool>,
}
