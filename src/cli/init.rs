//! `hydrate init`: scaffolds an account directory and says what to edit.

use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use hydrate::params::scaffold::{init, NewAccount};

use super::out;
use super::render::file_result;
use super::Global;

pub fn run(
    global: &Global,
    params: &Path,
    name: &str,
    account_id: Option<String>,
    region: Option<String>,
    email: Option<String>,
) -> anyhow::Result<ExitCode> {
    let missing: Vec<&str> = [
        (account_id.is_none(), "AccountId in account.json"),
        (region.is_none(), "Region in account.json"),
        (email.is_none(), "AlertEmail in snsNotify.json"),
    ]
    .into_iter()
    .filter_map(|(absent, what)| absent.then_some(what))
    .collect();
    let new = NewAccount {
        account_id,
        region,
        email,
    };
    let written = init(params, name, &new).map_err(|e| anyhow!(e))?;
    for path in &written {
        let file = path.file_stem().unwrap_or_default().to_string_lossy();
        file_result(global.output, "created", path, &file);
    }
    // What to do next is advice for the person, not a result: stderr.
    if !missing.is_empty() {
        out::diagnostic(&format!(
            "replace the REPLACE-WITH-… placeholders: {}",
            missing.join(", ")
        ));
    }
    out::diagnostic(&format!(
        "then check it renders: hydrate --account {name} render"
    ));
    Ok(ExitCode::SUCCESS)
}
