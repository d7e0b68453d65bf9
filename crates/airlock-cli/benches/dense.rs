//! Finding-dense benchmark inputs (seeded): application and access logs, support and clinical
//! notes where most lines hold an e-mail address, an IP, a card, an SSN, a phone number, an
//! IBAN or a key; and a customer CSV export where every row holds several values.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const FIRST: &[&str] = &[
    "anna", "ben", "carla", "dev", "emil", "fatima", "greg", "hana", "ivan", "julia", "kofi",
    "lena", "marco", "nadia", "omar", "priya",
];
const LAST: &[&str] = &[
    "smith", "garcia", "muller", "rossi", "novak", "kim", "okafor", "dubois", "jensen", "silva",
];
const CITIES: &[&str] = &[
    "Springfield",
    "Leeds",
    "Berlin",
    "Lyon",
    "Utrecht",
    "Austin",
];

fn luhn_complete(rng: &mut ChaCha8Rng, prefix: &str, len: usize) -> String {
    let mut digits: Vec<u32> = prefix.chars().filter_map(|c| c.to_digit(10)).collect();
    while digits.len() < len - 1 {
        digits.push(rng.gen_range(0..10));
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits.iter().map(|d| char::from(b'0' + *d as u8)).collect()
}

fn card(rng: &mut ChaCha8Rng) -> String {
    let n = match rng.gen_range(0..3) {
        0 => luhn_complete(rng, "4", 16),
        1 => luhn_complete(rng, "52", 16),
        _ => luhn_complete(rng, "37", 15),
    };
    if rng.gen_bool(0.5) && n.len() == 16 {
        format!("{} {} {} {}", &n[..4], &n[4..8], &n[8..12], &n[12..])
    } else {
        n
    }
}

fn ssn(rng: &mut ChaCha8Rng) -> String {
    format!(
        "{:03}-{:02}-{:04}",
        rng.gen_range(1..666),
        rng.gen_range(1..100),
        rng.gen_range(1..10000)
    )
}

fn iban(rng: &mut ChaCha8Rng) -> String {
    // DE + check digits + 18-digit BBAN, check digits by ISO 7064 mod 97-10.
    let bban: String = (0..18)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect();
    let numeric = format!("{bban}131400");
    let rem = numeric
        .bytes()
        .fold(0u64, |acc, b| (acc * 10 + u64::from(b - b'0')) % 97);
    format!("DE{:02}{bban}", 98 - rem)
}

fn email(rng: &mut ChaCha8Rng) -> String {
    format!(
        "{}.{}{}@{}",
        FIRST[rng.gen_range(0..FIRST.len())],
        LAST[rng.gen_range(0..LAST.len())],
        rng.gen_range(1..999),
        ["corp.example", "mail.example.org", "partner.example.net"][rng.gen_range(0..3)]
    )
}

fn ip(rng: &mut ChaCha8Rng) -> String {
    format!(
        "{}.{}.{}.{}",
        rng.gen_range(11..223),
        rng.gen_range(0..256),
        rng.gen_range(0..256),
        rng.gen_range(1..255)
    )
}

fn phone(rng: &mut ChaCha8Rng) -> String {
    format!(
        "+1 {} {} {:04}",
        rng.gen_range(201..990),
        rng.gen_range(200..999),
        rng.gen_range(0..10000)
    )
}

fn key(rng: &mut ChaCha8Rng) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let body: String = (0..16)
        .map(|_| char::from(A[rng.gen_range(0..A.len())]))
        .collect();
    format!("AKIA{body}")
}

/// Dense text of about `bytes`: logs and notes, most lines with a value.
pub fn text(seed: u64, bytes: usize) -> Vec<u8> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = String::with_capacity(bytes + 256);
    let mut t = 0u32;
    while out.len() < bytes {
        t += rng.gen_range(1..30);
        let line = match rng.gen_range(0..8) {
            0 => format!(
                "2026-11-03T{:02}:{:02}:{:02}Z INFO auth login ok user={} src={} session=ab{:08x}\n",
                t / 3600 % 24, t / 60 % 60, t % 60, email(&mut rng), ip(&mut rng), rng.gen::<u32>()
            ),
            1 => format!(
                "{} - - [03/Nov/2026:10:{:02}:{:02} +0000] \"GET /api/v2/orders?page={} HTTP/1.1\" 200 {}\n",
                ip(&mut rng), t / 60 % 60, t % 60, rng.gen_range(1..90), rng.gen_range(200..90000)
            ),
            2 => format!(
                "2026-11-03 WARN payment retry customer={} card={} amount={}.{:02} EUR\n",
                email(&mut rng), card(&mut rng), rng.gen_range(5..900), rng.gen_range(0..100)
            ),
            3 => format!(
                "Ticket #{}: customer says their SSN {} was shown on the invoice; callback {}\n",
                rng.gen_range(10000..99999), ssn(&mut rng), phone(&mut rng)
            ),
            4 => format!(
                "Refund to IBAN {} requested by {} (order {})\n",
                iban(&mut rng), email(&mut rng), rng.gen_range(100000..999999)
            ),
            5 => format!(
                "Pt seen in clinic, DOB 19{:02}-{:02}-{:02}, contact {}, follow-up in 2 weeks.\n",
                rng.gen_range(40..99), rng.gen_range(1..13), rng.gen_range(1..29), phone(&mut rng)
            ),
            6 => format!(
                "deploy: export AWS_ACCESS_KEY_ID={} # rotated by {}\n",
                key(&mut rng), email(&mut rng)
            ),
            _ => "Meeting notes: agreed to ship the release after the regression suite passes.\n"
                .to_string(),
        };
        out.push_str(&line);
    }
    out.into_bytes()
}

/// A customer CSV export of about `bytes`.
pub fn csv(seed: u64, bytes: usize) -> Vec<u8> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out =
        String::from("customer_id,full_name,email,phone,ssn,card_number,date_of_birth,city,iban\n");
    let mut id = 1000u32;
    while out.len() < bytes {
        id += 1;
        let f = FIRST[rng.gen_range(0..FIRST.len())];
        let l = LAST[rng.gen_range(0..LAST.len())];
        let row = format!(
            "{id},{} {},{},{},{},{},19{:02}-{:02}-{:02},{},{}\n",
            f,
            l,
            email(&mut rng),
            phone(&mut rng),
            ssn(&mut rng),
            card(&mut rng).replace(' ', ""),
            rng.gen_range(40..99),
            rng.gen_range(1..13),
            rng.gen_range(1..29),
            CITIES[rng.gen_range(0..CITIES.len())],
            iban(&mut rng)
        );
        out.push_str(&row);
    }
    out.into_bytes()
}
