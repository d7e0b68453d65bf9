//! Telephone numbers: `us_phone` (NANP), `uk_phone` (UK national numbering plan), `eu_phone`
//! (international format with an EU/EEA/Swiss country code) and `phone` (any of the three).
//!
//! Values arrive as matched, e.g. `+1 (415) 555-2671`, `020 7946 0958`, `+49 30 901820`:
//! separators (space, `-`, `.`, `/`, parentheses) are dropped, and a `+` is only allowed before
//! the first digit, where it marks the international format.

use super::text::is_separator;

/// A phone number reduced to its digits.
struct Dialled {
    /// Whether the number was written with a leading `+`.
    plus: bool,
    /// The digit values.
    digits: Vec<u8>,
}

/// Splits `value` into its digits, noting a leading `+`. `None` for any byte other than digits
/// and separators, a `+` after the first digit or a second `+`, or more than 20 digits.
fn dial(value: &[u8]) -> Option<Dialled> {
    let mut plus = false;
    let mut digits = Vec::with_capacity(16);
    for &b in value {
        if b.is_ascii_digit() {
            digits.push(b - b'0');
        } else if b == b'+' {
            if plus || !digits.is_empty() {
                return None;
            }
            plus = true;
        } else if !is_separator(b) {
            return None;
        }
    }
    if digits.is_empty() || digits.len() > 20 {
        return None;
    }
    Some(Dialled { plus, digits })
}

/// The international part of `d` (country code onwards) when written as `+CC...` or
/// `00CC...`; `None` for a nationally written number.
fn international(d: &Dialled) -> Option<&[u8]> {
    if d.plus {
        Some(&d.digits)
    } else {
        d.digits.strip_prefix(&[0, 0])
    }
}

/// `us_phone`: optional `+1`/`1`, then 10 digits NPA-NXX-XXXX where the area code (NPA) and
/// exchange (NXX) start with 2-9 and neither is an N11 service code, excluding the
/// 555-0100..555-0199 range reserved for fiction.
pub(crate) fn us_phone(value: &[u8]) -> bool {
    dial(value).is_some_and(|d| us_digits(&d))
}

/// The NANP rules on a dialled number.
fn us_digits(d: &Dialled) -> bool {
    // With `+` the country code 1 is required; without it, an 11-digit number starts with 1.
    let national = if d.plus || d.digits.len() == 11 {
        match d.digits.strip_prefix(&[1]) {
            Some(rest) => rest,
            None => return false,
        }
    } else {
        &d.digits
    };
    let Ok([a, b, c, e, f, g, l1, l2, _, _]) = <[u8; 10]>::try_from(national) else {
        return false;
    };
    let n11 = |x: u8, y: u8| x == 1 && y == 1;
    let npa_ok = a >= 2 && !n11(b, c);
    let nxx_ok = e >= 2 && !n11(f, g);
    let fiction = [e, f, g] == [5, 5, 5] && l1 == 0 && l2 == 1;
    npa_ok && nxx_ok && !fiction
}

/// `uk_phone`: `+44` (or `0044`, optionally followed by a bracketed trunk `(0)`) or a national
/// `0`, then a national significant number: 01 with 9-10 digits, 02, 03 and 07 with 10, 08 with
/// 9-10. Numbers starting 00 after the trunk prefix and other ranges (04, 05, 06, 09) fail.
pub(crate) fn uk_phone(value: &[u8]) -> bool {
    dial(value).is_some_and(|d| uk_digits(&d))
}

/// The UK numbering-plan rules on a dialled number.
fn uk_digits(d: &Dialled) -> bool {
    let nsn = match international(d) {
        Some(intl) => match intl.strip_prefix(&[4, 4]) {
            Some(rest) => rest.strip_prefix(&[0]).unwrap_or(rest),
            None => return false,
        },
        None => match d.digits.strip_prefix(&[0]) {
            Some(rest) => rest,
            None => return false,
        },
    };
    let len = nsn.len();
    match nsn.first() {
        Some(1) => (9..=10).contains(&len),
        Some(2 | 3 | 7) => len == 10,
        Some(8) => (9..=10).contains(&len),
        _ => false,
    }
}

/// How a country treats a leading 0 after its country code.
#[derive(Clone, Copy)]
enum Zero {
    /// 0 is the national trunk prefix: written as `(0)` after the country code, and dropped.
    Trunk,
    /// 0 is part of the number (Italy's fixed lines).
    Significant,
    /// National numbers never start with 0.
    Invalid,
}

/// A country's numbering plan: country code, national significant number length range, and
/// leading-zero handling.
struct Plan {
    /// Country calling code digits.
    cc: &'static [u8],
    /// Shortest national significant number.
    min: usize,
    /// Longest national significant number.
    max: usize,
    /// What a leading 0 after the country code means.
    zero: Zero,
}

/// Shorthand constructor for the table below.
const fn plan(cc: &'static [u8], min: usize, max: usize, zero: Zero) -> Plan {
    Plan { cc, min, max, zero }
}

/// EU, EEA and Swiss numbering plans (national significant number lengths from the ITU-T
/// E.164 national numbering plan notifications, rounded to the ranges in use). Country codes
/// are prefix-free, so the first match is the only one.
const EU_PLANS: &[Plan] = &[
    plan(&[3, 0], 10, 10, Zero::Invalid),    // GR Greece
    plan(&[3, 1], 9, 9, Zero::Trunk),        // NL Netherlands
    plan(&[3, 2], 8, 9, Zero::Trunk),        // BE Belgium
    plan(&[3, 3], 9, 9, Zero::Trunk),        // FR France
    plan(&[3, 4], 9, 9, Zero::Invalid),      // ES Spain
    plan(&[3, 5, 1], 9, 9, Zero::Invalid),   // PT Portugal
    plan(&[3, 5, 2], 4, 11, Zero::Invalid),  // LU Luxembourg
    plan(&[3, 5, 3], 7, 10, Zero::Trunk),    // IE Ireland
    plan(&[3, 5, 4], 7, 9, Zero::Invalid),   // IS Iceland
    plan(&[3, 5, 6], 8, 8, Zero::Invalid),   // MT Malta
    plan(&[3, 5, 7], 8, 8, Zero::Invalid),   // CY Cyprus
    plan(&[3, 5, 8], 5, 12, Zero::Trunk),    // FI Finland
    plan(&[3, 5, 9], 6, 9, Zero::Trunk),     // BG Bulgaria
    plan(&[3, 6], 8, 9, Zero::Invalid),      // HU Hungary (trunk prefix is 06)
    plan(&[3, 7, 0], 8, 8, Zero::Trunk),     // LT Lithuania
    plan(&[3, 7, 1], 8, 8, Zero::Invalid),   // LV Latvia
    plan(&[3, 7, 2], 7, 8, Zero::Invalid),   // EE Estonia
    plan(&[3, 8, 5], 6, 9, Zero::Trunk),     // HR Croatia
    plan(&[3, 8, 6], 8, 8, Zero::Trunk),     // SI Slovenia
    plan(&[3, 9], 6, 11, Zero::Significant), // IT Italy
    plan(&[4, 0], 9, 9, Zero::Trunk),        // RO Romania
    plan(&[4, 1], 9, 9, Zero::Trunk),        // CH Switzerland
    plan(&[4, 2, 0], 9, 9, Zero::Invalid),   // CZ Czechia
    plan(&[4, 2, 1], 9, 9, Zero::Trunk),     // SK Slovakia
    plan(&[4, 2, 3], 7, 9, Zero::Invalid),   // LI Liechtenstein
    plan(&[4, 3], 4, 13, Zero::Trunk),       // AT Austria
    plan(&[4, 5], 8, 8, Zero::Invalid),      // DK Denmark
    plan(&[4, 6], 7, 10, Zero::Trunk),       // SE Sweden
    plan(&[4, 7], 8, 8, Zero::Invalid),      // NO Norway
    plan(&[4, 8], 9, 9, Zero::Invalid),      // PL Poland
    plan(&[4, 9], 6, 13, Zero::Trunk),       // DE Germany
];

/// `eu_phone`: international format only (`+CC` or `00CC`) with an EU/EEA/Swiss country code
/// and a national significant number in that country's length range. A bracketed trunk `(0)`
/// is dropped where the country uses one.
pub(crate) fn eu_phone(value: &[u8]) -> bool {
    dial(value).is_some_and(|d| eu_digits(&d))
}

/// The EU numbering-plan rules on a dialled number.
fn eu_digits(d: &Dialled) -> bool {
    let Some(intl) = international(d) else {
        return false;
    };
    let Some((plan, rest)) = EU_PLANS
        .iter()
        .find_map(|p| intl.strip_prefix(p.cc).map(|rest| (p, rest)))
    else {
        return false;
    };
    let nsn = match (plan.zero, rest.first()) {
        (Zero::Trunk, Some(0)) => rest.get(1..).unwrap_or_default(),
        _ => rest,
    };
    let leading_zero_ok = matches!(plan.zero, Zero::Significant);
    match nsn.first() {
        Some(0) if !leading_zero_ok => false,
        Some(_) => (plan.min..=plan.max).contains(&nsn.len()),
        None => false,
    }
}

/// `phone`: any of `us_phone`, `uk_phone` or `eu_phone`.
pub(crate) fn phone(value: &[u8]) -> bool {
    dial(value).is_some_and(|d| us_digits(&d) || uk_digits(&d) || eu_digits(&d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn us_numbers() {
        for ok in [
            "+1 (415) 555-2671",
            "415-555-2671",
            "(415) 555-2671",
            "415.555.2671",
            "1-415-555-2671",
            "+14155552671",
            "4155552671",
            "212 555 0200", // 555-0200 is outside the fiction range
        ] {
            assert!(us_phone(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "415-555-0123", // fiction range 555-0100..0199
            "415-555-0100",
            "415-555-0199",
            "115-555-2671",     // area code starting 1
            "015-555-2671",     // area code starting 0
            "411-555-2671",     // N11 area code
            "415-155-2671",     // exchange starting 1
            "415-911-2671",     // N11 exchange
            "+44 415 555 2671", // not +1
            "2-415-555-2671",   // 11 digits not starting 1
            "415-555-267",      // 9 digits
            "415-555-26712",
            "415+555-2671",     // + in the middle
            "415-555-2671 x12", // extension text
        ] {
            assert!(!us_phone(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn uk_numbers() {
        for ok in [
            "+44 20 7946 0958",
            "020 7946 0958",
            "07700 900123",
            "+44 7700 900123",
            "+44 (0)20 7946 0958",
            "0044 20 7946 0958",
            "01632 960123",
            "016977 2345", // 9-digit geographic NSN
            "0800 123456", // 9-digit freephone NSN
            "0808 157 0192",
            "0303 123 4567",
            "07624 123456",
        ] {
            assert!(uk_phone(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "0020 7946 0958", // 0 followed by 0 (and then not 44)
            "020 7946 095",   // 9-digit 02 NSN
            "07700 90012",    // short mobile
            "07700 9001234",  // long mobile
            "0900 123 4567",  // 09 not covered
            "0500 123456",
            "+33 20 7946 0958",
            "20 7946 0958", // no trunk 0
            "+44 0 0 7946 0958",
        ] {
            assert!(!uk_phone(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn eu_numbers() {
        for ok in [
            "+49 30 901820",
            "+49 (0)30 901820",
            "0049 30 901820",
            "+33 1 42 68 53 00",
            "+34 912 345 678",
            "+39 06 6988 4857", // Italy keeps its leading 0
            "+39 347 123 4567",
            "+31 20 123 4567",
            "+32 2 123 45 67",
            "+43 1 234567",
            "+41 44 668 18 00",
            "+46 8 123 456 78",
            "+45 32 12 34 56",
            "+47 22 12 34 56",
            "+358 9 1234567",
            "+353 1 234 5678",
            "+351 21 123 4567",
            "+48 22 123 45 67",
            "+420 212 345 678",
            "+30 21 0123 4567",
            "+36 1 234 5678",
            "+40 21 123 4567",
        ] {
            assert!(eu_phone(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "030 901820",       // national format
            "+1 415 555 2671",  // not EU
            "+44 20 7946 0958", // UK is not EU/EEA
            "+33 1 42 68 53",   // 7-digit French NSN
            "+33 1 42 68 53 00 1",
            "+34 012 345 678", // Spanish numbers never start with 0
            "+45 0212 3456",
            "+49 30",
            "+42 123 456 789", // 42 alone is not a country code
            "+49 30 9018 20+1",
        ] {
            assert!(!eu_phone(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn phone_is_any_plan() {
        for ok in [
            "+1 (415) 555-2671",
            "020 7946 0958",
            "+49 30 901820",
            "+33 1 42 68 53 00",
        ] {
            assert!(phone(ok.as_bytes()), "{ok}");
        }
        for bad in ["415-555-0123", "12345", "+86 10 1234 5678", "+"] {
            assert!(!phone(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn garbage_does_not_panic() {
        let long = [b'9'; 4096];
        for bad in [
            &b""[..],
            b"+",
            b"++44",
            b"()",
            b"\xff\xfe",
            b"+44\xff20 7946 0958",
            b"00",
            b"0",
            b"+0",
            &long,
        ] {
            assert!(!us_phone(bad));
            assert!(!uk_phone(bad));
            assert!(!eu_phone(bad));
            assert!(!phone(bad));
        }
    }
}
