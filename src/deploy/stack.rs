//! One stack's operations: create, update (through a change set), deploy, diff, delete, status.
//! Each reads as a list of named steps, reported as it goes.

use std::collections::BTreeMap;

use aws_sdk_cloudformation::types::{
    Capability as SdkCapability, ChangeSetStatus, ChangeSetType, Parameter, Stack as SdkStack, Tag,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::aws::{classify, recover, Aws, AwsError};
use super::error::DeployError;
use super::progress::{Change, Progress, Reporter};
use super::wait::{is_missing, latest_event_id, wait, Settled};
use crate::params::values::OutputSource;
use crate::params::{AccountDir, Stack};

/// The tag hydrate puts on every stack it creates; `delete` refuses stacks without it.
pub const MANAGED_BY_KEY: &str = "hydrate:managed-by";
/// Its value.
pub const MANAGED_BY_VALUE: &str = "hydrate";

/// Resource types whose replacement or removal loses data: `deploy` asks first.
pub const DATA_HOLDING_TYPES: &[&str] = &[
    "AWS::S3::Bucket",
    "AWS::Logs::LogGroup",
    "AWS::KMS::Key",
    "AWS::DynamoDB::Table",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::EFS::FileSystem",
];

/// True for the states a failed creation leaves: the stack exists but cannot be updated.
pub fn failed_creation(status: &str) -> bool {
    matches!(
        status,
        "ROLLBACK_COMPLETE" | "ROLLBACK_FAILED" | "CREATE_FAILED"
    )
}

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
    pub status: String,
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
}

/// A deployed stack as CloudFormation describes it.
#[derive(Debug, Clone)]
pub struct Deployed {
    /// The stack id (ARN).
    pub id: String,
    /// Its status.
    pub status: String,
    /// When it last changed (RFC 3339).
    pub last_change: String,
    /// Its outputs.
    pub outputs: BTreeMap<String, String>,
    /// Its parameter values.
    pub parameters: BTreeMap<String, String>,
    /// Its tags.
    pub tags: BTreeMap<String, String>,
    /// Termination protection.
    pub protected: bool,
}

fn describe(s: &SdkStack) -> Deployed {
    Deployed {
        id: s.stack_id().unwrap_or_default().to_owned(),
        status: s
            .stack_status()
            .map(|x| x.as_str().to_owned())
            .unwrap_or_default(),
        last_change: s
            .last_updated_time()
            .or(s.creation_time())
            .map(|t| t.to_string())
            .unwrap_or_default(),
        parameters: s
            .parameters()
            .iter()
            .filter_map(|p| {
                Some((
                    p.parameter_key()?.to_owned(),
                    p.parameter_value()?.to_owned(),
                ))
            })
            .collect(),
        outputs: s
            .outputs()
            .iter()
            .filter_map(|o| Some((o.output_key()?.to_owned(), o.output_value()?.to_owned())))
            .collect(),
        tags: s
            .tags()
            .iter()
            .filter_map(|t| Some((t.key()?.to_owned(), t.value()?.to_owned())))
            .collect(),
        protected: s.enable_termination_protection().unwrap_or(false),
    }
}

/// The deployed stack of a name, `None` if there is none.
pub async fn deployed(aws: &Aws, stack_name: &str) -> Result<Option<Deployed>, AwsError> {
    match aws
        .cfn
        .describe_stacks()
        .stack_name(stack_name)
        .send()
        .await
    {
        Ok(out) => Ok(out.stacks().first().map(describe)),
        Err(e) => recover(
            classify("cloudformation:DescribeStacks", e),
            is_missing,
            None,
        ),
    }
}

/// The template bucket of an account: the account file's, or the one `bootstrap` makes.
pub fn template_bucket(account: &AccountDir) -> String {
    account.account.template_bucket.clone().unwrap_or_else(|| {
        format!(
            "hydrate-templates-{}-{}",
            account.account.account_id, account.account.region
        )
    })
}

/// `<account>/<stack>/<sha256 of the body>.json`: a changed template never overwrites the old one.
pub fn template_key(account: &AccountDir, stack: &Stack) -> String {
    let digest = Sha256::digest(stack.template_body.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}/{}/{hex}.json", account.account.account_id, stack.key)
}

/// Outputs of the deployed stacks a stack reads, fetched once before its values are rendered.
struct DeployedOutputs {
    by_key: BTreeMap<String, (String, Option<BTreeMap<String, String>>)>,
}

impl OutputSource for DeployedOutputs {
    fn output(&self, stack: &str, key: &str) -> Result<String, String> {
        match self.by_key.get(stack) {
            Some((name, Some(outputs))) => outputs
                .get(key)
                .cloned()
                .ok_or_else(|| format!("deployed stack {name} has no output {key} yet; deploy {stack} again")),
            Some((name, None)) => Err(format!(
                "stack {stack} ({name}) is not deployed yet; deploy it first, or run `hydrate up` for the whole account"
            )),
            None => Err(format!("there is no stack {stack} in this account")),
        }
    }
}

/// Runs operations on the stacks of one account.
pub struct Deployer<'a> {
    /// The clients.
    pub aws: &'a Aws,
    /// The account.
    pub account: &'a AccountDir,
    /// Where progress goes.
    pub reporter: &'a dyn Reporter,
    /// The person's choices.
    pub options: Options,
}

impl Deployer<'_> {
    fn step(&self, stack: &Stack, message: impl Into<String>) {
        self.reporter.report(Progress::Step {
            stack: stack.key.clone(),
            message: message.into(),
        });
    }

    /// Parameter values with the outputs they read from deployed stacks.
    async fn parameters(&self, stack: &Stack) -> Result<Vec<Parameter>, DeployError> {
        let mut by_key = BTreeMap::new();
        for (_, reference) in &stack.references {
            if by_key.contains_key(&reference.stack) {
                continue;
            }
            if let Some(target) = self.account.stack(&reference.stack) {
                let outputs = deployed(self.aws, &target.stack_name)
                    .await?
                    .map(|d| d.outputs);
                by_key.insert(
                    reference.stack.clone(),
                    (target.stack_name.clone(), outputs),
                );
            }
        }
        let resolved = self.account.resolve(stack, &DeployedOutputs { by_key })?;
        Ok(resolved
            .parameters
            .into_iter()
            .map(|(k, v)| {
                Parameter::builder()
                    .parameter_key(k)
                    .parameter_value(v)
                    .build()
            })
            .collect())
    }

    fn tags(&self, stack: &Stack) -> Vec<Tag> {
        stack
            .tags
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain([(MANAGED_BY_KEY, MANAGED_BY_VALUE)])
            .map(|(k, v)| Tag::builder().key(k).value(v).build())
            .collect()
    }

    fn capabilities(stack: &Stack) -> Vec<SdkCapability> {
        stack
            .capabilities
            .iter()
            .map(|c| SdkCapability::from(c.as_str()))
            .collect()
    }

    /// Uploads the template (once per content) and returns its URL.
    async fn upload(&self, stack: &Stack) -> Result<String, DeployError> {
        let bucket = template_bucket(self.account);
        let key = template_key(self.account, stack);
        self.step(stack, format!("uploading template to s3://{bucket}/{key}"));
        self.aws
            .s3
            .put_object()
            .bucket(&bucket)
            .key(&key)
            .content_type("application/json")
            .body(stack.template_body.clone().into_bytes().into())
            .send()
            .await
            .map_err(|e| {
                let e = classify("s3:PutObject", e);
                if e.code() == Some("NoSuchBucket") {
                    DeployError::Refused(format!(
                        "the template bucket {bucket} does not exist; run `hydrate bootstrap` first (or set TemplateBucket in account.json)"
                    ))
                } else {
                    e.into()
                }
            })?;
        Ok(match &self.aws.endpoint_url {
            Some(endpoint) => format!("{}/{bucket}/{key}", endpoint.trim_end_matches('/')),
            None => format!(
                "https://{bucket}.s3.{}.amazonaws.com/{key}",
                self.aws.region
            ),
        })
    }

    fn notes(settled: &Settled) -> Vec<String> {
        let mut seen = std::collections::BTreeSet::new();
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

    /// The resources a delete leaves behind: those the template retains, with their physical ids.
    async fn retained(&self, stack: &Stack, stack_id: &str) -> Result<Vec<String>, DeployError> {
        let template: serde_json::Value =
            serde_json::from_str(&stack.template_body).unwrap_or_default();
        let kept: Vec<(String, String)> = template["Resources"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, r)| {
                matches!(
                    r["DeletionPolicy"].as_str(),
                    Some("Retain") | Some("RetainExceptOnDelete")
                )
            })
            .map(|(id, r)| {
                (
                    id.clone(),
                    r["Type"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        if kept.is_empty() {
            return Ok(Vec::new());
        }
        let mut physical = BTreeMap::new();
        let mut pages = self
            .aws
            .cfn
            .list_stack_resources()
            .stack_name(stack_id)
            .into_paginator()
            .items()
            .send();
        while let Some(item) = pages.next().await {
            let item = item.map_err(|e| classify("cloudformation:ListStackResources", e))?;
            if let (Some(logical), Some(id)) =
                (item.logical_resource_id(), item.physical_resource_id())
            {
                physical.insert(logical.to_owned(), id.to_owned());
            }
        }
        Ok(kept
            .into_iter()
            .map(|(id, kind)| match physical.get(&id) {
                Some(p) => format!("retained: {id} ({kind}) {p}"),
                None => format!("retained: {id} ({kind})"),
            })
            .collect())
    }

    fn finish(
        &self,
        stack: &Stack,
        settled: Settled,
        done: &str,
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
        let notes = Self::notes(&settled);
        for note in &notes {
            self.reporter.report(Progress::Note {
                stack: stack.key.clone(),
                message: note.clone(),
            });
        }
        Ok(Outcome {
            key: stack.key.clone(),
            stack_name: stack.stack_name.clone(),
            action,
            status: settled.status,
            notes,
        })
    }

    /// Creates the stack; with `replace_failed`, first deletes one left in ROLLBACK_COMPLETE.
    pub async fn create(&self, stack: &Stack) -> Result<Outcome, DeployError> {
        if let Some(current) = deployed(self.aws, &stack.stack_name).await? {
            if !failed_creation(&current.status) {
                return Err(DeployError::Refused(format!(
                    "stack {} already exists ({}); use `hydrate stack update {}` or `deploy`",
                    stack.stack_name, current.status, stack.key
                )));
            }
            if !self.options.replace_failed {
                return Err(DeployError::RollbackComplete {
                    key: stack.key.clone(),
                    stack_name: stack.stack_name.clone(),
                    status: current.status,
                });
            }
            self.step(
                stack,
                format!("deleting the stack left in {}", current.status),
            );
            let settled = self.delete_and_wait(stack, &current.id).await?;
            self.finish(stack, settled, "DELETE_COMPLETE", Action::Deleted)?;
        }
        let parameters = self.parameters(stack).await?;
        let url = self.upload(stack).await?;
        self.step(stack, format!("creating stack {}", stack.stack_name));
        let created = self
            .aws
            .cfn
            .create_stack()
            .stack_name(&stack.stack_name)
            .template_url(url)
            .set_parameters(Some(parameters))
            .set_capabilities(Some(Self::capabilities(stack)))
            .set_tags(Some(self.tags(stack)))
            .set_timeout_in_minutes(stack.timeout_in_minutes.map(|t| t as i32))
            .set_enable_termination_protection(stack.termination_protection)
            .set_role_arn(stack.role_arn.clone())
            .set_notification_arns(Some(stack.notification_arns.clone()))
            .send()
            .await
            .map_err(|e| classify("cloudformation:CreateStack", e))?;
        let id = created.stack_id().unwrap_or(&stack.stack_name).to_owned();
        let settled = wait(
            self.aws,
            &stack.key,
            &stack.stack_name,
            &id,
            None,
            self.reporter,
        )
        .await?;
        let outcome = self.finish(stack, settled, "CREATE_COMPLETE", Action::Created)?;
        // Some endpoints (LocalStack) drop the flag on create; set it now, not on the next deploy.
        if stack.termination_protection == Some(true)
            && deployed(self.aws, &id).await?.is_some_and(|d| !d.protected)
        {
            self.protect(&id, true).await?;
        }
        Ok(outcome)
    }

    /// Makes a change set of the stack's current template and values; `None` when nothing changes.
    async fn change_set(
        &self,
        stack: &Stack,
        current: &Deployed,
    ) -> Result<Option<(String, Vec<Change>)>, DeployError> {
        let parameters = self.parameters(stack).await?;
        if self.unchanged(stack, current, &parameters).await? {
            return Ok(None);
        }
        let url = self.upload(stack).await?;
        let name = format!(
            "hydrate-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or_default()
        );
        self.step(stack, "computing the change set");
        self.aws
            .cfn
            .create_change_set()
            .stack_name(&current.id)
            .change_set_name(&name)
            .change_set_type(ChangeSetType::Update)
            .template_url(url)
            .set_parameters(Some(parameters))
            .set_capabilities(Some(Self::capabilities(stack)))
            .set_tags(Some(self.tags(stack)))
            .set_role_arn(stack.role_arn.clone())
            .set_notification_arns(Some(stack.notification_arns.clone()))
            .send()
            .await
            .map_err(|e| classify("cloudformation:CreateChangeSet", e))?;
        let mut delay = super::wait::FIRST_POLL;
        loop {
            let out = self
                .aws
                .cfn
                .describe_change_set()
                .stack_name(&current.id)
                .change_set_name(&name)
                .send()
                .await
                .map_err(|e| classify("cloudformation:DescribeChangeSet", e))?;
            match out.status() {
                Some(ChangeSetStatus::CreateComplete) => {
                    let changes = out
                        .changes()
                        .iter()
                        .filter_map(|c| c.resource_change())
                        .map(|rc| Change {
                            action: rc
                                .action()
                                .map(|a| a.as_str().to_owned())
                                .unwrap_or_default(),
                            logical_id: rc.logical_resource_id().unwrap_or_default().to_owned(),
                            resource_type: rc.resource_type().unwrap_or_default().to_owned(),
                            replacement: rc.replacement().map(|r| r.as_str().to_owned()),
                        })
                        .collect();
                    return Ok(Some((name, changes)));
                }
                Some(ChangeSetStatus::Failed) => {
                    let reason = out.status_reason().unwrap_or_default().to_owned();
                    self.drop_change_set(&current.id, &name).await;
                    // Both spellings CloudFormation uses for an update that changes nothing.
                    if reason.contains("didn't contain changes")
                        || reason.contains("No updates are to be performed")
                    {
                        return Ok(None);
                    }
                    return Err(AwsError::Service {
                        action: "cloudformation:CreateChangeSet".to_owned(),
                        code: "ChangeSetFailed".to_owned(),
                        message: reason,
                    }
                    .into());
                }
                _ => {
                    tokio::time::sleep(delay).await;
                    delay = super::wait::next_poll(delay);
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
        parameters: &[Parameter],
    ) -> Result<bool, DeployError> {
        let wanted: BTreeMap<String, String> = parameters
            .iter()
            .filter_map(|p| {
                Some((
                    p.parameter_key()?.to_owned(),
                    p.parameter_value()?.to_owned(),
                ))
            })
            .collect();
        // Parameters left to their defaults are reported by CloudFormation too; compare only the given ones.
        let params_same = wanted
            .iter()
            .all(|(k, v)| current.parameters.get(k) == Some(v));
        let tags: BTreeMap<String, String> = self
            .tags(stack)
            .iter()
            .map(|t| {
                (
                    t.key().unwrap_or_default().to_owned(),
                    t.value().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        if !params_same || tags != current.tags {
            return Ok(false);
        }
        let deployed = self
            .aws
            .cfn
            .get_template()
            .stack_name(&current.id)
            .send()
            .await
            .map_err(|e| classify("cloudformation:GetTemplate", e))?;
        let parse = |t: &str| serde_json::from_str::<serde_json::Value>(t).ok();
        let body = deployed.template_body().unwrap_or_default();
        Ok(parse(body).is_some() && parse(body) == parse(&stack.template_body))
    }

    /// Deletes the stack and follows the deletion until it settles.
    async fn delete_and_wait(&self, stack: &Stack, stack_id: &str) -> Result<Settled, DeployError> {
        let marker = latest_event_id(self.aws, stack_id).await?;
        self.aws
            .cfn
            .delete_stack()
            .stack_name(stack_id)
            .send()
            .await
            .map_err(|e| classify("cloudformation:DeleteStack", e))?;
        wait(
            self.aws,
            &stack.key,
            &stack.stack_name,
            stack_id,
            marker,
            self.reporter,
        )
        .await
    }

    async fn protect(&self, stack_id: &str, on: bool) -> Result<(), AwsError> {
        self.aws
            .cfn
            .update_termination_protection()
            .stack_name(stack_id)
            .enable_termination_protection(on)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify("cloudformation:UpdateTerminationProtection", e))
    }

    async fn drop_change_set(&self, stack_id: &str, name: &str) {
        // Best effort: a leftover change set costs nothing and is listed by the console.
        let _ = self
            .aws
            .cfn
            .delete_change_set()
            .stack_name(stack_id)
            .change_set_name(name)
            .send()
            .await;
    }

    async fn existing(&self, stack: &Stack) -> Result<Deployed, DeployError> {
        let Some(current) = deployed(self.aws, &stack.stack_name).await? else {
            return Err(DeployError::Refused(format!(
                "stack {} does not exist; create it with `hydrate stack create {}` (or `deploy`)",
                stack.stack_name, stack.key
            )));
        };
        if failed_creation(&current.status) {
            return Err(DeployError::RollbackComplete {
                key: stack.key.clone(),
                stack_name: stack.stack_name.clone(),
                status: current.status,
            });
        }
        if current.status.ends_with("_IN_PROGRESS") {
            return Err(DeployError::Refused(format!(
                "stack {} is busy ({}); wait for it with `hydrate stack events --follow {}`",
                stack.stack_name, current.status, stack.key
            )));
        }
        Ok(current)
    }

    /// Updates the stack through a change set; asks before destroying data unless `yes`.
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
        let risky: Vec<&Change> = changes
            .iter()
            .filter(|c| c.destroys() && DATA_HOLDING_TYPES.contains(&c.resource_type.as_str()))
            .collect();
        if !risky.is_empty() && !self.options.yes {
            let list: Vec<String> = risky
                .iter()
                .map(|c| {
                    format!(
                        "{} {} ({})",
                        if c.action == "Remove" {
                            "remove"
                        } else {
                            "replace"
                        },
                        c.logical_id,
                        c.resource_type
                    )
                })
                .collect();
            let question = format!("this update would {}; go ahead?", list.join(", "));
            if !self.reporter.confirm(&question) {
                self.drop_change_set(&current.id, &name).await;
                return Err(DeployError::Refused(format!(
                    "not updated: the change would {} and was not confirmed (re-run with --yes to accept)",
                    list.join(", ")
                )));
            }
        }
        let marker = latest_event_id(self.aws, &current.id).await?;
        self.step(stack, format!("executing change set {name}"));
        self.aws
            .cfn
            .execute_change_set()
            .stack_name(&current.id)
            .change_set_name(&name)
            .send()
            .await
            .map_err(|e| classify("cloudformation:ExecuteChangeSet", e))?;
        let settled = wait(
            self.aws,
            &stack.key,
            &stack.stack_name,
            &current.id,
            marker,
            self.reporter,
        )
        .await?;
        self.finish(stack, settled, "UPDATE_COMPLETE", Action::Updated)
    }

    /// Creates the stack if it does not exist, else updates it.
    pub async fn deploy(&self, stack: &Stack) -> Result<Outcome, DeployError> {
        match deployed(self.aws, &stack.stack_name).await? {
            Some(current) if !failed_creation(&current.status) || !self.options.replace_failed => {
                self.update(stack).await
            }
            _ => self.create(stack).await,
        }
    }

    /// The changes a deploy would make, without making them.
    pub async fn diff(&self, stack: &Stack) -> Result<Vec<Change>, DeployError> {
        let Some(current) = deployed(self.aws, &stack.stack_name).await? else {
            let template: serde_json::Value =
                serde_json::from_str(&stack.template_body).unwrap_or_default();
            return Ok(template["Resources"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(id, r)| Change {
                    action: "Add".to_owned(),
                    logical_id: id.clone(),
                    resource_type: r["Type"].as_str().unwrap_or_default().to_owned(),
                    replacement: None,
                })
                .collect());
        };
        let current = Deployed { ..current };
        match self.change_set(stack, &current).await? {
            Some((name, changes)) => {
                self.drop_change_set(&current.id, &name).await;
                Ok(changes)
            }
            None => Ok(Vec::new()),
        }
    }

    /// Deletes a stack hydrate created, after the person types its name (or `yes`).
    pub async fn delete(&self, stack: &Stack) -> Result<Outcome, DeployError> {
        let Some(current) = deployed(self.aws, &stack.stack_name).await? else {
            return Ok(Outcome {
                key: stack.key.clone(),
                stack_name: stack.stack_name.clone(),
                action: Action::Absent,
                status: "DELETE_COMPLETE".to_owned(),
                notes: vec![format!(
                    "there is no stack {}; nothing to delete",
                    stack.stack_name
                )],
            });
        };
        if current.tags.get(MANAGED_BY_KEY).map(String::as_str) != Some(MANAGED_BY_VALUE) {
            return Err(DeployError::Refused(format!(
                "stack {} was not created by hydrate (it has no {MANAGED_BY_KEY} tag); delete it with the tool that made it",
                stack.stack_name
            )));
        }
        if current.protected && !self.options.force {
            return Err(DeployError::Refused(format!(
                "stack {} has termination protection; re-run with --force to turn it off and delete it",
                stack.stack_name
            )));
        }
        if !self.options.yes
            && !self.reporter.confirm_typed(
                &format!(
                    "delete stack {}? Type its name to confirm",
                    stack.stack_name
                ),
                &stack.stack_name,
            )
        {
            return Err(DeployError::Refused(format!(
                "stack {} was not deleted",
                stack.stack_name
            )));
        }
        if current.protected {
            self.step(stack, "turning termination protection off");
            self.protect(&current.id, false).await?;
        }
        let retained = self.retained(stack, &current.id).await?;
        self.step(stack, format!("deleting stack {}", stack.stack_name));
        let settled = self.delete_and_wait(stack, &current.id).await?;
        let mut outcome = self.finish(stack, settled, "DELETE_COMPLETE", Action::Deleted)?;
        for note in retained {
            self.reporter.report(Progress::Note {
                stack: stack.key.clone(),
                message: note.clone(),
            });
            outcome.notes.push(note);
        }
        Ok(outcome)
    }
}
