//! The command line: clap definitions and one module per subcommand that prints library results.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod init;
mod render;
mod schema;

/// hydrate: turn a brand-new AWS account into a secured one.
#[derive(Debug, Parser)]
#[command(name = "hydrate", version, about, long_about = None)]
pub struct Cli {
    /// Account directory, or its name under params/.
    #[arg(long, global = true, env = "HYDRATE_ACCOUNT")]
    account: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// Which file's schema `hydrate schema` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum SchemaKind {
    /// params/<account>/account.json
    Account,
    /// params/<account>/<stack>.json
    Stack,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render templates as CloudFormation JSON: the catalog's defaults into stacks/, or with
    /// --account every stack of that account, with its options, into stacks/<account>/.
    Render {
        /// Templates to render (default: every template of the catalog).
        templates: Vec<String>,
        /// Directory the JSON files go to [default: stacks, or stacks/<account>].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write nothing; exit 1 and list each file that is stale or missing.
        #[arg(long)]
        check: bool,
    },
    /// Print the JSON Schema of account and stack files (or write both into a directory).
    Schema {
        /// One schema to print.
        kind: Option<SchemaKind>,
        /// Write account.json and stack.json into this directory instead.
        #[arg(long)]
        out: Option<PathBuf>,
        /// With --out: write nothing; exit 1 if the files are stale.
        #[arg(long, requires = "out")]
        check: bool,
    },
    /// Scaffold params/NAME/: an account file and one stack file per catalog template, wired.
    Init {
        /// The account's directory name.
        name: String,
        /// The 12-digit account id (else a placeholder to replace).
        #[arg(long)]
        account_id: Option<String>,
        /// The region (else a placeholder to replace).
        #[arg(long)]
        region: Option<String>,
        /// Where alerts go (else a placeholder to replace).
        #[arg(long)]
        email: Option<String>,
        /// The directory holding account directories.
        #[arg(long, default_value = "params")]
        params: PathBuf,
    },
}

impl Cli {
    /// Runs the parsed command.
    pub fn run(self) -> anyhow::Result<ExitCode> {
        match self.command {
            Command::Render {
                templates,
                out,
                check,
            } => match self.account {
                Some(account) => render::run_account(&account, &templates, out, check),
                None => render::run(
                    &templates,
                    &out.unwrap_or_else(|| PathBuf::from("stacks")),
                    check,
                ),
            },
            Command::Schema { kind, out, check } => {
                schema::run(kind.map(|k| matches!(k, SchemaKind::Account)), out, check)
            }
            Command::Init {
                name,
                account_id,
                region,
                email,
                params,
            } => init::run(&params, &name, account_id, region, email),
        }
    }
}
