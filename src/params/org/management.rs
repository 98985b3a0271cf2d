//! `Management`: the account directory of the management account's own baseline, checked to
//! exist beside the organization and to name the management account.

use std::path::Path;

use super::organization_file::OrganizationFile;
use crate::params::error::{parse_json, ErrorKind, ParamsError};
use crate::params::files::AccountFile;
use crate::params::layout::{read, ACCOUNT_FILE};

/// Checks `Management`: a bare account directory name beside the organization whose account
/// file names the management account.
pub(super) fn check_management(
    dir: &Path,
    file: &Path,
    org: &OrganizationFile,
) -> Vec<ParamsError> {
    let Some(name) = &org.management else {
        return Vec::new();
    };
    let problem = |text: String| {
        vec![ParamsError::new(
            ErrorKind::InvalidValue,
            file,
            "Management",
            text,
        )]
    };
    if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
        return problem(format!(
            "`{name}` is not an account directory name; write the bare name of a folder beside this organization (params/<name>)"
        ));
    }
    let params = dir.parent().unwrap_or(Path::new("."));
    let account_file = params.join(name).join(ACCOUNT_FILE);
    if !account_file.is_file() {
        return problem(format!(
            "no account directory {} (with {ACCOUNT_FILE}); create it with `hydrate init {name}` for the management account, or remove Management",
            params.join(name).display()
        ));
    }
    let account: AccountFile = match read(&account_file).and_then(|t| parse_json(&account_file, &t))
    {
        Ok(account) => account,
        Err(e) => return vec![e],
    };
    if account.account_id != org.management_account_id {
        return problem(format!(
            "{} has AccountId {}, not the management account {}; point Management at the management account's directory",
            account_file.display(),
            account.account_id,
            org.management_account_id
        ));
    }
    Vec::new()
}
