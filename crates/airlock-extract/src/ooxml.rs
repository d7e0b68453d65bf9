//! Office Open XML: DOCX (body, headers, footers, comments, footnotes and endnotes, by
//! paragraph), XLSX (every sheet, hidden ones included, by cell; cell comments) and PPTX
//! (slides in presentation order, their notes and comments); documents embedded in them are
//! extracted too. OLE compound files are either password-protected OOXML (`encrypted`) or
//! legacy binary Office files (`unsupported`).
//!
//! Parts are streamed (the large ones, bodies and worksheets, with a fast tokenizer, the
//! small ones with quick-xml); only text a reader of the document can see (or that is kept in
//! the file, like tracked deletions) is extracted. A missing main part or a
//! damaged package is `corrupt`, never an empty result.

#[path = "ooxml_cells.rs"]
mod cells;
#[path = "ooxml_scan.rs"]
mod scan;
#[path = "ooxml_sheet.rs"]
mod sheet;
#[cfg(test)]
#[path = "ooxml_tests.rs"]
pub(crate) mod tests;
#[path = "ooxml_xml.rs"]
pub(crate) mod xml;

use crate::budget::{Ctx, Res};
use crate::detect::{detect, Format};
use crate::location::{Location, Mark};
use crate::outcome::Unscannable;
use crate::zipread::{self, Zip};
use quick_xml::events::Event;
use scan::{local, unescape, Scanner, Tok};
use xml::{Sink, Xml};

pub(crate) use sheet::xlsx;

/// Word: the body, then headers, footers, footnotes, endnotes and comments, each a segment
/// located by paragraph; then embedded documents.
pub(crate) fn docx(bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    const WHAT: &str = "docx";
    let mut zip = zipread::open(bytes, WHAT)?;
    let names = zipread::names(&zip);
    let main = main_part(&mut zip, "word/document.xml", ctx)?;
    let Some(body) = zipread::read(&mut zip, &main, WHAT, ctx)? else {
        return Err(Unscannable::corrupt(
            WHAT,
            "the main document part is missing",
        ));
    };
    let dir = parent(&main);
    paragraphs(&body, loc.with_part("body"), WORD, ctx)?;
    drop(body);
    for (prefix, part) in [("header", "header"), ("footer", "footer")] {
        for name in numbered(&names, &format!("{dir}{prefix}"), ".xml") {
            if let Some(data) = zipread::read(&mut zip, &name, WHAT, ctx)? {
                paragraphs(&data, loc.with_part(part), WORD, ctx)?;
            }
        }
    }
    for part in ["footnotes", "endnotes", "comments"] {
        if let Some(data) = zipread::read(&mut zip, &format!("{dir}{part}.xml"), WHAT, ctx)? {
            paragraphs(&data, loc.with_part(part), WORD, ctx)?;
        }
    }
    embeddings(&mut zip, &names, &format!("{dir}embeddings/"), loc, ctx)
}

/// PowerPoint: each slide in presentation order as `slide N`, its notes as `slide N notes` and
/// its comments as `slide N comments`; then embedded documents.
pub(crate) fn pptx(bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    const WHAT: &str = "pptx";
    let mut zip = zipread::open(bytes, WHAT)?;
    let names = zipread::names(&zip);
    let main = main_part(&mut zip, "ppt/presentation.xml", ctx)?;
    let Some(pres) = zipread::read(&mut zip, &main, WHAT, ctx)? else {
        return Err(Unscannable::corrupt(
            WHAT,
            "the presentation part is missing",
        ));
    };
    let rels = relationships(&mut zip, &main, ctx)?;
    let mut slides = Vec::new();
    let text = xml::decode(&pres, WHAT)?;
    let mut x = Xml::new(&text, WHAT);
    loop {
        match x.next(ctx)? {
            Event::Start(e) if xml::local(&e) == "sldId" => {
                if let Some(id) = xml::attr_ns(&e, "id") {
                    if let Some(r) = rels.iter().find(|r| r.id == *id) {
                        slides.push(r.target.clone());
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if slides.is_empty() {
        // No usable slide list: fall back to the slide numbers.
        slides = numbered(&names, &format!("{}slides/slide", parent(&main)), ".xml");
    }
    for (i, slide) in slides.iter().enumerate() {
        let n = i + 1;
        let Some(data) = zipread::read(&mut zip, slide, WHAT, ctx)? else {
            return Err(Unscannable::corrupt(WHAT, "a listed slide is missing"));
        };
        paragraphs(&data, loc.with_part(format!("slide {n}")), DRAWING, ctx)?;
        for r in relationships(&mut zip, slide, ctx)? {
            let part = match r.kind.as_str() {
                "notesSlide" => format!("slide {n} notes"),
                "comments" => format!("slide {n} comments"),
                _ => continue,
            };
            if let Some(data) = zipread::read(&mut zip, &r.target, WHAT, ctx)? {
                paragraphs(&data, loc.with_part(part), DRAWING, ctx)?;
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

/// An OLE compound file: password-protected OOXML (`encrypted`), otherwise a legacy binary
/// Office file, which is not supported.
pub(crate) fn cfb(bytes: &[u8]) -> Res<()> {
    if cfb_encrypted(bytes)? {
        return Err(Unscannable::encrypted("Office document"));
    }
    Err(Unscannable::Unsupported {
        format: "legacy binary Office document (.doc/.xls/.ppt)".into(),
    })
}

/// Whether a compound file is an encrypted OOXML package (or rights-managed content).
fn cfb_encrypted(bytes: &[u8]) -> Res<bool> {
    Ctx::guard("OLE compound file", || {
        let file = cfb::CompoundFile::open(std::io::Cursor::new(bytes))
            .map_err(|_| Unscannable::corrupt("OLE compound file", "unreadable structure"))?;
        Ok(file.is_stream("/EncryptionInfo")
            || file.is_stream("/EncryptedPackage")
            || file.is_storage("/\u{6}DataSpaces"))
    })
}

/// Which elements carry text, for [`paragraphs`].
pub(crate) struct Dialect {
    /// Elements whose character data is text (`t`, `delText`).
    text: &'static [&'static str],
    /// Whether paragraphs are marked (`paragraph N` in locations).
    marks: bool,
}

/// WordprocessingML: `w:t` and tracked deletions; paragraphs are located.
const WORD: Dialect = Dialect {
    text: &["t", "delText"],
    marks: true,
};

/// DrawingML (slides, notes) and presentation comments (`p:text`).
const DRAWING: Dialect = Dialect {
    text: &["t", "text"],
    marks: false,
};

/// Extracts the text of a WordprocessingML or DrawingML part as one segment: one paragraph
/// per `p` (nested paragraphs, like text boxes, are their own), tabs and breaks as
/// whitespace. Fallback copies of alternate content are skipped (they repeat the choice).
/// Document bodies can be large, hence the fast tokenizer.
fn paragraphs(data: &[u8], loc: Location, dialect: Dialect, ctx: &mut Ctx) -> Res<()> {
    let what = "office document";
    let src = xml::decode(data, what)?;
    let mut sc = Scanner::new(&src, what);
    let mut sink = Sink::new(loc, ctx);
    let mut open: Vec<u32> = Vec::new();
    let mut count = 0u32;
    let mut in_text = 0u32;
    let mut in_tabs = 0u32;
    while let Some(tok) = sc.next(ctx)? {
        let key = open.last().copied().unwrap_or(0);
        let mark = (dialect.marks && key > 0).then_some(Mark::Paragraph(key));
        match tok {
            Tok::Start { name, empty, .. } => match local(name) {
                "p" | "cm" => {
                    count = count.saturating_add(1);
                    if !empty {
                        open.push(count);
                    }
                }
                "Fallback" if !empty => sc.skip(ctx)?,
                "tabs" | "tabLst" if !empty => in_tabs += 1,
                "tab" if in_tabs == 0 && in_text == 0 => sink.put(key, mark, "\t")?,
                "br" | "cr" if in_text == 0 => sink.put(key, mark, "\n")?,
                "noBreakHyphen" => sink.put(key, mark, "-")?,
                n if !empty && dialect.text.contains(&n) => in_text += 1,
                _ => {}
            },
            Tok::End { name } => match local(name) {
                "p" | "cm" => {
                    open.pop();
                }
                "tabs" | "tabLst" => in_tabs = in_tabs.saturating_sub(1),
                n if dialect.text.contains(&n) => in_text = in_text.saturating_sub(1),
                _ => {}
            },
            Tok::Text(t) if in_text > 0 => sink.put(key, mark, &unescape(t))?,
            Tok::CData(t) if in_text > 0 => sink.put(key, mark, t)?,
            _ => {}
        }
    }
    sink.finish(ctx)
}

/// A relationship of a package part.
pub(crate) struct Rel {
    /// Its id (`rId3`).
    pub id: String,
    /// The last segment of its type (`slide`, `notesSlide`, `comments`, `worksheet`...).
    pub kind: String,
    /// The package path of the target.
    pub target: String,
}

/// The internal relationships of `part` (none when it has no relationships part).
pub(crate) fn relationships(zip: &mut Zip<'_>, part: &str, ctx: &mut Ctx) -> Res<Vec<Rel>> {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let rels_name = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let Some(data) = zipread::read(zip, &rels_name, "office document", ctx)? else {
        return Ok(Vec::new());
    };
    let src = xml::decode(&data, "office document")?;
    let mut x = Xml::new(&src, "office document");
    let mut out = Vec::new();
    loop {
        match x.next(ctx)? {
            Event::Start(e) if xml::local(&e) == "Relationship" => {
                let external = xml::attr(&e, "TargetMode").is_some_and(|m| m == "External");
                let (Some(id), Some(kind), Some(target)) = (
                    xml::attr(&e, "Id"),
                    xml::attr(&e, "Type"),
                    xml::attr(&e, "Target"),
                ) else {
                    continue;
                };
                if external {
                    continue;
                }
                out.push(Rel {
                    id: id.into_owned(),
                    kind: kind.rsplit('/').next().unwrap_or_default().to_string(),
                    target: resolve(&parent(part), &target),
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The main part of the package as the package relationships name it (`default` when they
/// do not, or name one that is absent).
fn main_part(zip: &mut Zip<'_>, default: &str, ctx: &mut Ctx) -> Res<String> {
    let rels = relationships(zip, "", ctx)?;
    Ok(rels
        .into_iter()
        .find(|r| r.kind == "officeDocument" && zip.index_for_name(&r.target).is_some())
        .map_or_else(|| default.to_string(), |r| r.target))
}

/// The folder of a part, with a trailing slash (empty at the root).
pub(crate) fn parent(part: &str) -> String {
    part.rsplit_once('/')
        .map_or_else(String::new, |(d, _)| format!("{d}/"))
}

/// Resolves a relationship target against the folder `dir` (`../comments1.xml` from
/// `xl/worksheets/` is `xl/comments1.xml`), percent-decoded.
pub(crate) fn resolve(dir: &str, target: &str) -> String {
    let target = percent_decode(target);
    let mut out: Vec<&str> = Vec::new();
    let joined;
    let path = match target.strip_prefix('/') {
        Some(abs) => abs,
        None => {
            joined = format!("{dir}{target}");
            &joined
        }
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b.get(i), hex) {
            (Some(b'%'), Some(v)) => {
                out.push(v);
                i += 3;
            }
            (Some(&c), _) => {
                out.push(c);
                i += 1;
            }
            (None, _) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parts named `{prefix}N{suffix}` (N a number, possibly empty), in numeric order.
pub(crate) fn numbered(names: &[String], prefix: &str, suffix: &str) -> Vec<String> {
    let mut found: Vec<(u64, &String)> = names
        .iter()
        .filter_map(|n| {
            let mid = n.strip_prefix(prefix)?.strip_suffix(suffix)?;
            if !mid.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some((mid.parse().unwrap_or(0), n))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, n)| n.clone()).collect()
}

/// Extracts the documents embedded under `prefix` (spreadsheets in a Word file...) as members
/// (`report.docx/word/embeddings/Sheet.xlsx`). Encrypted embedded packages make the whole
/// file unscannable; legacy OLE objects (equations, drawings) and images are skipped.
pub(crate) fn embeddings(
    zip: &mut Zip<'_>,
    names: &[String],
    prefix: &str,
    loc: &Location,
    ctx: &mut Ctx,
) -> Res<()> {
    for name in names
        .iter()
        .filter(|n| n.starts_with(prefix) && !n.ends_with('/'))
    {
        ctx.count_entry()?;
        let Some(data) = zipread::read(zip, name, "embedded object", ctx)? else {
            continue;
        };
        match detect(&data) {
            Format::Cfb if cfb_encrypted(&data)? => {
                return Err(Unscannable::encrypted("embedded Office document"));
            }
            Format::Docx
            | Format::Xlsx
            | Format::Pptx
            | Format::Odt
            | Format::Ods
            | Format::Odp
            | Format::Pdf
            | Format::Rtf
            | Format::Zip
            | Format::Gzip
            | Format::Tar => crate::member(name, &data, loc, ctx)?,
            _ => {}
        }
    }
    Ok(())
}
