//! The AI tool register: which AI tools exist, in which tier, and how to recognise them from
//! the focused browser tab's URL or the focused desktop window.
//!
//! Matching is exact and suffix-based, never substring-based: a host matches a domain when it
//! equals it or is a subdomain of it (`chatgpt.com.evil.example` and `evilchatgpt.com` do not
//! match `chatgpt.com`), after lowercasing, IDNA conversion and removing a trailing dot and the
//! port. URL entries (host + path prefix, at a path-segment boundary) win over domain entries,
//! so a tool living under a path of a bigger site (`github.com/copilot`) is told apart from the
//! rest of the site.

use crate::files::{err, Problems};
use crate::tier::Tier;
use regex::RegexSet;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use toml::Spanned;

/// The kinds of tools in the register.
pub const KINDS: &[&str] = &[
    "chat", "coding", "media", "meeting", "writing", "search", "platform", "agent",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ToolFileSpec {
    #[serde(default)]
    tool: Vec<Spanned<ToolSpec>>,
}

/// One register entry as written in `rules/tools/*.toml`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ToolSpec {
    /// Unique id (`[a-z0-9_-]`).
    pub id: String,
    /// Name shown to employees.
    pub name: String,
    /// Vendor.
    pub vendor: String,
    /// One of [`KINDS`].
    pub kind: String,
    /// Tier number, 1 to 4.
    pub tier: i64,
    /// An example approval shipped for IT to review.
    #[serde(default)]
    pub example: bool,
    /// Hosts (and their subdomains).
    #[serde(default)]
    pub domains: Vec<String>,
    /// Host + path prefixes.
    #[serde(default)]
    pub urls: Vec<String>,
    /// Desktop process names.
    #[serde(default)]
    pub processes: Vec<String>,
    /// Linux X11 WM_CLASS values.
    #[serde(default)]
    pub wm_classes: Vec<String>,
    /// macOS bundle identifiers.
    #[serde(default)]
    pub bundle_ids: Vec<String>,
    /// Windows executable names.
    #[serde(default)]
    pub exes: Vec<String>,
    /// Window-title regexes.
    #[serde(default)]
    pub titles: Vec<String>,
    /// Free-form notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// How to delete a conversation in the tool (see [`crate::deletion`]).
    #[serde(default)]
    pub deletion: Option<crate::deletion::DeletionSpec>,
}

/// A register entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tool {
    /// The entry as written (matchers included, for display and editing).
    pub spec: ToolSpec,
    /// The tier.
    pub tier: Tier,
    /// Where it was defined: `file:line`.
    pub origin: String,
}

impl Tool {
    /// The tool's id.
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// The tool's display name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }
}

/// What is in focus, as far as the agent can tell. Every field is optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct Focus<'a> {
    /// The active browser tab's URL (from the extension).
    pub url: Option<&'a str>,
    /// The focused window's process name.
    pub process: Option<&'a str>,
    /// The focused window's WM_CLASS (Linux X11).
    pub wm_class: Option<&'a str>,
    /// The focused application's bundle id (macOS).
    pub bundle_id: Option<&'a str>,
    /// The focused window's executable name (Windows).
    pub exe: Option<&'a str>,
    /// The focused window's title.
    pub title: Option<&'a str>,
}

/// The compiled register.
#[derive(Debug, Default)]
pub struct Register {
    tools: Vec<Tool>,
    domains: HashMap<String, usize>,
    /// (host, path prefix without trailing '/', tool).
    urls: Vec<(String, String, usize)>,
    processes: HashMap<String, usize>,
    wm_classes: HashMap<String, usize>,
    bundle_ids: HashMap<String, usize>,
    exes: HashMap<String, usize>,
    titles: Option<RegexSet>,
    title_owner: Vec<usize>,
}

impl Register {
    /// All entries, in file order.
    pub fn tools(&self) -> &[Tool] {
        &self.tools
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Tool> {
        self.tools.iter().find(|t| t.spec.id == id)
    }

    /// Identifies the tool in focus. When a URL is known, only the URL decides (a browser on a
    /// non-AI site is not an AI tool, whatever its title says); otherwise the desktop
    /// identifiers, then the window title.
    pub fn identify(&self, focus: &Focus<'_>) -> Option<&Tool> {
        if let Some(url) = focus.url {
            return self.match_url(url);
        }
        let by = |map: &HashMap<String, usize>, key: Option<&str>| {
            key.and_then(|k| map.get(&k.trim().to_ascii_lowercase()).copied())
        };
        let process = focus.process.map(strip_exe_suffix);
        by(&self.bundle_ids, focus.bundle_id)
            .or_else(|| by(&self.exes, focus.exe))
            .or_else(|| by(&self.processes, process))
            .or_else(|| by(&self.wm_classes, focus.wm_class))
            .or_else(|| {
                let title = focus.title?;
                let set = self.titles.as_ref()?;
                let first = set.matches(title).iter().next()?;
                self.title_owner.get(first).copied()
            })
            .and_then(|i| self.tools.get(i))
    }

    /// The tool a URL belongs to. Accepts full URLs and bare `host/path` forms; only http(s).
    pub fn match_url(&self, url: &str) -> Option<&Tool> {
        let (host, path) = parse_url(url)?;
        let mut best: Option<(usize, usize)> = None; // (pattern length, tool)
        for (h, prefix, tool) in &self.urls {
            if host_matches(&host, h) && path_has_prefix(&path, prefix) {
                let len = h.len() + prefix.len();
                if best.is_none_or(|(l, _)| len > l) {
                    best = Some((len, *tool));
                }
            }
        }
        if let Some((_, i)) = best {
            return self.tools.get(i);
        }
        let mut rest = host.as_str();
        loop {
            if let Some(&i) = self.domains.get(rest) {
                return self.tools.get(i);
            }
            rest = rest.split_once('.')?.1;
        }
    }

    /// Finds a tool by id, else by URL or domain (for `airlock explain --tool`).
    pub fn lookup(&self, query: &str) -> Option<&Tool> {
        self.get(query).or_else(|| self.match_url(query))
    }

    /// Compiles tool files: `(name, text)` pairs. Problems are appended to `problems`.
    pub(crate) fn compile(files: &[(&str, &str)], problems: &mut Problems) -> Register {
        let mut reg = Register::default();
        let mut owners: HashMap<String, String> = HashMap::new();
        let mut titles = Vec::new();
        for (name, text) in files {
            let spec: ToolFileSpec = match toml::from_str(text) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(crate::files::toml_error(name, text, &e));
                    continue;
                }
            };
            for spanned in spec.tool {
                let line = crate::files::line_of(text, spanned.span().start);
                let spec = spanned.into_inner();
                let before = problems.len();
                let mut p = |m: String| problems.push(err(name, line, m));
                let id = spec.id.clone();
                let valid_id = !id.is_empty()
                    && id.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'
                    });
                if !valid_id {
                    p(format!(
                        "tool id `{id}` must be lowercase letters, digits, `_` or `-`"
                    ));
                }
                let here = format!("{name}:{line}");
                if let Some(prev) = owners.insert(format!("id {id}"), here.clone()) {
                    p(format!("tool id `{id}` is already defined at {prev}"));
                }
                let tier = Tier::from_number(spec.tier);
                if tier.is_none() {
                    p(format!(
                        "tool `{id}`: tier must be 1 to 4, not {}",
                        spec.tier
                    ));
                }
                if !KINDS.contains(&spec.kind.as_str()) {
                    p(format!(
                        "tool `{id}`: unknown kind `{}` (one of {})",
                        spec.kind,
                        KINDS.join(", ")
                    ));
                }
                if spec.name.trim().is_empty() || spec.vendor.trim().is_empty() {
                    p(format!("tool `{id}`: name and vendor must not be empty"));
                }
                let matchers = spec.domains.len()
                    + spec.urls.len()
                    + spec.processes.len()
                    + spec.wm_classes.len()
                    + spec.bundle_ids.len()
                    + spec.exes.len()
                    + spec.titles.len();
                if matchers == 0 {
                    p(format!("tool `{id}` has no matcher: give at least one of domains, urls, processes, wm_classes, bundle_ids, exes, titles"));
                }
                let index = reg.tools.len();
                let mut claim = |kind: &str, key: String, p: &mut dyn FnMut(String)| {
                    if let Some(prev) = owners.insert(format!("{kind} {key}"), here.clone()) {
                        p(format!(
                            "{kind} `{key}` of tool `{id}` is already claimed at {prev}"
                        ));
                    }
                    key
                };
                for d in &spec.domains {
                    match normalize_domain(d) {
                        Some(h) => {
                            let h = claim("domain", h, &mut p);
                            reg.domains.insert(h, index);
                        }
                        None => p(format!("tool `{id}`: `{d}` is not a domain (write a host such as `chat.example.com`, without scheme or path)")),
                    }
                }
                for u in &spec.urls {
                    match split_url_pattern(u) {
                        Some((h, path)) => {
                            let key = claim("url", format!("{h}{path}"), &mut p);
                            let _ = key;
                            reg.urls.push((h, path, index));
                        }
                        None => p(format!("tool `{id}`: `{u}` is not a url pattern (write host/path, such as `github.com/copilot`)")),
                    }
                }
                for (kind, list, map) in [
                    ("process", &spec.processes, &mut reg.processes),
                    ("wm_class", &spec.wm_classes, &mut reg.wm_classes),
                    ("bundle_id", &spec.bundle_ids, &mut reg.bundle_ids),
                    ("exe", &spec.exes, &mut reg.exes),
                ] {
                    for v in list {
                        let mut key = v.trim().to_ascii_lowercase();
                        if kind == "process" {
                            key = strip_exe_suffix(&key).to_string();
                        }
                        if key.is_empty() {
                            p(format!("tool `{id}`: empty {kind}"));
                            continue;
                        }
                        let key = claim(kind, key, &mut p);
                        map.insert(key, index);
                    }
                }
                for t in &spec.titles {
                    match regex::Regex::new(t) {
                        Ok(_) => titles.push((t.clone(), index)),
                        Err(e) => p(format!(
                            "tool `{id}`: bad title pattern: {}",
                            one_line(&e.to_string())
                        )),
                    }
                }
                if let Some(d) = &spec.deletion {
                    crate::deletion::validate(&id, d, &mut p);
                }
                if problems.len() == before {
                    if let Some(tier) = tier {
                        reg.tools.push(Tool {
                            spec,
                            tier,
                            origin: here,
                        });
                        continue;
                    }
                }
                // Keep indexes consistent: an invalid entry still occupies its slot.
                reg.tools.push(Tool {
                    spec,
                    tier: Tier::Unapproved,
                    origin: here,
                });
            }
        }
        if !titles.is_empty() {
            match RegexSet::new(titles.iter().map(|(t, _)| t)) {
                Ok(set) => {
                    reg.titles = Some(set);
                    reg.title_owner = titles.iter().map(|(_, i)| *i).collect();
                }
                Err(e) => problems.push(err(
                    files.first().map(|f| f.0).unwrap_or("tools"),
                    1,
                    format!(
                        "window-title patterns do not compile together: {}",
                        one_line(&e.to_string())
                    ),
                )),
            }
        }
        reg
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_exe_suffix(s: &str) -> &str {
    let t = s.trim();
    match t
        .len()
        .checked_sub(4)
        .and_then(|i| Some((t.get(..i)?, t.get(i..)?)))
    {
        Some((stem, ext)) if !stem.is_empty() && ext.eq_ignore_ascii_case(".exe") => stem,
        _ => t,
    }
}

/// Lowercased, IDNA-converted host without trailing dot; `None` if it is not a host.
fn normalize_domain(d: &str) -> Option<String> {
    let d = d.trim();
    if d.is_empty() || d.contains(['/', ':', '@', ' ', '*']) {
        return None;
    }
    let parsed = url::Url::parse(&format!("https://{d}/")).ok()?;
    let host = parsed.host_str()?.trim_end_matches('.').to_string();
    (!host.is_empty()).then_some(host)
}

fn split_url_pattern(u: &str) -> Option<(String, String)> {
    let u = u.trim();
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(u);
    let (host, path) = u.split_once('/')?;
    let host = normalize_domain(host)?;
    let path = format!("/{}", path.trim_end_matches('/').to_ascii_lowercase());
    (path.len() > 1).then_some((host, path))
}

/// (host, path) of an http(s) URL; bare `host/path` forms get `https://`.
fn parse_url(url: &str) -> Option<(String, String)> {
    let url = url.trim();
    let parsed = match url::Url::parse(url) {
        Ok(u) if u.scheme() == "http" || u.scheme() == "https" => u,
        Ok(u) if u.cannot_be_a_base() && !url.contains("://") => {
            url::Url::parse(&format!("https://{url}")).ok()?
        }
        Ok(_) => return None,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            url::Url::parse(&format!("https://{url}")).ok()?
        }
        Err(_) => return None,
    };
    let host = parsed
        .host_str()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    // Paths compare case-insensitively and without empty segments (`//copilot`), as the big
    // sites hosting AI tools under a path serve them that way.
    let mut path = String::with_capacity(parsed.path().len());
    for seg in parsed.path().split('/').filter(|s| !s.is_empty()) {
        path.push('/');
        path.push_str(&seg.to_ascii_lowercase());
    }
    if path.is_empty() {
        path.push('/');
    }
    Some((host, path))
}

fn host_matches(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes().get(host.len() - domain.len() - 1) == Some(&b'.'))
}

fn path_has_prefix(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> Register {
        let text = r#"
[[tool]]
id = "chatgpt"
name = "ChatGPT"
vendor = "OpenAI"
kind = "chat"
tier = 4
domains = ["chatgpt.com", "chat.openai.com"]
processes = ["ChatGPT"]
titles = ['^ChatGPT$']

[[tool]]
id = "github_copilot"
name = "GitHub Copilot"
vendor = "GitHub"
kind = "coding"
tier = 2
urls = ["github.com/copilot"]
"#;
        let mut p = Vec::new();
        let r = Register::compile(&[("tools.toml", text)], &mut p);
        assert!(p.is_empty(), "{p:?}");
        r
    }

    fn id(r: &Register, url: &str) -> Option<String> {
        r.match_url(url).map(|t| t.spec.id.clone())
    }

    #[test]
    fn domains_match_hosts_and_subdomains_only() {
        let r = reg();
        assert_eq!(
            id(&r, "https://chatgpt.com/c/1").as_deref(),
            Some("chatgpt")
        );
        assert_eq!(id(&r, "https://CHATGPT.COM./").as_deref(), Some("chatgpt"));
        assert_eq!(
            id(&r, "https://www.chatgpt.com:443/").as_deref(),
            Some("chatgpt")
        );
        assert_eq!(id(&r, "chatgpt.com/c/1").as_deref(), Some("chatgpt"));
        assert_eq!(id(&r, "https://chatgpt.com.evil.example/"), None);
        assert_eq!(id(&r, "https://evilchatgpt.com/"), None);
        assert_eq!(id(&r, "https://chatgpt.com@evil.example/"), None);
        assert_eq!(id(&r, "file:///home/chatgpt.com"), None);
    }

    #[test]
    fn url_prefixes_respect_segments() {
        let r = reg();
        assert_eq!(
            id(&r, "https://github.com/copilot").as_deref(),
            Some("github_copilot")
        );
        assert_eq!(
            id(&r, "https://github.com/copilot/c/9?x=1").as_deref(),
            Some("github_copilot")
        );
        assert_eq!(id(&r, "https://github.com/copilotfan/repo"), None);
        assert_eq!(id(&r, "https://github.com/rust-lang/rust"), None);
        assert_eq!(
            id(&r, "https://github.com/Copilot").as_deref(),
            Some("github_copilot")
        );
        assert_eq!(
            id(&r, "https://github.com//copilot/").as_deref(),
            Some("github_copilot")
        );
    }

    #[test]
    fn odd_process_names_never_panic() {
        let r = reg();
        for p in [
            "a\u{20ac}\u{20ac}",
            ".exe",
            "\u{20ac}.exe",
            "",
            " ",
            "x.EXE",
        ] {
            let f = Focus {
                process: Some(p),
                ..Focus::default()
            };
            assert!(r.identify(&f).is_none(), "{p}");
        }
        assert_eq!(strip_exe_suffix("ChatGPT.EXE"), "ChatGPT");
    }

    #[test]
    fn desktop_identifiers() {
        let r = reg();
        let f = Focus {
            process: Some("chatgpt.exe"),
            ..Focus::default()
        };
        assert_eq!(r.identify(&f).map(|t| t.id()), Some("chatgpt"));
        let f = Focus {
            title: Some("ChatGPT"),
            ..Focus::default()
        };
        assert_eq!(r.identify(&f).map(|t| t.id()), Some("chatgpt"));
        let f = Focus {
            title: Some("ChatGPT"),
            url: Some("https://example.com"),
            ..Focus::default()
        };
        assert!(r.identify(&f).is_none());
    }

    #[test]
    fn duplicate_claims_are_errors() {
        let text = r#"
[[tool]]
id = "a"
name = "A"
vendor = "V"
kind = "chat"
tier = 4
domains = ["a.example"]

[[tool]]
id = "b"
name = "B"
vendor = "V"
kind = "chat"
tier = 5
domains = ["A.example"]
"#;
        let mut p = Vec::new();
        Register::compile(&[("t.toml", text)], &mut p);
        let msgs: Vec<String> = p.iter().map(|e| e.to_string()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("t.toml:10: tool `b`: tier must be 1 to 4")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(
                |m| m.contains("domain `a.example` of tool `b` is already claimed at t.toml:2")
            ),
            "{msgs:?}"
        );
    }
}
