//! `create`: a new stack, or — with `--replace-failed` — one that replaces a stack whose creation
//! failed; retained resources of an earlier stack of the name that still exist are imported.

use super::{Action, Deployer, Outcome};
use crate::deploy::error::DeployError;
use crate::deploy::progress::StackStatus;
use crate::params::Stack;

impl Deployer<'_> {
    /// Creates the stack; with `replace_failed`, first deletes one left in ROLLBACK_COMPLETE.
    pub async fn create(&self, stack: &Stack) -> Result<Outcome, DeployError> {
        if let Some(current) = self.deployed(stack).await? {
            if !current.status.failed_creation() {
                return Err(DeployError::AlreadyExists {
                    account: self.account_arg(),
                    key: stack.key.clone(),
                    stack_name: stack.stack_name.clone(),
                    status: current.status,
                });
            }
            if !self.options.replace_failed {
                return Err(DeployError::RollbackComplete {
                    account: self.account_arg(),
                    key: stack.key.clone(),
                    stack_name: stack.stack_name.clone(),
                    status: current.status,
                });
            }
            // Protection set at create time holds even when the creation failed; asking for the
            // replacement is the consent to lift it.
            if current.protected {
                self.step(stack, "turning termination protection off");
                self.protect(&current.id, false).await?;
            }
            self.step(
                stack,
                format!("deleting the stack left in {}", current.status),
            );
            let settled = self.delete_and_wait(stack, &current.id).await?;
            self.finish(stack, settled, StackStatus::DeleteComplete, Action::Deleted)?;
        }
        let parameters = self.parameters(stack).await?;
        let found = self.retained_existing(stack, &parameters).await?;
        if !found.is_empty() {
            return self.create_importing(stack, parameters, &found).await;
        }
        let template = self.upload(stack).await?;
        self.step(stack, format!("creating stack {}", stack.stack_name));
        let id = self
            .cloud
            .create_stack(&Self::request(stack, template, parameters))
            .await?;
        let settled = self.wait(stack, &id, None).await?;
        let outcome = self.finish(stack, settled, StackStatus::CreateComplete, Action::Created)?;
        // Some endpoints (LocalStack) drop the flag on create; set it now, not on the next deploy.
        if stack.termination_protection == Some(true)
            && self
                .cloud
                .describe_stack(&id)
                .await?
                .is_some_and(|d| !d.protected)
        {
            self.protect(&id, true).await?;
        }
        Ok(outcome)
    }
}
