//! The throughput corpus: blocks of clean text (source code, READMEs and prose, logs,
//! configs, CSV, some e-mails, tickets and chat) generated with planting switched off, joined
//! with blank lines, plus one planted line (a secret or an identifier with its context) at a
//! line boundary about every 10 KB, cycling through every id of [`crate::PLANTED`].
//!
//! Filler blocks still contain the e-mail addresses, phone numbers and IP addresses that such
//! documents naturally hold (headers, signatures, log lines); secret slots hold placeholders
//! and card/IBAN/national-id slots hold masked values or hard negatives.

use crate::docs::{self, prose};
use crate::gen::{Builder, Gen};
use crate::plant::{self, Style};
use crate::{id, pii, words, DocKind, NATIONAL_IDS};

/// Generates exactly `target` bytes.
pub(crate) fn generate(seed: u64, target: usize) -> Vec<u8> {
    let mut g = Gen::new(seed, false);
    let mut b = Builder::new(target + 64 * 1024, false);
    let mut next_plant = gap(&mut g);
    while b.len() < target {
        block(&mut g, &mut b);
        b.ch('\n');
        if b.len() >= next_plant {
            plant_line(&mut g, &mut b);
            next_plant = b.len() + gap(&mut g);
        }
    }
    let mut text = b.into_text();
    let mut cut = target.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    let mut bytes = text.into_bytes();
    bytes.resize(target, b'\n');
    bytes
}

/// Bytes until the next planted line: 6–14 KB, 10 KB on average.
fn gap(g: &mut Gen) -> usize {
    g.range(6 * 1024, 14 * 1024)
}

fn block(g: &mut Gen, b: &mut Builder) {
    // Weights chosen for a byte mix of about 35 % code, 25 % prose, 15 % logs, 6 % configs,
    // 6 % CSV and 13 % e-mails, tickets, chat and contracts.
    let kind = match g.below(100) {
        0..=35 => DocKind::Code,
        36..=58 => return readme(g, b),
        59..=64 => DocKind::Log,
        65..=80 => DocKind::Config,
        81..=85 => DocKind::Csv,
        86..=92 => DocKind::Email,
        93..=96 => DocKind::Ticket,
        97..=98 => DocKind::Chat,
        _ => DocKind::Contract,
    };
    docs::write(g, b, kind);
}

/// README/manual-style prose: a heading, technical paragraphs, a business paragraph and
/// sometimes lorem ipsum.
fn readme(g: &mut Gen, b: &mut Builder) {
    b.push("# ");
    b.push(g.word(words::PRODUCTS));
    b.push("\n\n");
    for _ in 0..g.range(2, 5) {
        let n = g.range(2, 6);
        prose::tech_paragraph(g, b, n);
        b.ch('\n');
    }
    let n = g.range(2, 4);
    prose::paragraph(g, b, n);
    if g.chance(0.3) {
        b.ch('\n');
        let n = g.range(2, 5);
        prose::lorem(g, b, n);
    }
}

/// One planted value with its context, on its own line(s).
fn plant_line(g: &mut Gen, b: &mut Builder) {
    if !b.at_line_start() {
        b.ch('\n');
    }
    let detector = g.next_any();
    if NATIONAL_IDS.contains(&detector)
        || [id::PHONE_NUMBER, id::CREDIT_CARD, id::IBAN].contains(&detector)
    {
        b.push(g.word(&["Customer record: ", "note: ", "// ", "# "]));
        plant::personal(g, b, detector, false);
    } else if detector == id::EMAIL {
        b.push(g.word(&["Contact: ", "reply-to: ", "# maintainer: "]));
        let v = pii::email(g);
        b.plant(id::EMAIL, &v);
    } else if detector == id::IPV4_ADDRESS {
        b.push(g.word(&["client ip ", "allow from ", "upstream: "]));
        let v = pii::ipv4(g);
        b.plant(id::IPV4_ADDRESS, &v);
    } else {
        let styles: &[Style] = if detector == id::PRIVATE_KEY {
            &[Style::Env, Style::Python, Style::Chat, Style::Rust]
        } else {
            &[
                Style::Env,
                Style::Yaml,
                Style::Toml,
                Style::Python,
                Style::Js,
                Style::Go,
                Style::Log,
            ]
        };
        let style = *g.pick(styles);
        plant::secret(g, b, detector, style, "");
    }
    b.ch('\n');
}
