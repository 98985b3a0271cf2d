//! `AWS::SSO::*` resources: IAM Identity Center permission sets and their account assignments.

use serde::Serialize;

use super::iam::Tag;
use super::resource::{Handle, ResourceType};
use crate::expr::Expr;
use crate::iam::PolicyDocument;

/// `AWS::SSO::PermissionSet`: the policies Identity Center provisions as a role into every
/// account it is assigned to.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PermissionSet {
    /// The Identity Center instance (`arn:aws:sso:::instance/ssoins-…`).
    pub instance_arn: Expr,
    /// The name (1–32 of `[\w+=,.@-]`), also the name of the role in each account.
    pub name: String,
    /// What it is for (up to 700 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Longest session, ISO-8601 (`PT1H` to `PT12H`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration: Option<String>,
    /// The one inline policy a permission set may have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inline_policy: Option<PolicyDocument>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceType for PermissionSet {
    const TYPE: &'static str = "AWS::SSO::PermissionSet";
}

impl Handle<PermissionSet> {
    /// `Fn::GetAtt` `PermissionSetArn`.
    pub fn permission_set_arn(&self) -> Expr {
        self.attribute("PermissionSetArn")
    }
}

/// Who an assignment gives a permission set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PrincipalType {
    /// An Identity Center group.
    Group,
    /// An Identity Center user.
    User,
}

/// What an assignment targets (Identity Center knows one kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TargetType {
    /// An account of the organization.
    AwsAccount,
}

/// `AWS::SSO::Assignment`: one principal gets one permission set in one account.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Assignment {
    /// The Identity Center instance.
    pub instance_arn: Expr,
    /// The permission set.
    pub permission_set_arn: Expr,
    /// The group's or user's id in the identity store.
    pub principal_id: String,
    /// Group or user.
    pub principal_type: PrincipalType,
    /// The account id.
    pub target_id: String,
    /// Always an account.
    pub target_type: TargetType,
}

impl ResourceType for Assignment {
    const TYPE: &'static str = "AWS::SSO::Assignment";
}
