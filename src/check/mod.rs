//! `hydrate check`: proves the baseline's access rules by evaluating the rendered IAM policies
//! locally (no AWS): who can assume which role and with what MFA, who can touch IAM and the audit
//! trail, what a self-edit member can do before and after MFA, and that nothing allows `*:*`.

mod delta;
mod identities;
mod report;
mod resolve;
mod rules;

use std::collections::BTreeMap;

use serde_json::Value;

pub use delta::{access_delta, AccessChange, Direction};
pub use report::{Cell, Expect, Report};

use identities::identities;
use rules::{assume, edges, outsiders, reach, self_edit, sensitive, star_star, tamper, Scope};

/// Checks the rendered templates of an account (template name → JSON).
pub fn check_templates(templates: &BTreeMap<String, Value>, account: &str, region: &str) -> Report {
    let ids = identities(templates, account, region);
    let scope = Scope::new(templates, &ids.all, account, region);
    let mut cells = assume::cells(&scope);
    // One section per role: its sensitive writes, then how far it reaches.
    let mut per_role = sensitive::cells(&scope);
    per_role.extend(reach::cells(&scope));
    let order: Vec<&str> = scope.roles().iter().map(|r| r.id.as_str()).collect();
    per_role.sort_by_key(|c| order.iter().position(|id| *id == c.principal));
    cells.extend(per_role);
    cells.extend(self_edit::cells(&scope));
    cells.extend(tamper::cells(&scope));
    cells.extend(outsiders::cells(&scope));
    Report {
        cells,
        star_star: star_star::statements(&ids.all),
        opaque: ids.opaque,
        edges: edges::edges(&scope),
        manual: manual(&ids.all),
    }
}

/// What no template can prove: Identity Center asks for MFA at sign-in, a setting of the
/// instance that CloudFormation cannot express and whose sessions carry no MFA key to check.
fn manual(identities: &[identities::Identity]) -> Vec<String> {
    let sets: Vec<&str> = identities
        .iter()
        .filter(|i| i.is_permission_set())
        .map(|i| i.id.as_str())
        .collect();
    if sets.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "MANUAL: MFA for the Identity Center permission sets ({}): the instance must require MFA at every sign-in (IAM Identity Center → Settings → Authentication → Multi-factor authentication: every time they sign in, users without a device register one); their sessions carry no aws:MultiFactorAuthPresent, so no policy can require it and check cannot prove it",
        sets.join(", ")
    )]
}

#[cfg(test)]
#[path = "legacy_eval_tests.rs"]
mod legacy_eval_tests;

#[cfg(test)]
#[path = "equivalence_tests.rs"]
mod equivalence_tests;
