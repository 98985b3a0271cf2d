//! The access delta of a stack update: per principal (role, group, resource policy), what the
//! new template allows that the deployed one did not (a gain) and the reverse (a loss), from
//! the rendered IAM with intrinsics resolved, decided by the local evaluator.

mod compare;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::identities::{identities, Identity};
use super::resolve::Resolver;
use crate::iam::eval::NamedPolicy;
use compare::{allowed_only_by, denied_only_by};

/// Whether a principal gains or loses access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The new template allows more.
    Gain,
    /// The new template allows less.
    Loss,
}

/// One change in access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessChange {
    /// The stack (template) name.
    pub stack: String,
    /// `<stack>.<logical id>` of the role, group or resource policy.
    pub principal: String,
    /// Gain or loss.
    pub change: Direction,
    /// What, e.g. `s3:DeleteObject on arn:aws:s3:::b/*` or `no longer denied: Deny Sid s3:X`.
    pub what: String,
}

impl AccessChange {
    /// True for a gain: the change broadens access.
    pub fn is_gain(&self) -> bool {
        self.change == Direction::Gain
    }

    /// The line people read: `+ iamSetup.DeveloperRole s3:DeleteObject on …`.
    pub fn line(&self) -> String {
        let sign = match self.change {
            Direction::Gain => '+',
            Direction::Loss => '-',
        };
        format!("{sign} {} {}", self.principal, self.what)
    }
}

/// The policies of one principal, by kind.
#[derive(Default)]
struct Principal {
    /// Identity policies (inline and attached customer-managed).
    identity: Vec<NamedPolicy>,
    /// A role's trust policy, or a resource policy: asked as the principals it names.
    resource: Vec<NamedPolicy>,
}

/// The resource policies of a template by logical id: bucket, topic and key policies.
fn resource_policies(
    stack: &str,
    template: &Value,
    account: &str,
    region: &str,
) -> Vec<(String, NamedPolicy)> {
    let r = Resolver::new(template, account, region).in_stack(&format!("hydrate-{stack}"));
    let resources = template["Resources"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    resources
        .iter()
        .filter_map(|(id, res)| {
            let field = match res["Type"].as_str().unwrap_or_default() {
                "AWS::S3::BucketPolicy" | "AWS::SNS::TopicPolicy" => "PolicyDocument",
                "AWS::KMS::Key" => "KeyPolicy",
                _ => return None,
            };
            let document = r.resolve(&res["Properties"][field]);
            let name = format!("{stack}.{id}");
            Some((name.clone(), NamedPolicy { name, document }))
        })
        .collect()
}

/// Every principal of one template by `<stack>.<logical id>`.
fn principals(
    stack: &str,
    template: Option<&Value>,
    account: &str,
    region: &str,
) -> BTreeMap<String, Principal> {
    let mut out: BTreeMap<String, Principal> = BTreeMap::new();
    let Some(template) = template else { return out };
    let one = BTreeMap::from([(stack.to_owned(), template.clone())]);
    for Identity {
        id,
        policies,
        trust,
        ..
    } in identities(&one, account, region).all
    {
        let p = out.entry(format!("{stack}.{id}")).or_default();
        p.identity = policies;
        p.resource.extend(trust);
    }
    for (name, policy) in resource_policies(stack, template, account, region) {
        out.entry(name).or_default().resource.push(policy);
    }
    out
}

/// What each principal of `stack` gains or loses from the deployed template (`None` when the
/// stack is not deployed) to the new one, in principal order, gains first.
pub fn access_delta(
    stack: &str,
    deployed: Option<&Value>,
    new: &Value,
    account: &str,
    region: &str,
) -> Vec<AccessChange> {
    let before = principals(stack, deployed, account, region);
    let after = principals(stack, Some(new), account, region);
    let empty = Principal::default();
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut out = Vec::new();
    for name in names {
        let old = before.get(name).unwrap_or(&empty);
        let new = after.get(name).unwrap_or(&empty);
        let mut push = |change: Direction, lines: BTreeSet<String>| {
            out.extend(lines.into_iter().map(|what| AccessChange {
                stack: stack.to_owned(),
                principal: name.clone(),
                change,
                what,
            }));
        };
        let mut gains = allowed_only_by(&new.identity, &old.identity, false);
        gains.extend(allowed_only_by(&new.resource, &old.resource, true));
        gains.extend(no_longer_denied(&old.identity, &new.identity));
        gains.extend(no_longer_denied(&old.resource, &new.resource));
        push(Direction::Gain, gains);
        let mut losses = allowed_only_by(&old.identity, &new.identity, false);
        losses.extend(allowed_only_by(&old.resource, &new.resource, true));
        losses.extend(newly_denied(&old.identity, &new.identity));
        losses.extend(newly_denied(&old.resource, &new.resource));
        push(Direction::Loss, losses);
    }
    out
}

/// Denies of the old policies the new ones lost or narrowed: a gain.
fn no_longer_denied(old: &[NamedPolicy], new: &[NamedPolicy]) -> BTreeSet<String> {
    denied_only_by(old, new)
        .into_iter()
        .map(|d| format!("no longer denied: {d}"))
        .collect()
}

/// Denies the new policies add: a loss.
fn newly_denied(old: &[NamedPolicy], new: &[NamedPolicy]) -> BTreeSet<String> {
    denied_only_by(new, old)
        .into_iter()
        .map(|d| format!("newly denied: {d}"))
        .collect()
}

#[cfg(test)]
mod tests;
