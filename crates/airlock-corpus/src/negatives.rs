//! Hard negatives: text that resembles a planted type but is not one, and is never labeled.
//!
//! UUIDs, md5/sha1/sha256 hex, git SHAs, order/invoice/tracking numbers, Luhn-invalid 16-digit
//! numbers, 9- and 12-digit numbers without context words, timestamps and dates, version
//! strings (`1.2.3.4`), base64 blobs, long random ids without a vendor prefix, placeholder
//! credentials (`password = "${DB_PASSWORD}"`, `password: changeme`, `os.environ["API_KEY"]`),
//! AWS's documented example key `AKIAIOSFODNN7EXAMPLE`, phone-like numbers outside the
//! numbering plans (`555-0123`, `123-456-7890`) and e-mail-like strings.
//!
//! Context negatives: numbers that DO pass a checksum but sit in a non-sensitive context
//! (a Luhn-valid 16-digit tracking id, an 11-test-valid invoice id, a Verhoeff-valid serial
//! number; see [`checksum_valid_reference`]), and prose that uses marking words without being
//! a marking ("privileged mode").
//!
//! E-mail rule: a string is an e-mail address (and labeled when planted) only if its domain
//! contains a dot. `user@localhost`, `root@web-01`, `@decorator`, `@types/node` and `@channel`
//! are therefore negatives.

use crate::gen::{digits_to_string, Builder, Gen};
use crate::plant::Style;
use crate::{checksum, pii};

/// AWS's documented example access key id (an allowlisted non-finding).
pub(crate) const AWS_EXAMPLE_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
/// AWS's documented example secret access key.
pub(crate) const AWS_EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// A random version-4 UUID.
pub(crate) fn uuid(g: &mut Gen) -> String {
    let h = g.hex(32);
    let variant = *g.pick(&["8", "9", "a", "b"]);
    format!(
        "{}-{}-4{}-{variant}{}-{}",
        &h[..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..]
    )
}

/// A git SHA: full (40 hex) or short (7–10 hex).
pub(crate) fn git_sha(g: &mut Gen) -> String {
    if g.chance(0.4) {
        g.hex(40)
    } else {
        let n = g.range(7, 10);
        g.hex(n)
    }
}

/// An md5, sha1 or sha256 hex digest with its algorithm name.
pub(crate) fn digest(g: &mut Gen) -> (&'static str, String) {
    match g.below(3) {
        0 => ("md5", g.hex(32)),
        1 => ("sha1", g.hex(40)),
        _ => ("sha256", g.hex(64)),
    }
}

/// An order, invoice or tracking number.
pub(crate) fn reference(g: &mut Gen) -> String {
    match g.below(6) {
        0 => format!("ORD-{}-{}", g.range(2021, 2025), g.digits(6, 1)),
        1 => format!("INV-{}", g.digits(6, 0)),
        2 => format!(
            "1Z{}{}",
            g.string(b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ", 6),
            g.digits(10, 0)
        ),
        3 => format!("PO {}", g.digits(8, 4)),
        4 => format!("#{}", g.digits(5, 1)),
        _ => format!("RMA{}", g.digits(7, 1)),
    }
}

/// A 16-digit number with a card-like prefix that fails the Luhn check.
pub(crate) fn luhn_invalid_card(g: &mut Gen) -> String {
    let digits = loop {
        let d = pii::card_digits(g);
        if d.len() == 16 {
            break d;
        }
    };
    let last = digits.as_bytes()[15] - b'0';
    let wrong = (last + g.range(1, 9) as u8) % 10;
    let mut bad = String::with_capacity(16);
    bad.push_str(&digits[..15]);
    bad.push(char::from(b'0' + wrong));
    pii::group_card(&bad, g.word(&["", " ", "-"]))
}

const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: &[&str] = &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A point in time in 2023–2025 with formatting helpers.
#[derive(Clone, Copy)]
pub(crate) struct When {
    y: usize,
    mo: usize,
    d: usize,
    h: usize,
    mi: usize,
    s: usize,
}

impl When {
    /// A random instant.
    pub(crate) fn random(g: &mut Gen) -> Self {
        When {
            y: g.range(2023, 2025),
            mo: g.range(1, 12),
            d: g.range(1, 28),
            h: g.range(0, 23),
            mi: g.range(0, 59),
            s: g.range(0, 59),
        }
    }

    /// The same day, `secs` seconds later (wrapping within the day).
    pub(crate) fn plus(self, secs: usize) -> Self {
        let t = (self.h * 3600 + self.mi * 60 + self.s + secs) % 86_400;
        When {
            h: t / 3600,
            mi: t / 60 % 60,
            s: t % 60,
            ..self
        }
    }

    /// `2024-03-05T14:22:31Z`.
    pub(crate) fn iso(self) -> String {
        format!(
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.y, self.mo, self.d, self.h, self.mi, self.s
        )
    }

    /// `2024-03-05 14:22:31`.
    pub(crate) fn sql(self) -> String {
        format!(
            "{}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.y, self.mo, self.d, self.h, self.mi, self.s
        )
    }

    /// The year.
    pub(crate) fn year(self) -> usize {
        self.y
    }

    /// `2024-03-05`.
    pub(crate) fn date(self) -> String {
        format!("{}-{:02}-{:02}", self.y, self.mo, self.d)
    }

    /// `05/03/2024` or `03/05/2024` or `5 Mar 2024`.
    pub(crate) fn human_date(self, style: usize) -> String {
        match style % 3 {
            0 => format!("{:02}/{:02}/{}", self.d, self.mo, self.y),
            1 => format!("{:02}/{:02}/{}", self.mo, self.d, self.y),
            _ => format!("{} {} {}", self.d, MONTHS[self.mo - 1], self.y),
        }
    }

    /// `14:22`.
    pub(crate) fn hm(self) -> String {
        format!("{:02}:{:02}", self.h, self.mi)
    }

    /// `Tue, 05 Mar 2024 14:22:31 +0100` (e-mail `Date:` header).
    pub(crate) fn rfc2822(self) -> String {
        format!(
            "{}, {:02} {} {} {:02}:{:02}:{:02} +0{}00",
            DAYS[(self.d + self.mo) % 7],
            self.d,
            MONTHS[self.mo - 1],
            self.y,
            self.h,
            self.mi,
            self.s,
            (self.d % 3)
        )
    }

    /// `05/Mar/2024:14:22:31 +0000` (access logs).
    pub(crate) fn clf(self) -> String {
        format!(
            "{:02}/{}/{}:{:02}:{:02}:{:02} +0000",
            self.d,
            MONTHS[self.mo - 1],
            self.y,
            self.h,
            self.mi,
            self.s
        )
    }

    /// Seconds since the epoch, approximately (10 digits starting with 1).
    pub(crate) fn epoch(self) -> u64 {
        let days = (self.y as u64 - 1970) * 365 + (self.y as u64 - 1969) / 4;
        let days = days + (self.mo as u64 - 1) * 30 + self.d as u64;
        days * 86_400 + (self.h * 3600 + self.mi * 60 + self.s) as u64
    }
}

/// A bare number of `n` digits that fails every checksum a context-dependent identifier of
/// that length would need (Luhn, the 11-test, Verhoeff). Such numbers stay negatives even if
/// a context word happens to be nearby.
pub(crate) fn bare_number(g: &mut Gen, n: usize) -> String {
    loop {
        let s = g.digits(n, 1);
        let mut d9 = [0u8; 9];
        if n == 9 {
            for (slot, b) in d9.iter_mut().zip(s.bytes()) {
                *slot = b - b'0';
            }
        }
        let fails_all = !checksum::luhn_valid(&s)
            && !checksum::verhoeff_valid(&s)
            && (n != 9 || !checksum::bsn_valid(&d9));
        if fails_all {
            return s;
        }
    }
}

/// A 4-part version whose parts are all single digits (`1.2.3.4`), or a semver.
pub(crate) fn version(g: &mut Gen) -> String {
    if g.chance(0.4) {
        format!(
            "{}.{}.{}.{}",
            g.range(1, 9),
            g.range(0, 9),
            g.range(0, 9),
            g.range(0, 9)
        )
    } else {
        format!("{}.{}.{}", g.range(0, 4), g.range(0, 30), g.range(0, 20))
    }
}

/// Standard base64 of 12–90 random bytes.
pub(crate) fn base64_blob(g: &mut Gen) -> String {
    let n = g.range(12, 90);
    checksum::base64(&g.bytes(n))
}

/// A long random alphanumeric id without any vendor prefix.
pub(crate) fn random_id(g: &mut Gen) -> String {
    let n = g.range(20, 40);
    g.string(checksum::BASE62, n)
}

/// A phone-like number that fails the numbering plans.
pub(crate) fn bad_phone(g: &mut Gen) -> &'static str {
    g.word(&[
        "555-0123",
        "123-456-7890",
        "(800) 555-0199",
        "000-000-0000",
        "555-0100",
        "1-800-555-0175",
    ])
}

/// An e-mail-like string that is not an e-mail address (no dot in the domain, or no local part).
pub(crate) fn email_like(g: &mut Gen) -> &'static str {
    g.word(&[
        "user@localhost",
        "root@web-01",
        "deploy@ci-runner",
        "@types/node",
        "@angular/core",
        "@channel",
        "@here",
        "@Override",
        "@dataclass",
        "admin@localhost",
    ])
}

/// Writes AWS's documented example credentials as commented-out lines (`comment` is the
/// comment leader, e.g. `# ` or `; `).
pub(crate) fn aws_docs_example(b: &mut Builder, comment: &str) {
    b.push(comment);
    b.push("example from the AWS docs (not a real key):\n");
    b.push(comment);
    b.push("aws_access_key_id = ");
    b.push(AWS_EXAMPLE_KEY_ID);
    b.ch('\n');
    b.push(comment);
    b.push("aws_secret_access_key = ");
    b.push(AWS_EXAMPLE_SECRET);
    b.ch('\n');
}

/// Writes a placeholder credential statement in `style` (never a finding).
pub(crate) fn placeholder(g: &mut Gen, b: &mut Builder, style: Style) {
    let options: &[&str] = match style {
        Style::Env => &[
            "SMTP_PASSWORD=${SMTP_PASSWORD}",
            "API_KEY=changeme",
            "STRIPE_SECRET_KEY=",
            "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
            "OPENAI_API_KEY=<your-api-key>",
            "GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}",
        ],
        Style::Yaml => &[
            "password: changeme",
            "password: \"${DB_PASSWORD}\"",
            "api_key: <your-api-key>",
            "token: \"{{ vault_api_token }}\"",
            "aws_access_key_id: AKIAIOSFODNN7EXAMPLE",
        ],
        Style::Json => &[
            "\"dbPassword\": \"${DB_PASSWORD}\"",
            "\"apiKey\": \"YOUR_API_KEY_HERE\"",
            "\"smtpPassword\": \"\"",
            "\"token\": null",
        ],
        Style::Toml => &[
            "db_password = \"${DB_PASSWORD}\"",
            "api_key = \"changeme\"",
            "token = \"\"  # set via AIRLOCK_TOKEN",
        ],
        Style::Python => &[
            "api_key = os.environ[\"API_KEY\"]",
            "password = os.getenv(\"DB_PASSWORD\", \"\")",
            "token = settings.API_TOKEN",
            "password = getpass.getpass(\"Password: \")",
        ],
        Style::Js => &[
            "const apiKey = process.env.API_KEY;",
            "const password = process.env.DB_PASSWORD ?? \"\";",
            "const token = await secrets.get(\"stripe\");",
        ],
        Style::Go => &[
            "apiKey := os.Getenv(\"API_KEY\")",
            "password := os.Getenv(\"DB_PASSWORD\")",
        ],
        Style::Rust => &[
            "let api_key = std::env::var(\"API_KEY\")?;",
            "let password = std::env::var(\"DB_PASSWORD\").unwrap_or_default();",
        ],
        Style::Chat => &[
            "the key is in 1Password under \"staging\", ask in #ops if you can't see it",
            "password: changeme (the default, you'll be asked to change it)",
            "use the example key AKIAIOSFODNN7EXAMPLE from the docs for the dry run",
        ],
        Style::Log => &[
            "loaded credentials from environment (API_KEY=***redacted***)",
            "password=******** user=admin",
            "token=<redacted> expires_in=3600",
        ],
    };
    b.push(g.word(options));
}

/// `n` digit values whose last digit makes the Luhn check pass (first digit at least `min`).
pub(crate) fn luhn_digits(g: &mut Gen, n: usize, min: u8) -> String {
    let mut d = g.digit_values(n - 1, min);
    d.push(checksum::luhn_check_digit(&d));
    digits_to_string(&d)
}

/// A checksum-VALID number in a plainly non-sensitive context: a Luhn-valid 16-digit
/// shipment tracking id, a Luhn-valid 9-digit order number, an invoice id passing the
/// Dutch 11-test, a Verhoeff-valid 12-digit serial number, a Luhn-valid 10-digit SKU. These
/// test the detectors' context logic, not their checksums: the number alone would pass.
pub(crate) fn checksum_valid_reference(g: &mut Gen, b: &mut Builder) {
    match g.below(6) {
        0 | 1 => {
            b.push(g.word(&[
                "Tracking ID: ",
                "tracking number ",
                "Shipment tracking #",
                "DHL tracking ",
                "parcel tracking id ",
                "Paid by card, tracking number ",
                "gift card order shipped, tracking ",
            ]));
            let v = luhn_digits(g, 16, 1);
            let sep = *g.pick(&["", "", " "]);
            b.push(&pii::group_card(&v, sep));
        }
        2 => {
            b.push(g.word(&["Order number ", "order no. ", "Order #"]));
            b.push(&luhn_digits(g, 9, 1));
        }
        3 => {
            b.push(g.word(&["Invoice ID: ", "invoice no. ", "Rechnungsnummer "]));
            let d = loop {
                let mut d = [0u8; 9];
                d.copy_from_slice(&g.digit_values(9, 1));
                if checksum::bsn_valid(&d) {
                    break d;
                }
            };
            b.push(&digits_to_string(&d));
        }
        4 => {
            b.push(g.word(&["Serial number: ", "S/N ", "device serial "]));
            let mut d = g.digit_values(11, 2);
            d.push(checksum::verhoeff_check_digit(&d));
            let s = digits_to_string(&d);
            if g.chance(0.5) {
                b.push(&format!("{} {} {}", &s[..4], &s[4..8], &s[8..]));
            } else {
                b.push(&s);
            }
        }
        _ => {
            b.push(g.word(&["SKU ", "SKU: ", "item no. "]));
            b.push(&luhn_digits(g, 10, 1));
        }
    }
}

/// A sentence that uses a marking's words without being a marking ("privileged mode",
/// "the confidentiality clause", "distribute the load").
pub(crate) fn marking_like(g: &mut Gen) -> &'static str {
    g.word(&[
        "Run the container in privileged mode only on the build hosts",
        "See the confidentiality clause in section 4 of the template",
        "The balancer will distribute the load across both regions",
        "Ports below 1024 are privileged on Linux",
        "Our internal tooling team owns the deploy scripts",
        "The annual report is public information once filed",
    ])
}

/// Writes one inline hard negative with its natural lead-in (for prose, tickets, chat).
pub(crate) fn inline(g: &mut Gen, b: &mut Builder) {
    match g.below(17) {
        14 | 15 => checksum_valid_reference(g, b),
        16 => b.push(marking_like(g)),
        0 => {
            b.push("request id ");
            b.push(&uuid(g));
        }
        1 => {
            b.push("commit ");
            b.push(&git_sha(g));
        }
        2 => {
            let (algo, h) = digest(g);
            b.push(algo);
            b.push(" ");
            b.push(&h);
        }
        3 => {
            b.push("order ");
            b.push(&reference(g));
        }
        4 => {
            b.push("test number ");
            b.push(&luhn_invalid_card(g));
            b.push(" (declined)");
        }
        5 => {
            b.push("ref. ");
            b.push(&bare_number(g, 9));
        }
        6 => {
            b.push("batch ");
            b.push(&bare_number(g, 12));
        }
        7 => {
            b.push("at ");
            b.push(&When::random(g).iso());
        }
        8 => {
            b.push("version ");
            b.push(&version(g));
        }
        9 => {
            b.push("blob ");
            b.push(&base64_blob(g));
        }
        10 => {
            b.push("id ");
            b.push(&random_id(g));
        }
        11 => {
            b.push("the fax line ");
            b.push(bad_phone(g));
        }
        12 => {
            b.push("example key ");
            b.push(AWS_EXAMPLE_KEY_ID);
        }
        _ => {
            b.push("cc ");
            b.push(email_like(g));
        }
    }
}

/// A short sentence built around one inline hard negative, ending with a newline.
pub(crate) fn sentence(g: &mut Gen, b: &mut Builder) {
    b.push(g.word(&[
        "For reference, see ",
        "Noted in the tracker: ",
        "Related: ",
        "FYI ",
        "Logged under ",
        "Previously reported with ",
    ]));
    inline(g, b);
    b.push(".\n");
}
