//! Go (RE2) regular expressions to the syntax Airlock compiles: Rust's `regex-syntax`, ASCII-only
//! over bytes.
//!
//! The two dialects mostly agree; what differs is rewritten token by token so the meaning stays
//! Go's:
//!
//! - a `{` that does not start a valid repetition is a literal in Go (`\${VAR}`), an error in
//!   Rust: it is escaped;
//! - `\<` and `\>` are literal `<`/`>` in Go, word boundaries in Rust: they become literals;
//! - octal escapes (`\0`, `\101`) become the character (`\x{00}`, `A`); `\Q...\E` quoting
//!   becomes escaped literals;
//! - inside a class, `[` (unless `[:name:]`), `&&`, `--` and `~~` are literals in Go, nesting
//!   and set operations in Rust: classes are re-emitted item by item with those escaped.
//!
//! Constructs that cannot be kept are rejected with a reason: Unicode classes (`\pL`; Airlock
//! scans ASCII-only), non-ASCII characters inside classes, look-around, backreferences and
//! unknown flags (none of which RE2 accepts either, except `\p`).

use regex_syntax::hir::Hir;

/// Parses a pattern exactly the way the classifier compiles detector patterns.
pub(crate) fn parse_hir(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(|e| {
            let text = e.to_string();
            let last = text.lines().last().unwrap_or("").trim();
            last.strip_prefix("error: ").unwrap_or(last).to_string()
        })
}

/// Translates a Go regex into an Airlock pattern and checks that it parses.
pub(crate) fn translate(go: &str) -> Result<(String, Hir), String> {
    let rust = rewrite(go)?;
    let hir = parse_hir(&rust).map_err(|e| format!("{e} (in `{rust}`)"))?;
    Ok((rust, hir))
}

/// The token-by-token rewrite.
fn rewrite(go: &str) -> Result<String, String> {
    let chars: Vec<char> = go.chars().collect();
    let mut out = String::with_capacity(go.len() + 8);
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i = match c {
            '\\' => escape(&chars, i, &mut out)?,
            '[' => class(&chars, i, &mut out)?,
            '{' => match repeat_end(&chars, i) {
                Some(end) => {
                    out.extend(chars.get(i..end).unwrap_or_default());
                    end
                }
                None => {
                    out.push_str("\\{");
                    i + 1
                }
            },
            '(' => group(&chars, i, &mut out)?,
            _ => {
                out.push(c);
                i + 1
            }
        };
    }
    Ok(out)
}

/// Where a valid Go repetition `{n}`, `{n,}` or `{n,m}` starting at `i` ends (exclusive).
fn repeat_end(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let digits = |j: &mut usize| {
        let start = *j;
        while chars.get(*j).is_some_and(|c| c.is_ascii_digit()) {
            *j += 1;
        }
        *j > start
    };
    if !digits(&mut j) {
        return None;
    }
    if chars.get(j) == Some(&',') {
        j += 1;
        digits(&mut j);
    }
    (chars.get(j) == Some(&'}')).then_some(j + 1)
}

/// A group opener at `i`: plain, non-capturing with flags, or named; look-around is rejected.
fn group(chars: &[char], i: usize, out: &mut String) -> Result<usize, String> {
    if chars.get(i + 1) != Some(&'?') {
        out.push('(');
        return Ok(i + 1);
    }
    let rest: String = chars.iter().skip(i + 2).take(3).collect();
    if rest.starts_with('=') || rest.starts_with('!') {
        return Err("look-ahead `(?=` / `(?!` is not supported (RE2 has none either)".into());
    }
    if rest.starts_with("<=") || rest.starts_with("<!") {
        return Err("look-behind `(?<=` / `(?<!` is not supported (RE2 has none either)".into());
    }
    if rest.starts_with('>') {
        return Err("atomic groups `(?>` are not supported".into());
    }
    if rest.starts_with("P=") || rest.starts_with("P>") {
        return Err("backreferences and recursion (`(?P=name)`) are not supported".into());
    }
    if rest.starts_with("P<") || rest.starts_with('<') {
        // Named group: copied through the closing '>'.
        let close = (i + 2..chars.len())
            .find(|&k| chars.get(k) == Some(&'>'))
            .ok_or("unterminated group name")?;
        out.extend(chars.get(i..=close).unwrap_or_default());
        return Ok(close + 1);
    }
    // Flags: (?flags) or (?flags:
    let mut j = i + 2;
    let mut flags = String::new();
    while let Some(&c) = chars.get(j) {
        match c {
            'i' | 'm' | 's' | 'U' | '-' => flags.push(c),
            ':' | ')' => {
                out.push_str("(?");
                out.push_str(&flags);
                out.push(c);
                return Ok(j + 1);
            }
            other => {
                return Err(format!(
                    "unsupported group flag `{other}` in `(?{flags}{other}`"
                ))
            }
        }
        j += 1;
    }
    Err("unterminated `(?` group".into())
}

/// Pushes a literal character outside a class, escaped as needed.
fn push_literal(c: char, out: &mut String) {
    if ".+*?()|[]{}^$\\".contains(c) {
        out.push('\\');
        out.push(c);
    } else if c.is_ascii_control() {
        out.push_str(&format!("\\x{{{:02X}}}", c as u32));
    } else {
        out.push(c);
    }
}

/// The characters of an escape that denote one character: `\n`, `\x41`, `\101`, `\.` ...
/// Returns the character and the index after the escape, or `Ok(None)` when the escape is not a
/// single character (a Perl class or an assertion).
fn char_escape(chars: &[char], i: usize) -> Result<Option<(char, usize)>, String> {
    let Some(&c) = chars.get(i + 1) else {
        return Err("trailing backslash".into());
    };
    let simple = |ch: char| Ok(Some((ch, i + 2)));
    match c {
        'a' => simple('\x07'),
        'f' => simple('\x0C'),
        't' => simple('\t'),
        'n' => simple('\n'),
        'r' => simple('\r'),
        'v' => simple('\x0B'),
        '0'..='7' => {
            let octal = |k: usize| chars.get(k).is_some_and(|d| ('0'..='7').contains(d));
            if c != '0' && !octal(i + 2) {
                return Err(format!("backreference `\\{c}` is not supported"));
            }
            let mut j = i + 2;
            while j < i + 4 && octal(j) {
                j += 1;
            }
            let digits: String = chars.get(i + 1..j).unwrap_or_default().iter().collect();
            let value = u32::from_str_radix(&digits, 8).map_err(|e| e.to_string())?;
            let ch = char::from_u32(value).ok_or("bad octal escape")?;
            Ok(Some((ch, j)))
        }
        '8' | '9' => Err(format!("backreference `\\{c}` is not supported")),
        'x' => {
            let (hex, end) = if chars.get(i + 2) == Some(&'{') {
                let close = (i + 3..chars.len())
                    .find(|&k| chars.get(k) == Some(&'}'))
                    .ok_or("unterminated `\\x{`")?;
                (chars.get(i + 3..close).unwrap_or_default(), close + 1)
            } else {
                (chars.get(i + 2..i + 4).unwrap_or_default(), i + 4)
            };
            let hex: String = hex.iter().collect();
            let value =
                u32::from_str_radix(&hex, 16).map_err(|_| format!("bad hex escape `\\x{hex}`"))?;
            let ch = char::from_u32(value).ok_or("bad hex escape")?;
            Ok(Some((ch, end)))
        }
        'p' | 'P' => {
            let name: String = if chars.get(i + 2) == Some(&'{') {
                chars
                    .iter()
                    .skip(i + 2)
                    .take_while(|&&ch| ch != '}')
                    .collect::<String>()
                    + "}"
            } else {
                chars
                    .get(i + 2)
                    .map(|ch| ch.to_string())
                    .unwrap_or_default()
            };
            Err(format!(
                "Unicode class `\\{c}{name}` is not supported: Airlock compiles patterns ASCII-only"
            ))
        }
        'C' => Err("`\\C` (any byte) is not supported".into()),
        'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'b' | 'B' | 'A' | 'z' => Ok(None),
        c if c.is_ascii_punctuation() => simple(c),
        c => Err(format!("unknown escape `\\{c}`")),
    }
}

/// An escape outside a class at `i`; returns the index after it.
fn escape(chars: &[char], i: usize, out: &mut String) -> Result<usize, String> {
    if chars.get(i + 1) == Some(&'Q') {
        let mut j = i + 2;
        while let Some(&c) = chars.get(j) {
            if c == '\\' && chars.get(j + 1) == Some(&'E') {
                return Ok(j + 2);
            }
            push_literal(c, out);
            j += 1;
        }
        return Ok(j);
    }
    match char_escape(chars, i)? {
        Some((c, end)) => {
            match chars.get(i + 1) {
                // Octal: Rust has none (it reads `\1` as a backreference).
                Some('0'..='7') => push_literal(c, out),
                // Word boundaries in Rust, plain characters in Go.
                Some('<' | '>') => out.push(c),
                // Everything else means the same in both dialects: kept as written.
                _ => out.extend(chars.get(i..end).unwrap_or_default()),
            }
            Ok(end)
        }
        None => {
            out.push('\\');
            out.extend(chars.get(i + 1));
            Ok(i + 2)
        }
    }
}

const POSIX: [&str; 14] = [
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
    "space", "upper", "word", "xdigit",
];

/// One character of a class: the character, and how to write it when the original escape is
/// kept (`\t`, `\x60`, `\.`).
#[derive(Clone)]
struct ClassChar {
    c: char,
    written: Option<String>,
}

/// One item of a class.
enum ClassItem {
    Char(ClassChar),
    Range(ClassChar, ClassChar),
    /// `\d`, `[:alpha:]` ...: written as is.
    Set(String),
}

fn class_char(chars: &[char], j: usize) -> Result<(Option<ClassChar>, usize), String> {
    match chars.get(j) {
        None => Err("missing closing `]`".into()),
        Some('\\') => match chars.get(j + 1) {
            Some('d' | 'D' | 'w' | 'W' | 's' | 'S') => Ok((None, j + 2)),
            Some('b' | 'B' | 'A' | 'z') => Err("assertion escape inside a class".into()),
            next => match char_escape(chars, j)? {
                Some((c, end)) => {
                    let keep = !matches!(next, Some('0'..='7' | '<' | '>'));
                    let written =
                        keep.then(|| chars.get(j..end).unwrap_or_default().iter().collect());
                    Ok((Some(ClassChar { c, written }), end))
                }
                None => Err("bad escape inside a class".into()),
            },
        },
        Some(&c) => Ok((Some(ClassChar { c, written: None }), j + 1)),
    }
}

/// A class starting at `i`; re-emitted item by item. Returns the index after its `]`.
fn class(chars: &[char], i: usize, out: &mut String) -> Result<usize, String> {
    let mut j = i + 1;
    let negated = chars.get(j) == Some(&'^');
    if negated {
        j += 1;
    }
    let mut items: Vec<ClassItem> = Vec::new();
    loop {
        match chars.get(j) {
            None => return Err("missing closing `]`".into()),
            Some(']') if !items.is_empty() => break,
            _ => {}
        }
        if chars.get(j) == Some(&'[') && chars.get(j + 1) == Some(&':') {
            let close = (j + 2..chars.len().saturating_sub(1))
                .find(|&k| chars.get(k) == Some(&':') && chars.get(k + 1) == Some(&']'));
            if let Some(k) = close {
                let name: String = chars.get(j + 2..k).unwrap_or_default().iter().collect();
                if !POSIX.contains(&name.trim_start_matches('^')) {
                    return Err(format!("unknown class `[:{name}:]`"));
                }
                items.push(ClassItem::Set(format!("[:{name}:]")));
                j = k + 2;
                continue;
            }
        }
        let (lo, next) = class_char(chars, j)?;
        let Some(lo) = lo else {
            items.push(ClassItem::Set(
                chars.get(j..next).unwrap_or_default().iter().collect(),
            ));
            j = next;
            continue;
        };
        j = next;
        if chars.get(j) == Some(&'-') && chars.get(j + 1).is_some_and(|&c| c != ']') {
            let (hi, next) = class_char(chars, j + 1)?;
            let hi = hi.ok_or("a class escape cannot end a range")?;
            j = next;
            if hi.c < lo.c {
                return Err(format!("bad class range `{}-{}`", lo.c, hi.c));
            }
            items.push(ClassItem::Range(lo, hi));
        } else {
            items.push(ClassItem::Char(lo));
        }
    }
    out.push('[');
    if negated {
        out.push('^');
    }
    let last = items.len().saturating_sub(1);
    let mut prev: Option<char> = None;
    for (k, item) in items.iter().enumerate() {
        match item {
            ClassItem::Set(s) => {
                out.push_str(s);
                prev = None;
            }
            ClassItem::Char(ch) => {
                let edge = k == 0 || k == last;
                push_class_char(ch, edge, prev, out)?;
                prev = Some(ch.c);
            }
            ClassItem::Range(lo, hi) => {
                push_class_char(lo, false, prev, out)?;
                out.push('-');
                push_class_char(hi, false, Some('-'), out)?;
                prev = Some(hi.c);
            }
        }
    }
    out.push(']');
    Ok(j + 1)
}

/// Writes one class character: its kept escape, or the character, escaped where Rust would
/// read it as syntax (`[`, a `-` not at an edge, doubled `&`/`~`).
fn push_class_char(
    ch: &ClassChar,
    edge: bool,
    prev: Option<char>,
    out: &mut String,
) -> Result<(), String> {
    if !ch.c.is_ascii() {
        return Err(format!(
            "non-ASCII character `{}` in a class: Airlock compiles patterns ASCII-only",
            ch.c
        ));
    }
    if let Some(w) = &ch.written {
        out.push_str(w);
        return Ok(());
    }
    let c = ch.c;
    let escape = match c {
        '[' | ']' | '\\' => true,
        '-' => !edge,
        '&' | '~' => prev == Some(c),
        _ => false,
    };
    if c.is_ascii_control() {
        out.push_str(&format!("\\x{{{:02X}}}", c as u32));
    } else {
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tr(p: &str) -> String {
        match translate(p) {
            Ok((s, _)) => s,
            Err(e) => format!("ERR {e}"),
        }
    }

    #[test]
    fn rust_compatible_patterns_pass_unchanged() {
        for p in [
            r"\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
            r"(?i)[\w.-]{0,50}?(?:adafruit)(?:[ \t\w.-]{0,20})[\s']{0,3}",
            r"(?P<alg>aGJHY2lPaU)",
            r"ghp_[0-9a-zA-Z]{36}",
        ] {
            let (out, _) = translate(p).expect(p);
            assert_eq!(out, p);
        }
    }

    #[test]
    fn go_only_syntax_is_rewritten() {
        assert_eq!(tr(r"^\${(?:[A-Z_]+)}$"), r"^\$\{(?:[A-Z_]+)}$");
        assert_eq!(tr(r"a{,3}"), r"a\{,3}");
        assert_eq!(tr(r"x{2,}y{1,3}?"), r"x{2,}y{1,3}?");
        assert_eq!(tr(r"\<tag\>"), r"<tag>");
        assert_eq!(tr(r"\101\0"), r"A\x{00}");
        assert_eq!(tr(r"\Qa.b\E+"), r"a\.b+");
        assert_eq!(tr(r"[[a&&~~]"), r"[\[a&\&~\~]");
        assert_eq!(tr(r"[--a]"), r"[\--a]");
        assert_eq!(tr(r"[^]]+]"), r"[^\]]+]");
        assert_eq!(tr(r"[\<\101-\x42]"), r"[<A-\x42]");
        assert_eq!(tr(r"[\w.-/]"), r"[\w.-/]");
        assert_eq!(tr(r"[[:alpha:]_]"), r"[[:alpha:]_]");
        assert_eq!(tr(r"[\d-z]"), r"[\d\-z]");
        assert_eq!(tr(r"(?<name>x)"), r"(?<name>x)");
        assert_eq!(tr(r"\x{41}\x41[\x60a]"), r"\x{41}\x41[\x60a]");
    }

    #[test]
    fn unsupported_constructs_are_rejected_with_reasons() {
        assert!(tr(r"\p{Greek}+").contains("Unicode class `\\p{Greek}`"));
        assert!(tr(r"\pL").contains("Unicode class `\\pL`"));
        assert!(tr(r"(?=x)").contains("look-ahead"));
        assert!(tr(r"(a)\1").contains("backreference"));
        assert!(tr(r"[é]").contains("non-ASCII"));
        assert!(tr(r"(?x)a").contains("flag `x`"));
        assert!(tr(r"[a").contains("missing closing"));
        assert!(tr(r"a\").contains("trailing backslash"));
        assert!(tr(r"(a").starts_with("ERR"));
    }
}
