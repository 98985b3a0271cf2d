//! Where an organization directory is: a bare name under `params/`, or a path (`--org`).

use std::fs;
use std::path::{Path, PathBuf};

/// The file name of the organization file.
pub const ORGANIZATION_FILE: &str = "organization.json";

/// The folder of an organization directory that holds one folder per baseline.
pub const BASELINES_DIR: &str = "baselines";

/// Finds `params/<name>` for a bare name, or takes a path as it is.
pub fn org_path(name_or_dir: &str) -> PathBuf {
    let as_path = Path::new(name_or_dir);
    if name_or_dir.contains(std::path::MAIN_SEPARATOR)
        || as_path.is_dir() && as_path.join(ORGANIZATION_FILE).exists()
    {
        as_path.to_owned()
    } else {
        Path::new("params").join(name_or_dir)
    }
}

/// The `--org` value that names `dir`: the bare name for `params/<name>`, else the path.
pub fn org_arg(dir: &Path) -> String {
    let shown = dir.strip_prefix(".").unwrap_or(dir);
    let mut parts = shown.components();
    if let (Some(first), Some(name), None) = (parts.next(), parts.next(), parts.next()) {
        let name = name.as_os_str().to_string_lossy();
        if first.as_os_str() == "params" && org_path(&name) == Path::new("params").join(&*name) {
            return name.into_owned();
        }
    }
    dir.display().to_string()
}

/// The organization directory a command works on: `--org` when given, else the only one under
/// `params/`.
pub fn locate_org(org: Option<&str>) -> Result<PathBuf, String> {
    if let Some(org) = org {
        return Ok(org_path(org));
    }
    match org_names(Path::new("params")).as_slice() {
        [only] => Ok(Path::new("params").join(only)),
        [] => Err(format!(
            "no organization directory under params/ (a folder with {ORGANIZATION_FILE}); pass --org DIR or copy params/example-org"
        )),
        many => Err(format!(
            "several organizations under params/ ({}); choose one with --org",
            many.join(", ")
        )),
    }
}

/// The organization directories under `params` (a folder with an organization file), sorted.
pub fn org_names(params: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(params)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join(ORGANIZATION_FILE).is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
