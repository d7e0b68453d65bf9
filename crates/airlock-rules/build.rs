//! Embeds the bundle files of `rules/` (policy, agent settings, AUP, detectors, EDM sets, the
//! tool register) into the binary as the default rules directory.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files_in(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| {
        p.extension().is_some_and(|x| x == ext)
            && !p
                .file_name()
                .is_some_and(|n| n == "README.md" || n == "IDS.md")
    });
    v.sort();
    v
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries: Vec<(String, PathBuf)> = Vec::new();
    for ext in ["toml", "md"] {
        for p in files_in(&root, ext) {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            entries.push((name, p));
        }
    }
    for sub in ["detectors", "edm", "tools"] {
        let dir = root.join(sub);
        println!("cargo:rerun-if-changed={}", dir.display());
        for p in files_in(&dir, "toml") {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            entries.push((format!("{sub}/{name}"), p));
        }
    }
    entries.sort();
    let mut code = String::from(
        "/// The default rules directory: (relative path, text).\npub const DEFAULT_RULES: &[(&str, &str)] = &[\n",
    );
    for (name, p) in &entries {
        println!("cargo:rerun-if-changed={}", p.display());
        let abs = p.canonicalize().unwrap_or_else(|_| p.clone());
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            abs.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()))
        .join("default_rules.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
