//! `hydrate bootstrap` and `hydrate stack …`: turns deployer results into output and exit codes.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{anyhow, Context};
use hydrate::check::AccessChange;
use hydrate::deploy::bootstrap::{bootstrap, State};
use hydrate::deploy::progress::{Progress, Reporter};
use hydrate::deploy::routed::{as_clouds, other_regions};
use hydrate::deploy::stack::Action;
use hydrate::deploy::{DeployError, Deployer, Interrupt, Options};
use hydrate::params::{locate, AccountDir, Stack};

use serde_json::json;

use super::connect::{connect_guarded, lease};
use super::out;
use super::report::{access_lines, event_line, failure_lines, Console, Format};
use super::{Global, Usage};

/// The stack operations (the `stack` subcommands, `cli::args::StackCommand`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Create,
    Update,
    Deploy,
    Diff,
    Events,
    Status,
    Delete,
    Template,
    Execute,
}

/// The flags of one stack operation beyond the deployer's options.
#[derive(Debug, Default)]
pub struct StackFlags {
    /// `events --follow`.
    pub follow: bool,
    /// `diff --keep`.
    pub keep: bool,
    /// `execute`'s change set.
    pub change_set: String,
}

pub fn load(global: &Global, target: Option<&str>) -> anyhow::Result<(AccountDir, Option<String>)> {
    let (dir, key) = locate(global.account.as_deref(), target).map_err(Usage)?;
    // Kept typed: with --output json the error object lists each problem.
    let account = AccountDir::load(&dir).map_err(anyhow::Error::new)?;
    // Another home region would put two regions' instances of a regional stack in one region.
    if let Some(region) = global.region.as_deref() {
        if account.regions.expanded() && region != account.account.region {
            return Err(anyhow!(Usage(format!(
                "--region {region}: {} lists Regions with home region {}; a run cannot move the home region (edit Region and Regions in account.json instead)",
                account.dir.join("account.json").display(),
                account.account.region
            ))));
        }
    }
    Ok((account, key))
}

/// [`load`] for the commands that work on every stack (`up`, `check`): an account with no stack
/// file is a mistake they name instead of succeeding at nothing.
pub fn load_with_stacks(global: &Global) -> anyhow::Result<AccountDir> {
    let (account, _) = load(global, None)?;
    if account.stacks.is_empty() {
        return Err(anyhow!(
            "{}: no stack files here; add one (`hydrate init NAME` scaffolds every catalog stack), or point --account at the right directory",
            account.dir.display()
        ));
    }
    Ok(account)
}

pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// Prints a deploy failure for people on stderr: the failed resources last, above the error line
/// (with `--output json` they are part of the error object `main` prints).
pub fn print_failure(console: &Console, error: &DeployError) {
    if let DeployError::Failed { failures, .. } = error {
        if !failures.is_empty() && console.format() == Format::Human {
            console.progress("Failed resources:");
            for line in failure_lines(failures) {
                console.progress(&line);
            }
        }
    }
}

/// `hydrate bootstrap`.
pub fn run_bootstrap(global: &Global) -> anyhow::Result<ExitCode> {
    let (account, _) = load(global, None)?;
    let console = Console::new(global);
    runtime()?
        .block_on(async {
            let (aws, who) = connect_guarded(global, &account, &console).await?;
            if console.format() == Format::Human {
                console.progress(&format!("account {} as {}", who.account, who.arn));
            }
            let items = bootstrap(&aws, &account).await?;
            let count = |f: fn(&State) -> bool| items.iter().filter(|i| f(&i.state)).count();
            let changed = count(|s| matches!(s, State::Changed(_)));
            let failed = count(|s| matches!(s, State::Failed(_)));
            let unavailable = count(|s| matches!(s, State::Unavailable(_)));
            for item in &items {
                match console.format() {
                    Format::Json => console.result_json("bootstrap", item),
                    Format::Human => console.result(&match &item.state {
                        State::AlreadyRight => format!("  ok       {}", item.name),
                        State::Changed(what) => format!("  changed  {}: {what}", item.name),
                        State::Failed(why) => format!("  FAILED   {}: {why}", item.name),
                        State::Unavailable(why) => format!("  n/a      {}: {why}", item.name),
                    }),
                }
            }
            if console.format() == Format::Human {
                console.result(&match (changed, failed) {
                    (0, 0) if unavailable > 0 => format!(
                        "bootstrap: nothing changed; everything the endpoint answered was already right, {unavailable} item(s) not available at this endpoint"
                    ),
                    (0, 0) => "bootstrap: everything was already right; nothing changed".to_owned(),
                    (_, 0) => format!("bootstrap: {changed} of {} item(s) changed", items.len()),
                    _ => format!(
                        "bootstrap: {changed} of {} item(s) changed, {failed} FAILED (above: what to do)",
                        items.len()
                    ),
                });
            }
            Ok::<_, DeployError>(failed)
        })
        .map_err(|e| {
            print_failure(&console, &e);
            anyhow!(e)
        })
        .map(|failed| {
            if failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        })
}

/// The access delta as results: a section for people, one `access` object per change in JSON.
pub fn print_access(console: &Console, key: &str, access: &[AccessChange]) {
    match console.format() {
        Format::Json => {
            for change in access {
                console.result_json("access", change);
            }
        }
        Format::Human => {
            for line in access_lines(key, access) {
                console.result(&line);
            }
        }
    }
}

/// The result for a stack that is not deployed: a line, or a status of null.
fn not_deployed(console: &Console, stack: &Stack) {
    match console.format() {
        Format::Human => console.result(&format!("{}: not deployed", stack.stack_name)),
        Format::Json => console.result_json(
            "stack_status",
            &json!({ "stack": stack.key, "stack_name": stack.stack_name, "status": null }),
        ),
    }
}

fn stack_of<'a>(account: &'a AccountDir, key: &str) -> anyhow::Result<&'a Stack> {
    account.stack(key).ok_or_else(|| {
        let known: Vec<&str> = account.stacks.iter().map(|s| s.key.as_str()).collect();
        if account.regions.expanded() && account.regions.regional.contains(key) {
            let each: Vec<&str> = known
                .iter()
                .copied()
                .filter(|k| hydrate::params::file_key(k) == key)
                .collect();
            return anyhow!(Usage(format!(
                "`{key}` is deployed in every region of {}; name one: {}",
                account.dir.display(),
                each.join(", ")
            )));
        }
        let hint = hydrate::suggest::closest(key, known.iter().copied())
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default();
        anyhow!(Usage(format!(
            "{} has no stack `{key}`{hint}; it has: {}",
            account.dir.display(),
            if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            }
        )))
    })
}

/// `hydrate stack OP NAME|FILE`.
pub fn run_stack(
    global: &Global,
    op: Op,
    target: &str,
    options: Options,
    flags: StackFlags,
) -> anyhow::Result<ExitCode> {
    let (account, key) = load(global, Some(target))?;
    let key = key.unwrap_or_else(|| target.to_owned());
    let stack = stack_of(&account, &key)?;
    let mut console = Console::new(global);
    if op == Op::Events {
        console = console.events_are_results();
    }
    if op == Op::Template {
        match global.output {
            Format::Human => out::result_raw(stack.template.body()),
            Format::Json => out::result_json(stack.template.json()),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let started = Instant::now();
    let result = runtime()?.block_on(async {
        let (aws, who) = connect_guarded(global, &account, &console).await?;
        let routed = other_regions(&aws, &account);
        let regions = as_clouds(&aws, &account, &routed);
        let deployer = Deployer {
            cloud: &aws,
            regions: &regions,
            account: &account,
            reporter: &console,
            options,
            interrupt: &Interrupt::CtrlC,
        };
        // The stack's own region: every call below is about this one stack.
        let deployer = deployer.at(stack)?;
        match op {
            Op::Create | Op::Update | Op::Deploy | Op::Delete | Op::Execute => {
                let command = format!("stack {} {}", format!("{op:?}").to_lowercase(), stack.key);
                let held = lease(global, &aws, &who, &account, &command, &console).await?;
                let outcome = held
                    .hold(async {
                        match op {
                            Op::Create => deployer.create(stack).await,
                            Op::Update => deployer.update(stack).await,
                            Op::Delete => deployer.delete(stack).await,
                            Op::Execute => deployer.execute(stack, &flags.change_set).await,
                            _ => deployer.deploy(stack).await,
                        }
                    })
                    .await;
                console.finish(&stack.key);
                let outcome = outcome.and_then(|done| done)?;
                match console.format() {
                    Format::Json => console.result_json("outcome", &outcome),
                    Format::Human => {
                        let what = match outcome.action {
                            Action::Created => "created",
                            Action::Updated => "updated",
                            Action::UpToDate => "up to date, nothing to change",
                            Action::Deleted => "deleted",
                            Action::Absent => "not there, nothing to delete",
                        };
                        console.result(&format!(
                            "{}: {what} ({}, {:.1}s)",
                            outcome.stack_name,
                            outcome.status,
                            started.elapsed().as_secs_f64()
                        ));
                    }
                }
            }
            Op::Diff => {
                let diff = deployer.diff(stack, flags.keep).await?;
                let current = deployer.deployed(stack).await?;
                let access = deployer.access(stack, current.as_ref()).await?;
                super::diff::print(&console, &stack.key, &stack.stack_name, &diff, super::diff::color(global));
                print_access(&console, &stack.key, &access);
            }
            Op::Status => match deployer.deployed(stack).await? {
                None => not_deployed(&console, stack),
                Some(d) => match console.format() {
                    Format::Json => console.result_json("stack_status", &json!({
                        "stack": stack.key, "stack_name": stack.stack_name, "status": d.status,
                        "last_change": d.last_change, "outputs": d.outputs,
                    })),
                    Format::Human => {
                        console.result(&format!(
                            "{}: {} (last change {})",
                            stack.stack_name, d.status, d.last_change
                        ));
                        for (k, v) in &d.outputs {
                            console.result(&format!("  {k} = {v}"));
                        }
                    }
                },
            },
            Op::Template => {}
            Op::Events => {
                let Some(d) = deployer.deployed(stack).await? else {
                    not_deployed(&console, stack);
                    return Ok(());
                };
                let events = deployer.cloud.events_since(&d.id, None).await?;
                let recent = &events[events.len().saturating_sub(30)..];
                for e in recent {
                    match console.format() {
                        Format::Json => console.report(Progress::Event {
                            stack: stack.key.clone(),
                            event: e.clone(),
                        }),
                        Format::Human => console.result(&event_line(
                            &stack.key,
                            &e.logical_id,
                            &e.resource_type,
                            &e.status,
                            e.reason.as_deref(),
                        )),
                    }
                }
                if flags.follow {
                    let marker = recent.last().map(|e| e.id.clone());
                    let settled =
                        deployer.watcher().wait(&stack.key, &stack.stack_name, &d.id, marker).await?;
                    console.finish(&stack.key);
                    match console.format() {
                        Format::Json => console.result_json("settled", &json!({
                            "stack": stack.key, "stack_name": stack.stack_name, "status": settled.status,
                        })),
                        Format::Human => console.result(&format!("{}: {}", stack.stack_name, settled.status)),
                    }
                }
            }
        }
        Ok::<_, DeployError>(())
    });
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            console.finish(&stack.key);
            print_failure(&console, &e);
            Err(anyhow!(e))
        }
    }
}
