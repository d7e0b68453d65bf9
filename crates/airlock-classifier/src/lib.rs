//! Airlock's local classifier: what sensitive data does a piece of content hold?
//!
//! Pure library: no I/O beyond an optional [`std::io::Read`] the caller passes in, no async, no
//! logging, no clock. Detectors are data (`rules/detectors/*.toml`, see `rules/README.md`),
//! compiled once into a [`Scanner`]:
//!
//! 1. [`RuleSet::load`] parses rule files and validates every field, collecting all errors as
//!    `file:line: message`; nothing is compiled from a half-valid set.
//! 2. [`ScannerBuilder::build`] builds the one-pass prefilter (a fingerprint literal search, a digit-run
//!    finder, an `@` finder).
//! 3. [`Scanner::scan`] / [`Scanner::scan_reader`] run the prefilter over each chunk, confirm
//!    each candidate's detector regex in a window around the hit (ASCII regexes on bytes), apply
//!    allowlists, validators (Luhn, mod-97, Verhoeff, CRC32…), entropy and context words, and
//!    resolve overlaps (the more specific detector wins) into a [`Verdict`].
//! 4. [`redact`] replaces findings with typed placeholders.
//!
//! Besides detectors, rule files may hold `[[edm]]` sets (exact data match, `rules/edm/`):
//! salted hashes of known values ([`edm_hash`], [`edm_rule_file`]), looked up for every span
//! of the content a candidate pattern matches, in the same scan.
//!
//! Findings carry byte offsets into the original input and a masked preview, never the value;
//! with [`ScannerBuilder::fingerprint_key`], also a keyed hash of it ([`fingerprint()`]).
//!
//! ```
//! use airlock_classifier::{RuleSet, RuleSource, ScannerBuilder};
//! let rules = r#"
//! [[detector]]
//! id = "demo_token"
//! name = "Demo token"
//! category = "secret"
//! class = "restricted"
//! literals = ["dmo_"]
//! pattern = '''\bdmo_[a-z0-9]{8}\b'''
//! [detector.examples]
//! match = ["dmo_abcd1234"]
//! no_match = ["dmo_short"]
//! "#;
//! let set = RuleSet::load(&[RuleSource { name: "demo.toml", text: rules }])?;
//! let scanner = ScannerBuilder::new().build(set);
//! let verdict = scanner.scan(b"token: dmo_abcd1234");
//! assert_eq!(verdict.findings[0].start, 7);
//! assert_eq!(verdict.data_class.as_str(), "Restricted");
//! # Ok::<(), airlock_classifier::RuleErrors>(())
//! ```

mod anchor;
mod compile;
mod compile_cache;
mod context;
mod decode;
mod edm;
mod edm_compile;
mod edm_file;
mod error;
mod examples;
mod fingerprint;
mod literals;
mod mac;
mod parallel;
mod prefilter;
mod profile;
mod redact;
mod resolve;
mod scanner;
pub mod spec;
mod state;
pub mod validators;
mod verdict;

pub use compile::{DetectorKind, DetectorMeta, RuleSet, RuleSource, MAX_PATTERN_LEN};
pub use edm::{edm_hash, Normalize, MAX_EDM_LEN, MIN_EDM_SALT_LEN};
pub use edm_file::{edm_rule_file, edm_rule_file_with_salt, EdmSet};
pub use error::{line_of, EdmError, Error, RuleError, RuleErrors};
pub use examples::check_examples;
pub use fingerprint::fingerprint;
#[doc(hidden)]
pub use prefilter::PrefilterProfile;
pub use redact::{redact, Redaction};
pub use scanner::{Scanner, ScannerBuilder, DEFAULT_CHUNK_SIZE, DEFAULT_MAX_FINDINGS};
pub use verdict::{mask, Category, DataClass, Encoding, Finding, Verdict};
