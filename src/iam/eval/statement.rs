//! One statement against a request: does it apply (Action/NotAction, Resource/NotResource,
//! Principal/NotPrincipal, Condition), and the tally of a set of policies — the deny, the allow,
//! and the allow that names the caller itself — each as yes, no, or cannot be decided.

use serde_json::Value;

use super::conditions::conditions_hold;
use super::matching::{action_matches, resource_matches, strings};
use super::principal::{exempts, reach, Reach};
use super::request::Request;
use super::variables::{variables_of, Variables};
use super::{NamedPolicy, StatementRef};

/// A three-valued answer that names the statement behind a yes or a maybe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Yes, by this statement.
    Yes(StatementRef),
    /// Cannot be decided, because of this statement.
    Maybe(StatementRef),
    /// No.
    No,
}

impl Verdict {
    /// Either holds (Kleene OR); the first yes is kept.
    pub(super) fn or(self, other: Verdict) -> Verdict {
        match (self, other) {
            (Verdict::Yes(a), _) | (_, Verdict::Yes(a)) => Verdict::Yes(a),
            (Verdict::Maybe(a), _) | (_, Verdict::Maybe(a)) => Verdict::Maybe(a),
            _ => Verdict::No,
        }
    }

    /// Both hold (Kleene AND); a yes names the second, the gate that was hardest to pass.
    pub(super) fn and(self, other: Verdict) -> Verdict {
        match (self, other) {
            (Verdict::No, _) | (_, Verdict::No) => Verdict::No,
            (Verdict::Maybe(a), _) | (_, Verdict::Maybe(a)) => Verdict::Maybe(a),
            (Verdict::Yes(_), Verdict::Yes(b)) => Verdict::Yes(b),
        }
    }
}

/// What a set of policies says about a request.
#[derive(Debug, Clone)]
pub(super) struct Tally {
    /// A Deny statement applies.
    pub(super) deny: Verdict,
    /// An Allow statement applies.
    pub(super) allow: Verdict,
    /// An Allow statement applies that names the caller itself, not only its account.
    pub(super) allow_direct: Verdict,
}

/// Whether a statement applies, and how its principal reaches the caller.
enum Applies {
    No,
    Yes(Reach),
    Unknown,
}

/// Kleene AND of the statement's parts: a definite mismatch anywhere wins over an unknown.
fn applies(statement: &Value, request: &Request, vars: Variables) -> Applies {
    let list = |key: &str| statement.get(key).map(|v| strings(v).ok_or(()));
    let action = match (list("Action"), list("NotAction")) {
        (Some(a), None) => a.map(|a| action_matches(&a, &request.action)),
        (None, Some(n)) => n.map(|n| !action_matches(&n, &request.action)),
        _ => Err(()),
    };
    let resource = match (list("Resource"), list("NotResource")) {
        (Some(r), None) => r.map(|r| resource_matches(&r, request, vars)),
        (None, Some(n)) => n.map(|n| !resource_matches(&n, request, vars)),
        // Trust policies name no resource: the role itself.
        (None, None) => Ok(true),
        _ => Err(()),
    };
    let caller = request.caller();
    let principal = match (statement.get("Principal"), statement.get("NotPrincipal")) {
        (Some(p), None) => match reach(p, caller) {
            Reach::Unknown => Err(()),
            r => Ok(r),
        },
        (None, Some(n)) => exempts(n, caller).map(|e| if e { Reach::No } else { Reach::Direct }),
        // Identity policies: the caller is the identity they are attached to.
        (None, None) => Ok(Reach::Direct),
        _ => Err(()),
    };
    let condition = conditions_hold(statement.get("Condition"), request, vars).map_err(|_| ());
    if action == Ok(false)
        || resource == Ok(false)
        || principal == Ok(Reach::No)
        || condition == Ok(false)
    {
        return Applies::No;
    }
    match (action, resource, principal, condition) {
        (Ok(true), Ok(true), Ok(reach), Ok(true)) => Applies::Yes(reach),
        _ => Applies::Unknown,
    }
}

/// The statements of a policy document (one object or a list); none when malformed.
fn statements(document: &Value) -> Option<Vec<&Value>> {
    match document.get("Statement")? {
        Value::Array(items) => Some(items.iter().collect()),
        one @ Value::Object(_) => Some(vec![one]),
        _ => None,
    }
}

/// What a set of policies says about a request.
pub(super) fn tally<'a>(
    policies: impl IntoIterator<Item = &'a NamedPolicy>,
    request: &Request,
) -> Tally {
    let mut t = Tally {
        deny: Verdict::No,
        allow: Verdict::No,
        allow_direct: Verdict::No,
    };
    for policy in policies {
        let at = |statement: String| StatementRef {
            policy: policy.name.clone(),
            statement,
        };
        let (Some(vars), Some(items)) =
            (variables_of(&policy.document), statements(&policy.document))
        else {
            // An unknown Version or no statements: nothing in it can be decided.
            t.deny = std::mem::replace(&mut t.deny, Verdict::No)
                .or(Verdict::Maybe(at("Version".into())));
            continue;
        };
        for (i, statement) in items.into_iter().enumerate() {
            let sid = statement["Sid"]
                .as_str()
                .map_or_else(|| format!("#{}", i + 1), str::to_owned);
            let effect = statement.get("Effect").and_then(Value::as_str);
            let (found, direct) = match applies(statement, request, vars) {
                Applies::No => continue,
                Applies::Yes(reach) => (Verdict::Yes(at(sid.clone())), reach == Reach::Direct),
                Applies::Unknown => (Verdict::Maybe(at(sid.clone())), true),
            };
            let take =
                |slot: &mut Verdict, v: Verdict| *slot = std::mem::replace(slot, Verdict::No).or(v);
            match effect {
                Some("Allow") => {
                    if direct {
                        take(&mut t.allow_direct, found.clone());
                    }
                    take(&mut t.allow, found);
                }
                Some("Deny") => take(&mut t.deny, found),
                // An effect IAM does not know: it might deny.
                _ => take(&mut t.deny, Verdict::Maybe(at(sid))),
            }
        }
    }
    t
}
