//! A local IAM policy evaluator over JSON policy documents: explicit Deny wins, then Allow, else
//! the implicit deny. Action/NotAction (case-insensitive) and Resource/NotResource (case-sensitive)
//! with `*`/`?` wildcards, policy variables such as `${aws:username}`, and the condition operators
//! the baseline uses. Principals in trust policies are matched by account.

mod conditions;
mod matching;
mod request;

use serde_json::Value;

use conditions::conditions_hold;
pub use matching::glob;
use matching::{action_matches, principal_matches, resource_matches, strings};
pub use request::Request;

/// A policy and where it comes from, for naming the statement that decided.
#[derive(Debug, Clone)]
pub struct NamedPolicy {
    /// E.g. `iamSetup.DeveloperRole/developer`.
    pub name: String,
    /// The policy document, intrinsics already resolved to strings.
    pub document: Value,
}

/// Which statement decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    /// The policy's name.
    pub policy: String,
    /// The statement's Sid, or its position.
    pub statement: String,
}

impl std::fmt::Display for StatementRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} statement {}", self.policy, self.statement)
    }
}

/// The outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Allowed by this statement (and denied by none).
    Allow(StatementRef),
    /// Denied by this statement.
    Deny(StatementRef),
    /// No statement allows it.
    ImplicitDeny,
}

impl Decision {
    /// True when allowed.
    pub fn allowed(&self) -> bool {
        matches!(self, Decision::Allow(_))
    }
}

/// True when a statement applies to the request (ignoring its effect).
fn applies(statement: &Value, request: &Request) -> bool {
    let action_ok = match (statement.get("Action"), statement.get("NotAction")) {
        (Some(a), _) => action_matches(&strings(a), &request.action),
        (None, Some(n)) => !action_matches(&strings(n), &request.action),
        _ => false,
    };
    let resource_ok = match (statement.get("Resource"), statement.get("NotResource")) {
        (Some(r), _) => resource_matches(&strings(r), request),
        (None, Some(n)) => !resource_matches(&strings(n), request),
        // Trust policies name no resource: the role itself.
        (None, None) => true,
    };
    let principal_ok = statement
        .get("Principal")
        .is_none_or(|p| principal_matches(p, request));
    action_ok
        && resource_ok
        && principal_ok
        && conditions_hold(statement.get("Condition").unwrap_or(&Value::Null), request)
}

/// Evaluates a request against a set of policies.
pub fn evaluate(policies: &[NamedPolicy], request: &Request) -> Decision {
    let mut allow = None;
    for policy in policies {
        let statements = match &policy.document["Statement"] {
            Value::Array(items) => items.clone(),
            one @ Value::Object(_) => vec![one.clone()],
            _ => Vec::new(),
        };
        for (i, statement) in statements.iter().enumerate() {
            if !applies(statement, request) {
                continue;
            }
            let at = StatementRef {
                policy: policy.name.clone(),
                statement: statement["Sid"]
                    .as_str()
                    .map_or_else(|| format!("#{}", i + 1), str::to_owned),
            };
            match statement["Effect"].as_str() {
                Some("Deny") => return Decision::Deny(at),
                Some("Allow") if allow.is_none() => allow = Some(at),
                _ => {}
            }
        }
    }
    allow.map_or(Decision::ImplicitDeny, Decision::Allow)
}

#[cfg(test)]
mod tests;
