//! `DelegatedAdministrators`: which member account administers GuardDuty, Security Hub and
//! AWS Config for the whole organization (the audit account, as a rule). Checked here for form;
//! that the account is a member of the organization is checked against the live organization
//! at `org up`.

use schemars::JsonSchema;
use serde::Deserialize;

/// `DelegatedAdministrators` of organization.json: each service's delegated administrator, a
/// member account id (absent: hydrate leaves that service's administrator alone).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DelegatedAdministrators {
    /// The member account (12 digits) that administers GuardDuty for the organization, in every
    /// region of Regions (GuardDuty's administrator is per region).
    #[serde(default)]
    pub guard_duty: Option<String>,
    /// The member account (12 digits) that administers Security Hub for the organization, in
    /// every region of Regions (Security Hub's administrator is per region).
    #[serde(default)]
    pub security_hub: Option<String>,
    /// The member account (12 digits) that administers AWS Config for the organization (its
    /// organization aggregator, rules and conformance packs); registered once, organization-wide.
    #[serde(default)]
    pub config: Option<String>,
}

impl DelegatedAdministrators {
    /// Each service that has one, with its field name and the account, in a fixed order.
    pub fn each(&self) -> Vec<(&'static str, &str)> {
        [
            ("GuardDuty", &self.guard_duty),
            ("SecurityHub", &self.security_hub),
            ("Config", &self.config),
        ]
        .into_iter()
        .filter_map(|(field, account)| account.as_deref().map(|a| (field, a)))
        .collect()
    }
}

/// The problems of `DelegatedAdministrators`, as (JSON path, text with the fix).
pub(super) fn check_delegated_admins(
    admins: &DelegatedAdministrators,
    management: &str,
) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for (field, account) in admins.each() {
        let at = format!("DelegatedAdministrators.{field}");
        if account.len() != 12 || !account.chars().all(|c| c.is_ascii_digit()) {
            problems.push((
                at,
                format!("`{account}` is not an account id; write the 12 digits of the member account that administers {field} (the audit account, as a rule)"),
            ));
        } else if account == management {
            problems.push((
                at,
                format!("{account} is the management account; a delegated administrator must be a member account (AWS recommends the audit account, so the management account is used as little as possible): write the audit account's id"),
            ));
        }
    }
    problems
}
