//! National identity and tax numbers outside Europe: `us_ssn`, `ca_sin`, `aadhaar`, `au_tfn`
//! and `sg_nric`.

use super::checksum::{luhn, verhoeff, weighted_sum};
use super::text::{compact_alnum, digits, group_lengths};

/// `us_ssn`: 9 digits, written `AAA-GG-SSSS` (any separator) or unseparated, with area not
/// 000, 666 or 900-999, group not 00, serial not 0000, and not one of the numbers the SSA
/// voided after they were printed in advertising (078-05-1120, the Woolworth wallet card;
/// 219-09-9999, printed in a Social Security Board pamphlet).
///
/// Placeholder values that are structurally valid (e.g. `123-45-6789`) pass here: whether a
/// placeholder is a finding is a per-detector decision, made with the rule's `allowlist`.
pub(crate) fn us_ssn(value: &[u8]) -> bool {
    let Some(d) = digits(value) else {
        return false;
    };
    let groups = group_lengths(value);
    if groups != [9] && groups != [3, 2, 4] {
        return false;
    }
    let Ok(d) = <[u8; 9]>::try_from(d) else {
        return false;
    };
    let area = u32::from(d[0]) * 100 + u32::from(d[1]) * 10 + u32::from(d[2]);
    let group = u32::from(d[3]) * 10 + u32::from(d[4]);
    let serial = d[5..].iter().fold(0u32, |acc, &x| acc * 10 + u32::from(x));
    let advertising = matches!((area, group, serial), (78, 5, 1120) | (219, 9, 9999));
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0 && !advertising
}

/// `ca_sin`: 9 digits (separators ignored), Luhn-valid, first digit not 0 (unassigned) or 8
/// (business numbers).
pub(crate) fn ca_sin(value: &[u8]) -> bool {
    match digits(value) {
        Some(d) => d.len() == 9 && !matches!(d.first(), Some(0 | 8) | None) && luhn(&d),
        None => false,
    }
}

/// `aadhaar`: 12 digits (separators ignored), first digit 2-9, Verhoeff check digit.
pub(crate) fn aadhaar(value: &[u8]) -> bool {
    match digits(value) {
        Some(d) => d.len() == 12 && matches!(d.first(), Some(2..=9)) && verhoeff(&d),
        None => false,
    }
}

/// `au_tfn`: 9 digits (separators ignored) whose sum weighted 1,4,3,7,5,8,6,9,10 is a multiple
/// of 11 (and not all zero).
pub(crate) fn au_tfn(value: &[u8]) -> bool {
    match digits(value) {
        Some(d) => {
            d.len() == 9
                && d.iter().any(|&x| x != 0)
                && weighted_sum(&d, &[1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 == 0
        }
        None => false,
    }
}

/// `sg_nric`: S, T, F, G or M, 7 digits and a check letter from the weighted sum
/// (weights 2,7,6,5,4,3,2; offset 4 for T/G, 3 for M; letter tables per series).
pub(crate) fn sg_nric(value: &[u8]) -> bool {
    let Some(chars) = compact_alnum(value) else {
        return false;
    };
    let Ok([series, d1, d2, d3, d4, d5, d6, d7, check]) = <[u8; 9]>::try_from(chars) else {
        return false;
    };
    let nums = [d1, d2, d3, d4, d5, d6, d7];
    if !nums.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let nums = nums.map(|b| b - b'0');
    let sum = weighted_sum(&nums, &[2, 7, 6, 5, 4, 3, 2]);
    let (offset, table): (u32, &[u8; 11]) = match series {
        b'S' => (0, b"JZIHGFEDCBA"),
        b'T' => (4, b"JZIHGFEDCBA"),
        b'F' => (0, b"XWUTRQPNMLK"),
        b'G' => (4, b"XWUTRQPNMLK"),
        // M series (from 2022): remainder r maps to "KLJNPQRTUWX"[10 - r].
        b'M' => (3, b"XWUTRQPNJLK"),
        _ => return false,
    };
    let r = (sum + offset) % 11;
    usize::try_from(r)
        .ok()
        .and_then(|i| table.get(i))
        .is_some_and(|&expected| expected == check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssn_rules() {
        for ok in [
            "123-45-6789",
            "123456789",
            "123 45 6789",
            "665-01-0001",
            "899-99-9999",
        ] {
            assert!(us_ssn(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "078-05-1120", // Woolworth wallet card
            "219-09-9999", // Social Security Board pamphlet
            "000-12-3456",
            "666-12-3456",
            "900-12-3456",
            "999-12-3456",
            "123-00-4567",
            "123-45-0000",
            "12-345-6789", // wrong grouping
            "1234-5-6789",
            "123-45-678",
            "123-45-67890",
            "123-45-678O",
        ] {
            assert!(!us_ssn(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn sin_rules() {
        // 046 454 286 is the Luhn-valid example SIN widely used in documentation; it starts
        // with 0, which is never assigned, so the validator rejects it.
        assert!(luhn(&[0, 4, 6, 4, 5, 4, 2, 8, 6]));
        assert!(!ca_sin(b"046 454 286"));
        // 130 692 544: Luhn-valid (digit sum 40), first digit 1.
        assert!(ca_sin(b"130 692 544"));
        assert!(ca_sin(b"130-692-544"));
        assert!(ca_sin(b"130692544"));
        assert!(!ca_sin(b"130 692 545"));
        // First digit 8 (business numbers) is rejected even when Luhn-valid.
        assert!(luhn(&[8, 3, 0, 6, 9, 2, 5, 4, 7]));
        assert!(!ca_sin(b"830 692 547"));
        assert!(!ca_sin(b"130 692 5440"));
    }

    #[test]
    fn aadhaar_rules() {
        // 2341 2341 2346: the example number common in Aadhaar-validation write-ups; its
        // check digit 6 is verified here with the Verhoeff tables.
        assert!(aadhaar(b"2341 2341 2346"));
        assert!(aadhaar(b"234123412346"));
        for bad in [
            "2341 2341 2347",
            "2341 2341 2364",
            "1341 2341 2346",
            "0341 2341 2346",
        ] {
            assert!(!aadhaar(bad.as_bytes()), "{bad}");
        }
        assert!(!aadhaar(b"2341 2341 234"));
    }

    #[test]
    fn tfn_rules() {
        // 123 456 782: widely cited valid test TFN (sum 253 = 23 * 11).
        assert!(au_tfn(b"123 456 782"));
        assert!(au_tfn(b"123456782"));
        assert!(!au_tfn(b"123 456 783"));
        assert!(!au_tfn(b"000 000 000"));
        assert!(!au_tfn(b"12345678"));
    }

    #[test]
    fn nric_rules() {
        // S1234567D: the common documentation example (sum 106, 106 % 11 = 7 -> 'D').
        assert!(sg_nric(b"S1234567D"));
        assert!(sg_nric(b"s1234567d"));
        // Same digits in other series: T (+4) -> 110 % 11 = 0 -> 'J'; F -> 'N'; G -> 'X';
        // M (+3) -> 109 % 11 = 10 -> 'K'.
        assert!(sg_nric(b"T1234567J"));
        assert!(sg_nric(b"F1234567N"));
        assert!(sg_nric(b"G1234567X"));
        assert!(sg_nric(b"M1234567K"));
        for bad in [
            "S1234567A",
            "T1234567D",
            "A1234567D",
            "S123456D",
            "S12345678D",
            "SX234567D",
        ] {
            assert!(!sg_nric(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn garbage_does_not_panic() {
        for bad in [
            &b""[..],
            b"\xff\xfe",
            b"---",
            b"S\xff234567D",
            b"\x00\x00\x00",
        ] {
            assert!(!us_ssn(bad));
            assert!(!ca_sin(bad));
            assert!(!aadhaar(bad));
            assert!(!au_tfn(bad));
            assert!(!sg_nric(bad));
        }
    }
}
