//! The files of an account directory: the account file and the stack files in both layouts,
//! `<stack>.json` and the bash kit's `<group>/<stack>/stackParams.json`.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::error::{ErrorKind, ParamsError};

/// The file name of the account file.
pub const ACCOUNT_FILE: &str = "account.json";
/// Files ending so are templates (for `Hydrate.TemplateFile`), not stack files.
pub const TEMPLATE_SUFFIX: &str = ".template.json";
/// The bash kit's stack file name (`<group>/<stack>/stackParams.json`).
pub const KIT_STACK_FILE: &str = "stackParams.json";

/// The largest account or stack file read: far above any real one, far below what hurts.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The text of a file of the account directory: a regular file (a FIFO would block, a device
/// never end) of at most [`MAX_FILE_BYTES`], UTF-8, a leading byte-order mark dropped.
pub(super) fn read(file: &Path) -> Result<String, ParamsError> {
    read_capped(file, MAX_FILE_BYTES)
        .map_err(|problem| ParamsError::new(ErrorKind::Unreadable, file, "", problem))
}

/// The text of a regular file of at most `cap` bytes; `Err` says what is wrong and the fix.
pub(super) fn read_capped(file: &Path, cap: u64) -> Result<String, String> {
    let meta = fs::metadata(file).map_err(|e| format!("cannot be read: {e}"))?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory"
        } else {
            "not a regular file (a FIFO, socket or device)"
        };
        return Err(format!(
            "is {what}; hydrate reads only regular files here, replace it with one"
        ));
    }
    if meta.len() > cap {
        return Err(format!(
            "is {} bytes; the limit is {cap} bytes, so this is not a file hydrate should read",
            meta.len()
        ));
    }
    let mut bytes = Vec::new();
    // The size was checked, but a file can grow between the check and the read.
    fs::File::open(file)
        .and_then(|f| f.take(cap + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err(format!("grew past {cap} bytes while being read"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })?;
    // Editors on Windows write a byte-order mark; JSON does not allow one, people do not see it.
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// The keys of the directory's stack files, sorted (shell completion: no file is read).
pub fn stack_keys(dir: &Path) -> Vec<String> {
    let mut keys: Vec<String> = stack_files(dir).0.into_iter().map(|(k, _)| k).collect();
    keys.sort();
    keys
}

/// Between a stack file's name and the region in a regional stack's key.
pub const REGION_SEPARATOR: char = '@';

/// Every stack file of the directory, with its key: `<stack>.json`, or
/// `<group>/<stack>/stackParams.json` (the kit's layout, any depth); and the problems met on the
/// way (a file name that is not UTF-8, a folder that links back into itself), each named once.
pub(super) fn stack_files(dir: &Path) -> (Vec<(String, PathBuf)>, Vec<ParamsError>) {
    struct Walk {
        out: Vec<(String, PathBuf)>,
        problems: Vec<ParamsError>,
        seen: Vec<PathBuf>,
    }
    fn walk(dir: &Path, top: bool, w: &mut Walk) {
        // A folder seen before (by its real path) is a symlink loop: name it once, go no deeper.
        let real = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
        if w.seen.contains(&real) {
            w.problems.push(ParamsError::new(
                ErrorKind::Unreadable,
                dir,
                "",
                format!(
                    "links back to {}, a folder already read (a symlink loop); remove the link",
                    real.display()
                ),
            ));
            return;
        }
        w.seen.push(real);
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                w.problems.push(ParamsError::new(
                    ErrorKind::Unreadable,
                    &path,
                    "",
                    "the file name is not UTF-8, so it cannot name a stack; rename it".to_owned(),
                ));
                continue;
            };
            if path.is_dir() {
                walk(&path, false, w);
            } else if name == KIT_STACK_FILE {
                let key = dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                w.out.push((key, path));
            } else if top
                && name.ends_with(".json")
                && name != ACCOUNT_FILE
                && !name.ends_with(TEMPLATE_SUFFIX)
            {
                w.out
                    .push((name.trim_end_matches(".json").to_owned(), path));
            }
        }
    }
    let mut w = Walk {
        out: Vec::new(),
        problems: Vec::new(),
        seen: Vec::new(),
    };
    walk(dir, true, &mut w);
    // `@` separates a regional stack's region in its key: a file name with one would be ambiguous.
    let (out, named_badly): (Vec<_>, Vec<_>) = w
        .out
        .into_iter()
        .partition(|(key, _)| !key.contains(REGION_SEPARATOR));
    for (key, path) in named_badly {
        w.problems.push(ParamsError::new(
            ErrorKind::InvalidValue,
            &path,
            "",
            format!(
                "`{key}` cannot name a stack: `{REGION_SEPARATOR}` separates a regional stack from its region (`guardDuty{REGION_SEPARATOR}eu-west-1`); rename the file without it"
            ),
        ));
    }
    (out, w.problems)
}
