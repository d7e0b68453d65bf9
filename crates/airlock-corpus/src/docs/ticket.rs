//! Support tickets: a header block (id, status, requester, component), a description written
//! by the customer (double charges with card numbers, identity checks with national
//! identifiers, failing API calls with pasted keys, login problems), agent comments and an
//! internal note full of hard negatives (trace ids, order numbers, build versions).

use super::{any_email, ip, name_addr, phone, prose};
use crate::forms;
use crate::gen::{Builder, Gen};
use crate::negatives::{self, When};
use crate::plant::{self, Style};
use crate::{id, words};

const PROBLEMS: &[(&str, &str)] = &[
    ("billing", "Charged twice for the same order"),
    ("account", "Identity verification keeps failing"),
    (
        "api",
        "401 Unauthorized from the REST API since this morning",
    ),
    ("login", "Cannot log in after password reset"),
    ("export", "CSV export job never finishes"),
    ("refund", "Refund not received"),
];

/// Writes one support ticket.
pub(crate) fn write(g: &mut Gen, b: &mut Builder) {
    let requester = words::person(g);
    let domain = if g.chance(0.5) {
        g.pick(words::FREEMAIL)
    } else {
        g.pick(words::COMPANIES).1
    };
    let when = When::random(g);
    let p = g.below(PROBLEMS.len());
    let (component, subject) = PROBLEMS[p];

    b.push(&format!("Ticket: INC-{}\n", g.digits(7, 0)));
    b.push(g.word(&[
        "Status: Open",
        "Status: Pending customer",
        "Status: In progress",
    ]));
    b.push("    Priority: ");
    b.push(g.word(&["P1 – Urgent", "P2 – High", "P3 – Normal", "P4 – Low"]));
    b.push("\nCreated: ");
    b.push(&when.sql());
    b.push(" UTC\nRequester: ");
    name_addr(g, b, &requester, domain);
    b.ch('\n');
    if g.chance(0.6) {
        b.push("Phone: ");
        phone(g, b);
        b.ch('\n');
    }
    b.push("Component: ");
    b.push(component);
    b.push("\nSubject: ");
    b.push(subject);
    b.push("\n\nDescription:\n");
    description(g, b, p);
    b.ch('\n');

    for _ in 0..g.range(1, 3) {
        let agent = words::person(g);
        b.push("--- Comment from ");
        b.push(&agent.full());
        b.push(" (");
        b.push(&when.plus(g.range(300, 20_000)).sql());
        b.push(") ---\n");
        let n = g.range(1, 3);
        prose::paragraph(g, b, n);
        if g.chance(0.3) {
            negatives::sentence(g, b);
        }
        b.ch('\n');
    }
    b.push("--- Internal note ---\n");
    if g.chance(0.5) {
        b.push("Customer pasted a live credential in an earlier reply; revoked it. It was:\n");
        plant::secret_slot(g, b, Style::Env, "");
        b.ch('\n');
    }
    if g.chance(0.5) {
        b.push("Identity verified by phone against ");
        plant::personal_slot(g, b, None, false);
        b.push(".\n");
    }
    b.push("trace_id=");
    b.push(&g.hex(32));
    b.push(" build=");
    b.push(&negatives::version(g));
    b.push(" ");
    b.push(&negatives::reference(g));
    b.push("\n");
    negatives::checksum_valid_reference(g, b);
    b.push("\nlast login from ");
    ip(g, b);
    b.push(" at ");
    b.push(&when.iso());
    b.ch('\n');
}

fn description(g: &mut Gen, b: &mut Builder, p: usize) {
    match p {
        0 => {
            b.push("Hello, I was charged twice for order ");
            b.push(&negatives::reference(g));
            b.push(". Both charges went to my ");
            plant::personal_slot(g, b, Some(id::CREDIT_CARD), false);
            b.push(", ");
            if g.plant {
                forms::card_expiry(g, b);
            } else {
                b.push("exp **/**");
            }
            b.push(".\nPlease refund one of them. For verification, ");
            plant::personal_slot(g, b, None, false);
            b.push(".\n");
        }
        1 => {
            b.push("Your app keeps rejecting my documents. I've typed it three times: ");
            plant::personal_slot(g, b, None, false);
            if g.plant {
                b.push(". I also tried my ");
                forms::passport(g, b);
                b.push(", ");
                forms::date_of_birth(g, b);
                b.push(", and my address is ");
                forms::address(g, b);
            }
            b.push(".\nWhat am I doing wrong?\n");
        }
        2 => {
            b.push("Our integration started failing with 401 at ");
            b.push(&When::random(g).hm());
            b.push(". We haven't changed anything. This is our config:\n\n");
            plant::secret_slot(g, b, Style::Env, "");
            b.push("\n\nStack trace:\n");
            b.push("Traceback (most recent call last):\n  File \"/srv/app/client.py\", line 88, in request\n");
            b.push("    resp.raise_for_status()\nrequests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api.");
            b.push(g.pick(words::COMPANIES).1);
            b.push("/v2/");
            b.push(g.pick(words::NOUNS).1);
            b.push("?request_id=");
            b.push(&negatives::uuid(g));
            b.ch('\n');
        }
        3 => {
            b.push("I reset my password but the login page still says \"invalid credentials\". ");
            b.push("My username is ");
            any_email(g, b);
            b.push(", I also tried my old address. Browser: Firefox 123.0 on Windows 11.\n");
        }
        4 => {
            b.push("The export job ");
            b.push(&negatives::uuid(g));
            b.push(" has been \"running\" for six hours. This is the environment of the job:\n\n");
            plant::secret_slot(g, b, Style::Env, "");
            b.push("\n\n");
            prose::tech_paragraph(g, b, 2);
        }
        _ => {
            b.push("I returned the item (");
            b.push(&negatives::reference(g));
            b.push(") three weeks ago and I still don't have my money. Please send it to ");
            plant::personal_slot(g, b, Some(id::IBAN), false);
            b.push(" or call me on ");
            phone(g, b);
            b.push(".\n");
            if g.plant && g.chance(0.5) {
                b.push("The parcel went back from ");
                forms::address(g, b);
                b.push(", tracking ");
                negatives::checksum_valid_reference(g, b);
                b.push(".\n");
            }
        }
    }
}
