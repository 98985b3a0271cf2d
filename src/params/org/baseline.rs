//! One baseline's stack files, loaded by the same code as an account's: the account file is
//! synthesized from organization.json, with a placeholder where the account id would be.

use std::fs;
use std::path::{Path, PathBuf};

use super::locate::{BASELINES_DIR, ORGANIZATION_FILE};
use super::organization_file::OrganizationFile;
use crate::params::account::AccountDir;
use crate::params::error::{ErrorKind, ParamsError};
use crate::params::files::{AccountFile, BootstrapBlock};
use crate::params::layout::{stack_files, ACCOUNT_FILE};
use crate::params::problems::ParamsErrors;
use crate::params::stack::Scope;
use crate::params::values::AccountVars;

/// The account id a baseline's [`AccountDir`] carries: a stack set has no one account, and
/// baseline stack files may not render an id into a name, tag or option, so nothing shows it.
pub const BASELINE_ACCOUNT_ID: &str = "000000000000";

/// The folder of baseline `name` in the organization directory `org_dir`.
pub fn baseline_dir(org_dir: &Path, name: &str) -> PathBuf {
    org_dir.join(BASELINES_DIR).join(name)
}

/// What is wrong with the folder of a baseline before its stack files are read: missing, not a
/// folder, holding an account file, or holding no stack file.
pub(super) fn check_baseline_dir(dir: &Path, field: &str, file: &Path) -> Option<ParamsError> {
    let shown = format!(
        "{BASELINES_DIR}/{}",
        dir.file_name().unwrap_or_default().to_string_lossy()
    );
    let problem = |problem: String| {
        Some(ParamsError::new(
            ErrorKind::InvalidValue,
            file,
            field,
            problem,
        ))
    };
    if !dir.is_dir() {
        return problem(format!(
            "no folder {shown} beside {ORGANIZATION_FILE}; create it with the stack files this baseline deploys (copy them from an account directory such as params/example)"
        ));
    }
    if fs::symlink_metadata(dir.join(ACCOUNT_FILE)).is_ok() {
        return Some(ParamsError::new(
            ErrorKind::InvalidValue,
            &dir.join(ACCOUNT_FILE),
            "",
            format!("a baseline takes its Region, Regions and Tags from {ORGANIZATION_FILE} and has no account of its own; remove {ACCOUNT_FILE}"),
        ));
    }
    if stack_files(dir).0.is_empty() {
        return problem(format!(
            "{shown} holds no stack file (<stack>.json); add the stacks this baseline deploys"
        ));
    }
    None
}

/// Loads the stack files of baseline `name` as an account directory with the organization's
/// Region, Regions and Tags.
pub(super) fn load_baseline(
    org_dir: &Path,
    org: &OrganizationFile,
    name: &str,
) -> Result<AccountDir, ParamsErrors> {
    let account = AccountFile {
        schema: None,
        account_id: BASELINE_ACCOUNT_ID.to_owned(),
        region: org.region.clone(),
        regions: org.regions.clone(),
        profile: None,
        template_bucket: None,
        template_writers: Vec::new(),
        tags: org.tags.clone(),
        bootstrap: BootstrapBlock::default(),
    };
    let vars = AccountVars {
        id: BASELINE_ACCOUNT_ID.to_owned(),
        region: org.region.clone(),
        name: name.to_owned(),
    };
    AccountDir::load_with(&baseline_dir(org_dir, name), account, vars, Scope::Baseline)
}

/// The folders under `baselines/` that `Baselines` does not list: each would be ignored.
pub(super) fn unlisted_baselines(
    dir: &Path,
    org: &OrganizationFile,
    file: &Path,
) -> Vec<ParamsError> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir.join(BASELINES_DIR))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    found.sort();
    found
        .into_iter()
        .filter_map(|path| {
            let name = path.file_name()?.to_string_lossy().into_owned();
            (!org.baselines.contains_key(&name)).then(|| {
                ParamsError::new(
                    ErrorKind::InvalidValue,
                    file,
                    "Baselines",
                    format!("the folder {BASELINES_DIR}/{name} is not listed under Baselines, so nothing would deploy it; add \"{name}\" to Baselines or remove the folder"),
                )
            })
        })
        .collect()
}
