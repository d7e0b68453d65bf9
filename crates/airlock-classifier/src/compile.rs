//! Turns rule files into a validated [`RuleSet`]: every regex built (ASCII, size-capped),
//! every name resolved, every bound checked. All errors of all files are collected and reported
//! as `file:line: message`; a rule set with any error is not returned at all. `[[edm]]` tables
//! become detectors of their own kind (see [`crate::edm`]), in the same id namespace.

use crate::anchor::{compile_anchor, starts_with_literal, Anchor, Literal};
use crate::compile_cache::{AllowlistCache, Lines};
use crate::context::{compile_context, Context};
use crate::error::{RuleError, RuleErrors};
use crate::spec::{DetectorSpec, ExamplesSpec, RuleFileSpec};
use crate::validators::Validator;
use crate::verdict::{Category, DataClass};
use regex_automata::meta::Regex;
use regex_syntax::hir::Hir;
use std::collections::{HashMap, HashSet};

/// The largest maximum match length a detector pattern may have, in bytes.
pub const MAX_PATTERN_LEN: usize = 8 * 1024;
/// The compiled-size cap of one detector regex (bundle regexes are untrusted input).
pub(crate) const REGEX_SIZE_LIMIT: usize = 4 * 1024 * 1024;

/// One rule file's text and the name used in error messages (usually its path).
#[derive(Debug, Clone, Copy)]
pub struct RuleSource<'a> {
    /// Name for messages.
    pub name: &'a str,
    /// The TOML text.
    pub text: &'a str,
}

/// What kind of rule a detector comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DetectorKind {
    /// A `[[detector]]`: a pattern with anchors, validators and inline examples.
    #[default]
    Pattern,
    /// An `[[edm]]` set: exact data match against salted hashes of known values. It has no
    /// inline examples (they would be plaintext values).
    ExactMatch,
}

/// What people see of a detector: identity, classification, and its inline examples.
#[derive(Debug, Clone)]
pub struct DetectorMeta {
    /// Unique id.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Category.
    pub category: Category,
    /// Data class implied.
    pub class: DataClass,
    /// Whether findings are customer data.
    pub customer_data: bool,
    /// A pattern detector or an exact-data-match set.
    pub kind: DetectorKind,
    /// The inline examples (empty for exact-data-match sets).
    pub examples: ExamplesSpec,
    /// Rule file the detector came from.
    pub file: String,
    /// Line of the detector in that file.
    pub line: usize,
}

/// A compiled detector.
#[derive(Debug)]
pub struct Detector {
    /// Identity and examples.
    pub meta: DetectorMeta,
    pub(crate) priority: i64,
    pub(crate) confidence: f32,
    pub(crate) redact: bool,
    pub(crate) anchor: Anchor,
    pub(crate) regex: Regex,
    pub(crate) capture: usize,
    /// How far around a prefilter hit the regex must look (max_len, plus the context distance
    /// when the detector is anchored on its context words).
    pub(crate) reach: usize,
    /// How far *before* a hit the regex must look: 0 when every match starts with one of the
    /// detector's literals (so the hit is the match start), else `reach`.
    pub(crate) back_reach: usize,
    pub(crate) validator: Option<Validator>,
    pub(crate) min_entropy: Option<f64>,
    pub(crate) min_count: usize,
    pub(crate) aggregate: bool,
    pub(crate) allowlist: HashSet<Vec<u8>>,
    pub(crate) allowlist_patterns: Vec<std::sync::Arc<Regex>>,
    /// Published example values ([`crate::verdict::example_key`] of each): found, but flagged.
    pub(crate) examples_known: HashSet<Vec<u8>>,
    pub(crate) context: Option<Context>,
    /// Exact-data-match sets only: the hashed values and how candidates are checked.
    pub(crate) edm: Option<Box<crate::edm::EdmMatcher>>,
}

impl Detector {
    /// How far around a prefilter hit the confirming regex must look.
    pub(crate) fn reach(&self) -> usize {
        self.reach
    }

    /// How far before a prefilter hit the regex must look.
    pub(crate) fn back_reach(&self) -> usize {
        self.back_reach
    }
}

/// A validated set of detectors, ready to build a scanner from.
#[derive(Debug)]
pub struct RuleSet {
    pub(crate) detectors: Vec<Detector>,
}

impl RuleSet {
    /// Parses and compiles rule files. Returns every error of every file, or the rule set.
    pub fn load(sources: &[RuleSource<'_>]) -> Result<RuleSet, RuleErrors> {
        let mut errors = Vec::new();
        let mut detectors = Vec::new();
        let mut seen: HashMap<String, (String, usize)> = HashMap::new();
        let mut allowlists = AllowlistCache::default();
        for src in sources {
            let lines = Lines::new(src.text);
            let file: RuleFileSpec = match toml::from_str(src.text) {
                Ok(f) => f,
                Err(e) => {
                    errors.push(RuleError::from_toml(src.name, src.text, &e));
                    continue;
                }
            };
            for spanned in file.detector {
                let line = lines.line(spanned.span().start);
                let spec = spanned.into_inner();
                if claim(&mut seen, &spec.id, src.name, line, &mut errors) {
                    let at = Place {
                        src,
                        line,
                        lines: &lines,
                    };
                    let compiled = compile_detector(spec, &at, &mut allowlists);
                    collect(compiled, src.name, &mut detectors, &mut errors);
                }
            }
            for spanned in file.edm {
                let line = lines.line(spanned.span().start);
                let spec = spanned.into_inner();
                if claim(&mut seen, &spec.id, src.name, line, &mut errors) {
                    let compiled = crate::edm::compile_edm(&spec, src, line);
                    collect(compiled, src.name, &mut detectors, &mut errors);
                }
            }
        }
        if detectors.is_empty() && errors.is_empty() {
            errors.push(RuleError {
                file: sources
                    .first()
                    .map(|s| s.name.to_string())
                    .unwrap_or_else(|| "<rules>".into()),
                line: 1,
                message:
                    "no detectors defined: a rule set needs at least one [[detector]] or [[edm]]"
                        .into(),
            });
        }
        if errors.is_empty() {
            Ok(RuleSet { detectors })
        } else {
            Err(RuleErrors(errors))
        }
    }

    /// The detectors and exact-data-match sets, in load order ([`DetectorMeta::kind`] tells
    /// them apart; exact-data-match sets have no inline examples).
    pub fn detectors(&self) -> impl Iterator<Item = &DetectorMeta> {
        self.detectors.iter().map(|d| &d.meta)
    }

    /// The words that give a value its meaning, lowercased: every detector's context words and
    /// case-insensitive keyword anchors. A table column whose header holds one of them is
    /// scanned with its header as context for each cell (see `airlock-inspect`).
    pub fn context_vocabulary(&self) -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = Vec::new();
        for d in &self.detectors {
            if let Some(c) = &d.context {
                out.extend(c.words.iter().cloned());
            }
            if let crate::anchor::Anchor::Literals(lits) = &d.anchor {
                out.extend(lits.iter().filter(|l| l.ci).map(|l| l.bytes.clone()));
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Keeps only the detectors for which `keep` returns true (e.g. to disable some, or to
    /// profile one at a time).
    pub fn retain(&mut self, mut keep: impl FnMut(&DetectorMeta) -> bool) {
        self.detectors.retain(|d| keep(&d.meta));
    }

    /// Number of detectors.
    pub fn len(&self) -> usize {
        self.detectors.len()
    }

    /// Whether the set is empty (never true for a loaded set).
    pub fn is_empty(&self) -> bool {
        self.detectors.is_empty()
    }
}

/// Records `id` as defined at `file:line`; false (and an error) when it already was.
fn claim(
    seen: &mut HashMap<String, (String, usize)>,
    id: &str,
    file: &str,
    line: usize,
    errors: &mut Vec<RuleError>,
) -> bool {
    if let Some((f, l)) = seen.get(id) {
        errors.push(RuleError {
            file: file.to_string(),
            line,
            message: format!("detector id `{id}` is already defined at {f}:{l}"),
        });
        return false;
    }
    seen.insert(id.to_string(), (file.to_string(), line));
    true
}

/// Keeps a compiled detector, or records its problems.
fn collect(
    compiled: Result<Detector, Problems>,
    file: &str,
    detectors: &mut Vec<Detector>,
    errors: &mut Vec<RuleError>,
) {
    match compiled {
        Ok(d) => detectors.push(d),
        Err(list) => errors.extend(list.into_iter().map(|(line, message)| RuleError {
            file: file.to_string(),
            line,
            message,
        })),
    }
}

/// Problems found in one detector: (line, message).
pub(crate) type Problems = Vec<(usize, String)>;

/// Parses a pattern the way detectors are compiled: ASCII-only, over bytes.
pub(crate) fn parse_hir(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string().replace('\n', " "))
}

/// Builds a detector regex from its parsed form (parsed once, also used for the maximum length
/// and the prefix analysis). Without `captures`, only the overall match is tracked, which lets
/// the regex engine skip its capture engines entirely.
pub(crate) fn build_regex_from(hir: &Hir, captures: bool) -> Result<Regex, String> {
    use regex_automata::nfa::thompson::WhichCaptures;
    let which = if captures {
        WhichCaptures::All
    } else {
        WhichCaptures::Implicit
    };
    Regex::builder()
        .configure(
            Regex::config()
                .utf8_empty(false)
                .which_captures(which)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .onepass_size_limit(Some(REGEX_SIZE_LIMIT))
                .dfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(2 * 1024 * 1024),
        )
        .build_from_hir(hir)
        .map_err(|e| {
            if e.size_limit().is_some() {
                format!("pattern compiles too big (over {REGEX_SIZE_LIMIT} bytes): use smaller bounded repeats")
            } else {
                e.to_string().replace('\n', " ")
            }
        })
}

/// Checks an id is snake_case.
pub(crate) fn check_id(id: &str, line: usize, p: &mut Problems) {
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        p.push((
            line,
            format!("detector id `{id}` must be snake_case (a-z, 0-9, _)"),
        ));
    }
}

/// Resolves a category and a data class (`what` is "detector" or "edm", for messages).
pub(crate) fn classify(
    category: &str,
    class: &str,
    what: &str,
    id: &str,
    line: usize,
    p: &mut Problems,
) -> (Category, DataClass) {
    let category = Category::parse(category).unwrap_or_else(|| {
        p.push((
            line,
            format!(
                "{what} `{id}`: unknown category `{category}` (expected one of secret, pii, phi, pci, gov_id, marking, code)"
            ),
        ));
        Category::Secret
    });
    let class = match DataClass::parse(class) {
        Some(DataClass::Public) | None => {
            p.push((
                line,
                format!(
                    "{what} `{id}`: unknown class `{class}` (expected internal, confidential or restricted)"
                ),
            ));
            DataClass::Restricted
        }
        Some(c) => c,
    };
    (category, class)
}

/// Checks a confidence is within 0..=1.
pub(crate) fn check_confidence(
    confidence: f64,
    what: &str,
    id: &str,
    line: usize,
    p: &mut Problems,
) {
    if !(0.0..=1.0).contains(&confidence) {
        p.push((
            line,
            format!("{what} `{id}`: confidence {confidence} is not within 0..1"),
        ));
    }
}

/// Where a detector is defined: its file, its line, and the file's line index.
struct Place<'a, 'b> {
    src: &'a RuleSource<'b>,
    line: usize,
    lines: &'a Lines,
}

fn compile_detector(
    spec: DetectorSpec,
    at: &Place<'_, '_>,
    allowlists: &mut AllowlistCache,
) -> Result<Detector, Problems> {
    let (src, line) = (at.src, at.line);
    let mut p: Problems = Vec::new();
    let id = spec.id.clone();
    check_id(&id, line, &mut p);
    let (category, class) = classify(&spec.category, &spec.class, "detector", &id, line, &mut p);
    let confidence = spec.confidence.unwrap_or(0.8);
    check_confidence(confidence, "detector", &id, line, &mut p);
    let pattern_line = at.lines.line(spec.pattern.span().start);
    let pattern = spec.pattern.get_ref().clone();
    let hir = match parse_hir(&pattern) {
        Ok(h) => Some(h),
        Err(m) => {
            p.push((
                pattern_line,
                format!("detector `{id}`: invalid pattern: {m}"),
            ));
            None
        }
    };
    let regex = hir.as_ref().and_then(|h| {
        build_regex_from(h, spec.capture.unwrap_or(0) > 0)
            .map_err(|m| {
                p.push((
                    pattern_line,
                    format!("detector `{id}`: invalid pattern: {m}"),
                ))
            })
            .ok()
    });
    let declared = match spec.max_len {
        None => None,
        Some(n) if (1..=MAX_PATTERN_LEN as i64).contains(&n) => Some(n as usize),
        Some(n) => {
            p.push((
                line,
                format!("detector `{id}`: max_len {n} must be within 1..={MAX_PATTERN_LEN}"),
            ));
            None
        }
    };
    let max_len = match (hir.as_ref().map(|h| h.properties().maximum_len()), declared) {
        (Some(Some(n)), Some(d)) => n.min(d),
        (Some(None), Some(d)) => d,
        (Some(Some(n)), None) if n <= MAX_PATTERN_LEN => n,
        (Some(Some(n)), None) => {
            p.push((pattern_line, format!("detector `{id}`: pattern can match {n} bytes; the limit is {MAX_PATTERN_LEN}: use smaller bounded repeats or declare `max_len`")));
            0
        }
        (Some(None), None) => {
            p.push((pattern_line, format!("detector `{id}`: pattern has no maximum length: replace + and * with bounded repeats such as {{1,64}}, or declare `max_len`")));
            0
        }
        (None, _) => 0, // already reported as an invalid pattern
    };
    let capture = match spec.capture {
        None => 0,
        Some(c) if c < 0 => {
            p.push((
                pattern_line,
                format!("detector `{id}`: capture {c} must be >= 0"),
            ));
            0
        }
        Some(c) => c as usize,
    };
    if let Some(re) = &regex {
        let groups = re.captures_len();
        if capture >= groups {
            p.push((pattern_line, format!("detector `{id}`: capture {capture} does not exist: the pattern has {} group(s)", groups.saturating_sub(1))));
        }
    }
    let anchor = compile_anchor(&spec, &id, line, &mut p);
    let validator = spec.validator.as_deref().and_then(|name| {
        let v = Validator::from_name(name);
        if v.is_none() {
            let names: Vec<&str> = Validator::ALL.iter().map(|v| v.name()).collect();
            p.push((
                line,
                format!(
                    "detector `{id}`: unknown validator `{name}` (known: {})",
                    names.join(", ")
                ),
            ));
        }
        v
    });
    let min_count = match spec.min_count {
        None => 1,
        Some(n) if n >= 1 => n as usize,
        Some(n) => {
            p.push((
                line,
                format!("detector `{id}`: min_count {n} must be at least 1"),
            ));
            1
        }
    };
    let allowlist_patterns = match allowlists.get(&spec.allowlist_patterns) {
        Ok(r) => r,
        Err(errors) => {
            for (ap, m) in errors {
                p.push((
                    line,
                    format!("detector `{id}`: invalid allowlist pattern `{ap}`: {m}"),
                ));
            }
            Vec::new()
        }
    };
    let context = spec
        .context
        .as_ref()
        .map(|c| compile_context(c, &id, line, &mut p));
    // A shape finder (digits, '@') fires far more often than a required context word: anchor
    // such detectors on their context words instead. Every true finding has a word within
    // `before`/`after` bytes, so widening the reach by that distance keeps them all.
    let mut reach = max_len;
    let mut back_reach = match &anchor {
        Anchor::Literals(lits) if hir.as_ref().is_some_and(|h| starts_with_literal(h, lits)) => 0,
        _ => max_len,
    };
    let mut anchor = anchor;
    if let Some(ctx) = &context {
        let shape = matches!(anchor, Anchor::Digits(_) | Anchor::Email);
        if shape && ctx.required && ctx.words.iter().all(|w| w.len() >= 3) {
            let words = ctx.words.iter().map(|w| Literal {
                word: true,
                ..Literal::ci(w)
            });
            anchor = Anchor::Literals(words.collect());
            reach = max_len + ctx.before.max(ctx.after);
            back_reach = reach;
        }
        // A near pattern's literals (an `AKIA` key id) anchor values beside them, not in them.
        if ctx.near.is_some() {
            reach = max_len + ctx.before.max(ctx.after);
            back_reach = reach;
        }
    }
    let examples = spec.examples.clone().unwrap_or_default();
    if examples.matches.is_empty() || examples.no_match.is_empty() {
        p.push((line, format!("detector `{id}`: needs [detector.examples] with at least one `match` and one `no_match` example")));
    }
    match (regex, p.is_empty()) {
        (Some(regex), true) => Ok(Detector {
            meta: DetectorMeta {
                id,
                name: spec.name,
                category,
                class,
                customer_data: spec.customer_data,
                kind: DetectorKind::Pattern,
                examples,
                file: src.name.to_string(),
                line,
            },
            priority: spec.priority.unwrap_or(50),
            confidence: confidence as f32,
            redact: spec.redact.unwrap_or(true),
            anchor,
            regex,
            capture,
            reach,
            back_reach,
            validator,
            min_entropy: spec.min_entropy,
            min_count,
            aggregate: spec.aggregate,
            allowlist: spec
                .allowlist
                .iter()
                .map(|s| s.as_bytes().to_vec())
                .collect(),
            allowlist_patterns,
            examples_known: spec
                .examples_known
                .iter()
                .map(|s| crate::verdict::example_key(s.as_bytes()))
                .collect(),
            context,
            edm: None,
        }),
        _ => Err(p),
    }
}
