//! Validators: checksum and structure checks that turn a regex match into a finding.
//!
//! Each validator is a pure function over the matched bytes (separators included, as matched);
//! it returns `true` when the value is plausible. Rule files name them (`validator = "luhn"`).
//! Validators never panic: any byte string, including invalid UTF-8, yields `true` or `false`.
//!
//! The checks live in one private module per family: shared check-digit helpers (Luhn,
//! Verhoeff, mod 97, weighted sums), payment cards, banking, national and European identity
//! numbers, phone numbers, network addresses, dates, health identifiers, credential tokens and
//! entropy.

mod banking;
mod cards;
mod checksum;
mod dates;
mod entropy;
mod european_ids;
mod health;
mod icd10;
mod national_ids;
mod network;
mod phone;
mod text;
mod tokens;

pub use entropy::shannon_entropy;

/// A validator a detector can name in its rule file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// `luhn`: Luhn mod-10 over the digits (separators ignored).
    Luhn,
    /// `credit_card`: 13-19 digits, Luhn, and a known brand prefix and length.
    CreditCard,
    /// `iban`: a registered country code with its registered length, mod-97 = 1.
    Iban,
    /// `us_ssn`: area not 000/666/900-999, group not 00, serial not 0000, not an advertising
    /// number.
    UsSsn,
    /// `ca_sin`: 9 digits, Luhn, first digit not 0 or 8.
    CaSin,
    /// `npi`: 10 digits, first 1 or 2, Luhn with the 80840 prefix.
    Npi,
    /// `aadhaar`: 12 digits, first not 0/1, Verhoeff check digit.
    Aadhaar,
    /// `nl_bsn`: 9 digits (8 with a leading zero), 11-test.
    NlBsn,
    /// `es_dni`: 8 digits and the mod-23 control letter.
    EsDni,
    /// `es_nie`: X/Y/Z, 7 digits and the control letter.
    EsNie,
    /// `pl_pesel`: 11 digits, weights 1-3-7-9, valid birth date.
    PlPesel,
    /// `it_codice_fiscale`: 16 characters with the odd/even table check character.
    ItCodiceFiscale,
    /// `se_personnummer`: 10 or 12 digits, valid date, Luhn over the last 10.
    SePersonnummer,
    /// `fi_hetu`: DDMMYY, century sign, individual number, mod-31 check character.
    FiHetu,
    /// `au_tfn`: 9 digits, weighted sum mod 11.
    AuTfn,
    /// `sg_nric`: S/T/F/G/M, 7 digits and the weighted check letter.
    SgNric,
    /// `uk_nino`: National Insurance number prefix rules and an A-D suffix.
    UkNino,
    /// `us_phone`: NANP number (area code and exchange 2-9xx, not N11, not 555-01xx).
    UsPhone,
    /// `uk_phone`: UK numbering plan, 01/02/03/07/08 with the right national length.
    UkPhone,
    /// `eu_phone`: `+CC` with an EU/EEA/Swiss country code and that country's length range.
    EuPhone,
    /// `phone`: any of `us_phone`, `uk_phone`, `eu_phone`.
    Phone,
    /// `ipv4`: four octets 0-255 without leading zeros, not 0.0.0.0 or 255.255.255.255.
    Ipv4,
    /// `date`: a real calendar date in a common numeric layout, year 1900-2100.
    Date,
    /// `calendar_date`: a real calendar date, numeric (two- or four-digit year) or with an
    /// English, German or French month name.
    CalendarDate,
    /// `aba_routing`: 9 digits, 3-7-1 weighted checksum.
    AbaRouting,
    /// `icd10`: ICD-10-CM code shape.
    Icd10,
    /// `icd10cm`: a code of the real ICD-10-CM code set, with or without the dot.
    Icd10Cm,
    /// `github_token`: prefixed GitHub token with a valid CRC32 base62 checksum.
    GithubToken,
    /// `jwt`: three base64url parts, the header a JSON object with `alg`.
    Jwt,
    /// `pem`: matching BEGIN/END labels around a plausible base64 body.
    Pem,
    /// `us_mbi`: Medicare Beneficiary Identifier character-position rules.
    UsMbi,
}

impl Validator {
    /// Every validator, for listing in errors and docs.
    pub const ALL: &'static [Validator] = &[
        Validator::Luhn,
        Validator::CreditCard,
        Validator::Iban,
        Validator::UsSsn,
        Validator::CaSin,
        Validator::Npi,
        Validator::Aadhaar,
        Validator::NlBsn,
        Validator::EsDni,
        Validator::EsNie,
        Validator::PlPesel,
        Validator::ItCodiceFiscale,
        Validator::SePersonnummer,
        Validator::FiHetu,
        Validator::AuTfn,
        Validator::SgNric,
        Validator::UkNino,
        Validator::UsPhone,
        Validator::UkPhone,
        Validator::EuPhone,
        Validator::Phone,
        Validator::Ipv4,
        Validator::Date,
        Validator::CalendarDate,
        Validator::AbaRouting,
        Validator::Icd10,
        Validator::Icd10Cm,
        Validator::GithubToken,
        Validator::Jwt,
        Validator::Pem,
        Validator::UsMbi,
    ];

    /// The validator with this rule-file name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.name() == name)
    }

    /// The rule-file name.
    pub fn name(self) -> &'static str {
        match self {
            Validator::Luhn => "luhn",
            Validator::CreditCard => "credit_card",
            Validator::Iban => "iban",
            Validator::UsSsn => "us_ssn",
            Validator::CaSin => "ca_sin",
            Validator::Npi => "npi",
            Validator::Aadhaar => "aadhaar",
            Validator::NlBsn => "nl_bsn",
            Validator::EsDni => "es_dni",
            Validator::EsNie => "es_nie",
            Validator::PlPesel => "pl_pesel",
            Validator::ItCodiceFiscale => "it_codice_fiscale",
            Validator::SePersonnummer => "se_personnummer",
            Validator::FiHetu => "fi_hetu",
            Validator::AuTfn => "au_tfn",
            Validator::SgNric => "sg_nric",
            Validator::UkNino => "uk_nino",
            Validator::UsPhone => "us_phone",
            Validator::UkPhone => "uk_phone",
            Validator::EuPhone => "eu_phone",
            Validator::Phone => "phone",
            Validator::Ipv4 => "ipv4",
            Validator::Date => "date",
            Validator::CalendarDate => "calendar_date",
            Validator::AbaRouting => "aba_routing",
            Validator::Icd10 => "icd10",
            Validator::Icd10Cm => "icd10cm",
            Validator::GithubToken => "github_token",
            Validator::Jwt => "jwt",
            Validator::Pem => "pem",
            Validator::UsMbi => "us_mbi",
        }
    }

    /// Whether `value` (the matched bytes, separators included; any bytes, not necessarily
    /// UTF-8) passes.
    pub fn validate(self, value: &[u8]) -> bool {
        match self {
            Validator::Luhn => cards::luhn_valid(value),
            Validator::CreditCard => cards::credit_card(value),
            Validator::Iban => banking::iban(value),
            Validator::UsSsn => national_ids::us_ssn(value),
            Validator::CaSin => national_ids::ca_sin(value),
            Validator::Npi => health::npi(value),
            Validator::Aadhaar => national_ids::aadhaar(value),
            Validator::NlBsn => european_ids::nl_bsn(value),
            Validator::EsDni => european_ids::es_dni(value),
            Validator::EsNie => european_ids::es_nie(value),
            Validator::PlPesel => european_ids::pl_pesel(value),
            Validator::ItCodiceFiscale => european_ids::it_codice_fiscale(value),
            Validator::SePersonnummer => european_ids::se_personnummer(value),
            Validator::FiHetu => european_ids::fi_hetu(value),
            Validator::AuTfn => national_ids::au_tfn(value),
            Validator::SgNric => national_ids::sg_nric(value),
            Validator::UkNino => european_ids::uk_nino(value),
            Validator::UsPhone => phone::us_phone(value),
            Validator::UkPhone => phone::uk_phone(value),
            Validator::EuPhone => phone::eu_phone(value),
            Validator::Phone => phone::phone(value),
            Validator::Ipv4 => network::ipv4(value),
            Validator::Date => dates::date(value),
            Validator::CalendarDate => dates::calendar_date(value),
            Validator::AbaRouting => banking::aba_routing(value),
            Validator::Icd10 => health::icd10(value),
            Validator::Icd10Cm => icd10::icd10cm(value),
            Validator::GithubToken => tokens::github_token(value),
            Validator::Jwt => tokens::jwt(value),
            Validator::Pem => tokens::pem(value),
            Validator::UsMbi => health::us_mbi(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One value per validator that must pass it.
    fn sample(v: Validator) -> &'static [u8] {
        match v {
            Validator::Luhn => b"79927398713",
            Validator::CreditCard => b"4111 1111 1111 1111",
            Validator::Iban => b"GB82 WEST 1234 5698 7654 32",
            Validator::UsSsn => b"123-45-6789",
            Validator::CaSin => b"130 692 544",
            Validator::Npi => b"1234567893",
            Validator::Aadhaar => b"2341 2341 2346",
            Validator::NlBsn => b"111222333",
            Validator::EsDni => b"12345678Z",
            Validator::EsNie => b"X1234567L",
            Validator::PlPesel => b"44051401359",
            Validator::ItCodiceFiscale => b"RSSMRA85T10A562S",
            Validator::SePersonnummer => b"811218-9876",
            Validator::FiHetu => b"131052-308T",
            Validator::AuTfn => b"123 456 782",
            Validator::SgNric => b"S1234567D",
            Validator::UkNino => b"AB123456C",
            Validator::UsPhone => b"+1 (415) 555-2671",
            Validator::UkPhone => b"020 7946 0958",
            Validator::EuPhone => b"+49 30 901820",
            Validator::Phone => b"+33 1 42 68 53 00",
            Validator::Ipv4 => b"192.168.1.1",
            Validator::Date => b"2024-02-29",
            Validator::CalendarDate => b"7th March 1984",
            Validator::AbaRouting => b"021000021",
            Validator::Icd10 => b"S72.001A",
            Validator::Icd10Cm => b"E11.9",
            Validator::GithubToken => b"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",
            Validator::Jwt => {
                b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.\
                  eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.\
                  SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
            }
            Validator::Pem => {
                b"-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2Fy\n\
                  Zm9yIHRlc3RpbmcgcHVycG9zZXMgb25seSwgbm90IGEgcmVhbCBrZXk=\n\
                  -----END CERTIFICATE-----"
            }
            Validator::UsMbi => b"1EG4-TE5-MK73",
        }
    }

    #[test]
    fn names_round_trip() {
        for &v in Validator::ALL {
            assert_eq!(Validator::from_name(v.name()), Some(v));
        }
        assert_eq!(Validator::from_name("nope"), None);
        assert_eq!(Validator::from_name("LUHN"), None);
    }

    #[test]
    fn all_lists_every_variant_once() {
        assert_eq!(Validator::ALL.len(), 31);
        let mut names: Vec<&str> = Validator::ALL.iter().map(|v| v.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Validator::ALL.len());
    }

    #[test]
    fn readme_names() {
        let readme = [
            "luhn",
            "credit_card",
            "iban",
            "us_ssn",
            "ca_sin",
            "npi",
            "aadhaar",
            "nl_bsn",
            "es_dni",
            "es_nie",
            "pl_pesel",
            "it_codice_fiscale",
            "se_personnummer",
            "fi_hetu",
            "au_tfn",
            "sg_nric",
            "uk_nino",
            "us_phone",
            "uk_phone",
            "eu_phone",
            "phone",
            "ipv4",
            "date",
            "calendar_date",
            "aba_routing",
            "icd10",
            "icd10cm",
            "github_token",
            "jwt",
            "pem",
            "us_mbi",
        ];
        for name in readme {
            assert!(Validator::from_name(name).is_some(), "{name}");
        }
    }

    #[test]
    fn every_validator_accepts_its_sample() {
        for &v in Validator::ALL {
            assert!(v.validate(sample(v)), "{}", v.name());
        }
    }

    #[test]
    fn every_validator_rejects_empty_and_invalid_utf8() {
        for &v in Validator::ALL {
            for bad in [
                &b""[..],
                b"\xff",
                b"\xc3\x28",
                b"\xed\xa0\x80",
                b"\x00",
                b" ",
            ] {
                assert!(!v.validate(bad), "{} {bad:?}", v.name());
            }
        }
    }

    /// xorshift64*: a tiny deterministic generator for the no-panic sweep.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
    }

    #[test]
    fn never_panics_on_mutated_or_random_input() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let alphabet = b"0123456789 -./()+ABCDEFXYZabcxyz=_:\n\\\xff\xc3";
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for &v in Validator::ALL {
            let s = sample(v);
            for i in 0..=s.len() {
                inputs.push(s[..i].to_vec());
                inputs.push(s[i..].to_vec());
                let mut m = s.to_vec();
                if let Some(b) = m.get_mut(i) {
                    *b = 0xff;
                }
                inputs.push(m);
            }
        }
        for _ in 0..3000 {
            let len = (rng.next() % 64) as usize;
            let bytes = (0..len)
                .map(|_| {
                    let i = (rng.next() % alphabet.len() as u64) as usize;
                    alphabet[i]
                })
                .collect();
            inputs.push(bytes);
        }
        for _ in 0..500 {
            let len = (rng.next() % 48) as usize;
            inputs.push((0..len).map(|_| rng.next() as u8).collect());
        }
        inputs.push(vec![b'9'; 10_000]);
        inputs.push(vec![b'-'; 10_000]);
        inputs.push(b"-----BEGIN A-----".repeat(200));
        for input in &inputs {
            for &v in Validator::ALL {
                let _ = v.validate(input);
            }
            let h = shannon_entropy(input);
            assert!((0.0..=8.0 + 1e-9).contains(&h));
        }
    }
}
