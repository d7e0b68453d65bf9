//! Calendar dates: the `date` validator (DD/MM/YYYY, MM/DD/YYYY, YYYY-MM-DD and D.M.YYYY with
//! `/`, `-` or `.` separators, years 1900-2100), the `calendar_date` validator (those, two-digit
//! years, and dates with an English, German or French month name: `7 March 1984`,
//! `March 7, 1984`, `07-Mar-84`, `7. März 1984`, `7 mars 1984`) and the calendar helpers the
//! identity-number validators use for their embedded birth dates.

/// Whether `year` is a Gregorian leap year.
pub(crate) fn is_leap_year(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in `month` (1-12) of `year`; 0 for an invalid month.
pub(crate) fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Whether `year`-`month`-`day` is a real Gregorian calendar date.
pub(crate) fn is_valid_ymd(year: u32, month: u32, day: u32) -> bool {
    day >= 1 && day <= days_in_month(year, month)
}

/// Years the `date` validator accepts.
const YEARS: std::ops::RangeInclusive<u32> = 1900..=2100;

/// The numeric value of an all-digit field of 1 to 4 bytes.
fn field(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 4 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0')),
    )
}

/// `date`: three numeric fields joined by the same separator (`/`, `-` or `.`), either
/// year-first (`YYYY-MM-DD`) or year-last (`DD/MM/YYYY` or `MM/DD/YYYY`; either reading may
/// make it valid), with a four-digit year in 1900-2100 and a real calendar day. Day and month
/// may have one or two digits.
pub(crate) fn date(value: &[u8]) -> bool {
    let Some(&sep) = value.iter().find(|b| !b.is_ascii_digit()) else {
        return false;
    };
    if !matches!(sep, b'/' | b'-' | b'.') {
        return false;
    }
    let parts: Vec<&[u8]> = value.split(|&b| b == sep).collect();
    let &[a, b, c] = parts.as_slice() else {
        return false;
    };
    let (Some(x), Some(y), Some(z)) = (field(a), field(b), field(c)) else {
        return false;
    };
    let short = |p: &[u8]| (1..=2).contains(&p.len());
    if a.len() == 4 && short(b) && short(c) {
        YEARS.contains(&x) && is_valid_ymd(x, y, z)
    } else if c.len() == 4 && short(a) && short(b) {
        YEARS.contains(&z) && (is_valid_ymd(z, y, x) || is_valid_ymd(z, x, y))
    } else {
        false
    }
}

/// Month names and abbreviations (lowercase; German and French accents as UTF-8 in either
/// case), each with its month number.
const MONTHS: &[(&[u8], u32)] = &[
    (b"jan", 1),
    (b"january", 1),
    (b"januar", 1),
    (b"j\xc3\xa4nner", 1),
    (b"janvier", 1),
    (b"janv", 1),
    (b"feb", 2),
    (b"february", 2),
    (b"februar", 2),
    (b"f\xc3\xa9vrier", 2),
    (b"f\xc3\x89vrier", 2),
    (b"fevrier", 2),
    (b"f\xc3\xa9vr", 2),
    (b"fevr", 2),
    (b"mar", 3),
    (b"march", 3),
    (b"m\xc3\xa4rz", 3),
    (b"m\xc3\x84rz", 3),
    (b"maerz", 3),
    (b"mrz", 3),
    (b"mars", 3),
    (b"apr", 4),
    (b"april", 4),
    (b"avril", 4),
    (b"avr", 4),
    (b"may", 5),
    (b"mai", 5),
    (b"jun", 6),
    (b"june", 6),
    (b"juni", 6),
    (b"juin", 6),
    (b"jul", 7),
    (b"july", 7),
    (b"juli", 7),
    (b"juillet", 7),
    (b"juil", 7),
    (b"aug", 8),
    (b"august", 8),
    (b"ao\xc3\xbbt", 8),
    (b"aout", 8),
    (b"sep", 9),
    (b"sept", 9),
    (b"september", 9),
    (b"septembre", 9),
    (b"oct", 10),
    (b"october", 10),
    (b"okt", 10),
    (b"oktober", 10),
    (b"octobre", 10),
    (b"nov", 11),
    (b"november", 11),
    (b"novembre", 11),
    (b"dec", 12),
    (b"december", 12),
    (b"dez", 12),
    (b"dezember", 12),
    (b"d\xc3\xa9cembre", 12),
    (b"d\xc3\x89cembre", 12),
    (b"decembre", 12),
    (b"d\xc3\xa9c", 12),
];

/// The month a name or abbreviation stands for (ASCII case ignored).
fn month_name(word: &[u8]) -> Option<u32> {
    MONTHS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|&(_, m)| m)
}

/// Whether a day-month-year triple is a real date: a four-digit year in 1900-2100, or a
/// two-digit year in either century.
fn real_date(day: u32, month: u32, year: &[u8]) -> bool {
    let Some(y) = field(year) else {
        return false;
    };
    match year.len() {
        4 => YEARS.contains(&y) && is_valid_ymd(y, month, day),
        2 => is_valid_ymd(1900 + y, month, day) || is_valid_ymd(2000 + y, month, day),
        _ => false,
    }
}

/// A day token: 1-2 digits, optionally with an English ordinal suffix (`7th`).
fn day_token(tok: &[u8]) -> Option<u32> {
    let n = tok.iter().take_while(|b| b.is_ascii_digit()).count();
    let (digits, suffix) = tok.split_at(n);
    let suffix_ok = suffix.is_empty()
        || [&b"st"[..], b"nd", b"rd", b"th"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(suffix));
    if (1..=2).contains(&digits.len()) && suffix_ok {
        field(digits)
    } else {
        None
    }
}

/// `calendar_date`: a real calendar date written with numbers only (as [`date`], or with a
/// two-digit year: `3/7/84`, `07.03.84`) or with a month name between the day and the year or
/// before the day (`7 March 1984`, `7th of March 1984`, `March 7, 1984`, `Mar. 7 1984`,
/// `07-Mar-1984`, `7. März 1984`). Commas, dots, spaces, dashes and slashes separate the parts.
pub(crate) fn calendar_date(value: &[u8]) -> bool {
    if date(value) {
        return true;
    }
    let tokens: Vec<&[u8]> = value
        .split(|b| matches!(b, b' ' | b',' | b'.' | b'-' | b'/' | b'\t'))
        .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case(b"of"))
        .collect();
    let &[a, b, c] = tokens.as_slice() else {
        return false;
    };
    if a.iter().chain(b).chain(c).all(u8::is_ascii_digit) {
        // Numeric with a two-digit year: the separators must be one and the same.
        let seps: Vec<u8> = value
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_digit())
            .collect();
        let same = seps.len() == 2 && seps[0] == seps[1] && matches!(seps[0], b'/' | b'-' | b'.');
        let (Some(x), Some(y)) = (day_token(a), day_token(b)) else {
            return false;
        };
        return same && c.len() == 2 && (real_date(x, y, c) || real_date(y, x, c));
    }
    let year_ok = |t: &[u8]| (t.len() == 4 || t.len() == 2) && t.iter().all(u8::is_ascii_digit);
    if !year_ok(c) {
        return false;
    }
    match (day_token(a), month_name(b), month_name(a), day_token(b)) {
        (Some(d), Some(m), _, _) | (_, _, Some(m), Some(d)) => real_date(d, m, c),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_dates_in_every_common_form() {
        for ok in [
            "1984-03-07",
            "03/07/1984",
            "3/7/84",
            "07.03.1984",
            "07.03.84",
            "7 March 1984",
            "7th March 1984",
            "7th of March 1984",
            "March 7, 1984",
            "March 7 1984",
            "Mar. 7, 1984",
            "07-Mar-1984",
            "07-MAR-84",
            "7. M\u{e4}rz 1984",
            "7 mars 1984",
            "29 Feb 2000",
            "Sept 30, 1999",
        ] {
            assert!(calendar_date(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "30 Feb 1984",
            "31/04/1984",
            "13/13/84",
            "3/7-84",
            "32 March 1984",
            "March 1984",
            "7 Marsh 1984",
            "7 March 1850",
            "7 March 19845",
            "1984",
            "7th March",
            "29 Feb 1900",
            "Mar 7, 1984, 10",
        ] {
            assert!(!calendar_date(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2000));
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2023));
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2024, 13), 0);
        assert!(!is_valid_ymd(2024, 0, 1));
    }

    #[test]
    fn accepts_real_dates_in_all_layouts() {
        for ok in [
            "2024-02-29",
            "2000/2/29",
            "31/12/1999",
            "12/31/1999",
            "1.2.1900",
            "29.02.2000",
            "05-06-2100",
            "1900-01-01",
        ] {
            assert!(date(ok.as_bytes()), "{ok}");
        }
    }

    #[test]
    fn rejects_impossible_or_out_of_range_dates() {
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "31/31/1999",
            "32/01/2000",
            "00/01/2000",
            "01/00/2000",
            "2024-13-01",
            "1899-12-31",
            "2101-01-01",
            "01/01/99",
            "2024-01/01",
            "2024-001-01",
            "2024 01 01",
            "2024-01-01-01",
            "20240101",
            "1.2.3.4",
            "2024--01",
        ] {
            assert!(!date(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn garbage_does_not_panic() {
        for bad in [
            &b""[..],
            b"\xff\xfe",
            b"//",
            b"-",
            b"9999999/9/9",
            b"\xc3\x28-01-01",
        ] {
            assert!(!date(bad));
        }
    }
}
