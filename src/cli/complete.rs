//! Shell completion that knows the project: `_HYDRATE_COMPLETE=<shell> hydrate` completes account
//! directories, the account's stack names and the catalog's template names, read when asked.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use clap::CommandFactory;
use clap_complete::engine::{
    ArgValueCandidates, ArgValueCompleter, CompletionCandidate, PathCompleter, ValueCompleter,
};
use clap_complete::env::Shells;
use clap_complete::{CompleteEnv, Shell};
use hydrate::params::ACCOUNT_FILE;

/// The variable that switches the binary into completing: hydrate's own, so a `COMPLETE` some
/// other tool sets in the environment never turns a real run into a completion answer.
const VAR: &str = "_HYDRATE_COMPLETE";

/// Answers a completion request and exits when the shell asked for one; else returns.
pub fn answer_if_asked() {
    // The command as parsed, global flags not hidden: completion offers them after a subcommand.
    CompleteEnv::with_factory(super::Cli::command)
        .var(VAR)
        .complete();
}

/// The script a shell sources to complete hydrate by asking this binary.
pub fn registration(shell: Shell) -> std::io::Result<String> {
    let name = match shell {
        Shell::Bash => "bash",
        Shell::Elvish => "elvish",
        Shell::Fish => "fish",
        Shell::PowerShell => "powershell",
        _ => "zsh",
    };
    let shells = Shells::builtins();
    let completer = shells.completer(name).ok_or_else(|| {
        std::io::Error::other(format!("no completion support for {name} in this build"))
    })?;
    // The completer is run by path: the binary that printed the script answers its questions.
    let binary = std::env::current_exe()?;
    let mut script = Vec::new();
    completer.write_registration(
        VAR,
        "hydrate",
        "hydrate",
        &binary.to_string_lossy(),
        &mut script,
    )?;
    Ok(String::from_utf8_lossy(&script).into_owned())
}

/// A word with a slash in it is a path: completed as one (the arguments take paths too).
fn is_path(current: &OsStr) -> bool {
    let current = current.to_string_lossy();
    current.contains('/') || current.starts_with('.')
}

/// The names that start with what was typed so far.
fn starting_with(current: &OsStr, names: Vec<String>) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    candidates(
        names
            .into_iter()
            .filter(|n| n.starts_with(current.as_ref()))
            .collect(),
    )
}

/// Candidates for `--account`: the account directories under params/, or a path.
pub fn accounts() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        if is_path(current) {
            return PathCompleter::dir().complete(current);
        }
        starting_with(current, hydrate::params::account_names(Path::new("params")))
    })
}

/// Candidates for a stack argument: the stacks of the account the command line names (a regional
/// stack's `<stack>@<region>` keys when the account lists several regions; the stack files when
/// the account does not load), or a path. Only a directory holding an account file is listed:
/// `--account ~` walks nothing.
pub fn stacks() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        if is_path(current) {
            return PathCompleter::file().complete(current);
        }
        let account = account_on_command_line(std::env::args_os())
            .or_else(|| std::env::var("HYDRATE_ACCOUNT").ok());
        match hydrate::params::locate(account.as_deref(), None) {
            Ok((dir, _)) if dir.join(ACCOUNT_FILE).is_file() => {
                let keys = match hydrate::params::AccountDir::load(&dir) {
                    Ok(account) => {
                        let mut keys: Vec<String> =
                            account.plan.order().map(str::to_owned).collect();
                        keys.sort();
                        keys
                    }
                    Err(_) => hydrate::params::stack_keys(&dir),
                };
                starting_with(current, keys)
            }
            _ => Vec::new(),
        }
    })
}

/// Candidates for `render`'s templates: the catalog's names.
pub fn templates() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        candidates(
            hydrate::stacks::names()
                .into_iter()
                .map(str::to_owned)
                .collect(),
        )
    })
}

fn candidates(values: Vec<String>) -> Vec<CompletionCandidate> {
    values.into_iter().map(CompletionCandidate::new).collect()
}

/// The `--account` value of the line being completed (the last one wins).
fn account_on_command_line(args: impl IntoIterator<Item = OsString>) -> Option<String> {
    let mut found = None;
    let mut args = args.into_iter().map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        if arg == "--account" {
            found = args.next().or(found);
        } else if let Some(value) = arg.strip_prefix("--account=") {
            found = Some(value.to_owned());
        }
    }
    found.filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_is_read_off_the_line_being_completed() {
        let line = |words: &[&str]| {
            account_on_command_line(words.iter().map(OsString::from).collect::<Vec<_>>())
        };
        assert_eq!(
            line(&["hydrate", "--", "hydrate", "stack", "delete", ""]),
            None
        );
        assert_eq!(
            line(&[
                "hydrate",
                "--",
                "hydrate",
                "--account",
                "prod",
                "stack",
                "delete",
                "s"
            ]),
            Some("prod".into())
        );
        assert_eq!(
            line(&[
                "hydrate",
                "--",
                "hydrate",
                "--account=dev",
                "stack",
                "delete"
            ]),
            Some("dev".into())
        );
        assert_eq!(line(&["hydrate", "--", "hydrate", "--account"]), None);
    }
}
