//! `hydrate confirm-subscription LINK` and `hydrate audit alerts`: the alert topic's subscriptions
//! confirmed signed, and audited for whether an unsigned request can cancel them.

use std::process::ExitCode;

use anyhow::{anyhow, Context};
use hydrate::deploy::alerts::{confirm, parse_link, subscriptions, topic_of};
use hydrate::params::{AccountDir, TemplateSource};
use serde_json::json;

use super::connect::connect_guarded;
use super::deploy::{load, runtime};
use super::report::{Console, Format};
use super::Global;

/// `hydrate confirm-subscription LINK`.
pub fn run_confirm(global: &Global, link: &str) -> anyhow::Result<ExitCode> {
    let (account, _) = load(global, None)?;
    let confirmation = parse_link(link, &account.vars.id)?;
    let console = Console::new(global);
    let arn = runtime()?.block_on(async {
        let (aws, _) = connect_guarded(global, &account, &console).await?;
        confirm(&aws, &confirmation)
            .await
            .context("SNS refused the confirmation; its links expire after three days, and a subscription made again mails a new one")
    })?;
    if console.format() == Format::Json {
        console.result_json(
            "confirmed",
            &json!({ "topic": confirmation.topic_arn, "subscription": arn }),
        );
    } else {
        console.result(&format!(
            "confirmed {arn}: only a signed request can cancel it now"
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// `hydrate audit alerts`: exit 1 when a subscription is pending or can be cancelled unsigned.
pub fn run_audit(global: &Global) -> anyhow::Result<ExitCode> {
    let (account, _) = load(global, None)?;
    let stack = topic_stack(&account)?;
    let console = Console::new(global);
    let (topic, rows) = runtime()?.block_on(async {
        let (aws, _) = connect_guarded(global, &account, &console).await?;
        let topic = topic_of(&aws, &stack).await?.ok_or_else(|| {
            anyhow!(
                "{stack} has no TopicArn output: deploy it first (`hydrate --account {} up`)",
                account.dir.display()
            )
        })?;
        let rows = subscriptions(&aws, &topic).await?;
        anyhow::Ok((topic, rows))
    })?;
    let problems = rows.iter().filter(|r| r.problem().is_some()).count();
    if console.format() == Format::Json {
        for row in &rows {
            console.result_json(
                "subscription",
                &json!({ "topic": topic, "subscription": row, "problem": row.problem() }),
            );
        }
    } else {
        console.result(&format!("{topic}:"));
        for row in &rows {
            let verdict = row
                .problem()
                .unwrap_or("ok: cancelling it needs a signed request");
            console.result(&format!(
                "  {:<6} {:<32} {verdict}",
                row.protocol, row.endpoint
            ));
        }
        if rows.is_empty() {
            console.result("  no subscription: alerts reach nobody");
        }
    }
    if rows.is_empty() || problems > 0 {
        return Err(anyhow!(
            "{} of {} subscription(s) of the alert topic need attention; confirm each with `hydrate --account {} confirm-subscription 'LINK'` using the link of its confirmation email, unopened (a subscription confirmed from the link: unsubscribe it and subscribe again)",
            if rows.is_empty() { 1 } else { problems },
            rows.len(),
            account.dir.display()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// The stack of the account that renders the snsNotify template.
fn topic_stack(account: &AccountDir) -> anyhow::Result<String> {
    account
        .stacks
        .iter()
        .find(|s| matches!(&s.source, TemplateSource::Catalog { name, .. } if *name == "snsNotify"))
        .map(|s| s.stack_name.clone())
        .ok_or_else(|| {
            anyhow!(
                "{} has no snsNotify stack: there is no alert topic to audit",
                account.dir.display()
            )
        })
}
