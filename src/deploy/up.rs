//! `hydrate up`: every stack of an account in dependency order, the independent stacks of each
//! wave in parallel. A failure skips the stacks that read its outputs; the others go on.

use std::collections::BTreeSet;
use std::time::Instant;

use futures_util::stream::{self, StreamExt};
use serde::Serialize;

use super::error::DeployError;
use super::progress::StackStatus;
use super::stack::{Action, Deployer};
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
    /// Not attempted: a stack it reads from failed or was skipped.
    Skipped(String),
}

/// One row of the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The stack file name.
    pub stack: String,
    /// The stack name.
    pub stack_name: String,
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
}

/// Deploys every stack of the account, `jobs` at a time within a wave.
pub async fn up(deployer: &Deployer<'_>, jobs: usize) -> Vec<Row> {
    let account = deployer.account;
    let mut rows: Vec<Row> = Vec::new();
    let mut broken: BTreeSet<String> = BTreeSet::new();
    for wave in &account.plan.waves {
        let (skip, run): (Vec<&String>, Vec<&String>) = wave.iter().partition(|key| {
            account
                .stack(key)
                .is_some_and(|s| s.references.iter().any(|(_, r)| broken.contains(&r.stack)))
        });
        for key in skip {
            let Some(stack) = account.stack(key) else {
                continue;
            };
            let upstream: BTreeSet<&str> = stack
                .references
                .iter()
                .map(|(_, r)| r.stack.as_str())
                .filter(|s| broken.contains(*s))
                .collect();
            rows.push(Row {
                stack: key.clone(),
                stack_name: stack.stack_name.clone(),
                result: StackResult::Skipped(format!(
                    "reads outputs of {}, which did not deploy",
                    upstream.into_iter().collect::<Vec<_>>().join(", ")
                )),
                seconds: 0.0,
                notes: Vec::new(),
            });
            broken.insert(key.clone());
        }
        let done: Vec<Row> = stream::iter(run)
            .map(|key| async move {
                let started = Instant::now();
                let stack = account.stack(key)?;
                let outcome = deployer.deploy(stack).await;
                let seconds = started.elapsed().as_secs_f64();
                Some(match outcome {
                    Ok(o) => Row {
                        stack: key.clone(),
                        stack_name: stack.stack_name.clone(),
                        result: StackResult::Done(o.action),
                        seconds,
                        notes: o.notes,
                    },
                    Err(e) => Row {
                        stack: key.clone(),
                        stack_name: stack.stack_name.clone(),
                        result: StackResult::Failed(e.to_string()),
                        seconds,
                        notes: Vec::new(),
                    },
                })
            })
            .buffer_unordered(jobs.max(1))
            .filter_map(|row| async move { row })
            .collect()
            .await;
        let mut done = done;
        done.sort_by(|a, b| a.stack.cmp(&b.stack));
        for row in done {
            if row.failed() {
                broken.insert(row.stack.clone());
            }
            rows.push(row);
        }
    }
    rows
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
    /// Its status now, if deployed.
    pub status: Option<StackStatus>,
    /// Parameter values, deployed outputs filled in.
    pub parameters: Vec<(String, String)>,
}

/// The plan of `up --dry-run`, with the values already known from deployed stacks.
pub async fn dry_run(deployer: &Deployer<'_>) -> Result<Vec<PlannedStack>, DeployError> {
    let account: &AccountDir = deployer.account;
    let mut known = std::collections::BTreeMap::new();
    let mut status = std::collections::BTreeMap::new();
    for stack in &account.stacks {
        if let Some(d) = deployer.deployed(stack).await? {
            status.insert(stack.key.clone(), d.status.clone());
            known.insert(stack.key.clone(), d.outputs);
        }
    }
    let known = Known(known);
    let mut planned = Vec::new();
    for (i, wave) in account.plan.waves.iter().enumerate() {
        for key in wave {
            let Some(stack) = account.stack(key) else {
                continue;
            };
            let resolved = account.resolve(stack, &known)?;
            planned.push(PlannedStack {
                wave: i + 1,
                stack: key.clone(),
                stack_name: stack.stack_name.clone(),
                status: status.get(key).cloned(),
                parameters: resolved.parameters.into_iter().collect(),
            });
        }
    }
    Ok(planned)
}
