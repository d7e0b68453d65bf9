//! Keyed hashing shared by exact data match and finding fingerprints: HMAC-SHA256, truncated to
//! its first 16 bytes, written as lowercase hex.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// HMAC-SHA256.
pub(crate) type HmacSha256 = Hmac<Sha256>;

/// SHA-256's block size: HMAC keys are padded (or first hashed) to this length.
const BLOCK: usize = 64;

/// An HMAC-SHA256 keyed with `key`, of any length. Does what `new_from_slice` does (RFC 2104:
/// a key longer than a block is hashed first, a shorter one is zero-padded), without its
/// `Result`, which HMAC never uses.
pub(crate) fn keyed(key: &[u8]) -> HmacSha256 {
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    <HmacSha256 as Mac>::new(&block.into())
}

/// The first 16 bytes of the MAC.
pub(crate) fn tag16(mac: HmacSha256) -> [u8; 16] {
    let full = mac.finalize().into_bytes();
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(2 * bytes.len());
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Parses 32 hex characters (either case) into 16 bytes.
pub(crate) fn parse_hex16(s: &str) -> Option<[u8; 16]> {
    let s = s.as_bytes();
    if s.len() != 32 {
        return None;
    }
    let nibble = |c: u8| char::from(c).to_digit(16).map(|d| d as u8);
    let mut out = [0u8; 16];
    for (i, pair) in s.chunks_exact(2).enumerate() {
        out[i] = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full_hex(key: &[u8], msg: &[u8]) -> String {
        let mut m = keyed(key);
        m.update(msg);
        hex(&m.finalize().into_bytes())
    }

    #[test]
    fn rfc4231_vectors() {
        // Test case 2: a short key.
        assert_eq!(
            full_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than a block.
        assert_eq!(
            full_hex(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            ),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn hex_round_trips() {
        let bytes: [u8; 16] = core::array::from_fn(|i| (i * 17) as u8);
        assert_eq!(parse_hex16(&hex(&bytes)), Some(bytes));
        assert_eq!(parse_hex16(&hex(&bytes).to_ascii_uppercase()), Some(bytes));
        assert_eq!(parse_hex16("abc"), None);
        assert_eq!(parse_hex16(&"g".repeat(32)), None);
        assert_eq!(parse_hex16(&"é".repeat(16)), None);
    }
}
