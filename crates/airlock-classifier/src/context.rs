//! Context words: words near a value that raise confidence or are required for a finding, and
//! exclude words that say the value is something else (a tracking or order number), which drop
//! it unless a positive word is near too. Matched as whole words, ignoring ASCII case, in a few
//! bytes before and after the value.
//!
//! Some evidence is not a word: an AWS secret access key is recognisable by the `AKIA...` key id
//! printed next to it. A `near_pattern` regex counts like a positive word when one of its
//! matches lies wholly inside the window before or wholly inside the window after the value
//! (look-arounds such as `\b` see the bytes outside the window). A detector with a
//! `near_pattern` usually anchors on the pattern's literals too (`AKIA`), which are then not
//! part of the value: its candidate windows are widened by the context distance (see
//! `compile.rs`), so the value is found on either side of the anchor.

use crate::compile::{build_regex_from, parse_hir, Problems};
use crate::spec::ContextSpec;
use regex_automata::{meta::Regex, Input};

/// Words near a value that raise or are required for confidence.
#[derive(Debug, Clone)]
pub struct Context {
    /// Lowercased words.
    pub words: Vec<Vec<u8>>,
    /// The words ordered by their first byte, for `has_word`.
    pub by_first: Vec<Vec<u8>>,
    /// For each byte (either case), the range of `by_first` whose words start with it: a
    /// one-pass filter for `has_word`, which then compares only those words.
    pub first: [(u16, u16); 256],
    /// Bytes looked at before the value.
    pub before: usize,
    /// Bytes looked at after the value.
    pub after: usize,
    /// Whether a word is required.
    pub required: bool,
    /// Confidence added when a word is present.
    pub boost: f32,
    /// Lowercased exclude words, ordered by first byte (see [`index_by_first`]); empty when
    /// the detector has none.
    pub exclude: Vec<Vec<u8>>,
    /// For each byte, the range of `exclude` whose words start with it.
    pub exclude_first: [(u16, u16); 256],
    /// The compiled `near_pattern`: a match inside the window counts like a positive word.
    pub near: Option<Regex>,
}

impl Context {
    /// What the words around `span` of `buf` say: `Some(boost)` to add to the confidence (0
    /// when no positive word is near), `None` to drop the value (a required word is missing,
    /// or an exclude word is near and no positive word is).
    pub(crate) fn judge(&self, buf: &[u8], span: &std::ops::Range<usize>) -> Option<f32> {
        let lo = span.start.saturating_sub(self.before);
        let hi = (span.end.saturating_add(self.after)).min(buf.len());
        let before = buf.get(lo..span.start).unwrap_or(&[]);
        let after = buf.get(span.end..hi).unwrap_or(&[]);
        let near = |words: &[Vec<u8>], first: &[(u16, u16); 256]| {
            has_word(before, words, first) || has_word(after, words, first)
        };
        let near_match = |re: &Regex| {
            re.is_match(Input::new(buf).span(lo..span.start))
                || re.is_match(Input::new(buf).span(span.end..hi))
        };
        if near(&self.by_first, &self.first) || self.near.as_ref().is_some_and(near_match) {
            Some(self.boost)
        } else if self.required || near(&self.exclude, &self.exclude_first) {
            None
        } else {
            Some(0.0)
        }
    }
}

pub(crate) fn compile_context(c: &ContextSpec, id: &str, line: usize, p: &mut Problems) -> Context {
    if c.words.is_empty() && c.near_pattern.is_none() && (c.required || c.exclude.is_empty()) {
        p.push((line, format!("detector `{id}`: context.words is empty")));
    }
    let near = c.near_pattern.as_deref().and_then(|pat| {
        match parse_hir(pat).and_then(|h| build_regex_from(&h, false)) {
            Ok(re) => Some(re),
            Err(m) => {
                p.push((
                    line,
                    format!("detector `{id}`: invalid context.near_pattern: {m}"),
                ));
                None
            }
        }
    });
    if c.exclude.iter().any(|w| w.trim().is_empty()) {
        p.push((
            line,
            format!("detector `{id}`: context.exclude has an empty word"),
        ));
    }
    let clamp = |v: Option<i64>, default: usize, what: &str, p: &mut Problems| match v {
        None => default,
        Some(n) if (0..=1024).contains(&n) => n as usize,
        Some(n) => {
            p.push((
                line,
                format!("detector `{id}`: context.{what} = {n} must be within 0..1024"),
            ));
            default
        }
    };
    let before = clamp(c.before, 64, "before", p);
    let after = clamp(c.after, 32, "after", p);
    let words: Vec<Vec<u8>> = c
        .words
        .iter()
        .map(|w| w.to_ascii_lowercase().into_bytes())
        .collect();
    let (by_first, first) = index_by_first(&words);
    let exclude: Vec<Vec<u8>> = c
        .exclude
        .iter()
        .map(|w| w.to_ascii_lowercase().into_bytes())
        .collect();
    let (exclude, exclude_first) = index_by_first(&exclude);
    Context {
        words,
        by_first,
        first,
        before,
        after,
        required: c.required,
        boost: c.boost.unwrap_or(0.1) as f32,
        exclude,
        exclude_first,
        near,
    }
}

/// Orders lowercase words by first byte and gives, for each byte (either case), the range of
/// words starting with it (empty words are left out).
pub(crate) fn index_by_first(words: &[Vec<u8>]) -> (Vec<Vec<u8>>, [(u16, u16); 256]) {
    let mut ordered: Vec<Vec<u8>> = words.iter().filter(|w| !w.is_empty()).cloned().collect();
    ordered.sort();
    let mut first = [(0u16, 0u16); 256];
    let mut i = 0;
    while let Some(&b) = ordered.get(i).and_then(|w| w.first()) {
        let end = i + ordered[i..]
            .iter()
            .take_while(|w| w.first() == Some(&b))
            .count();
        let range = (i as u16, end as u16);
        first[usize::from(b.to_ascii_lowercase())] = range;
        first[usize::from(b.to_ascii_uppercase())] = range;
        i = end;
    }
    (ordered, first)
}

/// Whether `hay` contains one of the lowercase words as a whole word, ignoring ASCII case.
/// `by_first` and `first` come from [`index_by_first`]: the window is walked once, and at each
/// byte only the words starting with it are compared.
pub(crate) fn has_word(hay: &[u8], by_first: &[Vec<u8>], first: &[(u16, u16); 256]) -> bool {
    hay.iter().enumerate().any(|(i, &b)| {
        let (lo, hi) = first[usize::from(b)];
        lo < hi
            && by_first
                .get(usize::from(lo)..usize::from(hi))
                .unwrap_or(&[])
                .iter()
                .any(|w| {
                    let end = i + w.len();
                    hay.get(i..end).is_some_and(|h| h.eq_ignore_ascii_case(w))
                        && whole_word(hay, i, end)
                })
    })
}

/// Whether `hay[start..end]` is not glued to letters or digits on either side (an edge that is
/// itself not alphanumeric, like the `#` of `DL#`, needs no boundary).
pub(crate) fn whole_word(hay: &[u8], start: usize, end: usize) -> bool {
    let alnum = |i: usize| hay.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
    (start == 0 || !alnum(start) || !alnum(start - 1)) && (!alnum(end - 1) || !alnum(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words() {
        assert!(whole_word(b"my SIN: 1", 3, 6));
        assert!(!whole_word(b"using", 1, 4));
        assert!(whole_word(b"sin", 0, 3));
        assert!(!whole_word(b"xDL#1", 1, 4));
        assert!(whole_word(b" DL#1", 1, 4));
    }

    fn context(words: &[&str], exclude: &[&str], required: bool) -> Context {
        let spec = ContextSpec {
            words: words.iter().map(|w| w.to_string()).collect(),
            exclude: exclude.iter().map(|w| w.to_string()).collect(),
            near_pattern: None,
            before: Some(32),
            after: Some(16),
            required,
            boost: Some(0.05),
        };
        let mut p = Problems::new();
        let c = compile_context(&spec, "t", 1, &mut p);
        assert!(p.is_empty(), "{p:?}");
        c
    }

    /// The judgement for the value `4111` inside `text`.
    fn judge(c: &Context, text: &str) -> Option<f32> {
        let start = text.find("4111").unwrap_or(0);
        c.judge(text.as_bytes(), &(start..start + 4))
    }

    #[test]
    fn exclude_words_drop_unless_a_positive_word_is_near() {
        let c = context(&["card", "visa"], &["tracking", "order no", "s/n"], false);
        assert_eq!(judge(&c, "Tracking number: 4111"), None);
        assert_eq!(judge(&c, "4111 (order no)"), None);
        assert_eq!(judge(&c, "S/N 4111"), None);
        assert_eq!(judge(&c, "card number 4111"), Some(0.05));
        assert_eq!(judge(&c, "tracking: 4111 paid by visa"), Some(0.05));
        assert_eq!(judge(&c, "ref 4111"), Some(0.0));
        // Whole words only, and only inside the window.
        assert_eq!(judge(&c, "backtracking 4111"), Some(0.0));
        let far = format!("tracking{}4111", " ".repeat(40));
        assert_eq!(judge(&c, &far), Some(0.0));
    }

    #[test]
    fn required_words_still_rule() {
        let c = context(&["card"], &["tracking"], true);
        assert_eq!(judge(&c, "ref 4111"), None);
        assert_eq!(judge(&c, "tracking 4111"), None);
        assert_eq!(judge(&c, "card 4111 tracking"), Some(0.05));
    }

    #[test]
    fn exclude_alone_is_a_valid_context() {
        let c = context(&[], &["sku"], false);
        assert_eq!(judge(&c, "SKU 4111"), None);
        assert_eq!(judge(&c, "at 4111"), Some(0.0));
        let mut p = Problems::new();
        let bad = ContextSpec {
            words: Vec::new(),
            exclude: vec![" ".into()],
            near_pattern: None,
            before: None,
            after: None,
            required: true,
            boost: None,
        };
        compile_context(&bad, "t", 1, &mut p);
        assert_eq!(p.len(), 2, "{p:?}");
    }

    #[test]
    fn near_patterns_count_like_words_inside_the_window() {
        let spec = ContextSpec {
            words: vec!["secret".into()],
            exclude: Vec::new(),
            near_pattern: Some(r"\b(?:AKIA|ASIA)[A-Z2-7]{16}\b".into()),
            before: Some(40),
            after: Some(40),
            required: true,
            boost: Some(0.05),
        };
        let mut p = Problems::new();
        let c = compile_context(&spec, "t", 1, &mut p);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(judge(&c, "AKIA3XQWMSFU2IONJWU4 4111"), Some(0.05));
        assert_eq!(judge(&c, "4111,ASIAMOR6TB75FM45ZPXV\n"), Some(0.05));
        assert_eq!(judge(&c, "secret: 4111"), Some(0.05));
        assert_eq!(judge(&c, "id 4111"), None);
        // Too short, glued to a longer identifier, or outside the window: no evidence.
        assert_eq!(judge(&c, "AKIA3XQWMSFU2IONJWU 4111"), None);
        assert_eq!(judge(&c, "xAKIA3XQWMSFU2IONJWU4 4111"), None);
        let far = format!("AKIA3XQWMSFU2IONJWU4{}4111", " ".repeat(30));
        assert_eq!(judge(&c, &far), None);
        // A match cut by the window edge does not count (look-arounds see past it).
        let cut = format!("AKIA3XQWMSFU2IONJWU4{}4111", " ".repeat(21));
        assert_eq!(judge(&c, &cut), None);
        // Without words, a near pattern alone is a valid context; a bad one is reported.
        let alone = ContextSpec {
            words: Vec::new(),
            near_pattern: Some("(".into()),
            ..spec
        };
        let mut p = Problems::new();
        compile_context(&alone, "t", 1, &mut p);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].1.contains("near_pattern"), "{p:?}");
    }

    #[test]
    fn words_need_boundaries() {
        let (w, first) = index_by_first(&[
            b"dob".to_vec(),
            b"date of birth".to_vec(),
            b"#id".to_vec(),
            Vec::new(),
        ]);
        assert_eq!(w.len(), 3);
        assert_eq!(
            (first[usize::from(b'D')], first[usize::from(b'd')]),
            ((1, 3), (1, 3))
        );
        assert!(has_word(b"Patient DOB: ", &w, &first));
        assert!(has_word(b"date of birth", &w, &first));
        assert!(!has_word(b"adobe", &w, &first));
        assert!(!has_word(b"dobby", &w, &first));
        assert!(has_word(b"x#id", &w, &first));
        assert!(!has_word(b"", &w, &first));
    }
}
