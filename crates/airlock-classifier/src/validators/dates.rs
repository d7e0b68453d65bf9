//! Calendar dates: the `date` validator (DD/MM/YYYY, MM/DD/YYYY, YYYY-MM-DD and D.M.YYYY with
//! `/`, `-` or `.` separators, years 1900-2100) and the calendar helpers the identity-number
//! validators use for their embedded birth dates.

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

#[cfg(test)]
mod tests {
    use super::*;

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
