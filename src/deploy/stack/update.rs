//! `update` through a change set (through the approval gate: access delta, data loss), `deploy`
//! (create or update) and `diff` (the change set, not executed; for a stack not deployed, every
//! resource added, or imported when it was retained and still exists).

use super::import::names as import_names;
use super::{Action, Deployer, Outcome};
use crate::deploy::error::DeployError;
use crate::deploy::progress::{Change, ChangeAction, Progress, StackStatus};
use crate::params::Stack;

impl Deployer<'_> {
    /// Updates the stack through a change set; the approval gate decides whether it runs.
    pub async fn update(&self, stack: &Stack) -> Result<Outcome, DeployError> {
        let current = self.existing(stack).await?;
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
        self.approve(stack, &current, &name, &changes).await?;
        let marker = self.cloud.latest_event_id(&current.id).await?;
        self.step(stack, format!("executing change set {name}"));
        self.cloud.execute_change_set(&current.id, &name).await?;
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

    /// The changes a deploy would make, without making them.
    pub async fn diff(&self, stack: &Stack) -> Result<Vec<Change>, DeployError> {
        let Some(current) = self.deployed(stack).await? else {
            // Values that read stacks not deployed yet cannot name a retained resource: look anyway.
            let parameters = self.parameters(stack).await.unwrap_or_default();
            let found = self.retained_existing(stack, &parameters).await?;
            if !found.is_empty() {
                self.note(stack, format!("would import {}", import_names(&found)));
            }
            return Ok(stack
                .template
                .resources()
                .iter()
                .map(|r| Change {
                    action: if found.iter().any(|f| f.logical_id == r.logical_id) {
                        ChangeAction::Import
                    } else {
                        ChangeAction::Add
                    },
                    logical_id: r.logical_id.clone(),
                    resource_type: r.resource_type.clone(),
                    replacement: None,
                })
                .collect());
        };
        match self.change_set(stack, &current).await? {
            Some((name, changes)) => {
                self.drop_change_set(&current.id, &name).await;
                Ok(changes)
            }
            None => Ok(Vec::new()),
        }
    }
}
