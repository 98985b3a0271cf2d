//! `AWS::KMS::*` resources: customer-managed keys and their aliases.

use serde::Serialize;

use super::get_att::HasArn;
use super::resource::{Handle, ResourceType};
use crate::expr::Expr;
use crate::iam::PolicyDocument;

/// `AWS::KMS::Key`, a symmetric customer-managed key.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Key {
    /// What the key protects.
    pub description: String,
    /// Yearly automatic rotation.
    pub enable_key_rotation: bool,
    /// Days between a deletion request and the deletion (7–30).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_window_in_days: Option<u32>,
    /// Who may use and manage the key.
    pub key_policy: PolicyDocument,
}

impl ResourceType for Key {
    const TYPE: &'static str = "AWS::KMS::Key";
}

impl HasArn for Key {}

impl Handle<Key> {
    /// `Fn::GetAtt` `KeyId`: the key's id, the same value its `Ref` returns.
    pub fn key_id(&self) -> Expr {
        self.attribute("KeyId")
    }
}

/// `AWS::KMS::Alias`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alias {
    /// `alias/…`
    pub alias_name: String,
    /// The key's id or ARN.
    pub target_key_id: Expr,
}

impl ResourceType for Alias {
    const TYPE: &'static str = "AWS::KMS::Alias";
}
