//! A compiled policy: everything a rule bundle holds (detectors, tool register, decision matrix,
//! tuning, AUP, agent settings), validated together so that no agent ever receives rules that
//! do not compile, and cross-checked (an override or suppression must name a real detector).

use crate::files::{err, role_of, toml_error, FileRole, Problems, RuleFile};
use crate::matrix::{Matrix, MatrixSpec, OverrideSpec};
use crate::register::Register;
use crate::settings::AgentSettings;
use crate::tuning::{SuppressionSpec, Tuning};
use airlock_classifier::{
    Category, DataClass, RuleErrors, RuleSet, RuleSource, Scanner, ScannerBuilder, Verdict,
};
use serde::Deserialize;
use std::collections::HashMap;
use toml::Spanned;

/// The acceptable-use policy text employees acknowledge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aup {
    /// Version label (e.g. a date); a new version asks everyone to acknowledge again.
    pub version: String,
    /// The Markdown text.
    pub text: String,
    /// The file it came from.
    pub file: String,
    /// Days after which an acknowledgment must be renewed.
    pub reack_after_days: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AupSpec {
    version: String,
    file: String,
    #[serde(default = "default_reack")]
    reack_after_days: u32,
}

fn default_reack() -> u32 {
    365
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FingerprintSpec {
    key: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFileSpec {
    aup: Option<Spanned<AupSpec>>,
    #[serde(default)]
    matrix: Option<MatrixSpec>,
    #[serde(default, rename = "override")]
    overrides: Vec<Spanned<OverrideSpec>>,
    #[serde(default)]
    modes: Option<Spanned<HashMap<String, String>>>,
    #[serde(default)]
    fingerprints: Option<FingerprintSpec>,
    #[serde(default, rename = "suppression")]
    suppressions: Vec<Spanned<SuppressionSpec>>,
}

/// What the policy knows of a detector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectorInfo {
    /// Name shown to people.
    pub name: String,
    /// Category.
    pub category: Category,
    /// Data class implied.
    pub class: DataClass,
    /// Whether findings are customer data.
    pub customer_data: bool,
}

/// A compiled policy, ready to classify content and decide.
#[derive(Debug)]
pub struct Policy {
    pub(crate) scanner: Scanner,
    pub(crate) register: Register,
    pub(crate) matrix: Matrix,
    pub(crate) tuning: Tuning,
    pub(crate) aup: Aup,
    pub(crate) settings: AgentSettings,
    pub(crate) detectors: HashMap<String, DetectorInfo>,
}

impl Policy {
    /// Compiles the files of a rules directory. Every problem of every file is reported as
    /// `file:line: message`; nothing is returned from a half-valid set.
    pub fn compile(files: &[RuleFile]) -> Result<Policy, RuleErrors> {
        let mut problems: Problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for f in files {
            if !seen.insert(f.path.as_str()) {
                problems.push(err(
                    &f.path,
                    1,
                    "the file appears twice in the bundle".into(),
                ));
            }
        }
        let of = |role: FileRole| files.iter().filter(move |f| role_of(&f.path) == role);

        // Detectors (classifier rule files, EDM sets included).
        let sources: Vec<RuleSource> = of(FileRole::Detectors)
            .map(|f| RuleSource {
                name: &f.path,
                text: &f.text,
            })
            .collect();
        let rules = if sources.is_empty() {
            problems.push(err(
                "detectors/",
                1,
                "no detector files: a bundle needs detectors/*.toml".into(),
            ));
            None
        } else {
            match RuleSet::load(&sources) {
                Ok(r) => Some(r),
                Err(RuleErrors(list)) => {
                    problems.extend(list);
                    None
                }
            }
        };
        let detectors: HashMap<String, DetectorInfo> = rules
            .iter()
            .flat_map(|r| r.detectors())
            .map(|d| {
                (
                    d.id.clone(),
                    DetectorInfo {
                        name: d.name.clone(),
                        category: d.category,
                        class: d.class,
                        customer_data: d.customer_data,
                    },
                )
            })
            .collect();

        // The tool register.
        let tool_files: Vec<(&str, &str)> = of(FileRole::Tools)
            .map(|f| (f.path.as_str(), f.text.as_str()))
            .collect();
        if tool_files.is_empty() {
            problems.push(err(
                "tools/",
                1,
                "no tool files: a bundle needs tools/*.toml (the AI tool register)".into(),
            ));
        }
        let register = Register::compile(&tool_files, &mut problems);

        // Agent settings (optional file).
        let settings = match of(FileRole::Agent).next() {
            Some(f) => AgentSettings::compile(&f.path, &f.text, &mut problems),
            None => AgentSettings::default(),
        };

        // policy.toml: matrix, overrides, modes, suppressions, AUP.
        let mut matrix = Matrix::default();
        let mut tuning = Tuning::default();
        let mut aup = None;
        match of(FileRole::Policy).next() {
            None => problems.push(err(
                "policy.toml",
                1,
                "missing: a bundle needs policy.toml (decision matrix and AUP)".into(),
            )),
            Some(f) => match toml::from_str::<PolicyFileSpec>(&f.text) {
                Err(e) => problems.push(toml_error(&f.path, &f.text, &e)),
                Ok(spec) => {
                    let classes: HashMap<String, (Category, DataClass)> = detectors
                        .iter()
                        .map(|(id, d)| (id.clone(), (d.category, d.class)))
                        .collect();
                    // Cross-checks against detectors only make sense when the detectors loaded.
                    let loaded = rules.is_some();
                    let known = |d: &str| !loaded || classes.contains_key(d);
                    matrix = Matrix::compile(
                        &f.path,
                        &f.text,
                        spec.matrix,
                        if loaded { spec.overrides } else { Vec::new() },
                        &classes,
                        &mut problems,
                    );
                    tuning = Tuning::compile(
                        &f.path,
                        &f.text,
                        spec.modes,
                        spec.fingerprints.map(|k| k.key),
                        spec.suppressions,
                        &known,
                        &mut problems,
                    );
                    aup = compile_aup(&f.path, &f.text, spec.aup, files, &mut problems);
                }
            },
        }

        match (rules, aup) {
            (Some(rules), Some(aup)) if problems.is_empty() => {
                let mut b = ScannerBuilder::new();
                if let Some(k) = tuning.fingerprint_key {
                    b.fingerprint_key(k);
                }
                Ok(Policy {
                    scanner: b.build(rules),
                    register,
                    matrix,
                    tuning,
                    aup,
                    settings,
                    detectors,
                })
            }
            _ => Err(RuleErrors(problems)),
        }
    }

    /// Classifies a content item.
    pub fn scan(&self, content: &[u8]) -> Verdict {
        self.scanner.scan(content)
    }

    /// The scanner (for streamed scans and redaction).
    pub fn scanner(&self) -> &Scanner {
        &self.scanner
    }

    /// The AI tool register.
    pub fn register(&self) -> &Register {
        &self.register
    }

    /// The decision matrix and overrides.
    pub fn matrix(&self) -> &Matrix {
        &self.matrix
    }

    /// Modes and suppressions.
    pub fn tuning(&self) -> &Tuning {
        &self.tuning
    }

    /// The acceptable-use policy.
    pub fn aup(&self) -> &Aup {
        &self.aup
    }

    /// The agent settings.
    pub fn settings(&self) -> &AgentSettings {
        &self.settings
    }

    /// What the policy knows of a detector.
    pub fn detector(&self, id: &str) -> Option<&DetectorInfo> {
        self.detectors.get(id)
    }

    /// Number of detectors (EDM sets included).
    pub fn detector_count(&self) -> usize {
        self.detectors.len()
    }
}

fn compile_aup(
    file: &str,
    text: &str,
    spec: Option<Spanned<AupSpec>>,
    files: &[RuleFile],
    problems: &mut Problems,
) -> Option<Aup> {
    let Some(spec) = spec else {
        problems.push(err(
            file,
            1,
            "missing [aup]: give `version` and `file` (the Markdown text employees acknowledge)"
                .into(),
        ));
        return None;
    };
    let line = crate::files::line_of(text, spec.span().start);
    let spec = spec.into_inner();
    if spec.version.trim().is_empty() {
        problems.push(err(file, line, "[aup] version must not be empty".into()));
        return None;
    }
    match files.iter().find(|f| f.path == spec.file) {
        None => {
            problems.push(err(
                file,
                line,
                format!("[aup] file `{}` is not in the rules directory", spec.file),
            ));
            None
        }
        Some(f) if f.text.trim().is_empty() => {
            problems.push(err(&f.path, 1, "the AUP text is empty".into()));
            None
        }
        Some(f) => Some(Aup {
            version: spec.version,
            text: f.text.clone(),
            file: f.path.clone(),
            reack_after_days: spec.reack_after_days,
        }),
    }
}
