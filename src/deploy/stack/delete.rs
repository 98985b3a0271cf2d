//! `delete`: only stacks hydrate created, after the person types the name, termination protection
//! turned off only with `--force`; reports the resources the template retains.

use std::collections::BTreeMap;

use serde::Serialize;

use super::upload::{retained_key, template_bucket};
use super::{Action, Deployer, Outcome, MANAGED_BY_KEY, MANAGED_BY_VALUE};
use crate::cfn::{snapshots, DeletionPolicy, RenderedResource, RenderedTemplate};
use crate::deploy::error::DeployError;
use crate::deploy::progress::StackStatus;
use crate::deploy::wait::Settled;
use crate::params::{account_arg, Stack};

/// A resource a delete left behind because its template retains it (audit data: buckets, log
/// groups, keys). hydrate never deletes these itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retained {
    /// The stack file name of the deleted stack.
    pub stack: String,
    /// Its logical id in the template.
    pub logical_id: String,
    /// Its type, e.g. `AWS::S3::Bucket`.
    pub resource_type: String,
    /// Its physical id (a bucket or log group name, a key id), when CloudFormation knew it.
    pub physical_id: Option<String>,
}

impl Retained {
    /// The note `stack delete` prints for it.
    fn note(&self) -> String {
        match &self.physical_id {
            Some(p) => format!("retained: {} ({}) {p}", self.logical_id, self.resource_type),
            None => format!("retained: {} ({})", self.logical_id, self.resource_type),
        }
    }
}

impl Deployer<'_> {
    /// Deletes the stack and follows the deletion until it settles.
    pub(super) async fn delete_and_wait(
        &self,
        stack: &Stack,
        stack_id: &str,
    ) -> Result<Settled, DeployError> {
        let marker = self.cloud.latest_event_id(stack_id).await?;
        self.cloud.delete_stack(stack_id).await?;
        self.wait(stack, stack_id, marker).await
    }

    /// The resources a delete leaves behind: those the template retains, with their physical ids,
    /// recorded in the template bucket for the create that imports them back.
    async fn retained(
        &self,
        stack: &Stack,
        stack_id: &str,
        deployed: &RenderedTemplate,
    ) -> Result<Vec<Retained>, DeployError> {
        let kept: Vec<(String, String)> = deployed
            .resources()
            .iter()
            .filter(|r| {
                r.deletion_policy
                    .is_some_and(DeletionPolicy::keeps_on_delete)
            })
            .map(|r| (r.logical_id.clone(), r.resource_type.clone()))
            .collect();
        if kept.is_empty() {
            return Ok(Vec::new());
        }
        let physical = self.cloud.physical_ids(stack_id).await?;
        // Recorded before the delete starts, so a later create finds them even if it is interrupted.
        let record: BTreeMap<&String, &String> = kept
            .iter()
            .filter_map(|(id, _)| physical.get_key_value(id))
            .collect();
        if let Ok(body) = serde_json::to_string_pretty(&record) {
            let bucket = template_bucket(self.account);
            let key = retained_key(self.account, stack);
            match self.cloud.put_object(&bucket, &key, &body).await {
                Ok(_) => {}
                // Without the record a later create still finds what the template names.
                Err(e) if e.code() == Some("NoSuchBucket") => self.note(
                    stack,
                    format!("template bucket {bucket} is gone: the retained resources' ids were not recorded"),
                ),
                Err(e) => return Err(e.into()),
            }
        }
        Ok(kept
            .into_iter()
            .map(|(id, kind)| Retained {
                stack: stack.key.clone(),
                physical_id: physical.get(&id).cloned(),
                logical_id: id,
                resource_type: kind,
            })
            .collect())
    }

    /// The template the stack runs now. What a delete destroys and leaves is decided by it, not by
    /// the local file: that may retain what the deployed one does not (an update never ran, or was
    /// refused), and a note that a bucket is "retained" must be true.
    async fn deployed_template(
        &self,
        stack: &Stack,
        stack_id: &str,
    ) -> Result<RenderedTemplate, DeployError> {
        let body = self.cloud.get_template(stack_id).await?;
        RenderedTemplate::parse(body).map_err(|e| DeployError::UnreadableTemplate {
            account: account_arg(&self.account.dir),
            key: stack.key.clone(),
            stack_name: stack.stack_name.clone(),
            reason: e.to_string(),
        })
    }

    /// Refuses a delete that would destroy data: a data-holding resource of the deployed template
    /// that neither its `DeletionPolicy` keeps nor a `Snapshot` saves.
    fn refuse_data_loss(
        &self,
        stack: &Stack,
        deployed: &RenderedTemplate,
    ) -> Result<(), DeployError> {
        let saved = |r: &RenderedResource| {
            r.deletion_policy.is_some_and(|p| {
                p.keeps_on_delete()
                    || (p == DeletionPolicy::Snapshot && snapshots(&r.resource_type))
            })
        };
        let lost: Vec<&str> = deployed
            .data_holding()
            .filter(|r| !saved(r))
            .map(|r| r.logical_id.as_str())
            .collect();
        if lost.is_empty() {
            return Ok(());
        }
        let local_keeps = lost.iter().all(|id| {
            stack.template.resources().iter().any(|r| {
                r.logical_id == *id
                    && r.deletion_policy
                        .is_some_and(DeletionPolicy::keeps_on_delete)
            })
        });
        let fix = if local_keeps {
            format!(
                "the current template retains them: deploy it first (`hydrate --account {} stack update {}`), then delete",
                account_arg(&self.account.dir),
                stack.key
            )
        } else {
            "give them `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain` in the template and deploy it, then delete; hydrate never deletes stored data itself".to_owned()
        };
        Err(DeployError::WouldDeleteData {
            stack_name: stack.stack_name.clone(),
            resources: deployed
                .data_holding()
                .filter(|r| lost.contains(&r.logical_id.as_str()))
                .map(|r| format!("{} ({})", r.logical_id, r.resource_type))
                .collect(),
            fix,
        })
    }

    /// The deployed stacks of the account whose parameters read this stack's outputs.
    async fn deployed_readers(&self, stack: &Stack) -> Result<Vec<String>, DeployError> {
        let mut readers = Vec::new();
        for other in &self.account.stacks {
            let reads = other.references.iter().any(|(_, r)| r.stack == stack.key);
            if reads && self.deployed(other).await?.is_some() {
                readers.push(other.key.clone());
            }
        }
        Ok(readers)
    }

    /// Deletes a stack hydrate created, after the person types its name (or `yes`); warns first
    /// when deployed stacks read its outputs.
    pub async fn delete(&self, stack: &Stack) -> Result<Outcome, DeployError> {
        self.delete_retaining(stack)
            .await
            .map(|(outcome, _)| outcome)
    }

    /// [`Deployer::delete`], also returning the resources the delete left behind.
    pub async fn delete_retaining(
        &self,
        stack: &Stack,
    ) -> Result<(Outcome, Vec<Retained>), DeployError> {
        let Some(current) = self.deployed(stack).await? else {
            let absent = Outcome {
                key: stack.key.clone(),
                stack_name: stack.stack_name.clone(),
                action: Action::Absent,
                status: StackStatus::DeleteComplete,
                notes: vec![format!(
                    "there is no stack {}; nothing to delete",
                    stack.stack_name
                )],
            };
            return Ok((absent, Vec::new()));
        };
        if current.tags.get(MANAGED_BY_KEY).map(String::as_str) != Some(MANAGED_BY_VALUE) {
            return Err(DeployError::NotManaged {
                stack_name: stack.stack_name.clone(),
                tag: MANAGED_BY_KEY,
            });
        }
        if current.protected && !self.options.force {
            return Err(DeployError::TerminationProtected {
                stack_name: stack.stack_name.clone(),
            });
        }
        let deployed = self.deployed_template(stack, &current.id).await?;
        self.refuse_data_loss(stack, &deployed)?;
        let readers = self.deployed_readers(stack).await?;
        let warning = if readers.is_empty() {
            String::new()
        } else {
            let warning = format!(
                "{} deployed stack(s) read its outputs and will keep the old values: {}",
                readers.len(),
                readers.join(", ")
            );
            self.note(stack, warning.clone());
            format!(" ({warning})")
        };
        if !self.options.yes
            && !self.reporter.confirm_typed(
                &format!(
                    "delete stack {}{warning}? Type its name to confirm",
                    stack.stack_name
                ),
                &stack.stack_name,
            )
        {
            return Err(DeployError::DeleteNotConfirmed {
                stack_name: stack.stack_name.clone(),
            });
        }
        if current.protected {
            self.step(stack, "turning termination protection off");
            self.protect(&current.id, false).await?;
        }
        let retained = self.retained(stack, &current.id, &deployed).await?;
        self.step(stack, format!("deleting stack {}", stack.stack_name));
        let settled = self.delete_and_wait(stack, &current.id).await?;
        let mut outcome =
            self.finish(stack, settled, StackStatus::DeleteComplete, Action::Deleted)?;
        for kept in &retained {
            self.note(stack, kept.note());
            outcome.notes.push(kept.note());
        }
        Ok((outcome, retained))
    }
}
