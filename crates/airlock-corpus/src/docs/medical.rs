//! Clinical notes: patient header (name, date of birth, MRN, contact details, insurance
//! member id), the country's national identifier for the patient, chief complaint, history,
//! vitals, an assessment with ICD-10 codes, medications and the signing physician's NPI.
//! MRNs, ICD-10 codes, NPIs, member ids and dates of birth are not labeled (their detectors
//! are not planted); the contact details and the national identifier are.

use super::{email_of, phone};
use crate::gen::{Builder, Gen};
use crate::negatives::When;
use crate::words;
use crate::{id, plant};

const CONDITIONS: &[(&str, &str)] = &[
    ("Type 2 diabetes mellitus without complications", "E11.9"),
    ("Essential (primary) hypertension", "I10"),
    ("Hyperlipidemia, unspecified", "E78.5"),
    ("Acute upper respiratory infection, unspecified", "J06.9"),
    ("Low back pain", "M54.5"),
    ("Major depressive disorder, single episode, mild", "F32.0"),
    ("Asthma, mild intermittent, uncomplicated", "J45.20"),
    (
        "Gastro-esophageal reflux disease without esophagitis",
        "K21.9",
    ),
    ("Migraine without aura, not intractable", "G43.009"),
];

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
    b.push(" — Clinical Note\nCONFIDENTIAL PATIENT INFORMATION\n\n");
    let born = g.range(1938, 2005);
    b.push(&format!(
        "Patient: {}    DOB: {:02}/{:02}/{born}    Sex: {}\n",
        patient.full(),
        g.range(1, 12),
        g.range(1, 28),
        g.word(&["F", "M"])
    ));
    b.push(&format!(
        "MRN: {}    Encounter: {} {}\n",
        g.digits(7, 1),
        visit.date(),
        visit.hm()
    ));
    b.push("Phone: ");
    phone(g, b);
    if g.chance(0.6) {
        b.push("    Email: ");
        let domain = *g.pick(words::FREEMAIL);
        email_of(g, b, &patient, domain);
    }
    b.ch('\n');
    b.push(&format!(
        "Insurance: {}    Member ID: {}{}\n",
        g.pick(&[
            "Aetna PPO",
            "BlueCross Basic",
            "AOK Nordost",
            "Bupa",
            "Sanitas"
        ]),
        g.pick(&["XGH", "W", "MBR"]),
        g.digits(9, 0)
    ));
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
    b.push(&format!(
        "Attending: Dr. {}, MD    NPI: 1{}\n\n",
        doctor.full(),
        g.digits(9, 0)
    ));

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
        let (name, code) = *g.pick(CONDITIONS);
        b.push(&format!("{i}. {name} ({code})\n"));
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
