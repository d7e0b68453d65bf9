//! Generators for planted secrets: vendor tokens with their real shapes (and GitHub's CRC-32
//! checksum), PEM keys, JWTs, connection strings and passwords. None of them is a real
//! secret: every random part comes from the seeded [`Gen`]. Personal data lives in
//! [`crate::pii`].
//!
//! [`value`] produces a value for any id of [`crate::PLANTED`] without surrounding context.

use crate::checksum::{self, BASE62};
use crate::gen::Gen;
use crate::{id, pii, words};

const UPPER_B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";
const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const UPPER_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

fn prefixed(g: &mut Gen, prefix: &str, alphabet: &[u8], n: usize) -> String {
    let mut s = String::with_capacity(prefix.len() + n);
    s.push_str(prefix);
    g.push_from(&mut s, alphabet, n);
    s
}

/// `AKIA` + 16 base32 capitals (never the documented `…EXAMPLE` key).
pub(crate) fn aws_access_key_id(g: &mut Gen) -> String {
    loop {
        let v = prefixed(g, "AKIA", UPPER_B32, 16);
        if !v.contains("EXAMPLE") {
            return v;
        }
    }
}

/// 40 characters of `[A-Za-z0-9/+]`.
pub(crate) fn aws_secret_access_key(g: &mut Gen) -> String {
    g.string(B64_CHARS, 40)
}

/// `ghp_` + 30 base62 + base62 CRC-32 of those 30 characters.
pub(crate) fn github_pat_classic(g: &mut Gen) -> String {
    let random = g.string(BASE62, 30);
    let mut s = String::with_capacity(40);
    s.push_str("ghp_");
    s.push_str(&random);
    s.push_str(&checksum::base62_6(checksum::crc32(random.as_bytes())));
    s
}

/// `github_pat_` + 22 base62 + `_` + 59 base62.
pub(crate) fn github_pat_fine_grained(g: &mut Gen) -> String {
    let mut s = prefixed(g, "github_pat_11", BASE62, 20);
    s.push('_');
    g.push_from(&mut s, BASE62, 59);
    s
}

/// `glpat-` + 20 of `[0-9A-Za-z_-]`.
pub(crate) fn gitlab_pat(g: &mut Gen) -> String {
    prefixed(g, "glpat-", URL_SAFE, 20)
}

/// `xoxb-` + 10–13 digits + `-` + 10–13 digits + `-` + 24 alphanumerics.
pub(crate) fn slack_bot_token(g: &mut Gen) -> String {
    let a = g.range(10, 13);
    let b = g.range(10, 13);
    let mut s = String::with_capacity(60);
    s.push_str("xoxb-");
    s.push_str(&g.digits(a, 1));
    s.push('-');
    s.push_str(&g.digits(b, 1));
    s.push('-');
    g.push_from(&mut s, BASE62, 24);
    s
}

/// `https://hooks.slack.com/services/T…/B…/…`.
pub(crate) fn slack_webhook_url(g: &mut Gen) -> String {
    let mut s = String::from("https://hooks.slack.com/services/T");
    let n = g.range(8, 10);
    g.push_from(&mut s, UPPER_DIGITS, n);
    s.push_str("/B");
    let n = g.range(8, 10);
    g.push_from(&mut s, UPPER_DIGITS, n);
    s.push('/');
    g.push_from(&mut s, BASE62, 24);
    s
}

/// `sk_live_` + 24–99 base62 (often Stripe's usual 99).
pub(crate) fn stripe_secret_key(g: &mut Gen) -> String {
    let n = if g.chance(0.5) { 99 } else { g.range(24, 99) };
    prefixed(g, "sk_live_", BASE62, n)
}

/// `sk-proj-…T3BlbkFJ…` (48–156 characters after the prefix) or legacy `sk-` + 20 +
/// `T3BlbkFJ` + 20.
pub(crate) fn openai_api_key(g: &mut Gen) -> String {
    if g.chance(0.75) {
        let (a, b) = if g.chance(0.5) {
            (74, 74)
        } else {
            (g.range(20, 74), g.range(20, 74))
        };
        let mut s = prefixed(g, "sk-proj-", URL_SAFE, a);
        s.push_str("T3BlbkFJ");
        g.push_from(&mut s, URL_SAFE, b);
        s
    } else {
        let mut s = prefixed(g, "sk-", BASE62, 20);
        s.push_str("T3BlbkFJ");
        g.push_from(&mut s, BASE62, 20);
        s
    }
}

/// `sk-ant-api03-` + 93 of `[A-Za-z0-9_-]` + `AA`.
pub(crate) fn anthropic_api_key(g: &mut Gen) -> String {
    let mut s = prefixed(g, "sk-ant-api03-", URL_SAFE, 93);
    s.push_str("AA");
    s
}

/// `AIza` + 35 of `[0-9A-Za-z_-]` (usually `AIzaSy…`).
pub(crate) fn google_api_key(g: &mut Gen) -> String {
    if g.chance(0.8) {
        prefixed(g, "AIzaSy", URL_SAFE, 33)
    } else {
        prefixed(g, "AIza", URL_SAFE, 35)
    }
}

/// `hf_` + 34 letters.
pub(crate) fn huggingface_token(g: &mut Gen) -> String {
    prefixed(g, "hf_", LETTERS, 34)
}

/// `npm_` + 36 base62.
pub(crate) fn npm_token(g: &mut Gen) -> String {
    prefixed(g, "npm_", BASE62, 36)
}

/// `SG.` + 22 + `.` + 43 of `[A-Za-z0-9_-]`.
pub(crate) fn sendgrid_api_key(g: &mut Gen) -> String {
    let mut s = prefixed(g, "SG.", URL_SAFE, 22);
    s.push('.');
    g.push_from(&mut s, URL_SAFE, 43);
    s
}

/// `SK` + 32 lowercase hex.
pub(crate) fn twilio_api_key(g: &mut Gen) -> String {
    let mut s = String::from("SK");
    s.push_str(&g.hex(32));
    s
}

/// A PEM `RSA PRIVATE KEY` block (2048-bit DER shape, 64-character lines, 25 body lines).
/// Lines after the first are prefixed with `indent` (for YAML block scalars).
pub(crate) fn private_key_pem(g: &mut Gen, indent: &str) -> String {
    let mut der = vec![
        0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00,
    ];
    let mut modulus = g.bytes(256);
    modulus[0] |= 0x80;
    der.extend_from_slice(&modulus);
    der.extend_from_slice(&[0x02, 0x03, 0x01, 0x00, 0x01, 0x02, 0x82, 0x01, 0x00]);
    let rest = 1192 - der.len();
    der.extend(g.bytes(rest));
    let body = checksum::base64(&der);
    let mut s = String::with_capacity(body.len() + 120);
    s.push_str("-----BEGIN RSA PRIVATE KEY-----\n");
    for chunk in body.as_bytes().chunks(64) {
        s.push_str(indent);
        s.extend(chunk.iter().map(|&b| char::from(b)));
        s.push('\n');
    }
    s.push_str(indent);
    s.push_str("-----END RSA PRIVATE KEY-----");
    s
}

/// A PEM private key (PKCS#1 or PKCS#8 header) on one line with its newlines escaped as
/// `\n`, as in a JSON credentials file; the trailing `\n` after the END line is not included.
pub(crate) fn private_key_json_escaped(g: &mut Gen) -> String {
    let mut pem = private_key_pem(g, "");
    if g.chance(0.5) {
        pem = pem.replace("RSA PRIVATE KEY", "PRIVATE KEY");
    }
    pem.replace('\n', "\\n")
}

/// A HS256 JWT with a realistic claims object and a 43-character signature.
pub(crate) fn jwt(g: &mut Gen) -> String {
    let p = words::person(g);
    let iat = 1_700_000_000 + g.below(40_000_000);
    let role = *g.pick(&["admin", "user", "support", "billing", "readonly"]);
    let payload = format!(
        r#"{{"sub":"{}","name":"{}","role":"{}","iat":{},"exp":{}}}"#,
        g.digits(8, 1),
        p.full(),
        role,
        iat,
        iat + 3600 * g.range(1, 24)
    );
    let mut s = checksum::base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    s.push('.');
    s.push_str(&checksum::base64url(payload.as_bytes()));
    s.push('.');
    s.push_str(&checksum::base64url(&g.bytes(32)));
    s
}

/// `postgres://user:password@host:5432/db` (or `postgresql://`, `mysql://`). Hosts are
/// service names without a dot, so no `password@host.tld` part looks like an e-mail address.
pub(crate) fn database_connection_string(g: &mut Gen) -> String {
    let (scheme, port) = *g.pick(&[
        ("postgres", "5432"),
        ("postgres", "5432"),
        ("postgresql", "5432"),
        ("mysql", "3306"),
    ]);
    let user = *g.pick(&[
        "app",
        "app_user",
        "svc_orders",
        "reporting",
        "django",
        "billing_rw",
    ]);
    let host = *g.pick(&[
        "db",
        "postgres",
        "pg-primary",
        "orders-db",
        "mysql",
        "localhost",
    ]);
    let db = *g.pick(&["app", "orders", "billing", "analytics", "prod", "customers"]);
    let pass_len = g.range(14, 24);
    let pass = g.string(BASE62, pass_len);
    format!("{scheme}://{user}:{pass}@{host}:{port}/{db}")
}

/// A high-entropy password (upper, lower, digit and symbol; no quotes, `$`, `#`, `@` or spaces).
pub(crate) fn password(g: &mut Gen) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!%^&*-_+=?~";
    let n = g.range(16, 28);
    loop {
        let s = g.string(CHARS, n);
        let has = |f: fn(&u8) -> bool| s.as_bytes().iter().any(f);
        if has(u8::is_ascii_uppercase)
            && has(u8::is_ascii_lowercase)
            && has(u8::is_ascii_digit)
            && has(|b| !b.is_ascii_alphanumeric())
        {
            return s;
        }
    }
}

/// A value for any id of [`crate::PLANTED`], without context.
pub(crate) fn value(g: &mut Gen, detector: &str) -> String {
    match detector {
        id::AWS_ACCESS_KEY_ID => aws_access_key_id(g),
        id::AWS_SECRET_ACCESS_KEY => aws_secret_access_key(g),
        id::GITHUB_PAT_CLASSIC => github_pat_classic(g),
        id::GITHUB_PAT_FINE_GRAINED => github_pat_fine_grained(g),
        id::GITLAB_PAT => gitlab_pat(g),
        id::SLACK_BOT_TOKEN => slack_bot_token(g),
        id::SLACK_WEBHOOK_URL => slack_webhook_url(g),
        id::STRIPE_SECRET_KEY => stripe_secret_key(g),
        id::OPENAI_API_KEY => openai_api_key(g),
        id::ANTHROPIC_API_KEY => anthropic_api_key(g),
        id::GOOGLE_API_KEY => google_api_key(g),
        id::HUGGINGFACE_TOKEN => huggingface_token(g),
        id::NPM_TOKEN => npm_token(g),
        id::SENDGRID_API_KEY => sendgrid_api_key(g),
        id::TWILIO_API_KEY => twilio_api_key(g),
        id::PRIVATE_KEY => private_key_pem(g, ""),
        id::JWT => jwt(g),
        id::DATABASE_CONNECTION_STRING => database_connection_string(g),
        id::GENERIC_PASSWORD => password(g),
        id::EMAIL => pii::email(g),
        id::PHONE_NUMBER => pii::phone(g),
        id::CREDIT_CARD => pii::credit_card(g),
        id::IBAN => pii::iban(g),
        id::US_SSN => pii::us_ssn(g),
        id::UK_NINO => pii::uk_nino(g),
        id::CA_SIN => pii::ca_sin(g),
        id::NL_BSN => pii::nl_bsn(g),
        id::ES_DNI => pii::es_dni(g),
        id::IN_AADHAAR => pii::in_aadhaar(g),
        id::PL_PESEL => pii::pl_pesel(g),
        _ => pii::ipv4(g),
    }
}
