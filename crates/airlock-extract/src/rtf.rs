//! RTF: a small hand-written reader (there is no good crate). It follows groups and control
//! words with an explicit stack (bounded nesting, never a stack overflow), decodes `\'hh`
//! escapes in the document code page (Windows-1252) and `\uN` characters with their `\ucN`
//! fallbacks, skips destinations that hold no document text (font and colour tables,
//! style sheets, document info, pictures, embedded object data, `\*` destinations), and keeps
//! headers, footers, footnotes and comments as their own parts. Paragraphs are located as
//! `Mark::Paragraph`, numbered within their part.

use crate::budget::{Ctx, Res};
use crate::location::{Location, Mark, Segment};
use crate::outcome::Unscannable;

/// Deepest group nesting accepted; deeper is corrupt (Word itself stops far earlier).
const MAX_GROUP_DEPTH: usize = 1000;

/// The parts of an RTF document, in the order their segments are pushed.
const PARTS: [&str; 5] = ["body", "header", "footer", "footnotes", "comments"];
const BODY: u8 = 0;
const HEADER: u8 = 1;
const FOOTER: u8 = 2;
const FOOTNOTES: u8 = 3;
const COMMENTS: u8 = 4;

/// Windows-1252 for a byte (0x80-0x9F are the typographic characters; the five bytes
/// Windows-1252 leaves undefined map to the C1 controls, as browsers do).
pub(crate) fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}',
        '\u{017D}', '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}',
        '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}',
        '\u{9D}', '\u{017E}', '\u{0178}',
    ];
    match b {
        0x80..=0x9F => HIGH
            .get(usize::from(b - 0x80))
            .copied()
            .unwrap_or('\u{FFFD}'),
        _ => char::from(b),
    }
}

/// State of one group.
#[derive(Clone, Copy)]
struct Group {
    /// Text in this group is dropped (a destination without document text).
    skip: bool,
    /// Which part text goes to.
    part: u8,
    /// Characters to skip after `\uN` (`\ucN`).
    uc: u32,
    /// `\*` was seen: the next control word is an optional destination.
    star: bool,
}

/// Text of one part being collected.
#[derive(Default)]
struct PartText {
    seg: Option<Segment>,
    paragraph: u32,
    current: String,
}

struct Reader {
    parts: Vec<PartText>,
    /// Characters still to skip after a `\uN` (its fallback).
    pending_skip: u32,
    /// A high surrogate waiting for its low half.
    high_surrogate: Option<u16>,
}

impl Reader {
    fn emit(&mut self, g: &Group, c: char) {
        if self.pending_skip > 0 {
            self.pending_skip -= 1;
            return;
        }
        if g.skip {
            return;
        }
        if let Some(p) = self.parts.get_mut(usize::from(g.part)) {
            p.current.push(c);
        }
    }

    fn emit_str(&mut self, g: &Group, s: &str) {
        if self.pending_skip > 0 {
            self.pending_skip -= 1;
            return;
        }
        if g.skip {
            return;
        }
        if let Some(p) = self.parts.get_mut(usize::from(g.part)) {
            p.current.push_str(s);
        }
    }

    /// Ends the current paragraph of `part` (empty paragraphs count, as in a word processor).
    fn paragraph(&mut self, part: u8, loc: &Location) {
        let Some(p) = self.parts.get_mut(usize::from(part)) else {
            return;
        };
        p.paragraph = p.paragraph.saturating_add(1);
        let text = p.current.trim_end_matches([' ', '\t', '\n']);
        if !text.trim().is_empty() {
            let name = PARTS.get(usize::from(part)).copied().unwrap_or("body");
            let seg = p
                .seg
                .get_or_insert_with(|| Segment::new(loc.with_part(name), Vec::new()));
            seg.push("\n", Mark::Paragraph(p.paragraph), text);
        }
        p.current.clear();
    }

    fn unicode(&mut self, g: &Group, n: i32) {
        let unit = if n < 0 { n + 65536 } else { n };
        let unit = u16::try_from(unit).unwrap_or(0xFFFD);
        let c = match (self.high_surrogate.take(), unit) {
            (_, 0xD800..=0xDBFF) => {
                self.high_surrogate = Some(unit);
                None
            }
            (Some(hi), 0xDC00..=0xDFFF) => {
                char::decode_utf16([hi, unit]).next().and_then(|r| r.ok())
            }
            (_, 0xDC00..=0xDFFF) => Some('\u{FFFD}'),
            (_, u) => char::from_u32(u32::from(u)),
        };
        // The fallback characters after `\uN` are skipped whether or not N was printable.
        if let Some(c) = c {
            self.emit(g, c);
        }
        self.pending_skip = g.uc;
    }
}

/// Skips the characters of a destination without document text.
fn skipped_destination(word: &str) -> bool {
    matches!(
        word,
        "fonttbl"
            | "colortbl"
            | "stylesheet"
            | "info"
            | "pict"
            | "objdata"
            | "objclass"
            | "objname"
            | "listtable"
            | "listoverridetable"
            | "revtbl"
            | "rsidtbl"
            | "generator"
            | "xmlnstbl"
            | "filetbl"
            | "themedata"
            | "colorschememapping"
            | "datastore"
            | "latentstyles"
            | "pgdsctbl"
            | "fldinst"
            | "nonshppict"
            | "sn"
            | "sv"
            | "bkmkstart"
            | "bkmkend"
            | "template"
            | "mmathPr"
            | "userprops"
            | "private"
            | "pntxta"
            | "pntxtb"
            | "atnid"
            | "atnauthor"
            | "atndate"
            | "atnref"
            | "protusertbl"
            | "defchp"
            | "defpap"
            | "tcn"
            | "blipuid"
            | "wgrffmtfilter"
            | "passwordhash"
    )
}

/// The part a destination word starts, if it starts one.
fn part_destination(word: &str) -> Option<u8> {
    match word {
        "header" | "headerl" | "headerr" | "headerf" => Some(HEADER),
        "footer" | "footerl" | "footerr" | "footerf" => Some(FOOTER),
        "footnote" => Some(FOOTNOTES),
        "annotation" => Some(COMMENTS),
        _ => None,
    }
}

/// A control word's fixed replacement text.
fn symbol_word(word: &str) -> Option<&'static str> {
    Some(match word {
        "tab" | "cell" | "nestcell" => "\t",
        "line" => "\n",
        "emdash" => "\u{2014}",
        "endash" => "\u{2013}",
        "emspace" | "enspace" | "qmspace" => " ",
        "bullet" => "\u{2022}",
        "lquote" => "\u{2018}",
        "rquote" => "\u{2019}",
        "ldblquote" => "\u{201C}",
        "rdblquote" => "\u{201D}",
        _ => return None,
    })
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Reads an RTF document.
pub(crate) fn rtf(bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let (segments, r) = read(bytes, loc, ctx);
    for seg in segments {
        ctx.push(seg)?;
    }
    r
}

/// Parses the document into one segment per part that has text; text read before a problem
/// is kept.
fn read(bytes: &[u8], loc: &Location, ctx: &Ctx) -> (Vec<Segment>, Res<()>) {
    let mut r = Reader {
        parts: PARTS.iter().map(|_| PartText::default()).collect(),
        pending_skip: 0,
        high_surrogate: None,
    };
    let root = Group {
        skip: false,
        part: BODY,
        uc: 1,
        star: false,
    };
    let mut stack: Vec<Group> = Vec::new();
    let mut g = root;
    let mut i = 0usize;
    let mut next_check = 1usize << 20;
    let mut result = Ok(());
    while let Some(&b) = bytes.get(i) {
        if i >= next_check {
            if let Err(e) = ctx.check_time() {
                result = Err(e);
                break;
            }
            next_check = i.saturating_add(1 << 20);
        }
        i += 1;
        match b {
            b'{' => {
                if stack.len() >= MAX_GROUP_DEPTH {
                    result = Err(Unscannable::corrupt(
                        "RTF",
                        format!("groups nested deeper than {MAX_GROUP_DEPTH} levels"),
                    ));
                    break;
                }
                stack.push(g);
                g.star = false;
                r.pending_skip = 0;
            }
            b'}' => {
                r.pending_skip = 0;
                let Some(outer) = stack.pop() else {
                    // The closing brace of the document: what follows is not RTF.
                    break;
                };
                if outer.part != g.part && !g.skip {
                    r.paragraph(g.part, loc);
                }
                g = outer;
            }
            b'\\' => {
                let Some(&c) = bytes.get(i) else { break };
                if c.is_ascii_alphabetic() {
                    let start = i;
                    while i < bytes.len() && i - start < 32 && bytes[i].is_ascii_alphabetic() {
                        i += 1;
                    }
                    let word = std::str::from_utf8(&bytes[start..i]).unwrap_or("");
                    let mut param: Option<i32> = None;
                    let neg = bytes.get(i) == Some(&b'-')
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                    if neg {
                        i += 1;
                    }
                    let digits = i;
                    while i < bytes.len() && i - digits < 10 && bytes[i].is_ascii_digit() {
                        let d = i32::from(bytes[i] - b'0');
                        param = Some(param.unwrap_or(0).saturating_mul(10).saturating_add(d));
                        i += 1;
                    }
                    if neg {
                        param = param.map(|p| -p);
                    }
                    if bytes.get(i) == Some(&b' ') {
                        i += 1;
                    }
                    i = control_word(&mut r, &mut g, word, param, bytes, i, loc);
                } else {
                    i += 1;
                    match c {
                        b'\'' => {
                            let h = bytes.get(i).copied().and_then(hex);
                            let l = bytes.get(i + 1).copied().and_then(hex);
                            if let (Some(h), Some(l)) = (h, l) {
                                i += 2;
                                r.emit(&g, cp1252(h * 16 + l));
                            }
                        }
                        b'*' => g.star = true,
                        b'~' => r.emit(&g, ' '),
                        b'_' => r.emit(&g, '-'),
                        b'-' => {}
                        b'\n' | b'\r' if !g.skip && r.pending_skip == 0 => {
                            r.paragraph(g.part, loc);
                        }
                        b'\\' | b'{' | b'}' => r.emit(&g, char::from(c)),
                        _ => {}
                    }
                }
            }
            b'\r' | b'\n' | 0 => {}
            _ => {
                if b < 0x80 {
                    r.emit(&g, char::from(b));
                } else {
                    r.emit(&g, cp1252(b));
                }
            }
        }
    }
    let mut out = Vec::new();
    for part in 0..PARTS.len() {
        let part = u8::try_from(part).unwrap_or(BODY);
        let pending = r
            .parts
            .get(usize::from(part))
            .is_some_and(|p| !p.current.trim().is_empty());
        if pending {
            r.paragraph(part, loc);
        }
    }
    for p in r.parts {
        if let Some(seg) = p.seg {
            out.push(seg);
        }
    }
    (out, result)
}

/// Applies control word `word` (with its parameter) at byte `i`; returns where reading goes on
/// (after the data of `\binN`).
fn control_word(
    r: &mut Reader,
    g: &mut Group,
    word: &str,
    param: Option<i32>,
    bytes: &[u8],
    i: usize,
    loc: &Location,
) -> usize {
    let star = std::mem::replace(&mut g.star, false);
    if word == "bin" {
        let n = usize::try_from(param.unwrap_or(0)).unwrap_or(0);
        return i.saturating_add(n).min(bytes.len());
    }
    if let Some(part) = part_destination(word) {
        if !g.skip {
            g.part = part;
        }
        return i;
    }
    if star || skipped_destination(word) {
        g.skip = true;
        return i;
    }
    if word != "u" && r.pending_skip > 0 {
        // A control word in the fallback of `\uN` counts as one skipped character.
        r.pending_skip -= 1;
        return i;
    }
    match word {
        "par" | "sect" | "row" | "page" => {
            if !g.skip {
                r.paragraph(g.part, loc);
            }
        }
        "u" => {
            let n = param.unwrap_or(0);
            r.pending_skip = 0;
            r.unicode(g, n);
        }
        "uc" => g.uc = u32::try_from(param.unwrap_or(1)).unwrap_or(1).min(16),
        _ => {
            if let Some(s) = symbol_word(word) {
                r.emit_str(g, s);
            }
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Limits;

    fn run(src: &[u8]) -> Res<Vec<Segment>> {
        let ctx = Ctx::new(Limits::default());
        let (segs, r) = read(src, &Location::file("a.rtf"), &ctx);
        r.map(|()| segs)
    }

    fn body(src: &[u8]) -> String {
        let segs = run(src).unwrap();
        segs.iter()
            .find(|s| s.location.part.as_deref() == Some("body"))
            .map(|s| String::from_utf8(s.text.clone()).unwrap())
            .unwrap_or_default()
    }

    #[test]
    fn reads_text_escapes_and_unicode() {
        let src = br"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}{\colortbl;\red0\green0\blue0;}
{\*\generator Writer;}{\info{\title Secret title}}
\pard Hello \b world\b0 .\par
Caf\'e9 \'93quoted\'94 \u8364\'80 euro\tab x\line y\par
{\uc2 \u-10179\'3f\'3f\u-8704\'3f\'3f}\par
{\pict\pngblip 89504e47}\{brace\}\\\par}";
        let t = body(src);
        assert_eq!(
            t,
            "Hello world.\nCaf\u{e9} \u{201c}quoted\u{201d} \u{20ac} euro\tx\ny\n\u{1f600}\n{brace}\\"
        );
        assert!(!t.contains("Times"));
        assert!(!t.contains("Secret"));
        assert!(!t.contains("89504e47"));
    }

    #[test]
    fn paragraphs_and_parts_are_located() {
        let src = br"{\rtf1\ansi{\header \pard Head 111\par}{\footer \pard Foot 222\par}
\pard First\par\pard\par\pard Third 123-45-6789\par
{\*\annotation note 333}\pard Fourth{\footnote \pard Note 444}\par}";
        let segs = run(src).unwrap();
        let find = |needle: &str| {
            segs.iter()
                .find_map(|s| {
                    let t = String::from_utf8_lossy(&s.text).into_owned();
                    t.find(needle).map(|at| s.location_at(at))
                })
                .unwrap()
        };
        let l = find("123-45-6789");
        assert_eq!(l.part.as_deref(), Some("body"));
        assert_eq!(l.paragraph, Some(3));
        assert_eq!(find("Head 111").part.as_deref(), Some("header"));
        assert_eq!(find("Foot 222").part.as_deref(), Some("footer"));
        assert_eq!(find("note 333").part.as_deref(), Some("comments"));
        assert_eq!(find("Note 444").part.as_deref(), Some("footnotes"));
        assert_eq!(find("Fourth").paragraph, Some(4));
    }

    #[test]
    fn binary_data_and_unknown_starred_destinations_are_skipped() {
        let src = b"{\\rtf1 a{\\*\\unknown zzz}b\\bin3 {}xc}";
        assert_eq!(body(src), "abc");
        let src = br"{\rtf1 {\field{\*\fldinst HYPERLINK x}{\fldrslt visible}}}";
        assert_eq!(body(src), "visible");
    }

    #[test]
    fn hostile_inputs_end_quickly() {
        let mut deep = b"{\\rtf1 kept ".to_vec();
        deep.extend(std::iter::repeat_n(b'{', 100_000));
        let ctx = Ctx::new(Limits::default());
        let (segs, r) = read(&deep, &Location::file("a.rtf"), &ctx);
        assert_eq!(r.unwrap_err().kind(), "corrupt");
        assert_eq!(segs.len(), 1, "text before the problem is kept");
        // Unbalanced, truncated, odd escapes: a result, never a panic.
        for src in [
            &b"{\\rtf1 \\"[..],
            b"{\\rtf1 \\'",
            b"{\\rtf1 \\'4",
            b"{\\rtf1 \\u",
            b"{\\rtf1 \\u-",
            b"{\\rtf1 \\bin999999999 x",
            b"{\\rtf1 \\uc99999999999\\u65 abc",
            b"}}}}{\\rtf1 x",
            b"{\\rtf1 \\aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa99999999999999 x}",
        ] {
            let _ = run(src);
        }
        let many: Vec<u8> = b"{\\rtf1 "
            .iter()
            .copied()
            .chain(std::iter::repeat_n(b"{}\\par\\u-1 ".iter().copied(), 100_000).flatten())
            .collect();
        assert!(run(&many).is_ok());
    }

    #[test]
    fn cp1252_maps_the_typographic_range() {
        assert_eq!(cp1252(0x80), '\u{20AC}');
        assert_eq!(cp1252(0x9F), '\u{0178}');
        assert_eq!(cp1252(0xE9), '\u{E9}');
        assert_eq!(cp1252(b'a'), 'a');
    }
}
