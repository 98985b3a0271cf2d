//! What is deployed now, and whether an operation may start on it.

use super::Deployer;
use crate::deploy::cloud::Deployed;
use crate::deploy::error::DeployError;
use crate::params::Stack;

impl Deployer<'_> {
    /// The deployed stack of a stack file, `None` if there is none.
    pub async fn deployed(&self, stack: &Stack) -> Result<Option<Deployed>, DeployError> {
        Ok(self.cloud.describe_stack(&stack.stack_name).await?)
    }

    /// The deployed stack, when an update may start on it: it exists, its creation did not fail,
    /// and no operation is running.
    pub(super) async fn existing(&self, stack: &Stack) -> Result<Deployed, DeployError> {
        let Some(current) = self.deployed(stack).await? else {
            return Err(DeployError::NotDeployed {
                account: self.account_arg(),
                key: stack.key.clone(),
                stack_name: stack.stack_name.clone(),
            });
        };
        if current.status.failed_creation() {
            return Err(DeployError::RollbackComplete {
                account: self.account_arg(),
                key: stack.key.clone(),
                stack_name: stack.stack_name.clone(),
                status: current.status,
            });
        }
        if current.status.in_progress() {
            return Err(DeployError::Busy {
                account: self.account_arg(),
                key: stack.key.clone(),
                stack_name: stack.stack_name.clone(),
                status: current.status,
            });
        }
        Ok(current)
    }

    /// Turns termination protection on or off.
    pub(super) async fn protect(&self, stack_id: &str, on: bool) -> Result<(), DeployError> {
        Ok(self.cloud.set_termination_protection(stack_id, on).await?)
    }
}
