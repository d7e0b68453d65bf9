//! Prefilter anchors of a detector: the literals, keywords or digit shapes that make the
//! prefilter propose a window, and whether a literal hit is where every match starts (so the
//! regex only needs to look forward from it).

use crate::compile::Problems;
use crate::spec::DetectorSpec;
use regex_syntax::hir::Hir;

/// How the prefilter finds candidates for a detector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// Literals: case-sensitive ones as written, keywords and context words lowercased and
    /// matched ignoring ASCII case.
    Literals(Vec<Literal>),
    /// Runs of digits with at least `min` digits (and at most `max` unless separated).
    Digits(DigitShape),
    /// Every `@`.
    Email,
    /// No prefilter candidates: exact-data-match sets run their own pass (see `crate::edm`).
    None,
}

/// One prefilter literal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Literal {
    /// The bytes (lowercase when `ci`).
    pub bytes: Vec<u8>,
    /// Match ignoring ASCII case.
    pub ci: bool,
    /// Only a whole word counts (for context words, which are matched as whole words).
    pub word: bool,
}

impl Literal {
    pub(crate) fn ci(word: &[u8]) -> Literal {
        Literal {
            bytes: word.to_ascii_lowercase(),
            ci: true,
            word: false,
        }
    }
}

/// Which digit runs are candidates for a detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DigitShape {
    /// Fewest digits.
    pub min: usize,
    /// Most digits in an unseparated run.
    pub max: usize,
    /// Bit set of the separators allowed in the run (see [`crate::prefilter::sep_bit`]).
    pub separators: u8,
    /// Fewest digit groups in the run.
    pub groups_min: usize,
    /// Most digit groups in the run.
    pub groups_max: usize,
    /// A letter must be within 2 bytes before the run.
    pub letter_before: bool,
    /// A letter must be within 2 bytes after the run.
    pub letter_after: bool,
}

/// Whether every match of `pattern` begins with one of `lits` (so a literal hit is a match start).
pub(crate) fn starts_with_literal(hir: &Hir, lits: &[Literal]) -> bool {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let mut ex = Extractor::new();
    ex.kind(ExtractKind::Prefix);
    let seq = ex.extract(hir);
    let Some(prefixes) = seq.literals() else {
        return false;
    };
    !prefixes.is_empty()
        && prefixes.iter().all(|p| {
            let pb = p.as_bytes();
            lits.iter().any(|l| {
                pb.get(..l.bytes.len()).is_some_and(|head| {
                    if l.ci {
                        head.eq_ignore_ascii_case(&l.bytes)
                    } else {
                        head == &l.bytes[..]
                    }
                })
            })
        })
}

pub(crate) fn compile_anchor(
    spec: &DetectorSpec,
    id: &str,
    line: usize,
    p: &mut Problems,
) -> Anchor {
    let kinds = usize::from(!spec.literals.is_empty())
        + usize::from(!spec.keywords.is_empty())
        + usize::from(spec.finder.is_some());
    if kinds != 1 {
        p.push((
            line,
            format!("detector `{id}`: give exactly one of `literals`, `keywords` or `finder`"),
        ));
        return Anchor::Email;
    }
    let digit_opts = spec.digits.is_some()
        || spec.separators.is_some()
        || spec.groups.is_some()
        || spec.letter_before
        || spec.letter_after;
    if digit_opts && spec.finder.as_deref() != Some("digits") {
        p.push((line, format!("detector `{id}`: `digits`, `separators`, `groups`, `letter_before` and `letter_after` only go with finder = \"digits\"")));
    }
    if !spec.literals.is_empty() {
        for l in &spec.literals {
            if l.len() < 3 {
                p.push((line, format!("detector `{id}`: literal `{l}` is shorter than 3 bytes; short literals make the prefilter fire everywhere")));
            }
        }
        return Anchor::Literals(
            spec.literals
                .iter()
                .map(|l| Literal {
                    bytes: l.as_bytes().to_vec(),
                    ci: false,
                    word: false,
                })
                .collect(),
        );
    }
    if !spec.keywords.is_empty() {
        let mut out: Vec<Literal> = Vec::new();
        for k in &spec.keywords {
            if k.len() < 3 {
                p.push((
                    line,
                    format!("detector `{id}`: keyword `{k}` is shorter than 3 bytes"),
                ));
            }
            let lit = Literal::ci(k.as_bytes());
            if !out.contains(&lit) {
                out.push(lit);
            }
        }
        return Anchor::Literals(out);
    }
    match spec.finder.as_deref() {
        Some("email") => Anchor::Email,
        Some("digits") => match spec.digits.as_deref() {
            Some([min, max]) if *min >= 1 && min <= max && *max <= 64 => {
                let mut separators = crate::prefilter::ALL_SEPARATORS;
                if let Some(seps) = &spec.separators {
                    separators = 0;
                    for b in seps.bytes() {
                        match crate::prefilter::sep_bit(b) {
                            Some(bit) => separators |= bit,
                            None => p.push((line, format!("detector `{id}`: separators may only hold space - . / ( ), not `{}`", b as char))),
                        }
                    }
                }
                let (groups_min, groups_max) = match spec.groups.as_deref() {
                    None => (1, usize::MAX),
                    Some([lo, hi]) if *lo >= 1 && lo <= hi => (*lo as usize, *hi as usize),
                    Some(_) => {
                        p.push((
                            line,
                            format!("detector `{id}`: `groups = [min, max]` needs 1 <= min <= max"),
                        ));
                        (1, usize::MAX)
                    }
                };
                Anchor::Digits(DigitShape {
                    min: *min as usize,
                    max: *max as usize,
                    groups_min,
                    groups_max,
                    separators,
                    letter_before: spec.letter_before,
                    letter_after: spec.letter_after,
                })
            }
            _ => {
                p.push((line, format!("detector `{id}`: finder \"digits\" needs `digits = [min, max]` with 1 <= min <= max <= 64")));
                Anchor::Email
            }
        },
        Some(other) => {
            p.push((
                line,
                format!(
                    "detector `{id}`: unknown finder `{other}` (expected \"digits\" or \"email\")"
                ),
            ));
            Anchor::Email
        }
        None => Anchor::Email,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_anchored_patterns_are_recognised() {
        let starts_with_literal = |pattern: &str, lits: &[Literal]| {
            super::starts_with_literal(&crate::compile::parse_hir(pattern).expect("parses"), lits)
        };
        let lit = |b: &str, ci| Literal {
            bytes: b.as_bytes().to_vec(),
            ci,
            word: false,
        };
        assert!(starts_with_literal(
            r"ghp_[A-Za-z0-9]{36}",
            &[lit("ghp_", false)]
        ));
        assert!(starts_with_literal(
            r"(?:AKIA|ASIA)[A-Z2-7]{16}",
            &[lit("AKIA", false), lit("ASIA", false)]
        ));
        assert!(!starts_with_literal(
            r"(?:AKIA|ASIA)[A-Z2-7]{16}",
            &[lit("AKIA", false)]
        ));
        assert!(!starts_with_literal(
            r"\bkey=ghp_[a-z]{4}",
            &[lit("ghp_", false)]
        ));
        assert!(!starts_with_literal(
            r"[a-z]{0,5}ghp_",
            &[lit("ghp_", false)]
        ));
        assert!(starts_with_literal(
            r"-----BEGIN [A-Z ]{0,20}KEY-----",
            &[lit("-----BEGIN", false)]
        ));
    }

    #[test]
    fn keywords_become_case_insensitive_literals() {
        assert_eq!(
            Literal::ci(b"Date Of Birth"),
            Literal {
                bytes: b"date of birth".to_vec(),
                ci: true,
                word: false
            }
        );
    }
}
