//! Editing the AI tool register (`tools/*.toml` of a revision) as data: the files are parsed
//! into [`Entry`] values, one file is changed, and only that file is regenerated with the
//! `toml` crate (its leading comment block is kept; every other file stays byte-identical).
//! The caller then compiles the whole directory before saving anything.

use airlock_policy::{role_of, FileRole, RuleFile};
use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}

/// One register entry as written in a tool file (the fields of `airlock_policy::ToolSpec`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Unique id.
    pub id: String,
    /// Name shown to employees.
    pub name: String,
    /// Vendor.
    pub vendor: String,
    /// Kind (chat, coding...).
    pub kind: String,
    /// Tier 1 to 4.
    pub tier: i64,
    /// A shipped example approval.
    #[serde(default, skip_serializing_if = "is_false")]
    pub example: bool,
    /// Hosts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    /// Host + path prefixes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
    /// Process names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub processes: Vec<String>,
    /// WM_CLASS values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wm_classes: Vec<String>,
    /// macOS bundle ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bundle_ids: Vec<String>,
    /// Windows executables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exes: Vec<String>,
    /// Window-title regexes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// How to delete a conversation in the tool (kept as written; the console does not edit it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion: Option<airlock_policy::deletion::DeletionSpec>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ToolFile {
    #[serde(default)]
    tool: Vec<Entry>,
}

/// An entry and the file it is in.
#[derive(Debug, Clone)]
pub struct Listed {
    /// The file's path.
    pub file: String,
    /// The entry.
    pub entry: Entry,
}

/// Why an edit could not be made.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// No tool has this id.
    #[error("there is no tool `{0}` in the register")]
    Unknown(String),
    /// A tool file does not parse.
    #[error("{0}")]
    Parse(String),
    /// The edit itself is invalid.
    #[error("{0}")]
    Invalid(String),
}

fn tool_files(files: &[RuleFile]) -> impl Iterator<Item = &RuleFile> {
    files.iter().filter(|f| role_of(&f.path) == FileRole::Tools)
}

fn parse(f: &RuleFile) -> Result<ToolFile, EditError> {
    toml::from_str(&f.text).map_err(|e| EditError::Parse(format!("{}: {}", f.path, e.message())))
}

/// Every entry of the register, in file order (files that do not parse are skipped: they
/// would not compile).
pub fn list(files: &[RuleFile]) -> Vec<Listed> {
    tool_files(files)
        .filter_map(|f| parse(f).ok().map(|t| (f, t)))
        .flat_map(|(f, t)| {
            t.tool.into_iter().map(move |entry| Listed {
                file: f.path.clone(),
                entry,
            })
        })
        .collect()
}

/// The regenerated text of a tool file: the original's leading comments, then the entries.
fn regenerate(original: &str, t: &ToolFile) -> Result<String, EditError> {
    let header: String = original
        .lines()
        .take_while(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#')
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let body = toml::to_string(t)
        .map_err(|e| EditError::Invalid(format!("writing the tool file: {e}")))?;
    let header = header.trim_end();
    Ok(if header.is_empty() {
        body
    } else {
        format!("{header}\n\n{body}")
    })
}

/// Changes the entry `id` with `change`; returns the changed file.
pub fn edit(
    files: &[RuleFile],
    id: &str,
    change: impl FnOnce(&mut Entry) -> Result<(), EditError>,
) -> Result<RuleFile, EditError> {
    for f in tool_files(files) {
        let mut t = parse(f)?;
        if let Some(e) = t.tool.iter_mut().find(|e| e.id == id) {
            change(e)?;
            return Ok(RuleFile::new(f.path.clone(), regenerate(&f.text, &t)?));
        }
    }
    Err(EditError::Unknown(id.to_string()))
}

/// The file a new tool of `kind` goes to: the file named after its kind when it exists,
/// else `tools/<kind>.toml`.
pub fn file_for_kind(files: &[RuleFile], kind: &str) -> String {
    let preferred = match kind {
        "search" => "writing",
        "platform" | "agent" => "platforms",
        k => k,
    };
    let path = format!("tools/{preferred}.toml");
    if tool_files(files).any(|f| f.path == path) {
        path
    } else {
        format!("tools/{kind}.toml")
    }
}

/// Adds an entry; returns the changed (or new) file.
pub fn add(files: &[RuleFile], entry: Entry) -> Result<RuleFile, EditError> {
    if list(files).iter().any(|l| l.entry.id == entry.id) {
        return Err(EditError::Invalid(format!(
            "a tool with the id `{}` already exists",
            entry.id
        )));
    }
    let path = file_for_kind(files, &entry.kind);
    let (mut t, original) = match files.iter().find(|f| f.path == path) {
        Some(f) => (parse(f)?, f.text.clone()),
        None => (
            ToolFile::default(),
            format!(
                "# AI tools added in the Airlock console ({}).\n",
                entry.kind
            ),
        ),
    };
    t.tool.push(entry);
    Ok(RuleFile::new(path, regenerate(&original, &t)?))
}

/// A tool id made from a name: lowercase letters, digits and `_`.
pub fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            s.push(c);
        } else if !s.ends_with('_') && !s.is_empty() {
            s.push('_');
        }
    }
    s.trim_end_matches('_').chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<RuleFile> {
        vec![
            RuleFile::new(
                "tools/chat.toml",
                "# Chat tools.\n\n[[tool]]\nid = \"a\"\nname = \"A\"\nvendor = \"V\"\nkind = \"chat\"\ntier = 4\ndomains = [\"a.example\"]\ntitles = ['''^A \\d$''']\n",
            ),
            RuleFile::new("tools/coding.toml", "[[tool]] # keep me\nid = \"b\"\nname = \"B\"\nvendor = \"V\"\nkind = \"coding\"\ntier = 2\nprocesses = [\"b\"]\n"),
        ]
    }

    #[test]
    fn editing_a_tier_rewrites_one_file_only() {
        let fs = files();
        let f = edit(&fs, "a", |e| {
            e.tier = 2;
            Ok(())
        })
        .unwrap();
        assert_eq!(f.path, "tools/chat.toml");
        assert!(
            f.text.starts_with("# Chat tools.\n\n[[tool]]"),
            "{}",
            f.text
        );
        assert!(f.text.contains("tier = 2"));
        let back: ToolFile = toml::from_str(&f.text).unwrap();
        assert_eq!(back.tool[0].titles, vec!["^A \\d$".to_string()]);
        assert!(matches!(
            edit(&fs, "zzz", |_| Ok(())),
            Err(EditError::Unknown(_))
        ));
    }

    #[test]
    fn adding_goes_to_the_kind_file() {
        let fs = files();
        let mut e = list(&fs)[0].entry.clone();
        e.id = "c".into();
        e.kind = "coding".into();
        let f = add(&fs, e.clone()).unwrap();
        assert_eq!(f.path, "tools/coding.toml");
        assert_eq!(list(&[f]).len(), 2);
        e.kind = "meeting".into();
        assert_eq!(add(&fs, e).unwrap().path, "tools/meeting.toml");
        assert_eq!(slug("My Tool.ai (beta)"), "my_tool_ai_beta");
    }
}
