//! Network addresses: `ipv4` (dotted-quad IPv4 addresses).

/// The value of one dotted-quad octet: 1-3 ASCII digits, no leading zero, at most 255.
fn octet(part: &[u8]) -> Option<u32> {
    if part.is_empty() || part.len() > 3 || !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if part.len() > 1 && part.first() == Some(&b'0') {
        return None;
    }
    let v = part
        .iter()
        .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'));
    (v <= 255).then_some(v)
}

/// `ipv4`: exactly four dot-separated octets 0-255 without leading zeros, the first octet
/// 1-255 (which also rules out `0.0.0.0`), and not the broadcast address `255.255.255.255`.
pub(crate) fn ipv4(value: &[u8]) -> bool {
    let mut octets = [0u32; 4];
    let mut count = 0usize;
    for part in value.split(|&b| b == b'.') {
        let (Some(slot), Some(v)) = (octets.get_mut(count), octet(part)) else {
            return false;
        };
        *slot = v;
        count += 1;
    }
    count == 4 && octets[0] >= 1 && octets != [255; 4]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_addresses() {
        for ok in [
            "192.168.1.1",
            "10.0.0.1",
            "8.8.8.8",
            "1.0.0.0",
            "255.255.255.254",
            "203.0.113.7",
        ] {
            assert!(ipv4(ok.as_bytes()), "{ok}");
        }
    }

    #[test]
    fn rejects_malformed_and_special_addresses() {
        for bad in [
            "0.0.0.0",
            "255.255.255.255",
            "0.1.2.3",
            "01.2.3.4",
            "1.02.3.4",
            "1.2.3.00",
            "256.1.1.1",
            "1.1.1.999",
            "1.1.1",
            "1.1.1.1.1",
            "1..1.1",
            "1.1.1.1.",
            ".1.1.1.1",
            "1.1.1.a",
            "1.1.1.1 ",
            "1.1.1.-1",
            "1234.1.1.1",
        ] {
            assert!(!ipv4(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn garbage_does_not_panic() {
        for bad in [
            &b""[..],
            b".",
            b"...",
            b"....",
            b"\xff.\xfe.\xfd.\xfc",
            b"1.1.1.\xc3",
        ] {
            assert!(!ipv4(bad));
        }
    }
}
