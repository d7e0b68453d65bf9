//! Text extraction for Airlock: turns what people upload (plain text and code, CSV/TSV, PDF,
//! DOCX/XLSX/PPTX, ODT/ODS/ODP, RTF, HTML, e-mail, JSON/XML/YAML, ZIP/TAR/GZIP archives,
//! recursively) into text segments with locations a person can act on (file, page, sheet and
//! cell, slide and part, paragraph, line), for the classifier to scan.
//!
//! Safety first: the type is detected by content, never by name; every reader works within
//! [`Limits`] (bytes, decompressed size and ratio, nesting depth, archive entries, time), and a
//! file that cannot be read completely — encrypted, truncated, corrupt, over a limit — yields an
//! explicit [`Unscannable`] reason, never an empty "clean" result and never a crash. Separate
//! from the classifier so the classifier stays dependency-light.

mod archive;
mod budget;
mod detect;
mod location;
mod outcome;
mod text;
mod zipread;

mod eml;
mod html;
mod odf;
mod ooxml;
mod pdf;
mod rtf;

pub use budget::Limits;
pub use detect::{detect, Format};
pub use location::{column_name, line_starts, Location, Mark, Run, Segment};
pub use outcome::Unscannable;

use budget::{Ctx, Res};

/// What extraction produced: the segments read, and, when the content could not be read
/// completely, why. Segments read before a problem are kept (they can still be scanned), but
/// the content as a whole is unscannable.
#[derive(Debug)]
pub struct Extraction {
    /// The detected format of the content item.
    pub format: Format,
    /// Text segments with their locations.
    pub segments: Vec<Segment>,
    /// Why the content could not be read completely, if it could not.
    pub unscannable: Option<Unscannable>,
}

impl Extraction {
    /// Total bytes of text extracted.
    pub fn text_len(&self) -> usize {
        self.segments.iter().map(|s| s.text.len()).sum()
    }
}

/// Extracts text from a content item. `name` is only used in locations (the type comes from
/// the content).
pub fn extract(name: &str, bytes: &[u8], limits: &Limits) -> Extraction {
    let format = detect(bytes);
    let mut ctx = Ctx::new(limits.clone());
    let unscannable = if bytes.len() as u64 > limits.max_bytes {
        Some(Unscannable::TooLarge {
            limit: limits.max_bytes,
        })
    } else {
        dispatch(format, bytes, &Location::file(name), &mut ctx).err()
    };
    Extraction {
        format,
        segments: ctx.segments,
        unscannable,
    }
}

/// Extracts one (possibly nested) item of a known format at `loc`.
fn dispatch(format: Format, bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    ctx.check_time()?;
    match format {
        Format::Text | Format::Json | Format::Xml => text::plain(bytes, loc, ctx),
        Format::Csv => text::delimited(bytes, b',', loc, ctx),
        Format::Tsv => text::delimited(bytes, b'\t', loc, ctx),
        Format::Html => html::html(bytes, loc, ctx),
        Format::Rtf => rtf::rtf(bytes, loc, ctx),
        Format::Pdf => pdf::pdf(bytes, loc, ctx),
        Format::Docx => ooxml::docx(bytes, loc, ctx),
        Format::Xlsx => ooxml::xlsx(bytes, loc, ctx),
        Format::Pptx => ooxml::pptx(bytes, loc, ctx),
        Format::Odt | Format::Ods | Format::Odp => odf::odf(format, bytes, loc, ctx),
        Format::Eml => eml::eml(bytes, loc, ctx),
        Format::Zip => archive::zip(bytes, loc, ctx),
        Format::Tar => archive::tar(bytes, loc, ctx),
        Format::Gzip => archive::gzip(bytes, loc, ctx),
        Format::Cfb => ooxml::cfb(bytes),
        Format::Image => Err(Unscannable::Unsupported {
            format: "image (no text layer; OCR is not available)".into(),
        }),
    }
}

/// Extracts a member of a container (an archive entry, an e-mail attachment) named `name`:
/// one level deeper, located at `loc/name`.
fn member(name: &str, bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    nested(bytes, &loc.member(name), ctx)
}

/// Extracts content one nesting level deeper at `loc`. Images inside containers (logos in
/// e-mails, pictures in archives) are skipped, as images inside documents are: there is no
/// OCR, and a content item that is itself an image is reported unsupported instead.
fn nested(bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let format = detect(bytes);
    if format == Format::Image {
        return Ok(());
    }
    ctx.depth += 1;
    if ctx.depth > ctx.limits.max_depth {
        return Err(Unscannable::TooDeep {
            limit: ctx.limits.max_depth,
        });
    }
    let r = dispatch(format, bytes, loc, ctx);
    ctx.depth -= 1;
    r
}
