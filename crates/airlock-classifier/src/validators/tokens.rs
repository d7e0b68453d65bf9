//! Credential formats: `github_token` (prefixed GitHub tokens with their CRC32 base62
//! checksum), `jwt` (JSON Web Tokens) and `pem` (PEM / ASCII-armoured blocks).

use base64::alphabet;
use base64::engine::general_purpose::GeneralPurpose;
use base64::engine::{DecodePaddingMode, GeneralPurposeConfig};
use base64::Engine as _;

/// GitHub token prefixes: personal access, OAuth, user-to-server, server-to-server, refresh.
const GITHUB_PREFIXES: [&[u8; 4]; 5] = [b"ghp_", b"gho_", b"ghu_", b"ghs_", b"ghr_"];

/// Whether `b` is in the base62 alphabet `0-9A-Za-z`.
fn is_base62(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// The base62 digit (alphabet `0-9A-Za-z`) for `v` < 62.
fn base62_digit(v: u32) -> u8 {
    let v = u8::try_from(v % 62).unwrap_or(0);
    match v {
        0..=9 => b'0' + v,
        10..=35 => b'A' + (v - 10),
        _ => b'a' + (v - 36),
    }
}

/// `n` in base62, big-endian, left-padded with `0` to 6 characters (62^6 > 2^32, so any u32
/// fits).
fn base62_6(mut n: u32) -> [u8; 6] {
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = base62_digit(n % 62);
        n /= 62;
    }
    out
}

/// `github_token`: `ghp_`, `gho_`, `ghu_`, `ghs_` or `ghr_`, then 30 base62 characters and a
/// 6-character base62 encoding of the CRC32 (IEEE) of those 30 characters.
pub(crate) fn github_token(value: &[u8]) -> bool {
    let Some((prefix, rest)) = value.split_first_chunk::<4>() else {
        return false;
    };
    if !GITHUB_PREFIXES.contains(&prefix) || rest.len() != 36 || !rest.iter().all(|&b| is_base62(b))
    {
        return false;
    }
    let Some((random, checksum)) = rest.split_first_chunk::<30>() else {
        return false;
    };
    checksum == base62_6(crc32fast::hash(random)).as_slice()
}

/// Base64 with the URL-safe alphabet, decoding with or without `=` padding.
const BASE64URL_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Base64 with the standard alphabet, decoding with or without `=` padding.
const BASE64_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decodes one JWT segment as a JSON object.
fn jwt_json(segment: &[u8]) -> Option<serde_json::Map<String, serde_json::Value>> {
    if segment.is_empty() {
        return None;
    }
    let bytes = BASE64URL_LENIENT.decode(segment).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        serde_json::Value::Object(map) => Some(map),
        _ => None,
    }
}

/// `jwt`: three base64url parts separated by `.`; the header decodes to a JSON object with a
/// string `alg` and the payload to a JSON object. The signature must be base64url too; it may
/// be empty only for `"alg": "none"` (an unsecured JWT).
pub(crate) fn jwt(value: &[u8]) -> bool {
    let parts: Vec<&[u8]> = value.split(|&b| b == b'.').collect();
    let &[header, payload, signature] = parts.as_slice() else {
        return false;
    };
    let Some(header) = jwt_json(header) else {
        return false;
    };
    let Some(alg) = header.get("alg").and_then(serde_json::Value::as_str) else {
        return false;
    };
    if jwt_json(payload).is_none() {
        return false;
    }
    if signature.is_empty() {
        alg.eq_ignore_ascii_case("none")
    } else {
        BASE64URL_LENIENT.decode(signature).is_ok()
    }
}

/// Smallest base64 body (in characters, padding included) a PEM block must carry.
const PEM_MIN_BODY: usize = 64;

/// The position of the first occurrence of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The position of the last occurrence of `needle` in `haystack`.
fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Whether `label` is a plausible PEM label: upper-case letters, digits and single inner
/// spaces, e.g. `CERTIFICATE`, `RSA PRIVATE KEY`, `PGP PRIVATE KEY BLOCK`.
fn pem_label_ok(label: &[u8]) -> bool {
    !label.is_empty()
        && label.len() <= 64
        && label
            .iter()
            .all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ')
        && label.first() != Some(&b' ')
        && label.last() != Some(&b' ')
}

/// The base64 body of a PEM block's inner text, or `None` if a line is neither a header, a
/// base64 line, nor an OpenPGP armour checksum. Literal `\n` / `\r` escapes (PEM inside JSON,
/// YAML or env strings) count as line breaks and `\t` as a blank; any other backslash is an
/// escaping artifact and is dropped: doubled escapes (`\\n`, a JSON string inside a JSON
/// string), JSON's escaped slash (`\/`), a line continuation before a real line break.
fn pem_body(inner: &[u8]) -> Option<Vec<u8>> {
    let mut text = Vec::with_capacity(inner.len());
    let mut i = 0;
    while let Some(&b) = inner.get(i) {
        if b == b'\\' {
            match inner.get(i + 1) {
                Some(b'n' | b'r') => {
                    text.push(b'\n');
                    i += 2;
                }
                Some(b't') => {
                    text.push(b' ');
                    i += 2;
                }
                _ => i += 1,
            }
        } else {
            text.push(b);
            i += 1;
        }
    }
    let mut body = Vec::with_capacity(text.len());
    let mut armor_checksum = false;
    for line in text.split(|&b| b == b'\n' || b == b'\r') {
        let line = line.trim_ascii();
        if line.is_empty() {
            continue;
        }
        if armor_checksum {
            // Nothing but the END line may follow the armour checksum.
            return None;
        }
        if body.is_empty() && line.contains(&b':') {
            // RFC 1421 / OpenPGP header such as `Proc-Type: 4,ENCRYPTED` or `Version: ...`.
            continue;
        }
        if !body.is_empty() && line.len() == 5 && line.first() == Some(&b'=') {
            // OpenPGP armour CRC24 line, `=` + 4 base64 characters.
            armor_checksum = line
                .iter()
                .skip(1)
                .all(|&b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
            if !armor_checksum {
                return None;
            }
            continue;
        }
        for &b in line {
            if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=') {
                body.push(b);
            } else if !matches!(b, b' ' | b'\t') {
                return None;
            }
        }
    }
    Some(body)
}

/// `pem`: `-----BEGIN X-----`, a base64 body of at least 64 characters that decodes cleanly
/// (RFC 1421 headers such as `Proc-Type:`/`DEK-Info:` and an OpenPGP armour checksum line are
/// allowed), and `-----END X-----` with the same label X.
pub(crate) fn pem(value: &[u8]) -> bool {
    let value = value.trim_ascii();
    let Some(after_begin) = value.strip_prefix(b"-----BEGIN ") else {
        return false;
    };
    let Some(label_len) = find(after_begin, b"-----") else {
        return false;
    };
    let (Some(label), Some(rest)) = (
        after_begin.get(..label_len),
        after_begin.get(label_len + 5..),
    ) else {
        return false;
    };
    let Some(end_at) = rfind(rest, b"-----END ") else {
        return false;
    };
    let (Some(inner), Some(end_label)) = (rest.get(..end_at), rest.get(end_at + 9..)) else {
        return false;
    };
    if !pem_label_ok(label) || end_label.strip_suffix(b"-----") != Some(label) {
        return false;
    }
    match pem_body(inner) {
        Some(body) => body.len() >= PEM_MIN_BODY && BASE64_LENIENT.decode(&body).is_ok(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    const RANDOM30: &str = "Kq7ZrT2mXv9LpB4sWc1NdF6gHy3JtR";

    fn token(prefix: &str, random: &str) -> String {
        let checksum = base62_6(crc32fast::hash(random.as_bytes()));
        format!("{prefix}{random}{}", String::from_utf8_lossy(&checksum))
    }

    #[test]
    fn base62_encoding() {
        assert_eq!(&base62_6(0), b"000000");
        assert_eq!(&base62_6(61), b"00000z");
        assert_eq!(&base62_6(62), b"000010");
        assert_eq!(&base62_6(u32::MAX), b"4gfFC3");
    }

    #[test]
    fn github_token_with_computed_checksum() {
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
            let t = token(prefix, RANDOM30);
            assert_eq!(t.len(), 40);
            assert!(github_token(t.as_bytes()), "{t}");
        }
    }

    #[test]
    fn github_token_independent_vector() {
        // CRC32 (IEEE) of RANDOM30 is 0xDEC63714 (computed independently with Python's
        // zlib.crc32), which is "44wIr6" in 6-character base62.
        assert_eq!(crc32fast::hash(RANDOM30.as_bytes()), 0xDEC6_3714);
        let t = "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";
        assert_eq!(t, token("ghp_", RANDOM30));
        assert!(github_token(t.as_bytes()));
    }

    #[test]
    fn github_token_rejects_wrong_checksum_and_shape() {
        let good = token("ghp_", RANDOM30);
        // Change the last checksum character.
        let mut wrong = good.clone().into_bytes();
        if let Some(last) = wrong.last_mut() {
            *last = if *last == b'A' { b'B' } else { b'A' };
        }
        assert!(!github_token(&wrong));
        // Change one random character: the checksum no longer matches.
        let mut tampered = good.clone().into_bytes();
        if let Some(c) = tampered.get_mut(10) {
            *c = if *c == b'x' { b'y' } else { b'x' };
        }
        assert!(!github_token(&tampered));
        let bad_prefix = good.replacen("ghp_", "ghx_", 1);
        assert!(!github_token(bad_prefix.as_bytes()));
        assert!(!github_token(&good.as_bytes()[..39]));
        assert!(!github_token(format!("{good}a").as_bytes()));
        let with_symbol = token("ghp_", "Kq7ZrT2mXv9LpB4sWc1NdF6gHy3Jt-");
        assert!(!github_token(with_symbol.as_bytes()));
    }

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn jwt_examples() {
        // The jwt.io example token (HS256, {"sub":"1234567890","name":"John Doe","iat":1516239022}).
        let jwt_io = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.\
                      eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.\
                      SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        assert!(jwt(jwt_io.as_bytes()));
        let unsecured = format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64(r#"{"sub":"x"}"#));
        assert!(jwt(unsecured.as_bytes()));
        // Padding is tolerated.
        let header = b64(r#"{"alg":"ES384","kid":"k"}"#);
        let pad = "=".repeat((4 - header.len() % 4) % 4);
        assert!(!pad.is_empty());
        let padded = format!("{header}{pad}.{}.c2ln", b64(r#"{"a":1}"#));
        assert!(jwt(padded.as_bytes()));
    }

    #[test]
    fn jwt_rejects_bad_shapes() {
        let header = b64(r#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = b64(r#"{"sub":"1"}"#);
        let cases = [
            format!("{header}.{payload}"),                         // two parts
            format!("{header}.{payload}.c2ln.c2ln"),               // four parts
            format!("{header}.{payload}."),                        // empty signature, alg HS256
            format!("{}.{payload}.c2ln", b64(r#"{"typ":"JWT"}"#)), // no alg
            format!("{}.{payload}.c2ln", b64(r#"{"alg":256}"#)),   // alg not a string
            format!("{}.{payload}.c2ln", b64(r#"["alg"]"#)),       // header not an object
            format!("{header}.{}.c2ln", b64("[1,2]")),             // payload not an object
            format!("{header}.{}.c2ln", b64("not json")),
            format!("{header}.{payload}.c2l*"), // bad signature char
            format!("{header}+.{payload}.c2ln"), // standard alphabet char
            format!(".{payload}.c2ln"),
            "a.b.c".to_string(),
        ];
        for bad in cases {
            assert!(!jwt(bad.as_bytes()), "{bad}");
        }
    }

    const CERT_BODY: &str =
        "MIIBszCCAVmgAwIBAgIUQ2Fy\nZm9yIHRlc3RpbmcgcHVycG9zZXMgb25seSwgbm90IGEgcmVhbCBrZXk=";

    #[test]
    fn pem_blocks() {
        let cert = format!("-----BEGIN CERTIFICATE-----\n{CERT_BODY}\n-----END CERTIFICATE-----");
        assert!(pem(cert.as_bytes()));
        assert!(pem(format!("{cert}\n").as_bytes()));
        let crlf = cert.replace('\n', "\r\n");
        assert!(pem(crlf.as_bytes()));
        let json_escaped = cert.replace('\n', "\\n");
        assert!(pem(json_escaped.as_bytes()));
        let one_line = cert.replace('\n', " ");
        assert!(pem(one_line.as_bytes()));
        // Escaped once more (a JSON string inside a JSON string), JSON's `\/`, escaped CRLF,
        // YAML indentation, and backslash line continuations.
        let double = cert.replace('\n', "\\\\n");
        assert!(pem(double.as_bytes()), "{double}");
        let slashes = json_escaped.replace('/', "\\/");
        assert!(pem(slashes.as_bytes()), "{slashes}");
        assert!(pem(cert.replace('\n', "\\r\\n").as_bytes()));
        assert!(pem(cert.replace('\n', "\n    ").as_bytes()));
        assert!(pem(cert.replace('\n', "\\\n").as_bytes()));
        let encrypted = format!(
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\
             DEK-Info: AES-128-CBC,5E22BBA1DBA3BB0C3BFB3C1C9D3C1A9B\n\n{CERT_BODY}\n\
             -----END RSA PRIVATE KEY-----"
        );
        assert!(pem(encrypted.as_bytes()));
        let armored = format!(
            "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: Test\n\n{CERT_BODY}\n=njUN\n\
             -----END PGP PRIVATE KEY BLOCK-----"
        );
        assert!(pem(armored.as_bytes()));
    }

    #[test]
    fn pem_rejects_mismatch_short_or_bad_body() {
        let cases = [
            format!("-----BEGIN CERTIFICATE-----\n{CERT_BODY}\n-----END PRIVATE KEY-----"),
            "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmg\n-----END CERTIFICATE-----".to_string(),
            format!("-----BEGIN CERTIFICATE-----\n{CERT_BODY}!\n-----END CERTIFICATE-----"),
            format!("-----BEGIN CERTIFICATE-----\n{CERT_BODY}\n-----END CERTIFICATE----"),
            format!("-----BEGIN -----\n{CERT_BODY}\n-----END -----"),
            format!("-----BEGIN certificate-----\n{CERT_BODY}\n-----END certificate-----"),
            format!("-----BEGIN CERTIFICATE-----\n{CERT_BODY}\n"),
            format!("-----BEGIN CERTIFICATE-----\n{CERT_BODY}\nKey: v\n-----END CERTIFICATE-----"),
            format!("-----BEGIN CERTIFICATE-----\n=abc\n{CERT_BODY}\n-----END CERTIFICATE-----"),
            format!("-----BEGIN CERTIFICATE-----\nA{CERT_BODY}\n-----END CERTIFICATE-----"),
            format!("xx-----BEGIN CERTIFICATE-----\n{CERT_BODY}\n-----END CERTIFICATE-----"),
            // Dropping stray backslashes does not make a too-short body long enough.
            "-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmg\\\\n\\/\\/\\n-----END CERTIFICATE-----"
                .to_string(),
        ];
        for bad in cases {
            assert!(!pem(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn garbage_does_not_panic() {
        for bad in [
            &b""[..],
            b"\xff\xfe",
            b"ghp_",
            b"ghp_\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
            b"..",
            b"...",
            b"\xff.\xff.\xff",
            b"-----BEGIN ",
            b"-----BEGIN -----",
            b"-----BEGIN X-----",
            b"-----BEGIN X----------END X-----",
            b"-----BEGIN X-----\\",
            b"-----BEGIN X-----\xff-----END X-----",
        ] {
            assert!(!github_token(bad));
            assert!(!jwt(bad));
            assert!(!pem(bad));
        }
    }
}
