//! Checksums and encodings that planted values must satisfy: Luhn, IBAN mod-97, CRC-32 (IEEE)
//! with GitHub's base62 encoding, Verhoeff, the Dutch 11-test, the Spanish DNI letter, the
//! PESEL weights, and base64 (standard and URL-safe).
//!
//! Everything here works on ASCII digits (`b'0'..=b'9'`) or digit values (`0..=9`) as noted,
//! and is written out by hand so that the crate needs no checksum dependencies.
//!
//! This deliberately does not reuse the classifier's validators: the corpus is the independent
//! oracle they are measured against (it caught a wrong Verhoeff table in the classifier once),
//! and a shared implementation would make such bugs cancel out.

/// Luhn check digit (0..=9) for `payload` given as digit values, most significant first.
pub(crate) fn luhn_check_digit(payload: &[u8]) -> u8 {
    let mut sum = 0u32;
    for (i, &d) in payload.iter().rev().enumerate() {
        let mut v = u32::from(d);
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    ((10 - sum % 10) % 10) as u8
}

/// Whether the ASCII digits in `s` (other characters ignored) pass the Luhn check.
pub(crate) fn luhn_valid(s: &str) -> bool {
    let digits: Vec<u8> = s
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    match digits.split_last() {
        Some((&check, payload)) => luhn_check_digit(payload) == check,
        None => false,
    }
}

/// `value mod 97` of an IBAN-style alphanumeric string (letters count as 10..=35).
fn mod97(chars: impl Iterator<Item = u8>) -> u32 {
    let mut r = 0u32;
    for c in chars {
        if c.is_ascii_digit() {
            r = (r * 10 + u32::from(c - b'0')) % 97;
        } else if c.is_ascii_uppercase() {
            r = (r * 100 + u32::from(c - b'A') + 10) % 97;
        }
    }
    r
}

/// The two IBAN check digits for `country` (two capital letters) and `bban`.
pub(crate) fn iban_check_digits(country: &str, bban: &str) -> u32 {
    let rearranged = bban.bytes().chain(country.bytes()).chain(*b"00");
    98 - mod97(rearranged)
}

/// Whether `iban` (spaces ignored) satisfies mod-97 = 1.
#[cfg(test)]
pub(crate) fn iban_valid(iban: &str) -> bool {
    let compact: Vec<u8> = iban.bytes().filter(|b| *b != b' ').collect();
    if compact.len() < 5 {
        return false;
    }
    let (head, tail) = compact.split_at(4);
    mod97(tail.iter().chain(head.iter()).copied()) == 1
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), bit by bit.
pub(crate) fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// The base62 alphabet GitHub uses for token checksums (digits, upper, lower).
pub(crate) const BASE62: &[u8; 62] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `n` in base62, left-padded with `0` to 6 characters (GitHub's token checksum encoding).
pub(crate) fn base62_6(mut n: u32) -> String {
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    out.iter().map(|&b| char::from(b)).collect()
}

/// Whether a `ghp_`-style token (prefix, 30 random base62, 6-char checksum) has a valid checksum.
#[cfg(test)]
pub(crate) fn github_checksum_valid(token: &str) -> bool {
    let body = match token.split_once('_') {
        Some((_, body)) => body,
        None => return false,
    };
    if body.len() != 36 || !body.is_ascii() {
        return false;
    }
    let (random, check) = body.split_at(30);
    base62_6(crc32(random.as_bytes())) == check
}

const VERHOEFF_D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VERHOEFF_INV: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/// Verhoeff check digit for `payload` given as digit values.
pub(crate) fn verhoeff_check_digit(payload: &[u8]) -> u8 {
    let mut c = 0usize;
    for (i, &d) in payload.iter().rev().enumerate() {
        c = usize::from(VERHOEFF_D[c][usize::from(VERHOEFF_P[(i + 1) % 8][usize::from(d)])]);
    }
    VERHOEFF_INV[c]
}

/// Whether the ASCII digits in `s` (other characters ignored) pass the Verhoeff check.
pub(crate) fn verhoeff_valid(s: &str) -> bool {
    let mut c = 0usize;
    for (i, d) in s.bytes().filter(u8::is_ascii_digit).rev().enumerate() {
        c = usize::from(VERHOEFF_D[c][usize::from(VERHOEFF_P[i % 8][usize::from(d - b'0')])]);
    }
    c == 0
}

/// Dutch BSN 11-test over nine digit values: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11).
pub(crate) fn bsn_valid(d: &[u8; 9]) -> bool {
    let mut sum = -i32::from(d[8]);
    for (i, &v) in d[..8].iter().enumerate() {
        sum += (9 - i as i32) * i32::from(v);
    }
    sum % 11 == 0
}

/// The Spanish DNI control letter for the 8-digit number `n`.
pub(crate) fn dni_letter(n: u32) -> char {
    const LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    char::from(LETTERS[(n % 23) as usize])
}

/// PESEL check digit for the first ten digit values.
pub(crate) fn pesel_check_digit(d: &[u8]) -> u8 {
    const W: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    let sum: u32 = d.iter().zip(W).map(|(&v, w)| u32::from(v) * w).sum();
    ((10 - sum % 10) % 10) as u8
}

/// Spanish bank-account control digit over ten digit values (weights 1,2,4,8,5,10,9,7,3,6).
pub(crate) fn es_ccc_digit(d: &[u8]) -> u8 {
    const W: [u32; 10] = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
    let sum: u32 = d.iter().zip(W).map(|(&v, w)| u32::from(v) * w).sum();
    match 11 - sum % 11 {
        11 => 0,
        10 => 1,
        x => x as u8,
    }
}

/// French RIB key for bank code, branch code and (numeric) account number.
pub(crate) fn fr_rib_key(bank: u64, branch: u64, account: u64) -> u64 {
    97 - ((89 * bank + 15 * branch + 3 * account) % 97)
}

const B64_STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64_with(bytes: &[u8], alphabet: &[u8; 64], pad: bool, out: &mut String) {
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(char::from(alphabet[((n >> (18 - 6 * i)) & 63) as usize]));
            } else if pad {
                out.push('=');
            }
        }
    }
}

/// Standard base64 with `=` padding.
pub(crate) fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 4);
    base64_with(bytes, B64_STD, true, &mut out);
    out
}

/// URL-safe base64 without padding (as in JWTs).
pub(crate) fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 4);
    base64_with(bytes, B64_URL, false, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_known_values() {
        assert!(luhn_valid("4111 1111 1111 1111"));
        assert!(luhn_valid("378282246310005"));
        assert!(!luhn_valid("4111 1111 1111 1112"));
        assert_eq!(luhn_check_digit(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1]), 3);
        assert!(luhn_valid("046 454 286"));
    }

    #[test]
    fn iban_known_values() {
        assert!(iban_valid("DE89 3704 0044 0532 0130 00"));
        assert!(iban_valid("GB29NWBK60161331926819"));
        assert!(iban_valid("NL91ABNA0417164300"));
        assert!(iban_valid("FR1420041010050500013M02606"));
        assert!(iban_valid("ES9121000418450200051332"));
        assert!(!iban_valid("DE88 3704 0044 0532 0130 00"));
        assert_eq!(iban_check_digits("DE", "370400440532013000"), 89);
        assert_eq!(iban_check_digits("GB", "NWBK60161331926819"), 29);
    }

    #[test]
    fn crc32_and_base62() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        assert_eq!(base62_6(0), "000000");
        assert_eq!(base62_6(61), "00000z");
        assert_eq!(base62_6(62), "000010");
        assert_eq!(base62_6(u32::MAX), "4gfFC3");
    }

    #[test]
    fn verhoeff_known_values() {
        assert_eq!(verhoeff_check_digit(&[2, 3, 6]), 3);
        assert!(verhoeff_valid("2363"));
        assert!(!verhoeff_valid("2364"));
    }

    #[test]
    fn national_ids_known_values() {
        assert!(bsn_valid(&[1, 1, 1, 2, 2, 2, 3, 3, 3]));
        assert!(!bsn_valid(&[1, 1, 1, 2, 2, 2, 3, 3, 4]));
        assert_eq!(dni_letter(12_345_678), 'Z');
        assert_eq!(pesel_check_digit(&[4, 4, 0, 5, 1, 4, 0, 1, 4, 5]), 8);
        // ES 2100 0418 45 0200051332: control digits 4 and 5.
        assert_eq!(es_ccc_digit(&[0, 0, 2, 1, 0, 0, 0, 4, 1, 8]), 4);
        assert_eq!(es_ccc_digit(&[0, 2, 0, 0, 0, 5, 1, 3, 3, 2]), 5);
    }

    #[test]
    fn base64_known_values() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(
            base64url(br#"{"alg":"HS256","typ":"JWT"}"#),
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
        );
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }
}
