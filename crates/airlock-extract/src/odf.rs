//! OpenDocument text, spreadsheets and presentations (ODT, ODS, ODP), read from `content.xml`
//! with quick-xml, and the page headers and footers of `styles.xml`.
//!
//! ODT: the body by paragraph (`text:p`, `text:h`, list items and table cells alike), with
//! annotations as part `comments` and notes as `footnotes`/`endnotes`. ODS: each table as a
//! sheet located by cell (hidden ones as part `hidden sheet`, annotations as `comments`).
//! ODP: each `draw:page` as `slide N`, its speaker notes as `slide N notes` and its
//! annotations as `slide N comments`. An encrypted package (`manifest:encryption-data` in the
//! manifest) is `encrypted`; a missing `content.xml` is `corrupt`.

#[path = "odf_sheet.rs"]
mod sheet;

use crate::budget::{Ctx, Res};
use crate::detect::Format;
use crate::location::{Location, Mark};
use crate::ooxml::xml::{self, Sink, Xml};
use crate::outcome::Unscannable;
use crate::zipread;
use quick_xml::events::{BytesStart, Event};

pub(crate) fn odf(format: Format, bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let what = format.name();
    let mut zip = zipread::open(bytes, what)?;
    if let Some(manifest) = zipread::read(&mut zip, "META-INF/manifest.xml", what, ctx)? {
        if encrypted(&manifest, what, ctx)? {
            return Err(Unscannable::encrypted("OpenDocument file"));
        }
    }
    let Some(content) = zipread::read(&mut zip, "content.xml", what, ctx)? else {
        return Err(Unscannable::corrupt(what, "content.xml is missing"));
    };
    match format {
        Format::Ods => sheet::spreadsheet(&content, what, loc, ctx)?,
        Format::Odp => flow(&content, Kind::Presentation, what, loc, ctx)?,
        _ => flow(&content, Kind::Text, what, loc, ctx)?,
    }
    drop(content);
    if let Some(styles) = zipread::read(&mut zip, "styles.xml", what, ctx)? {
        flow(&styles, Kind::Styles, what, loc, ctx)?;
    }
    Ok(())
}

/// Whether the manifest declares encrypted entries.
fn encrypted(manifest: &[u8], what: &'static str, ctx: &Ctx) -> Res<bool> {
    let src = xml::decode(manifest, what)?;
    let mut x = Xml::new(&src, what);
    loop {
        match x.next(ctx)? {
            Event::Start(e) if xml::local(&e) == "encryption-data" => return Ok(true),
            Event::Eof => return Ok(false),
            _ => {}
        }
    }
}

/// What a part holds, for [`flow`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `content.xml` of a text document: one body.
    Text,
    /// `content.xml` of a presentation: one container per `draw:page`.
    Presentation,
    /// `styles.xml`: one container per page header or footer.
    Styles,
}

/// The text flows of a container: main text, speaker notes, annotations, footnotes,
/// endnotes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stream {
    Main = 0,
    Notes = 1,
    Comments = 2,
    Footnotes = 3,
    Endnotes = 4,
}

/// The sinks of one container (the document body, a slide, a header) and their paragraph
/// counters.
struct Flows {
    sinks: [Sink; 5],
    counts: [u32; 5],
    marks: bool,
}

impl Flows {
    fn new(loc: &Location, parts: [String; 5], marks: bool, ctx: &Ctx) -> Flows {
        Flows {
            sinks: parts.map(|p| Sink::new(loc.with_part(p), ctx)),
            counts: [0; 5],
            marks,
        }
    }

    fn finish(self, ctx: &mut Ctx) -> Res<()> {
        for s in self.sinks {
            s.finish(ctx)?;
        }
        Ok(())
    }
}

/// Reads the paragraphs of a text document, the pages of a presentation or the headers and
/// footers of `styles.xml`.
fn flow(data: &[u8], kind: Kind, what: &'static str, loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let src = xml::decode(data, what)?;
    let mut x = Xml::new(&src, what);
    let mut flows = match kind {
        Kind::Text => Some(Flows::new(
            loc,
            ["body", "notes", "comments", "footnotes", "endnotes"].map(String::from),
            true,
            ctx,
        )),
        _ => None,
    };
    let mut slide = 0u32;
    // Where text goes now (annotations and notes nest in the main text).
    let mut streams: Vec<Stream> = vec![Stream::Main];
    let mut note_class = Stream::Footnotes;
    // Open paragraphs: their stream and number.
    let mut open: Vec<(Stream, u32)> = Vec::new();
    loop {
        let ev = x.next(ctx)?;
        let current = streams.last().copied().unwrap_or(Stream::Main);
        match &ev {
            Event::Start(e) => {
                let name = xml::local(e);
                match name {
                    "page" if kind == Kind::Presentation => {
                        if let Some(f) = flows.take() {
                            f.finish(ctx)?;
                        }
                        slide = slide.saturating_add(1);
                        let parts = ["", " notes", " comments", " footnotes", " endnotes"]
                            .map(|s| format!("slide {slide}{s}"));
                        flows = Some(Flows::new(loc, parts, false, ctx));
                        streams = vec![Stream::Main];
                        open.clear();
                    }
                    "header" | "header-left" | "header-first" | "footer" | "footer-left"
                    | "footer-first"
                        if kind == Kind::Styles =>
                    {
                        if let Some(f) = flows.take() {
                            f.finish(ctx)?;
                        }
                        let part = if name.starts_with("header") {
                            "header"
                        } else {
                            "footer"
                        };
                        flows = Some(Flows::new(loc, [part; 5].map(String::from), true, ctx));
                        streams = vec![Stream::Main];
                        open.clear();
                    }
                    "p" | "h" => {
                        if let Some(f) = flows.as_mut() {
                            let i = current as usize;
                            if let Some(c) = f.counts.get_mut(i) {
                                *c = c.saturating_add(1);
                                open.push((current, *c));
                            }
                        }
                    }
                    "annotation" => streams.push(Stream::Comments),
                    "notes" => streams.push(Stream::Notes),
                    "note" => {
                        note_class = match xml::attr(e, "note-class").as_deref() {
                            Some("endnote") => Stream::Endnotes,
                            _ => Stream::Footnotes,
                        }
                    }
                    "note-body" => streams.push(note_class),
                    "note-citation" => x.skip(ctx)?,
                    _ => {
                        if let Some(t) = inline(e) {
                            put(&mut flows, &open, current, &t)?;
                        }
                    }
                }
            }
            Event::End(e) => match xml::local_end(e) {
                "page" if kind == Kind::Presentation => {
                    if let Some(f) = flows.take() {
                        f.finish(ctx)?;
                    }
                }
                "header" | "header-left" | "header-first" | "footer" | "footer-left"
                | "footer-first"
                    if kind == Kind::Styles =>
                {
                    if let Some(f) = flows.take() {
                        f.finish(ctx)?;
                    }
                }
                "p" | "h" => {
                    open.pop();
                }
                "annotation" | "notes" | "note-body" if streams.len() > 1 => {
                    streams.pop();
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {
                if let Some(t) = xml::text(&ev) {
                    put(&mut flows, &open, current, &t)?;
                }
            }
        }
    }
    match flows {
        Some(f) => f.finish(ctx),
        None => Ok(()),
    }
}

/// Appends text to the open paragraph when it belongs to the current stream (text of an
/// annotation's author or date, outside its paragraphs, is left out).
fn put(flows: &mut Option<Flows>, open: &[(Stream, u32)], current: Stream, t: &str) -> Res<()> {
    let (Some(f), Some(&(stream, key))) = (flows.as_mut(), open.last()) else {
        return Ok(());
    };
    if stream != current {
        return Ok(());
    }
    let mark = f.marks.then_some(Mark::Paragraph(key));
    match f.sinks.get_mut(stream as usize) {
        Some(s) => s.put(key, mark, t),
        None => Ok(()),
    }
}

/// The whitespace an inline element stands for: `text:s` (spaces), `text:tab`,
/// `text:line-break`.
pub(crate) fn inline(e: &BytesStart<'_>) -> Option<String> {
    match xml::local(e) {
        "s" => {
            let n = xml::attr(e, "c")
                .and_then(|c| c.trim().parse::<usize>().ok())
                .unwrap_or(1);
            Some(" ".repeat(n.clamp(1, 64)))
        }
        "tab" => Some("\t".into()),
        "line-break" => Some("\n".into()),
        _ => None,
    }
}

#[cfg(test)]
#[path = "odf_tests.rs"]
mod tests;
