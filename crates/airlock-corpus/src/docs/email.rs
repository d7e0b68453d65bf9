//! E-mails: RFC 5322-style headers (no `Message-ID`, whose `<…@host>` would look like an
//! address), a greeting, a topic-specific body (payment details with an IBAN, payroll details
//! with a national identifier, a disputed card charge, shared credentials, a phone-number
//! change or a plain meeting follow-up), a signature and sometimes a quoted reply.
//! Names are often non-ASCII ("José Müller"); addresses use their ASCII spelling.

use super::{any_email, name_addr, phone, prose};
use crate::forms;
use crate::gen::{Builder, Gen};
use crate::negatives::{self, When};
use crate::plant::{self, Style};
use crate::words::{self, Person};
use crate::{id, pii};

const SUBJECTS: &[&str] = &[
    "Invoice «ref» – payment details",
    "Payroll onboarding: missing details",
    "Disputed charge on your account",
    "Staging credentials for the integration",
    "Updated contact details",
    "Follow-up from Tuesday's meeting",
];

/// Writes one e-mail.
pub(crate) fn write(g: &mut Gen, b: &mut Builder) {
    let sender = words::person(g);
    let (company, domain) = *g.pick(words::COMPANIES);
    let recipient = words::person(g);
    let r_domain = if g.chance(0.6) {
        g.pick(words::COMPANIES).1
    } else {
        g.pick(words::FREEMAIL)
    };
    let when = When::random(g);
    let topic = g.below(SUBJECTS.len());
    let reply = g.chance(0.4);

    let sender_addr = pii::email_for(g, &sender, domain);
    let recipient_addr = pii::email_for(g, &recipient, r_domain);
    b.push("From: ");
    addr(b, &sender, &sender_addr);
    b.push("\nTo: ");
    addr(b, &recipient, &recipient_addr);
    b.ch('\n');
    if g.chance(0.4) {
        b.push("Cc: ");
        let cc = words::person(g);
        name_addr(g, b, &cc, domain);
        b.ch('\n');
    }
    b.push("Date: ");
    b.push(&when.rfc2822());
    b.push("\nSubject: ");
    if reply {
        b.push("Re: ");
    }
    let reference = format!("INV-{}", g.digits(6, 0));
    b.push(&SUBJECTS[topic].replace("«ref»", &reference));
    b.push("\nMIME-Version: 1.0\nContent-Type: text/plain; charset=\"UTF-8\"\n");
    if g.chance(0.3) {
        b.push("X-Request-Id: ");
        b.push(&negatives::uuid(g));
        b.ch('\n');
    }
    b.ch('\n');

    if g.plant && g.chance(0.4) {
        let first = *g.pick(&[
            id::MARKING_INTERNAL_ONLY,
            id::MARKING_PRIVILEGED,
            id::MARKING_MNPI,
            id::MARKING_MNPI,
            id::MARKING_CONFIDENTIAL,
        ]);
        forms::marking(g, b, first);
        b.push("\n\n");
    }
    b.push(g.word(&["Hi ", "Hello ", "Dear ", "Hallo ", "Hola "]));
    b.push(recipient.first);
    b.push(",\n\n");
    body(g, b, topic, &reference);
    let n = g.range(1, 3);
    prose::paragraph(g, b, n);
    b.ch('\n');
    negatives::sentence(g, b);
    b.ch('\n');
    if g.chance(0.2) {
        b.push("P.S. The brochure draft still has placeholder text: ");
        prose::lorem(g, b, 2);
        b.ch('\n');
    }
    signature(g, b, &sender, company, &sender_addr);
    if reply {
        quoted(g, b, &recipient, &recipient_addr, when);
    }
}

/// Writes `Name <address>` with the address planted.
fn addr(b: &mut Builder, p: &Person, address: &str) {
    b.push(&p.full());
    b.push(" <");
    b.plant(id::EMAIL, address);
    b.ch('>');
}

fn body(g: &mut Gen, b: &mut Builder, topic: usize, reference: &str) {
    match topic {
        0 => {
            b.push("Please find attached invoice ");
            b.push(reference);
            b.push(" for the services delivered last month. Payment is due within 30 days.\n");
            b.push("Our bank details have changed; please update your records:\n\n");
            if g.plant {
                b.push("  Account holder: ");
                b.push(g.pick(words::COMPANIES).0);
                b.push("\n  IBAN: ");
                let v = pii::iban(g);
                b.plant(id::IBAN, &v);
                b.push(g.word(&["\n  BIC: ", "\n  SWIFT: ", "\n  BIC/SWIFT code: "]));
                let bic = forms::bic(g);
                b.plant(id::SWIFT_BIC, bic);
                b.push("\n\n");
            } else {
                b.push("  (see the attached PDF)\n\n");
            }
        }
        1 => {
            b.push(
                "Welcome aboard! To set up payroll we still need a couple of details from you.\n",
            );
            b.push("Could you confirm the following are correct:\n\n  ");
            plant::personal_slot(g, b, None, true);
            if g.plant {
                b.push("\n  ");
                forms::date_of_birth(g, b);
                b.push("\n  Home address: ");
                forms::address(g, b);
                if g.chance(0.5) {
                    b.push("\n  ");
                    forms::passport(g, b);
                }
            }
            b.push("\n  Bank details for your salary: ");
            plant::personal_slot(g, b, Some(id::IBAN), true);
            b.push("\n\nIf anything is wrong, reply to this e-mail and HR will fix it.\n\n");
        }
        2 => {
            b.push("We received a chargeback for order ");
            b.push(&negatives::reference(g));
            b.push(". The customer says the charge on ");
            plant::personal_slot(g, b, Some(id::CREDIT_CARD), true);
            b.push(" was not authorised.\nThey can be reached at ");
            any_email(g, b);
            b.push(" or ");
            phone(g, b);
            b.push(".\n\n");
        }
        3 => {
            b.push("As promised, here is what you need for the staging integration:\n\n");
            plant::secret_slot(g, b, Style::Chat, "");
            b.push(
                "\n\nPlease don't commit it anywhere; we'll move it to the vault next sprint.\n\n",
            );
        }
        4 => {
            b.push("Please note my new direct line: ");
            phone(g, b);
            b.push(". My old number will stop working at the end of the month.\n");
            b.push("Our office has moved to ");
            if g.plant {
                forms::address(g, b);
            } else {
                b.push(g.pick(words::PLACES).0);
            }
            b.push(".\n\n");
        }
        _ => {
            b.push("Thanks for your time on Tuesday. Action items:\n");
            for _ in 0..g.range(2, 4) {
                b.push("- ");
                prose::paragraph(g, b, 1);
            }
            b.ch('\n');
        }
    }
}

fn signature(g: &mut Gen, b: &mut Builder, p: &Person, company: &str, address: &str) {
    b.push(g.word(&[
        "Best regards,\n",
        "Kind regards,\n",
        "Thanks,\n",
        "Viele Grüße,\n",
        "Saludos,\n",
    ]));
    b.push(&p.full());
    b.ch('\n');
    b.push(g.word(words::TITLES));
    b.push(" | ");
    b.push(company);
    b.push("\nTel: ");
    phone(g, b);
    b.ch('\n');
    b.plant(id::EMAIL, address);
    b.ch('\n');
    if g.chance(0.3) {
        b.push("This e-mail and any attachments are confidential and intended solely for the addressee.\n");
    }
}

fn quoted(g: &mut Gen, b: &mut Builder, p: &Person, address: &str, when: When) {
    b.push("\nOn ");
    b.push(&when.plus(g.range(600, 40_000)).human_date(2));
    b.push(", ");
    addr(b, p, address);
    b.push(" wrote:\n> ");
    b.push(g.word(&["Hi,", "Hello,", "Thanks!"]));
    b.push("\n>\n");
    for _ in 0..g.range(1, 3) {
        b.push("> ");
        prose::paragraph(g, b, 1);
    }
    if g.chance(0.5) {
        b.push("> You can reach me on ");
        phone(g, b);
        b.push(" until Friday.\n");
    }
    b.push(">\n> ");
    b.push(p.first);
    b.ch('\n');
}
