//! European personal identity numbers: `nl_bsn`, `es_dni`, `es_nie`, `pl_pesel`,
//! `it_codice_fiscale`, `se_personnummer`, `fi_hetu` and `uk_nino`.

use super::checksum::{luhn, weighted_sum};
use super::dates::{days_in_month, is_valid_ymd};
use super::text::{compact_alnum, digits, group_lengths, number};

/// `nl_bsn`: 9 digits (8 digits are read with a leading zero), passing the "11-test":
/// 9*d1 + 8*d2 + ... + 2*d8 - d9 is a non-zero multiple of 11.
pub(crate) fn nl_bsn(value: &[u8]) -> bool {
    let Some(mut d) = digits(value) else {
        return false;
    };
    if d.len() == 8 {
        d.insert(0, 0);
    }
    let Ok(d) = <[u8; 9]>::try_from(d) else {
        return false;
    };
    let sum = i64::from(weighted_sum(&d, &[9, 8, 7, 6, 5, 4, 3, 2])) - i64::from(d[8]);
    sum > 0 && sum % 11 == 0
}

/// Spanish DNI/NIE control letters, indexed by the number mod 23.
const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// Whether `check` is the DNI control letter for `n`.
fn dni_letter_ok(n: u64, check: u8) -> bool {
    usize::try_from(n % 23)
        .ok()
        .and_then(|i| DNI_LETTERS.get(i))
        .is_some_and(|&expected| expected == check)
}

/// Splits upper-cased compacted `chars` into a body of all-digit values and a final letter.
fn digits_then_letter(chars: &[u8]) -> Option<(Vec<u8>, u8)> {
    let (&check, body) = chars.split_last()?;
    if !check.is_ascii_uppercase() || !body.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some((body.iter().map(|b| b - b'0').collect(), check))
}

/// `es_dni`: 8 digits and the control letter `TRWAGMYFPDXBNJZSQVHLCKE[n mod 23]`
/// (separators ignored, letter in either case).
pub(crate) fn es_dni(value: &[u8]) -> bool {
    let Some(chars) = compact_alnum(value) else {
        return false;
    };
    match digits_then_letter(&chars) {
        Some((body, check)) => body.len() == 8 && dni_letter_ok(number(&body), check),
        None => false,
    }
}

/// `es_nie`: X, Y or Z (read as 0, 1, 2), 7 digits and the DNI control letter of the
/// resulting 8-digit number.
pub(crate) fn es_nie(value: &[u8]) -> bool {
    let Some(chars) = compact_alnum(value) else {
        return false;
    };
    let Some((&first, rest)) = chars.split_first() else {
        return false;
    };
    let lead = match first {
        b'X' => 0,
        b'Y' => 1,
        b'Z' => 2,
        _ => return false,
    };
    match digits_then_letter(rest) {
        Some((body, check)) => {
            body.len() == 7 && dni_letter_ok(lead * 10_000_000 + number(&body), check)
        }
        None => false,
    }
}

/// `pl_pesel`: 11 digits, check digit from weights 1-3-7-9, and a valid birth date
/// (YYMMDD, the month offset by 80/0/20/40/60 for the 1800s/1900s/2000s/2100s/2200s).
pub(crate) fn pl_pesel(value: &[u8]) -> bool {
    let Some(d) = digits(value) else {
        return false;
    };
    let Ok(d) = <[u8; 11]>::try_from(d) else {
        return false;
    };
    let sum = weighted_sum(&d, &[1, 3, 7, 9, 1, 3, 7, 9, 1, 3]);
    if (10 - sum % 10) % 10 != u32::from(d[10]) {
        return false;
    }
    let yy = u32::from(d[0]) * 10 + u32::from(d[1]);
    let mm = u32::from(d[2]) * 10 + u32::from(d[3]);
    let dd = u32::from(d[4]) * 10 + u32::from(d[5]);
    let (century, month) = match mm {
        81..=92 => (1800, mm - 80),
        1..=12 => (1900, mm),
        21..=32 => (2000, mm - 20),
        41..=52 => (2100, mm - 40),
        61..=72 => (2200, mm - 60),
        _ => return false,
    };
    is_valid_ymd(century + yy, month, dd)
}

/// Codice fiscale values of characters in odd (1st, 3rd, ...) positions: digits 0-9, then A-Z.
const CF_ODD_DIGITS: [u32; 10] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
/// Codice fiscale odd-position values of the letters A-Z.
const CF_ODD_LETTERS: [u32; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];
/// Codice fiscale month letters, January to December.
const CF_MONTHS: &[u8; 12] = b"ABCDEHLMPRST";
/// Letters standing in for digits 0-9 in "omocodia" variants.
const CF_OMOCODES: &[u8; 10] = b"LMNPQRSTUV";

/// The digit value of a codice fiscale numeric position (a digit or its omocode letter).
fn cf_digit(b: u8) -> Option<u32> {
    if b.is_ascii_digit() {
        return Some(u32::from(b - b'0'));
    }
    CF_OMOCODES
        .iter()
        .position(|&c| c == b)
        .and_then(|i| u32::try_from(i).ok())
}

/// The check-character contribution of `b` at 0-based position `i`.
fn cf_value(i: usize, b: u8) -> Option<u32> {
    let odd_position = i % 2 == 0; // 1-based odd
    match b {
        b'0'..=b'9' if odd_position => CF_ODD_DIGITS.get(usize::from(b - b'0')).copied(),
        b'A'..=b'Z' if odd_position => CF_ODD_LETTERS.get(usize::from(b - b'A')).copied(),
        b'0'..=b'9' => Some(u32::from(b - b'0')),
        b'A'..=b'Z' => Some(u32::from(b - b'A')),
        _ => None,
    }
}

/// `it_codice_fiscale`: 16 characters: 6 letters (surname, name), 2-digit year, month letter,
/// 2-digit day (41-71 for women), municipality letter + 3 digits, and the check letter from
/// the odd/even position tables. Digits may be replaced by their omocode letters (L-V).
pub(crate) fn it_codice_fiscale(value: &[u8]) -> bool {
    let Some(chars) = compact_alnum(value) else {
        return false;
    };
    let Ok(c) = <[u8; 16]>::try_from(chars) else {
        return false;
    };
    if !c[..6].iter().all(u8::is_ascii_uppercase) || !c[11].is_ascii_uppercase() {
        return false;
    }
    let numeric = [c[6], c[7], c[9], c[10], c[12], c[13], c[14]];
    let Some(nums) = numeric
        .iter()
        .map(|&b| cf_digit(b))
        .collect::<Option<Vec<u32>>>()
    else {
        return false;
    };
    let Some(month) = CF_MONTHS.iter().position(|&m| m == c[8]) else {
        return false;
    };
    let day = match nums.as_slice() {
        [_, _, d1, d2, ..] => d1 * 10 + d2,
        _ => return false,
    };
    let day = if day > 40 { day - 40 } else { day };
    let month = u32::try_from(month + 1).unwrap_or(0);
    // The year has no century; 2000 is a leap year, so 29 February is allowed.
    if day == 0 || day > days_in_month(2000, month) {
        return false;
    }
    let mut sum = 0u32;
    for (i, &b) in c[..15].iter().enumerate() {
        match cf_value(i, b) {
            Some(v) => sum += v,
            None => return false,
        }
    }
    let expected = b'A' + u8::try_from(sum % 26).unwrap_or(0);
    c[15] == expected
}

/// `se_personnummer`: 10 digits (YYMMDD-NNNN, `+` for those over 100) or 12
/// (YYYYMMDD-NNNN, years 1800-2099), unseparated or split only before the last four digits, a
/// valid date (day + 60 for coordination numbers, samordningsnummer), and
/// Luhn over the last 10 digits.
pub(crate) fn se_personnummer(value: &[u8]) -> bool {
    let Some(d) = digits(value) else {
        return false;
    };
    let groups = group_lengths(value);
    if !matches!(groups.as_slice(), [10] | [6, 4] | [12] | [8, 4]) {
        return false;
    }
    let (year_len, centuries): (usize, &[u32]) = match d.len() {
        10 => (2, &[1800, 1900, 2000]),
        12 => (4, &[0]),
        _ => return false,
    };
    let Some(&[m1, m2, d1, d2]) = d.get(year_len..year_len + 4) else {
        return false;
    };
    let (Some(year), Some(last10)) = (d.get(..year_len), d.get(d.len().saturating_sub(10)..))
    else {
        return false;
    };
    let year = u32::try_from(number(year)).unwrap_or(u32::MAX);
    if year_len == 4 && !(1800..=2099).contains(&year) {
        return false;
    }
    let month = u32::from(m1 * 10 + m2);
    let day = u32::from(d1 * 10 + d2);
    let day = if day > 60 { day - 60 } else { day };
    centuries
        .iter()
        .any(|&c| is_valid_ymd(c + year, month, day))
        && luhn(last10)
}

/// Finnish HETU check characters, indexed by the 9-digit number mod 31.
const HETU_CHECKS: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

/// `fi_hetu`: DDMMYY, a century sign (`+` 1800s; `-` or `Y X W V U` 1900s; `A B C D E F`
/// 2000s), a 3-digit individual number 002-999, and the mod-31 check character, exactly 11
/// characters (letters in either case).
pub(crate) fn fi_hetu(value: &[u8]) -> bool {
    let Ok(c) = <[u8; 11]>::try_from(value) else {
        return false;
    };
    let c = c.map(|b| b.to_ascii_uppercase());
    let numeric = [c[0], c[1], c[2], c[3], c[4], c[5], c[7], c[8], c[9]];
    if !numeric.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = numeric.map(|b| u32::from(b - b'0'));
    let century = match c[6] {
        b'+' => 1800,
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => 1900,
        b'A'..=b'F' => 2000,
        _ => return false,
    };
    let day = n[0] * 10 + n[1];
    let month = n[2] * 10 + n[3];
    let year = century + n[4] * 10 + n[5];
    let individual = n[6] * 100 + n[7] * 10 + n[8];
    if !is_valid_ymd(year, month, day) || individual < 2 {
        return false;
    }
    let whole = n.iter().fold(0u32, |acc, &x| acc * 10 + x);
    usize::try_from(whole % 31)
        .ok()
        .and_then(|i| HETU_CHECKS.get(i))
        .is_some_and(|&expected| expected == c[10])
}

/// `uk_nino`: two prefix letters, 6 digits and a suffix A-D (spaces ignored, either case).
/// Neither prefix letter is D, F, I, Q, U or V; the second is not O; the prefix is not
/// BG, GB, KN, NK, NT, TN or ZZ.
pub(crate) fn uk_nino(value: &[u8]) -> bool {
    let Some(chars) = compact_alnum(value) else {
        return false;
    };
    let Ok([p1, p2, d1, d2, d3, d4, d5, d6, suffix]) = <[u8; 9]>::try_from(chars) else {
        return false;
    };
    let banned = |b: u8| matches!(b, b'D' | b'F' | b'I' | b'Q' | b'U' | b'V');
    let letters_ok = p1.is_ascii_uppercase()
        && p2.is_ascii_uppercase()
        && !banned(p1)
        && !banned(p2)
        && p2 != b'O';
    let prefix_ok = !matches!(
        &[p1, p2],
        b"BG" | b"GB" | b"KN" | b"NK" | b"NT" | b"TN" | b"ZZ"
    );
    letters_ok
        && prefix_ok
        && [d1, d2, d3, d4, d5, d6].iter().all(u8::is_ascii_digit)
        && matches!(suffix, b'A'..=b'D')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bsn() {
        // 111222333 and 123456782: the standard BSN test numbers.
        assert!(nl_bsn(b"111222333"));
        assert!(nl_bsn(b"123456782"));
        assert!(nl_bsn(b"1234.56.782"));
        // 8 digits read with a leading zero: 012345672 (sum 110 = 10 * 11).
        assert!(nl_bsn(b"12345672"));
        for bad in [
            "123456781",
            "111222334",
            "000000000",
            "1234567",
            "1234567890",
            "12345678a",
        ] {
            assert!(!nl_bsn(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn dni_and_nie() {
        // 12345678Z and X1234567L: the textbook examples (12345678 mod 23 = 14 -> Z;
        // 01234567 mod 23 = 19 -> L).
        assert!(es_dni(b"12345678Z"));
        assert!(es_dni(b"12345678-z"));
        assert!(es_dni(b"12.345.678-Z"));
        for bad in [
            "12345678A",
            "1234567Z",
            "123456789Z",
            "12345678",
            "X1234567L",
        ] {
            assert!(!es_dni(bad.as_bytes()), "{bad}");
        }
        assert!(es_nie(b"X1234567L"));
        assert!(es_nie(b"x-1234567-l"));
        // Y -> 1: 11234567 mod 23 = 10 -> X; Z -> 2: 21234567 mod 23 = 1 -> R.
        assert!(es_nie(b"Y1234567X"));
        assert!(es_nie(b"Z1234567R"));
        for bad in ["X1234567A", "W1234567L", "X123456L", "12345678Z", "XL"] {
            assert!(!es_nie(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn pesel() {
        // 44051401359 (1944-05-14) and 02070803628 (1902-07-08): widely used PESEL examples.
        assert!(pl_pesel(b"44051401359"));
        assert!(pl_pesel(b"02070803628"));
        // 2000s: month + 20 (2002-07-08) with a recomputed check digit.
        assert!(pl_pesel(b"02270803624"));
        for bad in [
            "44051401358", // check digit
            "44133101357", // month 13 (check digit recomputed)
            "44023001356", // 30 February (check digit recomputed)
            "4405140135",
            "440514013590",
        ] {
            assert!(!pl_pesel(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn codice_fiscale() {
        // RSSMRA85T10A562S: the widely used example (Mario Rossi, male, born 10 December 1985).
        assert!(it_codice_fiscale(b"RSSMRA85T10A562S"));
        assert!(it_codice_fiscale(b"rssmra85t10a562s"));
        // Omocodia: the last digit 2 -> N changes the check letter to H.
        assert!(it_codice_fiscale(b"RSSMRA85T10A56NH"));
        assert!(!it_codice_fiscale(b"RSSMRA85T10A56NS"));
        // Female: day + 40.
        assert!(it_codice_fiscale(b"RSSMRA85T50A562W"));
        for bad in [
            "RSSMRA85T10A562A", // check letter
            "RSSMRA85K10A562S", // K is not a month letter
            "RSSMRA85T32A562S", // day 32
            "RSSMRA85T10A562",  // 15 chars
            "RSSMR485T10A562S", // digit in the name part
            "RSSMRA85T10A5A2S", // A is not an omocode
        ] {
            assert!(!it_codice_fiscale(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn personnummer() {
        // 811218-9876: the example used in descriptions of the format, e.g. Wikipedia
        // (Luhn over 8112189876).
        assert!(se_personnummer(b"811218-9876"));
        assert!(se_personnummer(b"8112189876"));
        assert!(se_personnummer(b"19811218-9876"));
        assert!(se_personnummer(b"198112189876"));
        assert!(se_personnummer(b"811218+9876"));
        // Coordination number: day + 60 (811278-9873, Luhn recomputed).
        assert!(se_personnummer(b"811278-9873"));
        for bad in [
            "811218-9875",   // Luhn
            "811318-9875",   // month 13 (Luhn recomputed)
            "811232-9878",   // day 32 (Luhn recomputed)
            "21811218-9876", // century 21
            "81121-89876",   // separator in the wrong place
            "811218 98 76",
            "811218-98761",
        ] {
            assert!(!se_personnummer(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn hetu() {
        // 131052-308T: the widely published example personal identity code (13 Oct 1952).
        assert!(fi_hetu(b"131052-308T"));
        assert!(fi_hetu(b"131052-308t"));
        // Same number with the 2023 alternative 1900s sign.
        assert!(fi_hetu(b"131052Y308T"));
        assert!(!fi_hetu(b"131052-308U"));
        assert!(!fi_hetu(b"131352-308T"));
        assert!(!fi_hetu(b"131052*308T"));
        assert!(!fi_hetu(b"131052-308"));
        assert!(!fi_hetu(b" 131052-308T"));
        // 31 February with the matching check character for 310252308.
        assert!(!fi_hetu(b"310252-308Y"));
        // Individual number 001 is never issued.
        assert!(!fi_hetu(b"131052-001W"));
    }

    #[test]
    fn nino() {
        assert!(uk_nino(b"AB123456C"));
        assert!(uk_nino(b"AB 12 34 56 C"));
        assert!(uk_nino(b"ab123456c"));
        for bad in [
            "BG123456A", // banned prefix
            "QQ123456C", // Q not allowed
            "AO123456C", // O second
            "DA123456C", // D first
            "AB123456E", // suffix beyond D
            "AB12345C",
            "AB1234567C",
            "A1123456C",
        ] {
            assert!(!uk_nino(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn garbage_does_not_panic() {
        let validators: [fn(&[u8]) -> bool; 8] = [
            nl_bsn,
            es_dni,
            es_nie,
            pl_pesel,
            it_codice_fiscale,
            se_personnummer,
            fi_hetu,
            uk_nino,
        ];
        for bad in [
            &b""[..],
            b"\xff\xfe",
            b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5",
            b"-",
            b"X",
            b"\x00\x00\x00\x00\x00\x00\x00\x00\x00",
            b"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
        ] {
            for v in validators {
                assert!(!v(bad));
            }
        }
    }
}
