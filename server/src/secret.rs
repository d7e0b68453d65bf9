//! Random tokens and their stored form: 256-bit URL-safe tokens, kept as SHA-256 hex.

use base64::Engine as _;
use rand::RngCore as _;

/// 32 random bytes, base64url without padding (43 characters).
pub fn new_token() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// The stored form of a token.
pub fn hash_token(token: &str) -> String {
    airlock_policy::bundle::sha256_hex(token.as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, b) = (super::new_token(), super::new_token());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_eq!(super::hash_token("x").len(), 64);
    }
}
