//! Retained resources come back: when a stack is created while resources its template retains
//! still exist (a bucket, log group or key left by an earlier delete), they are imported into the
//! new stack with an IMPORT change set, then the stack is updated to the full template. Audit data
//! is never deleted or replaced: when the import is impossible, nothing is created.

use std::collections::{BTreeMap, BTreeSet};

use super::change_set::change_set_name;
use super::retained::{candidates, dangling, import_template, Candidate, Lookup, IMPORTABLE};
use super::upload::{retained_key, template_bucket};
use super::{Action, Deployer, Outcome};
use crate::cfn::DeletionPolicy;
use crate::deploy::cloud::ResourceImport;
use crate::deploy::error::DeployError;
use crate::deploy::progress::{Progress, StackStatus};
use crate::params::Stack;

/// `Logical (identifier), …` of the imports, as messages name them.
pub fn names(found: &[ResourceImport]) -> String {
    found
        .iter()
        .map(|r| format!("{} ({})", r.logical_id, r.identifier))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Deployer<'_> {
    /// The template's retained resources that still exist, as the imports that bring them back.
    pub async fn retained_existing(
        &self,
        stack: &Stack,
        parameters: &[(String, String)],
    ) -> Result<Vec<ResourceImport>, DeployError> {
        let retains = stack.template.resources().iter().any(|r| {
            r.deletion_policy == Some(DeletionPolicy::Retain)
                && IMPORTABLE.iter().any(|(t, _)| *t == r.resource_type)
        });
        if !retains {
            return Ok(Vec::new());
        }
        let recorded = self.recorded_retained(stack).await?;
        let mut found = Vec::new();
        for candidate in candidates(&stack.template, &self.values(stack, parameters), &recorded) {
            if let Some(identifier) = self.probe(stack, &candidate).await? {
                found.push(ResourceImport {
                    resource_type: candidate.resource_type,
                    logical_id: candidate.logical_id,
                    identifier_key: candidate.identifier_key.to_owned(),
                    identifier,
                });
            }
        }
        Ok(found)
    }

    /// What the physical ids recorded at the last delete say (nothing when there is no record).
    async fn recorded_retained(
        &self,
        stack: &Stack,
    ) -> Result<BTreeMap<String, String>, DeployError> {
        let bucket = template_bucket(self.account);
        let record = match self
            .cloud
            .get_object(&bucket, &retained_key(self.account, stack))
            .await
        {
            Ok(record) => record,
            // No template bucket yet: then nothing was recorded either.
            Err(e) if e.code() == Some("NoSuchBucket") => None,
            Err(e) => return Err(e.into()),
        };
        Ok(record
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default())
    }

    /// Parameter values (given, else the template's defaults) and the pseudo parameters.
    fn values(&self, stack: &Stack, parameters: &[(String, String)]) -> BTreeMap<String, String> {
        let account = &self.account.account;
        let region = self.account.region_of(stack).clone();
        let partition = crate::regions::partition(&region);
        let mut values: BTreeMap<String, String> = stack
            .template
            .parameters()
            .iter()
            .filter_map(|(k, p)| Some((k.clone(), p["Default"].as_str()?.to_owned())))
            .collect();
        values.extend(parameters.iter().cloned());
        values.insert("AWS::AccountId".into(), account.account_id.clone());
        values.insert("AWS::Partition".into(), partition.into());
        values.insert("AWS::StackName".into(), stack.stack_name.clone());
        values.insert("AWS::Region".into(), region);
        values
    }

    /// The identifier of a candidate that exists, `None` when it is gone (or a key pending deletion).
    async fn probe(&self, stack: &Stack, c: &Candidate) -> Result<Option<String>, DeployError> {
        let found = match (c.resource_type.as_str(), &c.lookup) {
            ("AWS::S3::Bucket", Lookup::Id(name)) => {
                self.cloud.bucket_exists(name).await?.then(|| name.clone())
            }
            ("AWS::Logs::LogGroup", Lookup::Id(name)) => self
                .cloud
                .log_group_exists(name)
                .await?
                .then(|| name.clone()),
            ("AWS::KMS::Key", Lookup::Id(key) | Lookup::KeyAlias(key)) => {
                match self.cloud.describe_key(key).await? {
                    Some(info) if info.pending_deletion => {
                        self.note(
                            stack,
                            format!(
                                "retained key {} ({key}) is pending deletion: not imported",
                                c.logical_id
                            ),
                        );
                        None
                    }
                    info => info.map(|i| i.key_id),
                }
            }
            _ => None,
        };
        Ok(found)
    }

    /// Creates the stack owning the retained resources `found`: an IMPORT change set with only
    /// them, then an update to the full template.
    pub(super) async fn create_importing(
        &self,
        stack: &Stack,
        parameters: Vec<(String, String)>,
        found: &[ResourceImport],
    ) -> Result<Outcome, DeployError> {
        let listed = names(found);
        let refuse = |reason: String| DeployError::RetainedNotImported {
            account: self.account_arg(),
            key: stack.key.clone(),
            stack_name: stack.stack_name.clone(),
            resources: listed.clone(),
            // The error goes on after the reason: AWS's own full stop would double it.
            reason: reason.trim_end_matches('.').to_owned(),
        };
        let imported: BTreeSet<&str> = found.iter().map(|r| r.logical_id.as_str()).collect();
        let missing = dangling(stack.template.json(), &imported);
        if !missing.is_empty() {
            let refs: Vec<String> = missing
                .iter()
                .map(|(from, to)| format!("{from} refers to {to}"))
                .collect();
            return Err(refuse(format!(
                "they refer to resources that were not found to import ({}), so no import template can hold them",
                refs.join(", ")
            )));
        }
        self.note(
            stack,
            format!(
                "retained resources of an earlier {} still exist; importing them: {listed}",
                stack.stack_name
            ),
        );
        let body = serde_json::to_string_pretty(&import_template(stack.template.json(), &imported))
            .map_err(|e| refuse(format!("the import template could not be written: {e}")))?;
        let template = self.upload_body(stack, &body).await?;
        let request = Self::request(stack, template, parameters);
        let name = change_set_name();
        self.step(
            stack,
            format!(
                "creating stack {} by importing {} retained resource(s)",
                stack.stack_name,
                imported.len()
            ),
        );
        let id = match self
            .cloud
            .create_import_change_set(&name, &request, found)
            .await
        {
            Ok(id) => id,
            Err(e) => {
                self.drop_review_stack(stack).await;
                return Err(refuse(format!("CloudFormation refused the import: {e}")));
            }
        };
        let changes = match self.poll_change_set(&id, &name).await? {
            Ok(changes) => changes,
            Err(reason) => {
                self.drop_review_stack(stack).await;
                return Err(refuse(format!(
                    "CloudFormation refused the import: {reason}"
                )));
            }
        };
        self.reporter.report(Progress::Changes {
            stack: stack.key.clone(),
            changes,
        });
        let marker = self.cloud.latest_event_id(&id).await?;
        self.step(stack, format!("executing import change set {name}"));
        self.cloud.execute_change_set(&id, &name).await?;
        let settled = self.wait(stack, &id, marker).await?;
        self.finish(stack, settled, StackStatus::ImportComplete, Action::Created)?;
        self.step(stack, "updating the imported stack to the full template");
        let mut outcome = self.update(stack).await?;
        outcome.action = Action::Created;
        outcome
            .notes
            .insert(0, format!("imported retained resources: {listed}"));
        Ok(outcome)
    }

    /// Deletes the empty stack a refused IMPORT change set leaves in REVIEW_IN_PROGRESS, so no
    /// half stack remains (it holds no resource).
    async fn drop_review_stack(&self, stack: &Stack) {
        // Best effort: the error that led here is the one to report.
        if let Ok(Some(left)) = self.deployed(stack).await {
            if left.status == StackStatus::ReviewInProgress {
                let _ = self.cloud.delete_stack(&left.id).await;
            }
        }
    }
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
