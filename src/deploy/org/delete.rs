//! `org delete`: per baseline, every instance deleted (through the OUs they were deployed to, in
//! every region that has one), the operation waited on, then the empty stack set deleted. Resources
//! the template retains (audit buckets, keys, log groups) stay in each account.

use serde::Serialize;

use super::api::Targets;
use super::error::OrgError;
use super::operation::operation_id;
use super::spec::StackSetSpec;
use super::up::Org;

/// What `org delete` did to one baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetDeleted {
    /// The baseline.
    pub baseline: String,
    /// The stack set.
    pub stack_set: String,
    /// Whether there was a stack set to delete.
    pub existed: bool,
    /// How many instances there were.
    pub instances: usize,
    /// The instances still there after the delete operation (the stack set is then kept).
    pub remaining: Vec<(String, String)>,
    /// The delete operation and its final status, when one ran.
    pub operation: Option<(String, String)>,
    /// Whether the stack set itself is gone.
    pub deleted: bool,
}

impl SetDeleted {
    /// Whether something is left that should not be.
    pub fn failed(&self) -> bool {
        self.existed && !self.deleted
    }
}

impl Org<'_> {
    /// `org delete` for every baseline.
    pub async fn delete(&self) -> Vec<(String, Result<SetDeleted, OrgError>)> {
        self.each(|set| Box::pin(self.delete_one(set))).await
    }

    async fn delete_one(&self, set: &StackSetSpec) -> Result<SetDeleted, OrgError> {
        let call_as = self.spec.call_as;
        let mut out = SetDeleted {
            baseline: set.baseline.clone(),
            stack_set: set.name.clone(),
            existed: false,
            instances: 0,
            remaining: Vec::new(),
            operation: None,
            deleted: false,
        };
        let Some(state) = self.cloud.stack_set(&set.name, call_as).await? else {
            self.step(
                &set.baseline,
                format!("stack set {} is not there", set.name),
            );
            return Ok(out);
        };
        out.existed = true;
        let instances = self.cloud.instances(&set.name, call_as).await?;
        out.instances = instances.len();
        if !instances.is_empty() {
            let reached = self.reach(set).await?;
            let mut ous = reached.ous;
            let known = instances.iter().filter_map(|i| i.ou.clone());
            for ou in known.chain(state.ous.iter().cloned()) {
                if !ous.contains(&ou) {
                    ous.push(ou);
                }
            }
            let mut regions: Vec<String> = instances.iter().map(|i| i.region.clone()).collect();
            regions.sort();
            regions.dedup();
            self.step(
                &set.baseline,
                format!(
                    "deleting {} instance(s) in {}",
                    instances.len(),
                    regions.join(", ")
                ),
            );
            let targets = Targets {
                stack_set: set.name.clone(),
                ous,
                regions,
                preferences: set.preferences.clone(),
                operation_id: operation_id("delete"),
            };
            self.go_on(set, "deleting its instances", "delete")?;
            let id = self.cloud.delete_instances(&targets, call_as).await?;
            let state = self.watch().wait(&set.baseline, &set.name, &id).await?;
            out.operation = Some((id, state.status));
            out.remaining = self
                .cloud
                .instances(&set.name, call_as)
                .await?
                .into_iter()
                .map(|i| (i.account, i.region))
                .collect();
        }
        if out.remaining.is_empty() {
            self.go_on(set, format!("deleting stack set {}", set.name), "delete")?;
            self.step(&set.baseline, format!("deleting stack set {}", set.name));
            self.cloud.delete_stack_set(&set.name, call_as).await?;
            out.deleted = true;
        } else {
            self.note(
                &set.baseline,
                format!(
                    "{} instance(s) remain after the delete operation; stack set {} is kept",
                    out.remaining.len(),
                    set.name
                ),
            );
        }
        Ok(out)
    }
}
