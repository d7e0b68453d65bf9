//! Unit tests over generated corpora: label integrity, checksums of planted values,
//! coverage of every planted id, determinism and the throughput corpus's shape.

use crate::checksum;
use crate::{id, labeled, mixed_bytes, Corpus, DocKind, PLANTED};

fn corpus() -> Corpus {
    labeled(1, 400_000)
}

fn check_labels(c: &Corpus) {
    for doc in &c.docs {
        let mut prev_end = 0;
        for l in &doc.labels {
            assert!(l.start < l.end, "empty label {l:?}");
            assert!(l.end <= doc.text.len(), "label out of bounds {l:?}");
            assert!(doc.text.is_char_boundary(l.start) && doc.text.is_char_boundary(l.end));
            assert!(
                PLANTED.contains(&l.detector),
                "unknown detector {}",
                l.detector
            );
            // A `source_code` label spans a whole file and contains the values planted in it.
            if l.detector == id::SOURCE_CODE {
                continue;
            }
            assert!(l.start >= prev_end, "overlapping labels in {:?}", doc.kind);
            prev_end = l.end;
        }
    }
}

#[test]
fn labels_are_in_bounds_on_boundaries_and_disjoint() {
    check_labels(&corpus());
    for seed in 2..6 {
        check_labels(&labeled(seed, 60_000));
    }
}

#[test]
fn every_planted_id_appears_at_least_five_times() {
    let c = corpus();
    assert!(c.total_bytes() >= 400_000);
    for &d in PLANTED {
        let n = c.count(d);
        assert!(n >= 5, "{d} planted only {n} times");
    }
    for kind in DocKind::ALL {
        assert!(
            c.docs.iter().any(|d| d.kind == kind),
            "no {kind:?} document"
        );
    }
}

fn values_of<'a>(c: &'a Corpus, detector: &str) -> Vec<&'a str> {
    c.docs
        .iter()
        .flat_map(|d| {
            d.labels
                .iter()
                .filter(|l| l.detector == detector)
                .filter_map(move |l| d.value(l))
        })
        .collect()
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

#[test]
fn planted_values_have_valid_shapes_and_checksums() {
    let c = corpus();
    for v in values_of(&c, id::CREDIT_CARD) {
        assert!(checksum::luhn_valid(v), "card {v}");
        assert!(matches!(digits(v).len(), 15 | 16), "card {v}");
    }
    for v in values_of(&c, id::IBAN) {
        assert!(checksum::iban_valid(v), "iban {v}");
    }
    for v in values_of(&c, id::GITHUB_PAT_CLASSIC) {
        assert!(v.starts_with("ghp_") && v.len() == 40, "ghp {v}");
        assert!(checksum::github_checksum_valid(v), "ghp checksum {v}");
    }
    for v in values_of(&c, id::CA_SIN) {
        assert!(checksum::luhn_valid(v) && digits(v).len() == 9, "sin {v}");
    }
    for v in values_of(&c, id::IN_AADHAAR) {
        assert!(
            checksum::verhoeff_valid(v) && digits(v).len() == 12,
            "aadhaar {v}"
        );
    }
    for v in values_of(&c, id::NL_BSN) {
        let d: Vec<u8> = v.bytes().map(|b| b - b'0').collect();
        let arr: [u8; 9] = d.try_into().unwrap_or([1; 9]);
        assert!(checksum::bsn_valid(&arr), "bsn {v}");
    }
    for v in values_of(&c, id::ES_DNI) {
        let n: u32 = digits(v).parse().unwrap_or(0);
        assert!(v.ends_with(checksum::dni_letter(n)), "dni {v}");
    }
    for v in values_of(&c, id::PL_PESEL) {
        let d: Vec<u8> = v.bytes().map(|b| b - b'0').collect();
        assert_eq!(d.len(), 11);
        assert_eq!(checksum::pesel_check_digit(&d[..10]), d[10], "pesel {v}");
    }
    for v in values_of(&c, id::US_SSN) {
        let d = digits(v);
        assert_eq!(d.len(), 9, "ssn {v}");
        assert!(matches!(v.len(), 9 | 11), "ssn {v}");
        let area: u32 = d[..3].parse().unwrap_or(0);
        assert!(area != 0 && area != 666 && area < 900, "ssn {v}");
        assert!(&d[3..5] != "00" && &d[5..] != "0000", "ssn {v}");
    }
    for v in values_of(&c, id::NPI) {
        assert!(
            v.len() == 10 && checksum::luhn_valid(&format!("80840{v}")),
            "npi {v}"
        );
    }
    for v in values_of(&c, id::AWS_ACCESS_KEY_ID) {
        assert!(
            v.starts_with("AKIA") && v.len() == 20 && !v.contains("EXAMPLE"),
            "aws {v}"
        );
    }
    for v in values_of(&c, id::PRIVATE_KEY) {
        let pem = v.replace("\\n", "\n");
        let kind = if pem.starts_with("-----BEGIN RSA") {
            "RSA PRIVATE KEY"
        } else {
            "PRIVATE KEY"
        };
        assert!(
            pem.starts_with(&format!("-----BEGIN {kind}-----\n")),
            "pem start"
        );
        assert!(pem.ends_with(&format!("-----END {kind}-----")), "pem end");
        assert!(pem.lines().count() >= 25);
    }
    for v in values_of(&c, id::JWT) {
        assert!(
            v.starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."),
            "jwt {v}"
        );
        assert_eq!(v.split('.').nth(2).map(str::len), Some(43), "jwt {v}");
    }
    for v in values_of(&c, id::EMAIL) {
        let domain = v.split('@').nth(1).unwrap_or("");
        assert!(domain.contains('.'), "email {v}");
    }
    for v in values_of(&c, id::IBAN) {
        let compact: String = v.chars().filter(|c| *c != ' ').collect();
        let want = match &compact[..2].to_ascii_uppercase()[..] {
            "DE" | "GB" | "IE" => 22,
            "FR" | "IT" => 27,
            "NL" => 18,
            "ES" => 24,
            "BE" => 16,
            "AT" | "LU" => 20,
            "CH" => 21,
            "PL" => 28,
            "PT" => 25,
            _ => 0,
        };
        assert_eq!(compact.len(), want, "iban length {v}");
    }
    for v in values_of(&c, id::UK_NINO) {
        let compact: String = v.chars().filter(|c| *c != ' ').collect();
        let b = compact.as_bytes();
        assert_eq!(b.len(), 9, "nino {v}");
        assert!(
            !b"DFIQUV".contains(&b[0]) && !b"DFIOQUV".contains(&b[1]),
            "nino {v}"
        );
        assert!(
            !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(&&compact[..2]),
            "nino {v}"
        );
        assert!(b"ABCD".contains(&b[8]), "nino {v}");
    }
    for v in values_of(&c, id::PHONE_NUMBER) {
        let d = digits(v);
        // (international prefix as written, national significant number length range)
        let national = if let Some(rest) = v.strip_prefix("+1").or(v.strip_prefix("1-")) {
            (digits(rest), 10..=10)
        } else if v.starts_with("+44") || v.starts_with("0044") {
            (
                d[if v.starts_with('+') { 2 } else { 4 }..].to_string(),
                10..=11,
            )
        } else if v.starts_with("+49") || v.starts_with("0049") {
            (
                d[if v.starts_with('+') { 2 } else { 4 }..].to_string(),
                9..=12,
            )
        } else if v.starts_with("+33") || v.starts_with("0033") {
            (
                d[if v.starts_with('+') { 2 } else { 4 }..].to_string(),
                9..=10,
            )
        } else if v.starts_with('0') {
            (d[1..].to_string(), 9..=11)
        } else {
            (d.clone(), 10..=10)
        };
        let (nsn, lens) = national;
        // `(0)` after the country code keeps a written trunk zero.
        let nsn = nsn.strip_prefix('0').unwrap_or(&nsn).to_string();
        assert!(lens.contains(&nsn.len()), "phone {v} ({nsn})");
        if lens == (10..=10) {
            let (area, exch) = (&nsn[..3], &nsn[3..6]);
            assert!(
                area.as_bytes()[0] >= b'2' && exch.as_bytes()[0] >= b'2',
                "phone {v}"
            );
            assert!(
                &area[1..] != "11" && &exch[1..] != "11" && exch != "555",
                "phone {v}"
            );
        }
    }
    for v in values_of(&c, id::GENERIC_PASSWORD) {
        assert!(!v.contains(['"', '\'', ' ', '$']), "password {v}");
    }
}

fn all(s: &str, alphabet: fn(char) -> bool) -> bool {
    s.chars().all(alphabet)
}

fn base62(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn url_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

#[test]
fn vendor_tokens_have_their_documented_shapes() {
    let c = corpus();
    for v in values_of(&c, id::GITHUB_PAT_FINE_GRAINED) {
        let body = v.strip_prefix("github_pat_").unwrap_or("");
        let (a, b) = body.split_once('_').unwrap_or(("", ""));
        assert!(
            a.len() == 22 && b.len() == 59 && all(a, base62) && all(b, base62),
            "{v}"
        );
    }
    for v in values_of(&c, id::GITLAB_PAT) {
        let body = v.strip_prefix("glpat-").unwrap_or("");
        assert!(body.len() == 20 && all(body, url_safe), "{v}");
    }
    for v in values_of(&c, id::SLACK_BOT_TOKEN) {
        let parts: Vec<&str> = v.split('-').collect();
        assert_eq!(parts.len(), 4, "{v}");
        assert!(
            parts[0] == "xoxb" && (10..=13).contains(&parts[1].len()),
            "{v}"
        );
        assert!(
            (10..=13).contains(&parts[2].len()) && parts[3].len() == 24,
            "{v}"
        );
        assert!(
            all(parts[1], |c| c.is_ascii_digit()) && all(parts[3], base62),
            "{v}"
        );
    }
    for v in values_of(&c, id::SLACK_WEBHOOK_URL) {
        let rest = v
            .strip_prefix("https://hooks.slack.com/services/")
            .unwrap_or("");
        let parts: Vec<&str> = rest.split('/').collect();
        assert!(
            parts.len() == 3 && parts[0].starts_with('T') && parts[1].starts_with('B'),
            "{v}"
        );
        assert!(
            (9..=11).contains(&parts[0].len()) && parts[2].len() == 24,
            "{v}"
        );
    }
    for v in values_of(&c, id::STRIPE_SECRET_KEY) {
        let body = v.strip_prefix("sk_live_").unwrap_or("");
        assert!((24..=99).contains(&body.len()) && all(body, base62), "{v}");
    }
    for v in values_of(&c, id::OPENAI_API_KEY) {
        assert!(v.contains("T3BlbkFJ"), "{v}");
        match v.strip_prefix("sk-proj-") {
            Some(body) => assert!(
                (48..=156).contains(&body.len()) && all(body, url_safe),
                "{v}"
            ),
            None => assert!(v.len() == 3 + 20 + 8 + 20 && all(&v[3..], base62), "{v}"),
        }
    }
    for v in values_of(&c, id::ANTHROPIC_API_KEY) {
        let body = v.strip_prefix("sk-ant-api03-").unwrap_or("");
        assert!(
            body.len() == 95 && body.ends_with("AA") && all(body, url_safe),
            "{v}"
        );
    }
    for v in values_of(&c, id::GOOGLE_API_KEY) {
        let body = v.strip_prefix("AIza").unwrap_or("");
        assert!(body.len() == 35 && all(body, url_safe), "{v}");
    }
    for v in values_of(&c, id::HUGGINGFACE_TOKEN) {
        let body = v.strip_prefix("hf_").unwrap_or("");
        assert!(
            body.len() == 34 && all(body, |c| c.is_ascii_alphabetic()),
            "{v}"
        );
    }
    for v in values_of(&c, id::NPM_TOKEN) {
        let body = v.strip_prefix("npm_").unwrap_or("");
        assert!(body.len() == 36 && all(body, base62), "{v}");
    }
    for v in values_of(&c, id::SENDGRID_API_KEY) {
        let parts: Vec<&str> = v.split('.').collect();
        assert!(parts.len() == 3 && parts[0] == "SG", "{v}");
        assert!(parts[1].len() == 22 && parts[2].len() == 43, "{v}");
    }
    for v in values_of(&c, id::TWILIO_API_KEY) {
        let body = v.strip_prefix("SK").unwrap_or("");
        assert!(body.len() == 32 && all(body, |c| c.is_ascii_digit() || ('a'..='f').contains(&c)));
    }
    for v in values_of(&c, id::AWS_SECRET_ACCESS_KEY) {
        assert!(
            v.len() == 40 && all(v, |c| base62(c) || c == '/' || c == '+'),
            "{v}"
        );
    }
    for v in values_of(&c, id::DATABASE_CONNECTION_STRING) {
        let (scheme, rest) = v.split_once("://").unwrap_or(("", ""));
        assert!(["postgres", "postgresql", "mysql"].contains(&scheme), "{v}");
        let (userinfo, host) = rest.split_once('@').unwrap_or(("", ""));
        assert!(
            userinfo.contains(':') && !host.split('/').next().unwrap_or("").contains('.'),
            "{v}"
        );
    }
    for v in values_of(&c, id::IPV4_ADDRESS) {
        let octets: Vec<u32> = v.split('.').filter_map(|o| o.parse().ok()).collect();
        assert!(octets.len() == 4 && octets.iter().all(|&o| o <= 255), "{v}");
        assert!(octets[0] >= 10 && octets[3] >= 10, "{v}");
    }
}

#[test]
fn labeled_is_deterministic() {
    let a = labeled(42, 50_000);
    let b = labeled(42, 50_000);
    assert_eq!(a, b);
    let c = labeled(43, 50_000);
    assert_ne!(a, c);
}

#[test]
fn mixed_is_deterministic_exact_and_utf8() {
    let a = mixed_bytes(7, 300_000);
    let b = mixed_bytes(7, 300_000);
    assert_eq!(a.len(), 300_000);
    assert_eq!(a, b);
    assert_ne!(a, mixed_bytes(8, 300_000));
    assert!(std::str::from_utf8(&a).is_ok());
    let text = String::from_utf8_lossy(&a);
    // About one plant per 10 KB: the rarely-occurring-in-filler prefixes show up.
    let plants = [
        "ghp_",
        "AKIA",
        "xoxb-",
        "sk_live_",
        "-----BEGIN RSA",
        "glpat-",
        "hf_",
    ]
    .iter()
    .map(|p| text.matches(p).count())
    .sum::<usize>();
    assert!(plants >= 3, "too few plants: {plants}");
}
