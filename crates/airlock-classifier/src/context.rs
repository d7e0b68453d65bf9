//! Context words: words near a value that raise confidence or are required for a finding.
//! Matched as whole words, ignoring ASCII case, in a few bytes before and after the value.

use crate::compile::Problems;
use crate::spec::ContextSpec;

/// Words near a value that raise or are required for confidence.
#[derive(Debug, Clone)]
pub struct Context {
    /// Lowercased words.
    pub words: Vec<Vec<u8>>,
    /// Whether some word starts with this byte (either case): a one-pass filter for `has_word`.
    pub first: [bool; 256],
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
    let mut first = [false; 256];
    for w in &words {
        if let Some(&b) = w.first() {
            first[usize::from(b.to_ascii_lowercase())] = true;
            first[usize::from(b.to_ascii_uppercase())] = true;
        }
    }
    Context {
        words,
        first,
        before,
        after,
        required: c.required,
        boost: c.boost.unwrap_or(0.1) as f32,
    }
}

/// Whether `hay` contains one of the lowercase `words` as a whole word, ignoring ASCII case.
/// `first` marks the bytes words start with, so the window is walked once.
pub(crate) fn has_word(hay: &[u8], words: &[Vec<u8>], first: &[bool; 256]) -> bool {
    hay.iter().enumerate().any(|(i, &b)| {
        first[usize::from(b)]
            && words.iter().any(|w| {
                let end = i + w.len();
                !w.is_empty()
                    && end <= hay.len()
                    && hay[i..end].eq_ignore_ascii_case(w)
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
        let w = vec![b"dob".to_vec(), b"date of birth".to_vec(), b"#id".to_vec()];
        let mut first = [false; 256];
        for b in [b'd', b'D', b'#'] {
            first[usize::from(b)] = true;
        }
        assert!(has_word(b"Patient DOB: ", &w, &first));
        assert!(has_word(b"date of birth", &w, &first));
        assert!(!has_word(b"adobe", &w, &first));
        assert!(!has_word(b"dobby", &w, &first));
        assert!(has_word(b"x#id", &w, &first));
        assert!(!has_word(b"", &w, &first));
    }
}
