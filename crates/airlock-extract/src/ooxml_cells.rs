//! XLSX worksheets, the hot path of large workbooks: one segment per sheet with a cell mark
//! per non-empty cell, tabs between the cells of a row and newlines between rows.
//!
//! A large sheet is cut at the start of a row near its middle and both halves are read at once
//! on two threads, then joined into the segment a single pass would have built. The cut is
//! only trusted when the halves fit together: the first half must tokenize cleanly up to the
//! cut and end between rows, the second must close exactly the elements the first left open
//! (so the cut fell on a tag boundary of the whole part), and neither may fail. Otherwise, or
//! when threads are not available, the sheet is read again in one pass, whose result or error
//! is the one reported.

use super::scan::{self, attr, local, unescape, Scanner, Tok};
use super::sheet::{cell_ref, Strings};
use super::xml::{self, Sink};
use crate::budget::{Ctx, Res};
use crate::location::{Location, Mark, Segment};

const WHAT: &str = "xlsx";

/// Sheets with at least this many bytes of XML are read in two halves on two threads.
const SPLIT_AT: usize = 4 << 20;

/// One worksheet, pushed to the extraction as one segment.
pub(super) fn sheet(data: &[u8], strings: &Strings, loc: Location, ctx: &mut Ctx) -> Res<()> {
    let src = xml::decode(data, WHAT)?;
    let halves = split(&src, SPLIT_AT)
        .filter(|_| std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2))
        .and_then(|cut| in_halves(&src, cut, strings, &loc, ctx));
    let seg = match halves {
        Some(seg) => seg,
        None => whole(&src, strings, loc, ctx)?,
    };
    ctx.push(seg)
}

/// The sheet read in one pass.
fn whole(src: &str, strings: &Strings, loc: Location, ctx: &Ctx) -> Res<Segment> {
    let mut sc = Scanner::new(src, WHAT);
    let mut sink = Sink::new(loc, ctx);
    // Typical sizes: a cell takes 30 bytes of XML, and its text a third of them.
    sink.reserve(src.len() / 3, src.len() / 32);
    cells(&mut sc, strings, &mut sink, ctx)?;
    Ok(sink.seg)
}

/// Where to cut a sheet of at least `min` bytes: the start of the first row after the
/// middle whose start tag gives its number (`<row r="…">`), None when there is none.
fn split(src: &str, min: usize) -> Option<usize> {
    if src.len() < min {
        return None;
    }
    let bytes = src.as_bytes();
    let mid = src.len() / 2;
    let mut from = mid;
    // A few tries: rows without a number cannot start the second half.
    for _ in 0..16 {
        let at = from + memchr::memmem::find(bytes.get(from..)?, b"<row ")?;
        let tag = bytes.get(at..)?;
        let end = memchr::memchr(b'>', tag)?;
        let numbered = src
            .get(at + 5..at + end)
            .and_then(|attrs| attr(attrs, "r"))
            .is_some_and(|r| r.trim().parse::<u32>().is_ok_and(|r| r > 0));
        if numbered {
            return Some(at);
        }
        from = at + 5;
    }
    None
}

/// What a half of a sheet yields: its text, the elements it left open (first half) and the
/// elements it closed without opening them (second half).
struct Half<'a> {
    seg: Segment,
    open: Vec<&'a str>,
    closed: Vec<&'a str>,
}

/// The sheet read as two halves cut at `cut`, on two threads; None when the halves do not fit
/// together or either failed (the caller then reads the sheet in one pass).
fn in_halves<'s>(
    src: &'s str,
    cut: usize,
    strings: &Strings,
    loc: &Location,
    ctx: &Ctx,
) -> Option<Segment> {
    let (first, second) = (src.get(..cut)?, src.get(cut..)?);
    // Each half may hold half of the text limit, so the two never hold more than one.
    let cap = ctx.limits.max_decompressed_bytes / 2;
    let half = |text: &'s str, whole_len: usize| -> Option<Half<'s>> {
        let mut sc = Scanner::fragment(text, WHAT);
        let mut sink = Sink::new(loc.clone(), ctx);
        sink.limit(cap);
        sink.reserve(whole_len / 2, whole_len / 32);
        if cells(&mut sc, strings, &mut sink, ctx).ok()? {
            return None;
        }
        Some(Half {
            open: sc.open_elements().to_vec(),
            closed: sc.closed_outer().to_vec(),
            seg: sink.seg,
        })
    };
    let (a, b) = std::thread::scope(|s| {
        let b = std::thread::Builder::new()
            .spawn_scoped(s, || half(second, second.len()))
            .ok()?;
        // The first half's buffers get room for the whole sheet: the second is appended.
        let a = half(first, src.len());
        let b = b.join().ok().flatten();
        Some((a?, b?))
    })?;
    let fits = a.closed.is_empty()
        && b.open.is_empty()
        && a.open.last().is_some_and(|e| local(e) == "sheetData")
        && a.open.iter().rev().eq(b.closed.iter());
    fits.then(|| join(a.seg, b.seg))
}

/// The segment of a sheet from the segments of its two halves: the second's text after the
/// first's, separated as the single pass would (a tab within a row, else a newline).
fn join(mut a: Segment, b: Segment) -> Segment {
    if b.text.is_empty() {
        return a;
    }
    if a.text.is_empty() {
        return b;
    }
    let row = |m: Option<&(usize, Mark)>| match m {
        Some((_, Mark::Cell { row, .. })) => Some(*row),
        _ => None,
    };
    let same_row = row(a.marks.last()).is_some_and(|r| row(b.marks.first()) == Some(r));
    a.text.push(if same_row { b'\t' } else { b'\n' });
    let base = a.text.len();
    a.text.extend_from_slice(&b.text);
    a.marks
        .extend(b.marks.into_iter().map(|(at, mark)| (at + base, mark)));
    a
}

/// How a cell's value is stored (its `t` attribute).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Shared,
    Bool,
    Other,
}

/// The value as displayed: the shared string, TRUE/FALSE, or the value as written.
fn shown<'s>(kind: Kind, value: &'s str, strings: &'s Strings) -> &'s str {
    match kind {
        Kind::Shared => index(value)
            .and_then(|i| strings.get(i))
            .unwrap_or_default(),
        Kind::Bool => match value.trim() {
            "1" => "TRUE",
            "0" => "FALSE",
            v => v,
        },
        Kind::Other => value,
    }
}

/// A shared-string index.
#[inline]
fn index(value: &str) -> Option<usize> {
    let v = value.trim_ascii();
    let digits = v.as_bytes();
    if digits.is_empty() || digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
        return v.parse().ok();
    }
    Some(
        digits
            .iter()
            .fold(0usize, |n, d| n * 10 + usize::from(d - b'0')),
    )
}

/// The kind of a cell from its `t` attribute.
#[inline]
fn kind_of(t: &str) -> Kind {
    match t.as_bytes() {
        b"s" => Kind::Shared,
        b"b" => Kind::Bool,
        _ => Kind::Other,
    }
}

/// The reference and kind of a cell from the attributes of its start tag.
#[inline]
fn cell_attrs(attrs: &str) -> (Option<(u32, u32)>, Kind) {
    let (mut at, mut kind) = (None, Kind::Other);
    for (k, v) in scan::attrs(attrs) {
        match local(k).as_bytes() {
            b"r" => at = cell_ref(v),
            b"t" => kind = kind_of(v),
            _ => {}
        }
    }
    (at, kind)
}

/// A cell in its usual form, read straight from the bytes.
struct Quick<'a> {
    /// Bytes of XML it takes.
    len: usize,
    at: Option<(u32, u32)>,
    kind: Kind,
    /// The value (without references); None for an empty cell.
    value: Option<&'a str>,
}

/// A cell at the start of `rest` in its usual form, `<c r="B7" t="s"><v>12</v></c>` or
/// `<c r="B7"/>` (attributes named by letters, no prefix, no spaces around `=`, no `&` in
/// the value); None for anything else, which the tokenizer then reads. What it returns is
/// what the tokenizer and [`cell_attrs`] make of the same bytes.
#[inline]
fn quick_cell(rest: &str) -> Option<Quick<'_>> {
    let b = rest.as_bytes();
    if b.get(..2)? != b"<c" {
        return None;
    }
    let (mut at, mut kind) = (None, Kind::Other);
    let mut i = 2;
    loop {
        match *b.get(i)? {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'>' => break,
            b'/' if b.get(i + 1) == Some(&b'>') => {
                return Some(Quick {
                    len: i + 2,
                    at,
                    kind,
                    value: None,
                })
            }
            c if c.is_ascii_alphabetic() && i > 2 => {
                let name = i;
                while b.get(i)?.is_ascii_alphabetic() {
                    i += 1;
                }
                let quote = *b.get(i + 1)?;
                if b.get(i) != Some(&b'=') || (quote != b'"' && quote != b'\'') {
                    return None;
                }
                let start = i + 2;
                let end = start + b.get(start..)?.iter().position(|&c| c == quote)?;
                let value = rest.get(start..end)?;
                match b.get(name..i)? {
                    b"r" => at = cell_ref(value),
                    b"t" => kind = kind_of(value),
                    _ => {}
                }
                i = end + 1;
            }
            _ => return None,
        }
    }
    let start = i + 1;
    if b.get(start..start + 3)? != b"<v>" {
        return None;
    }
    let text = start + 3;
    let end = text
        + b.get(text..)?
            .iter()
            .position(|&c| c == b'<' || c == b'&')?;
    if b.get(end) == Some(&b'&') {
        // An escaped value: the tokenizer reads it.
        return None;
    }
    if b.get(end..end + 8)? != b"</v></c>" {
        return None;
    }
    Some(Quick {
        len: end + 8,
        at,
        kind,
        value: Some(rest.get(text..end)?),
    })
}

/// Reads the cells of a sheet (or of a fragment of one) into `sink`; returns whether it
/// ended inside a value.
fn cells(sc: &mut Scanner<'_>, strings: &Strings, sink: &mut Sink, ctx: &Ctx) -> Res<bool> {
    let (mut row, mut next_row, mut next_col) = (0u32, 0u32, 0u32);
    // The cell being read when its value is not in the simple form.
    let (mut at, mut kind, mut value) = ((0u32, 0u32), Kind::Other, String::new());
    // Inside `v` (the value) or `is/t` (an inline string).
    let mut in_value = false;
    loop {
        if let Some(q) = quick_cell(sc.rest()) {
            (at, kind) = (q.at.unwrap_or((row, next_col)), q.kind);
            value.clear();
            next_col = at.1.saturating_add(1);
            if let Some(v) = q.value {
                sink.cell(at.0, at.1, shown(kind, v, strings))?;
            }
            sc.advance(q.len, ctx)?;
            continue;
        }
        let Some(tok) = sc.next(ctx)? else {
            break;
        };
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
                    let (r, k) = cell_attrs(attrs);
                    (at, kind) = (r.unwrap_or((row, next_col)), k);
                    value.clear();
                    next_col = at.1.saturating_add(1);
                    if !empty {
                        if let Some(v) = sc.simple("v", name) {
                            sink.cell(at.0, at.1, shown(kind, &unescape(v), strings))?;
                        }
                    }
                }
                b"v" | b"t" if !empty => in_value = true,
                b"rPh" | b"f" if !empty => sc.skip(ctx)?,
                _ => {}
            },
            Tok::End { name } => match local(name).as_bytes() {
                b"v" | b"t" => in_value = false,
                b"c" => sink.cell(at.0, at.1, shown(kind, &value, strings))?,
                _ => {}
            },
            Tok::Text(t) if in_value => value.push_str(&unescape(t)),
            Tok::CData(t) if in_value => value.push_str(t),
            _ => {}
        }
    }
    Ok(in_value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Limits;

    fn strings() -> Strings {
        let mut s = Strings::default();
        for t in ["zero", "one", "two"] {
            s.text.push_str(t);
            s.ends.push(s.text.len());
        }
        s
    }

    #[test]
    fn quick_cells_read_as_the_tokenizer_does() {
        let src = "<worksheet><sheetData><row r=\"1\">\
<c r=\"A1\"t=\"s\"><v>0</v></c><c r = \"B1\"><v>x</v></c><c x:r=\"C1\"><v>y</v></c>\
<c r=\"D1\" /><c r=\"E1\"><v>a&lt;b</v></c><c r='F1' t='b'><v>0</v></c>\
<cx r=\"G1\"><v>no</v></cx><c r=\"H1\" s=\"3\"><v>z</v></c><c r=\"$I$1\"><v>w</v></c>\
<c t=\"s\" r=\"J1\" t=\"n\"><v>1</v></c><c>\n<v>5</v></c><c r=\"ZZZ9\"><v>7</v></c>\
</row></sheetData></worksheet>";
        let ctx = Ctx::new(Limits::default());
        let seg = whole(src, &strings(), Location::file("a.xlsx"), &ctx).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&seg.text),
            "zero\tx\ty\ta<b\tFALSE\tz\tw\t1\t5\n7"
        );
        let cells: Vec<_> = (0..seg.text.len())
            .filter(|&i| i == 0 || matches!(seg.text[i - 1], b'\t' | b'\n'))
            .map(|i| seg.location_at(i).cell.unwrap_or_default())
            .collect();
        assert_eq!(
            cells,
            ["A1", "B1", "C1", "E1", "F1", "H1", "I1", "J1", "K1", "ZZZ9"]
        );
    }

    /// The sheet read in one pass and in halves cut at every row that can start one.
    #[test]
    fn halves_join_as_one_pass() {
        let src = "<?xml version=\"1.0\"?><worksheet><sheetData>\
<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>12</v></c></row>\
<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c t=\"b\"><v>1</v></c></row>\
<row><c><v>7</v></c><c t=\"inlineStr\"><is><t>inline</t></is></c></row>\
<row r=\"2\"><c r=\"C2\" t=\"s\"><v>2</v></c></row>\
<row r=\"9\"><c r=\"A9\"><f>X</f><v>5&amp;6</v></c></row>\
<row r=\"10\"/>\
</sheetData></worksheet>";
        let ctx = Ctx::new(Limits::default());
        let strings = strings();
        let loc = Location::file("a.xlsx");
        let one = whole(src, &strings, loc.clone(), &ctx).unwrap();
        assert!(one
            .text
            .starts_with(b"zero\t12\none\tTRUE\n7\tinline\ntwo\n5&6"));
        let mut cuts = 0;
        for (cut, _) in src.match_indices("<row r=") {
            let halves = in_halves(src, cut, &strings, &loc, &ctx).unwrap();
            assert_eq!(halves, one, "cut at {cut}");
            cuts += 1;
        }
        assert_eq!(cuts, 5);
        let cut = split(src, 0).unwrap();
        assert!(cut >= src.len() / 2 && src[cut..].starts_with("<row r="));
        assert_eq!(split(src, src.len() + 1), None);
        // Cuts that do not fall between rows are refused.
        for cut in [src.find("<c r=\"B1\"").unwrap(), src.find("<v>7").unwrap()] {
            assert!(in_halves(src, cut, &strings, &loc, &ctx).is_none());
        }
        let hidden = src.replace("<row r=\"9\">", "<![CDATA[<row r=\"9\">]]><row r=\"9\">");
        let cut = hidden.find("<row r=\"9\">").unwrap();
        assert!(in_halves(&hidden, cut, &strings, &loc, &ctx).is_none());
        let mismatched = src.replace("</sheetData>", "</sheetDatum>");
        let cut = mismatched.find("<row r=\"9\">").unwrap();
        assert!(in_halves(&mismatched, cut, &strings, &loc, &ctx).is_none());
    }
}
