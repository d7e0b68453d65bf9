//! Unit tests of the OOXML readers, on small packages built here.

use crate::budget::Limits;
use crate::{extract, Extraction, Location};
use std::io::Write;

/// A ZIP package of `(name, content)` entries.
pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Where `needle` was found (the first time), or a panic listing the segments.
pub(crate) fn find(x: &Extraction, needle: &str) -> Location {
    for s in &x.segments {
        let text = String::from_utf8_lossy(&s.text);
        if let Some(at) = text.find(needle) {
            return s.location_at(at);
        }
    }
    panic!("{needle:?} not found in {:#?}", x.segments);
}

pub(crate) fn all_text(x: &Extraction) -> String {
    x.segments
        .iter()
        .map(|s| String::from_utf8_lossy(&s.text).into_owned())
        .collect::<Vec<_>>()
        .join("\n---\n")
}

const CT: (&str, &[u8]) = ("[Content_Types].xml", b"<Types/>");
const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn docx_bytes(document: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut entries = vec![CT, ("word/document.xml", document.as_bytes())];
    entries.extend_from_slice(extra);
    zip_of(&entries)
}

#[test]
fn docx_parts_and_paragraphs() {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Title</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:t xml:space="preserve">SSN </w:t></w:r><w:r><w:t>412-67-</w:t></w:r><w:r><w:t>9023</w:t><w:tab/><w:t>A&amp;B</w:t><w:br/><w:t>next</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell one</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>cell two</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del></w:p>
<w:p><w:r><w:t>before box</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent><w:p><w:r><w:t>in the box</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>FALLBACK COPY</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>after box</w:t></w:r></w:p>
</w:body></w:document>"#
    );
    let header = format!(r#"<w:hdr {W}><w:p><w:r><w:t>dpo@example.com</w:t></w:r></w:p></w:hdr>"#);
    let footer = format!(r#"<w:ftr {W}><w:p><w:r><w:t>+44 20 7946 0372</w:t></w:r></w:p></w:ftr>"#);
    let comments = format!(
        r#"<w:comments {W}><w:comment w:id="0" w:author="A"><w:p><w:r><w:t>AKIAZ3MXQ4LWZ7QK2PNR</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let notes = format!(
        r#"<w:footnotes {W}><w:footnote w:id="1"><w:p><w:r><w:t>foot text</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let bytes = docx_bytes(
        &doc,
        &[
            ("word/header1.xml", header.as_bytes()),
            ("word/footer2.xml", footer.as_bytes()),
            ("word/comments.xml", comments.as_bytes()),
            ("word/footnotes.xml", notes.as_bytes()),
        ],
    );
    let x = extract("a.docx", &bytes, &Limits::default());
    assert!(x.unscannable.is_none(), "{:?}", x.unscannable);
    let body = String::from_utf8_lossy(&x.segments[0].text).into_owned();
    assert_eq!(
        body,
        "Title\nSSN 412-67-9023\tA&B\nnext\ncell one\ncell two\ndeleted words\nbefore box\nin the box\nafter box"
    );
    let at = find(&x, "412-67-9023");
    assert_eq!(at.part.as_deref(), Some("body"));
    assert_eq!(at.paragraph, Some(3));
    assert_eq!(at.file.as_deref(), Some("a.docx"));
    assert_eq!(find(&x, "cell two").paragraph, Some(5));
    assert_eq!(find(&x, "in the box").paragraph, Some(8));
    assert_eq!(find(&x, "after box").paragraph, Some(7));
    assert_eq!(find(&x, "dpo@example.com").part.as_deref(), Some("header"));
    assert_eq!(find(&x, "+44 20").part.as_deref(), Some("footer"));
    let c = find(&x, "AKIA");
    assert_eq!(c.part.as_deref(), Some("comments"));
    assert_eq!(c.paragraph, Some(1));
    assert_eq!(find(&x, "foot text").part.as_deref(), Some("footnotes"));
    assert!(!all_text(&x).contains("HYPERLINK"));
    assert!(!all_text(&x).contains("FALLBACK"));
}

#[test]
fn docx_problems_are_unscannable() {
    // A document part that is not well-formed XML.
    let bytes = docx_bytes("<w:document><w:body><w:p></w:body>", &[]);
    let x = extract("a.docx", &bytes, &Limits::default());
    assert_eq!(x.unscannable.map(|u| u.kind()), Some("corrupt"));
    // Truncated: no central directory.
    let good = docx_bytes(&format!("<w:document {W}/>"), &[]);
    let x = extract("a.docx", &good[..good.len() / 2], &Limits::default());
    assert_eq!(x.unscannable.map(|u| u.kind()), Some("corrupt"));
    // The main part missing.
    let mut ctx = crate::budget::Ctx::new(Limits::default());
    let bytes = zip_of(&[CT]);
    let err = super::docx(&bytes, &Location::file("a.docx"), &mut ctx).unwrap_err();
    assert_eq!(err.kind(), "corrupt");
}

#[test]
fn docx_embedded_workbook_is_read() {
    let inner = xlsx_bytes();
    let doc = format!(
        r#"<w:document {W}><w:body><w:p><w:r><w:t>see sheet</w:t></w:r></w:p></w:body></w:document>"#
    );
    let bytes = docx_bytes(&doc, &[("word/embeddings/Sheet1.xlsx", &inner)]);
    let x = extract("r.docx", &bytes, &Limits::default());
    assert!(x.unscannable.is_none(), "{:?}", x.unscannable);
    let at = find(&x, "AKIAQ7VDNR3XWB5TYK2M");
    assert_eq!(
        at.file.as_deref(),
        Some("r.docx/word/embeddings/Sheet1.xlsx")
    );
    assert_eq!(at.sheet.as_deref(), Some("Secrets"));
    assert_eq!(at.cell.as_deref(), Some("B2"));
}

const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn xlsx_bytes() -> Vec<u8> {
    let book = format!(
        r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{R}"><sheets>
<sheet name="Customers" sheetId="1" r:id="rId1"/>
<sheet name="Secrets" sheetId="2" state="hidden" r:id="rId2"/>
<sheet name="Deep" sheetId="3" state="veryHidden" r:id="rId3"/>
</sheets></workbook>"#
    );
    let rels = format!(
        r#"<Relationships xmlns="{RELS_NS}">
<Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{R}/worksheet" Target="/xl/worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="{R}/worksheet" Target="worksheets/sheet3.xml"/>
<Relationship Id="rId9" Type="{R}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"#
    );
    let strings = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t>Name</t></si>
<si><r><t>maria.</t></r><r><rPr><b/></rPr><t>gonzalez@example.org</t></r><rPh><t>PHONETIC</t></rPh></si>
<si><t>aws_access_key_id</t></si>
<si><t>AKIAQ7VDNR3XWB5TYK2M</t></si>
</sst>"#;
    let sheet1 = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>inline text</t></is></c></row>
<row r="5"><c r="B5" t="s"><v>1</v></c><c r="AA5"><v>4929381755026147</v></c><c t="b"><v>1</v></c></row>
<row><c><f>SUM(A1)</f><v>1.5E+20</v></c><c r="C6" t="str"><f>X</f><v>formula text</v></c><c r="D6"/></row>
</sheetData></worksheet>"#;
    let sheet2 = r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>2</v></c></row><row r="2"><c r="B2" t="s"><v>3</v></c></row></sheetData></worksheet>"#;
    let sheet3 = r#"<worksheet><sheetData><row r="3"><c r="C3"><v>31337</v></c></row></sheetData></worksheet>"#;
    let sheet1_rels = format!(
        r#"<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{R}/comments" Target="../comments1.xml"/></Relationships>"#
    );
    let comments = r#"<comments><authors><author>Me</author></authors><commentList>
<comment ref="D14" authorId="0"><text><r><t>Me:</t></r><r><t xml:space="preserve"> key in comment</t></r></text></comment>
</commentList></comments>"#;
    zip_of(&[
        CT,
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/sharedStrings.xml", strings.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet1.as_bytes()),
        ("xl/worksheets/sheet2.xml", sheet2.as_bytes()),
        ("xl/worksheets/sheet3.xml", sheet3.as_bytes()),
        (
            "xl/worksheets/_rels/sheet1.xml.rels",
            sheet1_rels.as_bytes(),
        ),
        ("xl/comments1.xml", comments.as_bytes()),
    ])
}

#[test]
fn xlsx_cells_sheets_and_comments() {
    let x = extract("b.xlsx", &xlsx_bytes(), &Limits::default());
    assert!(x.unscannable.is_none(), "{:?}", x.unscannable);
    let at = find(&x, "maria.gonzalez@example.org");
    assert_eq!(at.sheet.as_deref(), Some("Customers"));
    assert_eq!(at.cell.as_deref(), Some("B5"));
    assert_eq!(at.part, None);
    assert_eq!(find(&x, "inline text").cell.as_deref(), Some("C1"));
    assert_eq!(find(&x, "4929381755026147").cell.as_deref(), Some("AA5"));
    assert_eq!(find(&x, "TRUE").cell.as_deref(), Some("AB5"));
    assert_eq!(find(&x, "1.5E+20").cell.as_deref(), Some("A6"));
    assert_eq!(find(&x, "formula text").cell.as_deref(), Some("C6"));
    let at = find(&x, "AKIAQ7VDNR3XWB5TYK2M");
    assert_eq!(at.sheet.as_deref(), Some("Secrets"));
    assert_eq!(at.cell.as_deref(), Some("B2"));
    assert_eq!(at.part.as_deref(), Some("hidden sheet"));
    let at = find(&x, "31337");
    assert_eq!(at.sheet.as_deref(), Some("Deep"));
    assert_eq!(at.part.as_deref(), Some("hidden sheet"));
    let at = find(&x, "key in comment");
    assert_eq!(at.part.as_deref(), Some("comments"));
    assert_eq!(at.sheet.as_deref(), Some("Customers"));
    assert_eq!(at.cell.as_deref(), Some("D14"));
    let text = all_text(&x);
    assert!(!text.contains("PHONETIC") && !text.contains("SUM("));
    assert!(
        text.starts_with("Name\tinline text\nmaria.gonzalez@example.org\t4929381755026147\tTRUE\n")
    );
}

#[test]
fn cell_references() {
    use super::sheet::cell_ref;
    assert_eq!(cell_ref("A1"), Some((0, 0)));
    assert_eq!(cell_ref("C14"), Some((13, 2)));
    assert_eq!(cell_ref("$AA$10"), Some((9, 26)));
    assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
    assert_eq!(cell_ref("A0"), None);
    assert_eq!(cell_ref("12"), None);
    assert_eq!(cell_ref("A"), None);
    assert_eq!(cell_ref("ZZZZZZZZZZ1"), None);
    assert_eq!(cell_ref(" b2 "), Some((1, 1)));
    assert_eq!(cell_ref("ABCD1"), Some((0, 19_009)));
    assert_eq!(cell_ref("A12345678"), Some((12_345_677, 0)));
    assert_eq!(cell_ref("A1B"), None);
}

#[test]
fn pptx_slides_in_presentation_order_with_notes_and_comments() {
    let pres = format!(
        r#"<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="{R}">
<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>
<p:sldIdLst><p:sldId id="256" r:id="rId3"/><p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>"#
    );
    let rels = format!(
        r#"<Relationships xmlns="{RELS_NS}">
<Relationship Id="rId1" Type="{R}/slideMaster" Target="slideMasters/slideMaster1.xml"/>
<Relationship Id="rId2" Type="{R}/slide" Target="slides/slide1.xml"/>
<Relationship Id="rId3" Type="{R}/slide" Target="slides/slide2.xml"/>
</Relationships>"#
    );
    let slide = |t: &str| {
        format!(
            r#"<p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>{t}</a:t></a:r><a:br/><a:r><a:t>line two</a:t></a:r></a:p><a:p><a:r><a:t>para two</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#
        )
    };
    let s1 = slide("second in order");
    let s2 = slide("first in order");
    let s1_rels = format!(
        r#"<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{R}/notesSlide" Target="../notesSlides/notesSlide7.xml"/><Relationship Id="rId2" Type="{R}/comments" Target="../comments/comment1.xml"/></Relationships>"#
    );
    let notes = r#"<p:notes xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>ghp_token_in_notes</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>"#;
    let comments = r#"<p:cmLst xmlns:p="p"><p:cm authorId="0"><p:pos x="1" y="1"/><p:text>a comment</p:text></p:cm></p:cmLst>"#;
    let bytes = zip_of(&[
        CT,
        ("ppt/presentation.xml", pres.as_bytes()),
        ("ppt/_rels/presentation.xml.rels", rels.as_bytes()),
        ("ppt/slides/slide1.xml", s1.as_bytes()),
        ("ppt/slides/slide2.xml", s2.as_bytes()),
        ("ppt/slides/_rels/slide1.xml.rels", s1_rels.as_bytes()),
        ("ppt/notesSlides/notesSlide7.xml", notes.as_bytes()),
        ("ppt/comments/comment1.xml", comments.as_bytes()),
    ]);
    let x = extract("c.pptx", &bytes, &Limits::default());
    assert!(x.unscannable.is_none(), "{:?}", x.unscannable);
    assert_eq!(find(&x, "first in order").part.as_deref(), Some("slide 1"));
    assert_eq!(find(&x, "second in order").part.as_deref(), Some("slide 2"));
    assert_eq!(
        String::from_utf8_lossy(&x.segments[0].text),
        "first in order\nline two\npara two"
    );
    assert_eq!(find(&x, "ghp_token").part.as_deref(), Some("slide 2 notes"));
    assert_eq!(
        find(&x, "a comment").part.as_deref(),
        Some("slide 2 comments")
    );
    // A listed slide that is absent: corrupt.
    let bytes = zip_of(&[
        CT,
        ("ppt/presentation.xml", pres.as_bytes()),
        ("ppt/_rels/presentation.xml.rels", rels.as_bytes()),
        ("ppt/slides/slide1.xml", s1.as_bytes()),
    ]);
    let x = extract("c.pptx", &bytes, &Limits::default());
    assert_eq!(x.unscannable.map(|u| u.kind()), Some("corrupt"));
}

fn compound(streams: &[&str]) -> Vec<u8> {
    let mut c = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for s in streams {
        let mut st = c.create_stream(s).unwrap();
        st.write_all(b"0123456789").unwrap();
    }
    c.flush().unwrap();
    c.into_inner().into_inner()
}

#[test]
fn compound_files() {
    let limits = Limits::default();
    let enc = compound(&["/EncryptionInfo", "/EncryptedPackage"]);
    let x = extract("e.docx", &enc, &limits);
    assert_eq!(x.unscannable.map(|u| u.kind()), Some("encrypted"));
    let legacy = compound(&["/WordDocument", "/1Table"]);
    let x = extract("l.doc", &legacy, &limits);
    assert_eq!(x.unscannable.map(|u| u.kind()), Some("unsupported"));
    let mut broken = enc[..8].to_vec();
    broken.extend_from_slice(&[0xFF; 600]);
    let x = extract("b.doc", &broken, &limits);
    assert_eq!(x.unscannable.map(|u| u.kind()), Some("corrupt"));
}

#[test]
fn package_paths() {
    use super::{numbered, parent, resolve};
    assert_eq!(
        resolve("xl/worksheets/", "../comments1.xml"),
        "xl/comments1.xml"
    );
    assert_eq!(
        resolve("xl/", "/xl/worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml"
    );
    assert_eq!(
        resolve("ppt/", "slides/My%20Slide.xml"),
        "ppt/slides/My Slide.xml"
    );
    assert_eq!(resolve("", "../../x.xml"), "x.xml");
    assert_eq!(parent("word/document.xml"), "word/");
    assert_eq!(parent("x"), "");
    let names: Vec<String> = [
        "word/header10.xml",
        "word/header2.xml",
        "word/header.xml",
        "word/headerX.xml",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(
        numbered(&names, "word/header", ".xml"),
        ["word/header.xml", "word/header2.xml", "word/header10.xml"]
    );
}

/// A workbook whose one sheet has `rows` rows of a name (shared string), a number and an
/// escaped inline string, and the text a single pass makes of it.
fn large_xlsx(rows: u32) -> (Vec<u8>, String) {
    let (mut sheet, mut strings, mut text) = (String::new(), String::new(), String::new());
    sheet.push_str("<worksheet><sheetData>\n");
    for r in 1..=rows {
        strings.push_str(&format!("<si><t>Customer {r}</t></si>"));
        let n = 4_929_381_755_000_000u64 + u64::from(r);
        sheet.push_str(&format!(
            "<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>{}</v></c><c r=\"B{r}\"><v>{n}</v></c>\
<c r=\"C{r}\" t=\"inlineStr\"><is><t>a&amp;b {r}</t></is></c></row>\n",
            r - 1
        ));
        text.push_str(&format!("Customer {r}\t{n}\ta&b {r}\n"));
    }
    sheet.push_str("</sheetData></worksheet>");
    text.pop();
    let book = format!(
        r#"<workbook xmlns:r="{R}"><sheets><sheet name="Big" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let rels = format!(
        r#"<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
    );
    let strings = format!("<sst>{strings}</sst>");
    let bytes = zip_of(&[
        CT,
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/sharedStrings.xml", strings.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ]);
    (bytes, text)
}

#[test]
fn large_sheet_read_early_and_in_halves_as_in_one_pass() {
    // About 6 MB of sheet XML: inflated while the strings are read, and cut in two.
    let rows = 50_000;
    let (bytes, text) = large_xlsx(rows);
    let x = extract("big.xlsx", &bytes, &Limits::default());
    assert!(x.unscannable.is_none(), "{:?}", x.unscannable);
    assert_eq!(x.segments.len(), 1);
    assert!(all_text(&x) == text, "the text differs from a single pass");
    for r in [1, rows / 2, rows / 2 + 1, rows] {
        let at = find(
            &x,
            &format!("{}\t", 4_929_381_755_000_000u64 + u64::from(r)),
        );
        assert_eq!(at.cell, Some(format!("B{r}")));
        assert_eq!(at.sheet.as_deref(), Some("Big"));
        assert_eq!(find(&x, &format!("a&b {r}")).cell, Some(format!("C{r}")));
    }
    assert_eq!(x.segments[0].marks.len(), 3 * rows as usize);
    // Within the limits, whatever thread inflates: here the sheet alone is too much.
    let tight = Limits {
        max_decompressed_bytes: 4 << 20,
        ..Limits::default()
    };
    let x = extract("big.xlsx", &bytes, &tight);
    assert_eq!(x.unscannable.map(|u| u.kind()), Some("bomb"));
}

#[test]
fn sheet_bomb_is_stopped() {
    // A sheet of 32 MiB of one repeated row, past a ratio limit of 50.
    let row = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
    let mut sheet = String::from("<worksheet><sheetData>");
    while sheet.len() < 32 << 20 {
        sheet.push_str(row);
    }
    sheet.push_str("</sheetData></worksheet>");
    let (good, _) = large_xlsx(1);
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(&good)).unwrap();
    let mut entries = Vec::new();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        entries.push((f.name().unwrap().to_string(), data));
    }
    let entries: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| match n.as_str() {
            "xl/worksheets/sheet1.xml" => (n.as_str(), sheet.as_bytes()),
            _ => (n.as_str(), d.as_slice()),
        })
        .collect();
    let bomb = zip_of(&entries);
    let strict = Limits {
        max_ratio: 50,
        ..Limits::default()
    };
    let x = extract("bomb.xlsx", &bomb, &strict);
    assert_eq!(x.unscannable.map(|u| u.kind()), Some("bomb"));
}
