//! `hydrate down`: every stack of an account deleted, each as soon as every stack that reads its
//! outputs is gone, `--jobs` at a time (the teardown waves order the rows for people). A
//! stack that stays (refused, failed) keeps the stacks it reads; the others go on. Ctrl-C stops it
//! starting deletes, then (a second time) stops it watching them. Retained audit resources are
//! collected for the caller to list: hydrate never deletes them.

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use futures_util::stream::{self, StreamExt};
use serde::Serialize;

use super::error::DeployError;
use super::progress::StackStatus;
use super::schedule::{by_wave, schedule, Node, Rules};
use super::stack::{Action, Deployer, Options, Retained, MANAGED_BY_KEY, MANAGED_BY_VALUE};
use super::two_stage::{self, Ended};
use crate::params::AccountDir;

pub use super::teardown::waves;
use super::teardown::{readers, waits_for};

/// What happened to one stack in `down`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DownResult {
    /// Deleted.
    Deleted,
    /// There was no such stack: nothing to delete.
    NotDeployed,
    /// Not deleted on purpose: termination protection without `--force`, or not made by hydrate.
    Refused(String),
    /// Its delete failed, with the reason.
    Failed(String),
    /// Not attempted: a stack that reads its outputs was not deleted.
    Kept(String),
    /// Its delete was still running when watching stopped (a second Ctrl-C): not failed.
    StillRunning(String),
    /// Not started: `down` was interrupted first.
    NotStarted,
}

/// One row of the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DownRow {
    /// The stack file name.
    pub stack: String,
    /// The stack name.
    pub stack_name: String,
    /// The region it is deployed in.
    pub region: String,
    /// The result.
    pub result: DownResult,
    /// How long it took.
    pub seconds: f64,
}

impl DownRow {
    /// True when the stack is gone (deleted, or there was none): the stacks it reads may go.
    pub fn gone(&self) -> bool {
        matches!(self.result, DownResult::Deleted | DownResult::NotDeployed)
    }

    fn new(account: &AccountDir, key: &str, result: DownResult) -> DownRow {
        let stack = account.stack(key);
        DownRow {
            stack: key.to_owned(),
            stack_name: stack.map(|s| s.stack_name.clone()).unwrap_or_default(),
            region: stack
                .map_or(&account.account.region, |s| account.region_of(s))
                .clone(),
            result,
            seconds: 0.0,
        }
    }
}

/// The rows of a `down`, what its deletes left behind, and whether it was interrupted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DownRun {
    /// One row per stack, in teardown order within each wave.
    pub rows: Vec<DownRow>,
    /// The resources the deleted stacks' templates retain.
    pub retained: Vec<Retained>,
    /// True when a Ctrl-C stopped it starting deletes.
    pub interrupted: bool,
}

/// One stack as `down` finds it before it starts: for the question and for `--dry-run`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Surveyed {
    /// Teardown wave number, from 1.
    pub wave: usize,
    /// The stack file name.
    pub stack: String,
    /// The stack name.
    pub stack_name: String,
    /// Its status, if deployed.
    pub status: Option<StackStatus>,
    /// Termination protection is on.
    pub protected: bool,
    /// It carries hydrate's tag (false when not deployed).
    pub managed: bool,
    /// `LogicalId (Type)` of each resource its template declares that deletes its findings with
    /// itself (a GuardDuty detector, a Security Hub hub, an Access Analyzer analyzer).
    pub findings: Vec<String>,
}

/// Every stack of the account in teardown order, as deployed now. Changes nothing.
pub async fn survey(deployer: &Deployer<'_>) -> Result<Vec<Surveyed>, DeployError> {
    let account = deployer.account;
    let planned: Vec<(usize, String)> = waves(account)
        .into_iter()
        .enumerate()
        .flat_map(|(i, wave)| wave.into_iter().map(move |k| (i + 1, k)))
        .collect();
    let found: Vec<Result<Option<Surveyed>, DeployError>> = stream::iter(&planned)
        .map(|(wave, key)| async move {
            let Some(stack) = account.stack(key) else {
                return Ok(None);
            };
            let deployed = deployer.at(stack)?.deployed(stack).await?;
            Ok(Some(Surveyed {
                wave: *wave,
                stack: key.clone(),
                stack_name: stack.stack_name.clone(),
                protected: deployed.as_ref().is_some_and(|d| d.protected),
                managed: deployed.as_ref().is_some_and(|d| {
                    d.tags.get(MANAGED_BY_KEY).map(String::as_str) == Some(MANAGED_BY_VALUE)
                }),
                status: deployed.map(|d| d.status),
                findings: stack
                    .template
                    .resources()
                    .iter()
                    .filter(|r| r.holds_findings())
                    .map(|r| format!("{} ({})", r.logical_id, r.resource_type))
                    .collect(),
            }))
        })
        .buffered(8)
        .collect()
        .await;
    found.into_iter().filter_map(Result::transpose).collect()
}

/// Deletes every stack of the account, `jobs` at a time, each once its readers are gone. Asks nothing: the caller
/// confirmed once for all of them. The first interrupt stops it starting deletes (running ones
/// are still watched until they settle); the second stops the watching too.
pub async fn down(deployer: &Deployer<'_>, jobs: usize) -> DownRun {
    let options = Options {
        yes: true,
        ..deployer.options
    };
    let run = two_stage::run(deployer, options, "down", "deleting", |d, stopping| {
        Box::pin(run_waves(d, jobs, stopping))
    });
    match run.await {
        Ended::Finished {
            result: (rows, retained),
            interrupted,
        } => DownRun {
            rows,
            retained,
            interrupted,
        },
        Ended::StoppedWatching => DownRun {
            rows: Vec::new(),
            retained: Vec::new(),
            interrupted: true,
        },
    }
}

/// Every stack, each deleted as soon as every stack that reads its outputs is gone, unless
/// `stopping` is set by then; rows in teardown order.
async fn run_waves(
    deployer: &Deployer<'_>,
    jobs: usize,
    stopping: &AtomicBool,
) -> (Vec<DownRow>, Vec<Retained>) {
    let account = deployer.account;
    let readers = readers(account);
    let waits = waits_for(account);
    let order = waves(account);
    let nodes: Vec<Node> = order
        .iter()
        .flatten()
        .map(|key| {
            let reads = waits.get(key.as_str()).into_iter().flatten().copied();
            (key.as_str(), reads.collect())
        })
        .collect();
    let mut results = schedule(
        &nodes,
        jobs,
        stopping,
        Rules {
            run: |key| delete_one(deployer, key),
            ok: |(row, _): &(DownRow, Vec<Retained>)| row.gone(),
            blocked: |key: &str, standing: &[&str]| {
                let standing: Vec<&str> = standing
                    .iter()
                    .copied()
                    .filter(|k| readers.get(key).is_some_and(|r| r.contains(k)))
                    .collect();
                let why = match standing.as_slice() {
                    [] => "kept until every other stack is gone: it gives people their access, which this run uses".to_owned(),
                    [one] => format!("{one}, which reads its outputs, was not deleted"),
                    many => format!(
                        "{}, which read its outputs, were not deleted",
                        many.join(", ")
                    ),
                };
                (
                    DownRow::new(account, key, DownResult::Kept(why)),
                    Vec::new(),
                )
            },
            not_started: |key| {
                let row = DownRow::new(account, key, DownResult::NotStarted);
                (row, Vec::new())
            },
        },
    )
    .await;
    let mut rows = Vec::new();
    let mut retained = Vec::new();
    for (row, left) in by_wave(&order)
        .into_iter()
        .filter_map(|key| results.remove(key))
    {
        rows.push(row);
        retained.extend(left);
    }
    (rows, retained)
}

/// Deletes one stack: its row and the resources its template retains.
async fn delete_one(deployer: &Deployer<'_>, key: &str) -> (DownRow, Vec<Retained>) {
    let Some(stack) = deployer.account.stack(key) else {
        return (
            DownRow::new(deployer.account, key, DownResult::NotStarted),
            Vec::new(),
        );
    };
    let started = Instant::now();
    let deleted = match deployer.at(stack) {
        Ok(deployer) => deployer.delete_retaining(stack).await,
        Err(e) => Err(e),
    };
    let (result, left) = match deleted {
        Ok((o, _)) if o.action == Action::Absent => (DownResult::NotDeployed, Vec::new()),
        Ok((_, left)) => (DownResult::Deleted, left),
        Err(
            e @ (DeployError::TerminationProtected { .. }
            | DeployError::NotManaged { .. }
            | DeployError::WouldDeleteData { .. }
            | DeployError::UnreadableTemplate { .. }),
        ) => (DownResult::Refused(e.to_string()), Vec::new()),
        Err(e @ DeployError::Interrupted { .. }) => {
            (DownResult::StillRunning(e.to_string()), Vec::new())
        }
        Err(e) => (DownResult::Failed(e.to_string()), Vec::new()),
    };
    let mut row = DownRow::new(deployer.account, key, result);
    row.seconds = started.elapsed().as_secs_f64();
    (row, left)
}

/// How to remove a retained resource by hand, for a person who is sure its data is not needed.
pub fn removal(resource: &Retained, region: &str) -> String {
    let Some(id) = &resource.physical_id else {
        return format!(
            "find it in the console: CloudFormation did not report the physical id of {}",
            resource.logical_id
        );
    };
    match resource.resource_type.as_str() {
        "AWS::S3::Bucket" => format!(
            "aws s3 rb s3://{id} --force --region {region} (a versioned bucket must first be emptied of every object version, e.g. S3 console → Empty)"
        ),
        "AWS::Logs::LogGroup" => {
            format!("aws logs delete-log-group --log-group-name {id} --region {region}")
        }
        "AWS::KMS::Key" => format!(
            "aws kms schedule-key-deletion --key-id {id} --pending-window-in-days 30 --region {region} (whatever it encrypted becomes unreadable)"
        ),
        other => format!("delete {id} ({other}) in the console or with the aws CLI"),
    }
}

#[cfg(test)]
#[path = "down_tests.rs"]
mod tests;
