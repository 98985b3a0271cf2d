//! `IdentityCenter` in organization.json: which Identity Center groups get which of the
//! management account's permission sets (the `identityCenter` template) in the accounts of which
//! OUs, checked offline (group id pattern, known levels, OU targets, 500 resources per stack).

use std::collections::BTreeSet;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use super::targets::{parse_targets, OuTarget};

/// The catalog template whose permission sets the assignments give.
pub const PERMISSION_SETS_TEMPLATE: &str = "identityCenter";

/// CloudFormation's limit on the resources of one stack: one account's assignments must fit.
pub const MAX_ASSIGNMENTS_PER_ACCOUNT: usize = 500;

/// `IdentityCenter`: assignments of permission sets to groups, per OU.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IdentityCenterFile {
    /// The stack file of the management account directory that uses the identityCenter template
    /// (default: identityCenter); its permission sets are the ones assigned.
    #[serde(default)]
    pub permission_sets: Option<String>,
    /// Who gets what where: each entry gives its groups their permission sets in every account
    /// under its OUs (child OUs included). An account under several entries gets all of them.
    pub assignments: Vec<AssignmentEntry>,
}

/// One entry of `Assignments`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AssignmentEntry {
    /// OU ids (`ou-…`, the root `r-…`) or paths from the root (`Root/Workloads`).
    pub organizational_units: Vec<String>,
    /// Identity Center group id (identity store GroupId, e.g.
    /// `9067c1d2e3-a1b2c3d4-1a2b-3c4d-5e6f-0123456789ab`) → the permission sets its members get.
    pub groups: IndexMap<String, Vec<Level>>,
}

/// A permission set of the identityCenter template, by its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// `<prefix>-admin`.
    Admin,
    /// `<prefix>-operator`.
    Operator,
    /// `<prefix>-developer`.
    Developer,
    /// `<prefix>-readonly`.
    Readonly,
}

impl Level {
    /// The name, as the file writes it.
    pub fn name(self) -> &'static str {
        match self {
            Level::Admin => "admin",
            Level::Operator => "operator",
            Level::Developer => "developer",
            Level::Readonly => "readonly",
        }
    }

    /// The identityCenter output that holds its permission set's ARN.
    pub fn output(self) -> &'static str {
        match self {
            Level::Admin => "AdminPermissionSetArn",
            Level::Operator => "OperatorPermissionSetArn",
            Level::Developer => "DeveloperPermissionSetArn",
            Level::Readonly => "ReadonlyPermissionSetArn",
        }
    }
}

/// One group given one permission set.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grant {
    /// The identity store group id.
    pub group: String,
    /// The permission set.
    pub level: Level,
}

/// One entry, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentRule {
    /// Its OUs.
    pub ous: Vec<OuTarget>,
    /// What every account under them gets, sorted, each once.
    pub grants: Vec<Grant>,
}

/// `IdentityCenter`, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityCenter {
    /// The management account's stack file (key) of the identityCenter template.
    pub permission_sets: String,
    /// The entries, in the file's order.
    pub assignments: Vec<AssignmentRule>,
}

/// `[0-9a-f]` exactly `n` times (either case).
fn hex(text: &str, n: usize) -> bool {
    text.len() == n && text.chars().all(|c| c.is_ascii_hexdigit())
}

/// The identity store's GroupId pattern: `([0-9a-f]{10}-)?` then a UUID.
pub fn is_group_id(id: &str) -> bool {
    let uuid = match id.split('-').collect::<Vec<_>>().as_slice() {
        [prefix, rest @ ..] if rest.len() == 5 && hex(prefix, 10) => rest.to_vec(),
        all => all.to_vec(),
    };
    matches!(uuid.as_slice(), [a, b, c, d, e]
        if hex(a, 8) && hex(b, 4) && hex(c, 4) && hex(d, 4) && hex(e, 12))
}

impl IdentityCenter {
    /// Checks `IdentityCenter`; each problem as its field and text.
    pub fn check(file: &IdentityCenterFile) -> Result<IdentityCenter, Vec<(String, String)>> {
        let at = "IdentityCenter";
        let mut problems = Vec::new();
        if file.assignments.is_empty() {
            problems.push((
                format!("{at}.Assignments"),
                "no assignment; add one, e.g. { \"OrganizationalUnits\": [\"Root/Workloads\"], \"Groups\": { \"<group id>\": [\"developer\"] } }, or remove IdentityCenter".to_owned(),
            ));
        }
        let mut rules = Vec::new();
        let mut every: BTreeSet<Grant> = BTreeSet::new();
        for (i, entry) in file.assignments.iter().enumerate() {
            let here = format!("{at}.Assignments[{i}]");
            let ous = match parse_targets(&entry.organizational_units) {
                Ok(t) => Some(t),
                Err(found) => {
                    for (j, text) in found {
                        let field = match j {
                            Some(j) => format!("{here}.OrganizationalUnits[{j}]"),
                            None => format!("{here}.OrganizationalUnits"),
                        };
                        problems.push((field, text));
                    }
                    None
                }
            };
            if entry.groups.is_empty() {
                problems.push((
                    format!("{here}.Groups"),
                    "no group; map an Identity Center group id to its permission sets, e.g. { \"<group id>\": [\"developer\", \"readonly\"] } (aws identitystore list-groups shows the ids)".to_owned(),
                ));
            }
            let mut grants = BTreeSet::new();
            for (group, levels) in &entry.groups {
                let field = format!("{here}.Groups.{group}");
                if !is_group_id(group) {
                    problems.push((
                        field.clone(),
                        format!("`{group}` is not an Identity Center group id; write its GroupId (e.g. 9067c1d2e3-a1b2c3d4-1a2b-3c4d-5e6f-0123456789ab), not its display name: `aws identitystore list-groups --identity-store-id d-…` lists them"),
                    ));
                    continue;
                }
                if levels.is_empty() {
                    problems.push((
                        field.clone(),
                        "no permission set; list at least one of admin, operator, developer, readonly".to_owned(),
                    ));
                }
                for (j, &level) in levels.iter().enumerate() {
                    let grant = Grant {
                        group: group.clone(),
                        level,
                    };
                    if !grants.insert(grant.clone()) {
                        problems.push((
                            format!("{field}[{j}]"),
                            format!(
                                "`{}` is listed twice for this group; list it once",
                                level.name()
                            ),
                        ));
                    }
                    every.insert(grant);
                }
            }
            if let Some(ous) = ous {
                rules.push(AssignmentRule {
                    ous,
                    grants: grants.into_iter().collect(),
                });
            }
        }
        // An account under every entry gets every grant: all of them must fit one stack.
        if every.len() > MAX_ASSIGNMENTS_PER_ACCOUNT {
            problems.push((
                format!("{at}.Assignments"),
                format!(
                    "{} group × permission set pairs in all: an account under every entry would need that many AWS::SSO::Assignment resources in its stack, and CloudFormation allows {MAX_ASSIGNMENTS_PER_ACCOUNT}; assign fewer groups (nest people in fewer, larger groups)",
                    every.len()
                ),
            ));
        }
        let permission_sets = file
            .permission_sets
            .clone()
            .unwrap_or_else(|| PERMISSION_SETS_TEMPLATE.to_owned());
        if problems.is_empty() {
            Ok(IdentityCenter {
                permission_sets,
                assignments: rules,
            })
        } else {
            Err(problems)
        }
    }

    /// The levels any entry assigns, each once.
    pub fn levels(&self) -> BTreeSet<Level> {
        self.assignments
            .iter()
            .flat_map(|r| r.grants.iter().map(|g| g.level))
            .collect()
    }
}
