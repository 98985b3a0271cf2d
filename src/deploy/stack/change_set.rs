//! Change sets: skipped when nothing would change (template, parameters and tags all equal), else
//! made, polled until CloudFormation has computed them, and dropped when not executed.

use std::collections::BTreeMap;

use super::Deployer;
use crate::deploy::aws_error::AwsError;
use crate::deploy::cloud::{ChangeSetState, Deployed};
use crate::deploy::error::DeployError;
use crate::deploy::progress::Change;
use crate::deploy::wait::{next_poll, FIRST_POLL};
use crate::params::Stack;

/// The two spellings CloudFormation uses for a change set that changes nothing.
fn changes_nothing(reason: &str) -> bool {
    reason.contains("didn't contain changes") || reason.contains("No updates are to be performed")
}

/// A parameter default as CloudFormation reports the value: text, numbers and booleans as typed.
fn default_text(default: &serde_json::Value) -> Option<String> {
    match default {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `hydrate-<milliseconds since the epoch>`: a fresh name for each change set.
pub(super) fn change_set_name() -> String {
    format!(
        "hydrate-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default()
    )
}

impl Deployer<'_> {
    /// Makes a change set of the stack's current template and values; `None` when nothing changes.
    pub(super) async fn change_set(
        &self,
        stack: &Stack,
        current: &Deployed,
    ) -> Result<Option<(String, Vec<Change>)>, DeployError> {
        let parameters = self.parameters(stack).await?;
        if self.unchanged(stack, current, &parameters).await? {
            return Ok(None);
        }
        let template = self.upload(stack).await?;
        let name = change_set_name();
        self.step(stack, "computing the change set");
        let description = Self::fingerprint(stack, &parameters);
        let mut request = Self::request(stack, template, parameters);
        request.change_set_description = Some(description);
        self.cloud
            .create_change_set(&current.id, &name, &request)
            .await?;
        match self.poll_change_set(&current.id, &name).await? {
            Ok(changes) => Ok(Some((name, changes))),
            Err(reason) => {
                self.drop_change_set(&current.id, &name).await;
                if changes_nothing(&reason) {
                    return Ok(None);
                }
                Err(AwsError::Service {
                    action: "cloudformation:CreateChangeSet".to_owned(),
                    code: "ChangeSetFailed".to_owned(),
                    message: reason,
                }
                .into())
            }
        }
    }

    /// Polls a change set until CloudFormation has computed it: its changes, or why it failed.
    pub(super) async fn poll_change_set(
        &self,
        stack_id: &str,
        name: &str,
    ) -> Result<Result<Vec<Change>, String>, DeployError> {
        let mut delay = FIRST_POLL;
        loop {
            match self.cloud.describe_change_set(stack_id, name).await? {
                ChangeSetState::Ready(changes) => return Ok(Ok(changes)),
                ChangeSetState::Failed(reason) => return Ok(Err(reason)),
                ChangeSetState::Pending => {
                    tokio::time::sleep(delay).await;
                    delay = next_poll(delay);
                }
            }
        }
    }

    /// True when the deployed stack already has this template, these parameter values and these
    /// tags: then no change set is made at all (a no-change `up` makes no create or update call).
    async fn unchanged(
        &self,
        stack: &Stack,
        current: &Deployed,
        parameters: &[(String, String)],
    ) -> Result<bool, DeployError> {
        // CloudFormation reports every parameter: one the file leaves out takes its default.
        let given: BTreeMap<&str, &str> = parameters
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let params_same = stack.template.parameters().iter().all(|(name, declared)| {
            let deployed = current.parameters.get(name).map(String::as_str);
            match (given.get(name.as_str()), declared.get("Default")) {
                (Some(value), _) => deployed == Some(*value),
                // Left to its default: the deployed value must be it (when one is reported).
                (None, Some(default)) => {
                    deployed.is_none_or(|d| Some(d) == default_text(default).as_deref())
                }
                (None, None) => true,
            }
        });
        let tags: BTreeMap<String, String> = Self::tags(stack).into_iter().collect();
        let mut topics = stack.notification_arns.clone();
        let mut deployed_topics = current.notification_arns.clone();
        topics.sort();
        deployed_topics.sort();
        if !params_same
            || tags != current.tags
            || stack.role_arn != current.role_arn
            || topics != deployed_topics
        {
            return Ok(false);
        }
        let deployed = self.cloud.get_template(&current.id).await?;
        let deployed = serde_json::from_str::<serde_json::Value>(&deployed).ok();
        Ok(deployed.as_ref() == Some(stack.template.json()))
    }

    /// Whether `deploy` would write anything: the stack is not deployed (or not settled), its
    /// termination protection is to be turned, or its template, values or tags differ. Reads only.
    pub async fn would_change(&self, stack: &Stack) -> Result<bool, DeployError> {
        let Some(current) = self.deployed(stack).await? else {
            return Ok(true);
        };
        if current.status.in_progress() || current.status.failed_creation() {
            return Ok(true);
        }
        if stack
            .termination_protection
            .is_some_and(|wanted| wanted != current.protected)
        {
            return Ok(true);
        }
        let parameters = self.parameters(stack).await?;
        Ok(!self.unchanged(stack, &current, &parameters).await?)
    }

    /// Deletes a change set that will not run.
    pub(super) async fn drop_change_set(&self, stack_id: &str, name: &str) {
        // Best effort: a leftover change set costs nothing and is listed by the console.
        let _ = self.cloud.delete_change_set(stack_id, name).await;
    }
}
