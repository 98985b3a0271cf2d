//! `hydrate down`: asks once (the account id typed back), deletes the whole account through the
//! library, then prints the summary table and every resource left behind with how to remove it.

use std::io::{self, IsTerminal};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::anyhow;
use hydrate::deploy::down::{down, removal, survey, DownResult, DownRow, Surveyed};
use hydrate::deploy::read_once::ReadOnce;
use hydrate::deploy::routed::{as_clouds, other_regions};
use hydrate::deploy::stack::{template_bucket, Retained};
use hydrate::deploy::{DeployError, Deployer, Interrupt, Options, Reporter};
use hydrate::params::AccountDir;
use serde_json::json;

use super::connect::{connect_guarded, lease};
use super::deploy::{load_with_stacks, print_failure, runtime};
use super::errors::print_error;
use super::report::{Console, Format};
use super::Global;

/// How a `down` ended.
enum Verdict {
    /// Every stack is gone (or the dry run printed, or there was nothing to delete).
    Done,
    /// Some stack is still there.
    Incomplete,
    /// A Ctrl-C stopped it starting deletes.
    Interrupted,
    /// It had to ask and there was no terminal.
    NoTerminal,
    /// The person did not type the account id.
    NotConfirmed,
}

/// `hydrate down [--dry-run] [--force] [--jobs N]`.
pub fn run(global: &Global, dry: bool, force: bool, jobs: usize) -> anyhow::Result<ExitCode> {
    let account = load_with_stacks(global)?;
    let console = Console::new(global);
    let account_arg = hydrate::params::account_arg(&account.dir);
    let started = Instant::now();
    let result = runtime()?.block_on(async {
        let (aws, who) = connect_guarded(global, &account, &console).await?;
        // One DescribeStacks for the survey of every stack; each delete then reads afresh.
        let cache = ReadOnce::primed(&aws, &account).await;
        let routed = other_regions(&aws, &account);
        let caches = ReadOnce::primed_each(&routed, &account).await;
        let regions = as_clouds(&cache, &account, &caches);
        let deployer = Deployer {
            cloud: &cache,
            regions: &regions,
            account: &account,
            interrupt: &Interrupt::CtrlC,
            reporter: &console,
            options: Options {
                yes: global.yes,
                force,
                ..Options::default()
            },
        };
        let surveyed = survey(&deployer).await?;
        if dry {
            print_plan(&console, &surveyed, force);
            return Ok::<_, DeployError>(Verdict::Done);
        }
        let deployed = surveyed.iter().filter(|s| s.status.is_some()).count();
        if deployed == 0 {
            match console.format() {
                Format::Json => {
                    console.result_json("nothing_deployed", &json!({ "account": account_arg }))
                }
                Format::Human => console.result(&format!(
                    "down: no stack of {account_arg} is deployed; nothing to delete"
                )),
            }
            return Ok(Verdict::Done);
        }
        if !global.yes {
            if !io::stdin().is_terminal() {
                return Ok(Verdict::NoTerminal);
            }
            let id = &account.account.account_id;
            let question = format!(
                "type {id} to delete {deployed} stack(s) of {account_arg}{}",
                caveats(&surveyed, force)
            );
            if !console.confirm_typed(&question, id) {
                return Ok(Verdict::NotConfirmed);
            }
        }
        let held = lease(global, &aws, &who, &account, "down", &console).await?;
        // The survey may predate another writer's run: read it again.
        cache.reprime().await;
        for (_, cache) in &caches {
            cache.reprime().await;
        }
        // What was confirmed is what goes: another run may have deployed more meanwhile.
        let now = survey(&deployer).await?;
        if deployed_keys(&now) != deployed_keys(&surveyed) {
            held.release().await;
            console.progress(&format!(
                "down: the deployed stacks of {account_arg} changed while you were asked (another run?): nothing was deleted; run `hydrate --account {account_arg} down` again to see them"
            ));
            return Ok(Verdict::Incomplete);
        }
        let run = held.hold(down(&deployer, jobs)).await?;
        let region = global
            .region
            .clone()
            .unwrap_or_else(|| account.account.region.clone());
        let mut left = run.retained.clone();
        left.push(bootstrap_bucket(&account));
        // Keys last: removed before the data they encrypt, that data could no longer be read.
        left.sort_by_key(|r| match r.resource_type.as_str() {
            "AWS::S3::Bucket" => 0,
            "AWS::Logs::LogGroup" => 1,
            "AWS::KMS::Key" => 3,
            _ => 2,
        });
        let resume = format!("hydrate --account {account_arg} down");
        let verdict = if run.interrupted {
            Verdict::Interrupted
        } else if run.rows.iter().all(DownRow::gone) {
            Verdict::Done
        } else {
            Verdict::Incomplete
        };
        if console.format() == Format::Json {
            for row in &run.rows {
                console.result_json("stack", row);
            }
            for r in &left {
                let mut value = serde_json::to_value(r).unwrap_or_default();
                value["remove_with"] = json!(removal(r, left_in(&account, r, &region)));
                console.result_json("retained", &value);
            }
            if run.interrupted {
                console.result_json("interrupted", &json!({ "resume": resume }));
            }
            return Ok(verdict);
        }
        print_table(&console, &account, &run.rows);
        print_retained(&console, &account, &left, &region);
        print_ending(
            &console,
            &run.rows,
            run.interrupted,
            &account_arg,
            &resume,
            started,
        );
        Ok(verdict)
    });
    match result {
        Ok(Verdict::Done) => Ok(ExitCode::SUCCESS),
        // 130: the shell's code for a run ended by Ctrl-C.
        Ok(Verdict::Interrupted) => Ok(ExitCode::from(130)),
        Ok(Verdict::Incomplete) => Err(anyhow!(
            "some stacks were not deleted; see the problems above"
        )),
        Ok(Verdict::NotConfirmed) => {
            Err(anyhow!("the account id was not typed: nothing was deleted"))
        }
        Ok(Verdict::NoTerminal) => {
            print_error(
                &anyhow!(
                    "down deletes every stack of {account_arg} and asks first, but there is no terminal to ask on: nothing was deleted; re-run with --yes to delete without asking"
                ),
                global.output,
            );
            Ok(ExitCode::from(super::EXIT_NEEDS_APPROVAL))
        }
        Err(e) => {
            print_failure(&console, &e);
            Err(anyhow!(e))
        }
    }
}

/// What the question adds about the stacks that will stay anyway.
/// The stacks a survey found deployed, and whether each is hydrate's.
fn deployed_keys(surveyed: &[Surveyed]) -> Vec<(&str, bool)> {
    surveyed
        .iter()
        .filter(|s| s.status.is_some())
        .map(|s| (s.stack.as_str(), s.managed))
        .collect()
}

fn caveats(surveyed: &[Surveyed], force: bool) -> String {
    let deployed = || surveyed.iter().filter(|s| s.status.is_some());
    let foreign = deployed().filter(|s| !s.managed).count();
    let protected = deployed().filter(|s| s.managed && s.protected).count();
    let mut notes = Vec::new();
    if protected > 0 && !force {
        notes.push(format!(
            "{protected} with termination protection will be refused (--force deletes them too)"
        ));
    }
    if foreign > 0 {
        notes.push(format!("{foreign} not made by hydrate will be kept"));
    }
    let findings = deployed()
        .filter(|s| s.managed)
        .map(|s| s.findings.len())
        .sum::<usize>();
    if findings > 0 {
        notes.push(format!(
            "{findings} GuardDuty detector(s), Security Hub hub(s) and Access Analyzer analyzer(s) are deleted with the findings they hold: export what you need first"
        ));
    }
    match notes.is_empty() {
        true => String::new(),
        false => format!(" ({})", notes.join("; ")),
    }
}

/// The bucket bootstrap made: not a stack, so it stays too.
fn bootstrap_bucket(account: &AccountDir) -> Retained {
    Retained {
        stack: "bootstrap".into(),
        logical_id: "TemplateBucket".into(),
        resource_type: "AWS::S3::Bucket".into(),
        physical_id: Some(template_bucket(account)),
    }
}

/// `--dry-run`: the teardown waves and what each stack is now.
fn print_plan(console: &Console, surveyed: &[Surveyed], force: bool) {
    for s in surveyed {
        if console.format() == Format::Json {
            console.result_json("planned", s);
            continue;
        }
        let state = match (&s.status, s.managed, s.protected) {
            (None, _, _) => "not deployed: skipped".to_owned(),
            (Some(st), false, _) => format!("{st}, not made by hydrate: kept"),
            (Some(st), true, true) if !force => {
                format!("{st}, termination protection: refused without --force")
            }
            (Some(st), true, _) => st.to_string(),
        };
        console.result(&format!(
            "wave {}: {} ({}, {state})",
            s.wave, s.stack, s.stack_name
        ));
    }
    if console.format() == Format::Human {
        let deployed = surveyed.iter().filter(|s| s.status.is_some()).count();
        console.result(&format!(
            "dry run: {deployed} deployed stack(s) in {} wave(s); nothing was deleted",
            surveyed.last().map_or(0, |s| s.wave)
        ));
    }
}

fn result_words(result: &DownResult) -> &'static str {
    match result {
        DownResult::Deleted => "deleted",
        DownResult::NotDeployed => "not deployed",
        DownResult::Refused(_) => "REFUSED",
        DownResult::Failed(_) => "FAILED",
        DownResult::Kept(_) => "kept",
        DownResult::StillRunning(_) => "RUNNING",
        DownResult::NotStarted => "not started",
    }
}

fn print_table(console: &Console, account: &AccountDir, rows: &[DownRow]) {
    let region = super::up::region_column(account);
    console.result("");
    console.result(&format!(
        "{:<28} {}{:<14} {:>8}",
        "stack",
        region("region"),
        "result",
        "time"
    ));
    for row in rows {
        console.result(&format!(
            "{:<28} {}{:<14} {:>7.1}s",
            row.stack,
            region(&row.region),
            result_words(&row.result),
            row.seconds
        ));
    }
}

/// The region a retained resource was left in: its stack's, for a regional stack.
fn left_in<'a>(account: &'a AccountDir, r: &Retained, home: &'a String) -> &'a String {
    account
        .stack(&r.stack)
        .and_then(|s| s.region.as_ref())
        .unwrap_or(home)
}

fn print_retained(console: &Console, account: &AccountDir, left: &[Retained], region: &String) {
    console.result("");
    console.result("left in the account (hydrate never deletes audit data; remove one by hand only if its data is truly not needed):");
    for r in left {
        let id = r.physical_id.as_deref().unwrap_or("?");
        console.result(&format!(
            "  {} {} ({}) {id}",
            r.stack, r.logical_id, r.resource_type
        ));
        console.result(&format!(
            "      {}",
            removal(r, left_in(account, r, region))
        ));
    }
}

fn print_ending(
    console: &Console,
    rows: &[DownRow],
    interrupted: bool,
    account_arg: &str,
    resume: &str,
    started: Instant,
) {
    let problems: Vec<String> = rows
        .iter()
        .filter_map(|r| match &r.result {
            DownResult::Refused(why) => Some(format!("  {} refused: {why}", r.stack)),
            DownResult::Failed(why) => Some(format!("  {} failed: {why}", r.stack)),
            DownResult::Kept(why) => Some(format!("  {} kept: {why}", r.stack)),
            DownResult::StillRunning(_) => Some(format!(
                "  {} is still being deleted in CloudFormation, not failed; watch it with: hydrate --account {account_arg} stack events --follow {}",
                r.stack, r.stack
            )),
            DownResult::Deleted | DownResult::NotDeployed | DownResult::NotStarted => None,
        })
        .collect();
    console.result("");
    if interrupted {
        let waiting = rows
            .iter()
            .filter(|r| r.result == DownResult::NotStarted)
            .count();
        for p in &problems {
            console.result(p);
        }
        console.result(&format!(
            "interrupted: {waiting} stack(s) not started; resume with: {resume}"
        ));
    } else if problems.is_empty() {
        let deleted = rows
            .iter()
            .filter(|r| r.result == DownResult::Deleted)
            .count();
        console.result(&format!(
            "down: {deleted} stack(s) deleted in {:.1}s; no stack of {account_arg} is left",
            started.elapsed().as_secs_f64()
        ));
    } else {
        console.result("problems:");
        for p in problems {
            console.result(&p);
        }
    }
}
