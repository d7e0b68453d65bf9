//! Compiling `[[edm]]` tables: validation with `file:line: message` errors (salt, hashes,
//! normalization, pattern bounds) and the two all-matches DFAs of [`crate::edm::EdmMatcher`].
//! Messages never echo a salt or a hash: a mistaken file may hold plaintext where they belong.

use crate::anchor::Anchor;
use crate::compile::{
    build_regex_from, check_confidence, check_id, classify, parse_hir, Detector, DetectorKind,
    DetectorMeta, Problems, RuleSource, REGEX_SIZE_LIMIT,
};
use crate::edm::{EdmMatcher, Normalize, MAX_EDM_LEN, MIN_EDM_SALT_LEN};
use crate::error::line_of;
use crate::mac::{keyed, parse_hex16};
use crate::spec::EdmSpec;
use base64::Engine as _;
use regex_automata::hybrid::dfa::DFA;
use regex_automata::nfa::thompson;
use regex_automata::MatchKind;
use regex_syntax::hir::Hir;
use std::collections::HashSet;
use std::ops::Range;

/// Errors reported per set for malformed hashes before summarizing the rest.
const MAX_HASH_ERRORS: usize = 5;

/// Builds an all-matches lazy DFA of a pattern, forward or reverse.
fn build_dfa(hir: &Hir, reverse: bool) -> Result<DFA, String> {
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .which_captures(thompson::WhichCaptures::None)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .reverse(reverse),
        )
        .build_from_hir(hir)
        .map_err(|e| e.to_string().replace('\n', " "))?;
    DFA::builder()
        .configure(
            DFA::config()
                .match_kind(MatchKind::All)
                .cache_capacity(1024 * 1024),
        )
        .build_from_nfa(nfa)
        .map_err(|e| e.to_string().replace('\n', " "))
}

/// Validates and compiles one `[[edm]]` table into a detector of kind
/// [`DetectorKind::ExactMatch`].
pub(crate) fn compile_edm(
    spec: &EdmSpec,
    src: &RuleSource<'_>,
    line: usize,
) -> Result<Detector, Problems> {
    let mut p: Problems = Vec::new();
    let id = spec.id.clone();
    let at = |span: Range<usize>| line_of(src.text, span.start);
    check_id(&id, line, &mut p);
    let (category, class) = classify(&spec.category, &spec.class, "edm", &id, line, &mut p);
    let confidence = spec.confidence.unwrap_or(0.99);
    check_confidence(confidence, "edm", &id, line, &mut p);

    let pattern_line = at(spec.pattern.span());
    let mut bad_pattern = |m: String| {
        p.push((pattern_line, format!("edm `{id}`: invalid pattern: {m}")));
    };
    let hir = parse_hir(spec.pattern.get_ref())
        .map_err(&mut bad_pattern)
        .ok();
    let mut max_len = 0;
    if let Some(h) = &hir {
        let props = h.properties();
        match props.maximum_len() {
            Some(n) if n <= MAX_EDM_LEN => max_len = n,
            Some(n) => bad_pattern(format!(
                "it can match {n} bytes; the limit for an edm pattern is {MAX_EDM_LEN}: use smaller bounded repeats"
            )),
            None => bad_pattern(
                "it has no maximum length: replace + and * with bounded repeats such as {1,32}"
                    .into(),
            ),
        }
        if props.minimum_len() == Some(0) {
            bad_pattern("it can match the empty string".into());
        }
    }
    // The detector's regex: the edm pass's leftmost-first jumps.
    let regex = hir
        .as_ref()
        .and_then(|h| build_regex_from(h, false).map_err(&mut bad_pattern).ok());
    let ends = hir
        .as_ref()
        .and_then(|h| build_dfa(h, false).map_err(&mut bad_pattern).ok());
    let starts = hir
        .as_ref()
        .and_then(|h| build_dfa(h, true).map_err(&mut bad_pattern).ok());

    let normalize = match &spec.normalize {
        None => Normalize::Exact,
        Some(n) => Normalize::parse(n.get_ref()).unwrap_or_else(|| {
            p.push((
                at(n.span()),
                format!(
                    "edm `{id}`: unknown normalize `{}` (expected exact, lowercase or alnum)",
                    n.get_ref()
                ),
            ));
            Normalize::Exact
        }),
    };

    // Never echo the salt or a hash: a mistaken file may hold plaintext where they belong.
    let salt_line = at(spec.salt.span());
    let salt = match base64::engine::general_purpose::STANDARD.decode(spec.salt.get_ref().trim()) {
        Ok(s) if s.len() >= MIN_EDM_SALT_LEN => s,
        Ok(s) => {
            p.push((salt_line, format!("edm `{id}`: salt has {} bytes; at least {MIN_EDM_SALT_LEN} random bytes are needed", s.len())));
            Vec::new()
        }
        Err(_) => {
            p.push((salt_line, format!("edm `{id}`: salt is not valid base64")));
            Vec::new()
        }
    };

    let mut hashes = HashSet::new();
    let mut bad = 0usize;
    for (i, h) in spec.hashes.get_ref().iter().enumerate() {
        match parse_hex16(h.get_ref().trim()) {
            Some(t) => {
                hashes.insert(t);
            }
            None => {
                bad += 1;
                if bad <= MAX_HASH_ERRORS {
                    p.push((at(h.span()), format!("edm `{id}`: hash #{} is not 32 hex characters (the first 16 bytes of an HMAC-SHA256)", i + 1)));
                }
            }
        }
    }
    if bad > MAX_HASH_ERRORS {
        p.push((
            at(spec.hashes.span()),
            format!(
                "edm `{id}`: {} more malformed hashes",
                bad - MAX_HASH_ERRORS
            ),
        ));
    }
    if spec.hashes.get_ref().is_empty() {
        p.push((
            at(spec.hashes.span()),
            format!("edm `{id}`: hashes is empty: an edm set needs at least one value"),
        ));
    }

    match (regex, ends, starts, p.is_empty()) {
        (Some(regex), Some(ends), Some(starts), true) => Ok(Detector {
            meta: DetectorMeta {
                id,
                name: spec.name.clone(),
                category,
                class,
                customer_data: spec.customer_data,
                kind: DetectorKind::ExactMatch,
                examples: Default::default(),
                file: src.name.to_string(),
                line,
            },
            priority: spec.priority.unwrap_or(95),
            confidence: confidence as f32,
            redact: spec.redact.unwrap_or(true),
            anchor: Anchor::None,
            regex,
            capture: 0,
            reach: max_len,
            back_reach: max_len,
            validator: None,
            min_entropy: None,
            min_count: 1,
            aggregate: false,
            allowlist: HashSet::new(),
            allowlist_patterns: Vec::new(),
            examples_known: HashSet::new(),
            context: None,
            edm: Some(Box::new(EdmMatcher {
                ends,
                starts,
                max_len,
                normalize,
                mac: keyed(&salt),
                hashes,
            })),
        }),
        _ => Err(p),
    }
}
