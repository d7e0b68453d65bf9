//! XLSX: every sheet of the workbook, hidden and very hidden ones included, one segment per
//! sheet with a mark per non-empty cell (its reference from the file), values as the file
//! holds them (shared and inline strings, numbers as written, TRUE/FALSE), and the cell
//! comments of each sheet. Sheets are streamed, so a large workbook is read in one pass.

use super::scan::{self, attr, local, unescape, Scanner, Tok};
use super::xml::{self, Sink, Xml};
use super::{embeddings, main_part, numbered, parent, relationships};
use crate::budget::{Ctx, Res};
use crate::location::{Location, Mark};
use crate::outcome::Unscannable;
use crate::zipread;
use quick_xml::events::Event;

const WHAT: &str = "xlsx";

/// A sheet listed by the workbook.
struct SheetRef {
    name: String,
    hidden: bool,
    rel: String,
}

/// Excel: each sheet in workbook order (located by sheet name and cell; part `hidden sheet`
/// for hidden ones), each sheet's comments (part `comments`), then embedded documents.
pub(crate) fn xlsx(bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let mut zip = zipread::open(bytes, WHAT)?;
    let names = zipread::names(&zip);
    let main = main_part(&mut zip, "xl/workbook.xml", ctx)?;
    let Some(book) = zipread::read(&mut zip, &main, WHAT, ctx)? else {
        return Err(Unscannable::corrupt(WHAT, "the workbook part is missing"));
    };
    let sheets = workbook(&book, ctx)?;
    drop(book);
    let rels = relationships(&mut zip, &main, ctx)?;
    let strings_part = rels.iter().find(|r| r.kind == "sharedStrings").map_or_else(
        || format!("{}sharedStrings.xml", parent(&main)),
        |r| r.target.clone(),
    );
    let strings = match zipread::read(&mut zip, &strings_part, WHAT, ctx)? {
        Some(data) => shared_strings(&data, ctx)?,
        None => Strings::default(),
    };
    for s in &sheets {
        let Some(target) = rels
            .iter()
            .find(|r| r.id == s.rel)
            .map(|r| r.target.clone())
        else {
            return Err(Unscannable::corrupt(WHAT, "a sheet has no part"));
        };
        let Some(data) = zipread::read(&mut zip, &target, WHAT, ctx)? else {
            return Err(Unscannable::corrupt(WHAT, "a listed sheet is missing"));
        };
        let part = s.hidden.then_some("hidden sheet");
        sheet(
            &data,
            &strings,
            xml::sheet_location(loc, &s.name, part),
            ctx,
        )?;
        drop(data);
        let sheet_rels = relationships(&mut zip, &target, ctx)?;
        let legacy = sheet_rels.iter().any(|r| r.kind == "comments");
        for r in &sheet_rels {
            // Threaded comments have a legacy copy; read them only when it is absent.
            if r.kind == "comments" || (r.kind == "threadedComment" && !legacy) {
                if let Some(data) = zipread::read(&mut zip, &r.target, WHAT, ctx)? {
                    let cloc = xml::sheet_location(loc, &s.name, Some("comments"));
                    comments(&data, cloc, ctx)?;
                }
            }
        }
    }
    if sheets.is_empty() {
        // No usable sheet list: read the worksheets by number.
        let dir = format!("{}worksheets/sheet", parent(&main));
        for (i, target) in numbered(&names, &dir, ".xml").iter().enumerate() {
            if let Some(data) = zipread::read(&mut zip, target, WHAT, ctx)? {
                let name = format!("Sheet{}", i + 1);
                sheet(&data, &strings, xml::sheet_location(loc, &name, None), ctx)?;
            }
        }
    }
    embeddings(
        &mut zip,
        &names,
        &format!("{}embeddings/", parent(&main)),
        loc,
        ctx,
    )
}

/// The sheets listed in `workbook.xml`.
fn workbook(data: &[u8], ctx: &Ctx) -> Res<Vec<SheetRef>> {
    let src = xml::decode(data, WHAT)?;
    let mut x = Xml::new(&src, WHAT);
    let mut out = Vec::new();
    loop {
        match x.next(ctx)? {
            Event::Start(e) if xml::local(&e) == "sheet" => {
                let name = xml::attr(&e, "name").unwrap_or_default().into_owned();
                let hidden = xml::attr(&e, "state").is_some_and(|s| s != "visible");
                if let Some(rel) = xml::attr_ns(&e, "id") {
                    out.push(SheetRef {
                        name,
                        hidden,
                        rel: rel.into_owned(),
                    });
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The shared string table, kept in one buffer (a large workbook has millions of strings).
#[derive(Default)]
struct Strings {
    text: String,
    /// The end of each string in `text`.
    ends: Vec<usize>,
}

impl Strings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(p) => *self.ends.get(p)?,
            None => 0,
        };
        self.text.get(start..end)
    }
}

/// The shared string table: the text of each `si` (phonetic runs left out).
fn shared_strings(data: &[u8], ctx: &Ctx) -> Res<Strings> {
    let src = xml::decode(data, WHAT)?;
    let mut sc = Scanner::new(&src, WHAT);
    let mut out = Strings::default();
    let mut in_t = false;
    while let Some(tok) = sc.next(ctx)? {
        match tok {
            Tok::Start { name, empty, .. } => match (local(name).as_bytes(), empty) {
                (b"si", true) => out.ends.push(out.text.len()),
                (b"si", false) => {
                    if let Some(t) = sc.simple("t", name) {
                        out.text.push_str(&unescape(t));
                        out.ends.push(out.text.len());
                    }
                }
                (b"t", false) => in_t = true,
                (b"rPh", false) => sc.skip(ctx)?,
                _ => {}
            },
            Tok::End { name } => match local(name).as_bytes() {
                b"si" => out.ends.push(out.text.len()),
                b"t" => in_t = false,
                _ => {}
            },
            Tok::Text(t) if in_t => out.text.push_str(&unescape(t)),
            Tok::CData(t) if in_t => out.text.push_str(t),
            _ => {}
        }
    }
    Ok(out)
}

/// How a cell's value is stored (its `t` attribute).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Shared,
    Bool,
    Other,
}

/// The cell being read.
struct Cell {
    row: u32,
    col: u32,
    kind: Kind,
    value: String,
}

impl Cell {
    /// The value as displayed: the shared string, TRUE/FALSE, or the value as written.
    fn shown<'s>(&'s self, strings: &'s Strings) -> &'s str {
        match self.kind {
            Kind::Shared => self
                .value
                .trim_ascii()
                .parse::<usize>()
                .ok()
                .and_then(|i| strings.get(i))
                .unwrap_or_default(),
            Kind::Bool => match self.value.trim() {
                "1" => "TRUE",
                "0" => "FALSE",
                v => v,
            },
            Kind::Other => self.value.as_str(),
        }
    }
}

/// One worksheet: a cell mark per non-empty cell, tabs between cells of a row, newlines
/// between rows. The hot path of large workbooks, hence the fast tokenizer.
fn sheet(data: &[u8], strings: &Strings, loc: Location, ctx: &mut Ctx) -> Res<()> {
    let src = xml::decode(data, WHAT)?;
    let mut sc = Scanner::new(&src, WHAT);
    let mut sink = Sink::new(loc, ctx);
    // Typical sizes: a cell takes 30 bytes of XML, and its text a third of them.
    sink.reserve(src.len() / 3, src.len() / 32);
    let (mut row, mut next_row, mut next_col) = (0u32, 0u32, 0u32);
    let mut cell = Cell {
        row: 0,
        col: 0,
        kind: Kind::Other,
        value: String::new(),
    };
    // Inside `v` (the value) or `is/t` (an inline string).
    let mut in_value = false;
    while let Some(tok) = sc.next(ctx)? {
        match tok {
            Tok::Start { name, attrs, empty } => match local(name).as_bytes() {
                b"row" => {
                    row = attr(attrs, "r")
                        .and_then(|r| r.trim().parse::<u32>().ok())
                        .and_then(|r| r.checked_sub(1))
                        .unwrap_or(next_row);
                    next_row = row.saturating_add(1);
                    next_col = 0;
                }
                b"c" => {
                    let (mut at, mut kind) = (None, Kind::Other);
                    for (k, v) in scan::attrs(attrs) {
                        match local(k).as_bytes() {
                            b"r" => at = cell_ref(v),
                            b"t" => {
                                kind = match v.as_bytes() {
                                    b"s" => Kind::Shared,
                                    b"b" => Kind::Bool,
                                    _ => Kind::Other,
                                }
                            }
                            _ => {}
                        }
                    }
                    (cell.row, cell.col) = at.unwrap_or((row, next_col));
                    cell.kind = kind;
                    cell.value.clear();
                    next_col = cell.col.saturating_add(1);
                    if !empty {
                        if let Some(v) = sc.simple("v", name) {
                            cell.value.push_str(&unescape(v));
                            sink.cell(cell.row, cell.col, cell.shown(strings))?;
                        }
                    }
                }
                b"v" | b"t" if !empty => in_value = true,
                b"rPh" | b"f" if !empty => sc.skip(ctx)?,
                _ => {}
            },
            Tok::End { name } => match local(name).as_bytes() {
                b"v" | b"t" => in_value = false,
                b"c" => sink.cell(cell.row, cell.col, cell.shown(strings))?,
                _ => {}
            },
            Tok::Text(t) if in_value => cell.value.push_str(&unescape(t)),
            Tok::CData(t) if in_value => cell.value.push_str(t),
            _ => {}
        }
    }
    sink.finish(ctx)
}

/// The comments of a sheet (legacy `comment` or threaded `threadedComment`), each located
/// at its cell.
fn comments(data: &[u8], loc: Location, ctx: &mut Ctx) -> Res<()> {
    let src = xml::decode(data, WHAT)?;
    let mut x = Xml::new(&src, WHAT);
    let mut sink = Sink::new(loc, ctx);
    let mut at: Option<(u32, u32)> = None;
    let mut n = 0u32;
    let mut in_text = false;
    loop {
        let ev = x.next(ctx)?;
        match &ev {
            Event::Start(e) => match xml::local(e) {
                "comment" | "threadedComment" => {
                    n = n.saturating_add(1);
                    at = xml::attr(e, "ref").and_then(|r| cell_ref(&r));
                }
                "t" | "text" => in_text = true,
                "rPh" => x.skip(ctx)?,
                _ => {}
            },
            Event::End(e) => {
                if matches!(xml::local_end(e), "t" | "text") {
                    in_text = false;
                }
            }
            Event::Eof => break,
            _ => {
                if in_text {
                    if let Some(t) = xml::text(&ev) {
                        let mark = at.map(|(row, col)| Mark::Cell { row, col });
                        sink.put(n, mark, &t)?;
                    }
                }
            }
        }
    }
    sink.finish(ctx)
}

/// `C14` → row 13, column 2 (0-based); `$` signs are ignored.
pub(crate) fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let (mut col, mut row, mut letters, mut digits) = (0u32, 0u32, 0u32, 0u32);
    for b in r.trim_ascii().bytes() {
        match b {
            b'$' => {}
            b'A'..=b'Z' | b'a'..=b'z' if digits == 0 => {
                let v = u32::from((b | 0x20) - b'a') + 1;
                col = col.checked_mul(26)?.checked_add(v)?;
                letters += 1;
            }
            b'0'..=b'9' if letters > 0 => {
                row = row.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
                digits += 1;
            }
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}
