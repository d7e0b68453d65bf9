//! Health identifiers and codes: `icd10` (ICD-10-CM code shape), `us_mbi` (Medicare
//! Beneficiary Identifier) and `npi` (US National Provider Identifier).

use super::checksum::luhn;
use super::text::{compact_alnum, digits};

/// `icd10`: an ICD-10-CM code: a capital letter other than U (reserved for special purposes),
/// two digits, then optionally `.` and 1-4 capital letters or digits. The dotless form used in
/// claims files (`E119`, `S72001A`) is accepted too.
pub(crate) fn icd10(value: &[u8]) -> bool {
    let Some((&[letter, d1, d2], rest)) = value.split_first_chunk::<3>() else {
        return false;
    };
    if !letter.is_ascii_uppercase() || letter == b'U' {
        return false;
    }
    if !d1.is_ascii_digit() || !d2.is_ascii_digit() {
        return false;
    }
    let extension = rest.strip_prefix(b".").unwrap_or(rest);
    let dotted = extension.len() != rest.len();
    let ext_ok = extension
        .iter()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    ext_ok && extension.len() <= 4 && (!dotted || !extension.is_empty())
}

/// Whether `b` is a letter an MBI may use: A-Z except S, L, O, I, B and Z.
fn mbi_letter(b: u8) -> bool {
    b.is_ascii_uppercase() && !matches!(b, b'S' | b'L' | b'O' | b'I' | b'B' | b'Z')
}

/// `us_mbi`: 11 characters (dashes or spaces ignored, letters in either case) by position,
/// per the CMS MBI format specification: 1 digit 1-9; 2 letter; 3 letter or digit; 4 digit;
/// 5 letter; 6 letter or digit; 7 digit; 8 letter; 9 letter; 10 digit; 11 digit. Letters
/// exclude S, L, O, I, B and Z.
pub(crate) fn us_mbi(value: &[u8]) -> bool {
    let Some(chars) = compact_alnum(value) else {
        return false;
    };
    let Ok([c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11]) = <[u8; 11]>::try_from(chars) else {
        return false;
    };
    let digit = |b: u8| b.is_ascii_digit();
    let either = |b: u8| digit(b) || mbi_letter(b);
    matches!(c1, b'1'..=b'9')
        && mbi_letter(c2)
        && either(c3)
        && digit(c4)
        && mbi_letter(c5)
        && either(c6)
        && digit(c7)
        && mbi_letter(c8)
        && mbi_letter(c9)
        && digit(c10)
        && digit(c11)
}

/// `npi`: 10 digits (separators ignored), the first 1 or 2, with a Luhn check digit computed
/// over the number prefixed by 80840 (the ISO 7812 card-issuer prefix for US health).
pub(crate) fn npi(value: &[u8]) -> bool {
    let Some(d) = digits(value) else {
        return false;
    };
    if d.len() != 10 || !matches!(d.first(), Some(1 | 2)) {
        return false;
    }
    let mut prefixed = vec![8, 0, 8, 4, 0];
    prefixed.extend_from_slice(&d);
    luhn(&prefixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icd10_codes() {
        // E11.9 type 2 diabetes; S72.001A femur fracture, initial encounter; J45.909 asthma.
        for ok in [
            "E11.9", "S72.001A", "J45.909", "A00", "Z99.89", "E119", "S72001A", "T36.0X1A",
        ] {
            assert!(icd10(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "U07", // U codes are reserved
            "U07.1",
            "A0", // too short
            "A0.1",
            "e11.9", // lower case
            "E1A.9",
            "11.9",
            "E11.",      // dot without extension
            "E11.12345", // extension too long
            "E11..9",
            "E11.9-",
            "E11 9",
        ] {
            assert!(!icd10(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn mbi() {
        // 1EG4-TE5-MK73: the example MBI from the CMS "Understanding the MBI" documentation.
        assert!(us_mbi(b"1EG4-TE5-MK73"));
        assert!(us_mbi(b"1EG4TE5MK73"));
        assert!(us_mbi(b"1eg4-te5-mk73"));
        for bad in [
            "0EG4-TE5-MK73", // position 1 must be 1-9
            "1SG4-TE5-MK73", // S is excluded
            "1EG4-TO5-MK73", // O is excluded
            "1EGA-TE5-MK73", // position 4 must be a digit
            "1EG4-TE5-1K73", // position 8 must be a letter
            "1EG4-TE5-MKA3", // position 10 must be a digit
            "1EG4-TE5-MK7",  // 10 characters
            "1EG4-TE5-MK734",
            "1EG4_TE5_MK73",
        ] {
            assert!(!us_mbi(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn npi_numbers() {
        // 1234567893: the example NPI in the CMS NPI check-digit document.
        assert!(npi(b"1234567893"));
        assert!(npi(b"123-456-7893"));
        for bad in [
            "1234567890",
            "3234567893",
            "123456789",
            "12345678930",
            "123456789a",
        ] {
            assert!(!npi(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn garbage_does_not_panic() {
        for bad in [
            &b""[..],
            b"\xff\xfe\xfd",
            b"E",
            b"E1",
            b"E1\xff",
            b"E11.\xc3\xa9",
            b"-----",
        ] {
            assert!(!icd10(bad));
            assert!(!us_mbi(bad));
            assert!(!npi(bad));
        }
    }
}
