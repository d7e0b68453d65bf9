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
//! `@decorator` are negatives.
//!
//! **Context negatives** test context logic rather than checksums: checksum-VALID numbers in
//! non-sensitive contexts (a Luhn-valid 16-digit tracking id, an 11-test-valid invoice id, a
//! Verhoeff-valid serial number, a Luhn-valid SKU; [`context_negatives`] gives them one per
//! line) and prose that uses marking words without being a marking ("privileged mode").
//!
//! Values are written in varied real-world forms, not one habit per type: phones in national
//! (`030 1234567`, `01 42 68 53 00`) and international (`+44`, `0049`, `+33 (0)6…`) forms,
//! SSNs with dashes, spaces or none after "SS#", "soc sec no." or "social", dates of birth
//! in US, European, ISO and worded forms, prefixed and hyphenated MRNs, IBANs of thirteen
//! countries, AWS secrets right after the key id, PEM keys with escaped `\n` in JSON, CSV
//! columns whose header is the only context (`dob`, `passport_no`, `mrn`). Medical notes,
//! contracts, e-mails and CSV exports label dates of birth, postal addresses, US passport
//! numbers, ICD-10 codes, MRNs, NPIs, health plan ids, markings, card expiries and BICs; a
//! source file carries a `source_code` label over its whole text (the only label that
//! contains others).

mod checksum;
mod docs;
mod forms;
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
    pub const DATE_OF_BIRTH: &str = "date_of_birth";
    pub const POSTAL_ADDRESS: &str = "postal_address";
    pub const US_PASSPORT: &str = "us_passport";
    pub const ICD10_CODE: &str = "icd10_code";
    pub const MEDICAL_RECORD_NUMBER: &str = "medical_record_number";
    pub const NPI: &str = "npi";
    pub const HEALTH_PLAN_ID: &str = "health_plan_id";
    pub const MARKING_CONFIDENTIAL: &str = "marking_confidential";
    pub const MARKING_INTERNAL_ONLY: &str = "marking_internal_only";
    pub const MARKING_PRIVILEGED: &str = "marking_privileged";
    pub const MARKING_DO_NOT_DISTRIBUTE: &str = "marking_do_not_distribute";
    pub const MARKING_MNPI: &str = "marking_mnpi";
    pub const CARD_EXPIRY: &str = "card_expiry";
    pub const SWIFT_BIC: &str = "swift_bic";
    pub const SOURCE_CODE: &str = "source_code";
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
    id::DATE_OF_BIRTH,
    id::POSTAL_ADDRESS,
    id::US_PASSPORT,
    id::ICD10_CODE,
    id::MEDICAL_RECORD_NUMBER,
    id::NPI,
    id::HEALTH_PLAN_ID,
    id::MARKING_CONFIDENTIAL,
    id::MARKING_INTERNAL_ONLY,
    id::MARKING_PRIVILEGED,
    id::MARKING_DO_NOT_DISTRIBUTE,
    id::MARKING_MNPI,
    id::CARD_EXPIRY,
    id::SWIFT_BIC,
    id::SOURCE_CODE,
];

/// The ids the throughput corpus cycles through in its planted lines.
pub(crate) const MIXED_IDS: &[&str] = &[
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

/// `n` one-line context negatives (seeded): checksum-valid numbers in non-sensitive contexts,
/// such as a Luhn-valid 16-digit number written as a shipment tracking id, an invoice id that
/// passes the Dutch 11-test or a Verhoeff-valid serial number. None of them is sensitive; an
/// evaluation can count how many a scanner reports. The same lines also occur, unlabeled, in
/// [`labeled`] corpora.
pub fn context_negatives(seed: u64, n: usize) -> Vec<String> {
    let mut g = gen::Gen::new(seed, true);
    (0..n)
        .map(|_| {
            let mut b = gen::Builder::new(64, false);
            negatives::checksum_valid_reference(&mut g, &mut b);
            b.into_text()
        })
        .collect()
}

/// A throughput corpus of exactly `target_bytes` bytes of UTF-8 text: code, prose, logs,
/// configs, CSV and some e-mail and chat, joined, with a planted secret or identifier at a line
/// boundary about every 10 KB. Unlabeled; use [`labeled`] for accuracy.
pub fn mixed_bytes(seed: u64, target_bytes: usize) -> Vec<u8> {
    mixed::generate(seed, target_bytes)
}
