//! Checksums and encodings that planted values must satisfy (and that context negatives
//! deliberately satisfy too): Luhn, ISO 7064 mod 97-10 (IBAN), CRC-32 (IEEE) with GitHub's
//! base62 encoding, Verhoeff, the Dutch 11-test, the Spanish DNI letter, PESEL, the NPI
//! (Luhn over `80840` + number), and the national check digits of French, Spanish, Italian,
//! Belgian, Portuguese and Polish bank account numbers, plus base64 (standard and URL-safe).
//!
//! Written from the public specifications, independently of the classifier's validators and
//! deliberately in another style: nothing is a copied lookup table. Verhoeff's multiplication
//! and permutation tables are computed from the dihedral group D5 and the permutation
//! (0 1 5 8 9 4 2 7)(3 6); the IBAN remainder uses the piece-wise method of ISO 13616 (nine
//! digits at a time); Luhn doubles with `2d mod 9`. The corpus is the oracle the validators
//! are measured against, so shared code (or a shared wrong table) would make bugs cancel out.

/// Digit values of the ASCII digits in `s` (other characters ignored).
pub(crate) fn digit_values(s: &str) -> Vec<u8> {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
}

/// The Luhn sum of `digits` where the rightmost digit has position `offset` (0: not doubled).
fn luhn_sum(digits: &[u8], offset: usize) -> u32 {
    let n = digits.len();
    (0..n)
        .map(|i| {
            let d = u32::from(digits[i]);
            let from_right = n - 1 - i + offset;
            if from_right % 2 == 1 {
                // The digit sum of 2d is 2d mod 9, except that 9 doubles to 18 -> 9.
                if d == 9 {
                    9
                } else {
                    (2 * d) % 9
                }
            } else {
                d
            }
        })
        .sum()
}

/// Luhn check digit (0..=9) for `payload` given as digit values, most significant first.
pub(crate) fn luhn_check_digit(payload: &[u8]) -> u8 {
    let s = luhn_sum(payload, 1);
    ((10 - s % 10) % 10) as u8
}

/// Whether the ASCII digits in `s` (other characters ignored) pass the Luhn check.
pub(crate) fn luhn_valid(s: &str) -> bool {
    let d = digit_values(s);
    !d.is_empty() && luhn_sum(&d, 0) % 10 == 0
}

/// The IBAN digit expansion: digits stay, `A`..`Z` become `10`..`35`; others are skipped.
fn iban_digits(chars: impl Iterator<Item = u8>) -> String {
    let mut out = String::new();
    for c in chars {
        let c = c.to_ascii_uppercase();
        if c.is_ascii_digit() {
            out.push(char::from(c));
        } else if c.is_ascii_uppercase() {
            out.push_str(&(u32::from(c - b'A') + 10).to_string());
        }
    }
    out
}

/// `n mod 97` of a decimal string, nine digits at a time (ISO 13616 piece-wise method).
fn mod97_decimal(n: &str) -> u64 {
    let mut rest = n;
    let mut rem = 0u64;
    while !rest.is_empty() {
        let take = rest.len().min(if rem == 0 { 9 } else { 7 });
        let piece = format!("{rem}{}", &rest[..take]);
        rem = piece.parse::<u64>().unwrap_or(0) % 97;
        rest = &rest[take..];
    }
    rem
}

/// The two IBAN check digits for `country` (two capital letters) and `bban`.
pub(crate) fn iban_check_digits(country: &str, bban: &str) -> u32 {
    let moved = iban_digits(bban.bytes().chain(country.bytes()).chain(*b"00"));
    (98 - mod97_decimal(&moved)) as u32
}

/// Whether `iban` (spaces ignored) satisfies mod-97 = 1.
#[cfg(test)]
pub(crate) fn iban_valid(iban: &str) -> bool {
    let compact: Vec<u8> = iban.bytes().filter(u8::is_ascii_alphanumeric).collect();
    if compact.len() < 5 {
        return false;
    }
    let moved = iban_digits(compact[4..].iter().chain(&compact[..4]).copied());
    mod97_decimal(&moved) == 1
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), bit by bit.
pub(crate) fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The base62 alphabet GitHub uses for token checksums (digits, upper, lower).
pub(crate) const BASE62: &[u8; 62] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `n` in base62, left-padded with `0` to 6 characters (GitHub's token checksum encoding).
pub(crate) fn base62_6(n: u32) -> String {
    (0..6)
        .rev()
        .map(|p| char::from(BASE62[((u64::from(n) / 62u64.pow(p)) % 62) as usize]))
        .collect()
}

/// Whether a `ghp_`-style token (prefix, 30 random base62, 6-char checksum) has a valid checksum.
#[cfg(test)]
pub(crate) fn github_checksum_valid(token: &str) -> bool {
    let Some((_, body)) = token.split_once('_') else {
        return false;
    };
    body.len() == 36 && body.is_ascii() && base62_6(crc32(&body.as_bytes()[..30])) == body[30..]
}

/// Multiplication in the dihedral group D5: 0..=4 are rotations r^k, 5..=9 reflections s·r^k.
fn d5(a: u8, b: u8) -> u8 {
    match (a < 5, b < 5) {
        (true, true) => (a + b) % 5,
        (true, false) => 5 + (a + b - 5) % 5,
        (false, true) => 5 + (a - 5 + 5 - b) % 5,
        (false, false) => (a - 5 + 10 - (b - 5)) % 5,
    }
}

/// The inverse of `a` in D5.
fn d5_inverse(a: u8) -> u8 {
    (0..10).find(|&b| d5(a, b) == 0).unwrap_or(0)
}

/// Verhoeff's position permutation applied `times` times to `digit`.
fn verhoeff_perm(times: usize, digit: u8) -> u8 {
    // The permutation sends 0→1, 1→5, 2→7, 3→6, 4→2, 5→8, 6→3, 7→0, 8→9, 9→4.
    const SIGMA: [u8; 10] = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];
    (0..times % 8).fold(digit, |d, _| SIGMA[usize::from(d)])
}

/// Verhoeff accumulator over `digits`, the rightmost at position `offset`.
fn verhoeff_fold(digits: &[u8], offset: usize) -> u8 {
    digits
        .iter()
        .rev()
        .enumerate()
        .fold(0, |c, (i, &d)| d5(c, verhoeff_perm(i + offset, d)))
}

/// Verhoeff check digit for `payload` given as digit values.
pub(crate) fn verhoeff_check_digit(payload: &[u8]) -> u8 {
    d5_inverse(verhoeff_fold(payload, 1))
}

/// Whether the ASCII digits in `s` (other characters ignored) pass the Verhoeff check.
pub(crate) fn verhoeff_valid(s: &str) -> bool {
    let d = digit_values(s);
    !d.is_empty() && verhoeff_fold(&d, 0) == 0
}

/// Dutch BSN 11-test over nine digit values: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11).
pub(crate) fn bsn_valid(d: &[u8; 9]) -> bool {
    let weighted: i64 = d
        .iter()
        .zip([9i64, 8, 7, 6, 5, 4, 3, 2, -1])
        .map(|(&v, w)| i64::from(v) * w)
        .sum();
    weighted.rem_euclid(11) == 0
}

/// The Spanish DNI control letter for the 8-digit number `n` (the letter sequence is the
/// specification itself: remainder 0 is T, 1 is R, …).
pub(crate) fn dni_letter(n: u32) -> char {
    "TRWAGMYFPDXBNJZSQVHLCKE"
        .chars()
        .nth((n % 23) as usize)
        .unwrap_or('T')
}

/// PESEL check digit for the first ten digit values (weights 1, 3, 7, 9 repeating).
pub(crate) fn pesel_check_digit(d: &[u8]) -> u8 {
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, &v)| u32::from(v) * [1, 3, 7, 9][i % 4])
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Spanish bank-account control digit over ten digit values (weights 2^i mod 11).
pub(crate) fn es_ccc_digit(d: &[u8]) -> u8 {
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, &v)| u32::from(v) * (2u32.pow(i as u32) % 11))
        .sum();
    match 11 - sum % 11 {
        11 => 0,
        10 => 1,
        x => x as u8,
    }
}

/// French RIB key for bank code, branch code and account number (letters in the account
/// count as digits: A/J → 1, B/K/S → 2, …, I/R/Z → 9).
pub(crate) fn fr_rib_key(bank: &str, branch: &str, account: &str) -> u64 {
    let numeric = |s: &str| -> u64 {
        s.bytes().fold(0, |acc, c| {
            let v = match c {
                b'0'..=b'9' => u64::from(c - b'0'),
                b'A'..=b'I' => u64::from(c - b'A') + 1,
                b'J'..=b'R' => u64::from(c - b'J') + 1,
                b'S'..=b'Z' => u64::from(c - b'S') + 2,
                _ => 0,
            };
            acc * 10 + v
        })
    };
    97 - ((89 * numeric(bank) + 15 * numeric(branch) + 3 * numeric(account)) % 97)
}

/// Italian CIN: the check letter over ABI (5), CAB (5) and account (12 alphanumerics).
pub(crate) fn it_cin(bban_tail: &str) -> char {
    // Odd positions (1st, 3rd, …) map through this sequence; even positions count as is.
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let sum: u32 = bban_tail
        .bytes()
        .enumerate()
        .map(|(i, c)| {
            let v = if c.is_ascii_digit() {
                u32::from(c - b'0')
            } else {
                u32::from(c.to_ascii_uppercase() - b'A')
            };
            if i % 2 == 0 {
                ODD[v as usize]
            } else {
                v
            }
        })
        .sum();
    char::from(b'A' + (sum % 26) as u8)
}

/// Belgian account check: the first ten digits mod 97 (97 when the remainder is 0).
pub(crate) fn be_check(first_ten: u64) -> u64 {
    match first_ten % 97 {
        0 => 97,
        r => r,
    }
}

/// Portuguese NIB check digits over the first 19 digits: 98 − (n·100 mod 97).
pub(crate) fn pt_nib_check(first_19: &str) -> u64 {
    98 - mod97_decimal(&format!("{first_19}00"))
}

/// Polish sort-code check digit over the first seven digits (weights 3, 9, 7, 1, 3, 9, 7).
pub(crate) fn pl_sort_check(d: &[u8]) -> u8 {
    let sum: u32 = d
        .iter()
        .zip([3u32, 9, 7, 1, 3, 9, 7])
        .map(|(&v, w)| u32::from(v) * w)
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// NPI check digit for the first nine digits: Luhn over the card-issuer prefix `80840`.
pub(crate) fn npi_check_digit(first_nine: &[u8]) -> u8 {
    let mut payload = vec![8, 0, 8, 4, 0];
    payload.extend_from_slice(first_nine);
    luhn_check_digit(&payload)
}

fn base64_with(bytes: &[u8], alphabet: &[u8], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let mut n = 0u32;
        for i in 0..3 {
            n = (n << 8) | u32::from(chunk.get(i).copied().unwrap_or(0));
        }
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(alphabet[((n >> (18 - 6 * i)) & 63) as usize]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 with `=` padding.
pub(crate) fn base64(bytes: &[u8]) -> String {
    base64_with(
        bytes,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        true,
    )
}

/// URL-safe base64 without padding (as in JWTs).
pub(crate) fn base64url(bytes: &[u8]) -> String {
    base64_with(
        bytes,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        false,
    )
}

#[cfg(test)]
#[path = "checksum_tests.rs"]
mod tests;
