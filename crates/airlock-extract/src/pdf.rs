//! PDF: the text layer, page by page, as one segment with a `Mark::Page` per page, read with
//! lopdf (whose loader and stream decoders bound decompression; pdf-extract decompresses
//! without limits and panics on malformed content, so it is not used). The content streams
//! are interpreted by [`text`], which places strings by the fonts' glyph widths.
//!
//! Annotations (comments, part `comments`) and the values of filled-in form fields (part
//! `form fields`) are read too, located by page: they are data the page does not draw.
//!
//! An encrypted PDF (one that needs a password to open) is `encrypted`; one that does not load,
//! or whose end-of-file marker is missing (truncated), or whose page content cannot be read to
//! the end, is `corrupt` (text read before the damage is kept); one with pages but no text at
//! all (scanned images) is `unsupported`, never clean. The time budget is checked between pages
//! and while content is read.

#[path = "pdf_text.rs"]
mod text;

use crate::budget::{Ctx, Res};
use crate::location::{Location, Mark, Segment};
use crate::outcome::Unscannable;
use lopdf::{Document, LoadOptions, Object};

const WHAT: &str = "PDF";

/// Reads a PDF.
pub(crate) fn pdf(bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let limit = usize::try_from(ctx.limits.max_decompressed_bytes).unwrap_or(usize::MAX);
    let doc = Ctx::guard(WHAT, || load(bytes, limit))?;
    // lopdf opens a PDF encrypted with an empty user password (only an owner password, which
    // restricts printing or copying) by itself: its text is readable, and read. One that still
    // carries `/Encrypt` needs a password.
    if doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(Unscannable::encrypted(WHAT));
    }
    let mut out = Out {
        text: Segment::new(loc.clone(), Vec::new()),
        comments: Segment::new(loc.with_part("comments"), Vec::new()),
        fields: Segment::new(loc.with_part("form fields"), Vec::new()),
        damaged: false,
    };
    let read = Ctx::guard(WHAT, || pages(&doc, ctx, limit, &mut out));
    let has_text = out.text.text.iter().any(|b| !b.is_ascii_whitespace());
    let damaged = out.damaged;
    ctx.push(out.text)?;
    ctx.push(out.comments)?;
    ctx.push(out.fields)?;
    let page_count = read?;
    if damaged {
        return Err(Unscannable::corrupt(
            WHAT,
            "the content of a page could not be read to its end",
        ));
    }
    if !has_eof_marker(bytes) {
        return Err(Unscannable::corrupt(
            WHAT,
            "truncated: no end-of-file marker",
        ));
    }
    if page_count == 0 {
        return Err(Unscannable::corrupt(WHAT, "no pages"));
    }
    if !has_text {
        return Err(Unscannable::Unsupported {
            format: "PDF without a text layer (scanned images)".into(),
        });
    }
    Ok(())
}

fn load(bytes: &[u8], limit: usize) -> Res<Document> {
    let options = LoadOptions {
        max_decompressed_size: Some(limit),
        ..LoadOptions::default()
    };
    Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            Unscannable::Bomb {
                detail: "a PDF stream expands beyond the decompressed-size limit".into(),
            }
        }
        lopdf::Error::InvalidPassword
        | lopdf::Error::Decryption(_)
        | lopdf::Error::UnsupportedSecurityHandler(_) => Unscannable::encrypted(WHAT),
        e => {
            let detail: String = e.to_string().chars().take(160).collect();
            Unscannable::corrupt(WHAT, detail)
        }
    })
}

/// `%%EOF` in the last kilobyte, where readers look for it.
fn has_eof_marker(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    tail.windows(5).any(|w| w == b"%%EOF")
}

/// What is read of a PDF.
struct Out {
    /// The text layer, page by page.
    text: Segment,
    /// Annotations (sticky notes, free text) by page.
    comments: Segment,
    /// Values of form fields by page.
    fields: Segment,
    /// A page's content could not be read to its end.
    damaged: bool,
}

/// Reads every page into `out`; returns the number of pages.
fn pages(doc: &Document, ctx: &Ctx, limit: usize, out: &mut Out) -> Res<usize> {
    let pages = doc.get_pages();
    let mut reader = text::Reader::new(doc, ctx, limit, limit);
    for (&number, &id) in &pages {
        ctx.check_time()?;
        let used = out.text.text.len() + out.comments.text.len() + out.fields.text.len();
        let r = reader.page(id, used);
        out.damaged |= reader.damaged;
        let page_text = r?;
        let page_text = page_text.trim_end();
        if !page_text.is_empty() {
            out.text.push("\n", Mark::Page(number), page_text);
        }
        annotations(doc, id, number, out);
        if used > limit {
            return Err(Unscannable::Bomb {
                detail: "a PDF holds more text than the decompressed-size limit".into(),
            });
        }
    }
    Ok(pages.len())
}

/// Annotations of a page read at most.
const MAX_ANNOTATIONS: usize = 10_000;

/// The contents of a page's annotations (comments) and the values of its form fields (a
/// widget's value may be inherited from its parent field).
fn annotations(doc: &Document, page_id: lopdf::ObjectId, number: u32, out: &mut Out) {
    let Ok(page) = doc.get_dictionary(page_id) else {
        return;
    };
    let Ok(annots) = page.get_deref(b"Annots", doc).and_then(Object::as_array) else {
        return;
    };
    for annot in annots.iter().take(MAX_ANNOTATIONS) {
        let Some(dict) = doc
            .dereference(annot)
            .ok()
            .and_then(|(_, o)| o.as_dict().ok())
        else {
            continue;
        };
        if let Some(text) = dict.get_deref(b"Contents", doc).ok().and_then(text_of) {
            out.comments.push("\n", Mark::Page(number), &text);
        }
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Widget") {
            continue;
        }
        // The value, on the widget or up its field's parents.
        let mut field = Some(dict);
        for _ in 0..32 {
            let Some(f) = field else { break };
            if let Ok(v) = f.get_deref(b"V", doc) {
                let values: Vec<String> = match v {
                    Object::Array(items) => items.iter().filter_map(text_of).collect(),
                    v => text_of(v).into_iter().collect(),
                };
                for value in values {
                    out.fields.push("\n", Mark::Page(number), &value);
                }
                break;
            }
            field = f.get_deref(b"Parent", doc).and_then(Object::as_dict).ok();
        }
    }
}

/// A text string's text, when it has some.
fn text_of(o: &Object) -> Option<String> {
    let text = lopdf::decode_text_string(o).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Limits;

    /// A PDF of `objects` (numbered from 1; the first is the catalog) with a correct xref
    /// table.
    fn build(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(o);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let size = objects.len() + 1;
        out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n")
                .as_bytes(),
        );
        out
    }

    fn stream(dict: &str, content: &[u8]) -> Vec<u8> {
        let mut s = format!("<< {dict} /Length {} >>\nstream\n", content.len()).into_bytes();
        s.extend_from_slice(content);
        s.extend_from_slice(b"\nendstream");
        s
    }

    const FONT: &str =
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

    /// A PDF with one page per content stream, in Helvetica.
    fn make_pdf(pages: &[&[u8]]) -> Vec<u8> {
        let mut objects: Vec<Vec<u8>> = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            Vec::new(),
            format!("<< /Font << /F1 {FONT} >> >>").into_bytes(),
        ];
        let mut kids = Vec::new();
        for content in pages {
            let page = objects.len() + 1;
            kids.push(format!("{page} 0 R"));
            objects.push(
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 3 0 R /Contents {} 0 R >>",
                    page + 1
                )
                .into_bytes(),
            );
            objects.push(stream("", content));
        }
        objects[1] = format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes();
        build(&objects)
    }

    fn run(bytes: &[u8]) -> (Vec<Segment>, Res<()>) {
        let mut ctx = Ctx::new(Limits::default());
        let r = pdf(bytes, &Location::file("a.pdf"), &mut ctx);
        (ctx.segments, r)
    }

    fn find(segs: &[Segment], needle: &str) -> Option<Location> {
        segs.iter().find_map(|s| {
            let t = String::from_utf8_lossy(&s.text).into_owned();
            t.find(needle).map(|at| s.location_at(at))
        })
    }

    #[test]
    fn pages_are_located_and_pieces_joined() {
        let pdf = make_pdf(&[
            b"BT /F1 12 Tf 72 720 Td (First page) Tj ET",
            b"BT /F1 12 Tf 72 720 Td [(SSN 412-6) 20 (7-90) (23)] TJ 0 -14 Td (next line) Tj ET \
              BT /F1 12 Tf 72 600 Td (Card) Tj 40 0 Td (4929 3817) Tj ET",
            b"",
            b"BT /F1 12 Tf 72 720 Td (Page four) Tj ET",
        ]);
        let (segs, r) = run(&pdf);
        r.unwrap();
        let text = String::from_utf8_lossy(&segs[0].text).into_owned();
        assert!(text.contains("SSN 412-67-9023\nnext line"), "{text}");
        assert!(text.contains("Card 4929 3817"), "{text}");
        assert_eq!(find(&segs, "First").unwrap().page, Some(1));
        assert_eq!(find(&segs, "412-67").unwrap().page, Some(2));
        assert_eq!(find(&segs, "4929").unwrap().page, Some(2));
        assert_eq!(find(&segs, "four").unwrap().page, Some(4));
    }

    #[test]
    fn forms_annotations_and_form_fields_are_read() {
        let objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
              /Resources << /Font << /F1 6 0 R >> /XObject << /X1 7 0 R >> >> \
              /Annots [5 0 R 8 0 R] >>"
                .to_vec(),
            stream(
                "",
                b"BT /F1 12 Tf 72 700 Td (Body text) Tj ET q 1 0 0 1 72 600 cm /X1 Do Q",
            ),
            b"<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (note 123-45-6789) >>"
                .to_vec(),
            FONT.as_bytes().to_vec(),
            stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 200 50]",
                b"BT /F1 10 Tf 0 0 Td (stamped 987-65-4321) Tj ET",
            ),
            b"<< /Type /Annot /Subtype /Widget /Rect [0 0 10 10] /Parent 9 0 R >>".to_vec(),
            b"<< /FT /Tx /T (ssn) /V <FEFF0035003500350020003100320033> >>".to_vec(),
        ];
        let (segs, r) = run(&build(&objects));
        r.unwrap();
        let stamp = find(&segs, "stamped 987-65-4321").unwrap();
        assert_eq!((stamp.page, stamp.part), (Some(1), None));
        let note = find(&segs, "note 123-45-6789").unwrap();
        assert_eq!(
            (note.page, note.part.as_deref()),
            (Some(1), Some("comments"))
        );
        let field = find(&segs, "555 123").unwrap();
        assert_eq!(
            (field.page, field.part.as_deref()),
            (Some(1), Some("form fields"))
        );
    }

    #[test]
    fn text_is_normalized_and_read_without_its_font() {
        assert_eq!(
            text::normalize("con\u{FB01}dential\u{A0}4929\u{AD}\u{FFFD}"),
            "confidential 4929"
        );
        let pdf = make_pdf(&[b"BT /Missing 12 Tf 72 700 Td (SSN 412-67-9023) Tj ET"]);
        let (segs, r) = run(&pdf);
        r.unwrap();
        assert_eq!(find(&segs, "412-67-9023").unwrap().page, Some(1));
    }

    #[test]
    fn inline_images_are_skipped() {
        let mut content = b"BT /F1 12 Tf 72 700 Td (before) Tj ET q 8 0 0 8 0 0 cm BI /W 4 /H 4 /BPC 8 /CS /G ID "
            .to_vec();
        content.extend((0u8..16).map(|b| b.wrapping_mul(37)));
        content.extend_from_slice(b"\nEI Q BT /F1 12 Tf 72 600 Td (after 123-45-6789) Tj ET");
        let (segs, r) = run(&make_pdf(&[&content]));
        r.unwrap();
        assert!(find(&segs, "after 123-45-6789").is_some());
    }

    #[test]
    fn no_text_layer_is_unsupported_not_clean() {
        let pdf = make_pdf(&[b"q 100 0 0 100 0 0 cm 0 0 1 1 re f Q", b""]);
        let (segs, r) = run(&pdf);
        assert!(segs.is_empty());
        assert_eq!(r.unwrap_err().kind(), "unsupported");
    }

    #[test]
    fn damage_is_corrupt() {
        let pdf = make_pdf(&[b"BT /F1 12 Tf (x) Tj ET"]);
        let (_, r) = run(&pdf[..pdf.len() / 2]);
        assert_eq!(r.unwrap_err().kind(), "corrupt");
        let (_, r) = run(&pdf[..pdf.len() - 7]);
        assert_eq!(r.unwrap_err().kind(), "corrupt");
    }

    #[test]
    fn hostile_inputs_end_quickly() {
        let started = std::time::Instant::now();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for n in [0usize, 1, 10, 100, 1000, 100_000] {
            let mut bytes = b"%PDF-1.7\n".to_vec();
            for _ in 0..n {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                bytes.push(seed as u8);
            }
            let (_, r) = run(&bytes);
            assert!(r.is_err());
        }
        // Structure-shaped garbage.
        for src in [
            &b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj trailer << /Root 1 0 R >> %%EOF"[..],
            b"%PDF-1.4\n1 0 obj <<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<< endobj %%EOF",
            b"%PDF-1.4\n1 0 obj [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ endobj %%EOF",
        ] {
            let _ = run(src);
        }
        // Objects nested 100 000 deep, in the file and in a content stream.
        for open in ["[", "<< /A ", "<< /A [ "] {
            let deep = open.repeat(100_000);
            let objects = vec![
                b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
                format!("<< /Type /Page /Parent 2 0 R /Contents 4 0 R /X {deep} >>").into_bytes(),
                stream("", deep.as_bytes()),
            ];
            let _ = run(&build(&objects));
        }
        // A page tree 20 000 levels deep, and one that loops.
        let mut objects = vec![b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()];
        for i in 2..20_002 {
            objects.push(
                format!(
                    "<< /Type /Pages /Kids [{} 0 R] /Count 1 /Parent {} 0 R >>",
                    i + 1,
                    i - 1
                )
                .into_bytes(),
            );
        }
        let _ = run(&build(&objects));
        let objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >> >>"
                .to_vec(),
            stream("", b"/X Do"),
            stream("/Subtype /Form /Resources << /XObject << /X 5 0 R >> >>", b"/X Do /X Do"),
        ];
        let _ = run(&build(&objects));
        let deep = "[".repeat(100_000);
        let pdf = make_pdf(&[
            deep.as_bytes(),
            b"BT /F1 12 Tf (ok) Tj ET q q q q Q Q Q Q Q Q Q",
        ]);
        let _ = run(&pdf);
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }
}
