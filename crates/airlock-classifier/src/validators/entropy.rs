//! Shannon entropy of a byte string, for the detectors' `min_entropy` threshold.

/// Shannon entropy of `value` in bits per byte: 0.0 for empty or single-symbol input, up to
/// 8.0 when all 256 byte values are equally frequent.
pub fn shannon_entropy(value: &[u8]) -> f64 {
    if value.is_empty() {
        return 0.0;
    }
    let mut counts = [0usize; 256];
    for &b in value {
        if let Some(c) = counts.get_mut(usize::from(b)) {
            *c += 1;
        }
    }
    let n = value.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            p * (n / c as f64).log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn known_values() {
        assert_eq!(shannon_entropy(b""), 0.0);
        assert_eq!(shannon_entropy(b"aaaa"), 0.0);
        assert!(close(shannon_entropy(b"ab"), 1.0));
        assert!(close(shannon_entropy(b"abcd"), 2.0));
        assert!(close(shannon_entropy(b"aabb"), 1.0));
        // 0.75 * log2(4/3) + 0.25 * log2(4)
        assert!(close(shannon_entropy(b"aaab"), 0.811_278_124_459_132_8));
        let all: Vec<u8> = (0..=255).collect();
        assert!(close(shannon_entropy(&all), 8.0));
    }

    #[test]
    fn secrets_score_higher_than_words() {
        assert!(shannon_entropy(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY") > 4.5);
        assert!(shannon_entropy(b"passwordpassword") < 3.0);
    }

    #[test]
    fn never_negative_or_nan() {
        for v in [&b"\xff"[..], b"\xff\xfe", b"\x00\x00\x00", b"x"] {
            let h = shannon_entropy(v);
            assert!(h >= 0.0 && h.is_finite());
            assert!(h.is_sign_positive());
        }
    }
}
