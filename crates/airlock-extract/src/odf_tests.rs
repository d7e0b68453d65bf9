//! Unit tests of the OpenDocument readers, on small packages built here.

use crate::budget::Limits;
use crate::extract;
use crate::ooxml::tests::{all_text, find, zip_of};

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/""#;

fn package(mime: &str, content: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("mimetype", mime.as_bytes()),
        ("content.xml", content.as_bytes()),
    ];
    entries.extend_from_slice(extra);
    zip_of(&entries)
}

const ODT: &str = "application/vnd.oasis.opendocument.text";
const ODS: &str = "application/vnd.oasis.opendocument.spreadsheet";
const ODP: &str = "application/vnd.oasis.opendocument.presentation";

#[test]
fn odt_body_comments_notes_headers() {
    let content = format!(
        r#"<office:document-content {NS}><office:body><office:text>
<text:h text:outline-level="1">Heading</text:h>
<text:p>SSN<text:s/>412-67-9023<text:tab/>x<text:s text:c="2"/>y<text:line-break/>z</text:p>
<text:p><office:annotation><dc:creator>Dana</dc:creator><dc:date>2024</dc:date><text:p>AKIA in comment</text:p></office:annotation>Token <text:span>ghp_body</text:span> here.<office:annotation-end/></text:p>
<text:list><text:list-item><text:p>list item</text:p></text:list-item></text:list>
<table:table table:name="T"><table:table-row><table:table-cell><text:p>in cell</text:p></table:table-cell></table:table-row></table:table>
<text:p>Noted<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>foot text</text:p></text:note-body></text:note> after</text:p>
</office:text></office:body></office:document-content>"#
    );
    let styles = format!(
        r#"<office:document-styles {NS}><office:master-styles><style:master-page style:name="Standard">
<style:header><text:p>dpo@example.com</text:p></style:header>
<style:footer><text:p>+44 20 7946 0372</text:p></style:footer>
</style:master-page></office:master-styles></office:document-styles>"#
    );
    let bytes = package(ODT, &content, &[("styles.xml", styles.as_bytes())]);
    let x = extract("d.odt", &bytes, &Limits::default());
    assert!(x.unscannable.is_none(), "{:?}", x.unscannable);
    assert_eq!(
        String::from_utf8_lossy(&x.segments[0].text),
        "Heading\nSSN 412-67-9023\tx  y\nz\nToken ghp_body here.\nlist item\nin cell\nNoted after"
    );
    let at = find(&x, "412-67-9023");
    assert_eq!(at.part.as_deref(), Some("body"));
    assert_eq!(at.paragraph, Some(2));
    assert_eq!(at.file.as_deref(), Some("d.odt"));
    assert_eq!(find(&x, "ghp_body").paragraph, Some(3));
    assert_eq!(find(&x, "list item").paragraph, Some(4));
    assert_eq!(find(&x, "in cell").paragraph, Some(5));
    assert_eq!(find(&x, " after").paragraph, Some(6));
    let c = find(&x, "AKIA in comment");
    assert_eq!(c.part.as_deref(), Some("comments"));
    assert_eq!(c.paragraph, Some(1));
    assert_eq!(find(&x, "foot text").part.as_deref(), Some("footnotes"));
    assert_eq!(find(&x, "dpo@example.com").part.as_deref(), Some("header"));
    assert_eq!(find(&x, "+44 20").part.as_deref(), Some("footer"));
    let text = all_text(&x);
    assert!(!text.contains("Dana") && !text.contains("2024"));
}

#[test]
fn ods_cells_repeats_hidden_and_comments() {
    let content = format!(
        r#"<office:document-content {NS}>
<office:automatic-styles>
<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>
<style:style style:name="taHidden" style:family="table"><style:table-properties table:display="false"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:table table:name="Customers" table:style-name="ta1">
<table:table-column table:number-columns-repeated="4"/>
<table:table-row><table:table-cell><text:p>Name</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>D1</text:p><text:p>second line</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="3"><text:p>3.00</text:p></table:table-cell><table:table-cell table:number-columns-repeated="3"><text:p>same</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><office:annotation><dc:creator>Me</dc:creator><text:p>note text</text:p></office:annotation><text:p>F</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1000000"><table:table-cell><text:p>rep</text:p></table:table-cell></table:table-row>
</table:table>
<table:table table:name="Secrets" table:style-name="taHidden">
<table:table-row><table:table-cell><text:p>k</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell/><table:table-cell><text:p>AKIAQ7VDNR3XWB5TYK2M</text:p></table:table-cell></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>"#
    );
    let bytes = package(ODS, &content, &[]);
    let x = extract("e.ods", &bytes, &Limits::default());
    assert!(x.unscannable.is_none(), "{:?}", x.unscannable);
    let at = find(&x, "D1");
    assert_eq!(at.sheet.as_deref(), Some("Customers"));
    assert_eq!(at.cell.as_deref(), Some("D1"));
    assert_eq!(at.part, None);
    assert_eq!(find(&x, "second line").cell.as_deref(), Some("D1"));
    assert_eq!(find(&x, "3.00").cell.as_deref(), Some("A1048002"));
    assert_eq!(find(&x, "F").cell.as_deref(), Some("F1048002"));
    let note = find(&x, "note text");
    assert_eq!(note.part.as_deref(), Some("comments"));
    assert_eq!(note.cell.as_deref(), Some("F1048002"));
    assert_eq!(note.sheet.as_deref(), Some("Customers"));
    let text = String::from_utf8_lossy(&x.segments[0].text).into_owned();
    assert_eq!(text.matches("same").count(), 3);
    assert!(text.contains("3.00\tsame\tsame\tsame\tF\n"));
    // A non-empty row repeated a million times is written a bounded number of times.
    assert_eq!(
        text.matches("rep").count(),
        super::sheet::REPEAT_CAP as usize
    );
    let at = find(&x, "AKIAQ7VDNR3XWB5TYK2M");
    assert_eq!(at.sheet.as_deref(), Some("Secrets"));
    assert_eq!(at.cell.as_deref(), Some("B2"));
    assert_eq!(at.part.as_deref(), Some("hidden sheet"));
    assert!(!all_text(&x).contains("Me"));
}

#[test]
fn odp_slides_notes_comments() {
    let content = format!(
        r#"<office:document-content {NS}><office:body><office:presentation>
<draw:page draw:name="One"><draw:frame><draw:text-box><text:p>Title one</text:p><text:p>Sub</text:p></draw:text-box></draw:frame>
<presentation:notes><draw:frame><draw:text-box><text:p>note one</text:p></draw:text-box></draw:frame></presentation:notes></draw:page>
<draw:page draw:name="Two"><draw:frame><draw:text-box><text:p>NL51 RABO 0317 4829 50</text:p></draw:text-box></draw:frame>
<office:annotation><dc:creator>Me</dc:creator><text:p>slide comment</text:p></office:annotation>
<presentation:notes><draw:frame><draw:text-box><text:p>ghp_in_notes</text:p></draw:text-box></draw:frame></presentation:notes></draw:page>
</office:presentation></office:body></office:document-content>"#
    );
    let bytes = package(ODP, &content, &[]);
    let x = extract("f.odp", &bytes, &Limits::default());
    assert!(x.unscannable.is_none(), "{:?}", x.unscannable);
    assert_eq!(
        String::from_utf8_lossy(&x.segments[0].text),
        "Title one\nSub"
    );
    assert_eq!(find(&x, "Title one").part.as_deref(), Some("slide 1"));
    assert_eq!(find(&x, "note one").part.as_deref(), Some("slide 1 notes"));
    assert_eq!(find(&x, "NL51").part.as_deref(), Some("slide 2"));
    assert_eq!(
        find(&x, "ghp_in_notes").part.as_deref(),
        Some("slide 2 notes")
    );
    assert_eq!(
        find(&x, "slide comment").part.as_deref(),
        Some("slide 2 comments")
    );
}

#[test]
fn odf_encrypted_and_corrupt() {
    let manifest = br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>"#;
    let bytes = package(
        ODT,
        "\u{1}\u{2}garbage",
        &[("META-INF/manifest.xml", manifest)],
    );
    let x = extract("g.odt", &bytes, &Limits::default());
    assert_eq!(x.unscannable.map(|u| u.kind()), Some("encrypted"));
    let bytes = zip_of(&[("mimetype", ODS.as_bytes())]);
    let x = extract("h.ods", &bytes, &Limits::default());
    assert_eq!(x.unscannable.map(|u| u.kind()), Some("corrupt"));
    let bytes = package(
        ODT,
        "<office:document-content><text:p>x</office:document-content>",
        &[],
    );
    let x = extract("i.odt", &bytes, &Limits::default());
    assert_eq!(x.unscannable.map(|u| u.kind()), Some("corrupt"));
}
