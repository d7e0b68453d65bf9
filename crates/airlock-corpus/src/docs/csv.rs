//! CSV exports: customers (e-mail, phone, card), US employees (e-mail, phone, SSN), payouts
//! (IBAN) and orders (masked cards, tracking numbers, free-text notes). Ids, amounts, dates,
//! masked cards and tracking numbers are negatives. In throughput filler the card, IBAN and
//! SSN columns are masked.

use super::{any_email, email_of, phone};
use crate::gen::{Builder, Gen};
use crate::negatives::{self, When};
use crate::words;
use crate::{id, pii};

/// Writes one CSV export.
pub(crate) fn write(g: &mut Gen, b: &mut Builder) {
    let rows = g.range(6, 24);
    match g.below(4) {
        0 => customers(g, b, rows),
        1 => employees(g, b, rows),
        2 => payouts(g, b, rows),
        _ => orders(g, b, rows),
    }
}

fn masked_card(g: &mut Gen) -> String {
    format!("************{}", g.digits(4, 0))
}

fn customers(g: &mut Gen, b: &mut Builder, rows: usize) {
    b.line("customer_id,first_name,last_name,email,phone,card_number,iban,country,signup_date,lifetime_value");
    for _ in 0..rows {
        let p = words::person(g);
        b.push(&format!("C{},{},{},", g.digits(6, 1), p.first, p.last));
        let domain = *g.pick(words::FREEMAIL);
        email_of(g, b, &p, domain);
        b.ch(',');
        phone(g, b);
        b.ch(',');
        if g.plant && g.chance(0.7) {
            let v = pii::credit_card(g);
            b.plant(id::CREDIT_CARD, &v);
        } else if g.chance(0.3) {
            b.push(&negatives::luhn_invalid_card(g));
        } else {
            b.push(&masked_card(g));
        }
        b.ch(',');
        if g.plant && g.chance(0.4) {
            let v = pii::iban(g);
            b.plant(id::IBAN, &v);
        }
        b.push(&format!(
            ",{},{},{}.{:02}\n",
            g.pick(&["US", "GB", "DE", "FR", "NL", "ES", "PL", "CA", "IN"]),
            When::random(g).date(),
            g.range(0, 5000),
            g.range(0, 99)
        ));
    }
}

fn employees(g: &mut Gen, b: &mut Builder, rows: usize) {
    b.line("employee_id,name,email,phone,ssn,hire_date,department,salary");
    let domain = g.pick(words::COMPANIES).1;
    for _ in 0..rows {
        let p = words::person(g);
        b.push(&format!("E{},\"{}\",", g.digits(5, 1), p.full()));
        email_of(g, b, &p, domain);
        b.ch(',');
        let v = pii::phone_us(g);
        b.plant(id::PHONE_NUMBER, &v);
        b.ch(',');
        if g.plant {
            let v = pii::us_ssn(g);
            b.plant(id::US_SSN, &v);
        } else {
            b.push("***-**-");
            b.push(&g.digits(4, 0));
        }
        b.push(&format!(
            ",{},{},{}\n",
            When::random(g).date(),
            g.pick(&[
                "Engineering",
                "Finance",
                "Sales",
                "Support",
                "People",
                "Legal"
            ]),
            g.range(48, 210) * 1000
        ));
    }
}

fn payouts(g: &mut Gen, b: &mut Builder, rows: usize) {
    b.line("payout_id,beneficiary,iban,amount,currency,reference,created_at");
    for _ in 0..rows {
        let name = if g.chance(0.5) {
            words::person(g).full()
        } else {
            g.pick(words::COMPANIES).0.to_string()
        };
        b.push(&format!("po_{},\"{}\",", negatives::random_id(g), name));
        if g.plant {
            let v = pii::iban(g);
            b.plant(id::IBAN, &v);
        } else {
            b.push("<on file>");
        }
        b.push(&format!(
            ",{}.{:02},{},{},{}\n",
            g.range(10, 25_000),
            g.range(0, 99),
            g.pick(&["EUR", "GBP", "EUR", "PLN"]),
            negatives::reference(g),
            When::random(g).sql()
        ));
    }
}

fn orders(g: &mut Gen, b: &mut Builder, rows: usize) {
    b.line("order_id,customer_email,total,currency,status,card,tracking_number,created_at,notes");
    for _ in 0..rows {
        b.push(&format!("ORD-{}-{},", g.range(2022, 2025), g.digits(6, 1)));
        any_email(g, b);
        b.push(&format!(
            ",{}.{:02},{},{},{},",
            g.range(3, 900),
            g.range(0, 99),
            g.pick(&["EUR", "USD", "GBP"]),
            g.pick(&["paid", "shipped", "refunded", "pending"]),
            masked_card(g)
        ));
        match g.below(3) {
            0 => b.push(&format!(
                "1Z{}{}",
                g.string(b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ", 6),
                g.digits(10, 0)
            )),
            1 => b.push(&negatives::bare_number(g, 12)),
            _ => b.push(&negatives::uuid(g)),
        }
        b.ch(',');
        b.push(&When::random(g).iso());
        b.ch(',');
        b.push(g.word(&[
            "",
            "\"leave at the door, ring twice\"",
            "\"gift wrap, no invoice in the box\"",
            "\"customer called, address corrected\"",
            "\"backordered, ETA 2 weeks\"",
        ]));
        b.ch('\n');
    }
}
