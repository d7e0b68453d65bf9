//! The shipped AI tool register against real-world URLs and window titles
//! (`tests/data/focus_cases.toml`), look-alike domains included, and the shipped rules
//! directory as a whole.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use airlock_policy::{Focus, Policy, Tier};
use serde::Deserialize;

#[derive(Deserialize)]
struct Cases {
    url: Vec<UrlCase>,
    app: Vec<AppCase>,
}

#[derive(Deserialize)]
struct UrlCase {
    url: String,
    tool: String,
}

#[derive(Deserialize)]
struct AppCase {
    process: Option<String>,
    wm_class: Option<String>,
    bundle_id: Option<String>,
    exe: Option<String>,
    title: Option<String>,
    tool: String,
}

fn shipped() -> Policy {
    match Policy::compile(&common::read_dir(&common::repo_rules())) {
        Ok(p) => p,
        Err(e) => panic!("rules/ does not compile:\n{e}"),
    }
}

#[test]
fn real_world_focus_cases() {
    let p = shipped();
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/focus_cases.toml"),
    )
    .unwrap();
    let cases: Cases = toml::from_str(&text).unwrap();
    assert!(cases.url.len() >= 60 && cases.app.len() >= 20);
    let mut failures = Vec::new();
    for c in &cases.url {
        let got = p
            .register()
            .match_url(&c.url)
            .map(|t| t.id().to_string())
            .unwrap_or_default();
        if got != c.tool {
            failures.push(format!("{} -> {got:?}, expected {:?}", c.url, c.tool));
        }
    }
    for c in &cases.app {
        let focus = Focus {
            url: None,
            process: c.process.as_deref(),
            wm_class: c.wm_class.as_deref(),
            bundle_id: c.bundle_id.as_deref(),
            exe: c.exe.as_deref(),
            title: c.title.as_deref(),
        };
        let got = p
            .register()
            .identify(&focus)
            .map(|t| t.id().to_string())
            .unwrap_or_default();
        if got != c.tool {
            failures.push(format!("{focus:?} -> {got:?}, expected {:?}", c.tool));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn look_alike_domains_never_match() {
    let p = shipped();
    for url in [
        "https://chatgpt.com.evil.example/",
        "https://evilchatgpt.com/",
        "https://chatgpt-com.example/",
        "https://chatgpt.com@evil.example/c/1",
        "https://claude.ai.phish.net/login",
        "https://xn--chtgpt-5ve.com/", // chatgpt with a Cyrillic a
        "https://chаtgpt.com/",        // the same, unencoded
        "https://gemini-google.com/",
        "http://127.0.0.1/chatgpt.com",
        "https://example.com/?next=https://chatgpt.com",
    ] {
        assert!(
            p.register().match_url(url).is_none(),
            "{url} must not match"
        );
    }
}

#[test]
fn the_shipped_catalogue_is_cautious() {
    let p = shipped();
    let tools = p.register().tools();
    assert!(tools.len() >= 80, "{} tools", tools.len());
    for t in tools {
        if t.tier <= Tier::ApprovedGeneral {
            assert!(
                t.spec.example,
                "{} is approved without being marked as an example",
                t.id()
            );
            assert!(
                t.spec.notes.as_deref().unwrap_or("").contains("EXAMPLE"),
                "{}",
                t.id()
            );
        }
    }
    assert!(tools.iter().filter(|t| t.spec.example).count() >= 2);
    assert!(tools.iter().filter(|t| t.tier == Tier::Unapproved).count() > tools.len() / 2);
}

#[test]
fn the_shipped_rules_compile_with_their_parts() {
    let p = shipped();
    assert!(p.detector_count() >= 100);
    assert!(p.aup().text.contains("Acceptable use"));
    assert!(p.tuning().fingerprint_key.is_some());
    assert_eq!(p.settings().checkin_interval_s, 300);
    let chatgpt = p.register().lookup("chatgpt.com").unwrap();
    let v = p.scan(b"my key AKIAZ3MXQ4LWZ7QK2PNR");
    let d = p.decide(Some(chatgpt), &v, common::NOW);
    assert_eq!(d.action, airlock_policy::Action::Block);
}

#[test]
fn rule_errors_name_file_and_line() {
    let files = common::read_dir(&common::repo_rules());
    let broken = common::with_file(
        &files,
        "tools/zz.toml",
        "[[tool]]\nid = \"chatgpt\"\nname = \"Dup\"\nvendor = \"X\"\nkind = \"chat\"\ntier = 4\ndomains = [\"new.example\", \"https://x/\"]\n",
    );
    let errors = common::compile_errors(&broken);
    assert!(
        errors.iter().any(|e| e.starts_with(
            "tools/zz.toml:1: tool id `chatgpt` is already defined at tools/chat.toml:"
        )),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.starts_with("tools/zz.toml:1: tool `chatgpt`: `https://x/` is not a domain")), "{errors:?}");
    let broken = common::with_file(&files, "policy.toml", "[aup\n");
    let errors = common::compile_errors(&broken);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("policy.toml:1: "), "{errors:?}");
}

#[test]
fn deletion_steps_come_from_the_register() {
    let p = shipped();
    let r = p.register();
    for id in [
        "chatgpt",
        "claude",
        "gemini",
        "microsoft_copilot",
        "m365_copilot",
        "github_copilot",
        "perplexity",
        "deepseek",
        "le_chat",
    ] {
        let d = r.deletion(Some(id));
        assert!(
            matches!(d, airlock_policy::deletion::DeletionSteps::Tool(_)),
            "{id} has its own steps"
        );
        assert!(d.url().is_some_and(|u| u.starts_with("https://")), "{id}");
        assert!(!d.steps().is_empty(), "{id}");
    }
    assert!(r.deletion(Some("chatgpt")).steps()[0].contains("chatgpt.com"));
    // Tools without a table, unknown ids and no id at all get the generic steps.
    let generic = airlock_policy::deletion::DeletionSteps::Generic;
    assert_eq!(r.deletion(Some("cursor")), generic);
    assert_eq!(r.deletion(Some("not-in-the-register")), generic);
    assert_eq!(r.deletion(None), generic);
    // The register alone compiles from the same files, with the same steps.
    let files = common::read_dir(&common::repo_rules());
    let only = airlock_policy::Register::from_files(&files).expect("the register compiles");
    assert_eq!(only.deletion(Some("claude")), r.deletion(Some("claude")));
}

#[test]
fn bad_deletion_tables_name_file_and_line() {
    let files = common::read_dir(&common::repo_rules());
    let broken = common::with_file(
        &files,
        "tools/zz.toml",
        "[[tool]]\nid = \"zz\"\nname = \"Z\"\nvendor = \"X\"\nkind = \"chat\"\ntier = 4\ndomains = [\"zz.example\"]\n\n[tool.deletion]\nurl = \"http://zz.example/\"\nsteps = []\n",
    );
    let errors = common::compile_errors(&broken);
    assert!(
        errors.iter().any(|e| e
            .starts_with("tools/zz.toml:1: tool `zz`: deletion url must be an absolute https URL")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("deletion needs 1 to 12 steps")),
        "{errors:?}"
    );
    assert!(airlock_policy::Register::from_files(&broken).is_err());
    let unknown = common::with_file(
        &files,
        "tools/zz.toml",
        "[[tool]]\nid = \"zz\"\nname = \"Z\"\nvendor = \"X\"\nkind = \"chat\"\ntier = 4\ndomains = [\"zz.example\"]\n\n[tool.deletion]\nurl = \"https://zz.example/\"\nsteps = [\"Delete it.\"]\nlink = \"x\"\n",
    );
    assert!(
        common::compile_errors(&unknown)
            .iter()
            .any(|e| e.starts_with("tools/zz.toml:") && e.contains("link")),
        "unknown keys are refused"
    );
}
