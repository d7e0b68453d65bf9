//! Payment card numbers: the generic `luhn` validator and `credit_card`, which adds the brand
//! prefix and length rules (Visa, Mastercard incl. 2-series, Amex, Discover, JCB, Diners,
//! UnionPay, Maestro).

use super::checksum::luhn;
use super::text::digits;

/// `luhn`: Luhn mod-10 over the digits of `value` (separators ignored). Needs at least two
/// digits and rejects the all-zero run, which passes the arithmetic but identifies nothing.
pub(crate) fn luhn_valid(value: &[u8]) -> bool {
    match digits(value) {
        Some(d) => d.len() >= 2 && d.iter().any(|&x| x != 0) && luhn(&d),
        None => false,
    }
}

/// Card brands `credit_card` recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Brand {
    Visa,
    Mastercard,
    Amex,
    Discover,
    Jcb,
    Diners,
    UnionPay,
    Maestro,
}

/// The number formed by the first `n` digits (fewer if the number is shorter).
fn prefix(d: &[u8], n: usize) -> u32 {
    d.iter()
        .take(n)
        .fold(0u32, |acc, &x| acc * 10 + u32::from(x))
}

/// The brand whose issuer prefix and length fit the digits `d`, if any. Brands are tried from
/// the most specific prefix to the broadest (Discover's 622126-622925 before UnionPay's 62).
fn brand(d: &[u8]) -> Option<Brand> {
    let len = d.len();
    let p = |n| prefix(d, n);
    let long = (16..=19).contains(&len);
    if p(1) == 4 && matches!(len, 13 | 16 | 19) {
        Some(Brand::Visa)
    } else if ((51..=55).contains(&p(2)) || (2221..=2720).contains(&p(4))) && len == 16 {
        Some(Brand::Mastercard)
    } else if matches!(p(2), 34 | 37) && len == 15 {
        Some(Brand::Amex)
    } else if (p(4) == 6011
        || (644..=649).contains(&p(3))
        || p(2) == 65
        || (622_126..=622_925).contains(&p(6)))
        && long
    {
        Some(Brand::Discover)
    } else if (3528..=3589).contains(&p(4)) && long {
        Some(Brand::Jcb)
    } else if ((300..=305).contains(&p(3)) || p(4) == 3095 || matches!(p(2), 36 | 38 | 39))
        && (14..=19).contains(&len)
    {
        Some(Brand::Diners)
    } else if p(2) == 62 && long {
        Some(Brand::UnionPay)
    } else if matches!(
        p(4),
        5018 | 5020 | 5038 | 5893 | 6304 | 6759 | 6761 | 6762 | 6763
    ) && (13..=19).contains(&len)
    {
        Some(Brand::Maestro)
    } else {
        None
    }
}

/// `credit_card`: 13-19 digits (separators ignored), a known brand prefix with a length that
/// brand issues, and a valid Luhn check digit.
pub(crate) fn credit_card(value: &[u8]) -> bool {
    match digits(value) {
        Some(d) => (13..=19).contains(&d.len()) && brand(&d).is_some() && luhn(&d),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand_of(s: &str) -> Option<Brand> {
        brand(&digits(s.as_bytes()).unwrap_or_default())
    }

    #[test]
    fn luhn_validator() {
        // Wikipedia "Luhn algorithm" example.
        assert!(luhn_valid(b"79927398713"));
        assert!(luhn_valid(b"7992 7398 713"));
        assert!(!luhn_valid(b"79927398710"));
        assert!(!luhn_valid(b"0000 0000"));
        assert!(!luhn_valid(b"0"));
        assert!(!luhn_valid(b"7992739871x"));
    }

    #[test]
    fn published_test_card_numbers() {
        // Test card numbers published in payment processors' documentation.
        let cases = [
            ("4111111111111111", Brand::Visa),
            ("4222222222222", Brand::Visa),
            ("5555555555554444", Brand::Mastercard),
            ("2223003122003222", Brand::Mastercard),
            ("378282246310005", Brand::Amex),
            ("6011111111111117", Brand::Discover),
            ("3530111333300000", Brand::Jcb),
            ("36227206271667", Brand::Diners),
            ("6200000000000005", Brand::UnionPay),
            ("6759649826438453", Brand::Maestro),
        ];
        for (number, expected) in cases {
            assert_eq!(brand_of(number), Some(expected), "{number}");
            assert!(credit_card(number.as_bytes()), "{number}");
        }
    }

    #[test]
    fn luhn_valid_numbers_without_a_brand_are_rejected() {
        for number in ["9111111111111110", "1234567812345670", "0000079927398713"] {
            assert!(luhn_valid(number.as_bytes()), "{number}");
            assert!(!credit_card(number.as_bytes()), "{number}");
        }
    }

    #[test]
    fn separators_are_ignored() {
        assert!(credit_card(b"4111 1111 1111 1111"));
        assert!(credit_card(b"4111-1111-1111-1111"));
        assert!(credit_card(b"3782 822463 10005"));
    }

    #[test]
    fn rejects_bad_check_digit_unknown_prefix_and_wrong_length() {
        for bad in [
            "4111111111111112",      // Luhn fails
            "5555555555554440",      // Luhn fails
            "9111111111111110",      // 9xxx: no brand (Luhn-valid)
            "1234567812345670",      // 1xxx: no brand (Luhn-valid)
            "41111111111111",        // Visa with 14 digits
            "37828224631000",        // Amex with 14 digits
            "411111111111111111111", // 21 digits
            "4111 1111 1111 111a",   // letter
            "4111_1111_1111_1111",   // unknown separator
        ] {
            assert!(!credit_card(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn garbage_does_not_panic() {
        for bad in [
            &b""[..],
            b"\xff\xfe\xfd",
            b"----",
            b"4111\x001111",
            b"\xe2\x82\xac4111",
        ] {
            assert!(!credit_card(bad));
            assert!(!luhn_valid(bad));
        }
    }
}
