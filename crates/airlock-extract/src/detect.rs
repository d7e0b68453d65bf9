//! Type detection by content (magic bytes and structure), never by file name: a renamed file
//! is still read as what it is.

use serde::Serialize;
use std::io::Cursor;

/// The formats the extractor knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text or source code (any encoding the classifier accepts).
    Text,
    /// Comma-separated values.
    Csv,
    /// Tab-separated values.
    Tsv,
    /// JSON.
    Json,
    /// XML.
    Xml,
    /// HTML.
    Html,
    /// Rich Text Format.
    Rtf,
    /// PDF.
    Pdf,
    /// Word (OOXML).
    Docx,
    /// Excel (OOXML).
    Xlsx,
    /// PowerPoint (OOXML).
    Pptx,
    /// OpenDocument text.
    Odt,
    /// OpenDocument spreadsheet.
    Ods,
    /// OpenDocument presentation.
    Odp,
    /// E-mail (RFC 5322 / MIME).
    Eml,
    /// ZIP archive.
    Zip,
    /// TAR archive.
    Tar,
    /// GZIP-compressed data.
    Gzip,
    /// An OLE compound file: an encrypted OOXML document, or a legacy binary Office file.
    Cfb,
    /// An image (no text layer to read).
    Image,
}

impl Format {
    /// The format's name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Xml => "xml",
            Format::Html => "html",
            Format::Rtf => "rtf",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Pptx => "pptx",
            Format::Odt => "odt",
            Format::Ods => "ods",
            Format::Odp => "odp",
            Format::Eml => "eml",
            Format::Zip => "zip",
            Format::Tar => "tar",
            Format::Gzip => "gzip",
            Format::Cfb => "ole",
            Format::Image => "image",
        }
    }
}

/// Detects the format of `bytes`.
pub fn detect(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return detect_zip(bytes);
    }
    if memfind(head, b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Format::Gzip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Cfb;
    }
    if bytes.len() > 262 && &bytes[257..262] == b"ustar" {
        return Format::Tar;
    }
    if bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"GIF8")
        || (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
    {
        return Format::Image;
    }
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF)
        .unwrap_or(head.len());
    let lead = &head[start..];
    let lower: Vec<u8> = lead.iter().take(512).map(u8::to_ascii_lowercase).collect();
    if lead.starts_with(b"{\\rtf") {
        return Format::Rtf;
    }
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return Format::Html;
    }
    if lower.starts_with(b"<?xml") {
        return if memfind(&lower, b"<html").is_some() {
            Format::Html
        } else {
            Format::Xml
        };
    }
    if looks_like_email(lead) {
        return Format::Eml;
    }
    if lead.starts_with(b"{") || lead.starts_with(b"[") {
        return Format::Json;
    }
    if let Some(sep) = delimited(lead, bytes.len() <= head.len()) {
        return if sep == b'\t' {
            Format::Tsv
        } else {
            Format::Csv
        };
    }
    Format::Text
}

fn memfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn detect_zip(bytes: &[u8]) -> Format {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Format::Zip;
    };
    let has = |zip: &zip::ZipArchive<Cursor<&[u8]>>, name: &str| zip.index_for_name(name).is_some();
    if has(&zip, "[Content_Types].xml") {
        if has(&zip, "word/document.xml") {
            return Format::Docx;
        }
        if has(&zip, "xl/workbook.xml") {
            return Format::Xlsx;
        }
        if has(&zip, "ppt/presentation.xml") {
            return Format::Pptx;
        }
    }
    if let Ok(mut f) = zip.by_name("mimetype") {
        let mut m = String::new();
        if std::io::Read::read_to_string(&mut std::io::Read::take(&mut f, 128), &mut m).is_ok() {
            match m.trim() {
                "application/vnd.oasis.opendocument.text" => return Format::Odt,
                "application/vnd.oasis.opendocument.spreadsheet" => return Format::Ods,
                "application/vnd.oasis.opendocument.presentation" => return Format::Odp,
                _ => {}
            }
        }
    }
    Format::Zip
}

/// RFC 5322 headers at the start: `Name: value` lines, with `From:` and one of the usual
/// message headers among them, before the first empty line.
fn looks_like_email(lead: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&lead[..lead.len().min(1024)]);
    let mut names = Vec::new();
    for line in text.lines() {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        match line.split_once(':') {
            Some((name, _))
                if !name.is_empty()
                    && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
            {
                names.push(name.to_ascii_lowercase())
            }
            _ => return false,
        }
    }
    names.iter().any(|n| n == "from")
        && names.iter().any(|n| {
            matches!(
                n.as_str(),
                "subject" | "date" | "mime-version" | "message-id" | "to" | "received"
            )
        })
}

/// The delimiter of a CSV/TSV head: at least two complete lines with the same (non-zero)
/// number of tabs, or of commas. `complete`: the head is the whole input (its last line is
/// not cut short).
fn delimited(lead: &[u8], complete: bool) -> Option<u8> {
    let text = String::from_utf8_lossy(lead);
    let lines: Vec<&str> = text.lines().take(5).collect();
    let full = if complete {
        &lines[..]
    } else {
        lines.get(..lines.len().saturating_sub(1))?
    };
    if full.len() < 2 {
        return None;
    }
    for sep in [b'\t', b','] {
        let counts: Vec<usize> = full
            .iter()
            .map(|l| l.bytes().filter(|&b| b == sep).count())
            .collect();
        if counts[0] > 0 && counts.iter().all(|&c| c == counts[0]) {
            return Some(sep);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content() {
        assert_eq!(detect(b"%PDF-1.7\n..."), Format::Pdf);
        assert_eq!(detect(b"{\\rtf1\\ansi hello}"), Format::Rtf);
        assert_eq!(detect(b"  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(detect(b"<?xml version=\"1.0\"?><a/>"), Format::Xml);
        assert_eq!(detect(b"{\"a\": 1}"), Format::Json);
        assert_eq!(detect(b"a,b,c\n1,2,3\n4,5,6\n"), Format::Csv);
        assert_eq!(detect(b"a\tb\n1\t2\n3\t4\n"), Format::Tsv);
        assert_eq!(detect(b"From: a@b.c\nSubject: hi\n\nbody"), Format::Eml);
        assert_eq!(
            detect(b"just some text, with a comma\nand more"),
            Format::Text
        );
        assert_eq!(detect(&[0x1f, 0x8b, 8, 0]), Format::Gzip);
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n"), Format::Image);
        assert_eq!(detect(b"PK\x03\x04garbage"), Format::Zip);
        assert_eq!(detect(b""), Format::Text);
    }
}
