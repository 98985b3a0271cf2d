//! The `hydrate` binary: parses the command line, runs it, prints the error chain.

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    // Before anything is written: a shell asking for completions gets only its answer.
    cli::answer_completion_if_asked();
    let cli = cli::Cli::parse_colored();
    let format = cli.format();
    match cli.run() {
        Ok(code) => code,
        Err(error) => {
            cli::print_error(&error, format);
            cli::exit_code(&error)
        }
    }
}
