//! Text decoding before the scan: byte-order marks, UTF-16 (with or without BOM), binary sniffing.
//!
//! UTF-8 and anything that is not clearly UTF-16 is scanned as raw bytes (detectors are ASCII
//! regexes over bytes, so invalid UTF-8 costs nothing and offsets stay those of the input).
//! UTF-16 is transcoded to UTF-8 with a map from each output byte back to its input offset, so
//! findings still report offsets into the original input.

use crate::verdict::Encoding;

/// How many leading bytes are sniffed.
const SNIFF: usize = 8 * 1024;

/// What sniffing the start of an input found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sniffed {
    pub encoding: Encoding,
    /// Bytes of byte-order mark to skip.
    pub bom: usize,
    /// The content looks binary (NUL bytes or many control bytes in a non-UTF-16 input).
    pub binary: bool,
}

impl Sniffed {
    /// A decoder for this input when it is UTF-16, starting after the byte-order mark.
    pub(crate) fn utf16_decoder(&self) -> Option<Utf16Decoder> {
        match self.encoding {
            Encoding::Utf16Le | Encoding::Utf16Be => Some(Utf16Decoder::new(
                self.encoding == Encoding::Utf16Be,
                self.bom as u64,
            )),
            Encoding::Utf8 | Encoding::Utf8Bom => None,
        }
    }

    /// The whole input decoded to UTF-8 with its offset map, when it is UTF-16.
    pub(crate) fn decode_utf16(&self, input: &[u8]) -> Option<(Vec<u8>, Vec<u64>)> {
        let mut dec = self.utf16_decoder()?;
        let mut text = Vec::with_capacity(input.len());
        let mut map = Vec::with_capacity(input.len());
        dec.feed(
            input.get(self.bom..).unwrap_or_default(),
            true,
            &mut text,
            &mut map,
        );
        Some((text, map))
    }
}

/// Sniffs the encoding from the first bytes of an input.
pub(crate) fn sniff(head: &[u8]) -> Sniffed {
    let plain = |encoding, bom| Sniffed {
        encoding,
        bom,
        binary: false,
    };
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return plain(Encoding::Utf8Bom, 3);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return plain(Encoding::Utf16Le, 2);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return plain(Encoding::Utf16Be, 2);
    }
    let h = &head[..head.len().min(SNIFF)];
    // UTF-16 without BOM: mostly-ASCII text has a NUL in every other byte.
    if h.len() >= 16 {
        let pairs = h.len() / 2;
        let odd_nul = h.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let even_nul = h.iter().step_by(2).filter(|&&b| b == 0).count();
        if odd_nul * 10 >= pairs * 9 && even_nul * 10 < pairs {
            return plain(Encoding::Utf16Le, 0);
        }
        if even_nul * 10 >= pairs * 9 && odd_nul * 10 < pairs {
            return plain(Encoding::Utf16Be, 0);
        }
    }
    let nul = memchr::memchr(0, h).is_some();
    let control = h
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0x1B))
        .count();
    Sniffed {
        encoding: Encoding::Utf8,
        bom: 0,
        binary: nul || (h.len() >= 32 && control * 10 > h.len()),
    }
}

/// Incremental UTF-16 to UTF-8 transcoder that records, for each output byte, the input offset
/// of the code unit it came from.
#[derive(Debug)]
pub(crate) struct Utf16Decoder {
    big_endian: bool,
    /// Input offset of the next byte fed.
    offset: u64,
    /// An odd byte or a lone high surrogate waiting for the next feed.
    pending: Vec<u8>,
}

impl Utf16Decoder {
    pub(crate) fn new(big_endian: bool, start_offset: u64) -> Self {
        Utf16Decoder {
            big_endian,
            offset: start_offset,
            pending: Vec::new(),
        }
    }

    /// Decodes `bytes` (appending to `out` and `map`). With `last`, flushes what is pending
    /// (a dangling unit becomes U+FFFD).
    pub(crate) fn feed(&mut self, bytes: &[u8], last: bool, out: &mut Vec<u8>, map: &mut Vec<u64>) {
        let mut data = std::mem::take(&mut self.pending);
        data.extend_from_slice(bytes);
        let base = self.offset - (data.len() - bytes.len()) as u64;
        let units: Vec<u16> = data
            .chunks_exact(2)
            .map(|c| {
                if self.big_endian {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        let mut usable = units.len();
        if !last {
            if let Some(&u) = units.last() {
                if (0xD800..0xDC00).contains(&u) {
                    usable -= 1;
                }
            }
        }
        let mut i = 0;
        let mut buf = [0u8; 4];
        while i < usable {
            let u = units[i];
            let at = base + 2 * i as u64;
            let (c, used) = if (0xD800..0xDC00).contains(&u) {
                match units.get(i + 1) {
                    Some(&lo) if i + 1 < usable && (0xDC00..0xE000).contains(&lo) => {
                        let cp = 0x10000 + (((u as u32) - 0xD800) << 10) + ((lo as u32) - 0xDC00);
                        (char::from_u32(cp).unwrap_or('\u{FFFD}'), 2)
                    }
                    _ => ('\u{FFFD}', 1),
                }
            } else {
                (char::from_u32(u as u32).unwrap_or('\u{FFFD}'), 1)
            };
            let s = c.encode_utf8(&mut buf);
            out.extend_from_slice(s.as_bytes());
            map.extend(std::iter::repeat_n(at, s.len()));
            i += used;
        }
        let consumed = 2 * usable;
        self.pending = data[consumed..].to_vec();
        if last {
            if !self.pending.is_empty() {
                let at = base + consumed as u64;
                out.extend_from_slice("\u{FFFD}".as_bytes());
                map.extend(std::iter::repeat_n(at, 3));
            }
            self.pending.clear();
        }
        self.offset += bytes.len() as u64;
    }

    /// The input offset just past everything fed so far.
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
    }

    #[test]
    fn sniffs() {
        assert_eq!(sniff(b"hello world").encoding, Encoding::Utf8);
        assert!(!sniff(b"hello world").binary);
        assert!(sniff(b"\x7fELF\x02\x01\x01\x00\x00\x00").binary);
        assert_eq!(sniff(&[0xFF, 0xFE, b'a', 0]).encoding, Encoding::Utf16Le);
        let no_bom = utf16le("plain ascii text in utf-16 without a bom");
        assert_eq!(sniff(&no_bom).encoding, Encoding::Utf16Le);
        assert!(!sniff(&no_bom).binary);
    }

    #[test]
    fn transcodes_with_offsets_across_feeds() {
        let bytes = utf16le("a\u{e9}\u{1F600}z");
        let mut out = Vec::new();
        let mut map = Vec::new();
        let mut d = Utf16Decoder::new(false, 0);
        // Split inside the surrogate pair and inside a unit.
        d.feed(&bytes[..5], false, &mut out, &mut map);
        d.feed(&bytes[5..], true, &mut out, &mut map);
        assert_eq!(
            String::from_utf8(out).ok().as_deref(),
            Some("a\u{e9}\u{1F600}z")
        );
        assert_eq!(map, vec![0, 2, 2, 4, 4, 4, 4, 8]);
    }

    #[test]
    fn dangling_bytes_become_replacement() {
        let mut out = Vec::new();
        let mut map = Vec::new();
        let mut d = Utf16Decoder::new(false, 0);
        d.feed(&[b'a', 0, 0x3D, 0xD8, b'x'], true, &mut out, &mut map);
        assert!(String::from_utf8(out).is_ok());
    }
}
