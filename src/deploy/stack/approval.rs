//! The approval gate: before a change set runs, the access delta is reported and a change that
//! broadens access or destroys data (or, with `any-change`, every change) needs a person's yes —
//! asked on a terminal, refused without one unless `--yes`.

use serde_json::Value;

use super::Deployer;
use crate::cfn::{snapshots, DATA_HOLDING_TYPES, FINDINGS_TYPES};
use crate::check::{access_delta, AccessChange};
use crate::deploy::cloud::Deployed;
use crate::deploy::error::DeployError;
use crate::deploy::progress::{Change, ChangeAction, Progress};
use crate::params::Stack;

/// Which changes need approval before they run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Approval {
    /// None: never ask.
    Never,
    /// Those that widen access (any gain in the delta) or replace or remove a data-holding resource.
    #[default]
    Broadening,
    /// Every change.
    AnyChange,
}

/// The destroying changes of data- or findings-holding resources, `replace TrailBucket
/// (AWS::S3::Bucket)`.
pub(super) fn data_loss(changes: &[Change]) -> Vec<String> {
    let holds = |t: &str| DATA_HOLDING_TYPES.contains(&t) || FINDINGS_TYPES.contains(&t);
    changes
        .iter()
        .filter(|c| c.destroys() && holds(&c.resource_type))
        .map(|c| {
            let verb = if c.action == ChangeAction::Remove {
                "remove"
            } else {
                "replace"
            };
            format!("{verb} {} ({})", c.logical_id, c.resource_type)
        })
        .collect()
}

/// The policies under which a resource's data outlives its deletion or replacement (`Snapshot`
/// only where [`snapshots`] says the type has one).
const KEEPING: &[&str] = &["Retain", "RetainExceptOnCreate"];

/// The data-holding resources the deployed template keeps on delete or replacement and the new
/// one no longer does: no change set shows this (a policy is not a property), yet after it the
/// next delete or replacement destroys the data.
fn unretained(deployed: Option<&Value>, stack: &Stack) -> Vec<String> {
    let Some(deployed) = deployed else {
        return Vec::new();
    };
    let new = stack.template.json();
    let keeps = |r: &Value, policy: &str| {
        r[policy].as_str().is_some_and(|p| {
            KEEPING.contains(&p) || (p == "Snapshot" && snapshots(r["Type"].as_str().unwrap_or("")))
        })
    };
    stack
        .template
        .data_holding()
        .filter_map(|r| {
            let was = &deployed["Resources"][&r.logical_id];
            let now = &new["Resources"][&r.logical_id];
            let dropped: Vec<&str> = ["DeletionPolicy", "UpdateReplacePolicy"]
                .into_iter()
                .filter(|policy| keeps(was, policy) && !keeps(now, policy))
                .collect();
            (!dropped.is_empty()).then(|| {
                format!(
                    "stop retaining {} ({}: {} no longer Retain)",
                    r.logical_id,
                    r.resource_type,
                    dropped.join(" and ")
                )
            })
        })
        .collect()
}

impl Deployer<'_> {
    /// The deployed template of a stack as JSON; none when not deployed (or not JSON).
    async fn deployed_json(
        &self,
        current: Option<&Deployed>,
    ) -> Result<Option<Value>, DeployError> {
        Ok(match current {
            Some(c) => serde_json::from_str(&self.cloud.get_template(&c.id).await?).ok(),
            None => None,
        })
    }

    fn delta(&self, stack: &Stack, deployed: Option<&Value>) -> Vec<AccessChange> {
        let vars = &self.account.vars;
        access_delta(
            &stack.key,
            deployed,
            stack.template.json(),
            &vars.id,
            &vars.region,
        )
    }

    /// The access delta of a stack: its deployed template (none when not deployed) against the
    /// one it would deploy now.
    pub async fn access(
        &self,
        stack: &Stack,
        current: Option<&Deployed>,
    ) -> Result<Vec<AccessChange>, DeployError> {
        let deployed = self.deployed_json(current).await?;
        Ok(self.delta(stack, deployed.as_ref()))
    }

    async fn drop_refused(&self, stack_id: &str, name: Option<&str>) {
        if let Some(name) = name {
            self.drop_change_set(stack_id, name).await;
        }
    }

    /// Reports the access delta, then lets a change set run only when it needs no approval,
    /// `--yes` was given, or the person says yes; else says why, dropping the change set `drop`
    /// (none for one the person kept, so that they can run it again with `--yes`).
    pub(super) async fn approve(
        &self,
        stack: &Stack,
        current: &Deployed,
        drop: Option<&str>,
        changes: &[Change],
    ) -> Result<(), DeployError> {
        let deployed = self.deployed_json(Some(current)).await?;
        let delta = self.delta(stack, deployed.as_ref());
        self.reporter.report(Progress::AccessDelta {
            stack: stack.key.clone(),
            changes: delta.clone(),
        });
        let mut risky = data_loss(changes);
        risky.extend(unretained(deployed.as_ref(), stack));
        let gains = delta.iter().filter(|c| c.is_gain()).count();
        let mut reasons = Vec::new();
        if gains > 0 {
            reasons.push(format!("widen access ({gains} gain(s), listed above)"));
        }
        reasons.extend(risky.iter().cloned());
        let needed = match self.options.require_approval {
            Approval::Never => false,
            Approval::Broadening => !reasons.is_empty(),
            Approval::AnyChange => true,
        };
        if !needed || self.options.yes {
            return Ok(());
        }
        if reasons.is_empty() {
            reasons.push(format!("make {} change(s)", changes.len()));
        }
        let reasons = reasons.join(", ");
        if !self.reporter.can_ask() {
            self.drop_refused(&current.id, drop).await;
            return Err(DeployError::NeedsApproval {
                stack_name: stack.stack_name.clone(),
                reasons,
            });
        }
        if self.reporter.confirm(&format!(
            "{}: this update would {reasons}; apply?",
            stack.key
        )) {
            return Ok(());
        }
        self.drop_refused(&current.id, drop).await;
        Err(if risky.is_empty() {
            DeployError::NotApproved {
                stack_name: stack.stack_name.clone(),
                reasons,
            }
        } else {
            DeployError::DataLossNotConfirmed {
                stack_name: stack.stack_name.clone(),
                changes: risky.join(", "),
            }
        })
    }
}
