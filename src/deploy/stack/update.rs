//! `update` through a change set (through the approval gate: access delta, data loss) and `deploy`
//! (create or update).

use super::{Action, Deployer, Outcome};
use crate::deploy::cloud::Deployed;
use crate::deploy::error::DeployError;
use crate::deploy::progress::{Progress, StackStatus};
use crate::params::Stack;

impl Deployer<'_> {
    /// Updates the stack through a change set; the approval gate decides whether it runs.
    pub async fn update(&self, stack: &Stack) -> Result<Outcome, DeployError> {
        let current = self.existing(stack).await?;
        self.align_protection(stack, &current).await?;
        let Some((name, changes)) = self.change_set(stack, &current).await? else {
            return Ok(Outcome {
                key: stack.key.clone(),
                stack_name: stack.stack_name.clone(),
                action: Action::UpToDate,
                status: current.status,
                notes: Vec::new(),
            });
        };
        self.reporter.report(Progress::Changes {
            stack: stack.key.clone(),
            changes: changes.clone(),
        });
        self.approve(stack, &current, Some(&name), &changes).await?;
        self.run_change_set(stack, &current, &name).await
    }

    /// Turns termination protection the way the stack file says, when it says and it differs.
    pub(super) async fn align_protection(
        &self,
        stack: &Stack,
        current: &Deployed,
    ) -> Result<(), DeployError> {
        if let Some(wanted) = stack
            .termination_protection
            .filter(|w| *w != current.protected)
        {
            self.step(
                stack,
                format!(
                    "turning termination protection {}",
                    if wanted { "on" } else { "off" }
                ),
            );
            self.protect(&current.id, wanted).await?;
        }
        Ok(())
    }

    /// Executes an approved change set and waits for the update to settle.
    pub(super) async fn run_change_set(
        &self,
        stack: &Stack,
        current: &Deployed,
        name: &str,
    ) -> Result<Outcome, DeployError> {
        let marker = self.cloud.latest_event_id(&current.id).await?;
        self.step(stack, format!("executing change set {name}"));
        self.cloud.execute_change_set(&current.id, name).await?;
        let settled = self.wait(stack, &current.id, marker).await?;
        self.finish(stack, settled, StackStatus::UpdateComplete, Action::Updated)
    }

    /// Creates the stack if it does not exist, else updates it.
    pub async fn deploy(&self, stack: &Stack) -> Result<Outcome, DeployError> {
        match self.deployed(stack).await? {
            Some(current) if !current.status.failed_creation() || !self.options.replace_failed => {
                self.update(stack).await
            }
            _ => self.create(stack).await,
        }
    }
}
