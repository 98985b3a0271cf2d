//! The identities of rendered templates: every role and group with its inline and attached
//! customer-managed policies resolved to plain JSON, and the AWS managed policies met on the way,
//! which a local evaluator cannot read.

use std::collections::BTreeMap;

use serde_json::Value;

use super::resolve::Resolver;
use crate::iam::eval::NamedPolicy;

/// A role or group of the baseline with its resolved policies.
#[derive(Debug, Clone)]
pub(super) struct Identity {
    /// The template (stack) that declares it.
    pub(super) stack: String,
    /// Its logical id.
    pub(super) id: String,
    /// `AWS::IAM::Role` or `AWS::IAM::Group`.
    pub(super) kind: String,
    /// Its ARN as CloudFormation would make it.
    pub(super) arn: String,
    /// Its inline and attached customer-managed policies.
    pub(super) policies: Vec<NamedPolicy>,
    /// A role's trust policy; none for a group.
    pub(super) trust: Option<NamedPolicy>,
}

impl Identity {
    /// True for a role.
    pub(super) fn is_role(&self) -> bool {
        self.kind == "AWS::IAM::Role"
    }

    /// True for a group.
    pub(super) fn is_group(&self) -> bool {
        self.kind == "AWS::IAM::Group"
    }

    /// True for an Identity Center permission set (a role in every account it is assigned to,
    /// reached by a SAML session: no MFA context keys).
    pub(super) fn is_permission_set(&self) -> bool {
        self.kind == PERMISSION_SET
    }
}

/// The resource type of an Identity Center permission set.
const PERMISSION_SET: &str = "AWS::SSO::PermissionSet";

/// The role a permission set becomes in an account, as Identity Center names it (the suffix is
/// random per account; any value stands for it).
fn permission_set_role(account: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_{name}_0123456789abcdef")
}

/// What the identities of a set of templates are made of.
pub(super) struct Identities {
    /// Every role and group, in template then logical-id order.
    pub(super) all: Vec<Identity>,
    /// One note per AWS managed policy attached to an identity: opaque to a local evaluator.
    pub(super) opaque: Vec<String>,
}

/// The identities (roles, groups) of rendered templates, intrinsics resolved; also AWS managed
/// policies met on the way, which are opaque to a local evaluator.
pub(super) fn identities(
    templates: &BTreeMap<String, Value>,
    account: &str,
    region: &str,
) -> Identities {
    let mut out = Vec::new();
    let mut opaque = Vec::new();
    for (stack, template) in templates {
        let r = Resolver::new(template, account, region).in_stack(&format!("hydrate-{stack}"));
        let resources = template["Resources"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for (id, res) in &resources {
            let kind = res["Type"].as_str().unwrap_or_default();
            if kind == PERMISSION_SET {
                let props = &res["Properties"];
                let name = r.string(&props["Name"]);
                out.push(Identity {
                    stack: stack.clone(),
                    id: id.clone(),
                    kind: kind.to_owned(),
                    arn: permission_set_role(account, &name),
                    policies: vec![NamedPolicy {
                        name: format!("{stack}.{id}/inline"),
                        document: r.resolve(&props["InlinePolicy"]),
                    }],
                    trust: None,
                });
                for arn in props["ManagedPolicies"].as_array().into_iter().flatten() {
                    opaque.push(format!(
                        "{stack}.{id}: {} (an AWS managed policy, not evaluated)",
                        r.string(arn)
                    ));
                }
                continue;
            }
            if kind != "AWS::IAM::Role" && kind != "AWS::IAM::Group" {
                continue;
            }
            let props = &res["Properties"];
            let mut policies: Vec<NamedPolicy> = props["Policies"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| NamedPolicy {
                    name: format!(
                        "{stack}.{id}/{}",
                        p["PolicyName"].as_str().unwrap_or("inline")
                    ),
                    document: r.resolve(&p["PolicyDocument"]),
                })
                .collect();
            // Customer-managed policies attached to this identity.
            let attach_key = if kind == "AWS::IAM::Role" {
                "Roles"
            } else {
                "Groups"
            };
            for (pid, p) in &resources {
                let attached = p["Properties"][attach_key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|t| t.get("Ref").and_then(Value::as_str) == Some(id));
                if p["Type"] == "AWS::IAM::ManagedPolicy" && attached {
                    policies.push(NamedPolicy {
                        name: format!("{stack}.{pid}"),
                        document: r.resolve(&p["Properties"]["PolicyDocument"]),
                    });
                }
            }
            for arn in props["ManagedPolicyArns"].as_array().into_iter().flatten() {
                opaque.push(format!(
                    "{stack}.{id}: {} (an AWS managed policy, not evaluated)",
                    r.string(arn)
                ));
            }
            out.push(Identity {
                stack: stack.clone(),
                id: id.clone(),
                kind: kind.to_owned(),
                arn: r.arn(id),
                trust: (kind == "AWS::IAM::Role").then(|| NamedPolicy {
                    name: format!("{stack}.{id}/trust"),
                    document: r.resolve(&props["AssumeRolePolicyDocument"]),
                }),
                policies,
            });
        }
    }
    Identities { all: out, opaque }
}
