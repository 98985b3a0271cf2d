//! `hydrate profiles` and `hydrate audit mfa`.

use std::process::ExitCode;

use anyhow::anyhow;
use hydrate::deploy::audit::audit_mfa;
use hydrate::params::profiles;

use serde_json::json;

use super::connect::connect_guarded;
use super::deploy::{load, runtime};
use super::out;
use super::report::{Console, Format};
use super::Global;

/// `hydrate profiles [--user U]`.
pub fn run_profiles(global: &Global, user: Option<String>) -> anyhow::Result<ExitCode> {
    let (account, _) = load(global, None)?;
    let user = user
        .or_else(|| std::env::var("USER").ok())
        .ok_or_else(|| anyhow!("no user name: pass --user NAME (your IAM user name)"))?;
    if profiles::roles(&account).is_empty() {
        return Err(anyhow!(
            "{} has no iamSetup stack, so no roles to write profiles for",
            account.dir.display()
        ));
    }
    if global.output == Format::Human {
        out::result_raw(&profiles::render(&account, &user).map_err(|e| anyhow!(e))?);
        return Ok(ExitCode::SUCCESS);
    }
    // The same profiles as the ini text, one object each: the source profile first.
    let vars = &account.vars;
    let source = format!("{}-{user}", vars.name);
    out::result_json(&json!({ "kind": "profile", "profile": source, "region": vars.region }));
    for role in profiles::roles(&account) {
        out::result_json(&json!({
            "kind": "profile",
            "profile": format!("{}-{}", vars.name, role.level),
            "role_arn": role.arn,
            "source_profile": source,
            "mfa_serial": format!("arn:aws:iam::{}:mfa/{user}", vars.id),
            "duration_seconds": role.duration,
            "region": vars.region,
        }));
    }
    Ok(ExitCode::SUCCESS)
}

/// `hydrate audit mfa`.
pub fn run_audit_mfa(global: &Global) -> anyhow::Result<ExitCode> {
    let (account, _) = load(global, None)?;
    let console = Console::new(global);
    let rows = runtime()?.block_on(async {
        let (aws, _) = connect_guarded(global, &account, &console).await?;
        audit_mfa(&aws).await
    })?;
    if console.format() == Format::Json {
        for row in &rows {
            console.result_json("user", row);
        }
        return Ok(ExitCode::SUCCESS);
    }
    console.result(&format!(
        "{:<24} {:<5} {:<40} access keys (age in days)",
        "user", "MFA", "groups"
    ));
    for row in &rows {
        let keys: Vec<String> = row
            .access_keys
            .iter()
            .map(|(age, status)| format!("{age}d {status}"))
            .collect();
        console.result(&format!(
            "{:<24} {:<5} {:<40} {}",
            row.user,
            if row.mfa { "yes" } else { "NO" },
            row.groups.join(","),
            if keys.is_empty() {
                "-".to_owned()
            } else {
                keys.join(", ")
            }
        ));
    }
    let without = rows.iter().filter(|r| !r.mfa).count();
    console.result(&format!("{} user(s), {without} without MFA", rows.len()));
    Ok(ExitCode::SUCCESS)
}
