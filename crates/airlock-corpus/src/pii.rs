//! Generators for planted personal data: e-mail addresses, phone numbers in valid numbering
//! plans (US NANP, UK, Germany), Luhn-valid cards, mod-97-valid IBANs (with national check
//! digits where the country has them), national identifiers with valid check digits (US SSN,
//! UK NINO, Canadian SIN, Dutch BSN, Spanish DNI, Aadhaar, PESEL) and IPv4 addresses.

use crate::checksum;
use crate::gen::{digits_to_string, Gen};
use crate::words::{self, Person};

/// An e-mail address for `p` at `domain` in one of the usual local-part styles.
pub(crate) fn email_for(g: &mut Gen, p: &Person, domain: &str) -> String {
    let (f, l) = (p.first_ascii, p.last_ascii);
    let local = match g.below(6) {
        0 | 1 => format!("{f}.{l}"),
        2 => format!("{}.{l}", &f[..1]),
        3 => format!("{f}{l}"),
        4 => format!("{f}_{l}{}", g.range(1, 99)),
        _ => format!("{}{l}", &f[..1]),
    };
    format!("{local}@{domain}")
}

/// A work or free-mail address for a random person.
pub(crate) fn email(g: &mut Gen) -> String {
    let p = words::person(g);
    let domain = if g.chance(0.5) {
        g.pick(words::COMPANIES).1
    } else {
        g.pick(words::FREEMAIL)
    };
    email_for(g, &p, domain)
}

/// A phone number in the US (NANP), UK, German or French numbering plan, written the ways
/// people write them: national forms with the trunk `0`, international with `+` or `00`,
/// `(0)` in the middle, spaces, dashes, dots or nothing.
pub(crate) fn phone(g: &mut Gen) -> String {
    match g.below(8) {
        0..=2 => phone_us(g),
        3 | 4 => phone_uk(g),
        5 | 6 => phone_de(g),
        _ => phone_fr(g),
    }
}

/// NANP: real area code, exchange 2–9xx, not N11, not 555.
pub(crate) fn phone_us(g: &mut Gen) -> String {
    const AREAS: &[&str] = &[
        "212", "213", "206", "303", "305", "312", "404", "408", "415", "503", "510", "512", "617",
        "646", "650", "702", "718", "720", "773", "919",
    ];
    let area = *g.pick(AREAS);
    let exch = loop {
        let e = g.digits(3, 2);
        if &e[1..] != "11" && e != "555" {
            break e;
        }
    };
    let line = g.digits(4, 0);
    match g.below(10) {
        0 | 1 => format!("({area}) {exch}-{line}"),
        2 => format!("{area}-{exch}-{line}"),
        3 => format!("{area}.{exch}.{line}"),
        4 => format!("+1 {area} {exch} {line}"),
        5 => format!("+1 ({area}) {exch}-{line}"),
        6 => format!("1-{area}-{exch}-{line}"),
        7 => format!("{area} {exch} {line}"),
        8 => format!("+1-{area}-{exch}-{line}"),
        _ => format!("({area}){exch}-{line}"),
    }
}

/// Writes a national significant number `nsn` (split in `groups`) in one of the forms of a
/// country with calling code `cc` and trunk prefix `0`.
fn intl_or_national(g: &mut Gen, cc: &str, groups: &[String]) -> String {
    let spaced = groups.join(" ");
    match g.below(7) {
        0 | 1 => format!("0{spaced}"),
        2 | 3 => format!("+{cc} {spaced}"),
        4 => format!("00{cc} {spaced}"),
        5 => format!("+{cc} (0){spaced}"),
        _ => format!("+{cc}-{}", groups.join("-")),
    }
}

/// UK: London 020, Manchester 0161, Birmingham 0121 or mobile 07.
pub(crate) fn phone_uk(g: &mut Gen) -> String {
    let groups = match g.below(4) {
        0 => vec![
            "20".to_string(),
            format!("{}{}", g.pick(&["3", "7", "8"]), g.digits(3, 0)),
            g.digits(4, 0),
        ],
        1 => vec![
            (*g.pick(&["161", "121", "131", "113"])).to_string(),
            g.digits(3, 2),
            g.digits(4, 0),
        ],
        _ => vec![
            format!("7{}{}", g.pick(&["4", "5", "7", "8", "9"]), g.digits(2, 0)),
            g.digits(6, 0),
        ],
    };
    intl_or_national(g, "44", &groups)
}

/// Germany: Berlin, Hamburg, Munich, Frankfurt or a mobile range.
pub(crate) fn phone_de(g: &mut Gen) -> String {
    let (area, len) = *g.pick(&[
        ("30", 8),
        ("30", 7),
        ("40", 8),
        ("89", 7),
        ("69", 8),
        ("151", 8),
        ("170", 8),
        ("176", 8),
    ]);
    let rest = g.digits(len, 2);
    if g.chance(0.2) {
        // The DIN 5008 form with a slash: 030/12345678.
        return format!("0{area}/{rest}");
    }
    intl_or_national(g, "49", &[area.to_string(), rest])
}

/// France: geographic 01–05 or mobile 06/07, written in pairs.
pub(crate) fn phone_fr(g: &mut Gen) -> String {
    let first = *g.pick(&["1", "2", "3", "4", "5", "6", "7"]);
    let pairs: Vec<String> = (0..4).map(|_| g.digits(2, 0)).collect();
    let mut groups = vec![first.to_string()];
    groups.extend(pairs);
    if g.chance(0.2) {
        return format!("0{first}.{}", groups[1..].join("."));
    }
    intl_or_national(g, "33", &groups)
}

/// A Luhn-valid Visa, Mastercard, Amex or Discover number, compact or grouped with spaces or
/// dashes.
pub(crate) fn credit_card(g: &mut Gen) -> String {
    let digits = card_digits(g);
    let sep = *g.pick(&["", " ", " ", "-"]);
    group_card(&digits, sep)
}

/// The digit string of a Luhn-valid card of a random brand.
pub(crate) fn card_digits(g: &mut Gen) -> String {
    let (prefix, len): (String, usize) = match g.below(5) {
        0 | 1 => ("4".into(), 16),
        2 => {
            if g.chance(0.7) {
                (format!("5{}", g.range(1, 5)), 16)
            } else {
                (g.range(2221, 2720).to_string(), 16)
            }
        }
        3 => ((*g.pick(&["34", "37"])).into(), 15),
        _ => ((*g.pick(&["6011", "65", "644", "647", "649"])).into(), 16),
    };
    let mut d: Vec<u8> = prefix.bytes().map(|b| b - b'0').collect();
    while d.len() < len - 1 {
        d.push(g.range(0, 9) as u8);
    }
    d.push(checksum::luhn_check_digit(&d));
    digits_to_string(&d)
}

/// Groups card digits 4-4-4-4 (or 4-6-5 for 15-digit Amex) with `sep`.
pub(crate) fn group_card(digits: &str, sep: &str) -> String {
    if sep.is_empty() {
        return digits.to_string();
    }
    let cuts: &[usize] = if digits.len() == 15 {
        &[4, 10]
    } else {
        &[4, 8, 12]
    };
    let mut s = String::with_capacity(digits.len() + 4);
    for (i, c) in digits.char_indices() {
        if cuts.contains(&i) {
            s.push_str(sep);
        }
        s.push(c);
    }
    s
}

/// Upper-case letters and digits (alphanumeric BBAN parts).
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// A mod-97-valid IBAN of one of thirteen countries, with the country's BBAN length and
/// alphabet (letters in GB/NL/IE bank codes, alphanumeric accounts in FR, IT, CH and LU)
/// and valid national check digits where the country has them (FR, ES, IT, BE, PT, PL),
/// written in groups of four, compact, or (rarely) in lowercase groups.
pub(crate) fn iban(g: &mut Gen) -> String {
    let (country, bban) = iban_bban(g);
    let check = checksum::iban_check_digits(country, &bban);
    let compact = format!("{country}{check:02}{bban}");
    let grouped = || {
        let mut s = String::with_capacity(compact.len() + 8);
        for (i, c) in compact.char_indices() {
            if i > 0 && i % 4 == 0 {
                s.push(' ');
            }
            s.push(c);
        }
        s
    };
    match g.below(20) {
        0..=11 => grouped(),
        12 => grouped().to_lowercase(),
        _ => compact,
    }
}

fn iban_bban(g: &mut Gen) -> (&'static str, String) {
    match g.below(13) {
        0 => ("DE", g.digits(18, 1)),
        1 => {
            let bank = *g.pick(&["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]);
            ("GB", format!("{bank}{}{}", g.digits(6, 1), g.digits(8, 0)))
        }
        2 => {
            let (bank, branch) = (g.digits(5, 1), g.digits(5, 0));
            let account = if g.chance(0.3) {
                format!(
                    "{}{}{}",
                    g.digits(7, 0),
                    char::from(*g.pick(b"ABCDEFGHMNPRSTUVWXYZ")),
                    g.digits(3, 0)
                )
            } else {
                g.digits(11, 0)
            };
            let key = checksum::fr_rib_key(&bank, &branch, &account);
            ("FR", format!("{bank}{branch}{account}{key:02}"))
        }
        3 => {
            let bank = *g.pick(&["ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB"]);
            ("NL", format!("{bank}{}", g.digits(10, 0)))
        }
        4 => {
            let bank_branch = g.digit_values(8, 0);
            let account = g.digit_values(10, 0);
            let mut first = vec![0, 0];
            first.extend_from_slice(&bank_branch);
            let c1 = checksum::es_ccc_digit(&first);
            let c2 = checksum::es_ccc_digit(&account);
            let bban = format!(
                "{}{c1}{c2}{}",
                digits_to_string(&bank_branch),
                digits_to_string(&account)
            );
            ("ES", bban)
        }
        5 => {
            let account = if g.chance(0.4) {
                format!(
                    "{}{}",
                    g.string(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", 2),
                    g.digits(10, 0)
                )
            } else {
                g.digits(12, 0)
            };
            let tail = format!("{}{}{account}", g.digits(5, 0), g.digits(5, 0));
            ("IT", format!("{}{tail}", checksum::it_cin(&tail)))
        }
        6 => {
            let first: u64 = g.range(1_000_000_000, 9_999_999_999) as u64;
            ("BE", format!("{first:010}{:02}", checksum::be_check(first)))
        }
        7 => ("AT", format!("{}{}", g.digits(5, 1), g.digits(11, 0))),
        8 => {
            let account = if g.chance(0.4) {
                format!("{}{}", g.string(ALNUM, 4), g.digits(8, 0))
            } else {
                g.digits(12, 0)
            };
            ("CH", format!("{}{account}", g.digits(5, 0)))
        }
        9 => {
            let head = g.digit_values(7, 1);
            let check = checksum::pl_sort_check(&head);
            (
                "PL",
                format!("{}{check}{}", digits_to_string(&head), g.digits(16, 0)),
            )
        }
        10 => {
            let first = g.digits(19, 0);
            (
                "PT",
                format!("{first}{:02}", checksum::pt_nib_check(&first)),
            )
        }
        11 => {
            let bank = *g.pick(&["AIBK", "BOFI", "IPBS", "ULSB"]);
            ("IE", format!("{bank}{}{}", g.digits(6, 9), g.digits(8, 0)))
        }
        _ => ("LU", format!("{}{}", g.digits(3, 0), g.string(ALNUM, 13))),
    }
}

/// An SSN in the ranges the SSA issues (area 001–899 except 666, group 01–99, serial
/// 0001–9999, not the advertising numbers), written `ddd-dd-dddd`, `ddd dd dddd` or `ddddddddd`.
pub(crate) fn us_ssn(g: &mut Gen) -> String {
    let sep = *g.pick(&["-", "-", "-", " ", ""]);
    loop {
        let area = g.range(1, 899);
        let (group, serial) = (g.range(1, 99), g.range(1, 9999));
        let advert =
            (area, group, serial) == (78, 5, 1120) || (area, group, serial) == (219, 9, 9999);
        if area != 666 && !advert {
            return format!("{area:03}{sep}{group:02}{sep}{serial:04}");
        }
    }
}

/// UK National Insurance number with a valid prefix and suffix A–D, spaced or compact.
pub(crate) fn uk_nino(g: &mut Gen) -> String {
    const FIRST: &[u8] = b"ABCEGHJKLMNOPRSTWXYZ";
    const SECOND: &[u8] = b"ABCEGHJKLMNPRSTWXYZ";
    let prefix = loop {
        let p = format!(
            "{}{}",
            char::from(*g.pick(FIRST)),
            char::from(*g.pick(SECOND))
        );
        if !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(&p.as_str()) {
            break p;
        }
    };
    let d = g.digits(6, 0);
    let suffix = char::from(*g.pick(b"ABCD"));
    if g.chance(0.5) {
        format!("{prefix} {} {} {} {suffix}", &d[..2], &d[2..4], &d[4..])
    } else {
        format!("{prefix}{d}{suffix}")
    }
}

/// Canadian SIN: 9 digits, Luhn-valid, first digit not 0 or 8; `ddd ddd ddd` or variants.
pub(crate) fn ca_sin(g: &mut Gen) -> String {
    let mut d = vec![*g.pick(&[1u8, 2, 3, 4, 5, 6, 7, 9])];
    d.extend(g.digit_values(7, 0));
    d.push(checksum::luhn_check_digit(&d));
    let s = digits_to_string(&d);
    let sep = *g.pick(&[" ", " ", "-", ""]);
    format!("{}{sep}{}{sep}{}", &s[..3], &s[3..6], &s[6..])
}

/// Dutch BSN: 9 digits passing the 11-test.
pub(crate) fn nl_bsn(g: &mut Gen) -> String {
    loop {
        let mut d = [0u8; 9];
        d[..8].copy_from_slice(&g.digit_values(8, 1));
        let sum: i32 = d[..8]
            .iter()
            .enumerate()
            .map(|(i, &v)| (9 - i as i32) * i32::from(v))
            .sum();
        let check = sum % 11;
        if check < 10 {
            d[8] = check as u8;
            if checksum::bsn_valid(&d) {
                return digits_to_string(&d);
            }
        }
    }
}

/// Spanish DNI: 8 digits and the mod-23 control letter.
pub(crate) fn es_dni(g: &mut Gen) -> String {
    let n = g.range(1_000_000, 79_999_999) as u32;
    let letter = checksum::dni_letter(n);
    if g.chance(0.8) {
        format!("{n:08}{letter}")
    } else {
        format!("{n:08}-{letter}")
    }
}

/// Aadhaar: 12 digits, first 2–9, Verhoeff check digit; usually `dddd dddd dddd`.
pub(crate) fn in_aadhaar(g: &mut Gen) -> String {
    let mut d = g.digit_values(11, 2);
    d.push(checksum::verhoeff_check_digit(&d));
    let s = digits_to_string(&d);
    if g.chance(0.8) {
        format!("{} {} {}", &s[..4], &s[4..8], &s[8..])
    } else {
        s
    }
}

/// PESEL: birth date (1940–2009, month +20 after 1999), serial, sex digit, check digit.
pub(crate) fn pl_pesel(g: &mut Gen) -> String {
    let year = g.range(1940, 2009);
    let month = g.range(1, 12);
    let day = g.range(1, 28);
    let mm = if year >= 2000 { month + 20 } else { month };
    let head = format!("{:02}{mm:02}{day:02}{}", year % 100, g.digits(4, 0));
    let d: Vec<u8> = head.bytes().map(|b| b - b'0').collect();
    format!("{head}{}", checksum::pesel_check_digit(&d))
}

/// An IPv4 address (private, documentation or public ranges), never version-like: the first
/// and last octets are at least 10.
pub(crate) fn ipv4(g: &mut Gen) -> String {
    let last = g.range(10, 254);
    match g.below(6) {
        0 => format!("10.{}.{}.{last}", g.range(0, 255), g.range(0, 255)),
        1 => format!("172.{}.{}.{last}", g.range(16, 31), g.range(0, 255)),
        2 => format!("192.168.{}.{last}", g.range(0, 255)),
        3 => format!("{}.{last}", g.pick(&["192.0.2", "198.51.100", "203.0.113"])),
        _ => loop {
            let a = g.range(23, 223);
            if ![127, 169, 172, 192].contains(&a) {
                break format!("{a}.{}.{}.{last}", g.range(0, 255), g.range(0, 255));
            }
        },
    }
}
