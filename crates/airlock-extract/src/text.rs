//! Text formats: plain text and source code (original bytes, located by line), CSV/TSV (cells
//! located as `C14`), JSON, XML and YAML (text, located by line).

use crate::budget::{Ctx, Res};
use crate::location::{Location, Mark, Segment};

/// Plain text: the original bytes (the classifier detects their encoding), located by line;
/// verbatim input when it is the content item itself (not a member of a container).
pub(crate) fn plain(bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let mut s = Segment::new(loc.clone(), bytes.to_vec());
    s.by_line = true;
    if ctx.depth == 0 {
        s.verbatim_at(0);
    }
    ctx.push(s)
}

/// CSV or TSV: one segment, cells joined by the separator and rows by newlines, each cell
/// marked with its reference. Quotes follow RFC 4180; a quoted field may span lines. When the
/// file is the content item itself, every cell whose text is a verbatim copy of the input
/// (unquoted, or quoted without doubled quotes) is recorded as such, so findings in it get
/// input offsets.
pub(crate) fn delimited(bytes: &[u8], sep: u8, loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let text = String::from_utf8_lossy(bytes);
    // Byte offsets into `text` are input offsets only when no replacement was made.
    let input: Option<&[u8]> =
        (ctx.depth == 0 && matches!(text, std::borrow::Cow::Borrowed(_))).then_some(bytes);
    let mut seg = Segment::new(loc.clone(), Vec::with_capacity(bytes.len()));
    let (mut row, mut col) = (0u32, 0u32);
    let mut field = String::new();
    // Input offset of the field's first character (just after an opening quote).
    let mut field_at: Option<usize> = None;
    let mut quoted = false;
    let mut chars = text.char_indices().peekable();
    let flush = |seg: &mut Segment,
                 field: &mut String,
                 field_at: &mut Option<usize>,
                 row: u32,
                 col: u32| {
        let sep_text = if col == 0 {
            "\n"
        } else if sep == b'\t' {
            "\t"
        } else {
            ","
        };
        seg.push(sep_text, Mark::Cell { row, col }, field);
        if let (Some(input), Some(at)) = (input, field_at.take()) {
            let len = field.len();
            if input.get(at..at + len) == Some(field.as_bytes()) {
                let cell = seg.text.len() - len;
                seg.add_run(cell, at, len, input);
            }
        }
        field.clear();
    };
    let mut n = 0usize;
    while let Some((at, c)) = chars.next() {
        n += 1;
        if n % (1 << 20) == 0 {
            ctx.check_time()?;
        }
        if quoted {
            if c == '"' {
                if chars.peek().map(|&(_, c)| c) == Some('"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field_at.get_or_insert(at);
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                field_at = Some(at + 1);
            }
            c if c as u32 == u32::from(sep) => {
                flush(&mut seg, &mut field, &mut field_at, row, col);
                col += 1;
            }
            '\n' => {
                flush(&mut seg, &mut field, &mut field_at, row, col);
                row += 1;
                col = 0;
            }
            '\r' => {}
            c => {
                field_at.get_or_insert(at);
                field.push(c);
            }
        }
    }
    if !field.is_empty() || col > 0 {
        flush(&mut seg, &mut field, &mut field_at, row, col);
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

    #[test]
    fn csv_cells_map_to_input_offsets() {
        let mut ctx = Ctx::new(Limits::default());
        let csv = b"name,ssn,note\r\n\"Doe, Jane\",123-45-6789,\"say \"\"hi\"\"\"\r\nBob,\"multi\nline\",x";
        delimited(csv, b',', &Location::file("x.csv"), &mut ctx).unwrap();
        let s = &ctx.segments[0];
        let text = s.text.clone();
        let mut mapped = 0;
        for needle in [
            "Doe, Jane",
            "123-45-6789",
            "name,ssn",
            "multi\nline",
            "Bob",
            "x",
        ] {
            let at = find(&text, needle.as_bytes());
            let (a, b) = s.input_span(at, at + needle.len()).unwrap();
            assert_eq!(&csv[a..b], needle.as_bytes(), "{needle}");
            mapped += 1;
        }
        assert_eq!(mapped, 6);
        // The doubled quotes are not in the input as the cell's text is.
        let at = find(&text, b"say \"hi\"");
        assert_eq!(s.input_span(at, at + 8), None);
        // Inside a container there are no input offsets.
        let mut nested = Ctx::new(Limits::default());
        nested.depth = 1;
        delimited(csv, b',', &Location::file("x.csv"), &mut nested).unwrap();
        assert!(nested.segments[0].origin.is_empty());
    }

    fn find(hay: &[u8], needle: &[u8]) -> usize {
        hay.windows(needle.len()).position(|w| w == needle).unwrap()
    }
}
