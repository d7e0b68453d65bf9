//! Planting values in context: how a secret looks in a `.env` file, YAML, JSON, TOML/INI,
//! Python, JavaScript, Go, Rust, a chat message or a log line, and how a person writes a
//! national identifier, card or IBAN next to its context word ("SIN: 046 454 286").
//!
//! Every function writes through [`Builder::plant`], so the label covers exactly the value:
//! never the key, the quotes or the context word.

use crate::gen::{Builder, Gen};
use crate::{id, negatives, values};

/// The surrounding syntax a secret is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Env,
    Yaml,
    Json,
    Toml,
    Python,
    Js,
    Go,
    Rust,
    Chat,
    Log,
}

impl Style {
    /// Whether a multi-line value (a PEM block) can be written in this style (JSON writes
    /// it on one line with escaped `\n`).
    pub(crate) fn multiline(self) -> bool {
        !matches!(self, Style::Log)
    }
}

/// (ENV_NAME, config_key, how people call it) for a secret id.
fn names(detector: &str) -> (&'static str, &'static str, &'static str) {
    match detector {
        id::AWS_ACCESS_KEY_ID => ("AWS_ACCESS_KEY_ID", "aws_access_key_id", "AWS access key"),
        id::AWS_SECRET_ACCESS_KEY => (
            "AWS_SECRET_ACCESS_KEY",
            "aws_secret_access_key",
            "AWS secret",
        ),
        id::GITHUB_PAT_CLASSIC => ("GITHUB_TOKEN", "github_token", "GitHub token"),
        id::GITHUB_PAT_FINE_GRAINED => ("GH_TOKEN", "github_pat", "fine-grained GitHub PAT"),
        id::GITLAB_PAT => ("GITLAB_TOKEN", "gitlab_token", "GitLab token"),
        id::SLACK_BOT_TOKEN => ("SLACK_BOT_TOKEN", "slack_bot_token", "Slack bot token"),
        id::SLACK_WEBHOOK_URL => ("SLACK_WEBHOOK_URL", "slack_webhook_url", "Slack webhook"),
        id::STRIPE_SECRET_KEY => ("STRIPE_SECRET_KEY", "stripe_secret_key", "Stripe live key"),
        id::OPENAI_API_KEY => ("OPENAI_API_KEY", "openai_api_key", "OpenAI key"),
        id::ANTHROPIC_API_KEY => ("ANTHROPIC_API_KEY", "anthropic_api_key", "Anthropic key"),
        id::GOOGLE_API_KEY => ("GOOGLE_MAPS_API_KEY", "maps_api_key", "Maps API key"),
        id::HUGGINGFACE_TOKEN => ("HF_TOKEN", "hf_token", "Hugging Face token"),
        id::NPM_TOKEN => ("NPM_TOKEN", "npm_token", "npm publish token"),
        id::SENDGRID_API_KEY => ("SENDGRID_API_KEY", "sendgrid_api_key", "SendGrid key"),
        id::TWILIO_API_KEY => ("TWILIO_API_KEY", "twilio_api_key", "Twilio API key"),
        id::PRIVATE_KEY => ("DEPLOY_PRIVATE_KEY", "private_key", "deploy key"),
        id::JWT => ("API_BEARER_TOKEN", "bearer_token", "bearer token"),
        id::DATABASE_CONNECTION_STRING => ("DATABASE_URL", "database_url", "connection string"),
        _ => ("DB_PASSWORD", "password", "password"),
    }
}

/// Fills a secret slot: a planted secret when the generator plants, otherwise a placeholder.
/// Writes a statement without leading indentation or trailing newline; continuation lines
/// start with `indent`.
pub(crate) fn secret_slot(g: &mut Gen, b: &mut Builder, style: Style, indent: &str) {
    if g.plant {
        let detector = g.next_secret(|d| style.multiline() || d != id::PRIVATE_KEY);
        secret(g, b, detector, style, indent);
    } else {
        negatives::placeholder(g, b, style);
    }
}

/// Writes `key<sep>"value"` with the value planted.
fn assign(b: &mut Builder, key: &str, sep: &str, quote: &str, detector: &'static str, v: &str) {
    b.push(key);
    b.push(sep);
    b.push(quote);
    b.plant(detector, v);
    b.push(quote);
}

/// Writes the secret `detector` in `style` (see [`secret_slot`] for the layout).
pub(crate) fn secret(
    g: &mut Gen,
    b: &mut Builder,
    detector: &'static str,
    style: Style,
    indent: &str,
) {
    if detector == id::AWS_ACCESS_KEY_ID || detector == id::AWS_SECRET_ACCESS_KEY {
        return aws_pair(g, b, style, indent);
    }
    let (env, key, phrase) = names(detector);
    let pem_indent = if style == Style::Yaml { "  " } else { "" };
    let v = if detector == id::PRIVATE_KEY && style == Style::Json {
        values::private_key_json_escaped(g)
    } else if detector == id::PRIVATE_KEY {
        values::private_key_pem(g, &format!("{indent}{pem_indent}"))
    } else {
        values::value(g, detector)
    };
    match style {
        Style::Env if detector == id::PRIVATE_KEY || detector == id::GENERIC_PASSWORD => {
            assign(b, env, "=", "\"", detector, &v)
        }
        Style::Env => match g.below(3) {
            0 => assign(b, env, "=", "", detector, &v),
            1 => assign(b, &format!("export {env}"), "=", "", detector, &v),
            _ => assign(b, env, "=", "\"", detector, &v),
        },
        Style::Yaml if detector == id::PRIVATE_KEY => {
            b.push(key);
            b.push(": |\n");
            b.push(indent);
            b.push(pem_indent);
            b.plant(detector, &v);
        }
        Style::Yaml => {
            let quoted = detector == id::GENERIC_PASSWORD || g.chance(0.5);
            assign(b, key, ": ", if quoted { "\"" } else { "" }, detector, &v)
        }
        Style::Json if detector == id::PRIVATE_KEY => {
            b.push("\"private_key\": \"");
            b.plant(detector, &v);
            b.push("\\n\"");
        }
        Style::Json => assign(b, &format!("\"{key}\""), ": ", "\"", detector, &v),
        Style::Toml => {
            let quote = if detector == id::PRIVATE_KEY {
                "\"\"\""
            } else {
                "\""
            };
            assign(b, key, " = ", quote, detector, &v)
        }
        Style::Python => python(g, b, detector, env, &v),
        Style::Js => match detector {
            id::PRIVATE_KEY => assign(b, &format!("const {env}"), " = ", "`", detector, &v),
            id::JWT => assign(b, "headers.Authorization", " = ", "\"Bearer ", detector, &v),
            _ => {
                assign(b, &format!("const {env}"), " = ", "\"", detector, &v);
                b.push(";");
            }
        },
        Style::Go => match detector {
            id::PRIVATE_KEY => assign(b, "privateKey", " := ", "`", detector, &v),
            id::GENERIC_PASSWORD => assign(b, "password", " := ", "\"", detector, &v),
            _ => {
                b.push("os.Setenv(\"");
                b.push(env);
                b.push("\", \"");
                b.plant(detector, &v);
                b.push("\")");
            }
        },
        Style::Rust => match detector {
            id::PRIVATE_KEY => {
                b.push("const DEPLOY_PRIVATE_KEY: &str = r#\"");
                b.plant(detector, &v);
                b.push("\"#;");
            }
            id::GENERIC_PASSWORD => {
                assign(b, "let password", " = ", "\"", detector, &v);
                b.push(";");
            }
            _ => {
                assign(b, &format!("const {env}: &str"), " = ", "\"", detector, &v);
                b.push(";");
            }
        },
        Style::Chat => chat(g, b, detector, env, phrase, &v),
        Style::Log => log(g, b, detector, env, &v),
    }
}

fn python(g: &mut Gen, b: &mut Builder, detector: &'static str, env: &str, v: &str) {
    let (call, close) = match detector {
        id::OPENAI_API_KEY => ("client = OpenAI(api_key=\"", "\")"),
        id::ANTHROPIC_API_KEY => ("client = anthropic.Anthropic(api_key=\"", "\")"),
        id::STRIPE_SECRET_KEY => ("stripe.api_key = \"", "\""),
        id::SENDGRID_API_KEY => ("sg = SendGridAPIClient(\"", "\")"),
        id::SLACK_BOT_TOKEN => ("slack = WebClient(token=\"", "\")"),
        id::HUGGINGFACE_TOKEN => ("login(token=\"", "\")"),
        id::GITHUB_PAT_CLASSIC => ("gh = Github(\"", "\")"),
        id::DATABASE_CONNECTION_STRING => ("engine = create_engine(\"", "\")"),
        id::JWT => ("headers = {\"Authorization\": \"Bearer ", "\"}"),
        id::PRIVATE_KEY => ("DEPLOY_PRIVATE_KEY = \"\"\"", "\"\"\""),
        id::GENERIC_PASSWORD => ("password = \"", "\""),
        _ => ("", ""),
    };
    if call.is_empty() || (g.chance(0.3) && detector != id::PRIVATE_KEY) {
        if detector == id::GENERIC_PASSWORD {
            assign(b, "DB_PASSWORD", " = ", "\"", detector, v);
        } else {
            assign(b, env, " = ", "\"", detector, v);
        }
    } else {
        b.push(call);
        b.plant(detector, v);
        b.push(close);
    }
}

fn chat(g: &mut Gen, b: &mut Builder, detector: &'static str, env: &str, phrase: &str, v: &str) {
    match detector {
        id::PRIVATE_KEY => {
            b.push("here's the ");
            b.push(phrase);
            b.push(", don't forward it:\n```\n");
            b.plant(detector, v);
            b.push("\n```");
        }
        id::JWT => {
            b.push("curl -H \"Authorization: Bearer ");
            b.plant(detector, v);
            b.push("\" https://api.internal/v1/me returns 403 for me");
        }
        id::GENERIC_PASSWORD => {
            let lead = *g.pick(&[
                "the admin password: ",
                "here's the db password: ",
                "pw is ",
                "the password for the staging box is ",
                "login is admin / ",
                "new passwd ",
            ]);
            b.push(lead);
            b.plant(detector, v);
            b.push(g.word(&["\n(please change it after login)", "", " - don't share"]));
        }
        _ => match g.below(3) {
            0 => {
                b.push("can you try with this ");
                b.push(phrase);
                b.push(": ");
                b.plant(detector, v);
            }
            1 => {
                b.push("put this in your .env:\n");
                assign(b, env, "=", "", detector, v);
            }
            _ => {
                b.push("the ");
                b.push(phrase);
                b.push(" for staging is ");
                b.plant(detector, v);
                b.push(" (will rotate after the demo)");
            }
        },
    }
}

fn log(g: &mut Gen, b: &mut Builder, detector: &'static str, env: &str, v: &str) {
    match detector {
        id::JWT => {
            b.push("request headers: {\"Authorization\": \"Bearer ");
            b.plant(detector, v);
            b.push("\"}");
        }
        id::DATABASE_CONNECTION_STRING => {
            b.push("could not connect to ");
            b.plant(detector, v);
            b.push(": connection refused");
        }
        id::SLACK_WEBHOOK_URL => {
            b.push("POST ");
            b.plant(detector, v);
            b.push(" -> 404 no_service");
        }
        id::GENERIC_PASSWORD => {
            b.push("loaded settings user=admin ");
            assign(b, "password", "=", "", detector, v);
        }
        _ => {
            b.push(if g.chance(0.5) {
                "env dump: "
            } else {
                "config override "
            });
            assign(b, env, "=", "", detector, v);
        }
    }
}

fn aws_pair(g: &mut Gen, b: &mut Builder, style: Style, indent: &str) {
    let key_id = values::aws_access_key_id(g);
    let secret = values::aws_secret_access_key(g);
    if style == Style::Chat && g.chance(0.6) {
        // How people paste a pair in a message: the secret right after the key id, with a
        // keyword in prose or none at all.
        let (head, mid, tail) = *g.pick(&[
            ("use ", " ", " for the bucket"),
            ("creds: ", " / ", ""),
            ("", ":", " (key:secret)"),
            ("key id ", " and my aws secret is ", ""),
            ("access key ", "\nsecret ", ""),
        ]);
        b.push(head);
        b.plant(id::AWS_ACCESS_KEY_ID, &key_id);
        b.push(mid);
        b.plant(id::AWS_SECRET_ACCESS_KEY, &secret);
        b.push(tail);
        return;
    }
    // (head, before key id, between, before secret, tail); "\n" gets the slot's indentation.
    let (head, pre1, mid, pre2, tail) = match style {
        Style::Env => ("", "AWS_ACCESS_KEY_ID=", "\n", "AWS_SECRET_ACCESS_KEY=", ""),
        Style::Yaml => (
            "",
            "aws_access_key_id: ",
            "\n",
            "aws_secret_access_key: ",
            "",
        ),
        Style::Json => (
            "",
            "\"aws_access_key_id\": \"",
            "\",\n",
            "\"aws_secret_access_key\": \"",
            "\"",
        ),
        Style::Toml => (
            "",
            "aws_access_key_id = \"",
            "\"\n",
            "aws_secret_access_key = \"",
            "\"",
        ),
        Style::Chat => (
            "[default]\n",
            "aws_access_key_id = ",
            "\n",
            "aws_secret_access_key = ",
            "",
        ),
        Style::Python => (
            "s3 = boto3.client(\n    \"s3\",\n",
            "    aws_access_key_id=\"",
            "\",\n",
            "    aws_secret_access_key=\"",
            "\",\n)",
        ),
        Style::Js => (
            "",
            "process.env.AWS_ACCESS_KEY_ID = \"",
            "\";\n",
            "process.env.AWS_SECRET_ACCESS_KEY = \"",
            "\";",
        ),
        Style::Go => (
            "",
            "os.Setenv(\"AWS_ACCESS_KEY_ID\", \"",
            "\")\n",
            "os.Setenv(\"AWS_SECRET_ACCESS_KEY\", \"",
            "\")",
        ),
        Style::Rust => (
            "",
            "std::env::set_var(\"AWS_ACCESS_KEY_ID\", \"",
            "\");\n",
            "std::env::set_var(\"AWS_SECRET_ACCESS_KEY\", \"",
            "\");",
        ),
        Style::Log => (
            "botocore.credentials: ",
            "aws_access_key_id=",
            " ",
            "aws_secret_access_key=",
            "",
        ),
    };
    let nl = format!("\n{indent}");
    b.push(&head.replace('\n', &nl));
    b.push(pre1);
    b.plant(id::AWS_ACCESS_KEY_ID, &key_id);
    b.push(&mid.replace('\n', &nl));
    b.push(pre2);
    b.plant(id::AWS_SECRET_ACCESS_KEY, &secret);
    b.push(&tail.replace('\n', &nl));
}

/// Writes a personal identifier, card or IBAN with the context words a person would use,
/// e.g. `SIN: 046 454 286`, `BSN 111222333`, `IBAN: DE89 …`. `formal` keeps to the terse
/// forms (the first two lead-ins), as in forms and legal text.
pub(crate) fn personal(g: &mut Gen, b: &mut Builder, detector: &'static str, formal: bool) {
    let before: &[&str] = match detector {
        id::US_SSN => &[
            "SSN: ",
            "SSN ",
            "Social Security number: ",
            "my SSN is ",
            "social: ",
            "SS# ",
            "soc sec no. ",
            "Social Security No. ",
            "SSN#",
            "my social is ",
        ],
        id::UK_NINO => &[
            "NI number: ",
            "National Insurance number ",
            "NINO: ",
            "my NI number is ",
        ],
        id::CA_SIN => &["SIN: ", "SIN ", "Social Insurance Number: ", "my SIN is "],
        id::NL_BSN => &[
            "BSN: ",
            "BSN ",
            "burgerservicenummer (BSN) ",
            "mijn BSN is ",
        ],
        id::ES_DNI => &["DNI: ", "DNI ", "DNI/NIF ", "con DNI "],
        id::IN_AADHAAR => &[
            "Aadhaar: ",
            "Aadhaar no. ",
            "Aadhaar number ",
            "my Aadhaar is ",
        ],
        id::PL_PESEL => &["PESEL: ", "PESEL ", "nr PESEL ", "numer PESEL: "],
        id::CREDIT_CARD => &[
            "card number ",
            "Card: ",
            "the card is ",
            "CC# ",
            "charged to my visa ",
            "Kreditkarte ",
            "use this card ",
        ],
        id::IBAN => &[
            "IBAN: ",
            "IBAN ",
            "account (IBAN) ",
            "please transfer to IBAN ",
            "bank account ",
            "pay into ",
            "Kontonummer (IBAN): ",
        ],
        id::PHONE_NUMBER => &[
            "phone ",
            "Tel: ",
            "call me on ",
            "mobile: ",
            "ph. ",
            "Mobil: ",
            "tél. ",
            "reach me at ",
            "cell ",
        ],
        _ => &[""],
    };
    let before = if formal {
        &before[..before.len().min(2)]
    } else {
        before
    };
    b.push(g.word(before));
    let v = values::value(g, detector);
    b.plant(detector, &v);
}

/// Fills a personal-data slot: in the labeled corpus, `only` (a card or IBAN) or else the next
/// national identifier from the deck, with its context words; in throughput filler, a hard
/// negative (a number without context or with a failing checksum).
pub(crate) fn personal_slot(
    g: &mut Gen,
    b: &mut Builder,
    only: Option<&'static str>,
    formal: bool,
) {
    if g.plant {
        let detector = match only {
            Some(d) => d,
            None => g.next_national_id(),
        };
        personal(g, b, detector, formal);
    } else {
        negatives::inline(g, b);
    }
}
