//! XML plumbing shared by the Office Open XML and OpenDocument readers: decoding a part to
//! text, a pull reader that turns malformed XML into `corrupt` and watches the time budget,
//! and a text sink that builds one segment with paragraph or cell marks within the size
//! limit. Element names are matched by local name, so unusual namespace prefixes still work.

use crate::budget::{Ctx, Res};
use crate::location::{Location, Mark, Segment};
use crate::outcome::Unscannable;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::borrow::Cow;

/// Decodes an XML part: UTF-8 (with or without a byte-order mark), or UTF-16 with one.
pub(crate) fn decode<'a>(bytes: &'a [u8], what: &str) -> Res<Cow<'a, str>> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, what);
    }
    let utf16 = |rest: &[u8], le: bool| -> Cow<'a, str> {
        let units = rest.chunks_exact(2).map(|c| match c {
            [a, b] if le => u16::from_le_bytes([*a, *b]),
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => 0xFFFD,
        });
        Cow::Owned(
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect(),
        )
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, true));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, false));
    }
    utf8(bytes, what)
}

fn utf8<'a>(bytes: &'a [u8], what: &str) -> Res<Cow<'a, str>> {
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|_| Unscannable::corrupt(what, "an XML part is not valid UTF-8"))
}

/// A pull reader over one decoded XML part. Empty elements come as a start and an end.
pub(crate) struct Xml<'a> {
    reader: Reader<&'a [u8]>,
    what: &'static str,
    events: u32,
}

impl<'a> Xml<'a> {
    /// A reader over `text`; `what` names the file kind in errors.
    pub fn new(text: &'a str, what: &'static str) -> Xml<'a> {
        let mut reader = Reader::from_str(text);
        reader.config_mut().expand_empty_elements = true;
        Xml {
            reader,
            what,
            events: 0,
        }
    }

    /// The next event; malformed XML is `corrupt`, and the time budget is checked regularly.
    pub fn next(&mut self, ctx: &Ctx) -> Res<Event<'a>> {
        self.events = self.events.wrapping_add(1);
        if self.events % 4096 == 0 {
            ctx.check_time()?;
        }
        match self.reader.read_event() {
            Ok(e) => Ok(e),
            // The parser's message can quote markup; only the position is reported.
            Err(_) => Err(Unscannable::corrupt(
                self.what,
                format!(
                    "malformed XML near byte {} of a part",
                    self.reader.error_position()
                ),
            )),
        }
    }

    /// Skips the rest of the element whose start was just read.
    pub fn skip(&mut self, ctx: &Ctx) -> Res<()> {
        let mut depth = 1u32;
        loop {
            match self.next(ctx)? {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

/// The character data of a text, reference or CDATA event (None for other events).
pub(crate) fn text<'e>(ev: &'e Event<'_>) -> Option<Cow<'e, str>> {
    match ev {
        Event::Text(t) => Some(t.xml10_content()),
        Event::CData(t) => Some(t.xml10_content()),
        Event::GeneralRef(r) => Some(match r.resolve_char_ref() {
            Ok(Some(c)) => Cow::Owned(c.to_string()),
            Ok(None) => match quick_xml::escape::resolve_xml_entity(r) {
                Some(s) => Cow::Borrowed(s),
                // An undeclared entity: keep it as written rather than lose it.
                None => Cow::Owned(format!("&{};", &**r)),
            },
            Err(_) => Cow::Borrowed("\u{FFFD}"),
        }),
        _ => None,
    }
}

/// The local name of an element (`t` for `w:t`).
pub(crate) fn local<'e>(e: &'e BytesStart<'_>) -> &'e str {
    let name = e.name().into_inner();
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// The local name of a closing tag.
pub(crate) fn local_end<'e>(e: &'e quick_xml::events::BytesEnd<'_>) -> &'e str {
    let name = e.name().into_inner();
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// The value of the attribute with local name `name`, with any prefix or none (`text:c`).
pub(crate) fn attr<'e>(e: &'e BytesStart<'_>, name: &str) -> Option<Cow<'e, str>> {
    find_attr(e, name, false)
}

/// The value of the namespaced attribute with local name `name` (`r:id`, not `id`).
pub(crate) fn attr_ns<'e>(e: &'e BytesStart<'_>, name: &str) -> Option<Cow<'e, str>> {
    find_attr(e, name, true)
}

fn find_attr<'e>(e: &'e BytesStart<'_>, name: &str, prefixed: bool) -> Option<Cow<'e, str>> {
    let mut attrs = e.attributes();
    attrs.with_checks(false);
    attrs.flatten().find_map(|a| {
        let key = a.key.into_inner();
        let (prefix, l) = key
            .rsplit_once(':')
            .map_or((None, key), |(p, l)| (Some(p), l));
        if l != name || (prefixed && prefix.is_none()) || prefix == Some("xmlns") {
            return None;
        }
        a.normalized_value(XmlVersion::Implicit1_0).ok()
    })
}

/// Builds one segment of text: paragraphs (or cells) separated by newlines, each started with
/// its mark, within the extracted-text limit.
pub(crate) struct Sink {
    /// The segment being built.
    pub seg: Segment,
    /// The paragraph being written (its key).
    last: Option<u32>,
    /// The row of the last cell written.
    last_row: Option<u32>,
    cap: u64,
}

impl Sink {
    /// An empty sink at `location`.
    pub fn new(location: Location, ctx: &Ctx) -> Sink {
        Sink {
            seg: Segment::new(location, Vec::new()),
            last: None,
            last_row: None,
            cap: ctx.limits.max_decompressed_bytes,
        }
    }

    /// Lowers the extracted-text limit of this sink to `cap` bytes.
    pub fn limit(&mut self, cap: u64) {
        self.cap = self.cap.min(cap);
    }

    /// Reserves room for about `text` bytes and `marks` marks (a hint: nothing is reserved
    /// when memory is short).
    pub fn reserve(&mut self, text: usize, marks: usize) {
        const MAX: usize = 64 << 20;
        let _ = self.seg.text.try_reserve(text.min(MAX));
        let _ = self.seg.marks.try_reserve(marks.min(MAX / 24));
    }

    /// Appends `text` to paragraph `key`; when `key` is not the paragraph being written, a new
    /// one starts (after a newline) with `mark`, if given.
    pub fn put(&mut self, key: u32, mark: Option<Mark>, text: &str) -> Res<()> {
        if text.is_empty() {
            return Ok(());
        }
        if self.last != Some(key) {
            self.last = Some(key);
            self.last_row = None;
            match mark {
                Some(m) => self.seg.push("\n", m, ""),
                None if !self.seg.text.is_empty() => self.seg.text.push(b'\n'),
                None => {}
            }
        }
        self.seg.text.extend_from_slice(text.as_bytes());
        self.check()
    }

    /// Appends a cell: after a tab on the same row, after a newline on a new row.
    #[inline]
    pub fn cell(&mut self, row: u32, col: u32, text: &str) -> Res<()> {
        if text.is_empty() {
            return Ok(());
        }
        let sep = if self.last_row == Some(row) {
            "\t"
        } else {
            "\n"
        };
        self.last_row = Some(row);
        self.last = None;
        self.seg.push(sep, Mark::Cell { row, col }, text);
        self.check()
    }

    fn check(&self) -> Res<()> {
        if self.seg.text.len() as u64 > self.cap {
            return Err(Unscannable::Bomb {
                detail: format!("more than {} bytes of text extracted", self.cap),
            });
        }
        Ok(())
    }

    /// Hands the segment to the extraction (dropped when empty).
    pub fn finish(self, ctx: &mut Ctx) -> Res<()> {
        ctx.push(self.seg)
    }
}

/// A location with a sheet name, and `part` set (`hidden sheet`, `comments`) when given.
pub(crate) fn sheet_location(loc: &Location, sheet: &str, part: Option<&str>) -> Location {
    let mut l = loc.clone();
    l.sheet = Some(sheet.to_string());
    if let Some(p) = part {
        l.part = Some(p.to_string());
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Limits;

    #[test]
    fn decodes_and_reads() {
        let ctx = Ctx::new(Limits::default());
        let src = "<a:x xmlns:a='u' a:id='1' id='2'>a&amp;b&#x41;<a:y/></a:x>";
        let mut x = Xml::new(src, "test");
        let mut out = String::new();
        let mut names = Vec::new();
        loop {
            let ev = x.next(&ctx).unwrap();
            match &ev {
                Event::Start(e) => {
                    names.push(local(e).to_string());
                    if local(e) == "x" {
                        assert_eq!(attr_ns(e, "id").as_deref(), Some("1"));
                        assert_eq!(attr(e, "id").as_deref(), Some("1"));
                        assert_eq!(attr_ns(e, "x"), None);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            if let Some(t) = text(&ev) {
                out.push_str(&t);
            }
        }
        assert_eq!(out, "a&bA");
        assert_eq!(names, ["x", "y"]);
        let utf16: Vec<u8> = [0xFF, 0xFE, b'<', 0, b'a', 0, b'/', 0, b'>', 0].to_vec();
        assert_eq!(decode(&utf16, "t").unwrap(), "<a/>");
        assert!(decode(b"\xff\x00<", "t").is_err());
        let mut bad = Xml::new("<a><b></a>", "test");
        let err = loop {
            match bad.next(&ctx) {
                Err(e) => break e,
                Ok(Event::Eof) => panic!("no error"),
                Ok(_) => {}
            }
        };
        assert_eq!(err.kind(), "corrupt");
    }
}
