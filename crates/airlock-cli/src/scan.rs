//! `airlock scan`: expand the inputs, extract and scan each, print in the chosen format.
//!
//! Inputs up to [`IN_MEMORY_LIMIT`] are read whole and go through text extraction (documents,
//! e-mail, archives; findings get locations), unless `--as text`; larger plain-text inputs are
//! streamed through the scanner in bounded memory, and larger documents are read up to the
//! extraction limit. Each input's report is printed and dropped before the next is read (SARIF
//! keeps only its small result objects), so memory stays flat over a large directory.
//! Directories are walked without following symbolic links unless `--follow`, which never
//! enters a directory twice on one path (no loops).

use crate::output::{self, Report};
use crate::{rules, Format, InputKind, ScanArgs};
use airlock_classifier::{redact, Scanner, ScannerBuilder, Verdict};
use airlock_extract::Limits;
use airlock_inspect::document;
use anyhow::{bail, Context, Result};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Inputs larger than this are streamed.
const IN_MEMORY_LIMIT: u64 = 64 * 1024 * 1024;

/// Runs the command; returns the exit status (0 clean, 1 found, 2 some input failed).
pub fn run(args: &ScanArgs) -> Result<u8> {
    let set = rules::load(args.rules.as_deref())?;
    // One scan per run: warming the regex caches up on the examples would cost more than it
    // saves.
    let scanner = ScannerBuilder::new()
        .max_findings(args.max_findings)
        .warm_up(false)
        .build(set);
    let mut walk = Walk::default();
    let inputs = walk.expand(&args.paths, args.follow);
    if args.redact && inputs.len() != 1 {
        bail!(
            "--redact takes exactly one input (got {}); redact files one at a time",
            inputs.len()
        );
    }
    let mut sarif_results = Vec::new();
    let (mut failed, mut found) = (false, false);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    for input in inputs {
        let name = input
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "-".into());
        let result = match &input {
            Ok(p) => scan_one(&scanner, p, &name, args.input_kind),
            Err(e) => Err(anyhow::anyhow!("{e}")),
        };
        let report = match result {
            Ok(r) => r,
            Err(e) => {
                eprintln!("airlock: {e:#}");
                failed = true;
                continue;
            }
        };
        // Published examples alone are reported but do not make the exit status "found".
        found |= report.scanned.verdict.findings.iter().any(|f| !f.example)
            || report.scanned.unscannable.is_some();
        if args.redact {
            write_redacted(&mut out, &name, report)?;
            continue;
        }
        match args.format {
            Format::Text => output::text(&mut out, &report)?,
            Format::Json => output::json_line(&mut out, &report)?,
            Format::Sarif => sarif_results.extend(output::sarif_results(&report)),
        }
        // Each input's report is out before the next is read (buffered within one report).
        out.flush()?;
    }
    if args.format == Format::Sarif && !args.redact {
        output::sarif(&mut out, &scanner, sarif_results)?;
    }
    out.flush()?;
    for l in &walk.loops {
        eprintln!("airlock: {l}");
    }
    if walk.skipped_links > 0 {
        eprintln!(
            "airlock: skipped {} symbolic link(s) inside directories; --follow scans them",
            walk.skipped_links
        );
    }
    Ok(if failed {
        2
    } else if found {
        1
    } else {
        0
    })
}

/// Prints the input with its findings replaced by placeholders.
fn write_redacted(out: &mut impl Write, name: &str, report: Report) -> Result<()> {
    let Report {
        content, scanned, ..
    } = report;
    let content = content.with_context(|| {
        format!("{name}: too large to redact in memory (over {IN_MEMORY_LIMIT} bytes)")
    })?;
    if !scanned.all_input_offsets() {
        let n = scanned
            .offsets
            .iter()
            .filter(|o| **o == document::Offsets::Segment)
            .count();
        bail!(
            "{name}: cannot redact this {} content in place: {n} finding(s) are in decoded or \
             rebuilt text, not verbatim in the input (`--as text` redacts it as plain text)",
            scanned.format.name()
        );
    }
    let mut verdict = scanned.verdict;
    verdict.findings.sort_by_key(|f| (f.start, f.end));
    out.write_all(&redact(&content, &verdict).text)?;
    Ok(())
}

/// Expands directories recursively (sorted); `-` stays standard input.
#[derive(Default)]
struct Walk {
    /// Symbolic links met inside directories and not followed.
    skipped_links: usize,
    /// Followed links that lead back into a directory being walked (skipped: not an error,
    /// everything they lead to is scanned once already).
    loops: Vec<String>,
    /// Files reached by following links, by canonical path: a file two links lead to is
    /// scanned once.
    linked_files: std::collections::HashSet<PathBuf>,
}

impl Walk {
    fn expand(&mut self, paths: &[PathBuf], follow: bool) -> Vec<Result<PathBuf, String>> {
        let mut out = Vec::new();
        for p in paths {
            if p.as_os_str() == "-" || !p.is_dir() {
                out.push(Ok(p.clone()));
                continue;
            }
            let mut ancestors = Vec::new();
            self.walk(p, follow, &mut ancestors, &mut out);
        }
        out
    }

    /// Walks `dir`; `ancestors` are the canonical directories on the current path (a link
    /// back to one of them would loop, and is reported instead).
    fn walk(
        &mut self,
        dir: &Path,
        follow: bool,
        ancestors: &mut Vec<PathBuf>,
        out: &mut Vec<Result<PathBuf, String>>,
    ) {
        let canonical = match std::fs::canonicalize(dir) {
            Ok(c) => c,
            Err(e) => {
                out.push(Err(format!("{}: {e}", dir.display())));
                return;
            }
        };
        if ancestors.contains(&canonical) {
            self.loops.push(format!(
                "{}: symbolic link loop (already scanning {}); skipped",
                dir.display(),
                canonical.display()
            ));
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                out.push(Err(format!("{}: {e}", dir.display())));
                return;
            }
        };
        ancestors.push(canonical);
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
            if link && !follow {
                self.skipped_links += 1;
                continue;
            }
            if p.is_dir() {
                self.walk(&p, follow, ancestors, out);
            } else if p.is_file() {
                let seen =
                    follow && std::fs::canonicalize(&p).is_ok_and(|c| !self.linked_files.insert(c));
                if !seen {
                    out.push(Ok(p));
                }
            }
        }
        ancestors.pop();
    }
}

/// Scans one input: extraction and scan in memory up to [`IN_MEMORY_LIMIT`]; beyond, plain
/// text is streamed and documents are read whole up to the extraction limit.
fn scan_one(scanner: &Scanner, path: &Path, name: &str, kind: InputKind) -> Result<Report> {
    let (reader, size): (Box<dyn Read>, u64) = if path.as_os_str() == "-" {
        (Box::new(std::io::stdin().lock()), 0)
    } else {
        let file = std::fs::File::open(path).with_context(|| format!("{name}: cannot open"))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        (Box::new(file), size)
    };
    let limits = Limits::default();
    // Sized once from the file's length: no regrowth copies of large inputs.
    let mut head = Vec::with_capacity(size.min(IN_MEMORY_LIMIT + 1) as usize);
    let mut limited = reader.take(IN_MEMORY_LIMIT + 1);
    limited
        .read_to_end(&mut head)
        .with_context(|| format!("{name}: cannot read"))?;
    let display = path
        .file_name()
        .filter(|_| path.as_os_str() != "-")
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "-".into());
    let as_text = kind == InputKind::Text;
    if head.len() as u64 <= IN_MEMORY_LIMIT {
        let scanned = if as_text {
            document::scan_text(scanner, &display, &head)
        } else {
            document::scan(scanner, &display, &head, &limits)
        };
        return Ok(report(name, scanned, Some(head)));
    }
    let rest = limited.into_inner();
    if as_text || airlock_extract::detect(&head) == airlock_extract::Format::Text {
        let verdict: Verdict = scanner
            .scan_reader(std::io::Cursor::new(head).chain(rest))
            .with_context(|| format!("{name}: cannot read"))?;
        return Ok(report(name, document::streamed(&display, verdict), None));
    }
    let mut all = head;
    rest.take(limits.max_bytes.saturating_sub(all.len() as u64) + 1)
        .read_to_end(&mut all)
        .with_context(|| format!("{name}: cannot read"))?;
    let scanned = document::scan(scanner, &display, &all, &limits);
    Ok(report(name, scanned, None))
}

fn report(name: &str, scanned: document::Scanned, content: Option<Vec<u8>>) -> Report {
    Report {
        name: name.to_string(),
        content,
        scanned,
    }
}
