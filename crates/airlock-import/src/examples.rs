//! The inline examples every Airlock detector needs, generated for converted rules and checked
//! with the classifier: `match` examples are samples of the pattern (see [`crate::sample`]),
//! alone or in a `<keyword> = "<sample>"` context, that the detector finds; `no_match` examples
//! are the keyword with an obvious placeholder, or a match cut short, that it does not find.

use crate::anchor::Anchor;
use crate::emit::{Draft, MatchExample};
use crate::sample::{generate, POLICIES};
use crate::verify::found;
use airlock_classifier::Scanner;
use regex_syntax::hir::Hir;

/// Seeds tried per generation policy.
const SEEDS_PER_POLICY: u64 = 3;
/// Match examples kept (the first is emitted; the others replace it if it collides with
/// another converted detector).
const MATCHES_KEPT: usize = 3;

/// Examples that passed, best first.
#[derive(Debug, Default)]
pub(crate) struct Examples {
    pub matches: Vec<MatchExample>,
    pub no_match: Vec<String>,
}

/// A stable 64-bit hash (FNV-1a) of the rule id, so each rule has its own seeds.
fn seed_of(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The word used for contexts: the first keyword or literal.
fn context_word(d: &Draft) -> String {
    let w = match &d.anchor {
        Anchor::Keywords(k) | Anchor::Literals(k) => k.first().cloned(),
    };
    w.unwrap_or_else(|| "token".into())
}

/// An identifier-like form of a word: `api-key` -> `API_KEY`.
fn env_name(w: &str) -> String {
    let s: String = w
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_matches('_').to_string();
    if s.is_empty() {
        "TOKEN".into()
    } else {
        s
    }
}

/// Generates and checks examples for `d`, whose pattern parses to `hir`, with `scanner`
/// holding `d` alone.
pub(crate) fn examples(d: &Draft, hir: &Hir, scanner: &Scanner) -> Result<Examples, String> {
    let word = context_word(d);
    let env = env_name(&word);
    let base = seed_of(&d.rule_id);
    let guides: Vec<(Vec<u8>, bool)> = match &d.anchor {
        Anchor::Keywords(k) => k.iter().map(|w| (w.as_bytes().to_vec(), true)).collect(),
        Anchor::Literals(l) => l.iter().map(|w| (w.as_bytes().to_vec(), false)).collect(),
    };
    let mut ex = Examples::default();
    let mut tried = 0usize;
    // First one example per policy (varied forms: other branches, longer values), then more of
    // any policy until enough are kept.
    for per_policy in [1, MATCHES_KEPT] {
        for (pi, policy) in POLICIES.iter().enumerate() {
            let mut from_policy = 0;
            for s in 0..SEEDS_PER_POLICY {
                if ex.matches.len() >= MATCHES_KEPT || from_policy >= per_policy {
                    break;
                }
                let seed = base ^ (((pi as u64) << 32) | s);
                let Some(sample) = generate(hir, seed, *policy, &guides) else {
                    continue;
                };
                tried += 1;
                // The prefilter needs the anchor inside the match, so the sample alone usually
                // works; the contexts help patterns that need a delimiter around the value.
                let contexts = [
                    sample.clone(),
                    format!("{word} = \"{sample}\""),
                    format!("export {env}={sample}\n"),
                ];
                if contexts
                    .iter()
                    .any(|t| ex.matches.iter().any(|m| &m.text == t))
                {
                    continue;
                }
                for text in contexts {
                    if let Some(value) = found(scanner, &d.id, &text) {
                        ex.matches.push(MatchExample { text, value });
                        from_policy += 1;
                        break;
                    }
                }
            }
        }
    }
    let Some(first) = ex.matches.first().cloned() else {
        return Err(if tried == 0 {
            "could not generate a sample of the pattern (it needs bytes that are not printable ASCII)".to_string()
        } else {
            format!(
                "none of {tried} generated samples is found by the converted detector (check the entropy threshold, allowlists and anchors)"
            )
        });
    };
    let mut no: Vec<String> = vec![format!("{word} = \"changeme\"")];
    if let Some(v) = first.value.as_deref().filter(|v| v.len() >= 6) {
        if let Some(half) = v.get(..v.len() / 2) {
            no.push(first.text.replacen(v, half, 1));
        }
    }
    no.push(format!("{word} = \"\""));
    no.push(format!("{env}=xxxxxxxx"));
    no.push("nothing secret here".into());
    for text in no {
        if ex.no_match.len() >= 2 {
            break;
        }
        if !ex.no_match.contains(&text) && found(scanner, &d.id, &text).is_none() {
            ex.no_match.push(text);
        }
    }
    if ex.no_match.is_empty() {
        return Err("every generated no_match example is found by the converted detector (it matches almost anything)".into());
    }
    Ok(ex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names_are_identifiers() {
        assert_eq!(env_name("api-key"), "API_KEY");
        assert_eq!(env_name("-----begin"), "BEGIN");
        assert_eq!(env_name("--"), "TOKEN");
    }
}
