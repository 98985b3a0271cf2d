//! What `org up` would change in one stack set, decided from reads only (pure): create or update
//! the stack set (and what differs), the regions where a reached account lacks an instance, the
//! regions no longer listed. A stack set that matches makes no write at all.

use std::collections::BTreeSet;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::api::{Instance, StackSetState};
use super::spec::StackSetSpec;
use super::targets::Reached;
use crate::cfn::required_capabilities;

/// What happens to the stack set itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetChange {
    /// It does not exist.
    Create,
    /// It differs in these (template, parameters, capabilities, tags, auto-deployment).
    Update(Vec<&'static str>),
    /// It matches.
    Same,
}

/// Two bodies mean the same template: equal JSON, whatever the spacing (AWS may hand back the
/// body reformatted); byte-equal when either is not JSON.
fn same_body(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<Value>(a),
        serde_json::from_str::<Value>(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn same_set<T: Ord + Clone>(a: &[T], b: &[T]) -> bool {
    a.iter().cloned().collect::<BTreeSet<T>>() == b.iter().cloned().collect::<BTreeSet<T>>()
}

/// Whether the capabilities differ in a way an update would change. Capabilities are not a
/// property of what is deployed but an acknowledgement sent with a write, and CloudFormation
/// refuses a CreateStackSet or UpdateStackSet whose template needs one it was not given
/// (InsufficientCapabilities). So when the deployed template is ours and it needs capabilities,
/// those were acknowledged when it was written: a describe that reports none (moto never reports
/// them) proves nothing is missing, and updating would change nothing in any account. Reported
/// capabilities that differ from ours are compared as they are, and with another template the
/// update goes out anyway and sends ours.
fn capabilities_differ(state: &StackSetState, spec: &StackSetSpec) -> bool {
    if same_set(&state.capabilities, &spec.capabilities) {
        return false;
    }
    let needs_some = serde_json::from_str::<Value>(&spec.body)
        .map(|body| !required_capabilities(&body).is_empty())
        .unwrap_or(false);
    !(state.capabilities.is_empty() && needs_some && same_body(&state.body, &spec.body))
}

/// What happens to the stack set, from what `DescribeStackSet` said.
pub fn set_change(state: Option<&StackSetState>, spec: &StackSetSpec) -> SetChange {
    let Some(state) = state else {
        return SetChange::Create;
    };
    let mut differs = Vec::new();
    if !same_body(&state.body, &spec.body) {
        differs.push("template");
    }
    if !same_set(&state.parameters, &spec.parameters) {
        differs.push("parameters");
    }
    if capabilities_differ(state, spec) {
        differs.push("capabilities");
    }
    if !same_set(&state.tags, &spec.tags) {
        differs.push("tags");
    }
    // Only compared when reported: an endpoint that does not keep it (moto) would otherwise be
    // updated on every run. AWS reports it for every SERVICE_MANAGED stack set.
    if state
        .auto_deployment
        .is_some_and(|a| a != spec.auto_deployment)
    {
        differs.push("auto-deployment");
    }
    if differs.is_empty() {
        SetChange::Same
    } else {
        SetChange::Update(differs)
    }
}

/// The listed regions where some reached account has no instance, in the listed order.
pub fn lacking_regions(
    instances: &[Instance],
    reached: &[Reached],
    regions: &[String],
) -> Vec<String> {
    regions
        .iter()
        .filter(|region| {
            reached.iter().any(|a| {
                !instances
                    .iter()
                    .any(|i| i.account == a.id && &i.region == *region)
            })
        })
        .cloned()
        .collect()
}

/// The regions that have instances but are no longer listed.
pub fn dropped_regions(instances: &[Instance], regions: &[String]) -> Vec<String> {
    instances
        .iter()
        .map(|i| i.region.clone())
        .filter(|r| !regions.contains(r))
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect()
}

/// Where a stack set's template is uploaded: `<caller account>/stacksets/<stack set>/<sha256>.json`,
/// once per content, so a running operation's template is never overwritten.
pub fn template_key(account: &str, stack_set: &str, body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{account}/stacksets/{stack_set}/{hex}.json")
}
