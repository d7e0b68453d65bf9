//! Contracts: master services agreements and employment agreements in legal prose, with
//! marking headers and footers ("CONFIDENTIAL", "PRIVILEGED & CONFIDENTIAL", "Do not
//! distribute", labeled per phrase), the parties' postal addresses (labeled), company
//! registration and VAT numbers (negatives), a payment clause with an IBAN, a notices clause
//! with e-mail addresses and phone numbers, and for employment agreements the employee's
//! national identifier and date of birth. The clauses' prose about "Confidential Information"
//! is not a marking and is a negative.

use super::{email_of, phone, prose};
use crate::forms;
use crate::gen::{render, Builder, Gen};
use crate::negatives::When;
use crate::plant;
use crate::words::{self, Person};
use crate::{id, pii};

const CLAUSES: &[&str] = &[
    "«n». TERM. This Agreement commences on the Effective Date and continues for an initial term of «years» years, after which it renews automatically for successive one-year periods unless either party gives written notice of non-renewal at least ninety (90) days before the end of the then-current term.",
    "«n». CONFIDENTIALITY. Each party shall keep the other party's Confidential Information in strict confidence, use it solely to perform its obligations under this Agreement, and disclose it only to those of its employees and advisers who need to know it and are bound by obligations of confidentiality no less protective than these.",
    "«n». DATA PROTECTION. To the extent the Supplier processes personal data on behalf of the Customer, it does so only on documented instructions and in accordance with the Data Processing Addendum attached as Schedule «sched».",
    "«n». LIMITATION OF LIABILITY. Except for breaches of clause «ref» and liability that cannot be limited by law, neither party's aggregate liability arising out of or in connection with this Agreement shall exceed the fees paid in the twelve (12) months preceding the claim.",
    "«n». INTELLECTUAL PROPERTY. All intellectual property rights in the Deliverables vest in the Supplier upon creation; the Supplier grants the Customer a non-exclusive, non-transferable licence to use the Deliverables for its internal business purposes.",
    "«n». TERMINATION. Either party may terminate this Agreement with immediate effect by written notice if the other party commits a material breach which, if capable of remedy, is not remedied within thirty (30) days of a written request to do so.",
    "«n». GOVERNING LAW. This Agreement and any dispute arising out of it shall be governed by the laws of «law», and the courts of «city» shall have exclusive jurisdiction.",
    "«n». FORCE MAJEURE. Neither party shall be in breach of this Agreement nor liable for delay in performing its obligations if such delay results from events beyond its reasonable control.",
    "«n». ENTIRE AGREEMENT. This Agreement constitutes the entire agreement between the parties and supersedes all previous agreements, promises and understandings between them relating to its subject matter.",
];

/// Writes one contract.
pub(crate) fn write(g: &mut Gen, b: &mut Builder) {
    let employment = g.chance(0.5);
    let (supplier, s_domain) = *g.pick(words::COMPANIES);
    let (customer, c_domain) = *g.pick(words::COMPANIES);
    let effective = When::random(g);
    let first = *g.pick(&[
        id::MARKING_CONFIDENTIAL,
        id::MARKING_CONFIDENTIAL,
        id::MARKING_PRIVILEGED,
        id::MARKING_DO_NOT_DISTRIBUTE,
        id::MARKING_MNPI,
    ]);
    forms::marking(g, b, first);
    b.ch('\n');
    if employment {
        b.push("EMPLOYMENT AGREEMENT\n");
    } else {
        b.push("MASTER SERVICES AGREEMENT\n");
    }
    b.push(&format!(
        "Agreement No. {}-{}-{:04}\n\n",
        if employment { "EMP" } else { "MSA" },
        effective.year(),
        g.range(1, 9999)
    ));
    b.push("This Agreement is entered into as of ");
    b.push(&effective.human_date(2));
    b.push(" (the \"Effective Date\") by and between ");
    b.push(supplier);
    b.push(&format!(
        ", a company registered under number {} with its registered office at ",
        g.digits(8, 0)
    ));
    let office = forms::postal_address(g, ", ");
    b.plant(id::POSTAL_ADDRESS, &office);
    b.push(&format!(
        " (VAT {}{}) (the \"{}\"), and ",
        g.pick(&["DE", "GB", "FR", "NL", "ES"]),
        g.digits(9, 1),
        if employment { "Employer" } else { "Supplier" }
    ));
    let employee = words::person(g);
    if employment {
        b.push(&employee.full());
        b.push(", residing at ");
        if g.plant {
            forms::address(g, b);
            b.push(", ");
            forms::date_of_birth(g, b);
        } else {
            b.push(g.pick(words::PLACES).0);
        }
        b.push(", identified by ");
        plant::personal_slot(g, b, None, true);
        b.push(" (the \"Employee\").\n\n");
    } else {
        b.push(customer);
        b.push(" (the \"Customer\").\n\n");
    }

    let mut n = 1;
    let k = g.range(3, 5);
    for _ in 0..k {
        clause(g, b, n);
        n += 1;
    }
    payment(g, b, n, employment, supplier, &employee);
    n += 1;
    notices(g, b, n, s_domain, c_domain);
    n += 1;
    clause(g, b, n);
    if g.chance(0.25) {
        b.push("SCHEDULE 3 – SERVICE LEVELS (draft, to be completed)\n");
        prose::lorem(g, b, 3);
        b.ch('\n');
    }

    b.push("IN WITNESS WHEREOF the parties have executed this Agreement on the date first written above.\n\n");
    for (label, name) in [
        ("For", supplier),
        ("For", if employment { "the Employee" } else { customer }),
    ] {
        let signer = words::person(g);
        b.push(&format!(
            "{label} {name}:\nSignature: ______________________\nName: {}\nTitle: {}\nDate: {}\n\n",
            signer.full(),
            g.pick(words::TITLES),
            effective.human_date(0)
        ));
    }
    b.push(&format!("Page {} of {} — ", g.range(1, 3), g.range(4, 9)));
    forms::marking(g, b, id::MARKING_CONFIDENTIAL);
    b.ch('\n');
}

fn clause(g: &mut Gen, b: &mut Builder, n: usize) {
    let text = *g.pick(CLAUSES);
    render(text, b, |slot, b| match slot {
        "n" => b.push(&n.to_string()),
        "years" => b.push(g.word(&["two (2)", "three (3)", "one (1)"])),
        "sched" => b.push(g.word(&["2", "3", "B"])),
        "ref" => b.push(&g.range(2, 9).to_string()),
        "law" => b.push(g.word(&[
            "England and Wales",
            "Germany",
            "the Netherlands",
            "Spain",
            "the State of New York",
        ])),
        "city" => b.push(g.pick(words::PLACES).0),
        other => b.push(other),
    });
    b.push("\n\n");
}

fn payment(
    g: &mut Gen,
    b: &mut Builder,
    n: usize,
    employment: bool,
    supplier: &str,
    employee: &Person,
) {
    b.push(&n.to_string());
    if employment {
        b.push(". REMUNERATION. The Employee shall receive a gross annual salary of ");
        b.push(&format!("€{},000", g.range(38, 140)));
        b.push(", payable monthly in arrears by bank transfer to the account held in the name of ");
        b.push(&employee.full());
        b.push(" (IBAN ");
    } else {
        b.push(". FEES AND PAYMENT. The Customer shall pay the fees set out in Schedule 1 within thirty (30) days of the date of each invoice. All amounts are exclusive of VAT. Payments shall be made to ");
        b.push(supplier);
        b.push(" (IBAN ");
    }
    if g.plant {
        let v = pii::iban(g);
        b.plant(id::IBAN, &v);
    } else {
        b.push("as notified in writing");
    }
    b.push(") or to such other account as notified in writing.\n\n");
}

fn notices(g: &mut Gen, b: &mut Builder, n: usize, s_domain: &str, c_domain: &str) {
    b.push(&n.to_string());
    b.push(". NOTICES. Notices under this Agreement shall be in writing and sent by e-mail with a copy by registered post to:\n");
    for domain in [s_domain, c_domain] {
        let p = words::person(g);
        b.push("    ");
        b.push(&p.full());
        b.push(", ");
        b.push(g.word(words::TITLES));
        b.push(", e-mail: ");
        email_of(g, b, &p, domain);
        b.push(", telephone: ");
        phone(g, b);
        b.ch('\n');
    }
    b.ch('\n');
}
