//! Document generators, one module per [`DocKind`], plus helpers they share for writing
//! people's e-mail addresses, phone numbers and IP addresses (always planted and labeled).
//!
//! Each generator writes one complete document ending with a newline into a [`Builder`].
//! Optional secret and personal-data slots go through [`crate::plant`], which plants a value
//! in the labeled corpus and writes a placeholder or hard negative in throughput filler.

mod chat;
mod code;
mod code_templates;
mod config;
mod contract;
mod csv;
mod email;
mod log;
mod medical;
pub(crate) mod prose;
mod ticket;

use crate::gen::{Builder, Gen};
use crate::words::Person;
use crate::{id, pii, DocKind};

/// Writes one document of `kind`.
pub(crate) fn write(g: &mut Gen, b: &mut Builder, kind: DocKind) {
    match kind {
        DocKind::Email => email::write(g, b),
        DocKind::Ticket => ticket::write(g, b),
        DocKind::Code => code::write(g, b),
        DocKind::Config => config::write(g, b),
        DocKind::Log => log::write(g, b),
        DocKind::Csv => csv::write(g, b),
        DocKind::Contract => contract::write(g, b),
        DocKind::MedicalNote => medical::write(g, b),
        DocKind::Chat => chat::write(g, b),
    }
}

/// Plants the e-mail address of `p` at `domain`.
pub(crate) fn email_of(g: &mut Gen, b: &mut Builder, p: &Person, domain: &str) {
    let v = pii::email_for(g, p, domain);
    b.plant(id::EMAIL, &v);
}

/// Plants a random e-mail address.
pub(crate) fn any_email(g: &mut Gen, b: &mut Builder) {
    let v = pii::email(g);
    b.plant(id::EMAIL, &v);
}

/// Plants a phone number.
pub(crate) fn phone(g: &mut Gen, b: &mut Builder) {
    let v = pii::phone(g);
    b.plant(id::PHONE_NUMBER, &v);
}

/// Plants an IPv4 address.
pub(crate) fn ip(g: &mut Gen, b: &mut Builder) {
    let v = pii::ipv4(g);
    b.plant(id::IPV4_ADDRESS, &v);
}

/// Writes `Name <address>` with the address planted.
pub(crate) fn name_addr(g: &mut Gen, b: &mut Builder, p: &Person, domain: &str) {
    b.push(&p.full());
    b.push(" <");
    email_of(g, b, p, domain);
    b.push(">");
}
