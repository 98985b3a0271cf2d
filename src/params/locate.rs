//! Where an account directory is: a bare name under `params/`, a path, or the account above a
//! stack file.

use std::fs;
use std::path::{Path, PathBuf};

use super::layout::{ACCOUNT_FILE, KIT_STACK_FILE};
use super::org::locate::{org_arg, ORGANIZATION_FILE};

/// Finds `params/<name>` for a bare name, or takes a path as it is.
pub fn account_path(name_or_dir: &str) -> PathBuf {
    let as_path = Path::new(name_or_dir);
    if name_or_dir.contains(std::path::MAIN_SEPARATOR)
        || as_path.is_dir() && as_path.join(ACCOUNT_FILE).exists()
    {
        as_path.to_owned()
    } else {
        Path::new("params").join(name_or_dir)
    }
}

/// The `--account` value that names `dir`, as a person would type it in a shell: the bare name
/// for `params/<name>` (when that name finds this directory), else the path, quoted if need be.
pub fn account_arg(dir: &Path) -> String {
    let shown = dir.strip_prefix(".").unwrap_or(dir);
    let mut parts = shown.components();
    if let (Some(first), Some(name), None) = (parts.next(), parts.next(), parts.next()) {
        let name = name.as_os_str().to_string_lossy();
        if first.as_os_str() == "params" && account_path(&name) == Path::new("params").join(&*name)
        {
            return shell_word(&name);
        }
    }
    shell_word(&dir.display().to_string())
}

/// `word` as one shell word: unchanged when it is plain, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@+=,".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The account directory a command works on, and the stack a path names: a stack file's account
/// is the nearest folder above it with an `account.json`; else `--account`; else the only account
/// under `params/`.
pub fn locate(
    account: Option<&str>,
    target: Option<&str>,
) -> Result<(PathBuf, Option<String>), String> {
    if let Some(file) = target.map(Path::new).filter(|p| p.is_file()) {
        let key = if file.file_name().is_some_and(|n| n == KIT_STACK_FILE) {
            file.parent().and_then(Path::file_name)
        } else {
            file.file_stem()
        }
        .map(|k| k.to_string_lossy().into_owned());
        let dir = file
            .ancestors()
            .skip(1)
            .find(|d| d.join(ACCOUNT_FILE).is_file())
            .ok_or_else(|| {
                // A baseline's stack file has an organization above it, not an account.
                match file.ancestors().skip(1).find(|d| d.join(ORGANIZATION_FILE).is_file()) {
                    Some(org) => format!(
                        "{}: a stack file of the organization {} (no {ACCOUNT_FILE} above it); the `org` commands take it (--org {})",
                        file.display(),
                        org.display(),
                        org_arg(org)
                    ),
                    None => format!(
                        "{}: no {ACCOUNT_FILE} in any folder above it",
                        file.display()
                    ),
                }
            })?;
        return Ok((dir.to_owned(), key));
    }
    let key = target.map(str::to_owned);
    if let Some(account) = account {
        return Ok((account_path(account), key));
    }
    let found = siblings(&Path::new("params").join("_"));
    match found.as_slice() {
        [only] => Ok((Path::new("params").join(only), key)),
        [] => Err(
            "no account directory under params/; pass --account DIR or run `hydrate init NAME`"
                .to_owned(),
        ),
        many => Err(format!(
            "several accounts under params/ ({}); choose one with --account or HYDRATE_ACCOUNT",
            many.join(", ")
        )),
    }
}

/// The account directories under `params` (shell completion).
pub fn account_names(params: &Path) -> Vec<String> {
    siblings(&params.join("_"))
}

/// The account directories next to `dir`, for the error that names the ones that exist.
pub(super) fn siblings(dir: &Path) -> Vec<String> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut names: Vec<String> = fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join(ACCOUNT_FILE).is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_baseline_stack_file_is_not_taken_for_an_accounts() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let file = root.join("params/example-org/baselines/workload/guardDuty.json");
        let file = file.to_string_lossy();
        let err = locate(None, Some(&file)).expect_err("no account above it");
        assert!(err.contains("a stack file of the organization"), "{err}");
        let file = root.join("params/example/guardDuty.json");
        let (dir, key) = locate(None, Some(&file.to_string_lossy())).expect("an account's");
        assert!(dir.ends_with("params/example"));
        assert_eq!(key.as_deref(), Some("guardDuty"));
    }

    #[test]
    fn the_account_argument_is_what_a_person_types() {
        assert_eq!(account_arg(Path::new("params/nowhere-xyz")), "nowhere-xyz");
        assert_eq!(
            account_arg(Path::new("./params/nowhere-xyz")),
            "nowhere-xyz"
        );
        assert_eq!(account_arg(Path::new("/srv/acme")), "/srv/acme");
        assert_eq!(
            account_arg(Path::new("my accounts/acme")),
            "'my accounts/acme'"
        );
        assert_eq!(account_arg(Path::new("it's")), r"'it'\''s'");
    }
}
