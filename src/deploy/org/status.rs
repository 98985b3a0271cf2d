//! `org status` and `org diff`, read-only: per baseline its instances (OUTDATED and INOPERABLE ones
//! among them, each with its drift as of the last detection), every reached account × region
//! without an instance as MISSING (never claimed covered, auto-deployment or not), and what
//! `org up` would change: the template diff and the accounts × regions it would create, update or
//! delete. `org status --drift` first runs a drift detection (an operation that changes no
//! resource), waited on like the others.

use serde::Serialize;
use serde_json::Value;

use super::api::{Instance, StackSetState, Targets};
use super::error::OrgError;
use super::operation::operation_id;
use super::plan::{dropped_regions, lacking_regions, set_change, SetChange};
use super::rows::{rows, Row, MISSING};
use super::spec::StackSetSpec;
use super::targets::{Resolved, Skipped};
use super::up::Org;
use crate::cfn::diff::{template_diff, PropertyChange};

/// One baseline as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetStatus {
    /// The baseline.
    pub baseline: String,
    /// The stack set.
    pub stack_set: String,
    /// Whether the stack set exists.
    pub deployed: bool,
    /// What differs from the organization directory (empty when it matches).
    pub differs: Vec<String>,
    /// Whether AWS deploys to accounts that join a targeted OU.
    pub auto_deployment: bool,
    /// The accounts × regions.
    pub rows: Vec<Row>,
    /// Accounts under the OUs that get no instance.
    pub skipped: Vec<Skipped>,
    /// The drift detection this run made (`--drift`): its operation id and final status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drift_detection: Option<(String, String)>,
}

impl SetStatus {
    /// How many reached accounts × regions have no instance.
    pub fn missing(&self) -> usize {
        self.rows.iter().filter(|r| r.status == MISSING).count()
    }

    /// How many instances the last drift detection found drifted.
    pub fn drifted(&self) -> usize {
        self.rows.iter().filter(|r| r.drifted()).count()
    }

    /// Whether the status is not clean: an instance failed, is missing or drifted, or this run's
    /// drift detection did not succeed.
    pub fn failed(&self) -> bool {
        self.rows.iter().any(|r| r.failed() || r.drifted())
            || self
                .drift_detection
                .as_ref()
                .is_some_and(|(_, status)| status != "SUCCEEDED")
    }
}

/// What `org up` would do to one baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetDiff {
    /// The baseline.
    pub baseline: String,
    /// The stack set.
    pub stack_set: String,
    /// `create`, `update` or `none`.
    pub action: String,
    /// What differs.
    pub differs: Vec<String>,
    /// The template's changes, property by property.
    pub template: Vec<PropertyChange>,
    /// Accounts × regions that would get an instance.
    pub create: Vec<(String, String)>,
    /// Existing instances the update would run on.
    pub update: Vec<(String, String)>,
    /// Instances that would be deleted (regions no longer listed).
    pub delete: Vec<(String, String)>,
}

fn differs(change: &SetChange) -> Vec<String> {
    match change {
        SetChange::Create => vec!["not deployed".to_owned()],
        SetChange::Update(what) => what.iter().map(|w| (*w).to_owned()).collect(),
        SetChange::Same => Vec::new(),
    }
}

impl Org<'_> {
    /// `org status` for every baseline.
    pub async fn status(&self) -> Vec<(String, Result<SetStatus, OrgError>)> {
        self.each(|set| Box::pin(self.status_one(set, false))).await
    }

    /// `org status --drift`: a drift detection on every deployed stack set, then its status, each
    /// instance with the drift just found.
    pub async fn drift_status(&self) -> Vec<(String, Result<SetStatus, OrgError>)> {
        self.each(|set| Box::pin(self.status_one(set, true))).await
    }

    /// Runs `DetectStackSetDrift` and waits on it; the operation's id and final status.
    async fn detect_drift(&self, set: &StackSetSpec) -> Result<(String, String), OrgError> {
        let what = format!("detecting drift on stack set {}", set.name);
        self.go_on(set, what, "status --drift")?;
        self.step(
            &set.baseline,
            format!("detecting drift on stack set {}", set.name),
        );
        let targets = Targets {
            stack_set: set.name.clone(),
            preferences: set.preferences.clone(),
            operation_id: operation_id("drift"),
            ..Targets::default()
        };
        let id = self.cloud.detect_drift(&targets, self.spec.call_as).await?;
        let state = self.watch().wait(&set.baseline, &set.name, &id).await?;
        if state.status != "SUCCEEDED" {
            let why = state.reason.map(|r| format!(": {r}")).unwrap_or_default();
            self.note(
                &set.baseline,
                format!("drift detection {id} ended {}{why}", state.status),
            );
        }
        Ok((id, state.status))
    }

    /// `org diff` for every baseline.
    pub async fn diff(&self) -> Vec<(String, Result<SetDiff, OrgError>)> {
        self.each(|set| Box::pin(self.diff_one(set))).await
    }

    /// What `status` and `diff` both read: the accounts reached, the stack set, its instances.
    async fn read(
        &self,
        set: &StackSetSpec,
    ) -> Result<(Resolved, Option<StackSetState>, Vec<Instance>), OrgError> {
        let call_as = self.spec.call_as;
        let reached = self.reach(set).await?;
        let state = self.cloud.stack_set(&set.name, call_as).await?;
        let instances = match state {
            Some(_) => self.cloud.instances(&set.name, call_as).await?,
            None => Vec::new(),
        };
        Ok((reached, state, instances))
    }

    async fn status_one(&self, set: &StackSetSpec, drift: bool) -> Result<SetStatus, OrgError> {
        let (reached, state, mut instances) = self.read(set).await?;
        let mut drift_detection = None;
        if drift && state.is_some() {
            drift_detection = Some(self.detect_drift(set).await?);
            instances = self.cloud.instances(&set.name, self.spec.call_as).await?;
        }
        Ok(SetStatus {
            baseline: set.baseline.clone(),
            stack_set: set.name.clone(),
            deployed: state.is_some(),
            differs: differs(&set_change(state.as_ref(), set)),
            auto_deployment: set.auto_deployment.enabled,
            rows: rows(&instances, &[], &reached.accounts, &set.regions),
            skipped: reached.skipped,
            drift_detection,
        })
    }

    async fn diff_one(&self, set: &StackSetSpec) -> Result<SetDiff, OrgError> {
        let (reached, state, instances) = self.read(set).await?;
        let change = set_change(state.as_ref(), set);
        let new: Value = serde_json::from_str(&set.body).unwrap_or(Value::Null);
        let old: Option<Value> = state
            .as_ref()
            .and_then(|s| serde_json::from_str(&s.body).ok());
        let lacking = lacking_regions(&instances, &reached.accounts, &set.regions);
        let dropped = dropped_regions(&instances, &set.regions);
        let create = reached
            .accounts
            .iter()
            .flat_map(|a| lacking.iter().map(move |r| (a.id.clone(), r.clone())))
            .filter(|(a, r)| !instances.iter().any(|i| &i.account == a && &i.region == r))
            .collect();
        // An update of the template, parameters or capabilities runs on every instance.
        let reaches_instances = matches!(&change, SetChange::Update(what)
            if what.iter().any(|w| matches!(*w, "template" | "parameters" | "capabilities")));
        let update = instances
            .iter()
            .filter(|i| reaches_instances && set.regions.contains(&i.region))
            .map(|i| (i.account.clone(), i.region.clone()))
            .collect();
        let delete = instances
            .iter()
            .filter(|i| dropped.contains(&i.region))
            .map(|i| (i.account.clone(), i.region.clone()))
            .collect();
        Ok(SetDiff {
            baseline: set.baseline.clone(),
            stack_set: set.name.clone(),
            action: match change {
                SetChange::Create => "create",
                SetChange::Update(_) => "update",
                SetChange::Same => "none",
            }
            .to_owned(),
            differs: differs(&change),
            template: template_diff(old.as_ref(), &new),
            create,
            update,
            delete,
        })
    }
}
