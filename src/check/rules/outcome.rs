//! How one request becomes a cell of the access matrix: the evaluator's decision, read against
//! what the rule expects.

use crate::check::report::{Cell, Expect, UNKNOWN};
use crate::iam::eval::{evaluate, evaluate_with, Decision, NamedPolicy, Request, ResourcePolicy};

/// What a set of policies decides for one request.
pub(super) struct Outcome {
    /// `allow`, `deny`, `implicit deny` or `unknown`.
    pub(super) got: String,
    /// The statement that decided; none for an implicit deny.
    pub(super) by: Option<String>,
    /// True when allowed.
    pub(super) allowed: bool,
    /// True when explicitly denied.
    pub(super) denied: bool,
    /// True when the evaluator cannot decide: the cell is neither allowed nor denied.
    pub(super) unknown: bool,
}

/// Evaluates a request against a set of policies.
pub(super) fn decide(policies: &[NamedPolicy], request: &Request) -> Outcome {
    outcome(evaluate(policies, request))
}

/// Evaluates a request against the caller's policies together with the resource's own policy.
pub(super) fn decide_on(
    policies: &[NamedPolicy],
    resource: &ResourcePolicy,
    request: &Request,
) -> Outcome {
    outcome(evaluate_with(policies, Some(resource), request))
}

fn outcome(decision: Decision) -> Outcome {
    match decision {
        Decision::Allow(s) => Outcome {
            got: "allow".into(),
            by: Some(s.to_string()),
            allowed: true,
            denied: false,
            unknown: false,
        },
        Decision::Deny(s) => Outcome {
            got: "deny".into(),
            by: Some(s.to_string()),
            allowed: false,
            denied: true,
            unknown: false,
        },
        Decision::ImplicitDeny => Outcome {
            got: "implicit deny".into(),
            by: None,
            allowed: false,
            denied: false,
            unknown: false,
        },
        Decision::Unknown(s) => Outcome {
            got: UNKNOWN.into(),
            by: Some(s.to_string()),
            allowed: false,
            denied: false,
            unknown: true,
        },
    }
}

/// The cell for a request of one principal, decided by that principal's policies alone.
pub(super) fn cell(
    principal: &str,
    action: &str,
    resource: &str,
    expect: Expect,
    policies: &[NamedPolicy],
    request: &Request,
) -> Cell {
    judged(
        principal,
        action,
        resource,
        expect,
        decide(policies, request),
    )
}

/// The cell of an outcome, read against what the rule expects.
pub(super) fn judged(
    principal: &str,
    action: &str,
    resource: &str,
    expect: Expect,
    outcome: Outcome,
) -> Cell {
    let Outcome {
        got,
        by,
        allowed,
        denied,
        unknown,
    } = outcome;
    // An undecided cell proves nothing, whatever the rule expects.
    let ok = !unknown
        && match expect {
            Expect::Allow => allowed,
            Expect::Deny => !allowed,
            Expect::NotDenied => !denied,
        };
    Cell {
        principal: principal.to_owned(),
        action: action.to_owned(),
        resource: resource.to_owned(),
        expect,
        got,
        by,
        ok,
        group: None,
    }
}
