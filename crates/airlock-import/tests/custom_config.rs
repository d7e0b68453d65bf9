//! Hand-written company configs: a custom token rule with a stopword allowlist and
//! `[extend] useDefault = true`, rules that cannot be converted, and input that is not a gitleaks
//! config at all.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use airlock_classifier::{RuleSet, RuleSource, Scanner, ScannerBuilder};
use airlock_import::{convert_gitleaks, ImportError};

const ACME: &str = r#"
title = "Acme Corp gitleaks config"

[extend]
useDefault = true

[[rules]]
id = "acme-internal-token"
description = "Acme internal API token"
regex = '''\b(acmetok_[A-Za-z0-9]{32})\b'''
secretGroup = 1
entropy = 3.5
keywords = ["acmetok_"]
tags = ["acme", "token"]
[[rules.allowlists]]
description = "documentation placeholders"
stopwords = ["example", "dummy"]
paths = ['''docs/''']

[[rules]]
id = "acme-db-password"
regex = '''(?i)acme_db_pass(?:word)?\s*[:=]\s*["']?([^\s"']{12,64})'''
keywords = ["acme_db_pass"]
[rules.allowlist]
regexes = ['''^\$\{[A-Z_]+}$''']

[[rules]]
id = "acme-keystore"
description = "Acme keystores"
path = '''(?i)\.p12$'''

[allowlist]
description = "global"
paths = ['''(^|/)test/''']
regexes = ['''(?i)^changeme''']
"#;

fn scanner_for(toml: &str) -> Scanner {
    let set = RuleSet::load(&[RuleSource {
        name: "acme.toml",
        text: toml,
    }])
    .unwrap_or_else(|e| panic!("converted file does not load:\n{e}\n{toml}"));
    ScannerBuilder::new().build(set)
}

fn found(sc: &Scanner, id: &str, text: &str) -> Vec<String> {
    sc.scan(text.as_bytes())
        .findings
        .iter()
        .filter(|f| f.detector == id)
        .map(|f| text[f.start..f.end].to_string())
        .collect()
}

#[test]
fn a_company_config_converts_as_expected() {
    let c = convert_gitleaks(ACME, ".gitleaks.toml").expect("converts");
    assert_eq!(
        c.converted,
        ["gitleaks_acme_internal_token", "gitleaks_acme_db_password"]
    );
    assert_eq!(c.skipped.len(), 1);
    assert_eq!(c.skipped[0].rule_id, "acme-keystore");
    assert!(c.skipped[0].reason.contains("file paths only"));

    // What was dropped along the way is reported, and the generated file says it too.
    let note = |scope: &str, text: &str| {
        assert!(
            c.notes.iter().any(|(s, n)| s == scope && n.contains(text)),
            "no note `{text}` for {scope}: {:#?}",
            c.notes
        )
    };
    note("[extend]", "useDefault = true");
    note("[allowlist]", "path pattern(s) dropped");
    note("acme-internal-token", "path pattern(s) dropped");
    assert!(c.toml.contains("# [extend]: useDefault = true"));

    // The mapping, as written.
    for line in [
        r#"id = "gitleaks_acme_internal_token""#,
        r#"name = "Acme internal API token""#,
        r#"keywords = ["acmetok_"]"#,
        r#"pattern = '''\b(acmetok_[A-Za-z0-9]{32})\b'''"#,
        "capture = 1",
        "min_entropy = 3.5",
        r#""(?i)(?:example|dummy)""#,
        r#"id = "gitleaks_acme_db_password""#,
        r#"name = "acme-db-password""#,
        r#"'''^\$\{[A-Z_]+}$'''"#,
        r#""(?i)^changeme""#,
    ] {
        assert!(c.toml.contains(line), "missing `{line}` in:\n{}", c.toml);
    }

    let sc = scanner_for(&c.toml);
    let token = ["acmetok_", "Vq8ZK2mT4xR7pL9wN3bY6cH1dF5gJ0sA"].concat();
    let text = format!("ACME_TOKEN={token}\n");
    assert_eq!(found(&sc, "gitleaks_acme_internal_token", &text), [token]);
    // Stopwords allow the value (case-insensitively).
    let doc = ["acmetok_", "EXAMPLE1EXAMPLE2EXAMPLE3EXAMPLE4"].concat();
    assert!(found(&sc, "gitleaks_acme_internal_token", &doc).is_empty());
    // Too short: no match.
    assert!(found(&sc, "gitleaks_acme_internal_token", "acmetok_abc").is_empty());

    let pw = "acme_db_password: \"Q7mXxR2wvL9pKTz4\"";
    assert_eq!(
        found(&sc, "gitleaks_acme_db_password", pw),
        ["Q7mXxR2wvL9pKTz4"]
    );
    // The rule's allowlist regex and the global one both apply.
    let templated = "ACME_DB_PASSWORD=${ACME_DB_PASSWORD}";
    assert!(found(&sc, "gitleaks_acme_db_password", templated).is_empty());
    let placeholder = "acme_db_pass = changeme-later";
    assert!(found(&sc, "gitleaks_acme_db_password", placeholder).is_empty());
}

#[test]
fn unconvertible_rules_are_skipped_with_reasons() {
    let config = r#"
[[rules]]
id = "keep-me"
regex = '''keep_[a-z0-9]{20}'''
keywords = ["keep_"]

[[rules]]
id = "greek-token"
regex = '''tok_\p{Greek}{12}'''
keywords = ["tok_"]

[[rules]]
id = "lookahead"
regex = '''secret_(?=[a-z]{8})[a-z0-9]{8}'''
keywords = ["secret_"]

[[rules]]
id = "cert-files"
path = '''\.pem$'''

[[rules]]
id = "short-keyword"
regex = '''[0-9]{16}'''
keywords = ["cc"]

[[rules]]
description = "no id"
regex = '''x'''
"#;
    let c = convert_gitleaks(config, "c.toml").expect("converts the good rule");
    assert_eq!(c.converted, ["gitleaks_keep_me"]);
    let reason = |id: &str| {
        c.skipped
            .iter()
            .find(|s| s.rule_id == id)
            .map(|s| s.reason.clone())
            .unwrap_or_else(|| panic!("{id} not skipped: {:?}", c.skipped))
    };
    let r = reason("greek-token");
    assert!(
        r.contains("regex cannot be converted") && r.contains("Unicode class `\\p{Greek}`"),
        "{r}"
    );
    assert!(reason("lookahead").contains("look-ahead"));
    assert!(reason("cert-files").contains("matches file paths only; Airlock scans content"));
    assert!(reason("short-keyword").contains("no prefilter anchor"));
    assert!(reason("rules[5]").contains("no `id`"));
    assert!(RuleSet::load(&[RuleSource {
        name: "c.toml",
        text: &c.toml
    }])
    .is_ok());
}

#[test]
fn nothing_convertible_is_an_error_listing_the_reasons() {
    let config = "[[rules]]\nid = \"p12\"\npath = '''\\.p12$'''\n";
    match convert_gitleaks(config, "only-paths.toml") {
        Err(e @ ImportError::NothingConverted { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("only-paths.toml") && msg.contains("file paths only"),
                "{msg}"
            );
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn malformed_toml_names_the_line() {
    let config = "title = \"broken\"\n\n[[rules]]\nid = \"a\nregex = '''x'''\n";
    let err = convert_gitleaks(config, "bad.gitleaks.toml").expect_err("malformed");
    match &err {
        ImportError::Syntax { line, .. } => assert_eq!(*line, 4, "{err}"),
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().starts_with("bad.gitleaks.toml:4:"), "{err}");

    let wrong_type = "[[rules]]\nid = \"a\"\nkeywords = \"not-a-list\"\n";
    let err = convert_gitleaks(wrong_type, "types.toml").expect_err("wrong type");
    assert!(err.to_string().starts_with("types.toml:3:"), "{err}");
}

#[test]
fn arbitrary_input_never_panics() {
    for text in [
        "",
        "[[rules]]",
        "[[rules]]\nid = \"\"\nregex = \"\"",
        "[[rules]]\nid = \"x\"\nregex = '''(?:){4000000000}abc'''\nkeywords = [\"abc\"]",
        "[[rules]]\nid = \"x\"\nregex = '''a{2}{3}{4}[\\x00-\\x02]{5}'''",
        "[[rules]]\nid = \"x\"\nregex = '''\\'''",
        "[[rules]]\nid = \"x\"\nregex = '''[[:nope:]]'''\nsecretGroup = -1",
        "[[rules]]\nid = \"x\"\nregex = '''(a)(b)'''\nsecretGroup = 9\nentropy = nan",
        "[[rules]]\nid = \"x\"\nregex = '''abc'''\nkeywords = [\"abc\"]\nentropy = 9.0",
        "[allowlist]\nstopwords = [\"\"]\n[[rules]]\nid = \"y\"\nregex = '''yyy[0-9]{8}'''\nkeywords = [\"yyy\"]",
        "[[rules]]\nid = \"x\"\nregex = '''.*'''\nkeywords = [\"abc\"]",
        "[[rules]]\nid = \"é\"\nregex = '''é{3}'''\nkeywords = [\"ééé\"]",
    ] {
        match convert_gitleaks(text, "fuzz.toml") {
            Ok(c) => assert!(
                RuleSet::load(&[RuleSource { name: "fuzz.toml", text: &c.toml }]).is_ok(),
                "{text:?} gave a file that does not load"
            ),
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
}
