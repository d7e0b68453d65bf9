//! `airlock scan`: expand the inputs, extract and scan each, print in the chosen format.
//!
//! Inputs up to [`IN_MEMORY_LIMIT`] are read whole and go through text extraction (documents,
//! e-mail, archives; findings get locations); larger plain-text inputs are streamed through the
//! scanner in bounded memory, and larger documents are read up to the extraction limit.

use airlock_inspect::document;
use crate::output::{self, Report};
use crate::{rules, Format, ScanArgs};
use airlock_classifier::{redact, Scanner, ScannerBuilder};
use airlock_extract::Limits;
use anyhow::{bail, Context, Result};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Inputs larger than this are streamed.
const IN_MEMORY_LIMIT: u64 = 64 * 1024 * 1024;

/// Runs the command; returns the exit status (0 clean, 1 found, 2 some input failed).
pub fn run(args: &ScanArgs) -> Result<u8> {
    let set = rules::load(args.rules.as_deref())?;
    let scanner = ScannerBuilder::new().build(set);
    let inputs = expand(&args.paths);
    if args.redact && inputs.len() != 1 {
        bail!(
            "--redact takes exactly one input (got {}); redact files one at a time",
            inputs.len()
        );
    }
    let mut reports = Vec::new();
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for input in inputs {
        let name = input
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "-".into());
        let result = match &input {
            Ok(p) => scan_one(&scanner, p, &name),
            Err(e) => Err(anyhow::anyhow!("{e}")),
        };
        match result {
            Ok(report) => {
                if args.redact {
                    let Report {
                        verdict,
                        content,
                        scanned,
                        ..
                    } = report;
                    if !scanned.plain {
                        bail!(
                            "{name}: --redact rewrites plain text only; this is {} content",
                            scanned.format.name()
                        );
                    }
                    let content = content.with_context(|| {
                        format!(
                            "{name}: too large to redact in memory (over {IN_MEMORY_LIMIT} bytes)"
                        )
                    })?;
                    out.write_all(&redact(&content, &verdict).text)?;
                    if verdict.findings.is_empty() {
                        continue;
                    }
                    reports.push(Report {
                        name,
                        verdict,
                        content: None,
                        scanned,
                    });
                    continue;
                }
                match args.format {
                    Format::Text => output::text(&mut out, &report)?,
                    Format::Json => output::json_line(&mut out, &report)?,
                    Format::Sarif => {}
                }
                reports.push(report);
            }
            Err(e) => {
                eprintln!("airlock: {e:#}");
                failed = true;
            }
        }
    }
    if args.format == Format::Sarif && !args.redact {
        output::sarif(&mut out, &scanner, &reports)?;
    }
    out.flush()?;
    let found = reports
        .iter()
        .any(|r| !r.verdict.findings.is_empty() || r.scanned.unscannable.is_some());
    Ok(if failed {
        2
    } else if found {
        1
    } else {
        0
    })
}

/// Expands directories recursively (sorted); `-` stays standard input.
fn expand(paths: &[PathBuf]) -> Vec<Result<PathBuf, String>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || !p.is_dir() {
            out.push(Ok(p.clone()));
            continue;
        }
        walk(p, &mut out);
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<PathBuf, String>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Err(format!("{}: {e}", dir.display())));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else if p.is_file() {
            out.push(Ok(p));
        }
    }
}

/// Scans one input: extraction and scan in memory up to [`IN_MEMORY_LIMIT`]; beyond, plain
/// text is streamed and documents are read whole up to the extraction limit.
fn scan_one(scanner: &Scanner, path: &Path, name: &str) -> Result<Report> {
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).with_context(|| format!("{name}: cannot open"))?)
    };
    let limits = Limits::default();
    let mut head = Vec::new();
    let mut limited = reader.take(IN_MEMORY_LIMIT + 1);
    limited
        .read_to_end(&mut head)
        .with_context(|| format!("{name}: cannot read"))?;
    let display = path
        .file_name()
        .filter(|_| path.as_os_str() != "-")
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "-".into());
    if head.len() as u64 <= IN_MEMORY_LIMIT {
        let scanned = document::scan(scanner, &display, &head, &limits);
        return Ok(Report {
            name: name.to_string(),
            verdict: scanned.verdict.clone(),
            content: scanned.plain.then_some(head),
            scanned,
        });
    }
    let rest = limited.into_inner();
    if airlock_extract::detect(&head) == airlock_extract::Format::Text {
        let verdict = scanner
            .scan_reader(std::io::Cursor::new(head).chain(rest))
            .with_context(|| format!("{name}: cannot read"))?;
        let scanned = document::Scanned {
            name: display,
            locations: Vec::new(),
            verdict: verdict.clone(),
            format: airlock_extract::Format::Text,
            unscannable: None,
            plain: true,
        };
        return Ok(Report {
            name: name.to_string(),
            verdict,
            content: None,
            scanned,
        });
    }
    let mut all = head;
    rest.take(limits.max_bytes.saturating_sub(all.len() as u64) + 1)
        .read_to_end(&mut all)
        .with_context(|| format!("{name}: cannot read"))?;
    let scanned = document::scan(scanner, &display, &all, &limits);
    Ok(Report {
        name: name.to_string(),
        verdict: scanned.verdict.clone(),
        content: None,
        scanned,
    })
}
