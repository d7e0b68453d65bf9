//! Safety limits and the running budget of one extraction: bytes read, bytes decompressed,
//! compression ratio, nesting depth, archive entries and time. Every format reader asks the
//! budget before doing more work, so a hostile file ends in `unscannable` quickly and in
//! bounded memory, never in a hang or a crash.

use crate::location::Segment;
use crate::outcome::Unscannable;
use std::io::Read;
use std::time::{Duration, Instant};

/// Limits of one extraction (the bundle's agent settings set them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the content item itself.
    pub max_bytes: u64,
    /// Total bytes decompressed from archives and compressed parts.
    pub max_decompressed_bytes: u64,
    /// Largest decompressed/compressed ratio of one entry.
    pub max_ratio: u64,
    /// Archive nesting depth (a document inside a zip inside an e-mail is depth 2).
    pub max_depth: u32,
    /// Entries across all archives of the item.
    pub max_entries: u32,
    /// Time budget for the whole item.
    pub time_budget: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 256 << 20,
            max_decompressed_bytes: 512 << 20,
            max_ratio: 200,
            max_depth: 5,
            max_entries: 10_000,
            time_budget: Duration::from_secs(10),
        }
    }
}

/// The running state of one extraction.
#[derive(Debug)]
pub(crate) struct Ctx {
    pub limits: Limits,
    started: Instant,
    decompressed: u64,
    entries: u32,
    pub depth: u32,
    pub segments: Vec<Segment>,
    /// Bytes of text in `segments`.
    text_bytes: u64,
    /// The declared size of the next stream to read (a capacity hint, never trusted further).
    pub size_hint: Option<u64>,
}

/// Result of a reader.
pub(crate) type Res<T> = Result<T, Unscannable>;

impl Ctx {
    pub fn new(limits: Limits) -> Ctx {
        Ctx {
            limits,
            started: Instant::now(),
            decompressed: 0,
            entries: 0,
            depth: 0,
            segments: Vec::new(),
            text_bytes: 0,
            size_hint: None,
        }
    }

    /// A budget for work done on another thread for this extraction: the same limits and
    /// clock, and at most `bytes` more to decompress. What it decompressed is added back
    /// with [`Ctx::add_decompressed`].
    pub fn detached(&self, bytes: u64) -> Ctx {
        let left = self
            .limits
            .max_decompressed_bytes
            .saturating_sub(self.decompressed);
        let mut ctx = Ctx::new(self.limits.clone());
        ctx.started = self.started;
        ctx.decompressed = ctx
            .limits
            .max_decompressed_bytes
            .saturating_sub(bytes.min(left));
        ctx
    }

    /// Bytes decompressed so far.
    pub fn decompressed(&self) -> u64 {
        self.decompressed
    }

    /// Counts `bytes` decompressed on another thread (see [`Ctx::detached`]).
    pub fn add_decompressed(&mut self, bytes: u64) -> Res<()> {
        self.decompressed = self.decompressed.saturating_add(bytes);
        if self.decompressed > self.limits.max_decompressed_bytes {
            return Err(Unscannable::Bomb {
                detail: format!(
                    "more than {} bytes decompressed in total",
                    self.limits.max_decompressed_bytes
                ),
            });
        }
        Ok(())
    }

    /// Fails when the time budget is spent.
    pub fn check_time(&self) -> Res<()> {
        if self.started.elapsed() > self.limits.time_budget {
            return Err(Unscannable::Timeout {
                budget_ms: self.limits.time_budget.as_millis() as u64,
            });
        }
        Ok(())
    }

    /// Counts one more archive entry.
    pub fn count_entry(&mut self) -> Res<()> {
        self.entries += 1;
        if self.entries > self.limits.max_entries {
            return Err(Unscannable::TooManyEntries {
                limit: self.limits.max_entries,
            });
        }
        Ok(())
    }

    /// Reads a compressed stream fully, within the decompressed-size and ratio limits.
    /// `compressed` is the stream's compressed size when known (for the ratio check).
    pub fn read_limited(&mut self, reader: impl Read, compressed: Option<u64>) -> Res<Vec<u8>> {
        self.read_watched(reader, compressed, &|| None)
    }

    /// Like [`Ctx::read_limited`], with `consumed` telling how many compressed bytes have been
    /// read so far: the ratio is then checked as the data inflates, so a bomb is stopped after
    /// a few megabytes instead of at the end of the stream.
    pub fn read_watched(
        &mut self,
        reader: impl Read,
        compressed: Option<u64>,
        consumed: &dyn Fn() -> Option<u64>,
    ) -> Res<Vec<u8>> {
        self.check_time()?;
        let ratio = self.limits.max_ratio;
        let left = self
            .limits
            .max_decompressed_bytes
            .saturating_sub(self.decompressed);
        let ratio_cap = compressed
            .map(|c| c.max(1).saturating_mul(ratio).max(64 << 10))
            .unwrap_or(u64::MAX);
        let cap = left.min(ratio_cap);
        let ratio_error = || Unscannable::Bomb {
            detail: format!("data expands more than {ratio}x its compressed size"),
        };
        let mut out = Vec::with_capacity(
            usize::try_from(self.size_hint.take().unwrap_or(0).min(cap)).unwrap_or(0),
        );
        let mut limited = reader.take(cap.saturating_add(1));
        loop {
            // Straight into `out`, a MiB at a time, so that the limits are checked as it grows.
            match (&mut limited).take(1 << 20).read_to_end(&mut out) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.to_string().contains("larger than its declared") => {
                    return Err(Unscannable::Bomb {
                        detail: "an entry inflates past its declared size".into(),
                    })
                }
                Err(e) => return Err(Unscannable::corrupt("compressed data", e)),
            }
            let len = out.len() as u64;
            if len > cap {
                return Err(if cap == ratio_cap && ratio_cap < left {
                    ratio_error()
                } else {
                    Unscannable::Bomb {
                        detail: format!(
                            "more than {} bytes decompressed in total",
                            self.limits.max_decompressed_bytes
                        ),
                    }
                });
            }
            if let Some(c) = consumed() {
                if len > (1 << 20) && len > c.max(1).saturating_mul(ratio) {
                    return Err(ratio_error());
                }
            }
            self.check_time()?;
        }
        self.decompressed += out.len() as u64;
        Ok(out)
    }

    /// Adds a segment of extracted text (empty segments are dropped). Extracted text counts
    /// against the decompressed-size limit, so a format that expands (a PDF with millions of
    /// repeated glyphs) is bounded too.
    pub fn push(&mut self, segment: Segment) -> Res<()> {
        if segment.text.is_empty() {
            return Ok(());
        }
        self.text_bytes += segment.text.len() as u64;
        if self.text_bytes > self.limits.max_decompressed_bytes {
            return Err(Unscannable::Bomb {
                detail: format!(
                    "more than {} bytes of text extracted",
                    self.limits.max_decompressed_bytes
                ),
            });
        }
        self.segments.push(segment);
        Ok(())
    }

    /// Runs a third-party parser, turning a panic inside it into `corrupt`.
    pub fn guard<T>(what: &str, f: impl FnOnce() -> Res<T>) -> Res<T> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
            Ok(r) => r,
            Err(_) => Err(Unscannable::corrupt(what, "the parser failed on this file")),
        }
    }
}
