//! `hydrate up`: every stack of an account in dependency order, each as soon as the stacks it reads
//! have deployed, `--jobs` at a time. A failure skips the stacks that read its outputs; the others go on. Ctrl-C
//! stops it starting stacks, then (a second time) stops it watching them.

use std::collections::BTreeSet;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use futures_util::StreamExt;
use serde::Serialize;

use super::error::DeployError;
use super::progress::{Progress, StackStatus};
use super::schedule::{by_wave, schedule, Node, Rules};
use super::stack::{Action, Deployer, StackDiff};
use super::two_stage::{self, Ended};
use crate::check::AccessChange;
use crate::params::values::OutputSource;
use crate::params::AccountDir;

/// What happened to one stack in `up`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StackResult {
    /// Deployed (or already up to date).
    Done(Action),
    /// Its deploy failed, with the reason.
    Failed(String),
    /// Not run: the approval gate held its change and nobody could be asked; the reason.
    NeedsApproval(String),
    /// Not attempted: a stack it reads from failed or was skipped.
    Skipped(String),
    /// Its operation was still running when watching stopped (a second Ctrl-C): not failed.
    StillRunning(String),
    /// Not started: `up` was interrupted first.
    NotStarted,
}

/// One row of the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The stack file name.
    pub stack: String,
    /// The stack name.
    pub stack_name: String,
    /// The region it is deployed in.
    pub region: String,
    /// The result.
    pub result: StackResult,
    /// How long it took.
    pub seconds: f64,
    /// Notes (emulator fallbacks).
    pub notes: Vec<String>,
}

impl Row {
    /// True when the stack failed.
    pub fn failed(&self) -> bool {
        matches!(self.result, StackResult::Failed(_))
    }

    fn new(account: &AccountDir, key: &str, result: StackResult) -> Row {
        let stack = account.stack(key);
        Row {
            stack: key.to_owned(),
            stack_name: stack.map(|s| s.stack_name.clone()).unwrap_or_default(),
            region: stack
                .map_or(&account.account.region, |s| account.region_of(s))
                .clone(),
            result,
            seconds: 0.0,
            notes: Vec::new(),
        }
    }
}

/// The rows of an `up`, and whether it was interrupted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpRun {
    /// One row per stack, in plan order within each wave.
    pub rows: Vec<Row>,
    /// True when a Ctrl-C stopped it starting stacks.
    pub interrupted: bool,
}

/// Deploys every stack of the account, `jobs` at a time, each once the stacks it reads are done. The first interrupt stops
/// it starting stacks (running ones are still watched until they settle); the second stops the
/// watching too, leaving those operations running in CloudFormation.
pub async fn up(deployer: &Deployer<'_>, jobs: usize) -> UpRun {
    let run = two_stage::run(
        deployer,
        deployer.options,
        "up",
        "starting",
        |d, stopping| Box::pin(scheduled(d, jobs, stopping)),
    );
    match run.await {
        Ended::Finished {
            result,
            interrupted,
        } => UpRun {
            rows: result,
            interrupted,
        },
        Ended::StoppedWatching => UpRun {
            rows: Vec::new(),
            interrupted: true,
        },
    }
}

/// The stacks `up` would write to, in plan order, found by reading only: a stack reading the
/// outputs of one that changes is counted without a look (its values may change with them). A
/// stack whose check fails is counted too: the run itself reports why.
pub async fn pending(deployer: &Deployer<'_>, jobs: usize) -> Vec<String> {
    let account = deployer.account;
    let mut pending: BTreeSet<String> = BTreeSet::new();
    for wave in &account.plan.waves {
        let checks = wave
            .iter()
            .filter_map(|key| account.stack(key))
            .map(|stack| {
                let upstream_changes = stack
                    .references
                    .iter()
                    .any(|(_, r)| pending.contains(&r.stack));
                async move {
                    let changes = upstream_changes
                        || match deployer.at(stack) {
                            Ok(d) => d.would_change(stack).await.unwrap_or(true),
                            Err(_) => true,
                        };
                    (stack.key.clone(), changes)
                }
            });
        let found: Vec<(String, bool)> = futures_util::stream::iter(checks)
            .buffer_unordered(jobs.max(1))
            .collect()
            .await;
        pending.extend(found.into_iter().filter(|(_, c)| *c).map(|(k, _)| k));
    }
    account
        .plan
        .order()
        .filter(|key| pending.contains(*key))
        .map(str::to_owned)
        .collect()
}

/// The run of an `up` with nothing to write: every stack up to date.
pub fn nothing_to_do(account: &AccountDir) -> UpRun {
    let rows = by_wave(&account.plan.waves)
        .into_iter()
        .filter_map(|key| account.stack(key))
        .map(|s| Row::new(account, &s.key, StackResult::Done(Action::UpToDate)))
        .collect();
    UpRun {
        rows,
        interrupted: false,
    }
}

/// Every stack of the plan, each started as soon as the stacks it reads have deployed, unless
/// `stopping` is set by then; rows in plan order.
async fn scheduled(deployer: &Deployer<'_>, jobs: usize, stopping: &AtomicBool) -> Vec<Row> {
    let account = deployer.account;
    let nodes: Vec<Node> = account
        .plan
        .order()
        .map(|key| {
            let reads = account
                .stack(key)
                .map(|s| s.references.iter().map(|(_, r)| r.stack.as_str()).collect());
            (key, reads.unwrap_or_default())
        })
        .collect();
    let mut results = schedule(
        &nodes,
        jobs,
        stopping,
        Rules {
            run: |key| deploy_one(deployer, key),
            ok: |row: &Row| matches!(row.result, StackResult::Done(_)),
            blocked: |key, failed: &[&str]| {
                let why = format!(
                    "reads outputs of {}, which did not deploy",
                    failed.join(", ")
                );
                Row::new(account, key, StackResult::Skipped(why))
            },
            not_started: |key| Row::new(account, key, StackResult::NotStarted),
        },
    )
    .await;
    by_wave(&account.plan.waves)
        .into_iter()
        .filter_map(|key| results.remove(key))
        .collect()
}

/// Deploys one stack: its row.
async fn deploy_one(deployer: &Deployer<'_>, key: &str) -> Row {
    let Some(stack) = deployer.account.stack(key) else {
        return Row::new(deployer.account, key, StackResult::NotStarted);
    };
    let started = Instant::now();
    let deployed = match deployer.at(stack) {
        Ok(deployer) => deployer.deploy(stack).await,
        Err(e) => Err(e),
    };
    let (result, notes) = match deployed {
        Ok(o) => (StackResult::Done(o.action), o.notes),
        Err(e @ DeployError::Interrupted { .. }) => {
            (StackResult::StillRunning(e.to_string()), Vec::new())
        }
        Err(e @ DeployError::NeedsApproval { .. }) => {
            (StackResult::NeedsApproval(e.to_string()), Vec::new())
        }
        Err(e) => (StackResult::Failed(e.to_string()), Vec::new()),
    };
    let mut row = Row::new(deployer.account, key, result);
    row.seconds = started.elapsed().as_secs_f64();
    row.notes = notes;
    row
}

/// Values known before deploying: deployed outputs, else a placeholder naming the output.
struct Known(std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>);

impl OutputSource for Known {
    fn output(&self, stack: &str, key: &str) -> Result<String, String> {
        Ok(self
            .0
            .get(stack)
            .and_then(|o| o.get(key))
            .cloned()
            .unwrap_or_else(|| format!("<{stack}.{key} after deploy>")))
    }
}

/// One stack of a dry run: its wave and its parameters as far as they are known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedStack {
    /// Wave number, from 1.
    pub wave: usize,
    /// The stack file name.
    pub stack: String,
    /// The stack name.
    pub stack_name: String,
    /// The region it deploys to.
    pub region: String,
    /// Its status now, if deployed (always `None` in an offline plan: see `offline`).
    pub status: Option<StackStatus>,
    /// The plan was made without AWS: `status` says nothing about what is deployed.
    pub offline: bool,
    /// Parameter values, deployed outputs filled in.
    pub parameters: Vec<(String, String)>,
    /// Retained resources of an earlier stack that its create would import, `Logical (identifier)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub imports: Vec<String>,
    /// A deployed stack's access delta (deployed template against the new one); none when not
    /// deployed. Printed as `access` objects of its own.
    #[serde(skip)]
    pub access: Option<Vec<AccessChange>>,
    /// A deployed stack's diff (change set, dropped, and property diff); none when not deployed.
    /// Printed as `diff` and `property` objects of its own.
    #[serde(skip)]
    pub diff: Option<StackDiff>,
}

/// The account's stacks in plan order, each with its wave number (from 1).
fn in_waves(account: &AccountDir) -> impl Iterator<Item = (usize, &crate::params::Stack)> {
    account
        .plan
        .waves
        .iter()
        .enumerate()
        .flat_map(move |(i, wave)| {
            wave.iter()
                .filter_map(move |key| account.stack(key))
                .map(move |s| (i + 1, s))
        })
}

/// The plan of `up --dry-run` without AWS (no credentials, or `--offline`): the waves and the
/// parameters, every `{{output}}` pending; nothing about deployed state.
pub fn offline_plan(account: &AccountDir) -> Result<Vec<PlannedStack>, DeployError> {
    let pending = Known(Default::default());
    in_waves(account)
        .map(|(wave, stack)| {
            Ok(PlannedStack {
                wave,
                stack: stack.key.clone(),
                stack_name: stack.stack_name.clone(),
                region: account.region_of(stack).clone(),
                status: None,
                offline: true,
                parameters: account
                    .resolve(stack, &pending)?
                    .parameters
                    .into_iter()
                    .collect(),
                imports: Vec::new(),
                access: None,
                diff: None,
            })
        })
        .collect()
}

/// The plan of `up --dry-run`, with the values already known from deployed stacks (each stack
/// described once).
pub async fn dry_run(deployer: &Deployer<'_>) -> Result<Vec<PlannedStack>, DeployError> {
    let account: &AccountDir = deployer.account;
    let mut deployed = std::collections::BTreeMap::new();
    for stack in &account.stacks {
        if let Some(d) = deployer.at(stack)?.deployed(stack).await? {
            deployed.insert(stack.key.clone(), d);
        }
    }
    let known = Known(
        deployed
            .iter()
            .map(|(key, d)| (key.clone(), d.outputs.clone()))
            .collect(),
    );
    let mut planned = Vec::new();
    for (wave, stack) in in_waves(account) {
        let deployer = deployer.at(stack)?;
        let current = deployed.get(&stack.key);
        let parameters: Vec<(String, String)> = account
            .resolve(stack, &known)?
            .parameters
            .into_iter()
            .collect();
        let (access, imports, diff) = match current {
            Some(current) => (
                Some(deployer.access(stack, Some(current)).await?),
                Vec::new(),
                // A stack a change set cannot be made of now (failed, busy) still has a plan.
                match deployer.diff(stack, false).await {
                    Ok(diff) => Some(diff),
                    Err(e) => {
                        deployer.reporter.report(Progress::Note {
                            stack: stack.key.clone(),
                            message: format!("no diff: {e}"),
                        });
                        None
                    }
                },
            ),
            None => (
                None,
                deployer
                    .retained_existing(stack, &parameters)
                    .await?
                    .iter()
                    .map(|r| format!("{} ({})", r.logical_id, r.identifier))
                    .collect(),
                None,
            ),
        };
        planned.push(PlannedStack {
            wave,
            stack: stack.key.clone(),
            stack_name: stack.stack_name.clone(),
            region: account.region_of(stack).clone(),
            status: current.map(|d| d.status.clone()),
            offline: false,
            parameters,
            imports,
            access,
            diff,
        });
    }
    Ok(planned)
}

#[cfg(test)]
#[path = "up_tests.rs"]
mod tests;
