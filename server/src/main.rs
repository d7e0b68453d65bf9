//! `airlock-server`: runs the central server (`serve`, the default) and administers it from the
//! command line against the same data directory or database URL.

use airlock_server::config::{Config, Settings};
use airlock_server::db::users::Role;
use airlock_server::export::{self, Format};
use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::sync::Arc;

/// Airlock's central server.
#[derive(Parser)]
#[command(name = "airlock-server", version)]
struct Cli {
    /// Configuration file (TOML; flags and AIRLOCK_* variables override it).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve,
    /// Enrollment secrets for agents.
    EnrollSecret {
        #[command(subcommand)]
        action: SecretAction,
    },
    /// Console accounts.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
    /// Audit evidence to standard output.
    Export {
        /// What to export.
        #[arg(value_parser = ["incidents", "acks"])]
        what: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
    },
}

#[derive(Subcommand)]
enum SecretAction {
    /// Create a secret and print it (shown once).
    Create {
        /// A label (the team or MDM group it is for).
        #[arg(long, default_value = "default")]
        label: String,
    },
    /// List secrets (never the secrets themselves).
    List,
    /// Revoke a secret by id.
    Revoke {
        /// The id from `list`.
        id: String,
    },
}

#[derive(Subcommand)]
enum AdminAction {
    /// Add an account (or reset its password); prints a generated password.
    Add {
        /// Account name.
        name: String,
        /// Role.
        #[arg(long, value_parser = ["admin", "auditor"])]
        role: String,
    },
    /// Disable an account (its sessions end at once).
    Remove {
        /// Account name.
        name: String,
    },
    /// List accounts.
    List,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_env("AIRLOCK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    match rt.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(1)
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    let config_path = cli
        .config
        .clone()
        .or_else(|| std::env::var_os("AIRLOCK_CONFIG").map(PathBuf::from));
    let file = config_path
        .as_deref()
        .map(Settings::from_file)
        .transpose()?;
    let env = Settings::from_env(|k| std::env::var(k).ok())?;
    let config = Config::resolve(file, env, cli.settings)?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::EnrollSecret { action } => {
            let db = airlock_server::open_db(&config).await?;
            match action {
                SecretAction::Create { label } => {
                    let (id, secret) = db.create_enroll_secret(&label, "cli").await?;
                    db.audit("cli", "enroll_secret.create", &id).await?;
                    println!("{secret}");
                    eprintln!("enrollment secret {id} ({label}) created; give it to agents through MDM (EnrollSecret)");
                }
                SecretAction::List => {
                    for s in db.enroll_secrets().await? {
                        let state = if s.revoked_at.is_some() {
                            "revoked"
                        } else {
                            "active"
                        };
                        println!("{}\t{}\t{}\t{} devices", s.id, s.label, state, s.devices);
                    }
                }
                SecretAction::Revoke { id } => {
                    if !db.revoke_enroll_secret(&id).await? {
                        bail!("no active enrollment secret has the id {id} (see `enroll-secret list`)");
                    }
                    db.audit("cli", "enroll_secret.revoke", &id).await?;
                    eprintln!("revoked {id}: agents can no longer enroll with it (enrolled devices keep working)");
                }
            }
            Ok(())
        }
        Command::Admin { action } => {
            let db = airlock_server::open_db(&config).await?;
            match action {
                AdminAction::Add { name, role } => {
                    let role = Role::parse(&role).context("role must be admin or auditor")?;
                    airlock_wire::validate::id("name", &name)
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    let password = airlock_server::secret::new_token();
                    db.put_admin(&name, role, &password).await?;
                    db.audit("cli", "admin.add", &format!("{name} ({})", role.as_str()))
                        .await?;
                    println!("{password}");
                    eprintln!(
                        "account {name} ({}) ready; the password above is shown once",
                        role.as_str()
                    );
                }
                AdminAction::Remove { name } => {
                    if !db.disable_admin(&name).await? {
                        bail!("there is no active account {name} (see `admin list`)");
                    }
                    db.audit("cli", "admin.remove", &name).await?;
                    eprintln!("account {name} disabled; its sessions have ended");
                }
                AdminAction::List => {
                    for (n, r, _) in db.admins().await? {
                        println!("{n}\t{r}");
                    }
                }
            }
            Ok(())
        }
        Command::Export { what, format } => {
            let db = airlock_server::open_db(&config).await?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let n = if what == "acks" {
                export::acks(&db, format, &mut out).await?
            } else {
                export::incidents(&db, &Default::default(), format, &mut out).await?
            };
            eprintln!("exported {n} {what}");
            Ok(())
        }
    }
}

async fn serve(config: Config) -> Result<()> {
    let announce: Arc<dyn Fn(&str) + Send + Sync> = Arc::new(|m: &str| eprintln!("\n{m}\n"));
    let running = airlock_server::start(config, announce).await?;
    eprintln!(
        "Airlock server listening on {} (console: {}/console/)",
        running.url(),
        running.url()
    );
    let handle = running.handle();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        handle.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
    });
    running.wait().await
}
