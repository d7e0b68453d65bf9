//! Tuning without exposure: per-detector modes (`enforce` or `audit`, to trial a new rule across
//! the fleet before enforcing it) and suppressions by fingerprint — a detector plus a keyed hash
//! of the value, never the value — each with an owner, a reason and an expiry.

use crate::files::{err, Problems};
use serde::Deserialize;
use std::collections::HashMap;
use toml::Spanned;

/// How a detector's findings count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Findings drive the decision.
    #[default]
    Enforce,
    /// Findings are recorded with what they would have done, but do not change the decision.
    Audit,
}

/// `[[suppression]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SuppressionSpec {
    detector: String,
    fingerprint: String,
    owner: String,
    reason: String,
    expires: toml::value::Datetime,
}

/// A compiled suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The detector.
    pub detector: String,
    /// The value's fingerprint (32 lowercase hex digits).
    pub fingerprint: String,
    /// Who asked for it.
    pub owner: String,
    /// Why.
    pub reason: String,
    /// Unix time (seconds) from which it no longer applies.
    pub expires_at: u64,
    /// Where it was written: `file:line`.
    pub origin: String,
}

/// Modes, suppressions and the fingerprint key.
#[derive(Debug, Clone, Default)]
pub struct Tuning {
    modes: HashMap<String, Mode>,
    suppressions: HashMap<(String, String), Suppression>,
    /// The key of finding fingerprints.
    pub fingerprint_key: Option<[u8; 32]>,
}

impl Tuning {
    /// A detector's mode.
    pub fn mode(&self, detector: &str) -> Mode {
        self.modes.get(detector).copied().unwrap_or_default()
    }

    /// The detectors in audit mode.
    pub fn audited(&self) -> impl Iterator<Item = &str> {
        self.modes
            .iter()
            .filter(|(_, m)| **m == Mode::Audit)
            .map(|(d, _)| d.as_str())
    }

    /// The suppression that applies to a finding at time `now`, if any.
    pub fn suppression(&self, detector: &str, fingerprint: &str, now: u64) -> Option<&Suppression> {
        self.suppressions
            .get(&(detector.to_string(), fingerprint.to_string()))
            .filter(|s| now < s.expires_at)
    }

    /// All suppressions.
    pub fn suppressions(&self) -> impl Iterator<Item = &Suppression> {
        self.suppressions.values()
    }

    pub(crate) fn compile(
        file: &str,
        text: &str,
        modes: Option<Spanned<HashMap<String, String>>>,
        key: Option<String>,
        suppressions: Vec<Spanned<SuppressionSpec>>,
        known: &dyn Fn(&str) -> bool,
        problems: &mut Problems,
    ) -> Tuning {
        let mut t = Tuning::default();
        let line = |pos: usize| crate::files::line_of(text, pos);
        if let Some(modes) = modes {
            let l = line(modes.span().start);
            let mut entries: Vec<_> = modes.into_inner().into_iter().collect();
            entries.sort();
            for (d, m) in entries {
                let mode = match m.as_str() {
                    "enforce" => Mode::Enforce,
                    "audit" => Mode::Audit,
                    _ => {
                        problems.push(err(
                            file,
                            l,
                            format!("[modes] {d}: `{m}` is not a mode (enforce or audit)"),
                        ));
                        continue;
                    }
                };
                if !known(&d) {
                    problems.push(err(
                        file,
                        l,
                        format!("[modes] names unknown detector `{d}`"),
                    ));
                    continue;
                }
                t.modes.insert(d, mode);
            }
        }
        if let Some(k) = key {
            match decode_hex(&k) {
                Some(bytes) if bytes.len() == 32 => {
                    let mut a = [0u8; 32];
                    a.copy_from_slice(&bytes);
                    t.fingerprint_key = Some(a);
                }
                _ => problems.push(err(file, 1, "[fingerprints] key must be 64 hex digits (32 random bytes; `airlock rules keygen --fingerprint-key` prints one)".into())),
            }
        }
        for spanned in suppressions {
            let l = line(spanned.span().start);
            let s = spanned.into_inner();
            let before = problems.len();
            let mut p = |m: String| problems.push(err(file, l, m));
            if !known(&s.detector) {
                p(format!(
                    "suppression names unknown detector `{}`",
                    s.detector
                ));
            }
            let fp = s.fingerprint.to_ascii_lowercase();
            if fp.len() != 32 || !fp.bytes().all(|b| b.is_ascii_hexdigit()) {
                p(format!("suppression fingerprint `{}` must be 32 hex digits (as printed by `airlock explain`)", s.fingerprint));
            }
            if s.owner.trim().is_empty() || s.reason.trim().is_empty() {
                p("a suppression needs an `owner` and a `reason`".into());
            }
            let expires_at = match date_to_unix(&s.expires) {
                Some(t) => t,
                None => {
                    p(format!(
                        "`expires` must be a date such as 2027-01-31, not `{}`",
                        s.expires
                    ));
                    0
                }
            };
            if t.fingerprint_key.is_none() {
                p("suppressions need a `[fingerprints] key` to match findings against".into());
            }
            if problems.len() != before {
                continue;
            }
            let key = (s.detector.clone(), fp.clone());
            if t.suppressions.contains_key(&key) {
                problems.push(err(
                    file,
                    l,
                    format!("duplicate suppression of {} {fp}", s.detector),
                ));
                continue;
            }
            t.suppressions.insert(
                key,
                Suppression {
                    detector: s.detector,
                    fingerprint: fp,
                    owner: s.owner,
                    reason: s.reason,
                    expires_at,
                    origin: format!("{file}:{l}"),
                },
            );
        }
        t
    }
}

/// Decodes lowercase or uppercase hex.
pub(crate) fn decode_hex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Lowercase hex.
pub(crate) fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A TOML date (or date-time; its date part, UTC midnight) as Unix seconds.
fn date_to_unix(d: &toml::value::Datetime) -> Option<u64> {
    let date = d.date?;
    let days = crate::time::days_from_civil(date.year.into(), date.month.into(), date.day.into())?;
    u64::try_from(days).ok().map(|d| d * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        assert_eq!(decode_hex("00ff10").as_deref(), Some(&[0u8, 255, 16][..]));
        assert_eq!(encode_hex(&[0, 255, 16]), "00ff10");
        assert_eq!(decode_hex("0"), None);
        assert_eq!(decode_hex("zz"), None);
    }
}
