//! ODS: each `table:table` of `content.xml` as a sheet, one segment per sheet with a mark per
//! non-empty cell (rows and columns counted with their repeats), hidden tables (a table style
//! with `table:display="false"`) as part `hidden sheet`, and cell annotations as part
//! `comments`. Repeats of empty cells only move the position; a repeated non-empty cell or
//! row is written out at most [`REPEAT_CAP`] times, so a tiny file cannot expand into
//! millions of cells.

use super::inline;
use crate::budget::{Ctx, Res};
use crate::location::{Location, Mark};
use crate::ooxml::xml::{self, Sink, Xml};
use quick_xml::events::Event;
use std::collections::HashSet;

/// How many copies of a repeated non-empty cell (or row) are written out.
pub(super) const REPEAT_CAP: u32 = 32;

/// A sheet being read.
struct Table {
    sink: Sink,
    comments: Sink,
}

/// A cell being read: its column, how many columns it repeats over, its text and the
/// paragraph of the cell being written.
struct Cell {
    col: u32,
    repeat: u32,
    text: String,
    para: u32,
}

pub(crate) fn spreadsheet(
    data: &[u8],
    what: &'static str,
    loc: &Location,
    ctx: &mut Ctx,
) -> Res<()> {
    let src = xml::decode(data, what)?;
    let mut x = Xml::new(&src, what);
    let mut hidden: HashSet<String> = HashSet::new();
    let mut style: Option<String> = None;
    let mut table: Option<Table> = None;
    let mut depth = 0u32; // nesting of `table:table` (only the outer one is a sheet)
    let (mut row, mut row_repeat, mut col) = (0u32, 1u32, 0u32);
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    let mut cell: Option<Cell> = None;
    let mut annotation = 0u32;
    // Open paragraphs: whether in an annotation, and their number.
    let mut open: Vec<(bool, u32)> = Vec::new();
    let mut paras = 0u32;
    loop {
        let ev = x.next(ctx)?;
        match &ev {
            Event::Start(e) => match xml::local(e) {
                "style" => {
                    style = (xml::attr(e, "family").as_deref() == Some("table"))
                        .then(|| xml::attr(e, "name").map(|n| n.into_owned()))
                        .flatten();
                }
                "table-properties" => {
                    if xml::attr(e, "display").as_deref() == Some("false") {
                        if let Some(s) = &style {
                            hidden.insert(s.clone());
                        }
                    }
                }
                "table" => {
                    depth += 1;
                    if depth == 1 {
                        let name = xml::attr(e, "name").unwrap_or_default();
                        let is_hidden =
                            xml::attr(e, "style-name").is_some_and(|s| hidden.contains(s.as_ref()));
                        let part = is_hidden.then_some("hidden sheet");
                        table = Some(Table {
                            sink: Sink::new(xml::sheet_location(loc, &name, part), ctx),
                            comments: Sink::new(
                                xml::sheet_location(loc, &name, Some("comments")),
                                ctx,
                            ),
                        });
                        row = 0;
                    }
                }
                "table-row" if depth == 1 => {
                    row_repeat = repeat(e, "number-rows-repeated");
                    cells.clear();
                    col = 0;
                }
                "table-cell" | "covered-table-cell" if depth == 1 => {
                    cell = Some(Cell {
                        col,
                        repeat: repeat(e, "number-columns-repeated"),
                        text: String::new(),
                        para: 0,
                    });
                }
                "annotation" => annotation += 1,
                "p" | "h" => {
                    paras = paras.saturating_add(1);
                    open.push((annotation > 0, paras));
                }
                _ => {
                    if let Some(t) = inline(e) {
                        add(&mut table, &mut cell, &open, annotation, row, &t)?;
                    }
                }
            },
            Event::End(e) => match xml::local_end(e) {
                "style" => style = None,
                "table" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        if let Some(t) = table.take() {
                            t.sink.finish(ctx)?;
                            t.comments.finish(ctx)?;
                        }
                    }
                }
                "table-cell" | "covered-table-cell" if depth == 1 => {
                    if let Some(c) = cell.take() {
                        if !c.text.is_empty() {
                            cells.push((c.col, c.repeat, c.text));
                        }
                        col = col.saturating_add(c.repeat);
                    }
                }
                "table-row" if depth == 1 => {
                    if let Some(t) = table.as_mut() {
                        if !cells.is_empty() {
                            for r in 0..row_repeat.min(REPEAT_CAP) {
                                for (c, n, text) in &cells {
                                    for k in 0..(*n).min(REPEAT_CAP) {
                                        let at_row = row.saturating_add(r);
                                        t.sink.cell(at_row, c.saturating_add(k), text)?;
                                    }
                                }
                            }
                        }
                    }
                    row = row.saturating_add(row_repeat);
                }
                "annotation" => annotation = annotation.saturating_sub(1),
                "p" | "h" => {
                    open.pop();
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {
                if let Some(t) = xml::text(&ev) {
                    add(&mut table, &mut cell, &open, annotation, row, &t)?;
                }
            }
        }
    }
    if let Some(t) = table.take() {
        t.sink.finish(ctx)?;
        t.comments.finish(ctx)?;
    }
    Ok(())
}

/// Adds text of an open paragraph: to the cell, or, in an annotation, to the comments at the
/// cell's position.
fn add(
    table: &mut Option<Table>,
    cell: &mut Option<Cell>,
    open: &[(bool, u32)],
    annotation: u32,
    row: u32,
    t: &str,
) -> Res<()> {
    let (Some(table), Some(c), Some(&(in_note, key))) =
        (table.as_mut(), cell.as_mut(), open.last())
    else {
        return Ok(());
    };
    if in_note != (annotation > 0) {
        return Ok(());
    }
    if in_note {
        let mark = Mark::Cell { row, col: c.col };
        return table.comments.put(key, Some(mark), t);
    }
    if c.para != key {
        if !c.text.is_empty() {
            c.text.push('\n');
        }
        c.para = key;
    }
    c.text.push_str(t);
    Ok(())
}

/// A repeat count attribute (at least 1).
fn repeat(e: &quick_xml::events::BytesStart<'_>, name: &str) -> u32 {
    xml::attr(e, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}
