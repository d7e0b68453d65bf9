//! `airlock`: the command line of the Airlock endpoint agent.
//!
//! `airlock scan` classifies files or standard input with the local classifier and exits like
//! grep: 0 when nothing is found, 1 when something is, 2 on error. `airlock rules` checks,
//! signs and verifies rule bundles; `airlock explain` says what the policy decides and why.

mod examples;
mod explain;
mod import;
mod output;
mod rules;
mod rules_cmd;
mod scan;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "airlock",
    version,
    about = "Airlock: AI acceptable-use policy enforcement on the endpoint"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan files, directories or standard input for sensitive data.
    ///
    /// Exit status: 0 nothing found, 1 something found, 2 error.
    Scan(ScanArgs),
    /// Rule bundles: check, keygen, keys, build, verify, fingerprint, import-gitleaks.
    #[command(subcommand)]
    Rules(rules_cmd::RulesCommand),
    /// Explain the decision for content sent to an AI tool: verdict, tool, tier, decision, why.
    ///
    /// Exit status: 0 allowed (or audited), 1 warn/justify/block, 2 error.
    Explain(explain::ExplainArgs),
}

/// Output formats of `airlock scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per finding, human-readable.
    Text,
    /// One JSON object per input (JSON lines).
    Json,
    /// One SARIF 2.1.0 log for all inputs.
    Sarif,
}

/// How `airlock scan` reads its inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    /// By content: documents, e-mail, CSV and archives are extracted; other input is text.
    Auto,
    /// As text, whatever it looks like (clipboard text, a typed prompt): never extracted.
    Text,
}

/// Arguments of `airlock scan`.
#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Print the content with findings replaced by placeholders instead of the findings.
    #[arg(long)]
    pub redact: bool,
    /// Load detectors from this directory (`*.toml`) instead of the built-in rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Read inputs by content (`auto`) or always as text (`text`: offsets are always input
    /// offsets; an e-mail or CSV pasted as text stays text).
    #[arg(long = "as", value_enum, default_value = "auto", value_name = "KIND")]
    pub input_kind: InputKind,
    /// Follow symbolic links inside directories (never in a loop). Without it, links found
    /// while walking a directory are skipped (and counted); paths given on the command line are
    /// always read.
    #[arg(long)]
    pub follow: bool,
    /// The most findings listed per input (beyond it the output says TRUNCATED; the data class
    /// still counts every detector that matched).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_findings: usize,
    /// Files or directories to scan; `-` for standard input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

fn main() -> ExitCode {
    // A panic message may quote what was being parsed (a third-party document parser's panic
    // is caught and reported as `corrupt`); print where it happened, never its payload.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "unknown location".into());
        eprintln!("airlock: internal error at {at} (message withheld: it may quote content)");
    }));
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Rules(cmd) => rules_cmd::run(cmd),
        Command::Explain(args) => explain::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("airlock: {e:#}");
            ExitCode::from(2)
        }
    }
}
