//! `AWS::IAM::*` resources: groups, roles and policies.

use serde::Serialize;

use super::get_att::HasArn;
use super::resource::{Handle, ResourceType};
use crate::expr::Expr;
use crate::iam::PolicyDocument;

/// An inline policy embedded in a group or role.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InlinePolicy {
    /// The policy's name, unique within its group or role.
    pub policy_name: String,
    /// The statements.
    pub policy_document: PolicyDocument,
}

/// A resource tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    /// The key.
    pub key: String,
    /// The value.
    pub value: Expr,
}

/// `AWS::IAM::Group`
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Group {
    /// The group's name (needs `CAPABILITY_NAMED_IAM`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_name: Option<Expr>,
    /// The IAM path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Managed policies attached to the group.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policy_arns: Vec<Expr>,
    /// Inline policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<InlinePolicy>,
}

impl ResourceType for Group {
    const TYPE: &'static str = "AWS::IAM::Group";
}

impl HasArn for Group {}

/// `AWS::IAM::Role`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Role {
    /// The role's name (needs `CAPABILITY_NAMED_IAM`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_name: Option<Expr>,
    /// What the role is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The IAM path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The trust policy: who may assume the role, and when.
    pub assume_role_policy_document: PolicyDocument,
    /// Longest session, in seconds (3600–43200).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_session_duration: Option<u32>,
    /// Managed policies attached to the role.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policy_arns: Vec<Expr>,
    /// Inline policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<InlinePolicy>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Role {
    /// A role with this trust policy and nothing else set.
    pub fn trusting(assume_role_policy_document: PolicyDocument) -> Self {
        Role {
            role_name: None,
            description: None,
            path: None,
            assume_role_policy_document,
            max_session_duration: None,
            managed_policy_arns: Vec::new(),
            policies: Vec::new(),
            tags: Vec::new(),
        }
    }
}

impl ResourceType for Role {
    const TYPE: &'static str = "AWS::IAM::Role";
}

impl HasArn for Role {}

impl Handle<Role> {
    /// `Fn::GetAtt` `RoleId`: the stable id IAM gives the role (`AROA…`).
    pub fn role_id(&self) -> Expr {
        self.attribute("RoleId")
    }
}

/// `AWS::IAM::ManagedPolicy`, a customer-managed policy attached to groups, roles or users.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedPolicy {
    /// The policy's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_policy_name: Option<Expr>,
    /// What the policy is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The IAM path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The statements.
    pub policy_document: PolicyDocument,
    /// Groups it is attached to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Expr>,
    /// Roles it is attached to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Expr>,
}

impl ManagedPolicy {
    /// A policy of these statements, attached to nothing yet.
    pub fn new(description: &str, policy_document: PolicyDocument) -> Self {
        ManagedPolicy {
            managed_policy_name: None,
            description: Some(description.to_owned()),
            path: None,
            policy_document,
            groups: Vec::new(),
            roles: Vec::new(),
        }
    }
}

impl ResourceType for ManagedPolicy {
    const TYPE: &'static str = "AWS::IAM::ManagedPolicy";
}
