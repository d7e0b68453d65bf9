//! Text formats: plain text and source code (original bytes, located by line), CSV/TSV (cells
//! located as `C14`), JSON, XML and YAML (text, located by line).

use crate::budget::{Ctx, Res};
use crate::location::{Location, Mark, Segment};

/// Plain text: the original bytes (the classifier detects their encoding), located by line.
pub(crate) fn plain(bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let mut s = Segment::new(loc.clone(), bytes.to_vec());
    s.by_line = true;
    ctx.push(s)
}

/// CSV or TSV: one segment, cells joined by the separator and rows by newlines, each cell
/// marked with its reference. Quotes follow RFC 4180; a quoted field may span lines.
pub(crate) fn delimited(bytes: &[u8], sep: u8, loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let text = String::from_utf8_lossy(bytes);
    let mut seg = Segment::new(loc.clone(), Vec::with_capacity(bytes.len()));
    let (mut row, mut col) = (0u32, 0u32);
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let flush = |seg: &mut Segment, field: &mut String, row: u32, col: u32| {
        let sep_text = if col == 0 {
            "\n"
        } else if sep == b'\t' {
            "\t"
        } else {
            ","
        };
        seg.push(sep_text, Mark::Cell { row, col }, field);
        field.clear();
    };
    let mut n = 0usize;
    while let Some(c) = chars.next() {
        n += 1;
        if n % (1 << 20) == 0 {
            ctx.check_time()?;
        }
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c as u32 == u32::from(sep) => {
                flush(&mut seg, &mut field, row, col);
                col += 1;
            }
            '\n' => {
                flush(&mut seg, &mut field, row, col);
                row += 1;
                col = 0;
            }
            '\r' => {}
            c => field.push(c),
        }
    }
    if !field.is_empty() || col > 0 {
        flush(&mut seg, &mut field, row, col);
    }
    ctx.push(seg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Limits;

    #[test]
    fn csv_cells_are_located() {
        let mut ctx = Ctx::new(Limits::default());
        let csv = b"name,ssn\n\"Doe, Jane\",123-45-6789\nBob,\"multi\nline\"\n";
        delimited(csv, b',', &Location::file("x.csv"), &mut ctx).unwrap();
        let s = &ctx.segments[0];
        let text = String::from_utf8_lossy(&s.text).into_owned();
        let at = text.find("123-45-6789").unwrap();
        assert_eq!(s.location_at(at).cell.as_deref(), Some("B2"));
        let at = text.find("Doe, Jane").unwrap();
        assert_eq!(s.location_at(at).cell.as_deref(), Some("A2"));
        let at = text.find("line").unwrap();
        assert_eq!(s.location_at(at).cell.as_deref(), Some("B3"));
    }
}
