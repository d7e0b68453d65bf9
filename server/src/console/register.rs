//! Editing the AI tool register (`tools/*.toml` of a revision) as data: the files are read
//! into [`Entry`] values, one entry is changed, and only the keys that changed are written back
//! into that file with `toml_edit`, so every comment, the order and the formatting of
//! everything else stay as they were (every other file stays byte-identical). A file that is
//! not valid TOML is an error and nothing is changed. The caller then compiles the whole
//! directory before saving anything.

use airlock_policy::{role_of, FileRole, RuleFile};
use serde::{Deserialize, Serialize};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value};

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

#[derive(Debug, Deserialize)]
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

fn document(f: &RuleFile) -> Result<DocumentMut, EditError> {
    f.text
        .parse()
        .map_err(|e: toml_edit::TomlError| EditError::Parse(format!("{}: {}", f.path, e.message())))
}

/// An entry's keys as `toml_edit` items, in field order (defaults left out).
fn fields(e: &Entry) -> Result<Table, EditError> {
    toml_edit::ser::to_document(e)
        .map(DocumentMut::into_table)
        .map_err(|e| EditError::Invalid(format!("writing the tool entry: {e}")))
}

/// The `[[tool]]` table (or inline table of a `tool = [...]` array) whose `id` is `id`.
fn entry_table<'a>(doc: &'a mut DocumentMut, id: &str) -> Option<&'a mut dyn TableLike> {
    match doc.get_mut("tool")? {
        Item::ArrayOfTables(tables) => tables
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
            .map(|t| t as &mut dyn TableLike),
        Item::Value(Value::Array(inline)) => inline
            .iter_mut()
            .filter_map(Value::as_inline_table_mut)
            .find(|t| t.get("id").and_then(Value::as_str) == Some(id))
            .map(|t| t as &mut dyn TableLike),
        _ => None,
    }
}

/// Writes the keys that differ between `old` and `new` into `table`: changed values are
/// replaced (keeping the comment after them), keys back at their default are removed, new
/// keys go at the end; untouched keys keep their text.
fn apply(table: &mut dyn TableLike, old: &Entry, new: &Entry) -> Result<(), EditError> {
    let before = fields(old)?;
    let after = fields(new)?;
    for (key, _) in before.iter() {
        if !after.contains_key(key) {
            table.remove(key);
        }
    }
    for (key, item) in after.iter() {
        if before.get(key).map(Item::to_string) == Some(item.to_string()) {
            continue;
        }
        match (table.get_mut(key), item) {
            (Some(Item::Value(slot)), Item::Value(value)) => {
                let decor = slot.decor().clone();
                *slot = value.clone();
                *slot.decor_mut() = decor;
            }
            (Some(slot), _) => *slot = item.clone(),
            (None, _) => {
                table.insert(key, item.clone());
            }
        }
    }
    Ok(())
}

/// Changes the entry `id` with `change`; returns the changed file.
pub fn edit(
    files: &[RuleFile],
    id: &str,
    change: impl FnOnce(&mut Entry) -> Result<(), EditError>,
) -> Result<RuleFile, EditError> {
    for f in tool_files(files) {
        let t = parse(f)?;
        if let Some(old) = t.tool.into_iter().find(|e| e.id == id) {
            let mut new = old.clone();
            change(&mut new)?;
            let mut doc = document(f)?;
            let table = entry_table(&mut doc, id).ok_or_else(|| {
                EditError::Parse(format!(
                    "{}: tool `{id}` is not in a [[tool]] table",
                    f.path
                ))
            })?;
            apply(table, &old, &new)?;
            return Ok(RuleFile::new(f.path.clone(), doc.to_string()));
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
    let existing = files.iter().find(|f| f.path == path);
    let mut doc = match existing {
        Some(f) => {
            parse(f)?;
            document(f)?
        }
        None => DocumentMut::new(),
    };
    let mut table = fields(&entry)?;
    table.set_implicit(false);
    if existing.is_none() {
        table.decor_mut().set_prefix(format!(
            "# AI tools added in the Airlock console ({}).\n\n",
            entry.kind
        ));
    } else if !doc.contains_key("tool") {
        // A file of comments only: they are the document's trailing text; keep them first.
        let head = doc
            .trailing()
            .as_str()
            .unwrap_or_default()
            .trim_end()
            .to_string();
        doc.set_trailing("");
        table.decor_mut().set_prefix(if head.is_empty() {
            String::new()
        } else {
            format!("{head}\n\n")
        });
    } else {
        table.decor_mut().set_prefix("\n");
    }
    match doc.get_mut("tool") {
        Some(Item::ArrayOfTables(tables)) => tables.push(table),
        Some(Item::Value(Value::Array(inline))) => inline.push(table.into_inline_table()),
        Some(_) => {
            return Err(EditError::Parse(format!(
                "{path}: `tool` is not an array of tables"
            )))
        }
        None => {
            let mut tables = ArrayOfTables::new();
            tables.push(table);
            doc.insert("tool", Item::ArrayOfTables(tables));
        }
    }
    Ok(RuleFile::new(path, doc.to_string()))
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

    const COMMENTED: &str = "# Chat tools.\n\n# The first one.\n[[tool]] # header comment\nid = \"a\"\nname   = \"A\"   # aligned\nvendor = \"V\"\nkind = \"chat\"\n# tier chosen by the review board\ntier = 4 # reviewed\ndomains = [\n  \"a.example\", # main\n  \"a2.example\",\n]\n\n# Between entries.\n[[tool]]\nid = \"z\"\nname = 'Z'\nvendor = \"V\"\nkind = \"chat\"\ntier = 1\n\n# Trailing.\n";

    #[test]
    fn comments_inside_and_between_entries_survive_an_edit() {
        let fs = vec![RuleFile::new("tools/chat.toml", COMMENTED)];
        let f = edit(&fs, "a", |e| {
            e.tier = 2;
            Ok(())
        })
        .unwrap();
        assert_eq!(f.text, COMMENTED.replace("tier = 4 #", "tier = 2 #"));
        let f = edit(&fs, "z", |e| {
            e.processes = vec!["z".into()];
            e.name = "Zed".into();
            Ok(())
        })
        .unwrap();
        assert_eq!(
            f.text,
            COMMENTED
                .replace("name = 'Z'", "name = \"Zed\"")
                .replace("tier = 1\n", "tier = 1\nprocesses = [\"z\"]\n")
        );
        let f = edit(&fs, "a", |e| {
            e.domains.clear();
            Ok(())
        })
        .unwrap();
        assert!(!f.text.contains("a.example"), "{}", f.text);
        assert!(f.text.contains("# tier chosen") && f.text.contains("# Between entries."));
        assert_eq!(list(&[f])[0].entry.domains, Vec::<String>::new());
    }

    #[test]
    fn adding_keeps_the_file_and_appends_one_table() {
        let fs = vec![RuleFile::new("tools/chat.toml", COMMENTED)];
        let mut e = list(&fs)[0].entry.clone();
        e.id = "n".into();
        e.titles = vec!["^N \\d$".into()];
        let f = add(&fs, e.clone()).unwrap();
        assert!(
            f.text
                .starts_with(COMMENTED.trim_end_matches("\n# Trailing.\n")),
            "{}",
            f.text
        );
        let listed = list(std::slice::from_ref(&f));
        assert_eq!(listed.len(), 3);
        assert_eq!(listed[2].entry, e);
        let only_comments = vec![RuleFile::new("tools/chat.toml", "# Chat tools.\n")];
        let f = add(&only_comments, e).unwrap();
        assert!(
            f.text.starts_with("# Chat tools.\n\n[[tool]]\nid = \"n\""),
            "{}",
            f.text
        );
    }

    #[test]
    fn invalid_toml_is_a_clear_error_and_changes_nothing() {
        let broken = "[[tool]]\nid = \"a\"\nname = \"A\nvendor = \"V\"\n";
        let fs = vec![RuleFile::new("tools/chat.toml", broken)];
        let e = edit(&fs, "a", |_| Ok(())).unwrap_err();
        assert!(
            matches!(&e, EditError::Parse(m) if m.starts_with("tools/chat.toml: ")),
            "{e}"
        );
        let mut entry = list(&files())[0].entry.clone();
        entry.id = "c".into();
        let e = add(&fs, entry).unwrap_err();
        assert!(matches!(e, EditError::Parse(_)), "{e}");
        assert_eq!(fs[0].text, broken);
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
