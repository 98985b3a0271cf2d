//! Who may assume which role: a user of a group gets into the roles of their own level (admin
//! into all, everyone into readonly) with recent MFA, and into none without MFA or with MFA past
//! the trust policy's age limit. Both the group's policy and the role's trust must allow it.

use super::outcome::{decide, Outcome};
use super::scope::{level_of, Scope};
use crate::check::identities::Identity;
use crate::check::report::{Cell, Expect, UNKNOWN};
use crate::iam::eval::{NamedPolicy, Request};
use crate::iam::OperatorKind;

/// The cells of every group × role pair of `iamSetup`.
pub(crate) fn cells(scope: &Scope<'_>) -> Vec<Cell> {
    let mut cells = Vec::new();
    for group in scope.groups() {
        for role in scope.roles() {
            let Some(trust) = &role.trust else { continue };
            let limit = mfa_age_limit(trust);
            for (label, request, expect) in scenarios(scope, group, role, limit) {
                cells.push(assumption(group, role, trust, label, &request, expect));
            }
            if limit.is_none() {
                cells.push(Cell {
                    principal: role.id.clone(),
                    action: "sts:AssumeRole".into(),
                    resource: role.arn.clone(),
                    expect: Expect::Deny,
                    got: "no MFA age limit".into(),
                    by: Some(trust.name.clone()),
                    ok: false,
                    group: None,
                });
            }
        }
    }
    cells
}

/// The first `NumericLessThan aws:MultiFactorAuthAge` of a trust policy, in seconds.
fn mfa_age_limit(trust: &NamedPolicy) -> Option<u64> {
    trust.document["Statement"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|s| {
            s["Condition"][OperatorKind::NumericLessThan.name()]["aws:MultiFactorAuthAge"]
                .as_str()
                .and_then(|v| v.parse::<u64>().ok())
        })
}

/// A group member asking for a role with recent MFA, without MFA, and with MFA past the limit.
fn scenarios(
    scope: &Scope<'_>,
    group: &Identity,
    role: &Identity,
    limit: Option<u64>,
) -> [(&'static str, Request, Expect); 3] {
    let alice = &scope.alice;
    let own = level_of(&group.id) == "admin"
        || level_of(&role.id) == level_of(&group.id)
        || level_of(&role.id) == "readonly";
    [
        (
            "with recent MFA",
            Request::new("sts:AssumeRole", &role.arn)
                .by(alice)
                .with("aws:MultiFactorAuthPresent", "true")
                .with("aws:MultiFactorAuthAge", "60"),
            if own { Expect::Allow } else { Expect::Deny },
        ),
        (
            "without MFA",
            Request::new("sts:AssumeRole", &role.arn).by(alice),
            Expect::Deny,
        ),
        (
            "with MFA past the age limit",
            Request::new("sts:AssumeRole", &role.arn)
                .by(alice)
                .with("aws:MultiFactorAuthPresent", "true")
                .with(
                    "aws:MultiFactorAuthAge",
                    &(limit.unwrap_or(u64::MAX / 2) + 1).to_string(),
                ),
            Expect::Deny,
        ),
    ]
}

/// One assumption: allowed only when the group's policies and the role's trust both allow it.
fn assumption(
    group: &Identity,
    role: &Identity,
    trust: &NamedPolicy,
    label: &str,
    request: &Request,
    expect: Expect,
) -> Cell {
    let g = decide(&group.policies, request);
    let t = decide(std::slice::from_ref(trust), request);
    let allowed = g.allowed && t.allowed;
    // Undecided when one side cannot be decided and neither side surely refuses.
    let open = |o: &Outcome| o.allowed || o.unknown;
    let unknown = !allowed && open(&g) && open(&t);
    let ok = !unknown
        && match expect {
            Expect::Allow => allowed,
            _ => !allowed,
        };
    let by = if unknown {
        if g.unknown {
            g.by
        } else {
            t.by
        }
    } else if allowed {
        // An allow needs both: name the two statements that let it through.
        Some(format!(
            "{} and {}",
            g.by.unwrap_or_default(),
            t.by.unwrap_or_default()
        ))
    } else if expect == Expect::Allow {
        Some(format!("group: {}, trust: {}", g.got, t.got))
    } else if g.denied {
        g.by
    } else if t.denied {
        t.by
    } else if !g.allowed {
        Some("the group's policies grant no such assumption".to_owned())
    } else {
        Some(format!("{}'s trust policy does not admit it", role.id))
    };
    Cell {
        principal: format!("user in {}", group.id),
        action: format!("sts:AssumeRole {} {label}", role.id),
        resource: role.arn.clone(),
        expect,
        got: if unknown {
            UNKNOWN.into()
        } else if allowed {
            "allow".into()
        } else {
            "deny".into()
        },
        by,
        ok,
        group: None,
    }
}
