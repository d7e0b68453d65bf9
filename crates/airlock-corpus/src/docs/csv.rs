//! CSV exports: customers (e-mail, phone, card), US employees (e-mail, phone, SSN, date of
//! birth, passport number), payouts (IBAN), orders (masked cards, tracking numbers that are
//! sometimes Luhn-valid 16-digit numbers, free-text notes), patient lists (MRN, date of birth,
//! ICD-10 code) and AWS IAM credential reports. In the employee and patient exports the
//! column header is the only context of the `dob`, `passport_no` and `mrn` values. Ids,
//! amounts, dates, masked cards and tracking numbers are negatives. In throughput filler the
//! card, IBAN and SSN columns are masked.

use super::{any_email, email_of, phone};
use crate::forms;
use crate::gen::{Builder, Gen};
use crate::negatives::{self, When};
use crate::words;
use crate::{id, pii, values};

/// Writes one CSV export.
pub(crate) fn write(g: &mut Gen, b: &mut Builder) {
    let rows = g.range(6, 24);
    match g.below(6) {
        0 => customers(g, b, rows),
        1 => employees(g, b, rows),
        2 => payouts(g, b, rows),
        3 => orders(g, b, rows),
        4 if g.plant => patients(g, b, rows),
        5 if g.plant => aws_credentials(g, b),
        _ => orders(g, b, rows),
    }
}

fn masked_card(g: &mut Gen) -> String {
    format!("************{}", g.digits(4, 0))
}

fn customers(g: &mut Gen, b: &mut Builder, rows: usize) {
    b.line("customer_id,first_name,last_name,email,phone,card_number,card_exp,iban,country,signup_date,lifetime_value");
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
            b.ch(',');
            let (m, y) = (g.range(1, 12), g.range(25, 31));
            b.plant(id::CARD_EXPIRY, &format!("{m:02}/{y}"));
        } else if g.chance(0.3) {
            b.push(&negatives::luhn_invalid_card(g));
            b.ch(',');
        } else {
            b.push(&masked_card(g));
            b.ch(',');
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
    b.line("employee_id,name,email,phone,ssn,dob,passport_no,hire_date,department,salary");
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
        b.ch(',');
        if g.plant {
            let v = forms::dob_column(g);
            b.plant(id::DATE_OF_BIRTH, &v);
        }
        b.ch(',');
        if g.plant && g.chance(0.4) {
            let v = forms::us_passport(g);
            b.plant(id::US_PASSPORT, &v);
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
    b.line("payout_id,beneficiary,iban,bic,amount,currency,reference,created_at");
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
            b.ch(',');
            let bic = forms::bic(g);
            b.plant(id::SWIFT_BIC, bic);
        } else {
            b.push("<on file>,");
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
        match g.below(4) {
            3 => b.push(&negatives::luhn_digits(g, 16, 1)),
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

fn patients(g: &mut Gen, b: &mut Builder, rows: usize) {
    b.line("mrn,last_name,first_name,dob,sex,zip,primary_dx,last_visit");
    for _ in 0..rows {
        let p = words::person(g);
        let mrn = forms::mrn_value(g);
        b.plant(id::MEDICAL_RECORD_NUMBER, &mrn);
        b.push(&format!(",{},{},", p.last, p.first));
        let dob = forms::dob_column(g);
        b.plant(id::DATE_OF_BIRTH, &dob);
        b.push(&format!(",{},{},", g.word(&["F", "M"]), g.digits(5, 0)));
        let code = g.pick(forms::CONDITIONS).1;
        b.plant(id::ICD10_CODE, code);
        b.push(&format!(",{}\n", When::random(g).date()));
    }
}

/// The credentials CSV the AWS console offers when an IAM user is created: the header is the
/// only context of the password, key id and secret.
fn aws_credentials(g: &mut Gen, b: &mut Builder) {
    b.line("User name,Password,Access key ID,Secret access key,Console login link");
    let user = words::person(g);
    b.push(&format!("{}.{},", user.first_ascii, user.last_ascii));
    let pw = values::password(g);
    b.plant(id::GENERIC_PASSWORD, &pw);
    b.ch(',');
    let key = values::aws_access_key_id(g);
    b.plant(id::AWS_ACCESS_KEY_ID, &key);
    b.ch(',');
    let secret = values::aws_secret_access_key(g);
    b.plant(id::AWS_SECRET_ACCESS_KEY, &secret);
    b.push(&format!(
        ",https://{}.signin.aws.amazon.com/console\n",
        g.digits(12, 1)
    ));
}
