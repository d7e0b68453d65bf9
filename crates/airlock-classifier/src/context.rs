//! Context words: words near a value that raise confidence or are required for a finding.
//! Matched as whole words, ignoring ASCII case, in a few bytes before and after the value.

use crate::compile::Problems;
use crate::spec::ContextSpec;

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
}

pub(crate) fn compile_context(c: &ContextSpec, id: &str, line: usize, p: &mut Problems) -> Context {
    if c.words.is_empty() {
        p.push((line, format!("detector `{id}`: context.words is empty")));
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
    Context {
        words,
        by_first,
        first,
        before,
        after,
        required: c.required,
        boost: c.boost.unwrap_or(0.1) as f32,
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
