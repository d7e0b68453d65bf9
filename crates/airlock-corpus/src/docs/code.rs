//! Source code: a template from [`super::code_templates`] in Rust, Python, JavaScript, Go or
//! SQL with identifiers drawn per document. In the labeled corpus most files
//! hard-code a secret (the classic leak); the rest, and all throughput filler, read it from
//! the environment instead. Author lines carry planted e-mail addresses; UUIDs, git SHAs,
//! hex digests, versions, decorators and `user@localhost` are negatives.

use super::code_templates::{GO, JS, PYTHON, RUST, SQL};
use crate::gen::{render, Builder, Gen};
use crate::negatives;
use crate::plant::{self, Style};
use crate::{id, pii, words};

/// Per-document identifiers and constants for the template slots.
struct Vocab {
    noun: &'static str,
    nouns: &'static str,
    camel: &'static str,
    field: &'static str,
    field_camel: &'static str,
    verb: &'static str,
    service: &'static str,
    domain: &'static str,
    n: String,
    uuid: String,
    uuid2: String,
    sha: String,
    version: String,
    hex: String,
    hex64: String,
    blob: String,
    local_address: &'static str,
}

impl Vocab {
    fn new(g: &mut Gen) -> Self {
        let &(noun, nouns, camel) = g.pick(words::NOUNS);
        let &(field, field_camel) = g.pick(words::FIELDS);
        Vocab {
            noun,
            nouns,
            camel,
            field,
            field_camel,
            verb: g.pick(words::VERBS).0,
            service: g.word(words::SERVICES),
            domain: g.pick(words::COMPANIES).1,
            n: g.range(2, 9).to_string(),
            uuid: negatives::uuid(g),
            uuid2: negatives::uuid(g),
            sha: negatives::git_sha(g),
            version: negatives::version(g),
            hex: g.hex(32),
            hex64: g.hex(64),
            blob: negatives::base64_blob(g),
            local_address: g.word(&[
                "user@localhost",
                "root@web-01",
                "admin@localhost",
                "deploy@ci-runner",
            ]),
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Writes one source file.
pub(crate) fn write(g: &mut Gen, b: &mut Builder) {
    let (templates, style) = match g.below(9) {
        0 | 1 => (RUST, Style::Rust),
        2 | 3 => (PYTHON, Style::Python),
        4 | 5 => (JS, Style::Js),
        6 | 7 => (GO, Style::Go),
        _ => (SQL, Style::Env),
    };
    let template = *g.pick(templates);
    let v = Vocab::new(g);
    let leak = g.plant && g.chance(0.9);
    let start = b.len();
    render(template, b, |slot, b| fill(g, b, &v, slot, style, leak));
    // The whole file is source code (a label that contains the secrets planted in it).
    b.label_from(id::SOURCE_CODE, start);
}

fn fill(g: &mut Gen, b: &mut Builder, v: &Vocab, slot: &str, style: Style, leak: bool) {
    match slot {
        "noun" => b.push(v.noun),
        "nouns" => b.push(v.nouns),
        "Noun" => b.push(v.camel),
        "Nouns" => {
            b.push(v.camel);
            b.ch('s');
        }
        "field" => b.push(v.field),
        "fieldCamel" => b.push(v.field_camel),
        "FieldCamel" => b.push(&capitalize(v.field_camel)),
        "verb" => b.push(v.verb),
        "verbCamel" => b.push(v.verb),
        "service" => b.push(v.service),
        "domain" => b.push(v.domain),
        "n" => b.push(&v.n),
        "uuid" => b.push(&v.uuid),
        "uuid2" => b.push(&v.uuid2),
        "sha" => b.push(&v.sha),
        "version" => b.push(&v.version),
        "hex" => b.push(&v.hex),
        "hex64" => b.push(&v.hex64),
        "blob" => b.push(&v.blob),
        "local_address" => b.push(v.local_address),
        "example_key_test" => {
            if g.chance(0.3) {
                b.push("\n\ndef test_rejects_documented_example_key():\n    assert not looks_like_live_key(\"");
                b.push(negatives::AWS_EXAMPLE_KEY_ID);
                b.push("\")\n");
            }
        }
        "author" => {
            let p = words::person(g);
            super::name_addr(g, b, &p, v.domain);
        }
        "email" => {
            let e = pii::email(g);
            b.plant(id::EMAIL, &e);
        }
        "secret" | "secret4" | "secret2" | "secret_t" | "secret_sql" => {
            let indent = match slot {
                "secret4" => "    ",
                "secret2" => "  ",
                "secret_t" => "\t",
                "secret_sql" => "-- ",
                _ => "",
            };
            if leak {
                let detector = g.next_secret(|d| slot != "secret_sql" || d != id::PRIVATE_KEY);
                plant::secret(g, b, detector, style, indent);
            } else {
                negatives::placeholder(g, b, style);
            }
        }
        other => b.push(other),
    }
}
