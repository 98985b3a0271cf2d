//! The `hydrate` binary: parses the command line, runs it, prints the error chain.

use std::process::ExitCode;

use clap::Parser;

mod cli;

#[allow(clippy::print_stderr)] // the binary's last word: the error chain
fn main() -> ExitCode {
    match cli::Cli::parse().run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
