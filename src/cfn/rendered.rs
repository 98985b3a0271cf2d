//! A rendered template as it is deployed: the exact body text, parsed once, with the facts the
//! rest of hydrate reads from it (parameters, outputs, capabilities, resources, IAM identities).

use indexmap::IndexMap;
use serde_json::Value;

use super::capability::{required_capabilities, Capability};
use super::resource::DeletionPolicy;

/// Resource types whose replacement or removal loses data: `deploy` asks first.
pub const DATA_HOLDING_TYPES: &[&str] = &[
    "AWS::S3::Bucket",
    "AWS::Logs::LogGroup",
    "AWS::KMS::Key",
    "AWS::DynamoDB::Table",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::EFS::FileSystem",
];

/// Whether CloudFormation's `DeletionPolicy: Snapshot` keeps this data-holding type's data: only
/// the databases of [`DATA_HOLDING_TYPES`] have a snapshot; a bucket, log group, key, table or file
/// system with `Snapshot` is deleted (or refused) like with `Delete`.
pub fn snapshots(resource_type: &str) -> bool {
    matches!(
        resource_type,
        "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster"
    )
}

/// Resource types that hold findings and delete them with themselves: a GuardDuty detector's
/// findings, a Security Hub hub's (after 90 days), an Access Analyzer analyzer's. They are not
/// retained (a retained detector or hub would block the next create in that region), so replacing
/// one needs approval like data, and `down` says it before it is confirmed.
pub const FINDINGS_TYPES: &[&str] = &[
    "AWS::GuardDuty::Detector",
    "AWS::SecurityHub::Hub",
    "AWS::AccessAnalyzer::Analyzer",
];

/// A template body that is not JSON; the parser's message is in the field.
#[derive(Debug, thiserror::Error)]
#[error("the template is not JSON: {0}")]
pub struct RenderedError(pub serde_json::Error);

/// A template body and what it declares, read once; the body is never re-parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedTemplate {
    body: String,
    json: Value,
    parameters: IndexMap<String, Value>,
    outputs: Vec<String>,
    capabilities: Vec<Capability>,
    resources: Vec<RenderedResource>,
    identities: Vec<IamIdentity>,
}

/// One resource of a rendered template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedResource {
    /// The logical id.
    pub logical_id: String,
    /// The resource type, e.g. `AWS::S3::Bucket` (empty when the template gives none).
    pub resource_type: String,
    /// The `DeletionPolicy`, when the template sets one CloudFormation knows.
    pub deletion_policy: Option<DeletionPolicy>,
}

impl RenderedResource {
    /// Whether replacing or removing it loses data (its type is in [`DATA_HOLDING_TYPES`]).
    pub fn holds_data(&self) -> bool {
        DATA_HOLDING_TYPES.contains(&self.resource_type.as_str())
    }

    /// Whether removing it deletes the findings it holds (its type is in [`FINDINGS_TYPES`]).
    pub fn holds_findings(&self) -> bool {
        FINDINGS_TYPES.contains(&self.resource_type.as_str())
    }
}

/// Which kind of IAM identity a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityKind {
    /// `AWS::IAM::Role`.
    Role,
    /// `AWS::IAM::Group`.
    Group,
}

/// A policy document as the template writes it, intrinsics unresolved.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityPolicy {
    /// The inline policy's `PolicyName` (`inline` when it has none), or the managed policy's
    /// logical id.
    pub name: String,
    /// The document (`null` when the template gives none).
    pub document: Value,
}

/// A role or group of a rendered template with the policies that apply to it.
#[derive(Debug, Clone, PartialEq)]
pub struct IamIdentity {
    /// The logical id.
    pub logical_id: String,
    /// Role or group.
    pub kind: IdentityKind,
    /// `RoleName` / `GroupName`, when written as a string.
    pub name: Option<String>,
    /// `Path`, when written as a string.
    pub path: Option<String>,
    /// A role's `MaxSessionDuration` in seconds, when set.
    pub max_session_duration: Option<u64>,
    /// The trust policy of a role (`null` when the template gives none); groups have none.
    pub trust: Option<Value>,
    /// The inline policies (`Policies`).
    pub inline_policies: Vec<IdentityPolicy>,
    /// The template's `AWS::IAM::ManagedPolicy` resources attached to it by `Ref`.
    pub managed_policies: Vec<IdentityPolicy>,
    /// `ManagedPolicyArns` as written: policies defined outside the template.
    pub managed_policy_arns: Vec<Value>,
}

impl RenderedTemplate {
    /// Parses a body once and reads what it declares; text that is not JSON is an error.
    pub fn parse(body: String) -> Result<RenderedTemplate, RenderedError> {
        let json: Value = serde_json::from_str(&body).map_err(RenderedError)?;
        Ok(RenderedTemplate {
            parameters: json["Parameters"]
                .as_object()
                .map(|m| m.iter().map(|(k, p)| (k.clone(), p.clone())).collect())
                .unwrap_or_default(),
            outputs: json["Outputs"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default(),
            capabilities: required_capabilities(&json),
            resources: resources(&json),
            identities: identities(&json),
            body,
            json,
        })
    }

    /// The exact text that is deployed, uploaded and hashed.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The body as JSON.
    pub fn json(&self) -> &Value {
        &self.json
    }

    /// The parameter declarations, by name, in template order.
    pub fn parameters(&self) -> &IndexMap<String, Value> {
        &self.parameters
    }

    /// The output names, in template order.
    pub fn outputs(&self) -> &[String] {
        &self.outputs
    }

    /// The capabilities CloudFormation demands for it.
    pub fn capabilities(&self) -> &[Capability] {
        &self.capabilities
    }

    /// Every resource, in template order.
    pub fn resources(&self) -> &[RenderedResource] {
        &self.resources
    }

    /// The resources whose replacement or removal loses data.
    pub fn data_holding(&self) -> impl Iterator<Item = &RenderedResource> {
        self.resources.iter().filter(|r| r.holds_data())
    }

    /// The IAM roles and groups, in template order.
    pub fn identities(&self) -> &[IamIdentity] {
        &self.identities
    }
}

fn resources(template: &Value) -> Vec<RenderedResource> {
    template["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(id, r)| RenderedResource {
            logical_id: id.clone(),
            resource_type: r["Type"].as_str().unwrap_or_default().to_owned(),
            deletion_policy: r["DeletionPolicy"].as_str().and_then(DeletionPolicy::parse),
        })
        .collect()
}

fn identities(template: &Value) -> Vec<IamIdentity> {
    let Some(resources) = template["Resources"].as_object() else {
        return Vec::new();
    };
    let text = |v: &Value| v.as_str().map(str::to_owned);
    resources
        .iter()
        .filter_map(|(id, res)| {
            let (kind, name_key, attach_key) = match res["Type"].as_str() {
                Some("AWS::IAM::Role") => (IdentityKind::Role, "RoleName", "Roles"),
                Some("AWS::IAM::Group") => (IdentityKind::Group, "GroupName", "Groups"),
                _ => return None,
            };
            let props = &res["Properties"];
            let inline_policies = props["Policies"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| IdentityPolicy {
                    name: p["PolicyName"].as_str().unwrap_or("inline").to_owned(),
                    document: p["PolicyDocument"].clone(),
                })
                .collect();
            // A managed policy of the template names the identities it attaches to.
            let managed_policies = resources
                .iter()
                .filter(|(_, p)| p["Type"] == "AWS::IAM::ManagedPolicy")
                .filter(|(_, p)| {
                    p["Properties"][attach_key]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|t| t.get("Ref").and_then(Value::as_str) == Some(id))
                })
                .map(|(pid, p)| IdentityPolicy {
                    name: pid.clone(),
                    document: p["Properties"]["PolicyDocument"].clone(),
                })
                .collect();
            Some(IamIdentity {
                logical_id: id.clone(),
                kind,
                name: text(&props[name_key]),
                path: text(&props["Path"]),
                max_session_duration: props["MaxSessionDuration"].as_u64(),
                trust: (kind == IdentityKind::Role)
                    .then(|| props["AssumeRolePolicyDocument"].clone()),
                inline_policies,
                managed_policies,
                managed_policy_arns: props["ManagedPolicyArns"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            })
        })
        .collect()
}

#[cfg(test)]
#[path = "rendered_tests.rs"]
mod tests;
