//! Scanning a large in-memory text on two threads. The chunks of an in-memory scan are
//! independent (each accepts the matches that start in its own range, looking into its
//! neighbours' bytes for context), so the first half of the chunks is scanned on the calling
//! thread and the second half on another, and the two states are merged in chunk order:
//! findings, counts and aggregated spans come out as a one-thread scan's.

use crate::fingerprint::AggFingerprint;
use crate::scanner::Scanner;
use crate::state::State;

/// Texts shorter than this are scanned on one thread (a thread costs more than it saves).
pub(crate) const PARALLEL_MIN_BYTES: usize = 4 << 20;

impl Scanner {
    /// Scans `text` on two threads when it is large and the machine has two cores; returns
    /// whether it did (else the caller scans on one thread).
    pub(crate) fn scan_text_parallel(
        &self,
        text: &[u8],
        map: Option<(&[u64], u64)>,
        plain_base: u64,
        chunks: usize,
        st: &mut State,
    ) -> bool {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if self.threads() < 2
            || text.len() < PARALLEL_MIN_BYTES
            || chunks < 2
            || cores < 2
            || st.timing.is_some()
        {
            return false;
        }
        let mid = chunks / 2;
        let second = std::thread::scope(|scope| {
            let handle = scope.spawn(|| {
                let mut other = self.new_state();
                self.scan_chunks(text, map, plain_base, mid..chunks, &mut other);
                other
            });
            self.scan_chunks(text, map, plain_base, 0..mid, st);
            handle.join().ok()
        });
        let other = match second {
            Some(o) => o,
            None => {
                // The helper thread failed: scan its half here.
                let mut o = self.new_state();
                self.scan_chunks(text, map, plain_base, mid..chunks, &mut o);
                o
            }
        };
        self.merge(st, other, text);
        true
    }

    /// Appends the state of later chunks to the state of earlier ones.
    fn merge(&self, st: &mut State, later: State, text: &[u8]) {
        st.raws.extend(later.raws);
        for (c, l) in st.counts.iter_mut().zip(later.counts) {
            *c += l;
        }
        for (h, l) in st.has_raw.iter_mut().zip(later.has_raw) {
            *h |= l;
        }
        for (a, l) in st.agg.iter_mut().zip(later.agg) {
            match (a.as_mut(), l) {
                (Some(first), Some(l)) => {
                    first.end = first.end.max(l.end);
                    first.tend = first.tend.max(l.tend);
                }
                (None, Some(l)) => *a = Some(l),
                _ => {}
            }
        }
        st.truncated |= later.truncated;
        // Aggregated spans now cross the halves: fingerprint each over its whole text.
        if let Some(fp) = self.fingerprinter() {
            for (det, (a, slot)) in st.agg.iter().zip(st.agg_fp.iter_mut()).enumerate() {
                *slot = a.as_ref().and_then(|a| {
                    let span = text.get(a.tstart as usize..a.tend as usize)?;
                    AggFingerprint::whole(fp, det as u32, span, a.tend)
                });
            }
        }
    }
}
