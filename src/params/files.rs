//! The file formats of an account directory: `account.json` and the stack files (the bash kit's
//! `stackParams.json` included, unchanged).

use std::fmt;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Capabilities are a CloudFormation notion; stack files name them.
pub use crate::cfn::Capability;

/// `params/<account>/account.json`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AccountFile {
    /// Editor hint: where this file's JSON Schema is.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// The 12-digit id of the account; hydrate refuses credentials of any other account.
    pub account_id: String,
    /// The home region, e.g. `eu-west-1`: account-wide stacks (IAM, the trail, the alert topic)
    /// are deployed here.
    pub region: String,
    /// Every region regional stacks (GuardDuty, Access Analyzer, Config, Security Hub) and the
    /// per-region account defaults cover, home region first (default: the home region only).
    #[serde(default)]
    pub regions: Vec<String>,
    /// AWS profile to use (default: the standard credential chain).
    #[serde(default)]
    pub profile: Option<String>,
    /// Bucket templates are uploaded to (default: made by `hydrate bootstrap`).
    #[serde(default)]
    pub template_bucket: Option<String>,
    /// Roles of this account that may write the template bucket besides iamSetup's admin role and
    /// whoever runs `bootstrap` (full ARNs, path included: `arn:aws:iam::<account>:role/<path>/<name>`).
    #[serde(default)]
    pub template_writers: Vec<String>,
    /// Tags on every stack (org / project / stack / stage / role); a list of Key/Value or a map.
    #[serde(default)]
    #[schemars(with = "PairsSchema<TagEntry>")]
    pub tags: Pairs,
    /// How `hydrate bootstrap` sets the per-region account defaults (EBS encryption, instance
    /// metadata, default security groups).
    #[serde(default)]
    pub bootstrap: BootstrapBlock,
}

/// `Bootstrap`: the choices of the per-region account defaults bootstrap makes. EBS encryption by
/// default and IMDSv2 for new instances are always made; these say how, and what else.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct BootstrapBlock {
    /// The KMS key new EBS volumes are encrypted with by default, in every region of `Regions`:
    /// `alias/<name>` (an alias that exists in each region) or a multi-region key id `mrk-…`; with
    /// one region also a key id or key ARN (default: the key is left as it is, AWS's own
    /// `alias/aws/ebs` unless someone changed it).
    #[serde(default)]
    pub ebs_kms_key_id: Option<String>,
    /// The hop limit of instance metadata replies, as the default for new instances (1–64); 2 lets
    /// containers on an instance reach IMDSv2 (default: left unset).
    #[serde(default)]
    pub instance_metadata_hop_limit: Option<i32>,
    /// Removes every inbound and outbound rule of the default security group of every VPC, in
    /// every region (CIS 5.4; default: false). Workloads that use a default group lose their
    /// traffic: move them to groups of their own first.
    #[serde(default)]
    pub restrict_default_security_groups: bool,
}

impl AccountFile {
    /// The regions regional stacks go to, home region first; the home region alone when the file
    /// lists none.
    pub fn regions(&self) -> Vec<&str> {
        if self.regions.is_empty() {
            vec![self.region.as_str()]
        } else {
            self.regions.iter().map(String::as_str).collect()
        }
    }
}

/// One stack file: the CreateStack request for that stack, plus which template to use.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StackFile {
    /// Editor hint: where this file's JSON Schema is.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// The CloudFormation stack name (a handlebars template).
    pub stack_name: String,
    /// Capabilities the stack acknowledges.
    #[serde(default)]
    pub capabilities: Vec<Capability>,
    /// Minutes before a create rolls back.
    #[serde(default)]
    pub timeout_in_minutes: Option<u32>,
    /// Refuse deletion until the protection is turned off.
    #[serde(default)]
    pub enable_termination_protection: Option<bool>,
    /// Template parameters: a list of ParameterKey/ParameterValue or a map (values are handlebars templates).
    #[serde(default)]
    #[schemars(with = "PairsSchema<ParameterEntry>")]
    pub parameters: Pairs,
    /// Stack tags, merged over the account's: a list of Key/Value or a map.
    #[serde(default)]
    #[schemars(with = "PairsSchema<TagEntry>")]
    pub tags: Pairs,
    /// Service role CloudFormation acts with.
    #[serde(default, rename = "RoleARN")]
    pub role_arn: Option<String>,
    /// Topics that receive the stack's events.
    #[serde(default, rename = "NotificationARNs")]
    pub notification_arns: Vec<String>,
    /// Which hydrate template to deploy, and its options.
    #[serde(default)]
    pub hydrate: Option<HydrateBlock>,
    /// The bash kit's block: `TemplatePath` (relative to `$LITTLE_HOME`) is honoured.
    #[serde(default)]
    pub littleware: Option<LittlewareBlock>,
}

/// `Hydrate`: the template of a stack.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct HydrateBlock {
    /// A catalog template name (default: the stack file's own name).
    #[serde(default)]
    pub template: Option<String>,
    /// The template's render-time options.
    #[serde(default)]
    pub options: Option<Value>,
    /// A CloudFormation JSON file, relative to this stack file, deployed unchanged.
    #[serde(default)]
    pub template_file: Option<String>,
}

/// `Littleware`: the bash kit's block.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LittlewareBlock {
    /// Template file relative to `$LITTLE_HOME`.
    #[serde(default)]
    pub template_path: Option<String>,
    /// nunjucks variables of the kit; hydrate does not filter templates and ignores them.
    #[serde(default)]
    pub variables: Option<Value>,
}

/// Key → value pairs, read from either `[{"Key": k, "Value": v}]` (or ParameterKey/ParameterValue)
/// or `{"k": "v"}`; numbers and booleans in the map form become strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairs(pub IndexMap<String, String>);

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PairsVisitor;

        fn scalar<E: de::Error>(value: Value) -> Result<String, E> {
            match value {
                Value::String(s) => Ok(s),
                Value::Number(n) => Ok(n.to_string()),
                Value::Bool(b) => Ok(b.to_string()),
                other => Err(E::custom(format!("expected a string value, found {other}"))),
            }
        }

        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = Pairs;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#"a map {"Key": "value"} or a list [{"Key": "k", "Value": "v"}]"#)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
                let mut out = IndexMap::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    out.insert(k, scalar(v)?);
                }
                Ok(Pairs(out))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Pairs, A::Error> {
                let mut out = IndexMap::new();
                while let Some(entry) = seq.next_element::<IndexMap<String, Value>>()? {
                    let mut key = None;
                    let mut value = None;
                    for (field, v) in entry {
                        match field.as_str() {
                            "Key" | "ParameterKey" => key = Some(scalar(v)?),
                            "Value" | "ParameterValue" => value = Some(scalar(v)?),
                            other => {
                                return Err(de::Error::custom(format!(
                                    "unknown field `{other}` in a list entry; use Key/Value or ParameterKey/ParameterValue"
                                )))
                            }
                        }
                    }
                    match (key, value) {
                        (Some(k), Some(v)) => {
                            out.insert(k, v);
                        }
                        _ => {
                            return Err(de::Error::custom(
                                "a list entry needs both a key and a value (Key/Value or ParameterKey/ParameterValue)",
                            ))
                        }
                    }
                }
                Ok(Pairs(out))
            }
        }

        d.deserialize_any(PairsVisitor)
    }
}

/// Schema of the two accepted forms of [`Pairs`].
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub(crate) enum PairsSchema<E> {
    /// `{"Name": "value"}`
    Map(IndexMap<String, String>),
    /// `[{"Key": "Name", "Value": "value"}]`
    List(Vec<E>),
}

/// One tag in list form.
#[derive(JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct TagEntry {
    key: String,
    value: String,
}

/// One parameter in list form.
#[derive(JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
#[allow(dead_code)]
struct ParameterEntry {
    parameter_key: String,
    parameter_value: String,
}
