//! Checks converted detectors with the real classifier: a detector alone (while its examples
//! are generated), then the whole converted file (with the rule files it is meant to be used
//! beside), dropping whatever fails until the file loads and every example behaves as the
//! classifier's rules test expects.

use crate::emit::{self, Draft, MatchExample};
use crate::{ImportError, Skipped};
use airlock_classifier::{RuleSet, RuleSource, Scanner, ScannerBuilder};

/// A converted rule with its candidate examples, best first.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// The detector.
    pub draft: Draft,
    /// `match` examples that the detector alone finds.
    pub matches: Vec<MatchExample>,
    /// `no_match` examples that the detector alone does not find.
    pub no_match: Vec<String>,
}

/// How many `no_match` examples a detector gets.
const NO_MATCH_EMITTED: usize = 2;

/// Loads one detector alone (with placeholder examples) into a scanner, or the loader's
/// messages.
pub(crate) fn load_single(d: &Draft) -> Result<Scanner, String> {
    let mut text = String::new();
    let placeholder = MatchExample {
        text: "x".into(),
        value: None,
    };
    emit::detector(&mut text, d, &[placeholder], &["y".into()]);
    match RuleSet::load(&[RuleSource {
        name: "converted",
        text: &text,
    }]) {
        Ok(set) => Ok(ScannerBuilder::new().build(set)),
        Err(e) => {
            let msgs: Vec<String> = e.0.into_iter().map(|r| r.message).collect();
            Err(msgs.join("; "))
        }
    }
}

/// The value detector `id` reports in `text`, if any (`Some(None)` when its span is not text).
pub(crate) fn found(scanner: &Scanner, id: &str, text: &str) -> Option<Option<String>> {
    let v = scanner.scan(text.as_bytes());
    v.findings
        .iter()
        .find(|f| f.detector == id)
        .map(|f| text.get(f.start..f.end).map(str::to_string))
}

/// Whether a `match` example passes the rules test's check against `scanner`.
fn match_ok(scanner: &Scanner, id: &str, m: &MatchExample) -> Result<(), String> {
    let v = scanner.scan(m.text.as_bytes());
    let mine: Vec<&str> = v
        .findings
        .iter()
        .filter(|f| f.detector == id)
        .filter_map(|f| m.text.get(f.start..f.end))
        .collect();
    let ok = match &m.value {
        Some(value) => mine.contains(&value.as_str()),
        None => v.findings.iter().any(|f| f.detector == id),
    };
    if ok {
        return Ok(());
    }
    let others: Vec<&str> = v
        .findings
        .iter()
        .filter(|f| f.detector != id)
        .map(|f| f.detector.as_str())
        .collect();
    Err(if others.is_empty() {
        format!("its generated example {:?} is no longer found", m.text)
    } else {
        format!(
            "its generated examples are reported as other detectors instead ({}), which take precedence on overlap",
            others.join(", ")
        )
    })
}

/// The rule file text of `items` (each with its first match example and first no_match ones),
/// and the line range each detector occupies in it (starting at `first_line`).
pub(crate) fn render(items: &[Prepared], first_line: usize) -> (String, Vec<(usize, usize)>) {
    let mut out = String::new();
    let mut ranges = Vec::with_capacity(items.len());
    let mut line = first_line;
    for p in items {
        let before = out.len();
        let n = p.no_match.len().min(NO_MATCH_EMITTED);
        emit::detector(
            &mut out,
            &p.draft,
            p.matches.get(..1).unwrap_or_default(),
            p.no_match.get(..n).unwrap_or_default(),
        );
        let added = out
            .get(before..)
            .map(|s| s.matches('\n').count())
            .unwrap_or(0);
        ranges.push((line, line + added));
        line += added;
    }
    (out, ranges)
}

/// Loads the rule file made of `header` and `items` after the files `beside`, dropping every
/// detector that does not load or whose examples fail among the others (moved to `skipped`),
/// until all is clean. Returns the final file text.
pub(crate) fn finalize(
    source_name: &str,
    header: &dyn Fn(&[Prepared], &[Skipped]) -> String,
    mut items: Vec<Prepared>,
    skipped: &mut Vec<Skipped>,
    beside: &[RuleSource<'_>],
) -> Result<(String, Vec<Prepared>), ImportError> {
    let rounds = items.len() + 2;
    for _ in 0..rounds {
        if items.is_empty() {
            return Err(ImportError::NothingConverted {
                source_name: source_name.to_string(),
                skipped: skipped.clone(),
            });
        }
        let head = header(&items, skipped);
        let (body, ranges) = render(&items, head.matches('\n').count() + 1);
        let text = format!("{head}{body}");
        let mut sources = beside.to_vec();
        sources.push(RuleSource {
            name: source_name,
            text: &text,
        });
        let loaded = RuleSet::load(&sources);
        let mut drop: Vec<(usize, String)> = Vec::new();
        match loaded {
            Err(errs) => {
                for e in errs.0 {
                    if e.file != source_name {
                        return Err(ImportError::Beside {
                            message: e.to_string(),
                        });
                    }
                    let owner = ranges.iter().position(|&(a, b)| (a..b).contains(&e.line));
                    match owner {
                        Some(i) => {
                            drop.push((i, format!("does not load in Airlock: {}", e.message)))
                        }
                        None => {
                            return Err(ImportError::Unloadable {
                                source_name: source_name.to_string(),
                                message: e.to_string(),
                            })
                        }
                    }
                }
            }
            Ok(set) => {
                let scanner = ScannerBuilder::new().build(set);
                for (i, p) in items.iter_mut().enumerate() {
                    let mut first_err = None;
                    let pos =
                        p.matches
                            .iter()
                            .position(|m| match match_ok(&scanner, &p.draft.id, m) {
                                Ok(()) => true,
                                Err(e) => {
                                    first_err.get_or_insert(e);
                                    false
                                }
                            });
                    match pos {
                        Some(k) => {
                            p.matches.swap(0, k);
                        }
                        None => drop.push((
                            i,
                            first_err.unwrap_or_else(|| "no match example left".into()),
                        )),
                    }
                }
                if drop.is_empty() {
                    return Ok((text, items));
                }
            }
        }
        drop.sort_by_key(|(i, _)| *i);
        drop.dedup_by_key(|(i, _)| *i);
        for (i, reason) in drop.into_iter().rev() {
            if i < items.len() {
                let p = items.remove(i);
                skipped.push(Skipped {
                    rule_id: p.draft.rule_id,
                    reason,
                });
            }
        }
    }
    Err(ImportError::Unloadable {
        source_name: source_name.to_string(),
        message: "the converted file did not settle after dropping failing detectors".into(),
    })
}
