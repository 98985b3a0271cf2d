//! `hydrate up` and `hydrate status`: the whole account, with a summary table.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::anyhow;
use hydrate::deploy::bootstrap::{bootstrap, State};
use hydrate::deploy::lease::held;
use hydrate::deploy::read_once::ReadOnce;
use hydrate::deploy::routed::{as_clouds, other_regions};
use hydrate::deploy::stack::Action;
use hydrate::deploy::up::{
    dry_run, nothing_to_do, offline_plan, pending, up, PlannedStack, StackResult,
};
use hydrate::deploy::{AwsError, DeployError, Deployer, Interrupt, Options};
use hydrate::params::AccountDir;

use super::connect::{connect_guarded, lease};
use super::deploy::{load_with_stacks, print_access, print_failure, runtime};
use super::report::{Console, Format};
use super::Global;

/// The region cell of a summary row: a column only for an account of more than one region.
pub fn region_column(account: &AccountDir) -> impl Fn(&str) -> String {
    let shown = account.regions.expanded();
    move |region| match shown {
        true => format!("{region:<15} "),
        false => String::new(),
    }
}

fn action_word(action: Action) -> &'static str {
    match action {
        Action::Created => "created",
        Action::Updated => "updated",
        Action::UpToDate => "up to date",
        Action::Deleted => "deleted",
        Action::Absent => "absent",
    }
}

/// How an `up` ended.
enum Verdict {
    /// Every stack deployed (or the dry run printed).
    Done,
    /// Some stack failed.
    Failed,
    /// Some stack's change was held for approval (and none failed).
    NeedsApproval,
    /// A Ctrl-C stopped it starting stacks.
    Interrupted,
}

/// Prints a plan: per stack its wave, state and parameters, then its diff (`color`: the property
/// diff's) and access delta.
fn print_plan(console: &Console, planned: &[PlannedStack], color: bool) {
    for p in planned {
        match console.format() {
            Format::Json => console.result_json("planned", p),
            Format::Human => {
                let state = match &p.status {
                    Some(status) => status.as_str(),
                    None if p.offline => "deployed state not read",
                    None => "not deployed",
                };
                console.result(&format!(
                    "wave {}: {} ({}, {state})",
                    p.wave, p.stack, p.stack_name
                ));
                for (k, v) in &p.parameters {
                    console.result(&format!("    {k} = {v}"));
                }
                if !p.imports.is_empty() {
                    console.result(&format!("    would import {}", p.imports.join(", ")));
                }
            }
        }
        if let Some(diff) = &p.diff {
            super::diff::print(console, &p.stack, &p.stack_name, diff, color);
        }
        if let Some(access) = &p.access {
            print_access(console, &p.stack, access);
        }
    }
}

/// `hydrate up --dry-run --offline`, or a dry run that finds no credentials: the plan from the
/// account directory alone.
fn print_offline_plan(
    console: &Console,
    account: &AccountDir,
    why: &str,
) -> Result<(), DeployError> {
    console.note(&format!(
        "{why}: the plan from {} alone; `{{{{output}}}}` values are pending and deployed state is not shown",
        account.dir.display()
    ));
    print_plan(console, &offline_plan(account)?, false);
    Ok(())
}

/// `hydrate up [--dry-run [--offline]] [--jobs N]`.
pub fn run(global: &Global, dry: bool, offline: bool, jobs: usize) -> anyhow::Result<ExitCode> {
    run_account(global, load_with_stacks(global)?, dry, offline, jobs)
}

/// `hydrate up` of an account directory already loaded (`org up` adds generated stacks to one).
pub fn run_account(
    global: &Global,
    account: AccountDir,
    dry: bool,
    offline: bool,
    jobs: usize,
) -> anyhow::Result<ExitCode> {
    let console = Console::new(global);
    if offline {
        print_offline_plan(&console, &account, "offline")?;
        return Ok(ExitCode::SUCCESS);
    }
    let started = Instant::now();
    let result = runtime()?.block_on(async {
        let (aws, who) = match connect_guarded(global, &account, &console).await {
            Err(DeployError::Aws(AwsError::NoCredentials { .. })) if dry => {
                print_offline_plan(&console, &account, "no AWS credentials")?;
                return Ok(Verdict::Done);
            }
            connected => connected?,
        };
        let options = Options {
            yes: global.yes,
            require_approval: global.approval(),
            ..Options::default()
        };
        let routed = other_regions(&aws, &account);
        if dry {
            let cache = ReadOnce::primed(&aws, &account).await;
            let caches = ReadOnce::primed_each(&routed, &account).await;
            let regions = as_clouds(&cache, &account, &caches);
            let deployer = Deployer {
                cloud: &cache,
                regions: &regions,
                account: &account,
                interrupt: &Interrupt::CtrlC,
                reporter: &console,
                options,
            };
            print_plan(&console, &dry_run(&deployer).await?, super::diff::color(global));
            return Ok::<_, DeployError>(Verdict::Done);
        }
        let items = bootstrap(&aws, &account).await?;
        let changed: Vec<String> = items
            .iter()
            .filter_map(|i| match &i.state {
                State::Changed(what) => Some(format!("{}: {what}", i.name)),
                State::Failed(why) => Some(format!("FAILED {}: {why}", i.name)),
                State::Unavailable(why) => Some(format!("{}: {why}", i.name)),
                State::AlreadyRight => None,
            })
            .collect();
        // A region bootstrap could not set up fails the run; the other regions still deploy.
        let bootstrap_failed = items.iter().any(|i| matches!(i.state, State::Failed(_)));
        // What bootstrap changed in the account is part of up's record: a result.
        match console.format() {
            Format::Json => {
                for item in &items {
                    console.result_json("bootstrap", item);
                }
            }
            Format::Human if changed.is_empty() => console.result("bootstrap: already right"),
            Format::Human => {
                for line in &changed {
                    console.result(&format!("bootstrap: {line}"));
                }
            }
        }
        // Read after bootstrap, so what it changed is not read from before.
        let cache = ReadOnce::primed(&aws, &account).await;
        let caches = ReadOnce::primed_each(&routed, &account).await;
        let regions = as_clouds(&cache, &account, &caches);
        let deployer = Deployer {
            cloud: &cache,
            regions: &regions,
            account: &account,
            interrupt: &Interrupt::CtrlC,
            reporter: &console,
            options,
        };
        // Nothing to write, nothing to hold: a no-change up takes no lease and writes nothing,
        // unless another run holds the lease (then the lease path says who).
        let run = if pending(&deployer, jobs).await.is_empty() && !held(&aws, &account).await? {
            nothing_to_do(&account)
        } else {
            let lease = lease(global, &aws, &who, &account, "up", &console).await?;
            // What was read before the lease may predate another writer's run: read it again.
            cache.reprime().await;
            for (_, cache) in &caches {
                cache.reprime().await;
            }
            lease.hold(up(&deployer, jobs)).await?
        };
        let rows = &run.rows;
        let verdict = if run.interrupted {
            Verdict::Interrupted
        } else if bootstrap_failed || rows.iter().any(|r| r.failed()) {
            Verdict::Failed
        } else if rows
            .iter()
            .any(|r| matches!(r.result, StackResult::NeedsApproval(_)))
        {
            Verdict::NeedsApproval
        } else {
            Verdict::Done
        };
        // The exact command that picks up where this run stopped.
        let account_arg = hydrate::params::account_arg(&account.dir);
        let resume = format!("hydrate --account {account_arg} up");
        if console.format() == Format::Json {
            for row in rows {
                console.result_json("stack", row);
            }
            if run.interrupted {
                console.result_json("interrupted", &serde_json::json!({ "resume": resume }));
            }
            return Ok(verdict);
        }
        console.result("");
        let region = region_column(&account);
        console.result(&format!(
            "{:<28} {}{:<12} {:<8} {:>8}",
            "stack",
            region("region"),
            "action",
            "result",
            "time"
        ));
        for row in rows {
            let (action, result) = match &row.result {
                StackResult::Done(a) => (action_word(*a), "ok"),
                StackResult::Failed(_) => ("-", "FAILED"),
                StackResult::NeedsApproval(_) => ("-", "needs approval"),
                StackResult::Skipped(_) => ("-", "skipped"),
                StackResult::StillRunning(_) => ("-", "RUNNING"),
                StackResult::NotStarted => ("-", "not started"),
            };
            console.result(&format!(
                "{:<28} {}{:<12} {:<8} {:>7.1}s",
                row.stack,
                region(&row.region),
                action,
                result,
                row.seconds
            ));
        }
        // The same note from many stacks (15 alarms' metric filters) is one line naming them.
        let mut notes: Vec<(&String, Vec<&str>)> = Vec::new();
        for row in rows {
            for note in &row.notes {
                match notes.iter_mut().find(|(n, _)| *n == note) {
                    Some((_, stacks)) => stacks.push(&row.stack),
                    None => notes.push((note, vec![&row.stack])),
                }
            }
        }
        if !notes.is_empty() {
            console.result("");
            console.result("notes:");
            for (note, stacks) in notes {
                console.result(&format!("  {note} — {}", stacks.join(", ")));
            }
        }
        let problems: Vec<String> = rows
            .iter()
            .filter_map(|r| match &r.result {
                StackResult::Failed(why) => Some(format!("  {} failed: {why}", r.stack)),
                StackResult::NeedsApproval(why) => {
                    Some(format!("  {} needs approval: {why}", r.stack))
                }
                StackResult::Skipped(why) => Some(format!("  {} skipped: {why}", r.stack)),
                StackResult::StillRunning(_) => Some(format!(
                    "  {} is still running in CloudFormation, not failed; watch it with: hydrate --account {} stack events --follow {}",
                    r.stack,
                    account_arg,
                    r.stack
                )),
                StackResult::Done(_) | StackResult::NotStarted => None,
            })
            .collect();
        console.result("");
        if run.interrupted {
            let running = rows.iter().filter(|r| matches!(r.result, StackResult::StillRunning(_))).count();
            let waiting = rows.iter().filter(|r| r.result == StackResult::NotStarted).count();
            for p in &problems {
                console.result(p);
            }
            console.result(&format!(
                "interrupted: {running} stack(s) still running, {waiting} not started; resume with: {resume}"
            ));
        } else if problems.is_empty() {
            console.result(&format!(
                "up: {} stack(s) in {:.1}s",
                rows.len(),
                started.elapsed().as_secs_f64()
            ));
        } else {
            console.result("problems:");
            for p in problems {
                console.result(&p);
            }
        }
        Ok(verdict)
    });
    match result {
        Ok(Verdict::Done) => Ok(ExitCode::SUCCESS),
        // 130: the shell's code for a run ended by Ctrl-C.
        Ok(Verdict::Interrupted) => Ok(ExitCode::from(130)),
        Ok(Verdict::NeedsApproval) => Ok(ExitCode::from(super::EXIT_NEEDS_APPROVAL)),
        Ok(Verdict::Failed) => Err(anyhow!(
            "some stacks did not deploy; see the problems above"
        )),
        Err(e) => {
            print_failure(&console, &e);
            Err(anyhow!(e))
        }
    }
}
