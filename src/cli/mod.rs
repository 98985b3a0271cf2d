//! The command line: clap definitions and one module per subcommand that prints library results.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod render;

/// hydrate: turn a brand-new AWS account into a secured one.
#[derive(Debug, Parser)]
#[command(name = "hydrate", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render catalog templates as CloudFormation JSON into stacks/.
    Render {
        /// Templates to render (default: every template of the catalog).
        templates: Vec<String>,
        /// Directory the JSON files go to.
        #[arg(long, default_value = "stacks")]
        out: PathBuf,
        /// Write nothing; exit 1 and list each file that is stale or missing.
        #[arg(long)]
        check: bool,
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
            } => render::run(&templates, &out, check),
        }
    }
}
