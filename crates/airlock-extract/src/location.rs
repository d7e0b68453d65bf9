//! Where text came from: a location a person can act on (file inside an archive, page, sheet
//! and cell, slide and part, paragraph or line), and segments of extracted text that carry
//! finer locations at byte offsets (cells of a sheet, paragraphs of a document).

use serde::Serialize;

/// A place in a document. Every field is optional; what is set depends on the format.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, with archive nesting as `outer.zip/inner/doc.docx`; e-mail attachments as
    /// `mail.eml/attachment.pdf`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The part of the document: `body`, `header`, `footer`, `comments`, `slide 3`,
    /// `slide 3 notes`, `subject`...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// 1-based page (PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Sheet name (spreadsheets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Cell reference such as `C14` (spreadsheets, CSV).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// 1-based paragraph within the part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// 1-based line (plain text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl Location {
    /// A location in `file`.
    pub fn file(name: impl Into<String>) -> Location {
        Location {
            file: Some(name.into()),
            ..Location::default()
        }
    }

    /// This location with `part` set.
    pub fn with_part(&self, part: impl Into<String>) -> Location {
        Location {
            part: Some(part.into()),
            ..self.clone()
        }
    }

    /// A location inside a member of this one (an archive entry, an attachment): the member's
    /// path is appended to the file path.
    pub fn member(&self, name: &str) -> Location {
        let file = match &self.file {
            Some(f) if !f.is_empty() => format!("{f}/{name}"),
            _ => name.to_string(),
        };
        Location::file(file)
    }

    /// `self` refined by `finer`: every field `finer` sets wins.
    pub fn refine(&self, finer: &Location) -> Location {
        Location {
            file: finer.file.clone().or_else(|| self.file.clone()),
            part: finer.part.clone().or_else(|| self.part.clone()),
            page: finer.page.or(self.page),
            sheet: finer.sheet.clone().or_else(|| self.sheet.clone()),
            cell: finer.cell.clone().or_else(|| self.cell.clone()),
            paragraph: finer.paragraph.or(self.paragraph),
            line: finer.line.or(self.line),
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if let Some(x) = &self.file {
            parts.push(x.clone());
        }
        if let Some(x) = &self.part {
            parts.push(x.clone());
        }
        if let Some(x) = self.page {
            parts.push(format!("page {x}"));
        }
        if let Some(x) = &self.sheet {
            parts.push(format!("sheet {x}"));
        }
        if let Some(x) = &self.cell {
            parts.push(format!("cell {x}"));
        }
        if let Some(x) = self.paragraph {
            parts.push(format!("paragraph {x}"));
        }
        if let Some(x) = self.line {
            parts.push(format!("line {x}"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// A finer location inside a segment, kept small (a spreadsheet can have millions of cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A cell, 0-based row and column (shown as `C14`).
    Cell {
        /// Row, from 0.
        row: u32,
        /// Column, from 0.
        col: u32,
    },
    /// A paragraph, from 1.
    Paragraph(u32),
    /// A page, from 1.
    Page(u32),
}

/// `A`, `B`, ... `Z`, `AA`, ... for a 0-based column.
pub fn column_name(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A run of extracted text with its location, and finer locations at byte offsets into it
/// (sorted by offset): the finding at offset `o` is at `location` refined by the last mark at
/// or before `o` (and by its line, for plain text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    /// Where the whole segment is.
    pub location: Location,
    /// The text (UTF-8 for extracted formats; the original bytes for plain text files, whose
    /// encoding the classifier detects).
    pub text: Vec<u8>,
    /// Finer locations by byte offset, ascending.
    pub marks: Vec<(usize, Mark)>,
    /// Locate offsets by line number (plain text).
    pub by_line: bool,
    /// Where the segment's bytes are verbatim in the extracted input, ascending and not
    /// overlapping (see [`Segment::input_span`]). Empty when none of them are (decoded,
    /// decompressed or rebuilt text, content inside a container).
    pub origin: Vec<Run>,
    /// Start offsets of the lines of `text`, built on first use by [`Segment::location_at`].
    lines: std::sync::OnceLock<Vec<usize>>,
}

/// Bytes of a segment that are a verbatim copy of the input: `len` bytes at segment offset
/// `seg` are the input's bytes at offset `input`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Offset in the segment's text.
    pub seg: usize,
    /// Offset in the input.
    pub input: usize,
    /// Length in bytes.
    pub len: usize,
}

impl Segment {
    /// A segment without finer locations.
    pub fn new(location: Location, text: impl Into<Vec<u8>>) -> Segment {
        Segment {
            location,
            text: text.into(),
            marks: Vec::new(),
            by_line: false,
            origin: Vec::new(),
            lines: std::sync::OnceLock::new(),
        }
    }

    /// Appends text with a finer location (a cell, a paragraph), separated from what came
    /// before by `sep`.
    #[inline]
    pub fn push(&mut self, sep: &str, mark: Mark, text: &str) {
        if !self.text.is_empty() {
            self.text.extend_from_slice(sep.as_bytes());
        }
        self.marks.push((self.text.len(), mark));
        self.text.extend_from_slice(text.as_bytes());
    }

    /// Records that `len` bytes at segment offset `seg` are the input's bytes at `input`
    /// (callers append in ascending `seg` order). A run that continues the previous one in
    /// both the segment and the input, or is separated from it by one byte equal in both, is
    /// merged into it, so a finding that spans cells of a CSV row still maps to the input.
    pub fn add_run(&mut self, seg: usize, input: usize, len: usize, input_bytes: &[u8]) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.origin.last_mut() {
            let (seg_end, input_end) = (last.seg + last.len, last.input + last.len);
            if seg < seg_end {
                return;
            }
            if seg == seg_end && input == input_end {
                last.len += len;
                return;
            }
            if seg == seg_end + 1
                && input == input_end + 1
                && self.text.get(seg_end).is_some()
                && self.text.get(seg_end) == input_bytes.get(input_end)
            {
                last.len += len + 1;
                return;
            }
        }
        self.origin.push(Run { seg, input, len });
    }

    /// Marks the whole segment as the input's bytes from offset `input` (plain text).
    pub fn verbatim_at(&mut self, input: usize) {
        self.origin = vec![Run {
            seg: 0,
            input,
            len: self.text.len(),
        }];
    }

    /// The input offsets of the segment's bytes `start..end`, when they all lie in one
    /// verbatim run (then the input's bytes there are exactly the segment's).
    pub fn input_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let i = self.origin.partition_point(|r| r.seg <= start);
        let run = self.origin.get(i.checked_sub(1)?)?;
        (end >= start && end <= run.seg + run.len)
            .then(|| (run.input + (start - run.seg), run.input + (end - run.seg)))
    }

    /// The location of byte offset `offset`. Lines are found in an index built once per
    /// segment, so locating every finding of a dense file costs O(log n) each.
    pub fn location_at(&self, offset: usize) -> Location {
        let mut loc = self.location.clone();
        let i = self.marks.partition_point(|(o, _)| *o <= offset);
        if let Some((_, mark)) = i.checked_sub(1).and_then(|i| self.marks.get(i)) {
            match *mark {
                Mark::Cell { row, col } => {
                    loc.cell = Some(format!("{}{}", column_name(col), u64::from(row) + 1))
                }
                Mark::Paragraph(p) => loc.paragraph = Some(p),
                Mark::Page(p) => loc.page = Some(p),
            }
        }
        if self.by_line {
            let lines = self.lines.get_or_init(|| line_starts(&self.text));
            let line = lines.partition_point(|&s| s <= offset.min(self.text.len()));
            loc.line = u32::try_from(line.max(1)).ok();
        }
        loc
    }
}

/// Start offsets of the lines of `text` (the first line starts at 0).
pub fn line_starts(text: &[u8]) -> Vec<usize> {
    let mut out = vec![0];
    out.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_locate_offsets() {
        let mut s = Segment::new(Location::file("a.xlsx").with_part("sheet"), "");
        s.push("\t", Mark::Cell { row: 0, col: 0 }, "name");
        s.push("\t", Mark::Cell { row: 13, col: 2 }, "ssn");
        assert_eq!(s.location_at(0).cell.as_deref(), Some("A1"));
        assert_eq!(s.location_at(5).cell.as_deref(), Some("C14"));
        assert_eq!(s.location_at(4).cell.as_deref(), Some("A1"));
        assert_eq!(s.location_at(5).file.as_deref(), Some("a.xlsx"));
        assert_eq!(
            Location::file("a.zip").member("b/c.docx").file.as_deref(),
            Some("a.zip/b/c.docx")
        );
        assert_eq!(s.location_at(5).to_string(), "a.xlsx, sheet, cell C14");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        let mut t = Segment::new(Location::file("x.txt"), "a\nb\nc");
        t.by_line = true;
        assert_eq!(t.location_at(4).line, Some(3));
        assert_eq!(t.location_at(0).line, Some(1));
        assert_eq!(t.location_at(1).line, Some(1));
        assert_eq!(t.location_at(2).line, Some(2));
        assert_eq!(t.location_at(99).line, Some(3));
    }

    #[test]
    fn runs_map_segment_spans_to_the_input() {
        let input = b"xx,alpha,beta\r\ngamma";
        let mut s = Segment::new(Location::file("a.csv"), "");
        s.push(",", Mark::Cell { row: 0, col: 0 }, "xx");
        s.add_run(0, 0, 2, input);
        s.push(",", Mark::Cell { row: 0, col: 1 }, "alpha");
        s.add_run(3, 3, 5, input);
        s.push(",", Mark::Cell { row: 0, col: 2 }, "beta");
        s.add_run(9, 9, 4, input);
        s.push("\n", Mark::Cell { row: 1, col: 0 }, "gamma");
        s.add_run(14, 15, 5, input);
        assert_eq!(s.origin.len(), 2, "{:?}", s.origin);
        assert_eq!(s.input_span(3, 13), Some((3, 13)));
        assert_eq!(s.input_span(14, 19), Some((15, 20)));
        assert_eq!(s.input_span(12, 16), None, "spans the CRLF");
        for (a, b) in [(0, 2), (3, 8), (9, 13), (14, 19), (0, 13)] {
            let (x, y) = s.input_span(a, b).unwrap();
            assert_eq!(&input[x..y], &s.text[a..b]);
        }
    }
}
