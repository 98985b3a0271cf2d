//! How one request becomes a cell of the access matrix: the evaluator's decision, read against
//! what the rule expects.

use crate::check::report::{Cell, Expect};
use crate::iam::eval::{evaluate, Decision, NamedPolicy, Request};

/// What a set of policies decides for one request.
pub(super) struct Outcome {
    /// `allow`, `deny` or `implicit deny`.
    pub(super) got: String,
    /// The statement that decided; none for an implicit deny.
    pub(super) by: Option<String>,
    /// True when allowed.
    pub(super) allowed: bool,
    /// True when explicitly denied.
    pub(super) denied: bool,
}

/// Evaluates a request against a set of policies.
pub(super) fn decide(policies: &[NamedPolicy], request: &Request) -> Outcome {
    match evaluate(policies, request) {
        Decision::Allow(s) => Outcome {
            got: "allow".into(),
            by: Some(s.to_string()),
            allowed: true,
            denied: false,
        },
        Decision::Deny(s) => Outcome {
            got: "deny".into(),
            by: Some(s.to_string()),
            allowed: false,
            denied: true,
        },
        Decision::ImplicitDeny => Outcome {
            got: "implicit deny".into(),
            by: None,
            allowed: false,
            denied: false,
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
    let Outcome {
        got,
        by,
        allowed,
        denied,
    } = decide(policies, request);
    let ok = match expect {
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
