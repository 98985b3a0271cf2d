//! The files of an account directory: the account file and the stack files in both layouts,
//! `<stack>.json` and the bash kit's `<group>/<stack>/stackParams.json`.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{ErrorKind, ParamsError};

/// The file name of the account file.
pub const ACCOUNT_FILE: &str = "account.json";
/// Files ending so are templates (for `Hydrate.TemplateFile`), not stack files.
pub const TEMPLATE_SUFFIX: &str = ".template.json";
/// The bash kit's stack file name (`<group>/<stack>/stackParams.json`).
pub const KIT_STACK_FILE: &str = "stackParams.json";

/// The text of a file of the account directory.
pub(super) fn read(file: &Path) -> Result<String, ParamsError> {
    fs::read_to_string(file).map_err(|e| {
        ParamsError::new(
            ErrorKind::Unreadable,
            file,
            "",
            format!("cannot be read: {e}"),
        )
    })
}

/// Every stack file of the directory, with its key: `<stack>.json`, or
/// `<group>/<stack>/stackParams.json` (the kit's layout, any depth).
pub(super) fn stack_files(dir: &Path) -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, top: bool, out: &mut Vec<(String, PathBuf)>) {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if path.is_dir() {
                walk(&path, false, out);
            } else if name == KIT_STACK_FILE {
                let key = dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                out.push((key, path));
            } else if top
                && name.ends_with(".json")
                && name != ACCOUNT_FILE
                && !name.ends_with(TEMPLATE_SUFFIX)
            {
                out.push((name.trim_end_matches(".json").to_owned(), path));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, true, &mut out);
    out
}
