//! Clinical notes: a confidentiality marking, patient header (name, date of birth, MRN,
//! address, contact details, insurance member id), the country's national identifier for the
//! patient, chief complaint, history, vitals, an assessment with ICD-10 codes, medications and
//! the signing physician's NPI. All of these are labeled; visit dates, ages, vitals and lab
//! order numbers are negatives.

use super::{email_of, phone};
use crate::forms;
use crate::gen::{Builder, Gen};
use crate::negatives::When;
use crate::words;
use crate::{id, plant};

const COMPLAINTS: &[&str] = &[
    "follow-up of blood pressure and lab results",
    "cough and sore throat for five days",
    "lower back pain after lifting furniture",
    "fatigue and increased thirst over the past month",
    "recurrent headaches, worse in the morning",
    "medication review before travel",
];

const MEDS: &[&str] = &[
    "metformin 500 mg PO BID",
    "lisinopril 10 mg PO daily",
    "atorvastatin 20 mg PO nightly",
    "ibuprofen 400 mg PO q8h PRN",
    "omeprazole 20 mg PO daily",
    "sertraline 50 mg PO daily",
    "albuterol 90 mcg inhaler, 2 puffs q4-6h PRN",
];

/// Writes one clinical note.
pub(crate) fn write(g: &mut Gen, b: &mut Builder) {
    let patient = words::person(g);
    let visit = When::random(g);
    let clinic = *g.pick(&[
        "Riverside Family Practice",
        "St. Anne's Outpatient Clinic",
        "Praxis Dr. Weiß & Kollegen",
        "Northside Community Health Centre",
        "Clínica San Rafael",
    ]);
    b.push(clinic);
    b.push(" — Clinical Note\n");
    let marking = *g.pick(&["CONFIDENTIAL", "Confidential", "STRICTLY CONFIDENTIAL"]);
    b.plant(id::MARKING_CONFIDENTIAL, marking);
    b.push(" PATIENT INFORMATION\n\n");
    let born = g.range(1938, 2005);
    b.push(&format!("Patient: {}    ", patient.full()));
    if g.plant {
        forms::date_of_birth(g, b);
    } else {
        b.push(&format!("Age: {}", visit.year() - born));
    }
    b.push(&format!("    Sex: {}\n", g.word(&["F", "M"])));
    forms::medical_record_number(g, b);
    b.push(&format!("    Encounter: {} {}\n", visit.date(), visit.hm()));
    if g.chance(0.5) {
        b.push("Address: ");
        forms::address(g, b);
        b.ch('\n');
    }
    b.push("Phone: ");
    phone(g, b);
    if g.chance(0.6) {
        b.push("    Email: ");
        let domain = *g.pick(words::FREEMAIL);
        email_of(g, b, &patient, domain);
    }
    b.ch('\n');
    b.push("Insurance: ");
    b.push(g.word(&[
        "Aetna PPO",
        "BlueCross Basic",
        "AOK Nordost",
        "Bupa",
        "Sanitas",
    ]));
    b.push(g.word(&["    Member ID: ", "    Subscriber ID: ", "    Member #"]));
    let member = forms::member_id(g);
    b.plant(id::HEALTH_PLAN_ID, &member);
    b.ch('\n');
    if g.chance(0.9) {
        plant::personal_slot(g, b, None, true);
        b.ch('\n');
    }
    if g.chance(0.4) {
        b.push("Billing: self-pay, ");
        plant::personal_slot(g, b, Some(id::CREDIT_CARD), true);
        b.push(" on file\n");
    }
    let doctor = words::person(g);
    b.push(&format!("Attending: Dr. {}, MD    NPI: ", doctor.full()));
    let npi = forms::npi(g);
    b.plant(id::NPI, &npi);
    b.push("\n\n");

    b.push("Chief complaint: ");
    b.push(g.word(COMPLAINTS));
    b.push(".\n\nHPI: ");
    b.push(&format!(
        "{}-year-old presents for {}. Reports good adherence to current medication. Denies chest pain, \
         shortness of breath or fever. Last visit {}.\n\n",
        visit.year() - born,
        g.word(COMPLAINTS),
        When::random(g).human_date(1)
    ));
    b.push(&format!(
        "Vitals: BP {}/{} mmHg, HR {} bpm, Temp {}.{} °C, SpO2 {}%, BMI {}.{}\n\n",
        g.range(105, 165),
        g.range(62, 98),
        g.range(52, 104),
        g.range(36, 38),
        g.range(0, 9),
        g.range(94, 100),
        g.range(19, 36),
        g.range(0, 9)
    ));
    b.push("Assessment:\n");
    for i in 1..=g.range(1, 3) {
        b.push(&format!("{i}. "));
        forms::diagnosis(g, b);
        b.ch('\n');
    }
    b.push("\nPlan:\n");
    for _ in 0..g.range(1, 3) {
        b.push("- Continue ");
        b.push(g.word(MEDS));
        b.ch('\n');
    }
    b.push(&format!(
        "- Labs: HbA1c, lipid panel, BMP. Order #{}\n- Follow-up in {} weeks.\n\n",
        g.digits(8, 1),
        g.range(2, 12)
    ));
    b.push(&format!(
        "Electronically signed by Dr. {} on {} {}\n",
        doctor.full(),
        visit.date(),
        visit.plus(1800).hm()
    ));
}
