//! The file format of `params/<org>/organization.json`, as written (checked in `org_dir.rs`).

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::delegated_admins::DelegatedAdministrators;
use super::identity_center::IdentityCenterFile;
use super::preferences::PreferencesFile;
use crate::params::files::{Pairs, PairsSchema, TagEntry};

/// `params/<org>/organization.json`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct OrganizationFile {
    /// Editor hint: where this file's JSON Schema is.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// The 12-digit id of the organization's management account; StackSets never deploy to it.
    pub management_account_id: String,
    /// An account directory under params/ (a bare name) holding the management account's own
    /// baseline, deployed as plain stacks; its AccountId must equal ManagementAccountId.
    #[serde(default)]
    pub management: Option<String>,
    /// The home region: the stack sets are created here, and `{{account.region}}` is this region
    /// in every account.
    pub region: String,
    /// Every region each targeted account gets the baselines in, home region first (default: the
    /// home region only).
    #[serde(default)]
    pub regions: Vec<String>,
    /// Whose permissions the StackSets calls use: `SELF` (the management account) or
    /// `DELEGATED_ADMIN` (a delegated administrator of StackSets; default: SELF).
    #[serde(default)]
    pub call_as: CallAs,
    /// Tags on every stack set, and so on every instance; a list of Key/Value or a map.
    #[serde(default)]
    #[schemars(with = "PairsSchema<TagEntry>")]
    pub tags: Pairs,
    /// The member accounts that administer GuardDuty, Security Hub and AWS Config for the whole
    /// organization (default: none; hydrate leaves the services' administrators alone).
    #[serde(default)]
    pub delegated_administrators: DelegatedAdministrators,
    /// The baselines, by name: each is one stack set from the stack files of
    /// `baselines/<name>/`, deployed to its organizational units in every region of Regions.
    #[serde(deserialize_with = "each_once")]
    pub baselines: IndexMap<String, BaselineEntry>,
    /// Identity Center: which groups get which of the management account's permission sets (its
    /// identityCenter stack) in the accounts of which OUs; deployed by `org up` as one stack per
    /// account in the management account. Needs Management.
    #[serde(default)]
    pub identity_center: Option<IdentityCenterFile>,
}

/// A map whose keys appear once: JSON allows a repeated key and serde would keep the last one,
/// silently dropping a baseline someone wrote.
fn each_once<'de, D: Deserializer<'de>>(d: D) -> Result<IndexMap<String, BaselineEntry>, D::Error> {
    struct Once;

    impl<'de> Visitor<'de> for Once {
        type Value = IndexMap<String, BaselineEntry>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(r#"an object of baselines: { "workload": { … } }"#)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = IndexMap::new();
            while let Some(name) = map.next_key::<String>()? {
                if out.contains_key(&name) {
                    return Err(de::Error::custom(format!(
                        "baseline `{name}` is written twice; write each baseline once"
                    )));
                }
                let entry = map.next_value::<BaselineEntry>()?;
                out.insert(name, entry);
            }
            Ok(out)
        }
    }

    d.deserialize_map(Once)
}

/// One baseline of `Baselines`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct BaselineEntry {
    /// The stack set's name: a letter, then letters, digits and `-`, at most 128 (default:
    /// hydrate-<baseline>).
    #[serde(default)]
    pub stack_set_name: Option<String>,
    /// Where it is deployed: OU ids (`ou-…`, or the root `r-…`) or paths from the root
    /// (`Root/Workloads/Prod`); an OU includes the OUs inside it.
    pub organizational_units: Vec<String>,
    /// Deploying to accounts that join a targeted OU later (default: on, stacks deleted when an
    /// account leaves).
    #[serde(default)]
    pub auto_deployment: AutoDeployment,
    /// How fast an operation goes and how many failures stop it (default: every account at once
    /// in every region in parallel, stopping past 10% failed).
    #[serde(default)]
    pub preferences: PreferencesFile,
}

/// `CallAs`: whose permissions the StackSets calls use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum CallAs {
    /// `SELF`: the management account itself.
    #[default]
    #[serde(rename = "SELF")]
    SelfAccount,
    /// `DELEGATED_ADMIN`: a member account registered as a delegated administrator of StackSets.
    #[serde(rename = "DELEGATED_ADMIN")]
    DelegatedAdmin,
}

impl CallAs {
    /// The API's string.
    pub fn as_str(self) -> &'static str {
        match self {
            CallAs::SelfAccount => "SELF",
            CallAs::DelegatedAdmin => "DELEGATED_ADMIN",
        }
    }
}

impl std::fmt::Display for CallAs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `AutoDeployment`: what happens when an account joins or leaves a targeted OU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AutoDeployment {
    /// Deploy to accounts that join a targeted OU later, in every region of Regions (default: true).
    #[serde(default = "enabled")]
    pub enabled: bool,
    /// Keep an account's stacks (and their resources) when it leaves the targeted OUs; only with
    /// Enabled (default: false, the stacks are deleted). For audit and logging stacks.
    #[serde(default)]
    pub retain_stacks_on_account_removal: bool,
}

fn enabled() -> bool {
    true
}

impl Default for AutoDeployment {
    /// On: an account added to a targeted OU gets the baseline without anyone running hydrate.
    fn default() -> Self {
        AutoDeployment {
            enabled: true,
            retain_stacks_on_account_removal: false,
        }
    }
}
