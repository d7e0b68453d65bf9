//! Check-digit algorithms shared by the validators: Luhn (mod 10), Verhoeff, ISO 7064 mod 97-10
//! and weighted sums (the mod-11 family). Inputs are digit values 0-9 unless stated otherwise.

/// Luhn mod-10 check over digit values (rightmost digit is the check digit). Any value above 9
/// makes the check fail.
pub(crate) fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &d) in digits.iter().rev().enumerate() {
        if d > 9 {
            return false;
        }
        let d = u32::from(d);
        let term = if i % 2 == 1 {
            let doubled = d * 2;
            if doubled > 9 {
                doubled - 9
            } else {
                doubled
            }
        } else {
            d
        };
        // Reduced as it goes, so arbitrarily long input cannot overflow.
        sum = (sum + term) % 10;
    }
    sum % 10 == 0
}

/// Verhoeff multiplication table (dihedral group D5).
const VERHOEFF_D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

/// Verhoeff permutation table.
const VERHOEFF_P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/// Verhoeff check over digit values (rightmost digit is the check digit).
pub(crate) fn verhoeff(digits: &[u8]) -> bool {
    let mut c = 0u8;
    for (i, &d) in digits.iter().rev().enumerate() {
        let Some(p) = VERHOEFF_P
            .get(i % 8)
            .and_then(|row| row.get(usize::from(d)))
        else {
            return false;
        };
        let Some(&next) = VERHOEFF_D
            .get(usize::from(c))
            .and_then(|row| row.get(usize::from(*p)))
        else {
            return false;
        };
        c = next;
    }
    !digits.is_empty() && c == 0
}

/// ISO 7064 mod 97-10 remainder of an upper-case alphanumeric string, letters counting as
/// 10 (A) to 35 (Z), as used by IBAN. `None` if any byte is not `0-9` or `A-Z`.
pub(crate) fn mod97(chars: &[u8]) -> Option<u32> {
    let mut r = 0u32;
    for &b in chars {
        r = match b {
            b'0'..=b'9' => (r * 10 + u32::from(b - b'0')) % 97,
            b'A'..=b'Z' => (r * 100 + u32::from(b - b'A') + 10) % 97,
            _ => return None,
        };
    }
    Some(r)
}

/// Sum of `digits[i] * weights[i]` over the shorter of the two slices.
pub(crate) fn weighted_sum(digits: &[u8], weights: &[u32]) -> u32 {
    digits
        .iter()
        .zip(weights)
        .map(|(&d, &w)| u32::from(d) * w)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Vec<u8> {
        s.bytes().map(|b| b - b'0').collect()
    }

    #[test]
    fn luhn_wikipedia_vector() {
        // Wikipedia "Luhn algorithm": 7992739871 with check digit 3.
        assert!(luhn(&d("79927398713")));
        for wrong in ["79927398710", "79927398711", "79927398712", "79927398714"] {
            assert!(!luhn(&d(wrong)), "{wrong}");
        }
        assert!(!luhn(&[1, 10]));
    }

    #[test]
    fn verhoeff_vectors() {
        // Wikipedia "Verhoeff algorithm": 236 has check digit 3 (2363).
        assert!(verhoeff(&d("2363")));
        assert!(!verhoeff(&d("2364")));
        // Adjacent transposition is caught.
        assert!(!verhoeff(&d("3263")));
        assert!(!verhoeff(&[]));
        assert!(!verhoeff(&[12, 3]));
    }

    #[test]
    fn mod97_iban_registry_vector() {
        // GB82WEST12345698765432 rearranged (BBAN + country + check digits).
        assert_eq!(mod97(b"WEST12345698765432GB82"), Some(1));
        assert_eq!(mod97(b"WEST12345698765432GB83"), Some(2));
        assert_eq!(mod97(b"ab"), None);
    }

    #[test]
    fn weighted_sum_zips() {
        assert_eq!(weighted_sum(&[1, 2, 3], &[3, 2]), 7);
        assert_eq!(weighted_sum(&[], &[3, 2]), 0);
    }
}
