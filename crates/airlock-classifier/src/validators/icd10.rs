//! `icd10cm`: a diagnosis code that exists in the real ICD-10-CM code set.
//!
//! The code set ships inside the crate (`data/icd10cm.txt`, the union of the FY2020, FY2021,
//! FY2025 and FY2026 CDC/CMS releases; provenance in `data/README.md`) and is parsed once, on
//! first use, into per-category sorted arrays: a lookup is two binary searches over integers
//! and allocates nothing.
//!
//! A code is accepted with or without its dot (`E11.9`, `E119`, `S72.001A`, `S72001A`); a
//! 3-character category (`I10`, `J45`) is accepted when the category exists, billable or not.
//! Letters must be upper case, as codes are printed.

use std::sync::OnceLock;

/// The code list: one line per category (see the file's header and `data/README.md`).
const DATA: &str = include_str!("../../data/icd10cm.txt");

/// Characters after the category: at most 4 (a 7-character code).
const MAX_REST: usize = 4;

/// Value of one code character: `0` is "no character", digits are 1-10, letters 11-36, so
/// numeric order is the order of the codes as strings (a code sorts before its children).
fn char_value(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some(u32::from(b - b'0') + 1),
        b'A'..=b'Z' => Some(u32::from(b - b'A') + 11),
        _ => None,
    }
}

/// The characters after the category as one base-37 number (missing positions are 0), or
/// `None` if there are more than 4 or one is not a digit or capital letter.
fn rest_value(rest: &[u8]) -> Option<u32> {
    if rest.len() > MAX_REST {
        return None;
    }
    let mut v = 0u32;
    for i in 0..MAX_REST {
        let c = match rest.get(i) {
            Some(&b) => char_value(b)?,
            None => 0,
        };
        v = v * 37 + c;
    }
    Some(v)
}

/// A 3-character category: a capital letter, then two digits or capital letters.
fn category(b: &[u8; 3]) -> bool {
    b[0].is_ascii_uppercase() && b[1..].iter().all(|&c| char_value(c).is_some())
}

/// One category and where its codes lie in [`CodeSet::rests`].
#[derive(Debug)]
struct Category {
    key: [u8; 3],
    start: u32,
    end: u32,
}

/// The parsed code set.
#[derive(Debug, Default)]
struct CodeSet {
    /// Sorted by key.
    categories: Vec<Category>,
    /// For each category, the [`rest_value`] of each of its codes, sorted.
    rests: Vec<u32>,
    /// Entries of the data that could not be read (0 for the shipped file; a unit test checks).
    skipped: usize,
}

impl CodeSet {
    /// Parses the data format: `CAT rest rest stem:chars ...` a line, `#` comment lines.
    fn parse(data: &str) -> CodeSet {
        let mut set = CodeSet {
            rests: Vec::with_capacity(100_000),
            categories: Vec::with_capacity(2_000),
            skipped: 0,
        };
        for line in data.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut entries = line.split_ascii_whitespace();
            let key = entries
                .next()
                .and_then(|c| <[u8; 3]>::try_from(c.as_bytes()).ok())
                .filter(category);
            let Some(key) = key else {
                set.skipped += 1;
                continue;
            };
            let start = set.rests.len();
            for entry in entries {
                set.skipped += usize::from(!set.push_entry(entry));
            }
            let codes = set.rests.get_mut(start..).unwrap_or_default();
            codes.sort_unstable();
            let end = start + dedup_sorted(codes);
            set.rests.truncate(end);
            set.categories.push(Category {
                key,
                start: start as u32,
                end: end as u32,
            });
        }
        set.categories.sort_unstable_by_key(|c| c.key);
        let before = set.categories.len();
        set.categories.dedup_by_key(|c| c.key);
        set.skipped += before - set.categories.len();
        set
    }

    /// Adds one entry (`rest` or `stem:chars`); `false` if it is malformed.
    fn push_entry(&mut self, entry: &str) -> bool {
        match entry.split_once(':') {
            None => match rest_value(entry.as_bytes()) {
                Some(v) if !entry.is_empty() => {
                    self.rests.push(v);
                    true
                }
                _ => false,
            },
            Some((stem, chars)) if stem.len() < MAX_REST && !chars.is_empty() => {
                let mut code = [0u8; MAX_REST];
                let n = stem.len() + 1;
                code[..stem.len()].copy_from_slice(stem.as_bytes());
                for &c in chars.as_bytes() {
                    code[stem.len()] = c;
                    match rest_value(&code[..n]) {
                        Some(v) => self.rests.push(v),
                        None => return false,
                    }
                }
                true
            }
            Some(_) => false,
        }
    }

    /// Whether the category exists and, when `rest` is not empty, has the code `rest`.
    fn contains(&self, key: &[u8; 3], rest: &[u8]) -> bool {
        let Ok(i) = self.categories.binary_search_by(|c| c.key.cmp(key)) else {
            return false;
        };
        if rest.is_empty() {
            return true;
        }
        let (Some(cat), Some(v)) = (self.categories.get(i), rest_value(rest)) else {
            return false;
        };
        self.rests
            .get(cat.start as usize..cat.end as usize)
            .is_some_and(|codes| codes.binary_search(&v).is_ok())
    }

    /// Number of codes, categories included.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.categories.len() + self.rests.len()
    }
}

/// Removes consecutive duplicates in place and returns the new length.
fn dedup_sorted(v: &mut [u32]) -> usize {
    let mut n = 0;
    for i in 0..v.len() {
        if n == 0 || v[i] != v[n - 1] {
            v[n] = v[i];
            n += 1;
        }
    }
    n
}

/// The shipped code set, parsed on first use.
fn code_set() -> &'static CodeSet {
    static SET: OnceLock<CodeSet> = OnceLock::new();
    SET.get_or_init(|| CodeSet::parse(DATA))
}

/// `icd10cm`: `value` is an ICD-10-CM code (category, subcategory or full code) of the shipped
/// code set, written with the dot after the third character or without it.
pub(crate) fn icd10cm(value: &[u8]) -> bool {
    let Some((key, rest)) = value.split_first_chunk::<3>() else {
        return false;
    };
    if !category(key) {
        return false;
    }
    let rest = match rest.split_first() {
        Some((b'.', [])) => return false,
        Some((b'.', after)) => after,
        _ => rest,
    };
    rest.len() <= MAX_REST && code_set().contains(key, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_data_parses_completely() {
        let t = std::time::Instant::now();
        let set = CodeSet::parse(DATA);
        // Timing for the record (asserted nowhere: test builds are unoptimised and shared).
        println!(
            "icd10cm: parsed {} codes in {} categories in {:?}",
            set.len(),
            set.categories.len(),
            t.elapsed()
        );
        assert_eq!(set.skipped, 0);
        assert_eq!(set.categories.len(), 1918);
        assert_eq!(set.len(), 98_510);
        assert!(set.categories.windows(2).all(|w| w[0].key < w[1].key));
    }

    #[test]
    fn real_codes_pass_with_and_without_the_dot() {
        for ok in [
            "E11.9", "E119", // type 2 diabetes mellitus without complications
            "I10",  // essential (primary) hypertension: a category that is a code
            "J45",  // asthma: a category with children
            "F32", "F32.9", "F32A", // major depressive disorder
            "J45.909", "S72.001A", "S72001A",  // femur fracture, initial encounter
            "T81.40XA", // infection following a procedure (FY2019 on)
            "Z3A.38",   // 38 weeks of gestation: a letter in the category
            "C4A.9",    // Merkel cell carcinoma
            "U07.1",    // COVID-19
            "QA0",      // genetic disorders (FY2026)
            "M54.5",    // low back pain: expanded in FY2022, kept for older documents
            "M54.50", "E11.65", "Z87.891", "E78.5", "K21.9",
        ] {
            assert!(icd10cm(ok.as_bytes()), "{ok}");
        }
    }

    #[test]
    fn shapes_and_unknown_codes_fail() {
        for bad in [
            "B12",       // not a category (vitamin B12, bus routes)
            "A1C",       // HbA1c
            "T12",       // a vertebra, not a category
            "E11.99",    // not a code
            "E11.",      // dot without the rest
            "E1.19",     // dot in the wrong place
            "E11..9",    // two dots
            "E11.9A",    // not a code
            "e11.9",     // lower case
            "E11 9",     // a space
            "S72.001AB", // too long
            "S72001AB",
            "E11-9",
            "T81.4XXA", // deleted in FY2019 (split into T81.40-T81.49)
            "Q12H",     // "every 12 hours"
            "AB1",
            "11.9",
            "E1",
            "",
        ] {
            assert!(!icd10cm(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn never_panics_on_bytes() {
        for bad in [
            &b"\xff\xfe\xfd"[..],
            b"E11.\xc3\xa9",
            b"E1\xff",
            b"\xc3\xa911",
            b"E11.9\x00",
            b"Z3A.3\n",
        ] {
            assert!(!icd10cm(bad));
        }
    }

    #[test]
    fn malformed_data_is_skipped_not_fatal() {
        let set = CodeSet::parse(
            "# comment\nE11 9 65 00:AB\nbad 1\nE1 2\nI10\nJ45 9 909 99999 123: 12345 x! 9\nI10\n",
        );
        assert_eq!(set.skipped, 7);
        assert!(set.contains(b"E11", b"9"));
        assert!(set.contains(b"E11", b"00A"));
        assert!(set.contains(b"I10", b""));
        assert!(set.contains(b"J45", b"909"));
        assert!(!set.contains(b"J45", b"99"));
        assert!(!set.contains(b"E11", b"00"));
        assert_eq!(set.rests.len(), 6);
    }
}
