//! HTML: the visible text, with a tolerant hand-written tokenizer (HTML is not XML) that reads
//! every byte once. Entities are decoded; `script`, `style` and `template` content is dropped;
//! block elements end paragraphs (located as `Mark::Paragraph`, counting the blocks that hold
//! text); the text of comments, the values of `title`, `alt`, `value` and `placeholder`
//! attributes, `mailto:` links and `textarea` content are kept as text too, since they can hold
//! data (office suites export document comments as HTML comments).

use crate::budget::{Ctx, Res};
use crate::location::{Location, Mark, Segment};

/// Reads an HTML document.
pub(crate) fn html(bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let text = decode(bytes);
    let (seg, r) = to_segment(&text, loc.clone(), ctx);
    ctx.push(seg)?;
    r
}

/// Decodes the bytes of an HTML document: a byte-order mark wins, then UTF-8; otherwise the
/// document is taken as Windows-1252 (which browsers also use for ISO-8859-1).
pub(crate) fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units = rest.chunks_exact(2).map(|c| match c {
            [a, b] if le => u16::from_le_bytes([*a, *b]),
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => 0xFFFD,
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect::<String>()
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let head: Vec<u8> = bytes
                .iter()
                .take(2048)
                .map(u8::to_ascii_lowercase)
                .collect();
            if head.windows(5).any(|w| w == b"utf-8") {
                String::from_utf8_lossy(bytes).into_owned()
            } else {
                bytes.iter().map(|&b| crate::rtf::cp1252(b)).collect()
            }
        }
    }
}

/// Elements whose start or end ends a paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "tr"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "main"
            | "blockquote"
            | "pre"
            | "hr"
            | "form"
            | "fieldset"
            | "legend"
            | "address"
            | "figure"
            | "figcaption"
            | "title"
            | "option"
            | "body"
            | "head"
            | "html"
            | "details"
            | "summary"
            | "textarea"
            | "center"
    )
}

/// Collects paragraphs into a segment.
struct Out {
    seg: Segment,
    current: String,
    paragraph: u32,
    /// Inside `<pre>`: whitespace is kept.
    pre: u32,
}

impl Out {
    fn text(&mut self, raw: &str) {
        let decoded = html_escape::decode_html_entities(raw);
        for c in decoded.chars() {
            let c = if c == '\u{A0}' { ' ' } else { c };
            if self.pre == 0 && c.is_whitespace() {
                if !self.current.is_empty() && !self.current.ends_with([' ', '\n', '\t']) {
                    self.current.push(' ');
                }
            } else {
                self.current.push(c);
            }
        }
    }

    /// Text that stands apart from what surrounds it (an attribute value, a cell).
    fn apart(&mut self, raw: &str) {
        self.sep(' ');
        self.text(raw);
        self.sep(' ');
    }

    fn sep(&mut self, c: char) {
        if !self.current.is_empty() && !self.current.ends_with([' ', '\n', '\t']) {
            self.current.push(c);
        }
    }

    fn paragraph(&mut self) {
        let t = self.current.trim();
        if !t.is_empty() {
            self.paragraph = self.paragraph.saturating_add(1);
            self.seg.push("\n", Mark::Paragraph(self.paragraph), t);
        }
        self.current.clear();
    }
}

/// Finds `needle` (ASCII, lowercase) in `hay` from `from`, ignoring ASCII case.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = from;
    while i + needle.len() <= hay.len() {
        if hay.get(i).map(u8::to_ascii_lowercase) == Some(first)
            && hay
                .get(i..i + needle.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// A start or end tag.
struct Tag<'a> {
    name: String,
    end: bool,
    attrs: Vec<(String, &'a str)>,
}

/// Parses the tag at `i` (just after `<`, or `</`); returns it and the index after its `>`
/// (the end of the input when it is not closed).
fn parse_tag(s: &str, mut i: usize, end: bool) -> (Tag<'_>, usize) {
    let b = s.as_bytes();
    let start = i;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = s.get(start..i).unwrap_or("").to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        match b.get(i) {
            None => break,
            Some(b'>') => {
                i += 1;
                break;
            }
            _ => {}
        }
        let an = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'>' | b'/' | b'=') {
            i += 1;
        }
        // A lone `=` or `/` would not move `i`; the loops above consume them.
        if i == an {
            i += 1;
        }
        let attr = s.get(an..i).unwrap_or("").to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let vs = i + 1;
                    let ve = find(b, vs, &[q]).unwrap_or(b.len());
                    value = s.get(vs..ve).unwrap_or("");
                    i = (ve + 1).min(b.len());
                }
                _ => {
                    let vs = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = s.get(vs..i).unwrap_or("");
                }
            }
        }
        attrs.push((attr, value));
    }
    (Tag { name, end, attrs }, i)
}

/// Converts HTML text into one segment of visible text at `loc`, paragraphs marked; when the
/// time budget runs out, the text read so far and the timeout.
pub(crate) fn to_segment(s: &str, loc: Location, ctx: &Ctx) -> (Segment, Res<()>) {
    let b = s.as_bytes();
    let mut out = Out {
        seg: Segment::new(loc, Vec::new()),
        current: String::new(),
        paragraph: 0,
        pre: 0,
    };
    // Depth of `<template>`: its content is inert and dropped.
    let mut template = 0u32;
    let mut i = 0usize;
    let mut next_check = 1usize << 20;
    while i < b.len() {
        if i >= next_check {
            if let Err(e) = ctx.check_time() {
                out.paragraph();
                return (out.seg, Err(e));
            }
            next_check = i.saturating_add(1 << 20);
        }
        let lt = find(b, i, b"<").unwrap_or(b.len());
        if lt > i {
            if template == 0 {
                out.text(s.get(i..lt).unwrap_or(""));
            }
            i = lt;
            continue;
        }
        // At `<`.
        let next = b.get(i + 1).copied();
        match next {
            Some(b'!') if b.get(i + 2..i + 4) == Some(b"--") => {
                // Comments are not shown, but people leave data in them (and office suites
                // export document comments as HTML comments): their text is kept, apart.
                let end = find(b, i + 4, b"-->").unwrap_or(b.len());
                if template == 0 {
                    out.apart(s.get(i + 4..end).unwrap_or(""));
                }
                i = (end + 3).min(b.len());
            }
            Some(b'!') | Some(b'?') => {
                i = find(b, i + 2, b">").map_or(b.len(), |e| e + 1);
            }
            Some(b'/') if b.get(i + 2).is_some_and(u8::is_ascii_alphabetic) => {
                let (tag, after) = parse_tag(s, i + 2, true);
                i = after;
                handle(&tag, &mut out, &mut template);
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let (tag, after) = parse_tag(s, i + 1, false);
                i = after;
                handle(&tag, &mut out, &mut template);
                // Raw text elements: their content is not markup.
                let raw = match tag.name.as_str() {
                    "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                        Some((false, tag.name.clone()))
                    }
                    "textarea" | "title" => Some((true, tag.name.clone())),
                    _ => None,
                };
                if let Some((keep, name)) = raw {
                    let close = format!("</{name}");
                    let end = find_ci(b, i, close.as_bytes()).unwrap_or(b.len());
                    if keep && template == 0 {
                        out.text(s.get(i..end).unwrap_or(""));
                    }
                    i = end;
                }
            }
            _ => {
                // A `<` that starts no tag is text.
                if template == 0 {
                    out.text("<");
                }
                i += 1;
            }
        }
    }
    out.paragraph();
    (out.seg, Ok(()))
}

fn handle(tag: &Tag<'_>, out: &mut Out, template: &mut u32) {
    if tag.name == "template" {
        if tag.end {
            *template = template.saturating_sub(1);
        } else {
            *template = template.saturating_add(1);
        }
        return;
    }
    if *template > 0 {
        return;
    }
    if tag.name == "pre" {
        out.pre = if tag.end {
            out.pre.saturating_sub(1)
        } else {
            out.pre.saturating_add(1)
        };
    }
    if is_block(&tag.name) {
        out.paragraph();
    } else if matches!(tag.name.as_str(), "td" | "th") {
        out.sep('\t');
    }
    if tag.end {
        return;
    }
    for (name, value) in &tag.attrs {
        let keep = match name.as_str() {
            "title" | "alt" | "value" | "placeholder" | "aria-label" => true,
            "href" => value
                .trim_start()
                .get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("mailto:")),
            _ => false,
        };
        if keep && !value.trim().is_empty() {
            out.apart(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Limits;

    fn text(src: &str) -> (String, Segment) {
        let ctx = Ctx::new(Limits::default());
        let (seg, r) = to_segment(src, Location::file("a.html"), &ctx);
        r.unwrap();
        (String::from_utf8(seg.text.clone()).unwrap(), seg)
    }

    #[test]
    fn visible_text_blocks_and_entities() {
        let src = r#"<!DOCTYPE html><html><head><title>T&amp;C</title>
<style>p { color: red } .x:before { content: "<b>hidden</b>" }</style>
<script>var ssn = "000-00-0000"; if (a < b) {}</script></head>
<body><!-- a comment 999-99-9999 --><p class="western">Caf&eacute; &lt;ok&gt;&nbsp;A&#66;&#x43;</p>
<div>two   words<br>next <b>bold</b>line</div>
<template><p>inert 111-11-1111</p></template>
<table><tr><td>a</td><td>b</td></tr></table>
<pre>  keep   spaces </pre>
<img src="x.png" alt="Photo of 123-45-6789"><a href="mailto:jane@example.com">mail</a>
<a href="https://example.com/" title="Tip">link</a>
<input type="text" value="4111 1111 1111 1111"><textarea>typed <b>text</b></textarea>
</body></html>"#;
        let (t, seg) = text(src);
        assert!(
            t.starts_with("T&C\na comment 999-99-9999\nCafé <ok> ABC\ntwo words\nnext boldline\n"),
            "{t}"
        );
        assert!(t.contains("a\tb"), "{t}");
        assert!(t.contains("keep   spaces"), "{t}");
        assert!(t.contains("Photo of 123-45-6789"), "{t}");
        assert!(t.contains("mailto:jane@example.com"), "{t}");
        assert!(!t.contains("https://example.com"), "{t}");
        assert!(t.contains("Tip"), "{t}");
        assert!(t.contains("4111 1111 1111 1111"), "{t}");
        assert!(t.contains("typed <b>text</b>"), "{t}");
        assert!(t.contains("a comment 999-99-9999"), "{t}");
        for hidden in ["000-00-0000", "111-11-1111", "color", "hidden"] {
            assert!(!t.contains(hidden), "{hidden} in {t}");
        }
        let at = t.find("next").unwrap();
        assert_eq!(seg.location_at(at).paragraph, Some(5));
    }

    #[test]
    fn decodes_legacy_encodings() {
        assert_eq!(decode(b"<p>caf\xe9 \x80</p>"), "<p>caf\u{e9} \u{20ac}</p>");
        assert_eq!(decode(b"\xEF\xBB\xBF<p>x</p>"), "<p>x</p>");
        assert_eq!(decode(b"\xFF\xFE<\0p\0>\0"), "<p>");
    }

    #[test]
    fn hostile_inputs_end_quickly() {
        let started = std::time::Instant::now();
        let lts = "<".repeat(1 << 20);
        let (t, _) = text(&lts);
        assert_eq!(t.len(), 1 << 20);
        for src in [
            "<a".repeat(200_000),
            "<a b=\"".repeat(200_000),
            "<!--".repeat(200_000),
            "<script>".repeat(200_000),
            "<template>".repeat(200_000),
            "&a".repeat(200_000),
            "<a =/=/= x='".repeat(100_000),
            "</".repeat(200_000),
            "<p title=".repeat(200_000),
        ] {
            let _ = text(&src);
        }
        for src in [
            "<", "<a", "</a", "<!-", "<a b", "<a b=", "<a b='x", "<script>", "&",
        ] {
            let _ = text(src);
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }
}
