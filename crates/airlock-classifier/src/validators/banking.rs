//! Bank account identifiers: `iban` (ISO 13616, registered country lengths, mod 97-10) and
//! `aba_routing` (US ABA routing transit numbers, 3-7-1 weighted checksum).

use super::checksum::{mod97, weighted_sum};
use super::text::{compact_alnum, digits};

/// IBAN lengths by country, from the SWIFT IBAN registry (release 99, 89 countries; overseas
/// territories that bank under another country's code, such as GG/JE/IM under GB or the French
/// overseas departments under FR, have no entry of their own).
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

/// Countries whose BBAN is digits only in the registry (the others mix in letters: bank codes
/// such as `WEST`, `NWBK` or `AIBK`, account letters such as France's `3M02` or Malta's `MTLC`).
const NUMERIC_BBAN: &[&[u8; 2]] = &[
    b"AE", b"AT", b"BA", b"BE", b"BI", b"CR", b"CZ", b"DE", b"DJ", b"DK", b"EE", b"EG", b"ES",
    b"FI", b"FO", b"GL", b"HR", b"HU", b"IL", b"IS", b"LT", b"LY", b"ME", b"MN", b"MR", b"NO",
    b"PL", b"PT", b"RS", b"SD", b"SE", b"SI", b"SK", b"SO", b"TL", b"TN", b"VA", b"XK",
];

/// Whether the letters of a printed IBAN are in one case (all upper or all lower), and a space
/// between the country code and the check digits (`DE 89 3704 ...`) comes only in upper case.
fn printed_form_ok(value: &[u8]) -> bool {
    let upper = value.iter().any(u8::is_ascii_uppercase);
    let lower = value.iter().any(u8::is_ascii_lowercase);
    let mixed = upper && lower;
    let lower_spaced = lower && value.get(2) == Some(&b' ');
    !mixed && !lower_spaced
}

/// `iban`: a registered country code, the registered length for that country, check digits
/// 02-98, a digits-only BBAN for the countries that have one, and the ISO 7064 mod 97-10 check
/// (the rearranged number mod 97 is 1). Spaces and other separators are ignored; letters are
/// all upper or all lower case.
pub(crate) fn iban(value: &[u8]) -> bool {
    if !printed_form_ok(value) {
        return false;
    }
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
    if NUMERIC_BBAN.iter().any(|cc| cc.as_slice() == country)
        && !bban.iter().all(u8::is_ascii_digit)
    {
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

    /// One example IBAN per registry country (the registry's own examples, which are also the
    /// ones banks and standards documents print).
    const REGISTRY_EXAMPLES: &str = "AD1200012030200359100100 AE070331234567890123456 \
        AL47212110090000000235698741 AT611904300234573201 AZ21NABZ00000000137010001944 \
        BA391290079401028494 BE68539007547034 BG80BNBG96611020345678 BH67BMAG00001299123456 \
        BI4210000100010000332045181 BR1800360305000010009795493C1 \
        BY13NBRB3600900000002Z00AB00 CH9300762011623852957 CR05015202001026284066 \
        CY17002001280000001200527600 CZ6508000000192000145399 DE89370400440532013000 \
        DJ2100010000000154000100186 DK5000400440116243 DO28BAGR00000001212453611324 \
        EE382200221020145685 EG380019000500000000263180002 ES9121000418450200051332 \
        FI2112345600000785 FK88SC123456789012 FO6264600001631634 \
        FR1420041010050500013M02606 GB29NWBK60161331926819 GE29NB0000000101904917 \
        GI75NWBK000000007099453 GL8964710001000206 GR1601101250000000012300695 \
        GT82TRAJ01020000001210029690 HN88CABF00000000000250005469 HR1210010051863000160 \
        HU42117730161111101800000000 IE29AIBK93115212345678 IL620108000000099999999 \
        IQ98NBIQ850123456789012 IS140159260076545510730339 IT60X0542811101000000123456 \
        JO94CBJO0010000000000131000302 KW81CBKU0000000000001234560101 \
        KZ86125KZT5004100100 LB62099900000001001901229114 \
        LC55HEMM000100010012001200023015 LI21088100002324013AA LT121000011101001000 \
        LU280019400644750000 LV80BANK0000435195001 LY83002048000020100120361 \
        MC5811222000010123456789030 MD24AG000225100013104168 ME25505000012345678951 \
        MK07250120000058984 MN121234123456789123 MR1300020001010000123456753 \
        MT84MALT011000012345MTLCAST001S MU17BOMM0101101030300200000MUR \
        NI45BAPR00000013000003558124 NL91ABNA0417164300 NO9386011117947 \
        OM810180000001299123456 PK36SCBL0000001123456702 PL61109010140000071219812874 \
        PS92PALS000000000400123456702 PT50000201231234567890154 \
        QA58DOHB00001234567890ABCDEFG RO49AAAA1B31007593840000 RS35260005601001611379 \
        RU0304452522540817810538091310419 SA0380000000608010167519 \
        SC18SSCB11010000000000001497USD SD2129010501234001 SE4550000000058398257466 \
        SI56263300012039086 SK3112000000198742637541 SM86U0322509800000000270100 \
        SO211000001001000100141 ST68000100010051845310112 SV62CENR00000000000000700025 \
        TL380080012345678910157 TN5910006035183598478831 TR330006100519786457841326 \
        UA213223130000026007233566001 VA59001123000012345678 VG96VPVG0000012345678901 \
        XK051212012345678906 YE15CBYE0001018861234567891234";

    /// `iban` printed in groups of four, as on statements.
    fn grouped(iban: &str) -> String {
        let chars: Vec<char> = iban.chars().collect();
        let groups: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
        groups.join(" ")
    }

    #[test]
    fn every_registry_country_has_its_example() {
        let examples: Vec<&str> = REGISTRY_EXAMPLES.split_whitespace().collect();
        assert_eq!(IBAN_LENGTHS.len(), 89);
        assert_eq!(examples.len(), IBAN_LENGTHS.len());
        for (ex, (cc, len)) in examples.iter().zip(IBAN_LENGTHS) {
            assert_eq!(
                ex.as_bytes().get(..2),
                Some(cc.as_slice()),
                "{ex}: table order"
            );
            assert_eq!(ex.len(), *len, "{ex}: registered length");
            assert!(iban(ex.as_bytes()), "{ex}");
            assert!(iban(grouped(ex).as_bytes()), "{ex} grouped");
            assert!(iban(ex.to_ascii_lowercase().as_bytes()), "{ex} lower case");
            assert!(iban(grouped(&ex.to_ascii_lowercase()).as_bytes()));
            let country_apart = format!("{} {}", &ex[..2], &ex[2..]);
            assert!(iban(country_apart.as_bytes()), "{country_apart}");
            // One character more or less, or a changed digit, fails.
            assert!(!iban(format!("{ex}0").as_bytes()), "{ex}0");
            assert!(!iban(&ex.as_bytes()[..ex.len() - 1]), "{ex} short");
            let mut changed = ex.as_bytes().to_vec();
            if let Some(last) = changed.last_mut() {
                *last = if *last == b'0' { b'1' } else { b'0' };
            }
            assert!(!iban(&changed), "{ex} changed");
        }
    }

    #[test]
    fn printed_forms() {
        assert!(iban(b"DE 89 3704 0044 0532 0130 00"));
        assert!(iban(b"FR76 3000 6000 0112 3456 7890 189"));
        assert!(iban(b"GB82 WEST 123456 98765432"));
        assert!(!iban(b"Gb82 west 1234 5698 7654 32")); // mixed case
        assert!(!iban(b"de 89 3704 0044 0532 0130 00")); // lower case, country apart
        assert!(!iban(b"DE89 3704 0044 0532 0130 0A")); // letters in a numeric BBAN
    }

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
