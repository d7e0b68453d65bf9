//! E-mail (RFC 5322 / MIME), read with mail-parser: the address headers (part `headers`: From,
//! Sender, To, Cc, Bcc, Reply-To), the subject (part `subject`), text bodies (part `body`,
//! located by line) and HTML bodies through the HTML reader (part `body` too), every
//! alternative of a `multipart/alternative` (they can differ), and attachments and attached
//! messages recursively, each located as `mail.eml/<attachment name>` (`attachment-N` when it
//! has none).
//!
//! S/MIME and PGP encrypted content is `encrypted` (the headers are still read).
//!
//! An attachment that cannot be read (an image, an encrypted document) does not stop the rest
//! of the message from being read: the first such reason is reported after everything else
//! was read. Budget failures (time, size, entries) stop at once.

use crate::budget::{Ctx, Res};
use crate::location::{Location, Segment};
use crate::outcome::Unscannable;
use mail_parser::{
    Address, HeaderName, HeaderValue, Message, MessageParser, MessagePart, MimeHeaders, PartType,
};
use std::borrow::Cow;

/// Reads an e-mail message.
pub(crate) fn eml(bytes: &[u8], loc: &Location, ctx: &mut Ctx) -> Res<()> {
    let mut deferred = None;
    read(bytes, loc, ctx, &mut deferred)?;
    match deferred {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Parses and reads one message (the top one, or an attached one).
fn read(
    bytes: &[u8],
    loc: &Location,
    ctx: &mut Ctx,
    deferred: &mut Option<Unscannable>,
) -> Res<()> {
    let safe = opaque_attached_messages(bytes);
    let parsed = Ctx::guard("e-mail", || {
        MessageParser::new()
            .parse(safe.as_ref())
            .ok_or_else(|| Unscannable::corrupt("e-mail", "no message headers"))
    })?;
    let r = Ctx::guard("e-mail", || {
        message(&parsed, safe.as_ref(), loc, ctx, deferred)
    });
    dismantle(parsed);
    r
}

/// Makes mail-parser see attached messages as opaque parts, which this reader then parses
/// itself, one nesting level at a time within the depth limit. mail-parser nests attached
/// messages without a limit of its own: deep nesting overflows the stack when the tree is
/// dropped, and inside an encoded attached message it copies the whole message once per level
/// (quadratic memory). Types are changed on a copy, in `Content-Type` header lines only (as
/// mail-parser recognizes them: whitespace in the name ignored, continuation lines included):
/// `message/...` becomes `xessage/...`, and `multipart/digest` (whose parts are messages by
/// default) becomes `multipart/xigest`. The content is not otherwise changed.
fn opaque_attached_messages(bytes: &[u8]) -> Cow<'_, [u8]> {
    fn is_content_type(line: &[u8]) -> bool {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return false;
        };
        let mut name = line
            .get(..colon)
            .unwrap_or_default()
            .iter()
            .filter(|b| !b.is_ascii_whitespace());
        b"content-type"
            .iter()
            .all(|&c| name.next().is_some_and(|b| b.to_ascii_lowercase() == c))
            && name.next().is_none()
    }
    let mut out: Option<Vec<u8>> = None;
    let mut in_content_type = false;
    let mut start = 0usize;
    while start < bytes.len() {
        let end = bytes
            .get(start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(bytes.len(), |p| start + p);
        let line = bytes.get(start..end).unwrap_or_default();
        let continued = matches!(line.first(), Some(b' ' | b'\t'));
        in_content_type = (continued && in_content_type) || is_content_type(line);
        if in_content_type {
            for word in [&b"message"[..], b"digest"] {
                let mut k = 0usize;
                while k + word.len() <= line.len() {
                    let hit = line
                        .get(k..k + word.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(word));
                    if hit {
                        let o = out.get_or_insert_with(|| bytes.to_vec());
                        if let Some(b) = o.get_mut(start + k) {
                            *b = b'x';
                        }
                        k += word.len();
                    } else {
                        k += 1;
                    }
                }
            }
        }
        start = end + 1;
    }
    match out {
        Some(v) => Cow::Owned(v),
        None => Cow::Borrowed(bytes),
    }
}

/// Whether a part is an attached message made opaque by [`opaque_attached_messages`].
fn is_attached_message(part: &MessagePart<'_>) -> bool {
    part.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("xessage")
            && ct.subtype().is_some_and(|s| {
                s.eq_ignore_ascii_case("rfc822") || s.eq_ignore_ascii_case("global")
            })
    })
}

/// Drops a parsed message without recursion (a deep tree would overflow the stack).
fn dismantle(msg: Message<'_>) {
    let mut work = vec![msg];
    while let Some(mut m) = work.pop() {
        for part in m.parts.iter_mut() {
            if matches!(part.body, PartType::Message(_)) {
                if let PartType::Message(inner) = std::mem::take(&mut part.body) {
                    work.push(inner);
                }
            }
        }
    }
}

/// Whether a member's failure stops the whole message (the budget is spent) or only that
/// member.
fn fatal(e: &Unscannable) -> bool {
    matches!(
        e,
        Unscannable::Timeout { .. } | Unscannable::Bomb { .. } | Unscannable::TooManyEntries { .. }
    )
}

/// Keeps the first non-fatal failure of a member; returns fatal ones.
fn defer(r: Res<()>, deferred: &mut Option<Unscannable>) -> Res<()> {
    match r {
        Err(e) if fatal(&e) => Err(e),
        Err(e) => {
            deferred.get_or_insert(e);
            Ok(())
        }
        Ok(()) => Ok(()),
    }
}

fn address_text(a: &Address<'_>, out: &mut String) {
    let addrs = |list: &[mail_parser::Addr<'_>], out: &mut String| {
        for (n, addr) in list.iter().enumerate() {
            if n > 0 {
                out.push_str(", ");
            }
            match (addr.name(), addr.address()) {
                (Some(name), Some(address)) => {
                    out.push_str(name);
                    out.push_str(" <");
                    out.push_str(address);
                    out.push('>');
                }
                (Some(x), None) | (None, Some(x)) => out.push_str(x),
                (None, None) => {}
            }
        }
    };
    match a {
        Address::List(list) => addrs(list, out),
        Address::Group(groups) => {
            for (n, g) in groups.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                match &g.name {
                    Some(name) => {
                        out.push_str(name);
                        out.push_str(": ");
                        addrs(&g.addresses, out);
                        out.push(';');
                    }
                    None => addrs(&g.addresses, out),
                }
            }
        }
    }
}

fn value_text(v: &HeaderValue<'_>, out: &mut String) {
    match v {
        HeaderValue::Address(a) => address_text(a, out),
        HeaderValue::Text(t) => out.push_str(t),
        HeaderValue::TextList(list) => {
            for (n, t) in list.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                out.push_str(t);
            }
        }
        _ => {}
    }
}

/// The headers `names` of a message as a segment at `loc`, one `Name: value` line each. With
/// the raw message at hand (`input`, for the content item itself), each word of a value that is
/// written verbatim in its header is mapped to its input offset (see [`map_words`]).
fn headers_segment(
    msg: &Message<'_>,
    names: &[(HeaderName<'static>, &str)],
    loc: Location,
    input: Option<&[u8]>,
) -> Segment {
    let mut seg = Segment::new(loc, Vec::new());
    let Some(root) = msg.parts.first() else {
        return seg;
    };
    for (name, label) in names {
        for h in root.headers.iter().filter(|h| h.name == *name) {
            let mut value = String::new();
            value_text(&h.value, &mut value);
            if value.trim().is_empty() {
                continue;
            }
            if !seg.text.is_empty() {
                seg.text.push(b'\n');
            }
            seg.text.extend_from_slice(label.as_bytes());
            seg.text.extend_from_slice(b": ");
            let at = seg.text.len();
            seg.text.extend_from_slice(value.as_bytes());
            if let Some(input) = input {
                let raw = (h.offset_start as usize)..(h.offset_end as usize);
                map_words(&mut seg, at, input, raw);
            }
        }
    }
    seg
}

/// Maps each whitespace-separated word of `seg.text[at..]` to the input, searching `input[raw]`
/// forwards from where the previous word was found (within a short window, so a value that
/// was decoded or rebuilt costs linear time and simply stays unmapped).
fn map_words(seg: &mut Segment, at: usize, input: &[u8], raw: std::ops::Range<usize>) {
    const WINDOW: usize = 256;
    let Some(hay) = input.get(raw.clone()) else {
        return;
    };
    let text = seg.text.get(at..).unwrap_or_default().to_vec();
    let mut cursor = 0usize;
    let mut i = 0usize;
    while i < text.len() {
        if text[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let end = text[i..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(text.len(), |p| i + p);
        let word = &text[i..end];
        let window = hay.get(cursor..(cursor + WINDOW + word.len()).min(hay.len()));
        if let Some(p) = window.and_then(|w| memchr::memmem::find(w, word)) {
            seg.add_run(at + i, raw.start + cursor + p, word.len(), input);
            cursor += p + word.len();
        }
        i = end;
    }
}

/// Why a part cannot be read, when it is sealed: S/MIME encrypted (or opaque-signed) content,
/// or PGP/MIME encrypted content.
fn sealed(part: &MessagePart<'_>) -> Option<Unscannable> {
    let ct = part.content_type()?;
    let sub = ct.subtype().unwrap_or("");
    if !ct.ctype().eq_ignore_ascii_case("application") {
        return None;
    }
    if sub.eq_ignore_ascii_case("pkcs7-mime") || sub.eq_ignore_ascii_case("x-pkcs7-mime") {
        let signed = ct
            .attribute("smime-type")
            .is_some_and(|t| t.eq_ignore_ascii_case("signed-data"));
        return Some(if signed {
            Unscannable::Unsupported {
                format: "S/MIME opaque-signed e-mail".into(),
            }
        } else {
            Unscannable::encrypted("S/MIME e-mail")
        });
    }
    sub.eq_ignore_ascii_case("pgp-encrypted")
        .then(|| Unscannable::encrypted("PGP e-mail"))
}

/// Runs `f` one nesting level deeper, within the depth limit.
fn deeper(ctx: &mut Ctx, f: impl FnOnce(&mut Ctx) -> Res<()>) -> Res<()> {
    ctx.depth += 1;
    let r = if ctx.depth > ctx.limits.max_depth {
        Err(Unscannable::TooDeep {
            limit: ctx.limits.max_depth,
        })
    } else {
        f(ctx)
    };
    ctx.depth -= 1;
    r
}

/// Reads the parts of a parsed message at `loc`.
fn message(
    msg: &Message<'_>,
    input: &[u8],
    loc: &Location,
    ctx: &mut Ctx,
    deferred: &mut Option<Unscannable>,
) -> Res<()> {
    let addresses = [
        (HeaderName::From, "From"),
        (HeaderName::Sender, "Sender"),
        (HeaderName::To, "To"),
        (HeaderName::Cc, "Cc"),
        (HeaderName::Bcc, "Bcc"),
        (HeaderName::ReplyTo, "Reply-To"),
    ];
    let input = (ctx.depth == 0).then_some(input);
    ctx.push(headers_segment(
        msg,
        &addresses,
        loc.with_part("headers"),
        input,
    ))?;
    let subject = [(HeaderName::Subject, "Subject")];
    ctx.push(headers_segment(
        msg,
        &subject,
        loc.with_part("subject"),
        input,
    ))?;
    let mut unnamed = 0u32;
    for (index, part) in msg.parts.iter().enumerate() {
        ctx.check_time()?;
        let name = part.attachment_name().filter(|n| !n.trim().is_empty());
        let disposed = part
            .content_disposition()
            .is_some_and(|d| d.is_attachment());
        let attached = index > 0 && (name.is_some() || disposed);
        let mut member_name = || {
            name.map(str::to_string).unwrap_or_else(|| {
                unnamed += 1;
                format!("attachment-{unnamed}")
            })
        };
        if let Some(reason) = sealed(part) {
            deferred.get_or_insert(reason);
            continue;
        }
        match &part.body {
            PartType::Multipart(_) => {}
            PartType::Text(text) if !attached => {
                if text.contains("-----BEGIN PGP MESSAGE-----") {
                    deferred.get_or_insert(Unscannable::encrypted("PGP e-mail"));
                }
                let mut seg = Segment::new(loc.with_part("body"), text.as_bytes());
                seg.by_line = true;
                // A body that was not transfer-decoded is the input's own bytes.
                let body = part.offset_body as usize;
                if input.and_then(|i| i.get(body..body + text.len())) == Some(text.as_bytes()) {
                    seg.verbatim_at(body);
                }
                ctx.push(seg)?;
            }
            PartType::Html(html) if !attached => {
                let (seg, r) = crate::html::to_segment(html, loc.with_part("body"), ctx);
                ctx.push(seg)?;
                r?;
            }
            PartType::Text(text) | PartType::Html(text) => {
                ctx.count_entry()?;
                let r = crate::member(&member_name(), text.as_bytes(), loc, ctx);
                defer(r, deferred)?;
            }
            PartType::Binary(data) if is_attached_message(part) => {
                ctx.count_entry()?;
                let inner_loc = loc.member(&member_name());
                let r = deeper(ctx, |ctx| read(data, &inner_loc, ctx, deferred));
                defer(r, deferred)?;
            }
            PartType::Binary(data) | PartType::InlineBinary(data) => {
                ctx.count_entry()?;
                let r = crate::member(&member_name(), data, loc, ctx);
                defer(r, deferred)?;
            }
            PartType::Message(inner) => {
                ctx.count_entry()?;
                let inner_loc = loc.member(&member_name());
                let r = deeper(ctx, |ctx| message(inner, &[], &inner_loc, ctx, deferred));
                defer(r, deferred)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Limits;

    fn run(src: &[u8], limits: Limits) -> (Vec<Segment>, Res<()>) {
        let mut ctx = Ctx::new(limits);
        let r = eml(src, &Location::file("mail.eml"), &mut ctx);
        (ctx.segments, r)
    }

    fn find(segs: &[Segment], needle: &str) -> Option<Location> {
        segs.iter().find_map(|s| {
            let t = String::from_utf8_lossy(&s.text).into_owned();
            t.find(needle).map(|at| s.location_at(at))
        })
    }

    fn base64(data: &[u8]) -> String {
        const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for (k, c) in data.chunks(3).enumerate() {
            let n = c
                .iter()
                .enumerate()
                .fold(0u32, |n, (j, &b)| n | u32::from(b) << (16 - 8 * j));
            for j in 0..4 {
                if j <= c.len() {
                    out.push(char::from(T[(n >> (18 - 6 * j) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
            if k % 19 == 18 {
                out.push_str("\r\n");
            }
        }
        out
    }

    const MAIL: &str = "From: =?UTF-8?Q?Jane_D=C3=B6e?= <jane@example.com>\r
To: Bob <bob@example.com>, carol@example.com\r
Cc: Team: dave@example.com, erin@example.com;\r
Subject: =?UTF-8?B?U1NOIDEyMy00NS02Nzg5?=\r
MIME-Version: 1.0\r
Content-Type: multipart/mixed; boundary=\"outer\"\r
\r
--outer\r
Content-Type: multipart/alternative; boundary=\"alt\"\r
\r
--alt\r
Content-Type: text/plain; charset=utf-8\r
Content-Transfer-Encoding: quoted-printable\r
\r
Hello,\r
card 4111 1111 1111 1111 =\r
here.\r
--alt\r
Content-Type: text/html; charset=utf-8\r
\r
<html><body><p>Hello</p><p>IBAN DE89 3704 0044 0532 0130 00</p><script>x=1</script></body></html>\r
--alt--\r
--outer\r
Content-Type: text/plain; name=\"notes.txt\"\r
Content-Disposition: attachment; filename=\"notes.txt\"\r
Content-Transfer-Encoding: base64\r
\r
c2VjcmV0IDk4Ny02NS00MzIx\r
--outer\r
Content-Type: application/octet-stream\r
Content-Disposition: attachment\r
\r
plain bytes 555-55-5555\r
--outer\r
Content-Type: message/rfc822\r
\r
From: inner@example.com\r
Subject: fwd 222-22-2222\r
\r
inner body 333-33-3333\r
--outer--\r
";

    #[test]
    fn headers_bodies_and_attachments_are_located() {
        let (segs, r) = run(MAIL.as_bytes(), Limits::default());
        r.unwrap();
        let h = find(&segs, "Subject: SSN 123-45-6789").unwrap();
        assert_eq!(h.part.as_deref(), Some("subject"));
        assert_eq!(h.file.as_deref(), Some("mail.eml"));
        let headers = segs
            .iter()
            .find(|s| s.location.part.as_deref() == Some("headers"))
            .unwrap();
        let headers = String::from_utf8_lossy(&headers.text).into_owned();
        assert!(
            headers.contains("From: Jane Döe <jane@example.com>"),
            "{headers}"
        );
        assert!(headers.contains("bob@example.com") && headers.contains("carol@example.com"));
        assert!(headers.contains("erin@example.com"), "{headers}");
        let b = find(&segs, "4111 1111 1111 1111 here").unwrap();
        assert_eq!(b.part.as_deref(), Some("body"));
        assert_eq!(b.line, Some(2));
        let html = find(&segs, "DE89 3704").unwrap();
        assert_eq!(html.part.as_deref(), Some("body"));
        assert!(find(&segs, "x=1").is_none());
        let a = find(&segs, "secret 987-65-4321").unwrap();
        assert_eq!(a.file.as_deref(), Some("mail.eml/notes.txt"));
        let a = find(&segs, "555-55-5555").unwrap();
        assert_eq!(a.file.as_deref(), Some("mail.eml/attachment-1"));
        let m = find(&segs, "fwd 222-22-2222").unwrap();
        assert_eq!(m.file.as_deref(), Some("mail.eml/attachment-2"));
        assert_eq!(m.part.as_deref(), Some("subject"));
        let m = find(&segs, "inner body 333-33-3333").unwrap();
        assert_eq!(m.file.as_deref(), Some("mail.eml/attachment-2"));
        assert_eq!(m.part.as_deref(), Some("body"));
    }

    #[test]
    fn an_unreadable_attachment_does_not_hide_the_rest() {
        let src = "From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename=p.zip\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBGdhcmJhZ2U=\r\n--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=late.txt\r\n\r\nlate 123-45-6789\r\n--b--\r\n";
        let (segs, r) = run(src.as_bytes(), Limits::default());
        assert_eq!(r.unwrap_err().kind(), "corrupt");
        let l = find(&segs, "late 123-45-6789").unwrap();
        assert_eq!(l.file.as_deref(), Some("mail.eml/late.txt"));
    }

    #[test]
    fn encrypted_mail_is_encrypted() {
        let smime = "From: a@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHA6CAMIACAQA=\r\n";
        let (segs, r) = run(smime.as_bytes(), Limits::default());
        assert_eq!(r.unwrap_err().kind(), "encrypted");
        assert!(find(&segs, "Subject: x").is_some());
        let pgp = "From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=b\r\n\r\n--b\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\n-----BEGIN PGP MESSAGE-----\r\nhQEMA\r\n-----END PGP MESSAGE-----\r\n--b--\r\n";
        let (_, r) = run(pgp.as_bytes(), Limits::default());
        assert_eq!(r.unwrap_err().kind(), "encrypted");
        let inline = "From: a@example.com\r\nSubject: x\r\n\r\n-----BEGIN PGP MESSAGE-----\r\nhQEMA\r\n-----END PGP MESSAGE-----\r\n";
        let (_, r) = run(inline.as_bytes(), Limits::default());
        assert_eq!(r.unwrap_err().kind(), "encrypted");
    }

    #[test]
    fn hostile_inputs_end_quickly() {
        let started = std::time::Instant::now();
        // 1000-deep multipart nesting.
        let mut src = String::from("From: a@example.com\r\nSubject: deep\r\n");
        for i in 0..1000 {
            src.push_str(&format!(
                "Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n"
            ));
        }
        src.push_str("Content-Type: text/plain\r\n\r\ndeep 123-45-6789\r\n");
        for i in (0..1000).rev() {
            src.push_str(&format!("--b{i}--\r\n"));
        }
        let (segs, r) = run(src.as_bytes(), Limits::default());
        assert!(r.is_ok() || r.is_err());
        let _ = segs;
        // Attached messages nested 100 000 deep, plainly and inside a base64-encoded attached
        // message (where mail-parser would copy the message once per level): too deep, not a
        // crash and not gigabytes.
        let mut deep = String::new();
        for _ in 0..100_000 {
            deep.push_str(
                "From: a@example.com\r\nSubject: s\r\nContent-Type: message/rfc822\r\n\r\n",
            );
        }
        deep.push_str("From: a@example.com\r\nSubject: s\r\n\r\nbottom\r\n");
        let (_, r) = run(deep.as_bytes(), Limits::default());
        assert_eq!(r.unwrap_err().kind(), "too_deep");
        let wrapped = format!(
            "From: a@example.com\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nC ontent-Type\t: (c)\"MESSAGE\"\r\n /rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
            base64(deep.as_bytes())
        );
        let (_, r) = run(wrapped.as_bytes(), Limits::default());
        assert_eq!(r.unwrap_err().kind(), "too_deep");
        // A digest nested deep (its parts are messages by default).
        let mut digest = String::from("From: a@example.com\r\nSubject: s\r\n");
        for i in 0..20_000 {
            digest.push_str(&format!(
                "Content-Type: multipart/digest; boundary=d{i}\r\n\r\n--d{i}\r\n\r\nFrom: a@example.com\r\n"
            ));
        }
        let _ = run(digest.as_bytes(), Limits::default());
        for src in [
            &b""[..],
            b"From:",
            b"\r\n\r\n",
            b"From: a\r\nContent-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n--",
            b"From: a\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!",
        ] {
            let _ = run(src, Limits::default());
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }
}
