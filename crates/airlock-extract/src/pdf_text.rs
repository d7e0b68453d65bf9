//! The text of one PDF page: a small interpreter of the page's content stream (and of the form
//! XObjects it draws) that follows the text and graphics state far enough to place each string
//! on the page, using the fonts' glyph widths. Strings on the same baseline that touch are
//! joined, a gap becomes a space and a new baseline a line break, so values the generator split
//! into pieces (kerning, runs, one word per operator) come out whole, whatever the generator.
//! Every decompression is bounded, and the time budget is checked as operators are read.

use crate::budget::{Ctx, Res};
use crate::outcome::Unscannable;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId, Stream};
use std::collections::HashMap;
use std::rc::Rc;

/// Form XObjects drawn inside form XObjects, deepest.
const MAX_FORM_DEPTH: usize = 12;
/// Saved graphics states (`q`) kept; deeper saves are ignored.
const MAX_SAVED_STATES: usize = 256;
/// Entries read from a font's `/Widths` or `/W` array.
const MAX_WIDTHS: usize = 1 << 16;

/// A 2-D affine transformation `[a b c d e f]`, as PDF writes it.
type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n` (PDF's `m × n`).
fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn translate(tx: f64, ty: f64, m: &Matrix) -> Matrix {
    mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], m)
}

fn num(o: Option<&Object>) -> f64 {
    let v = o.and_then(|o| o.as_float().ok()).map_or(0.0, f64::from);
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

fn matrix(operands: &[Object]) -> Matrix {
    let m = [0, 1, 2, 3, 4, 5].map(|i| num(operands.get(i)));
    if m.iter().all(|v| *v == 0.0) {
        IDENTITY
    } else {
        m
    }
}

/// What the interpreter needs of a font.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// Codes are two bytes (a composite font), not one.
    two_byte: bool,
    first_char: i64,
    widths: Vec<f64>,
    /// Composite fonts: widths of single codes.
    singles: HashMap<i64, f64>,
    /// Composite fonts: `(first, last, width)` ranges, sorted by `first`.
    ranges: Vec<(i64, i64, f64)>,
    default_width: f64,
}

impl Font<'_> {
    fn width(&self, code: i64) -> f64 {
        if self.two_byte {
            if let Some(w) = self.singles.get(&code) {
                return *w;
            }
            let i = self.ranges.partition_point(|r| r.0 <= code);
            i.checked_sub(1)
                .and_then(|i| self.ranges.get(i))
                .filter(|r| code <= r.1)
                .map_or(self.default_width, |r| r.2)
        } else {
            usize::try_from(code - self.first_char)
                .ok()
                .and_then(|i| self.widths.get(i))
                .copied()
                .unwrap_or(self.default_width)
        }
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

fn load_font<'a>(doc: &'a Document, dict: &'a Dictionary, limit: usize) -> Res<Font<'a>> {
    let encoding = match dict.get_font_encoding_with_limit(doc, limit) {
        Ok(e) => Some(e),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(Unscannable::Bomb {
                detail: "a PDF font expands beyond the decompressed-size limit".into(),
            })
        }
        Err(_) => None,
    };
    let two_byte = dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
    let mut font = Font {
        encoding,
        two_byte,
        first_char: 0,
        widths: Vec::new(),
        singles: HashMap::new(),
        ranges: Vec::new(),
        default_width: 500.0,
    };
    if two_byte {
        let descendant = dict
            .get_deref(b"DescendantFonts", doc)
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        if let Some(d) = descendant {
            font.default_width = d
                .get_deref(b"DW", doc)
                .ok()
                .map_or(1000.0, |o| num(Some(o)));
            let w = d.get_deref(b"W", doc).and_then(Object::as_array);
            let items: Vec<&Object> = w
                .map(|a| a.iter().take(MAX_WIDTHS).collect())
                .unwrap_or_default();
            let mut i = 0;
            while let Some(first) = items.get(i).and_then(|o| o.as_i64().ok()) {
                match items.get(i + 1).and_then(|o| deref(doc, o)) {
                    Some(Object::Array(ws)) => {
                        for (k, w) in ws.iter().take(MAX_WIDTHS).enumerate() {
                            let code = first.saturating_add(i64::try_from(k).unwrap_or(0));
                            font.singles.insert(code, num(Some(w)));
                        }
                        i += 2;
                    }
                    Some(last) => {
                        let last = last.as_i64().unwrap_or(first);
                        font.ranges
                            .push((first, last, num(items.get(i + 2).copied())));
                        i += 3;
                    }
                    None => break,
                }
                if font.ranges.len() + font.singles.len() > MAX_WIDTHS {
                    break;
                }
            }
            font.ranges.sort_by_key(|r| r.0);
        }
    } else {
        font.first_char = dict
            .get_deref(b"FirstChar", doc)
            .and_then(Object::as_i64)
            .unwrap_or(0);
        if let Ok(ws) = dict.get_deref(b"Widths", doc).and_then(Object::as_array) {
            font.widths = ws
                .iter()
                .take(MAX_WIDTHS)
                .map(|w| num(deref(doc, w)))
                .collect();
        }
        let missing = dict
            .get_deref(b"FontDescriptor", doc)
            .and_then(Object::as_dict)
            .and_then(|d| d.get_deref(b"MissingWidth", doc));
        if let Ok(m) = missing {
            let m = num(Some(m));
            if m > 0.0 {
                font.default_width = m;
            }
        }
    }
    Ok(font)
}

/// Text as a reader copies it: ligatures spelled out (`ﬁ` is `fi`: "conﬁdential" must match
/// "confidential"), no-break spaces as spaces, soft hyphens and unmapped glyphs left out.
pub(super) fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            '\u{A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
            '\0' | '\u{AD}' | '\u{FFFD}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Graphics and text state saved by `q`.
#[derive(Clone)]
struct State<'a> {
    ctm: Matrix,
    font: Option<Rc<Font<'a>>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
}

/// Reads the text of pages; fonts are shared between pages.
pub(super) struct Reader<'a, 'c> {
    doc: &'a Document,
    ctx: &'c Ctx,
    /// Largest decompressed stream.
    limit: usize,
    /// Most text kept in all.
    max_total: usize,
    /// Most text kept for the current page.
    max_text: usize,
    fonts: HashMap<ObjectId, Rc<Font<'a>>>,
    /// The font of text whose font is missing.
    fallback: Rc<Font<'a>>,
    /// A content stream could not be read to its end.
    pub damaged: bool,
    text: String,
    /// Where the last string ended: x, baseline y, font height.
    last: Option<(f64, f64, f64)>,
    ops: u64,
}

impl<'a, 'c> Reader<'a, 'c> {
    pub(super) fn new(doc: &'a Document, ctx: &'c Ctx, limit: usize, max_text: usize) -> Self {
        Reader {
            doc,
            ctx,
            limit,
            max_total: max_text,
            max_text,
            fonts: HashMap::new(),
            fallback: Rc::new(Font {
                encoding: None,
                two_byte: false,
                first_char: 0,
                widths: Vec::new(),
                singles: HashMap::new(),
                ranges: Vec::new(),
                default_width: 500.0,
            }),
            damaged: false,
            text: String::new(),
            last: None,
            ops: 0,
        }
    }

    /// The text of page `page_id`; `used` bytes of text were kept before it.
    pub(super) fn page(&mut self, page_id: ObjectId, used: usize) -> Res<String> {
        self.text.clear();
        self.last = None;
        self.max_text = self.max_total.saturating_sub(used);
        let content = match self.doc.get_page_content_with_limit(page_id, self.limit) {
            Ok(c) => c,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => return Err(self.bomb()),
            Err(_) => {
                self.damaged = true;
                return Ok(String::new());
            }
        };
        let resources = match self.doc.get_page_resources(page_id) {
            Ok((direct, ids)) => {
                let mut r: Vec<&'a Dictionary> = direct.into_iter().collect();
                r.extend(
                    ids.iter()
                        .filter_map(|id| self.doc.get_dictionary(*id).ok()),
                );
                r
            }
            Err(_) => Vec::new(),
        };
        let mut state = State {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
        };
        let mut forms = Vec::new();
        self.run(&content, &resources, &mut state, &mut forms)?;
        Ok(std::mem::take(&mut self.text))
    }

    fn bomb(&self) -> Unscannable {
        Unscannable::Bomb {
            detail: "a PDF stream expands beyond the decompressed-size limit".into(),
        }
    }

    fn lookup(&self, resources: &[&'a Dictionary], kind: &[u8], name: &[u8]) -> Option<&'a Object> {
        let doc = self.doc;
        resources.iter().find_map(|r| {
            r.get_deref(kind, doc)
                .and_then(Object::as_dict)
                .ok()
                .and_then(|d| d.get(name).ok())
        })
    }

    fn font(&mut self, resources: &[&'a Dictionary], name: &[u8]) -> Res<Option<Rc<Font<'a>>>> {
        let Some(obj) = self.lookup(resources, b"Font", name) else {
            return Ok(None);
        };
        let id = obj.as_reference().ok();
        if let Some(f) = id.and_then(|id| self.fonts.get(&id)) {
            return Ok(Some(Rc::clone(f)));
        }
        let Some(dict) = deref(self.doc, obj).and_then(|o| o.as_dict().ok()) else {
            return Ok(None);
        };
        let font = Rc::new(load_font(self.doc, dict, self.limit)?);
        if let Some(id) = id {
            self.fonts.insert(id, Rc::clone(&font));
        }
        Ok(Some(font))
    }

    /// Interprets one content stream.
    fn run(
        &mut self,
        content: &[u8],
        resources: &[&'a Dictionary],
        state: &mut State<'a>,
        forms: &mut Vec<ObjectId>,
    ) -> Res<()> {
        let mut saved: Vec<State<'a>> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        for op in Content::decode_iter(content) {
            self.ops += 1;
            if self.ops % 2048 == 0 {
                self.ctx.check_time()?;
            }
            let Ok(op) = op else {
                self.damaged = true;
                break;
            };
            let o = &op.operands;
            match op.operator.as_str() {
                "q" if saved.len() < MAX_SAVED_STATES => saved.push(state.clone()),
                "Q" => {
                    if let Some(s) = saved.pop() {
                        *state = s;
                    }
                }
                "cm" => state.ctm = mul(&matrix(o), &state.ctm),
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    state.size = num(o.get(1));
                    state.font = match o.first().and_then(|n| n.as_name().ok()) {
                        Some(name) => self.font(resources, name)?,
                        None => None,
                    };
                }
                "Tc" => state.char_spacing = num(o.first()),
                "Tw" => state.word_spacing = num(o.first()),
                "Tz" => state.scale = num(o.first()) / 100.0,
                "TL" => state.leading = num(o.first()),
                "Td" | "TD" => {
                    let (tx, ty) = (num(o.first()), num(o.get(1)));
                    if op.operator == "TD" {
                        state.leading = -ty;
                    }
                    tlm = translate(tx, ty, &tlm);
                    tm = tlm;
                }
                "Tm" => {
                    tlm = matrix(o);
                    tm = tlm;
                }
                "T*" => {
                    tlm = translate(0.0, -state.leading, &tlm);
                    tm = tlm;
                }
                "Tj" => {
                    if let Some(Object::String(s, _)) = o.first() {
                        self.show(s, state, &mut tm)?;
                    }
                }
                "'" | "\"" => {
                    if op.operator == "\"" {
                        state.word_spacing = num(o.first());
                        state.char_spacing = num(o.get(1));
                    }
                    tlm = translate(0.0, -state.leading, &tlm);
                    tm = tlm;
                    if let Some(Object::String(s, _)) = o.last() {
                        self.show(s, state, &mut tm)?;
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = o.first() {
                        for item in items {
                            match item {
                                Object::String(s, _) => self.show(s, state, &mut tm)?,
                                other => {
                                    let adjust =
                                        -num(Some(other)) / 1000.0 * state.size * state.scale;
                                    tm = translate(adjust, 0.0, &tm);
                                }
                            }
                        }
                    }
                }
                "Do" => {
                    if let Some(name) = o.first().and_then(|n| n.as_name().ok()) {
                        self.form(resources, name, state, forms)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Draws form XObject `name`, if it is one.
    fn form(
        &mut self,
        resources: &[&'a Dictionary],
        name: &[u8],
        state: &State<'a>,
        forms: &mut Vec<ObjectId>,
    ) -> Res<()> {
        let Some(obj) = self.lookup(resources, b"XObject", name) else {
            return Ok(());
        };
        let Ok(id) = obj.as_reference() else {
            return Ok(());
        };
        if forms.len() >= MAX_FORM_DEPTH || forms.contains(&id) {
            return Ok(());
        }
        let Ok(stream): Result<&'a Stream, _> = self.doc.get_object(id).and_then(Object::as_stream)
        else {
            return Ok(());
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return Ok(());
        }
        let content = match stream.decompressed_content_with_limit(self.limit) {
            Ok(c) => c,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => return Err(self.bomb()),
            Err(_) => {
                self.damaged = true;
                return Ok(());
            }
        };
        let own = stream
            .dict
            .get_deref(b"Resources", self.doc)
            .and_then(Object::as_dict)
            .ok();
        let inner: Vec<&'a Dictionary> = match own {
            Some(r) => std::iter::once(r)
                .chain(resources.iter().copied())
                .collect(),
            None => resources.to_vec(),
        };
        let m = match stream.dict.get(b"Matrix").and_then(Object::as_array) {
            Ok(a) => matrix(a),
            Err(_) => IDENTITY,
        };
        let mut inner_state = state.clone();
        inner_state.ctm = mul(&m, &state.ctm);
        forms.push(id);
        let r = self.run(&content, &inner, &mut inner_state, forms);
        forms.pop();
        r
    }

    /// Shows string `s` at the text matrix `tm`, then advances it.
    fn show(&mut self, s: &[u8], state: &State<'a>, tm: &mut Matrix) -> Res<()> {
        // Text in a font that is missing or cannot be read is still text: read as Windows-1252
        // (a hostile file must not hide text behind a broken font).
        let font = state
            .font
            .clone()
            .unwrap_or_else(|| Rc::clone(&self.fallback));
        let m = mul(tm, &state.ctm);
        let (x, y) = (m[4], m[5]);
        let height = (state.size * (m[0] * m[3] - m[1] * m[2]).abs().sqrt()).abs();
        let mut decoded = String::new();
        let ok = match &font.encoding {
            Some(enc) => enc.write_to_string(s, &mut decoded).is_ok(),
            None => false,
        };
        if !ok && !font.two_byte {
            decoded = s.iter().map(|&b| crate::rtf::cp1252(b)).collect();
        }
        let decoded = normalize(&decoded);
        if !decoded.is_empty() {
            if let Some((end, base, h)) = self.last {
                let h = h.max(height);
                if (y - base).abs() > 0.5 * h {
                    if !self.text.ends_with('\n') {
                        self.text.push('\n');
                    }
                } else if (x > end + 0.12 * h || x < end - 2.0 * h)
                    && !self.text.ends_with([' ', '\n'])
                    && !decoded.starts_with(' ')
                {
                    self.text.push(' ');
                }
            }
            self.text.push_str(&decoded);
            if self.text.len() > self.max_text {
                return Err(Unscannable::Bomb {
                    detail: "a PDF draws more text than the decompressed-size limit".into(),
                });
            }
        }
        // Advance by the glyphs' widths.
        let mut advance = 0.0;
        let step = if font.two_byte { 2 } else { 1 };
        for code in s.chunks(step) {
            let c = code.iter().fold(0i64, |c, &b| c * 256 + i64::from(b));
            let mut w = font.width(c) / 1000.0 * state.size + state.char_spacing;
            if !font.two_byte && c == 32 {
                w += state.word_spacing;
            }
            advance += w * state.scale;
        }
        *tm = translate(advance, 0.0, tm);
        if !decoded.is_empty() {
            let end = mul(tm, &state.ctm);
            self.last = Some((end[4], y, height));
        }
        Ok(())
    }
}
