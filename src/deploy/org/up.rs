//! `org up`: per baseline, in parallel (bounded), the stack set created or updated when it differs
//! (the template uploaded first), then instances for the regions where a reached account lacks one
//! and the removal of regions no longer listed, each operation waited on; then the per-account rows.
//! A baseline that matches makes no write call, not even the upload.

use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use serde::Serialize;

use super::api::{OrgCloud, StackSetWrite, Targets};
use super::error::OrgError;
use super::operation::{operation_id, Watch};
use super::plan::{dropped_regions, lacking_regions, set_change, template_key, SetChange};
use super::rows::{rows, Row};
use super::spec::{OrgSpec, StackSetSpec};
use super::targets::{resolve, Resolved, Skipped};
use crate::deploy::interrupt::Interrupt;
use crate::deploy::progress::{Progress, Reporter};

/// What `org` works with.
pub struct Org<'a> {
    /// The calls.
    pub cloud: &'a dyn OrgCloud,
    /// What to make true.
    pub spec: &'a OrgSpec,
    /// The account the credentials are (templates go under its id in the bucket).
    pub caller_account: String,
    /// Where progress goes.
    pub reporter: &'a dyn Reporter,
    /// What stops watching.
    pub interrupt: &'a Interrupt,
    /// The longest wait on one operation.
    pub limit: Duration,
    /// The `--org` value, for advice.
    pub org: String,
    /// How many baselines at once.
    pub jobs: usize,
}

/// What happened to a stack set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", content = "what", rename_all = "snake_case")]
pub enum SetAction {
    /// It was created.
    Created,
    /// It was updated, for these differences.
    Updated(Vec<String>),
    /// It already matched.
    Unchanged,
}

/// One baseline's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetOutcome {
    /// The baseline.
    pub baseline: String,
    /// The stack set.
    pub stack_set: String,
    /// What happened to the stack set itself.
    pub action: SetAction,
    /// The operations run, in order, with their final status.
    pub operations: Vec<(String, String)>,
    /// The accounts × regions.
    pub rows: Vec<Row>,
    /// Accounts under the OUs that get no instance.
    pub skipped: Vec<Skipped>,
}

impl SetOutcome {
    /// Whether anything failed: an instance, or an operation.
    pub fn failed(&self) -> bool {
        self.rows.iter().any(Row::failed) || self.operations.iter().any(|(_, s)| s != "SUCCEEDED")
    }
}

impl Org<'_> {
    /// The waiting half.
    pub fn watch(&self) -> Watch<'_> {
        Watch {
            cloud: self.cloud,
            call_as: self.spec.call_as,
            reporter: self.reporter,
            interrupt: self.interrupt,
            limit: self.limit,
            org: &self.org,
        }
    }

    /// Says a step of a baseline.
    pub fn step(&self, baseline: &str, message: impl Into<String>) {
        self.reporter.report(Progress::Step {
            stack: baseline.to_owned(),
            message: message.into(),
        });
    }

    /// Says a note of a baseline.
    pub fn note(&self, baseline: &str, message: impl Into<String>) {
        self.reporter.report(Progress::Note {
            stack: baseline.to_owned(),
            message: message.into(),
        });
    }

    /// The accounts a stack set's OUs reach now (child OUs included), and those skipped.
    pub(super) async fn reach(&self, set: &StackSetSpec) -> Result<Resolved, OrgError> {
        resolve(
            self.cloud,
            &set.baseline,
            &set.ous,
            &self.spec.management_account_id,
        )
        .await
    }

    /// Runs `one` for every baseline, `jobs` at once, results in the file's order.
    pub async fn each<'s, F, T>(&'s self, one: F) -> Vec<(String, Result<T, OrgError>)>
    where
        F: Fn(&'s StackSetSpec) -> futures_util::future::BoxFuture<'s, Result<T, OrgError>>,
    {
        stream::iter(self.spec.stack_sets.iter())
            .map(|set| {
                let run = one(set);
                async move { (set.baseline.clone(), run.await) }
            })
            .buffered(self.jobs.max(1))
            .collect()
            .await
    }

    /// `org up` for every baseline.
    pub async fn up(&self) -> Vec<(String, Result<SetOutcome, OrgError>)> {
        self.each(|set| Box::pin(self.up_one(set))).await
    }

    /// Refuses to start a write after a Ctrl-C: the first one stops new work, as in `up`.
    /// `again` is the `org` command that goes on.
    pub(super) fn go_on(
        &self,
        set: &StackSetSpec,
        before: impl Into<String>,
        again: &str,
    ) -> Result<(), OrgError> {
        if self.interrupt.has_fired() {
            return Err(OrgError::Stopped {
                baseline: set.baseline.clone(),
                before: before.into(),
                again: again.to_owned(),
                org: self.org.clone(),
            });
        }
        Ok(())
    }

    /// Uploads the template; the URL to send.
    async fn upload(&self, set: &StackSetSpec) -> Result<String, OrgError> {
        let bucket = &self.spec.template_bucket;
        let key = template_key(&self.caller_account, &set.name, &set.body);
        self.step(
            &set.baseline,
            format!("uploading template to s3://{bucket}/{key}"),
        );
        self.cloud
            .upload(bucket, &key, &set.body)
            .await
            .map_err(|e| {
                if e.code() == Some("NoSuchBucket") {
                    OrgError::NoTemplateBucket {
                        bucket: bucket.clone(),
                    }
                } else {
                    e.into()
                }
            })
    }

    fn write(&self, set: &StackSetSpec, template_url: String, what: &str) -> StackSetWrite {
        StackSetWrite {
            name: set.name.clone(),
            template_url,
            parameters: set.parameters.clone(),
            capabilities: set.capabilities.clone(),
            tags: set.tags.clone(),
            auto_deployment: set.auto_deployment,
            preferences: set.preferences.clone(),
            operation_id: operation_id(what),
        }
    }

    /// Waits on an operation and records it; a failed one is said with AWS's reason.
    async fn settle(
        &self,
        set: &StackSetSpec,
        id: String,
        ops: &mut Vec<(String, String)>,
    ) -> Result<(), OrgError> {
        let state = self.watch().wait(&set.baseline, &set.name, &id).await?;
        if state.status != "SUCCEEDED" {
            let why = state.reason.map(|r| format!(": {r}")).unwrap_or_default();
            self.note(
                &set.baseline,
                format!("operation {id} ended {}{why}", state.status),
            );
        }
        ops.push((id, state.status));
        Ok(())
    }

    async fn up_one(&self, set: &StackSetSpec) -> Result<SetOutcome, OrgError> {
        let call_as = self.spec.call_as;
        let reached = self.reach(set).await?;
        for s in &reached.skipped {
            self.note(
                &set.baseline,
                format!("skipping account {} in {}: {}", s.id, s.ou, s.why),
            );
        }
        let state = self.cloud.stack_set(&set.name, call_as).await?;
        let mut ops = Vec::new();
        let action = match set_change(state.as_ref(), set) {
            SetChange::Create => {
                self.go_on(set, format!("creating stack set {}", set.name), "up")?;
                let url = self.upload(set).await?;
                self.step(&set.baseline, format!("creating stack set {}", set.name));
                let write = self.write(set, url, "create");
                self.cloud.create_stack_set(&write, call_as).await?;
                SetAction::Created
            }
            SetChange::Update(what) => {
                self.go_on(set, format!("updating stack set {}", set.name), "up")?;
                let url = self.upload(set).await?;
                self.step(
                    &set.baseline,
                    format!("updating stack set {} ({})", set.name, what.join(", ")),
                );
                let write = self.write(set, url, "update");
                let id = self.cloud.update_stack_set(&write, call_as).await?;
                self.settle(set, id, &mut ops).await?;
                SetAction::Updated(what.into_iter().map(str::to_owned).collect())
            }
            SetChange::Same => {
                self.step(&set.baseline, format!("stack set {} up to date", set.name));
                SetAction::Unchanged
            }
        };
        let instances = self.cloud.instances(&set.name, call_as).await?;
        let lacking = lacking_regions(&instances, &reached.accounts, &set.regions);
        if !lacking.is_empty() {
            self.go_on(
                set,
                format!("creating instances in {}", lacking.join(", ")),
                "up",
            )?;
            self.step(
                &set.baseline,
                format!(
                    "creating instances in {} for {} OU(s)",
                    lacking.join(", "),
                    reached.ous.len()
                ),
            );
            let targets = Targets {
                stack_set: set.name.clone(),
                ous: reached.ous.clone(),
                regions: lacking,
                preferences: set.preferences.clone(),
                operation_id: operation_id("instances"),
            };
            let id = self.cloud.create_instances(&targets, call_as).await?;
            self.settle(set, id, &mut ops).await?;
        }
        let dropped = dropped_regions(&instances, &set.regions);
        if !dropped.is_empty() {
            self.go_on(
                set,
                format!("deleting instances in {}", dropped.join(", ")),
                "up",
            )?;
            self.step(
                &set.baseline,
                format!(
                    "deleting instances in {} (no longer listed)",
                    dropped.join(", ")
                ),
            );
            let mut ous = reached.ous.clone();
            let known = instances.iter().filter_map(|i| i.ou.clone());
            for ou in known.chain(state.iter().flat_map(|s| s.ous.clone())) {
                if !ous.contains(&ou) {
                    ous.push(ou);
                }
            }
            let targets = Targets {
                stack_set: set.name.clone(),
                ous,
                regions: dropped,
                preferences: set.preferences.clone(),
                operation_id: operation_id("remove"),
            };
            let id = self.cloud.delete_instances(&targets, call_as).await?;
            self.settle(set, id, &mut ops).await?;
        }
        let instances = if ops.is_empty() {
            instances
        } else {
            self.cloud.instances(&set.name, call_as).await?
        };
        let mut results = Vec::new();
        for (id, _) in &ops {
            results.extend(self.cloud.operation_results(&set.name, id, call_as).await?);
        }
        Ok(SetOutcome {
            baseline: set.baseline.clone(),
            stack_set: set.name.clone(),
            action,
            operations: ops,
            rows: rows(&instances, &results, &reached.accounts, &set.regions),
            skipped: reached.skipped,
        })
    }
}
