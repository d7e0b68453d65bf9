//! Building `[[edm]]` rule files from plaintext values, for the tool IT runs (the CLI): every
//! value is hashed under a salt (fresh and random unless given) and only the hashes are written.
//!
//! The text produced is checked the way a scanner would use it: it must load as a rule file, and
//! every value must be found when scanned on its own (a value the pattern does not match in full
//! would silently never be found). Errors name values by position, never by text.

use crate::compile::{RuleSet, RuleSource};
use crate::edm::{edm_hash, normalizes_to_something, Normalize, MIN_EDM_SALT_LEN};
use crate::error::EdmError;
use crate::verdict::{Category, DataClass};
use base64::Engine as _;
use std::fmt::Write as _;

/// Bytes of salt [`edm_rule_file`] generates.
const SALT_LEN: usize = 32;

/// An `[[edm]]` set apart from its salt and hashes: what [`edm_rule_file`] writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdmSet {
    /// Unique snake_case id; the findings' type.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Category of the findings.
    pub category: Category,
    /// Data class a finding implies (not [`DataClass::Public`]).
    pub class: DataClass,
    /// Whether a finding means customer data.
    pub customer_data: bool,
    /// Candidate pattern: every span it matches is hashed and looked up. Bounded length, at
    /// most [`crate::MAX_EDM_LEN`] bytes.
    pub pattern: String,
    /// How values and candidates are normalized before hashing.
    pub normalize: Normalize,
}

/// The TOML text of an `[[edm]]` rule file holding `values` hashed under a fresh random salt
/// (32 bytes from the operating system). The hashes are sorted, so the file does not reveal
/// the values' order.
pub fn edm_rule_file<S: AsRef<str>>(set: &EdmSet, values: &[S]) -> Result<String, EdmError> {
    use rand::RngCore as _;
    let mut salt = [0u8; SALT_LEN];
    rand::rngs::OsRng
        .try_fill_bytes(&mut salt)
        .map_err(|e| EdmError::Random(e.to_string()))?;
    edm_rule_file_with_salt(set, &salt, values)
}

/// [`edm_rule_file`] with a given salt (at least [`MIN_EDM_SALT_LEN`] bytes), for
/// reproducible files and tests. A salt must be random and used for one file only.
pub fn edm_rule_file_with_salt<S: AsRef<str>>(
    set: &EdmSet,
    salt: &[u8],
    values: &[S],
) -> Result<String, EdmError> {
    if salt.len() < MIN_EDM_SALT_LEN {
        return Err(EdmError::SaltTooShort(salt.len()));
    }
    if values.is_empty() {
        return Err(EdmError::NoValues);
    }
    let mut hashes = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        if !normalizes_to_something(set.normalize, v.as_ref()) {
            return Err(EdmError::EmptyValue(i + 1));
        }
        hashes.push(edm_hash(salt, set.normalize, v.as_ref()));
    }
    hashes.sort();
    hashes.dedup();

    let mut text = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        text,
        "# Exact data match: salted hashes of {} value(s), never the values themselves.\n\
         # Built by airlock_classifier::edm_rule_file; rebuild the whole file (new salt) to change it.\n\
         [[edm]]\n\
         id = {}\n\
         name = {}\n\
         category = {}\n\
         class = {}\n\
         customer_data = {}\n\
         pattern = {}\n\
         normalize = {}\n\
         salt = {}\n\
         hashes = [\n",
        hashes.len(),
        basic(&set.id),
        basic(&set.name),
        basic(set.category.as_str()),
        basic(&set.class.as_str().to_ascii_lowercase()),
        set.customer_data,
        literal_or_basic(&set.pattern),
        basic(set.normalize.as_str()),
        basic(&base64::engine::general_purpose::STANDARD.encode(salt)),
    );
    for h in &hashes {
        let _ = writeln!(text, "  \"{h}\",");
    }
    text.push_str("]\n");

    // Check the file the way it will be used.
    let rules = RuleSet::load(&[RuleSource {
        name: "<edm>",
        text: &text,
    }])
    .map_err(EdmError::Invalid)?;
    let found_alone = |value: &str| {
        rules.detectors.iter().any(|d| {
            d.edm.as_deref().is_some_and(|m| {
                let mut hits = Vec::new();
                let bytes = value.as_bytes();
                m.hits(
                    &d.regex,
                    bytes,
                    0..bytes.len(),
                    &mut m.create_cache(),
                    &mut hits,
                );
                hits.contains(&(0..bytes.len()))
            })
        })
    };
    for (i, v) in values.iter().enumerate() {
        if !found_alone(v.as_ref()) {
            return Err(EdmError::NotMatched(i + 1));
        }
    }
    Ok(text)
}

/// A TOML basic string.
fn basic(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML literal string (no escapes: readable regexes) when the text allows one, else basic.
fn literal_or_basic(s: &str) -> String {
    if s.contains('\'') || s.chars().any(char::is_control) {
        basic(s)
    } else {
        format!("'{s}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(pattern: &str, normalize: Normalize) -> EdmSet {
        EdmSet {
            id: "code_name".into(),
            name: "Project code name \"exact\"".into(),
            category: Category::Marking,
            class: DataClass::Confidential,
            customer_data: false,
            pattern: pattern.into(),
            normalize,
        }
    }

    #[test]
    fn files_load_and_never_hold_the_values() {
        let s = set(
            r"\b[A-Z][a-z]{1,20}(?: [A-Z][a-z]{1,20}){0,2}\b",
            Normalize::Alnum,
        );
        let text = edm_rule_file(&s, &["Blue Falcon", "Red Heron", "Blue Falcon"]).expect("builds");
        assert!(
            !text.contains("Falcon") && !text.contains("Heron"),
            "{text}"
        );
        assert_eq!(text.matches("\n  \"").count(), 2, "deduplicated: {text}");
        let other = edm_rule_file(&s, &["Blue Falcon"]).expect("builds");
        assert_ne!(
            text.lines().find(|l| l.starts_with("salt")),
            other.lines().find(|l| l.starts_with("salt")),
            "a fresh salt per file"
        );
        // Quoting survives odd text.
        let mut odd = set(r"\bX-[0-9]{2}\b", Normalize::Exact);
        odd.pattern = "\\bX-'?[0-9]{2}\\b".into();
        assert!(edm_rule_file_with_salt(&odd, &[1u8; 16], &["X-12"]).is_ok());
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        let s = set(r"\bC-[0-9]{6}\b", Normalize::Exact);
        let salt = [3u8; 16];
        assert!(matches!(
            edm_rule_file_with_salt(&s, &[1u8; 8], &["C-123456"]),
            Err(EdmError::SaltTooShort(8))
        ));
        let none: [&str; 0] = [];
        assert!(matches!(
            edm_rule_file_with_salt(&s, &salt, &none),
            Err(EdmError::NoValues)
        ));
        assert!(matches!(
            edm_rule_file_with_salt(&s, &salt, &["C-123456", "C-12345"]),
            Err(EdmError::NotMatched(2))
        ));
        let alnum = set(r"\bC-[0-9]{6}\b", Normalize::Alnum);
        assert!(matches!(
            edm_rule_file_with_salt(&alnum, &salt, &["-"]),
            Err(EdmError::EmptyValue(1))
        ));
        let mut public = s.clone();
        public.class = DataClass::Public;
        match edm_rule_file_with_salt(&public, &salt, &["C-123456"]) {
            Err(EdmError::Invalid(e)) => assert!(e.to_string().contains("unknown class"), "{e}"),
            other => panic!("expected Invalid, got {other:?}"),
        }
        let mut unbounded = s;
        unbounded.pattern = r"C-[0-9]+".into();
        assert!(matches!(
            edm_rule_file_with_salt(&unbounded, &salt, &["C-1"]),
            Err(EdmError::Invalid(_))
        ));
    }
}
