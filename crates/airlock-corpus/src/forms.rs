//! Planted values of the classes that live in health, HR, finance and legal documents, each
//! written in the many forms real documents use (not in one habit per class): dates of birth
//! (`DOB: 03/14/1985`, `born 14 March 1985`, `Geburtsdatum: 14.03.1985`), medical record
//! numbers (plain, hyphenated, prefixed), ICD-10-CM codes, NPIs (Luhn over `80840`), health
//! plan member ids, US passport numbers, postal addresses (US, UK, German; one line or
//! several), protective markings (`CONFIDENTIAL`, `Attorney-Client Privileged`, …), card
//! expiry dates and BICs.
//!
//! Every function plants through [`Builder::plant`]: the label covers the value, not the
//! lead-in.

use crate::checksum;
use crate::gen::{digits_to_string, Builder, Gen};
use crate::id;

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A birth date in one of the written forms; `style` picks the national habit
/// (0 US, 1 UK/FR/ES, 2 German, 3 ISO, 4 words).
fn birth_date(g: &mut Gen, style: usize) -> String {
    let (y, m, d) = (g.range(1938, 2006), g.range(1, 12), g.range(1, 28));
    let month = MONTHS[m - 1];
    match style {
        0 => match g.below(3) {
            0 => format!("{m:02}/{d:02}/{y}"),
            1 => format!("{m}/{d}/{y}"),
            _ => format!("{m}/{d}/{:02}", y % 100),
        },
        1 => match g.below(3) {
            0 => format!("{d:02}/{m:02}/{y}"),
            1 => format!("{d:02}-{}-{y}", &month[..3]),
            _ => format!("{d} {month} {y}"),
        },
        2 => format!("{d:02}.{m:02}.{y}"),
        3 => format!("{y}-{m:02}-{d:02}"),
        _ => match g.below(3) {
            0 => format!("{month} {d}, {y}"),
            1 => format!("{d} {month} {y}"),
            _ => format!("{} {d}, {y}", &month[..3]),
        },
    }
}

/// Writes a date of birth with a lead-in such as `DOB: `, `born on `, `Geburtsdatum: `.
pub(crate) fn date_of_birth(g: &mut Gen, b: &mut Builder) {
    let (lead, style) = *g.pick(&[
        ("DOB: ", 0),
        ("DOB ", 3),
        ("D.O.B. ", 1),
        ("Date of birth: ", 1),
        ("date of birth ", 4),
        ("born ", 4),
        ("Born on ", 4),
        ("birthdate: ", 0),
        ("Birth date: ", 3),
        ("Geburtsdatum: ", 2),
        ("geb. ", 2),
        ("fecha de nacimiento: ", 1),
        ("née le ", 1),
        ("d.o.b ", 0),
    ]);
    b.push(lead);
    let v = birth_date(g, style);
    b.plant(id::DATE_OF_BIRTH, &v);
}

/// A bare birth date for a `dob` column (ISO or US form).
pub(crate) fn dob_column(g: &mut Gen) -> String {
    let style = *g.pick(&[0, 3, 3]);
    birth_date(g, style)
}

/// A medical record number as hospitals print them: plain digits, hyphenated, or prefixed.
pub(crate) fn mrn_value(g: &mut Gen) -> String {
    match g.below(6) {
        0 | 1 => {
            let n = g.range(7, 8);
            g.digits(n, 1)
        }
        2 => format!("{}-{}-{}", g.digits(3, 0), g.digits(3, 0), g.digits(2, 0)),
        3 => format!("MR{}", g.digits(7, 0)),
        4 => format!("{}-{}", g.range(2015, 2025), g.digits(7, 0)),
        _ => format!("E{}", g.digits(9, 1)),
    }
}

/// Writes an MRN with one of its lead-ins.
pub(crate) fn medical_record_number(g: &mut Gen, b: &mut Builder) {
    b.push(g.word(&[
        "MRN: ",
        "MRN ",
        "MR#: ",
        "Med. Rec. No.: ",
        "Medical record number ",
        "Patient ID (MRN): ",
        "medical record # ",
    ]));
    let v = mrn_value(g);
    b.plant(id::MEDICAL_RECORD_NUMBER, &v);
}

/// Real ICD-10-CM codes with their descriptions.
pub(crate) const CONDITIONS: &[(&str, &str)] = &[
    ("Type 2 diabetes mellitus without complications", "E11.9"),
    ("Essential (primary) hypertension", "I10"),
    ("Hyperlipidemia, unspecified", "E78.5"),
    ("Acute upper respiratory infection, unspecified", "J06.9"),
    ("Low back pain, unspecified", "M54.50"),
    ("Major depressive disorder, single episode, mild", "F32.0"),
    ("Mild intermittent asthma, uncomplicated", "J45.20"),
    (
        "Gastro-esophageal reflux disease without esophagitis",
        "K21.9",
    ),
    ("Migraine without aura, not intractable", "G43.009"),
    ("Acute pharyngitis, unspecified", "J02.9"),
    ("Urinary tract infection, site not specified", "N39.0"),
    ("Generalized anxiety disorder", "F41.1"),
    ("Hypothyroidism, unspecified", "E03.9"),
    ("Obesity, unspecified", "E66.9"),
    ("Unilateral primary osteoarthritis, right knee", "M17.11"),
    ("Unspecified atrial fibrillation", "I48.91"),
    (
        "Chronic obstructive pulmonary disease, unspecified",
        "J44.9",
    ),
    ("Irritable bowel syndrome without diarrhea", "K58.9"),
    ("Atopic dermatitis, unspecified", "L20.9"),
    ("Vitamin D deficiency, unspecified", "E55.9"),
    ("Iron deficiency anemia, unspecified", "D50.9"),
    ("Insomnia, unspecified", "G47.00"),
];

/// Writes an assessment line for a diagnosis with its ICD-10 code planted, in one of the
/// forms notes use: `Name (E11.9)`, `Name — ICD-10: E11.9`, `E11.9 Name`, `Dx E11.9 (Name)`.
pub(crate) fn diagnosis(g: &mut Gen, b: &mut Builder) {
    let (name, code) = *g.pick(CONDITIONS);
    match g.below(5) {
        0 | 1 => {
            b.push(name);
            b.push(" (");
            b.plant(id::ICD10_CODE, code);
            b.push(")");
        }
        2 => {
            b.push(name);
            b.push(" — ICD-10: ");
            b.plant(id::ICD10_CODE, code);
        }
        3 => {
            b.plant(id::ICD10_CODE, code);
            b.push(" ");
            b.push(name);
        }
        _ => {
            b.push("Dx ");
            b.plant(id::ICD10_CODE, code);
            b.push(" (");
            b.push(name);
            b.push(")");
        }
    }
}

/// A valid NPI: ten digits starting with 1 or 2, Luhn-valid over the prefix `80840`.
pub(crate) fn npi(g: &mut Gen) -> String {
    let mut d = vec![*g.pick(&[1u8, 2])];
    d.extend(g.digit_values(8, 0));
    d.push(checksum::npi_check_digit(&d));
    digits_to_string(&d)
}

/// A health plan member id (letters then digits, as on insurance cards).
pub(crate) fn member_id(g: &mut Gen) -> String {
    format!(
        "{}{}",
        g.pick(&["XGH", "W", "MBR", "ZQJ", "H"]),
        g.digits(9, 0)
    )
}

/// A US passport number: nine digits (older books) or a letter and eight digits.
pub(crate) fn us_passport(g: &mut Gen) -> String {
    if g.chance(0.5) {
        g.digits(9, 1)
    } else {
        format!(
            "{}{}",
            char::from(*g.pick(b"ACEFGHJKLMNPRSTUVWXYZ")),
            g.digits(8, 0)
        )
    }
}

/// Writes a US passport number with a lead-in.
pub(crate) fn passport(g: &mut Gen, b: &mut Builder) {
    b.push(g.word(&[
        "Passport No.: ",
        "passport number ",
        "US passport ",
        "Passport #: ",
        "my passport is ",
        "passport no ",
    ]));
    let v = us_passport(g);
    b.plant(id::US_PASSPORT, &v);
}

const US_PLACES: &[(&str, &str, &str)] = &[
    ("Springfield", "IL", "62704"),
    ("Austin", "TX", "78701"),
    ("Portland", "OR", "97205"),
    ("Denver", "CO", "80202"),
    ("Brooklyn", "NY", "11201"),
    ("Cambridge", "MA", "02139"),
    ("Seattle", "WA", "98101"),
    ("Chicago", "IL", "60614"),
];
const US_STREETS: &[&str] = &[
    "Maple Avenue",
    "Oak Street",
    "Elm St.",
    "Main Street",
    "Sunset Blvd",
    "Pine Road",
    "W 42nd St",
    "Lakeview Dr.",
];
const UK_PLACES: &[(&str, &str)] = &[
    ("Cambridge", "CB1 2AD"),
    ("Leeds", "LS1 4AP"),
    ("Bristol", "BS1 5TR"),
    ("London", "SE1 9SG"),
    ("Edinburgh", "EH1 1YZ"),
    ("Manchester", "M3 4LQ"),
    ("London", "NW1 6XE"),
];
const UK_STREETS: &[&str] = &[
    "High Street",
    "Mill Road",
    "Church Lane",
    "Victoria Road",
    "Park Avenue",
    "Baker Street",
    "Deansgate",
];
const DE_PLACES: &[(&str, &str)] = &[
    ("10117", "Berlin"),
    ("80802", "München"),
    ("20095", "Hamburg"),
    ("50667", "Köln"),
    ("60311", "Frankfurt am Main"),
    ("69117", "Heidelberg"),
];
const DE_STREETS: &[&str] = &[
    "Hauptstraße",
    "Bahnhofstr.",
    "Lindenallee",
    "Schillerstraße",
    "Goethestraße",
    "Friedrichstraße",
    "Leopoldstraße",
];

/// A postal address in the US, UK or Germany; `sep` joins the lines (`", "` or `"\n"`
/// plus indentation).
pub(crate) fn postal_address(g: &mut Gen, sep: &str) -> String {
    match g.below(3) {
        0 => {
            let (city, state, zip) = *g.pick(US_PLACES);
            let street = format!("{} {}", g.range(1, 9800), g.pick(US_STREETS));
            let unit = *g.pick(&["", "", "", ", Apt 4B", ", Suite 300", " #12"]);
            format!("{street}{unit}{sep}{city}, {state} {zip}")
        }
        1 => {
            let (city, postcode) = *g.pick(UK_PLACES);
            let flat = *g.pick(&["", "", "Flat 3, ", "Unit 7, "]);
            format!(
                "{flat}{} {}{sep}{city} {postcode}",
                g.range(1, 240),
                g.pick(UK_STREETS)
            )
        }
        _ => {
            let (plz, city) = *g.pick(DE_PLACES);
            let suffix = *g.pick(&["", "", "a", "b"]);
            format!(
                "{} {}{suffix}{sep}{plz} {city}",
                g.pick(DE_STREETS),
                g.range(1, 180)
            )
        }
    }
}

/// Writes a postal address (one line) as planted.
pub(crate) fn address(g: &mut Gen, b: &mut Builder) {
    let sep = *g.pick(&[", ", ", ", "\n    "]);
    let v = postal_address(g, sep);
    b.plant(id::POSTAL_ADDRESS, &v);
}

/// Marking phrases by detector id.
fn marking_phrase(g: &mut Gen, detector: &str) -> &'static str {
    match detector {
        id::MARKING_CONFIDENTIAL => g.word(&[
            "CONFIDENTIAL",
            "Strictly Confidential",
            "Company Confidential",
            "Confidential",
        ]),
        id::MARKING_INTERNAL_ONLY => g.word(&[
            "INTERNAL USE ONLY",
            "For Internal Use Only",
            "Internal Only",
        ]),
        id::MARKING_PRIVILEGED => g.word(&[
            "ATTORNEY-CLIENT PRIVILEGED",
            "Privileged",
            "Attorney Work Product",
            "Legally Privileged",
        ]),
        id::MARKING_DO_NOT_DISTRIBUTE => g.word(&[
            "DO NOT DISTRIBUTE",
            "Do not forward",
            "Not for distribution",
            "Do not copy or distribute",
        ]),
        _ => g.word(&[
            "MATERIAL NON-PUBLIC INFORMATION",
            "Contains MNPI",
            "Inside information – do not trade",
        ]),
    }
}

/// Writes a marking line of one or two phrases, each planted under its id (for example
/// `PRIVILEGED & CONFIDENTIAL` or `Confidential — Do not forward`).
pub(crate) fn marking(g: &mut Gen, b: &mut Builder, first: &'static str) {
    let p = marking_phrase(g, first);
    b.plant(first, p);
    if g.chance(0.4) {
        let second = *g.pick(&[
            id::MARKING_CONFIDENTIAL,
            id::MARKING_DO_NOT_DISTRIBUTE,
            id::MARKING_INTERNAL_ONLY,
        ]);
        if second != first {
            b.push(g.word(&[" – ", " // ", " & ", " — "]));
            let p = marking_phrase(g, second);
            b.plant(second, p);
        }
    }
}

/// Writes a card expiry with a lead-in (`exp 09/27`, `valid thru 11/2026`).
pub(crate) fn card_expiry(g: &mut Gen, b: &mut Builder) {
    b.push(g.word(&["exp ", "exp. ", "expires ", "valid thru ", "Exp: "]));
    let (m, y) = (g.range(1, 12), g.range(25, 31));
    let v = if g.chance(0.3) {
        format!("{m:02}/20{y}")
    } else {
        format!("{m:02}/{y}")
    };
    b.plant(id::CARD_EXPIRY, &v);
}

/// A real bank's BIC (8 or 11 characters).
pub(crate) fn bic(g: &mut Gen) -> &'static str {
    g.word(&[
        "DEUTDEFFXXX",
        "NWBKGB2L",
        "ABNANL2A",
        "BNPAFRPP",
        "CAIXESBB",
        "COBADEFFXXX",
        "BARCGB22",
        "INGBNL2A",
        "BCITITMM",
        "GEBABEBB",
    ])
}
