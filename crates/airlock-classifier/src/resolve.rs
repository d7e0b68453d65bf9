//! Ordering and overlap resolution: grouping candidate windows by detector, and choosing among
//! overlapping findings (the most specific wins).

use crate::compile::Detector;
use crate::prefilter::Candidate;
use crate::scanner::Raw;

/// Orders candidates by detector, then start: a counting sort by detector (linear), then a
/// per-detector sort that is nearly free because each source emits positions in order.
pub(crate) fn group_by_detector(cands: Vec<Candidate>, detectors: usize) -> Vec<Candidate> {
    let mut starts = vec![0usize; detectors + 1];
    for c in &cands {
        if let Some(n) = starts.get_mut(c.det as usize + 1) {
            *n += 1;
        }
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut out = vec![
        Candidate {
            det: 0,
            start: 0,
            end: 0
        };
        cands.len()
    ];
    for c in cands {
        if let Some(slot) = next.get_mut(c.det as usize) {
            if let Some(o) = out.get_mut(*slot) {
                *o = c;
            }
            *slot += 1;
        }
    }
    for w in starts.windows(2) {
        if let Some(group) = out.get_mut(w[0]..w[1]) {
            if !group.is_sorted_by_key(|c| c.start) {
                group.sort_unstable_by_key(|c| c.start);
            }
        }
    }
    out
}

/// `raws` in (start, end, detector) order. Sorts small keys and then moves each finding once:
/// on finding-dense content (tens of thousands per item) moving whole findings through a
/// sort costs several times more.
fn sorted_by_position(raws: Vec<Raw>) -> Vec<Raw> {
    let mut keys: Vec<(u64, u64, u32, usize)> = raws
        .iter()
        .enumerate()
        .map(|(i, r)| (r.start, r.end, r.det, i))
        .collect();
    if keys.windows(2).all(|w| w[0] <= w[1]) {
        return raws;
    }
    keys.sort_unstable();
    let mut slots: Vec<Option<Raw>> = raws.into_iter().map(Some).collect();
    keys.iter()
        .filter_map(|&(_, _, _, i)| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// Resolves overlapping findings: the most specific wins (priority, then longer, then more
/// confident). Findings are swept in start order and only clusters of mutually overlapping
/// findings are ranked, so the common case (no overlap) costs one sort by position.
pub(crate) fn resolve_overlaps(raws: Vec<Raw>, dets: &[Detector]) -> Vec<Raw> {
    let raws = sorted_by_position(raws);
    let mut out: Vec<Raw> = Vec::with_capacity(raws.len());
    let mut cluster: Vec<Raw> = Vec::new();
    let mut cluster_end = 0u64;
    let flush = |cluster: &mut Vec<Raw>, out: &mut Vec<Raw>| {
        if cluster.len() <= 1 {
            out.append(cluster);
            return;
        }
        cluster.sort_by(|a, b| {
            let (pa, pb) = (dets[a.det as usize].priority, dets[b.det as usize].priority);
            pb.cmp(&pa)
                .then((b.end - b.start).cmp(&(a.end - a.start)))
                .then(b.confidence.total_cmp(&a.confidence))
                .then(a.start.cmp(&b.start))
        });
        let mut kept: Vec<Raw> = Vec::new();
        for r in cluster.drain(..) {
            if !kept.iter().any(|k| k.start < r.end && r.start < k.end) {
                kept.push(r);
            }
        }
        kept.sort_unstable_by_key(|r| (r.start, r.end));
        out.append(&mut kept);
    };
    for r in raws {
        if !cluster.is_empty() && r.start >= cluster_end {
            flush(&mut cluster, &mut out);
        }
        cluster_end = if cluster.is_empty() {
            r.end
        } else {
            cluster_end.max(r.end)
        };
        cluster.push(r);
    }
    flush(&mut cluster, &mut out);
    out
}
