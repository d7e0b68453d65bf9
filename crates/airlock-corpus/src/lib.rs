//! # airlock-corpus: seeded corpora for measuring Airlock's classifier
//!
//! Two generators, both deterministic (the same seed always gives the same bytes):
//!
//! * [`labeled`] builds a **labeled** corpus of realistic documents of every [`DocKind`]
//!   (e-mails, support tickets, source code, config files, logs, CSV exports, contracts,
//!   medical notes, chat transcripts). Every planted value carries a [`Label`] with its
//!   detector id (see `rules/IDS.md`) and its exact byte span, so an evaluation can compute
//!   precision and recall per detector. The ids it plants are listed in [`PLANTED`].
//! * [`mixed_bytes`] builds a large **throughput** corpus: mostly clean code, prose, logs,
//!   configs and CSV, with a planted secret or identifier about every 10 KB.
//!
//! ```
//! let corpus = airlock_corpus::labeled(7, 20_000);
//! for doc in &corpus.docs {
//!     for label in &doc.labels {
//!         assert!(airlock_corpus::PLANTED.contains(&label.detector));
//!         let value = &doc.text[label.start..label.end];
//!         assert!(!value.is_empty());
//!     }
//! }
//! let bytes = airlock_corpus::mixed_bytes(7, 1 << 20);
//! assert_eq!(bytes.len(), 1 << 20);
//! assert_eq!(bytes, airlock_corpus::mixed_bytes(7, 1 << 20));
//! ```
//!
//! ## What is planted, and what is not
//!
//! Planted values have valid shapes and checksums (Luhn, IBAN mod-97, GitHub's CRC-32,
//! Verhoeff, the 11-test, PESEL and DNI check characters) and sit in the contexts people put
//! them in: `AWS_SECRET_ACCESS_KEY=…` in a `.env` file, `SIN: 046 454 286` in a ticket,
//! `Authorization: Bearer eyJ…` in a log line. They are random, never real secrets.
//!
//! Label spans are exactly the value: not the key, quotes or context word. A PEM key's span
//! runs from `-----BEGIN` to the end of its `-----END …-----` line; a phone number's span is
//! the number as written including `+44` or parentheses; a card's span includes its spaces or
//! dashes.
//!
//! Every document kind also carries **hard negatives**, which are never labeled: UUIDs, hex
//! digests and git SHAs, order/invoice/tracking numbers, Luhn-invalid 16-digit numbers, bare
//! 9- and 12-digit numbers, timestamps, dates, version strings such as `1.2.3.4`, base64
//! blobs, lorem ipsum, prefix-less random ids, placeholder credentials
//! (`password = "${DB_PASSWORD}"`, `password: changeme`, `os.environ["API_KEY"]`), AWS's
//! documented example key `AKIAIOSFODNN7EXAMPLE`, numbers outside the phone numbering plans
//! (`555-0123`, `123-456-7890`) and e-mail-like strings. A string counts as an e-mail
//! address only when its domain contains a dot, so `user@localhost`, `root@web-01` and
//! `@decorator` are negatives. Markings such as "CONFIDENTIAL", medical record numbers,
//! ICD-10 codes, dates of birth and postal addresses occur but are not labeled, because their
//! detectors are not in [`PLANTED`].

mod checksum;
mod docs;
mod gen;
mod mixed;
mod negatives;
mod pii;
mod plant;
mod values;
mod words;

#[cfg(test)]
mod tests;

use serde::Serialize;

/// One planted value: its detector id and its byte span in [`Doc::text`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The detector id (one of [`PLANTED`]).
    pub detector: &'static str,
    /// Start byte offset (inclusive), on a char boundary.
    pub start: usize,
    /// End byte offset (exclusive), on a char boundary.
    pub end: usize,
}

/// The kind of a generated document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DocKind {
    /// An e-mail with headers, signature and sometimes a quoted reply.
    Email,
    /// A support ticket with requester, description and comments.
    Ticket,
    /// A source file (Rust, Python, JavaScript, Go or SQL).
    Code,
    /// A configuration file (.env, YAML, INI, JSON or TOML).
    Config,
    /// Access logs, application logs or JSON-lines logs.
    Log,
    /// A CSV export (customers, employees, payouts or orders).
    Csv,
    /// A contract with legal prose and confidentiality markings.
    Contract,
    /// A clinical note.
    MedicalNote,
    /// A chat transcript.
    Chat,
}

impl DocKind {
    /// Every kind, in declaration order.
    pub const ALL: [DocKind; 9] = [
        DocKind::Email,
        DocKind::Ticket,
        DocKind::Code,
        DocKind::Config,
        DocKind::Log,
        DocKind::Csv,
        DocKind::Contract,
        DocKind::MedicalNote,
        DocKind::Chat,
    ];

    /// A short lowercase name (`"email"`, `"medical_note"`, …).
    pub fn name(self) -> &'static str {
        match self {
            DocKind::Email => "email",
            DocKind::Ticket => "ticket",
            DocKind::Code => "code",
            DocKind::Config => "config",
            DocKind::Log => "log",
            DocKind::Csv => "csv",
            DocKind::Contract => "contract",
            DocKind::MedicalNote => "medical_note",
            DocKind::Chat => "chat",
        }
    }
}

/// A generated document with the labels of everything planted in it (sorted by `start`,
/// non-overlapping).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Doc {
    /// What kind of document this is.
    pub kind: DocKind,
    /// The document text.
    pub text: String,
    /// The planted values, in order of position.
    pub labels: Vec<Label>,
}

impl Doc {
    /// The text a label covers (`None` if the label does not belong to this document).
    pub fn value(&self, label: &Label) -> Option<&str> {
        self.text.get(label.start..label.end)
    }
}

/// A labeled corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Corpus {
    /// The documents, in generation order (kinds interleaved).
    pub docs: Vec<Doc>,
}

impl Corpus {
    /// Total text bytes over all documents.
    pub fn total_bytes(&self) -> usize {
        self.docs.iter().map(|d| d.text.len()).sum()
    }

    /// How many labels carry `detector`.
    pub fn count(&self, detector: &str) -> usize {
        self.docs
            .iter()
            .flat_map(|d| &d.labels)
            .filter(|l| l.detector == detector)
            .count()
    }
}

/// Detector ids as constants, so that a typo is a compile error.
pub(crate) mod id {
    pub const AWS_ACCESS_KEY_ID: &str = "aws_access_key_id";
    pub const AWS_SECRET_ACCESS_KEY: &str = "aws_secret_access_key";
    pub const GITHUB_PAT_CLASSIC: &str = "github_pat_classic";
    pub const GITHUB_PAT_FINE_GRAINED: &str = "github_pat_fine_grained";
    pub const GITLAB_PAT: &str = "gitlab_pat";
    pub const SLACK_BOT_TOKEN: &str = "slack_bot_token";
    pub const SLACK_WEBHOOK_URL: &str = "slack_webhook_url";
    pub const STRIPE_SECRET_KEY: &str = "stripe_secret_key";
    pub const OPENAI_API_KEY: &str = "openai_api_key";
    pub const ANTHROPIC_API_KEY: &str = "anthropic_api_key";
    pub const GOOGLE_API_KEY: &str = "google_api_key";
    pub const HUGGINGFACE_TOKEN: &str = "huggingface_token";
    pub const NPM_TOKEN: &str = "npm_token";
    pub const SENDGRID_API_KEY: &str = "sendgrid_api_key";
    pub const TWILIO_API_KEY: &str = "twilio_api_key";
    pub const PRIVATE_KEY: &str = "private_key";
    pub const JWT: &str = "jwt";
    pub const DATABASE_CONNECTION_STRING: &str = "database_connection_string";
    pub const GENERIC_PASSWORD: &str = "generic_password";
    pub const EMAIL: &str = "email";
    pub const PHONE_NUMBER: &str = "phone_number";
    pub const CREDIT_CARD: &str = "credit_card";
    pub const IBAN: &str = "iban";
    pub const US_SSN: &str = "us_ssn";
    pub const UK_NINO: &str = "uk_nino";
    pub const CA_SIN: &str = "ca_sin";
    pub const NL_BSN: &str = "nl_bsn";
    pub const ES_DNI: &str = "es_dni";
    pub const IN_AADHAAR: &str = "in_aadhaar";
    pub const PL_PESEL: &str = "pl_pesel";
    pub const IPV4_ADDRESS: &str = "ipv4_address";
}

/// The detector ids this generator plants (so the evaluation knows which types it can measure).
pub const PLANTED: &[&str] = &[
    id::AWS_ACCESS_KEY_ID,
    id::AWS_SECRET_ACCESS_KEY,
    id::GITHUB_PAT_CLASSIC,
    id::GITHUB_PAT_FINE_GRAINED,
    id::GITLAB_PAT,
    id::SLACK_BOT_TOKEN,
    id::SLACK_WEBHOOK_URL,
    id::STRIPE_SECRET_KEY,
    id::OPENAI_API_KEY,
    id::ANTHROPIC_API_KEY,
    id::GOOGLE_API_KEY,
    id::HUGGINGFACE_TOKEN,
    id::NPM_TOKEN,
    id::SENDGRID_API_KEY,
    id::TWILIO_API_KEY,
    id::PRIVATE_KEY,
    id::JWT,
    id::DATABASE_CONNECTION_STRING,
    id::GENERIC_PASSWORD,
    id::EMAIL,
    id::PHONE_NUMBER,
    id::CREDIT_CARD,
    id::IBAN,
    id::US_SSN,
    id::UK_NINO,
    id::CA_SIN,
    id::NL_BSN,
    id::ES_DNI,
    id::IN_AADHAAR,
    id::PL_PESEL,
    id::IPV4_ADDRESS,
];

/// Secret ids drawn for documents' secret slots (the AWS pair counts once: it is planted as a
/// pair).
pub(crate) const SECRET_IDS: &[&str] = &[
    id::AWS_ACCESS_KEY_ID,
    id::GITHUB_PAT_CLASSIC,
    id::GITHUB_PAT_FINE_GRAINED,
    id::GITLAB_PAT,
    id::SLACK_BOT_TOKEN,
    id::SLACK_WEBHOOK_URL,
    id::STRIPE_SECRET_KEY,
    id::OPENAI_API_KEY,
    id::ANTHROPIC_API_KEY,
    id::GOOGLE_API_KEY,
    id::HUGGINGFACE_TOKEN,
    id::NPM_TOKEN,
    id::SENDGRID_API_KEY,
    id::TWILIO_API_KEY,
    id::PRIVATE_KEY,
    id::JWT,
    id::DATABASE_CONNECTION_STRING,
    id::GENERIC_PASSWORD,
];

/// National identifier ids drawn for documents' personal-data slots.
pub(crate) const NATIONAL_IDS: &[&str] = &[
    id::US_SSN,
    id::UK_NINO,
    id::CA_SIN,
    id::NL_BSN,
    id::ES_DNI,
    id::IN_AADHAAR,
    id::PL_PESEL,
];

/// A labeled corpus of at least `target_bytes` of text: documents of all kinds, interleaved
/// (each run of nine documents holds every kind once, in a random order).
pub fn labeled(seed: u64, target_bytes: usize) -> Corpus {
    let mut g = gen::Gen::new(seed, true);
    let mut docs = Vec::new();
    let mut total = 0;
    let mut order = DocKind::ALL;
    while total < target_bytes {
        if docs.len() % order.len() == 0 {
            for i in (1..order.len()).rev() {
                order.swap(i, g.range(0, i));
            }
        }
        let kind = order[docs.len() % order.len()];
        let mut b = gen::Builder::new(4096, true);
        docs::write(&mut g, &mut b, kind);
        let doc = b.finish(kind);
        total += doc.text.len();
        docs.push(doc);
    }
    Corpus { docs }
}

/// A throughput corpus of exactly `target_bytes` bytes of UTF-8 text: code, prose, logs,
/// configs, CSV and some e-mail and chat, joined, with a planted secret or identifier at a line
/// boundary about every 10 KB. Unlabeled; use [`labeled`] for accuracy.
pub fn mixed_bytes(seed: u64, target_bytes: usize) -> Vec<u8> {
    mixed::generate(seed, target_bytes)
}
