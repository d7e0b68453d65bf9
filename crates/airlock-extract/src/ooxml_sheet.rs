//! XLSX: every sheet of the workbook, hidden and very hidden ones included, one segment per
//! sheet with a mark per non-empty cell (its reference from the file), values as the file
//! holds them (shared and inline strings, numbers as written, TRUE/FALSE), and the cell
//! comments of each sheet. Sheets are streamed, so a large workbook is read in one pass
//! (the cells themselves are read in `ooxml_cells.rs`). On a machine with two cores, a large
//! first sheet is inflated on a second thread while the shared strings are read, within what
//! the decompression limit leaves for both; if that early read fails in any way, the sheet is
//! read again in order, so errors and limits are reported as a single thread would.

use super::cells::sheet;
use super::scan::{local, unescape, Scanner, Tok};
use super::xml::{self, Sink, Xml};
use super::{embeddings, main_part, numbered, parent, relationships};
use crate::budget::{Ctx, Res};
use crate::location::{Location, Mark};
use crate::outcome::Unscannable;
use crate::zipread::{self, Zip};
use quick_xml::events::Event;
use std::thread::{Scope, ScopedJoinHandle};

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
    // The first sheet (often the only large part) inflates on another thread meanwhile.
    let first = sheets
        .first()
        .and_then(|s| rels.iter().find(|r| r.id == s.rel))
        .map(|r| r.target.clone());
    let (strings, mut early) = std::thread::scope(|scope| -> Res<_> {
        let early = first
            .as_deref()
            .and_then(|t| prefetch(scope, &mut zip, t, &strings_part, ctx));
        let strings = match zipread::read(&mut zip, &strings_part, WHAT, ctx) {
            Ok(Some(data)) => shared_strings(&data, ctx),
            Ok(None) => Ok(Strings::default()),
            Err(e) => Err(e),
        };
        // Joined in every case; a failed early read is done again in order below, where its
        // error counts.
        let early = early.and_then(|h| h.join().ok()).and_then(Result::ok);
        Ok((strings?, early))
    })?;
    for s in &sheets {
        let Some(target) = rels
            .iter()
            .find(|r| r.id == s.rel)
            .map(|r| r.target.clone())
        else {
            return Err(Unscannable::corrupt(WHAT, "a sheet has no part"));
        };
        let data = match early.take() {
            Some(data) if first.as_ref() == Some(&target) => {
                ctx.add_decompressed(data.len() as u64)?;
                Some(data)
            }
            _ => zipread::read(&mut zip, &target, WHAT, ctx)?,
        };
        let Some(data) = data else {
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

/// Starts inflating the large part `name` on another thread (when there is one), within
/// what the decompression limit leaves once part `before` is read too.
fn prefetch<'scope, 'env>(
    scope: &'scope Scope<'scope, 'env>,
    zip: &mut Zip<'env>,
    name: &str,
    before: &str,
    ctx: &Ctx,
) -> Option<ScopedJoinHandle<'scope, Res<Vec<u8>>>> {
    const LARGE: u64 = 1 << 20;
    if zipread::declared_size(zip, name)? < LARGE
        || !std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
    {
        return None;
    }
    let reserved = zipread::declared_size(zip, before).unwrap_or(0);
    let left = ctx
        .limits
        .max_decompressed_bytes
        .saturating_sub(ctx.decompressed());
    let mut early = ctx.detached(left.saturating_sub(reserved));
    let mut zip = zip.clone();
    let name = name.to_string();
    std::thread::Builder::new()
        .spawn_scoped(scope, move || {
            zipread::read(&mut zip, &name, WHAT, &mut early)?
                .ok_or_else(|| Unscannable::corrupt(WHAT, "a listed sheet is missing"))
        })
        .ok()
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
pub(super) struct Strings {
    pub(super) text: String,
    /// The end of each string in `text`.
    pub(super) ends: Vec<usize>,
}

impl Strings {
    /// String `i` of the table.
    #[inline]
    pub(super) fn get(&self, i: usize) -> Option<&str> {
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
    // The text is never longer than the part; a string takes 40 bytes of XML or more, as a
    // rule. Hints only: nothing is reserved when memory is short.
    let _ = out.text.try_reserve(src.len());
    let _ = out.ends.try_reserve(src.len() / 40);
    let mut in_t = false;
    loop {
        // The usual shape first: `<si><t>text</t></si>`.
        if let Some(t) = sc.quick(b"<si><t>", b"</t></si>", ctx)? {
            out.text.push_str(t);
            out.ends.push(out.text.len());
            continue;
        }
        let Some(tok) = sc.next(ctx)? else {
            break;
        };
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
#[inline]
pub(crate) fn cell_ref(r: &str) -> Option<(u32, u32)> {
    // The usual form first: 1 to 3 capital letters, then 1 to 7 digits (no overflow).
    let b = r.as_bytes();
    let (mut i, mut col) = (0, 0u32);
    while let Some(&c) = b.get(i).filter(|c| i < 3 && c.is_ascii_uppercase()) {
        col = col * 26 + u32::from(c - b'A') + 1;
        i += 1;
    }
    let digits = b.get(i..).unwrap_or_default();
    if i > 0 && (1..=7).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit) {
        let row = digits
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
        return Some((row.checked_sub(1)?, col - 1));
    }
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
