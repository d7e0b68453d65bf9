//! Prefilter anchors for converted rules: Airlock only runs a detector's regex near one of its
//! `keywords` (case-insensitive, >= 3 bytes, part of every match) or `literals`
//! (case-sensitive, >= 3 bytes).
//!
//! In order of preference:
//! 1. the rule's gitleaks `keywords` that are >= 3 bytes and that the pattern can actually
//!    contain (a keyword that only appears next to a match would never put the match inside
//!    the regex window);
//! 2. case-sensitive literals every match contains, from `regex-syntax`'s prefix extraction
//!    applied at each position of the pattern's top-level sequence (`ghp_`, `SK0`..`SKf`);
//! 3. case-insensitive words every match contains, read off the pattern (`pwd`,
//!    `db_password`): those become `keywords`.

use regex_automata::nfa::thompson::{self, State, WhichCaptures, NFA};
use regex_automata::util::primitives::StateID;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};

/// How a converted detector is anchored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// Case-insensitive words (lowercase).
    Keywords(Vec<String>),
    /// Case-sensitive literals.
    Literals(Vec<String>),
}

/// The chosen anchor and notes about dropped keywords, or why there is none.
pub(crate) fn choose(hir: &Hir, keywords: &[String]) -> (Result<Anchor, String>, Vec<String>) {
    let mut notes = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    let nfa = compile(hir);
    for raw in keywords {
        let kw = raw.trim().to_ascii_lowercase();
        if kw.is_empty() || kept.contains(&kw) {
            continue;
        }
        if kw.len() < 3 {
            notes.push(format!(
                "keyword `{kw}` is shorter than 3 bytes: dropped (Airlock keywords need 3+ bytes)"
            ));
        } else if !nfa.as_ref().is_some_and(|n| nfa_contains(n, kw.as_bytes())) {
            notes.push(format!(
                "keyword `{kw}` is never part of a match of the pattern: dropped"
            ));
        } else {
            kept.push(kw);
        }
    }
    if !kept.is_empty() {
        return (Ok(Anchor::Keywords(kept)), notes);
    }
    let lits = required_literals(hir);
    let words = required_words(hir);
    // Case variants (`DB_P`, `db_p`...) come from case-insensitive parts of the pattern: those
    // are better anchored on case-insensitive keywords when there are some.
    let variants = lits.as_ref().is_some_and(|l| {
        let mut folded: Vec<String> = l.iter().map(|s| s.to_ascii_lowercase()).collect();
        folded.sort();
        folded.dedup();
        folded.len() < l.len()
    });
    if let Some(lits) = lits.filter(|_| !(variants && words.is_some())) {
        if !keywords.is_empty() {
            notes.push(format!(
                "anchored on literals derived from the pattern: {}",
                lits.join(", ")
            ));
        }
        return (Ok(Anchor::Literals(lits)), notes);
    }
    if let Some(words) = words {
        notes.push(format!(
            "anchored on keywords derived from the pattern: {}",
            words.join(", ")
        ));
        return (Ok(Anchor::Keywords(words)), notes);
    }
    let why = if keywords.is_empty() {
        "the rule has no keywords".to_string()
    } else {
        // The notes say what happened to each keyword.
        let each: Vec<&str> = notes
            .iter()
            .map(|n| n.split(": dropped").next().unwrap_or(n))
            .collect();
        each.join("; ")
    };
    let reason = format!(
        "no prefilter anchor: {why}; and no literal or word of 3+ bytes is part of every match (add a keyword that the matched text itself contains)"
    );
    (Err(reason), notes)
}

/// Most strings a finite sub-language may have before it counts as unbounded.
const CAP: usize = 64;

/// The members of a class as (ASCII-lowercased when `fold`) bytes, deduplicated, if few.
fn class_bytes(class: &Class, fold: bool, limit: usize) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::new();
    let mut add = |lo: u32, hi: u32| -> Option<()> {
        for v in lo..=hi {
            let b = u8::try_from(v).ok()?;
            let b = if fold { b.to_ascii_lowercase() } else { b };
            if !out.contains(&b) {
                out.push(b);
            }
            if out.len() > limit {
                return None;
            }
        }
        Some(())
    };
    match class {
        Class::Bytes(c) => {
            for r in c.ranges() {
                add(u32::from(r.start()), u32::from(r.end()))?;
            }
        }
        Class::Unicode(c) => {
            for r in c.ranges() {
                add(u32::from(r.start()), u32::from(r.end()))?;
            }
        }
    }
    Some(out)
}

fn product(a: &[Vec<u8>], b: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if a.len().saturating_mul(b.len()) > CAP {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            let mut s = x.clone();
            s.extend_from_slice(y);
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    Some(out)
}

/// Every string `hir` can match (lowercased when `fold`), when there are few of them; zero-width
/// assertions count as the empty string.
fn finite(hir: &Hir, fold: bool) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Literal(l) => Some(vec![if fold {
            l.0.to_ascii_lowercase()
        } else {
            l.0.to_vec()
        }]),
        HirKind::Class(c) => {
            let limit = if fold { 4 } else { 24 };
            Some(
                class_bytes(c, fold, limit)?
                    .into_iter()
                    .map(|b| vec![b])
                    .collect(),
            )
        }
        HirKind::Capture(c) => finite(&c.sub, fold),
        HirKind::Concat(xs) => {
            let mut acc = vec![Vec::new()];
            for x in xs {
                acc = product(&acc, &finite(x, fold)?)?;
            }
            Some(acc)
        }
        HirKind::Alternation(xs) => {
            let mut acc: Vec<Vec<u8>> = Vec::new();
            for x in xs {
                for s in finite(x, fold)? {
                    if !acc.contains(&s) {
                        acc.push(s);
                    }
                }
                if acc.len() > CAP {
                    return None;
                }
            }
            Some(acc)
        }
        HirKind::Repetition(r) => {
            let max = r.max?;
            if max > 4 {
                return None;
            }
            let sub = finite(&r.sub, fold)?;
            let mut acc: Vec<Vec<u8>> = Vec::new();
            let mut power = vec![Vec::new()];
            for k in 0..=max {
                if k >= r.min {
                    for s in &power {
                        if !acc.contains(s) {
                            acc.push(s.clone());
                        }
                    }
                }
                if k < max {
                    power = product(&power, &sub)?;
                }
            }
            (acc.len() <= CAP).then_some(acc)
        }
    }
}

/// Keyword characters that are letters or digits must come from transitions accepting at most
/// this many bytes (a literal, a case pair, a small class), not from a value class such as
/// `[a-z0-9]`: a keyword that only a random value could contain is no anchor.
const NARROW: usize = 4;

/// An NFA edge: the byte range it accepts (none for an epsilon edge), how many bytes its state
/// accepts in all, and its target.
type Edge = (Option<(u8, u8)>, usize, StateID);

/// Whether some match of `nfa` contains `kw`, ignoring ASCII case (assertions are ignored).
fn nfa_contains(nfa: &NFA, kw: &[u8]) -> bool {
    let states = nfa.states();
    let n = states.len();
    // Edges of each state: (accepted bytes, width, target); epsilon edges have no bytes.
    let edges = |id: StateID| -> Vec<Edge> {
        match states.get(id.as_usize()) {
            Some(State::ByteRange { trans }) => {
                let w = usize::from(trans.end.saturating_sub(trans.start)) + 1;
                vec![(Some((trans.start, trans.end)), w, trans.next)]
            }
            Some(State::Sparse(sp)) => {
                let w = sp
                    .transitions
                    .iter()
                    .map(|t| usize::from(t.end.saturating_sub(t.start)) + 1)
                    .sum();
                sp.transitions
                    .iter()
                    .map(|t| (Some((t.start, t.end)), w, t.next))
                    .collect()
            }
            Some(State::Dense(d)) => {
                let w = d
                    .transitions
                    .iter()
                    .filter(|t| **t != StateID::ZERO)
                    .count();
                (0u8..=255)
                    .filter_map(|b| d.matches_byte(b).map(|t| (Some((b, b)), w, t)))
                    .collect()
            }
            Some(State::Look { next, .. }) | Some(State::Capture { next, .. }) => {
                vec![(None, 0, *next)]
            }
            Some(State::Union { alternates }) => alternates.iter().map(|&t| (None, 0, t)).collect(),
            Some(State::BinaryUnion { alt1, alt2 }) => vec![(None, 0, *alt1), (None, 0, *alt2)],
            _ => Vec::new(),
        }
    };
    let ids = || (0..n).filter_map(|i| StateID::new(i).ok());
    let all_edges: Vec<Vec<Edge>> = ids().map(edges).collect();
    // States from which a match state can be reached.
    let mut co = vec![false; n];
    let mut changed = true;
    for (i, st) in states.iter().enumerate() {
        if matches!(st, State::Match { .. }) {
            co[i] = true;
        }
    }
    while changed {
        changed = false;
        for (i, es) in all_edges.iter().enumerate() {
            if !co[i]
                && es
                    .iter()
                    .any(|(_, _, t)| co.get(t.as_usize()) == Some(&true))
            {
                co[i] = true;
                changed = true;
            }
        }
    }
    let closure = |seed: Vec<usize>| -> Vec<bool> {
        let mut seen = vec![false; n];
        let mut stack = seed;
        while let Some(i) = stack.pop() {
            if seen.get(i) != Some(&false) {
                continue;
            }
            seen[i] = true;
            for (bytes, _, t) in all_edges.get(i).into_iter().flatten() {
                if bytes.is_none() {
                    stack.push(t.as_usize());
                }
            }
        }
        seen
    };
    // Every state some string reaches from the start.
    let mut reach = vec![false; n];
    let mut stack = vec![nfa.start_anchored().as_usize()];
    while let Some(i) = stack.pop() {
        if reach.get(i) != Some(&false) {
            continue;
        }
        reach[i] = true;
        stack.extend(
            all_edges
                .get(i)
                .into_iter()
                .flatten()
                .map(|(_, _, t)| t.as_usize()),
        );
    }
    let mut current = reach;
    for &k in kw {
        let (lo, up) = (k.to_ascii_lowercase(), k.to_ascii_uppercase());
        let mut next = Vec::new();
        for (i, es) in all_edges.iter().enumerate() {
            if !current.get(i).copied().unwrap_or(false) {
                continue;
            }
            for (bytes, width, t) in es {
                let Some((a, b)) = bytes else { continue };
                let hit = (*a..=*b).contains(&lo) || (*a..=*b).contains(&up);
                if hit && (!k.is_ascii_alphanumeric() || *width <= NARROW) {
                    next.push(t.as_usize());
                }
            }
        }
        if next.is_empty() {
            return false;
        }
        current = closure(next);
    }
    current.iter().zip(&co).any(|(a, b)| *a && *b)
}

/// Whether some match of `hir` can contain `kw` (ignoring ASCII case) through its literal
/// parts.
#[cfg(test)]
fn can_contain(hir: &Hir, kw: &[u8]) -> bool {
    compile(hir).is_some_and(|n| nfa_contains(&n, kw))
}

/// The pattern as a Thompson NFA (bytes, no captures), for [`nfa_contains`].
fn compile(hir: &Hir) -> Option<NFA> {
    let config = thompson::Config::new()
        .utf8(false)
        .which_captures(WhichCaptures::None)
        .nfa_size_limit(Some(16 << 20));
    thompson::Compiler::new()
        .configure(config)
        .build_from_hir(hir)
        .ok()
}

/// The top-level sequence of a pattern: concatenations and capture groups flattened.
fn flatten(hir: &Hir, out: &mut Vec<Hir>) {
    match hir.kind() {
        HirKind::Concat(xs) => xs.iter().for_each(|x| flatten(x, out)),
        HirKind::Capture(c) => flatten(&c.sub, out),
        _ => out.push(hir.clone()),
    }
}

/// A candidate anchor set is usable when every string has 3+ bytes and there are not too many;
/// better ones have longer shortest strings, then fewer strings.
fn score(set: &[Vec<u8>]) -> Option<(usize, usize)> {
    let shortest = set.iter().map(Vec::len).min()?;
    (shortest >= 3 && set.len() <= CAP).then(|| (shortest.min(8), CAP.saturating_sub(set.len())))
}

fn better(best: &mut Option<Vec<Vec<u8>>>, cand: Vec<Vec<u8>>) {
    let Some(s) = score(&cand) else { return };
    if best.as_ref().and_then(|b| score(b)).is_none_or(|b| s > b) {
        *best = Some(cand);
    }
}

fn to_strings(set: Vec<Vec<u8>>) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for s in set {
        let s = String::from_utf8(s).ok()?;
        if !out.contains(&s) {
            out.push(s);
        }
    }
    Some(out)
}

/// Case-sensitive literals of which every match contains one.
fn required_literals(hir: &Hir) -> Option<Vec<String>> {
    to_strings(literal_set(hir)?)
}

fn literal_set(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut elems = Vec::new();
    flatten(hir, &mut elems);
    if let [single] = elems.as_slice() {
        if let HirKind::Alternation(branches) = single.kind() {
            return union(branches, literal_set);
        }
    }
    let mut best = None;
    let mut ex = Extractor::new();
    ex.kind(ExtractKind::Prefix)
        .limit_class(24)
        .limit_repeat(4)
        .limit_literal_len(24)
        .limit_total(CAP);
    for i in 0..elems.len() {
        let tail = Hir::concat(elems.get(i..).unwrap_or_default().to_vec());
        let mut seq = ex.extract(&tail);
        seq.dedup();
        if let Some(lits) = seq.literals() {
            better(
                &mut best,
                lits.iter().map(|l| l.as_bytes().to_vec()).collect(),
            );
        }
        if let Some(e) = elems.get(i) {
            if matches!(e.kind(), HirKind::Alternation(_)) {
                if let Some(set) = literal_set(e) {
                    better(&mut best, set);
                }
            }
        }
    }
    best
}

/// Lowercase words (3+ bytes) of which every match contains one, ignoring case.
fn required_words(hir: &Hir) -> Option<Vec<String>> {
    to_strings(word_set(hir)?)
}

fn word_set(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut elems = Vec::new();
    flatten(hir, &mut elems);
    if let [single] = elems.as_slice() {
        if let HirKind::Alternation(branches) = single.kind() {
            return union(branches, word_set);
        }
    }
    let mut best = None;
    for i in 0..elems.len() {
        let mut acc = vec![Vec::new()];
        for e in elems.iter().skip(i) {
            let Some(next) = finite(e, true).and_then(|l| product(&acc, &l)) else {
                break;
            };
            acc = next;
            better(&mut best, acc.clone());
        }
        if let Some(e) = elems.get(i) {
            if matches!(e.kind(), HirKind::Alternation(_)) {
                if let Some(set) = word_set(e) {
                    better(&mut best, set);
                }
            }
        }
    }
    best
}

/// The union of every branch's set, when every branch has one.
fn union(branches: &[Hir], f: fn(&Hir) -> Option<Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
    let mut acc: Vec<Vec<u8>> = Vec::new();
    for b in branches {
        for s in f(b)? {
            if !acc.contains(&s) {
                acc.push(s);
            }
        }
    }
    score(&acc).map(|_| acc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::translate;

    fn hir(p: &str) -> Hir {
        translate(p).expect("translates").1
    }

    fn kws(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn keywords_the_pattern_contains_are_kept() {
        let h = hir(r"\b((?:A3T[A-Z0-9]|AKIA|ASIA)[A-Z2-7]{16})\b");
        let (a, notes) = choose(&h, &kws(&["a3t", "akia", "asia", "nope"]));
        assert_eq!(a, Ok(Anchor::Keywords(kws(&["a3t", "akia", "asia"]))));
        assert_eq!(notes.len(), 1, "{notes:?}");
        let h = hir(r"(?:ghu|ghs)_[0-9a-zA-Z]{36}");
        assert!(can_contain(&h, b"ghs_"));
        let h = hir(r"(?i)[\w.-]{0,50}?(?:(?-i:[Mm]eraki|MERAKI))(?:[ \t\w.-]{0,20})=");
        assert!(can_contain(&h, b"meraki"));
        assert!(!can_contain(&h, b"facebook"));
        let h = hir(r"(?i)\bhttps?://([a-f0-9]{8})@(?:gems.contribsys.com)");
        assert!(can_contain(&h, b"gems.contribsys.com"));
        let h = hir(r"xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}");
        assert!(can_contain(&h, b"xoxp-"));
        assert!(
            !can_contain(&h, b"xoxp-abc"),
            "letters only from a value class"
        );
        let h = hir(r"\b(v1\.0-[a-f0-9]{24}-[a-f0-9]{146})");
        assert!(!can_contain(&h, b"cloudflare"));
    }

    #[test]
    fn literals_are_derived_when_keywords_are_short() {
        let h = hir(r"SK[0-9a-fA-F]{32}");
        let (a, _) = choose(&h, &kws(&["sk"]));
        match a {
            Ok(Anchor::Literals(l)) => {
                assert_eq!(l.len(), 22);
                assert!(l.contains(&"SK0".to_string()) && l.contains(&"SKF".to_string()));
            }
            other => panic!("{other:?}"),
        }
        let h = hir(
            r"\b(ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9\/\\_-]{17,}\.(?:[a-zA-Z0-9\/\\_-]{10,}={0,2})?)",
        );
        let (a, _) = choose(&h, &kws(&["ey"]));
        assert_eq!(a, Ok(Anchor::Literals(kws(&[".ey"]))));
    }

    #[test]
    fn words_are_derived_from_case_insensitive_patterns() {
        let h = hir(r"(?i)(?:db_passw(?:or)?d|pwd)\s*=\s*([a-z0-9]{8,64})");
        let (a, _) = choose(&h, &[]);
        assert_eq!(a, Ok(Anchor::Keywords(kws(&["db_passw", "pwd"]))));
    }

    #[test]
    fn no_anchor_is_reported() {
        let h = hir(r"(?i)\b(\d{15,16}(\||%)[0-9a-z\-_]{27,40})");
        let (a, _) = choose(&h, &kws(&["facebook"]));
        assert!(a.is_err_and(|r| r.contains("no prefilter anchor")));
    }
}
