//! Finding fingerprints: a keyed hash of the detector and the value, so that IT can suppress a
//! known false positive by fingerprint without anyone storing the value.
//!
//! `fingerprint = hex(HMAC-SHA256(key, detector_id || 0x00 || value)[..16])`, where the value is
//! the finding's text as scanned: the decoded UTF-8 text for UTF-16 input, so the same value
//! gives the same fingerprint whatever the encoding. An aggregated finding (one span over all
//! matches of a detector such as "source code") is fingerprinted over its whole span; since a
//! streamed scan never holds that span at once, its text is hashed as it passes chunk by chunk.

use crate::mac::{hex, keyed, tag16, HmacSha256};
use hmac::Mac;

/// The fingerprint of `value` found by `detector`, under `key`: lowercase hex of the first 16
/// bytes of HMAC-SHA256(key, detector || 0x00 || value). The same as a scanner built with
/// [`crate::ScannerBuilder::fingerprint_key`] reports for a finding of that value.
pub fn fingerprint(key: &[u8; 32], detector: &str, value: &[u8]) -> String {
    let mut mac = prefix(key, detector);
    mac.update(value);
    hex(&tag16(mac))
}

/// The MAC with the key, the detector id and the separator absorbed.
fn prefix(key: &[u8; 32], detector: &str) -> HmacSha256 {
    let mut mac = keyed(key);
    mac.update(detector.as_bytes());
    mac.update(&[0]);
    mac
}

/// A fingerprint key whose `Debug` does not print it.
#[derive(Clone)]
pub(crate) struct FingerprintKey(pub(crate) [u8; 32]);

impl std::fmt::Debug for FingerprintKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FingerprintKey(..)")
    }
}

/// Per detector, the MAC state after `key || id || 0x00`: a finding costs one clone and the
/// value's bytes.
pub(crate) struct Fingerprinter {
    per_detector: Vec<HmacSha256>,
}

impl Fingerprinter {
    /// One prefix state per detector id, in detector order.
    pub(crate) fn new<'a>(key: &FingerprintKey, ids: impl Iterator<Item = &'a str>) -> Self {
        Fingerprinter {
            per_detector: ids.map(|id| prefix(&key.0, id)).collect(),
        }
    }

    /// The fingerprint of `value` for detector `det`.
    pub(crate) fn of(&self, det: u32, value: &[u8]) -> Option<[u8; 16]> {
        let mut mac = self.start(det)?;
        mac.update(value);
        Some(tag16(mac))
    }

    /// The MAC state to feed a value of detector `det` into.
    pub(crate) fn start(&self, det: u32) -> Option<HmacSha256> {
        self.per_detector.get(det as usize).cloned()
    }
}

/// An aggregated finding's fingerprint under way: the text from the span's start has been fed
/// up to `fed`; `at_end` is the state at the span's current end.
pub(crate) struct AggFingerprint {
    running: HmacSha256,
    fed: u64,
    at_end: Option<(u64, HmacSha256)>,
    /// The text needed was not in the buffer (never expected): report no fingerprint.
    broken: bool,
}

impl AggFingerprint {
    /// Called after each chunk while detector `det` has an aggregate span `tstart..tend` (text
    /// offsets): feeds the span's text seen so far, remembers the state at `tend`, then feeds on
    /// up to `upto` (the end of the chunk's accepted region) so that the next chunk, which keeps
    /// only a bounded look-behind, can continue. `buf` starts at text offset `base`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn advance(
        slot: &mut Option<AggFingerprint>,
        fp: &Fingerprinter,
        det: u32,
        buf: &[u8],
        base: u64,
        span: (u64, u64),
        upto: u64,
    ) {
        let (tstart, tend) = span;
        if slot.is_none() {
            *slot = fp.start(det).map(|running| AggFingerprint {
                running,
                fed: tstart,
                at_end: None,
                broken: false,
            });
        }
        let Some(a) = slot.as_mut() else {
            return;
        };
        if a.broken {
            return;
        }
        let feed = |a: &mut AggFingerprint, to: u64| {
            let lo = a.fed.checked_sub(base).map(|x| x as usize);
            let hi = to.checked_sub(base).map(|x| x as usize);
            match (lo, hi) {
                (Some(lo), Some(hi)) if lo <= hi => match buf.get(lo..hi) {
                    Some(text) => {
                        a.running.update(text);
                        a.fed = to;
                    }
                    None => a.broken = true,
                },
                _ => a.broken = true,
            }
        };
        if a.at_end.as_ref().is_none_or(|(end, _)| *end < tend) {
            feed(a, tend);
            a.at_end = Some((tend, a.running.clone()));
        }
        if upto > a.fed {
            feed(a, upto);
        }
    }

    /// The fingerprint of the span as it finally is.
    /// The fingerprint of a span known whole (after a parallel scan), ending at `tend`.
    pub(crate) fn whole(fp: &Fingerprinter, det: u32, span: &[u8], tend: u64) -> Option<Self> {
        let mut running = fp.start(det)?;
        running.update(span);
        Some(AggFingerprint {
            at_end: Some((tend, running.clone())),
            running,
            fed: tend,
            broken: false,
        })
    }

    pub(crate) fn finish(self) -> Option<[u8; 16]> {
        if self.broken {
            return None;
        }
        self.at_end.map(|(_, mac)| tag16(mac))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_keyed_and_separate_detector_from_value() {
        let k1 = [1u8; 32];
        let k2 = [2u8; 32];
        let a = fingerprint(&k1, "email", b"bob@example.com");
        assert_eq!(a.len(), 32);
        assert!(a
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_ne!(a, fingerprint(&k2, "email", b"bob@example.com"));
        assert_ne!(a, fingerprint(&k1, "email2", b"bob@example.com"));
        // The 0x00 separator: "ab" + "c" differs from "a" + "bc".
        assert_ne!(fingerprint(&k1, "ab", b"c"), fingerprint(&k1, "a", b"bc"));
        let f = Fingerprinter::new(&FingerprintKey(k1), ["x", "email"].into_iter());
        assert_eq!(f.of(1, b"bob@example.com").map(|t| hex(&t)), Some(a));
        assert_eq!(f.of(2, b"bob@example.com"), None);
    }

    #[test]
    fn aggregate_fingerprint_matches_the_span_whatever_the_chunks() {
        let key = FingerprintKey([7u8; 32]);
        let f = Fingerprinter::new(&key, ["code"].into_iter());
        let text: Vec<u8> = (0..200u8).collect();
        // Span 10..150 discovered over three chunks: end grows to 60, then 150; chunks accept
        // 0..64, 64..128, 128..200 and keep 16 bytes of look-behind.
        let mut slot = None;
        AggFingerprint::advance(&mut slot, &f, 0, &text[0..80], 0, (10, 60), 64);
        AggFingerprint::advance(&mut slot, &f, 0, &text[48..144], 48, (10, 60), 128);
        AggFingerprint::advance(&mut slot, &f, 0, &text[112..200], 112, (10, 150), 200);
        let got = slot.and_then(AggFingerprint::finish).map(|t| hex(&t));
        assert_eq!(got, Some(fingerprint(&key.0, "code", &text[10..150])));
        assert_eq!(format!("{key:?}"), "FingerprintKey(..)");
    }
}
