//! A minimal, fast XML tokenizer for the large parts of Office files (worksheets, shared
//! strings, Word bodies: often tens of megabytes of regular markup), several times faster
//! than a full parser. It splits the text into tags and character data, skips comments,
//! processing instructions and declarations, and never expands entities other than the
//! predefined and character ones. Tags must nest and close (a truncated or mismatched part is
//! `corrupt`); finer well-formedness rules are not checked.

use crate::budget::{Ctx, Res};
use crate::outcome::Unscannable;
use std::borrow::Cow;

/// A token of the input.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    /// `<name attrs>` or `<name attrs/>` (`empty`).
    Start {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    /// `</name>`.
    End { name: &'a str },
    /// Character data, still escaped.
    Text(&'a str),
    /// A CDATA section's content (not escaped).
    CData(&'a str),
}

/// Splits a decoded XML part into tokens.
pub(crate) struct Scanner<'a> {
    src: &'a str,
    pos: usize,
    what: &'static str,
    tokens: u32,
    /// Names of the open elements.
    open: Vec<&'a str>,
    /// A fragment of a part (see [`Scanner::fragment`]): it may close elements it did not
    /// open (kept in `closed`) and end inside elements.
    partial: bool,
    /// In a fragment, the elements closed that it did not open, innermost first.
    closed: Vec<&'a str>,
}

impl<'a> Scanner<'a> {
    pub fn new(src: &'a str, what: &'static str) -> Scanner<'a> {
        Scanner {
            src,
            pos: 0,
            what,
            tokens: 0,
            open: Vec::new(),
            partial: false,
            closed: Vec::new(),
        }
    }

    /// A scanner over a fragment of a part cut at tag boundaries: closing tags of elements
    /// opened before it and elements still open at its end are allowed, and reported by
    /// [`Scanner::open_elements`] and [`Scanner::closed_outer`] so that the caller can check
    /// that adjacent fragments fit together.
    pub fn fragment(src: &'a str, what: &'static str) -> Scanner<'a> {
        Scanner {
            partial: true,
            ..Scanner::new(src, what)
        }
    }

    /// The elements open at the current position, outermost first.
    pub fn open_elements(&self) -> &[&'a str] {
        &self.open
    }

    /// In a fragment, the elements closed that it did not open, innermost first.
    pub fn closed_outer(&self) -> &[&'a str] {
        &self.closed
    }

    fn unclosed(&self) -> Unscannable {
        Unscannable::corrupt(
            self.what,
            format!("malformed XML near byte {} of a part", self.pos),
        )
    }

    /// The next token, None at the end; checks the time budget regularly.
    pub fn next(&mut self, ctx: &Ctx) -> Res<Option<Tok<'a>>> {
        self.tokens = self.tokens.wrapping_add(1);
        if self.tokens % 8192 == 0 {
            ctx.check_time()?;
        }
        let src = self.src;
        let bytes = src.as_bytes();
        loop {
            let pos = self.pos;
            let Some(&first) = bytes.get(pos) else {
                if !self.open.is_empty() && !self.partial {
                    return Err(Unscannable::corrupt(
                        self.what,
                        "an XML part ends inside an element",
                    ));
                }
                return Ok(None);
            };
            if first != b'<' {
                let rest = src.get(pos..).unwrap_or_default();
                let end = find_byte(rest.as_bytes(), b'<').unwrap_or(rest.len());
                self.pos += end;
                return Ok(rest.get(..end).map(Tok::Text));
            }
            match bytes.get(pos + 1) {
                Some(b'/') => {
                    let body = src.get(pos + 2..).unwrap_or_default();
                    let end = find_byte(body.as_bytes(), b'>').ok_or_else(|| self.unclosed())?;
                    self.pos = pos + 2 + end + 1;
                    let mut name = body.get(..end).unwrap_or_default();
                    if name.ends_with(|c: char| c.is_ascii_whitespace()) {
                        name = name.trim_end();
                    }
                    let matched = match self.open.pop() {
                        Some(open) => same(open, name),
                        None if self.partial => {
                            self.closed.push(name);
                            true
                        }
                        None => false,
                    };
                    if !matched {
                        return Err(Unscannable::corrupt(
                            self.what,
                            format!("mismatched XML tags near byte {pos} of a part"),
                        ));
                    }
                    return Ok(Some(Tok::End { name }));
                }
                Some(b'!' | b'?') => {
                    if let Some(t) = self.special()? {
                        return Ok(Some(t));
                    }
                }
                _ => {
                    let end = self.tag_end(pos + 1)?;
                    self.pos = end + 1;
                    let mut body = src.get(pos + 1..end).unwrap_or_default();
                    let empty = body.ends_with('/');
                    if empty {
                        body = body.get(..body.len() - 1).unwrap_or_default();
                    }
                    let split = body
                        .bytes()
                        .position(|c| c.is_ascii_whitespace())
                        .unwrap_or(body.len());
                    let (name, attrs) = body.split_at_checked(split).unwrap_or((body, ""));
                    if !empty {
                        self.open.push(name);
                    }
                    return Ok(Some(Tok::Start { name, attrs, empty }));
                }
            }
        }
    }

    /// Comments, processing instructions and declarations (skipped: None) and CDATA
    /// sections, at the current position.
    fn special(&mut self) -> Res<Option<Tok<'a>>> {
        let rest = self.src.get(self.pos..).unwrap_or_default();
        if let Some(body) = rest.strip_prefix("<!--") {
            let end = body.find("-->").ok_or_else(|| self.unclosed())?;
            self.pos += 4 + end + 3;
            return Ok(None);
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").ok_or_else(|| self.unclosed())?;
            self.pos += 9 + end + 3;
            return Ok(body.get(..end).map(Tok::CData));
        }
        if let Some(body) = rest.strip_prefix("<?") {
            let end = body.find("?>").ok_or_else(|| self.unclosed())?;
            self.pos += 2 + end + 2;
            return Ok(None);
        }
        // A declaration (DOCTYPE); its entities are never expanded.
        let end = declaration_end(rest).ok_or_else(|| self.unclosed())?;
        self.pos += end + 1;
        Ok(None)
    }

    /// The offset of the `>` closing the tag whose name starts at `from` (quoted attribute
    /// values may hold `>`).
    fn tag_end(&self, from: usize) -> Res<usize> {
        let bytes = self.src.as_bytes();
        let mut i = from;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'>' => return Ok(i),
                b'"' | b'\'' => {
                    let rest = self.src.get(i + 1..).unwrap_or_default();
                    let close = find_byte(rest.as_bytes(), b).ok_or_else(|| self.unclosed())?;
                    i += close + 2;
                }
                _ => i += 1,
            }
        }
        Err(self.unclosed())
    }

    /// A fast path for the most common shape of small elements (a worksheet cell, a shared
    /// string): when the element `outer` whose start tag was just read continues with exactly
    /// `<inner>text</inner></outer>`, consumes that and returns the (escaped) text.
    pub fn simple(&mut self, inner: &str, outer: &str) -> Option<&'a str> {
        if !self.open.last().is_some_and(|open| same(open, outer)) {
            return None;
        }
        let bytes = self.src.as_bytes();
        let (inner, outer) = (inner.as_bytes(), outer.as_bytes());
        let mut i = expect(bytes, self.pos, b"<")?;
        i = expect(bytes, i, inner)?;
        let start = expect(bytes, i, b">")?;
        let end = start + find_byte(bytes.get(start..)?, b'<')?;
        i = expect(bytes, end, b"</")?;
        i = expect(bytes, i, inner)?;
        i = expect(bytes, i, b"></")?;
        i = expect(bytes, i, outer)?;
        i = expect(bytes, i, b">")?;
        let text = self.src.get(start..end)?;
        self.open.pop();
        self.pos = i;
        Some(text)
    }

    /// The input not read yet.
    pub fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or_default()
    }

    /// Consumes the next `len` bytes, which the caller has read as whole elements (opened and
    /// closed: the open elements do not change), counting them as a token for the time budget.
    pub fn advance(&mut self, len: usize, ctx: &Ctx) -> Res<()> {
        self.pos += len;
        self.tokens = self.tokens.wrapping_add(1);
        if self.tokens % 8192 == 0 {
            ctx.check_time()?;
        }
        Ok(())
    }

    /// When the input continues with exactly `open`, text without markup or references,
    /// then `close` (a shared string `<si><t>text</t></si>`: whole elements), consumes that
    /// and returns the text.
    pub fn quick(&mut self, open: &[u8], close: &[u8], ctx: &Ctx) -> Res<Option<&'a str>> {
        let bytes = self.src.as_bytes();
        let Some(start) = expect(bytes, self.pos, open) else {
            return Ok(None);
        };
        let text = bytes
            .get(start..)
            .and_then(|rest| rest.iter().position(|&c| c == b'<' || c == b'&'))
            .map(|len| start + len)
            .and_then(|end| Some((end, expect(bytes, end, close)?)));
        let Some((end, next)) = text else {
            return Ok(None);
        };
        let text = self.src.get(start..end);
        if text.is_some() {
            self.advance(next - self.pos, ctx)?;
        }
        Ok(text)
    }

    /// Skips the rest of an element whose (non-empty) start was just read.
    pub fn skip(&mut self, ctx: &Ctx) -> Res<()> {
        let mut depth = 1u32;
        while let Some(t) = self.next(ctx)? {
            match t {
                Tok::Start { empty: false, .. } => depth += 1,
                Tok::End { .. } => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// The offset of the `>` closing a declaration, past an internal subset in brackets.
fn declaration_end(s: &str) -> Option<usize> {
    let mut depth = 0u32;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// The offset of the first `b` (an ASCII byte) in `bytes`: a plain look at the first bytes
/// (the usual distance in markup is short), then the library's memchr.
#[inline]
fn find_byte(bytes: &[u8], b: u8) -> Option<usize> {
    let head = bytes.get(..16).unwrap_or(bytes);
    match head.iter().position(|&c| c == b) {
        Some(i) => Some(i),
        None => {
            let rest = bytes.get(head.len()..)?;
            memchr::memchr(b, rest).map(|i| i + head.len())
        }
    }
}

/// Whether `bytes` holds `b`: a branch-free look at short strings (cell values, shared
/// strings), the library's memchr for longer ones.
#[inline]
fn has_byte(bytes: &[u8], b: u8) -> bool {
    if bytes.len() <= 64 {
        bytes.iter().fold(false, |found, &c| found | (c == b))
    } else {
        memchr::memchr(b, bytes).is_some()
    }
}

/// The position after `lit` when `bytes` holds it at `at`.
#[inline]
fn expect(bytes: &[u8], at: usize, lit: &[u8]) -> Option<usize> {
    let end = at.checked_add(lit.len())?;
    let here = bytes.get(at..end)?;
    here.iter().zip(lit).all(|(x, y)| x == y).then_some(end)
}

/// Whether two (short) strings are equal, without a library call.
#[inline]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// The local part of a name (`c` for `x:c`).
#[inline]
pub(crate) fn local(name: &str) -> &str {
    match name.bytes().rposition(|b| b == b':') {
        Some(i) => name.get(i + 1..).unwrap_or_default(),
        None => name,
    }
}

/// The attributes of a tag as (name, raw value) pairs.
pub(crate) fn attrs(s: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let eq = find_byte(rest.as_bytes(), b'=')?;
        let key = rest.get(..eq)?.trim_ascii();
        let after = rest.get(eq + 1..)?.trim_ascii_start();
        let q = *after.as_bytes().first()?;
        if q != b'"' && q != b'\'' {
            return None;
        }
        let body = after.get(1..)?;
        let close = find_byte(body.as_bytes(), q)?;
        rest = body.get(close + 1..)?;
        Some((key, body.get(..close)?))
    })
}

/// The value of the attribute with local name `name` (not a namespace declaration).
pub(crate) fn attr<'a>(s: &'a str, name: &str) -> Option<Cow<'a, str>> {
    attrs(s)
        .find(|(k, _)| local(k) == name && !k.starts_with("xmlns"))
        .map(|(_, v)| unescape(v))
}

/// Character data with the predefined and character references resolved (others are kept
/// as written).
pub(crate) fn unescape(raw: &str) -> Cow<'_, str> {
    if !has_byte(raw.as_bytes(), b'&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let tail = rest.get(amp..).unwrap_or_default();
        let semi = tail.get(..tail.len().min(12)).and_then(|t| t.find(';'));
        let resolved = semi.and_then(|semi| {
            let name = tail.get(1..semi)?;
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let v = match n.strip_prefix('x').or_else(|| n.strip_prefix('X')) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => n.parse::<u32>().ok()?,
                    };
                    char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER)
                }
            };
            Some((c, semi + 1))
        });
        match resolved {
            Some((c, len)) => {
                out.push(c);
                rest = tail.get(len..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Limits;

    fn tokens(s: &str) -> Res<Vec<Tok<'_>>> {
        let ctx = Ctx::new(Limits::default());
        let mut sc = Scanner::new(s, "test");
        let mut out = Vec::new();
        while let Some(t) = sc.next(&ctx)? {
            out.push(t);
        }
        Ok(out)
    }

    #[test]
    fn tokenizes() {
        let t = tokens(
            "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><!-- c > --><x:c r=\"A1\" t='s>'><v>1 &amp; 2</v><x:e/><![CDATA[<raw>]]></x:c >",
        )
        .unwrap();
        assert_eq!(
            t,
            [
                Tok::Start {
                    name: "x:c",
                    attrs: " r=\"A1\" t='s>'",
                    empty: false
                },
                Tok::Start {
                    name: "v",
                    attrs: "",
                    empty: false
                },
                Tok::Text("1 &amp; 2"),
                Tok::End { name: "v" },
                Tok::Start {
                    name: "x:e",
                    attrs: "",
                    empty: true
                },
                Tok::CData("<raw>"),
                Tok::End { name: "x:c" },
            ]
        );
        assert_eq!(attr(" r=\"A1\" t='s>'", "t").as_deref(), Some("s>"));
        assert_eq!(attr(" x:r = \"A1\"", "r").as_deref(), Some("A1"));
        assert_eq!(attr(" xmlns:r=\"u\" r=\"B2\"", "r").as_deref(), Some("B2"));
        assert_eq!(attr(" r=A1", "r"), None);
        assert_eq!(
            unescape("a&lt;b&#x41;&#66;&bogus;&"),
            "a<bAB&bogus;&".to_string()
        );
        for bad in [
            "<a",
            "<a b='>",
            "<!-- x",
            "<![CDATA[x",
            "</a",
            "<?x",
            "<a>",
            "<a></b>",
            "</a>",
            "<a><b></a></b>",
        ] {
            assert_eq!(tokens(bad).unwrap_err().kind(), "corrupt", "{bad}");
        }
        assert!(tokens("").unwrap().is_empty());
        let ctx = Ctx::new(Limits::default());
        let src = "<r><c r='A1'><v>1&amp;2</v></c><c><v>3</v><f/></c><x:c><v>4</v></x:c></r>";
        let mut sc = Scanner::new(src, "test");
        let mut values = Vec::new();
        while let Some(t) = sc.next(&ctx).unwrap() {
            match t {
                Tok::Start { name, .. } if local(name) == "c" => {
                    values.push(sc.simple("v", name).map(|v| v.to_string()));
                }
                Tok::Text(t) => values.push(Some(format!("slow {t}"))),
                _ => {}
            }
        }
        assert_eq!(
            values,
            [
                Some("1&amp;2".into()),
                None,
                Some("slow 3".into()),
                Some("4".into())
            ]
        );
        assert_eq!(tokens("<é/>ü").unwrap().len(), 2);
    }
}
