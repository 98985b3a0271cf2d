//! `hydrate init`: scaffolds an account directory and says what to edit.

use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use hydrate::params::scaffold::{init, NewAccount};

pub fn run(
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
        println!("created: {}", path.display());
    }
    if !missing.is_empty() {
        println!(
            "replace the REPLACE-WITH-… placeholders: {}",
            missing.join(", ")
        );
    }
    println!("then check it renders: hydrate --account {name} render");
    Ok(ExitCode::SUCCESS)
}
