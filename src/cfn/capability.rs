//! The capabilities a stack acknowledges, and the ones CloudFormation demands of a template.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A CloudFormation capability a stack acknowledges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Capability {
    /// The template creates IAM resources.
    #[serde(rename = "CAPABILITY_IAM")]
    Iam,
    /// The template creates IAM resources with custom names.
    #[serde(rename = "CAPABILITY_NAMED_IAM")]
    NamedIam,
    /// The template uses macros or nested stacks.
    #[serde(rename = "CAPABILITY_AUTO_EXPAND")]
    AutoExpand,
}

impl Capability {
    /// The name the API takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Capability::Iam => "CAPABILITY_IAM",
            Capability::NamedIam => "CAPABILITY_NAMED_IAM",
            Capability::AutoExpand => "CAPABILITY_AUTO_EXPAND",
        }
    }
}

/// The capabilities CloudFormation will demand for a template: IAM resources need
/// `CAPABILITY_IAM`, and `CAPABILITY_NAMED_IAM` when they carry their own names.
pub fn required_capabilities(template: &Value) -> Vec<Capability> {
    let mut iam = false;
    let mut named = false;
    for resource in template["Resources"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
    {
        let kind = resource["Type"].as_str().unwrap_or_default();
        if kind.starts_with("AWS::IAM::") {
            iam = true;
            let props = &resource["Properties"];
            named |= [
                "RoleName",
                "GroupName",
                "UserName",
                "ManagedPolicyName",
                "InstanceProfileName",
            ]
            .iter()
            .any(|k| props.get(*k).is_some());
        }
    }
    match (iam, named) {
        (_, true) => vec![Capability::NamedIam],
        (true, false) => vec![Capability::Iam],
        _ => Vec::new(),
    }
}
