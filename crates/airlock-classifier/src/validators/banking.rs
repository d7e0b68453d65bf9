//! Bank account identifiers: `iban` (ISO 13616, registered country lengths, mod 97-10) and
//! `aba_routing` (US ABA routing transit numbers, 3-7-1 weighted checksum).

use super::checksum::{mod97, weighted_sum};
use super::text::{compact_alnum, digits};

/// IBAN lengths by country, from the SWIFT IBAN registry.
const IBAN_LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AL", 28),
    (b"AT", 20),
    (b"AZ", 28),
    (b"BA", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BI", 27),
    (b"BR", 29),
    (b"BY", 28),
    (b"CH", 21),
    (b"CR", 22),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DJ", 27),
    (b"DK", 18),
    (b"DO", 28),
    (b"EE", 20),
    (b"EG", 29),
    (b"ES", 24),
    (b"FI", 18),
    (b"FK", 18),
    (b"FO", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GE", 22),
    (b"GI", 23),
    (b"GL", 18),
    (b"GR", 27),
    (b"GT", 28),
    (b"HN", 28),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IQ", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"JO", 30),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LB", 28),
    (b"LC", 32),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"LY", 25),
    (b"MC", 27),
    (b"MD", 24),
    (b"ME", 22),
    (b"MK", 19),
    (b"MN", 20),
    (b"MR", 27),
    (b"MT", 31),
    (b"MU", 30),
    (b"NI", 28),
    (b"NL", 18),
    (b"NO", 15),
    (b"OM", 23),
    (b"PK", 24),
    (b"PL", 28),
    (b"PS", 29),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"RS", 22),
    (b"RU", 33),
    (b"SA", 24),
    (b"SC", 31),
    (b"SD", 18),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"SO", 23),
    (b"ST", 25),
    (b"SV", 28),
    (b"TL", 23),
    (b"TN", 24),
    (b"TR", 26),
    (b"UA", 29),
    (b"VA", 22),
    (b"VG", 24),
    (b"XK", 20),
    (b"YE", 30),
];

/// `iban`: a registered country code, the registered length for that country, check digits
/// 02-98, and the ISO 7064 mod 97-10 check (the rearranged number mod 97 is 1). Spaces and
/// other separators are ignored; letters may be in either case.
pub(crate) fn iban(value: &[u8]) -> bool {
    let Some(chars) = compact_alnum(value) else {
        return false;
    };
    let (Some(country), Some(check), Some(bban)) =
        (chars.get(..2), chars.get(2..4), chars.get(4..))
    else {
        return false;
    };
    let registered = IBAN_LENGTHS
        .iter()
        .find(|(cc, _)| cc.as_slice() == country)
        .map(|&(_, len)| len);
    if registered != Some(chars.len()) || !check.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if matches!(check, b"00" | b"01" | b"99") {
        return false;
    }
    let rearranged: Vec<u8> = bban.iter().chain(country).chain(check).copied().collect();
    mod97(&rearranged) == Some(1)
}

/// `aba_routing`: 9 digits whose first two are a Federal Reserve routing symbol prefix
/// (00-12, 21-32, 61-72 or 80) and whose 3-7-1 weighted sum is a multiple of 10.
pub(crate) fn aba_routing(value: &[u8]) -> bool {
    let Some(d) = digits(value) else {
        return false;
    };
    let Ok(d) = <[u8; 9]>::try_from(d) else {
        return false;
    };
    let prefix = d[0] * 10 + d[1];
    let prefix_ok = matches!(prefix, 0..=12 | 21..=32 | 61..=72 | 80);
    prefix_ok
        && d.iter().any(|&x| x != 0)
        && weighted_sum(&d, &[3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iban_registry_examples() {
        // Examples from the SWIFT IBAN registry.
        for ok in [
            "GB82WEST12345698765432",
            "GB82 WEST 1234 5698 7654 32",
            "DE89370400440532013000",
            "DE89 3704 0044 0532 0130 00",
            "FR1420041010050500013M02606",
            "NL91ABNA0417164300",
            "nl91abna0417164300",
            "BE68539007547034",
            "NO9386011117947",
            "CH9300762011623852957",
        ] {
            assert!(iban(ok.as_bytes()), "{ok}");
        }
    }

    #[test]
    fn iban_rejects_bad_checksum_length_or_country() {
        for bad in [
            "GB82WEST12345698765433",  // check fails
            "GB28WEST12345698765432",  // check digits transposed
            "GB82WEST1234569876543",   // too short for GB
            "DE89370400440532013000X", // too long for DE
            "XX82WEST12345698765432",  // unknown country
            "US64SVBKUS6S3300958879",  // US has no IBAN
            "GBXXWEST12345698765432",  // letters as check digits
            "GB82_WEST12345698765432", // unknown separator
        ] {
            assert!(!iban(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn aba_routing_numbers() {
        // 011000015: Federal Reserve Bank of Boston; 021000021: JPMorgan Chase (both published).
        assert!(aba_routing(b"011000015"));
        assert!(aba_routing(b"021000021"));
        assert!(!aba_routing(b"011000016"));
        assert!(!aba_routing(b"000000000"));
        // Checksum holds (3*9 + 7*1 + 1*6 = 40) but 91 is not a routing-symbol prefix.
        assert!(!aba_routing(b"916000000"));
        assert!(!aba_routing(b"01100001"));
        assert!(!aba_routing(b"0110000150"));
    }

    #[test]
    fn garbage_does_not_panic() {
        for bad in [
            &b""[..],
            b"\xff\xfe",
            b"GB",
            b"GB8",
            b"\xc3\xa9GB82WEST12345698765432",
        ] {
            assert!(!iban(bad));
            assert!(!aba_routing(bad));
        }
    }
}
