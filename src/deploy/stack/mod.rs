//! One stack's operations: create, update (through a change set), deploy, diff, execute (a kept
//! change set), delete. Each reads
//! as a list of named steps, reported as it goes; every AWS call goes through [`Cloud`].

mod approval;
mod change_set;
mod create;
mod delete;
mod describe;
mod execute;
mod import;
mod retained;
mod review;
mod update;
mod upload;
mod values;

use std::collections::BTreeSet;

use serde::Serialize;

use super::cloud::Cloud;
use super::error::DeployError;
use super::interrupt::Interrupt;
use super::progress::{Progress, Reporter, StackStatus};
use super::wait::{Settled, Watcher};
use crate::params::{AccountDir, Stack};

pub use approval::Approval;
pub use delete::Retained;
pub use import::names as import_names;
pub use retained::IMPORTABLE;
pub use review::StackDiff;
pub(crate) use upload::query_escaped;
pub use upload::{retained_key, template_bucket, template_key};

/// The tag hydrate puts on every stack it creates; `delete` refuses stacks without it.
pub const MANAGED_BY_KEY: &str = "hydrate:managed-by";
/// Its value.
pub const MANAGED_BY_VALUE: &str = "hydrate";

/// What an operation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The stack was created.
    Created,
    /// The stack was updated.
    Updated,
    /// Nothing to change.
    UpToDate,
    /// The stack was deleted.
    Deleted,
    /// There was no such stack.
    Absent,
}

/// The result of an operation on one stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The stack file name.
    pub key: String,
    /// The stack name.
    pub stack_name: String,
    /// What happened.
    pub action: Action,
    /// The stack's status afterwards.
    pub status: StackStatus,
    /// Things worth knowing: retained resources, emulator fallbacks.
    pub notes: Vec<String>,
}

/// Choices of the person running the operation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Do not ask: yes to every question.
    pub yes: bool,
    /// `create`: delete a stack left in ROLLBACK_COMPLETE and create it again.
    pub replace_failed: bool,
    /// `delete`: turn termination protection off first.
    pub force: bool,
    /// `update`, `deploy`, `up`: which changes need a person's yes before they run.
    pub require_approval: Approval,
}

/// Runs operations on the stacks of one account.
pub struct Deployer<'a> {
    /// The AWS calls, in the home region.
    pub cloud: &'a dyn Cloud,
    /// The calls of each other region of the account, for its regional stacks (empty for an
    /// account of one region).
    pub regions: &'a [(String, &'a dyn Cloud)],
    /// The account.
    pub account: &'a AccountDir,
    /// Where progress goes.
    pub reporter: &'a dyn Reporter,
    /// The person's choices.
    pub options: Options,
    /// What stops a wait.
    pub interrupt: &'a Interrupt,
}

impl<'a> Deployer<'a> {
    /// The same deployer calling the region `stack` is deployed in.
    pub fn at(&self, stack: &Stack) -> Result<Deployer<'a>, DeployError> {
        Ok(Deployer {
            cloud: self.cloud_of(stack)?,
            ..*self
        })
    }

    /// The calls of the region `stack` is deployed in.
    fn cloud_of(&self, stack: &Stack) -> Result<&'a dyn Cloud, DeployError> {
        let region = self.account.region_of(stack);
        // Without other regions there is only home; a stack of another region has no cloud (it
        // must never land in the home region under the home instance's name).
        if self.regions.is_empty() && *region == self.account.account.region {
            return Ok(self.cloud);
        }
        self.regions
            .iter()
            .find(|(name, _)| name == region)
            .map(|(_, cloud)| *cloud)
            .ok_or_else(|| DeployError::NoRegion {
                key: stack.key.clone(),
                region: region.clone(),
            })
    }

    /// The `--account` argument that names this account in advice commands.
    fn account_arg(&self) -> String {
        crate::params::account_arg(&self.account.dir)
    }

    fn step(&self, stack: &Stack, message: impl Into<String>) {
        self.reporter.report(Progress::Step {
            stack: stack.key.clone(),
            message: message.into(),
        });
    }

    fn note(&self, stack: &Stack, message: String) {
        self.reporter.report(Progress::Note {
            stack: stack.key.clone(),
            message,
        });
    }

    /// The waiter of this deployer's calls, reporter and interrupt.
    pub fn watcher(&self) -> Watcher<'_> {
        Watcher {
            cloud: self.cloud,
            reporter: self.reporter,
            interrupt: self.interrupt,
            account: self.account_arg(),
        }
    }

    async fn wait(
        &self,
        stack: &Stack,
        stack_id: &str,
        marker: Option<String>,
    ) -> Result<Settled, DeployError> {
        self.watcher()
            .wait(&stack.key, &stack.stack_name, stack_id, marker)
            .await
    }

    /// Emulator fallbacks seen in the events: resources an emulator only pretended to create.
    fn fallback_notes(settled: &Settled) -> Vec<String> {
        let mut seen = BTreeSet::new();
        settled
            .events
            .iter()
            .filter_map(|e| {
                let reason = e.reason.as_deref().unwrap_or_default();
                (reason.contains("fallback") && seen.insert(e.logical_id.clone())).then(|| {
                    format!(
                        "emulator fallback, not really created: {} ({reason})",
                        e.logical_id
                    )
                })
            })
            .collect()
    }

    /// The outcome of a settled operation: `done` is the status it should have ended in.
    fn finish(
        &self,
        stack: &Stack,
        settled: Settled,
        done: StackStatus,
        action: Action,
    ) -> Result<Outcome, DeployError> {
        if settled.status != done {
            return Err(DeployError::Failed {
                key: stack.key.clone(),
                stack_name: stack.stack_name.clone(),
                failures: settled.failures(),
                status: settled.status,
            });
        }
        let notes = Self::fallback_notes(&settled);
        for note in &notes {
            self.note(stack, note.clone());
        }
        Ok(Outcome {
            key: stack.key.clone(),
            stack_name: stack.stack_name.clone(),
            action,
            status: settled.status,
            notes,
        })
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
#[path = "approval_tests.rs"]
mod approval_tests;

#[cfg(test)]
#[path = "review_tests.rs"]
mod review_tests;

#[cfg(test)]
#[path = "delete_tests.rs"]
mod delete_tests;
