//! `hydrate status`: every stack of the account, its status, last change, whether its template is
//! current and its last drift detection.

use std::process::ExitCode;

use hydrate::deploy::routed::{as_clouds, other_regions};
use hydrate::deploy::status::{account_status, TemplateState};
use hydrate::deploy::{Deployer, Interrupt, Options};
use hydrate::params::AccountDir;

use super::connect::connect_guarded;
use super::deploy::{load, runtime};
use super::report::{Console, Format};
use super::up::region_column;
use super::Global;

/// `hydrate status`: every stack of the account.
pub fn status(global: &Global) -> anyhow::Result<ExitCode> {
    let (account, _) = load(global, None)?;
    Ok(status_of(global, &account)?.0)
}

/// `hydrate status` of an account directory already loaded; the exit code and the stacks not
/// deployed or whose template differs (by key).
pub fn status_of(global: &Global, account: &AccountDir) -> anyhow::Result<(ExitCode, Vec<String>)> {
    let console = Console::new(global);
    let rows = runtime()?.block_on(async {
        let (aws, _) = connect_guarded(global, account, &console).await?;
        let routed = other_regions(&aws, account);
        let deployer = Deployer {
            cloud: &aws,
            regions: &as_clouds(&aws, account, &routed),
            account,
            reporter: &console,
            options: Options::default(),
            interrupt: &Interrupt::CtrlC,
        };
        account_status(&deployer).await
    })?;
    // A stack that could not be read is not a clean status: scripts see exit 1.
    let code = if rows.iter().any(|r| r.error.is_some()) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    let behind: Vec<String> = rows
        .iter()
        .filter(|r| {
            matches!(
                r.template,
                TemplateState::NotDeployed | TemplateState::Differs
            )
        })
        .map(|r| r.stack.clone())
        .collect();
    if console.format() == Format::Json {
        for row in &rows {
            console.result_json("stack_status", row);
        }
        return Ok((code, behind));
    }
    let region = region_column(account);
    console.result(&format!(
        "{:<28} {}{:<22} {:<28} {:<32} {}",
        "stack",
        region("region"),
        "status",
        "last change",
        "template",
        "drift (last detection)"
    ));
    for row in &rows {
        let template = match row.template {
            TemplateState::Current => "current",
            TemplateState::Differs => "differs: deploy would change it",
            TemplateState::NotDeployed => "-",
            TemplateState::Unread => row.error.as_deref().unwrap_or("not read"),
        };
        let drift = match (&row.drift, &row.drift_checked) {
            (Some(d), Some(at)) => format!("{d} at {at}"),
            (Some(d), None) if d == "NOT_CHECKED" => "never detected".to_owned(),
            (Some(d), None) => d.clone(),
            (None, _) => "-".to_owned(),
        };
        console.result(&format!(
            "{:<28} {}{:<22} {:<28} {template:<32} {drift}",
            row.stack,
            region(&row.region),
            match (&row.status, &row.error) {
                (Some(s), _) => s.as_str(),
                (None, Some(_)) => "UNREAD",
                (None, None) => "not deployed",
            },
            row.last_change.as_deref().unwrap_or("-"),
        ));
    }
    Ok((code, behind))
}
