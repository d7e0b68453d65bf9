//! Known-answer tests for the corpus's own checksum code (values from the public specs and
//! published examples: ISO 13616 sample IBANs, the Verhoeff paper's 236 → 2363, CMS's NPI
//! example 1234567893, the CRC-32 check value of "123456789").

use super::*;

#[test]
fn luhn_known_values() {
    assert!(luhn_valid("4111 1111 1111 1111"));
    assert!(luhn_valid("378282246310005"));
    assert!(!luhn_valid("4111 1111 1111 1112"));
    assert_eq!(luhn_check_digit(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1]), 3);
    assert!(luhn_valid("046 454 286"));
    assert!(!luhn_valid(""));
}

#[test]
fn iban_known_values() {
    assert!(iban_valid("DE89 3704 0044 0532 0130 00"));
    assert!(iban_valid("GB29NWBK60161331926819"));
    assert!(iban_valid("NL91ABNA0417164300"));
    assert!(iban_valid("FR1420041010050500013M02606"));
    assert!(iban_valid("ES9121000418450200051332"));
    assert!(iban_valid("IT60X0542811101000000123456"));
    assert!(iban_valid("BE68539007547034"));
    assert!(iban_valid("CH9300762011623852957"));
    assert!(iban_valid("AT611904300234573201"));
    assert!(iban_valid("PL61109010140000071219812874"));
    assert!(iban_valid("PT50000201231234567890154"));
    assert!(iban_valid("IE29AIBK93115212345678"));
    assert!(!iban_valid("DE88 3704 0044 0532 0130 00"));
    assert_eq!(iban_check_digits("DE", "370400440532013000"), 89);
    assert_eq!(iban_check_digits("GB", "NWBK60161331926819"), 29);
}

#[test]
fn national_bank_checks_known_values() {
    assert_eq!(fr_rib_key("20041", "01005", "0500013M026"), 6);
    assert_eq!(it_cin("0542811101000000123456"), 'X');
    assert_eq!(be_check(5_390_075_470), 34);
    assert_eq!(pt_nib_check("0002012312345678901"), 54);
    assert_eq!(pl_sort_check(&[1, 0, 9, 0, 1, 0, 1]), 4);
    assert_eq!(es_ccc_digit(&[0, 0, 2, 1, 0, 0, 0, 4, 1, 8]), 4);
    assert_eq!(es_ccc_digit(&[0, 2, 0, 0, 0, 5, 1, 3, 3, 2]), 5);
}

#[test]
fn crc32_and_base62() {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(crc32(b""), 0);
    assert_eq!(base62_6(0), "000000");
    assert_eq!(base62_6(61), "00000z");
    assert_eq!(base62_6(62), "000010");
    assert_eq!(base62_6(u32::MAX), "4gfFC3");
}

#[test]
fn verhoeff_known_values() {
    assert_eq!(verhoeff_check_digit(&[2, 3, 6]), 3);
    assert!(verhoeff_valid("2363"));
    assert!(!verhoeff_valid("2364"));
    assert_eq!(verhoeff_check_digit(&[1, 2, 3, 4, 5]), 1);
    // The group really is D5: associative, with identity 0.
    for a in 0..10 {
        assert_eq!(d5(a, 0), a);
        assert_eq!(d5(a, d5_inverse(a)), 0);
        for b in 0..10 {
            for c in 0..10 {
                assert_eq!(d5(d5(a, b), c), d5(a, d5(b, c)));
            }
        }
    }
}

#[test]
fn national_ids_known_values() {
    assert!(bsn_valid(&[1, 1, 1, 2, 2, 2, 3, 3, 3]));
    assert!(!bsn_valid(&[1, 1, 1, 2, 2, 2, 3, 3, 4]));
    assert_eq!(dni_letter(12_345_678), 'Z');
    assert_eq!(pesel_check_digit(&[4, 4, 0, 5, 1, 4, 0, 1, 4, 5]), 8);
    assert_eq!(npi_check_digit(&[1, 2, 3, 4, 5, 6, 7, 8, 9]), 3);
}

#[test]
fn base64_known_values() {
    assert_eq!(base64(b"Man"), "TWFu");
    assert_eq!(base64(b"Ma"), "TWE=");
    assert_eq!(base64(b"M"), "TQ==");
    assert_eq!(
        base64url(br#"{"alg":"HS256","typ":"JWT"}"#),
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    );
    assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
}
