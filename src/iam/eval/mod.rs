//! A local IAM policy evaluator over JSON policy documents: explicit Deny wins, then Allow, else
//! the implicit deny — and, when a statement cannot be decided (an operator it does not know, a
//! malformed condition or principal), [`Decision::Unknown`], never a silent allow or deny.
//! Action/NotAction (case-insensitive), Resource/NotResource (case-sensitive) with `*`/`?`,
//! policy variables, every IAM condition operator, Principal/NotPrincipal; identity policies
//! evaluated alone ([`evaluate`]) or together with a resource policy ([`evaluate_with`]): same
//! account, cross-account, KMS key policies, anonymous and service callers; and the STS actions
//! that need no permission (allowed even when a policy denies them).

mod conditions;
mod matching;
mod no_permission;
mod principal;
mod request;
mod statement;
mod variables;

use serde_json::Value;

pub use matching::glob;
pub use request::Request;

use no_permission::no_permission;
use request::Caller;
use statement::{tally, Tally, Verdict};

/// A policy and where it comes from, for naming the statement that decided.
#[derive(Debug, Clone)]
pub struct NamedPolicy {
    /// E.g. `iamSetup.DeveloperRole/developer`.
    pub name: String,
    /// The policy document, intrinsics already resolved to strings.
    pub document: Value,
}

/// What kind of resource a resource policy is attached to: data, except where IAM's evaluation
/// differs (a KMS key policy must allow every request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    /// A KMS key policy: without its allow, identity policies have no effect.
    KmsKey,
    /// Any other resource policy (S3 bucket, SNS topic, …).
    Other,
}

/// The resource-based policy of the requested resource, with the account that owns it.
#[derive(Debug, Clone)]
pub struct ResourcePolicy {
    /// The policy, named for reports.
    pub policy: NamedPolicy,
    /// The account that owns the resource.
    pub account: String,
    /// The kind of resource.
    pub kind: ResourceKind,
}

/// Which statement decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    /// The policy's name; empty for a rule of AWS itself (an action that needs no permission).
    pub policy: String,
    /// The statement's Sid, or its position.
    pub statement: String,
}

impl std::fmt::Display for StatementRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.policy.is_empty() {
            return f.write_str(&self.statement);
        }
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
    /// This statement cannot be decided (an unknown operator, a malformed condition or
    /// principal), and the answer depends on it.
    Unknown(StatementRef),
}

impl Decision {
    /// True when allowed.
    pub fn allowed(&self) -> bool {
        matches!(self, Decision::Allow(_))
    }
}

/// The decision of a deny and an allow verdict: deny first, then allow, else implicit deny.
fn decide(deny: Verdict, allow: Verdict) -> Decision {
    match (deny, allow) {
        (Verdict::Yes(s), _) => Decision::Deny(s),
        (Verdict::Maybe(s), _) | (Verdict::No, Verdict::Maybe(s)) => Decision::Unknown(s),
        (Verdict::No, Verdict::Yes(s)) => Decision::Allow(s),
        (Verdict::No, Verdict::No) => Decision::ImplicitDeny,
    }
}

/// Evaluates a request against a set of policies (identity policies, or a trust policy alone;
/// a request without a principal is anonymous to any statement that names one).
pub fn evaluate(policies: &[NamedPolicy], request: &Request) -> Decision {
    if let Some(rule) = no_permission(&request.action) {
        return Decision::Allow(rule);
    }
    let Tally { deny, allow, .. } = tally(policies, request);
    decide(deny, allow)
}

/// Evaluates a request against the caller's identity policies together with the resource's
/// policy, as IAM's evaluation logic documents: an explicit Deny in either wins; in the same
/// account either allows (a resource policy naming only the account delegates to IAM); across
/// accounts both must; a KMS key policy must always allow, directly or through the account; an
/// anonymous or service caller is allowed only by the resource policy.
pub fn evaluate_with(
    identity: &[NamedPolicy],
    resource: Option<&ResourcePolicy>,
    request: &Request,
) -> Decision {
    let caller = request.caller();
    if let Some(rule) = no_permission(&request.action) {
        // An unsigned request has no caller to answer for.
        return match caller {
            Caller::Anonymous => Decision::ImplicitDeny,
            _ => Decision::Allow(rule),
        };
    }
    let ids = tally(identity, request);
    let res = resource.map(|r| tally(std::iter::once(&r.policy), request));
    let deny = match &res {
        Some(r) => ids.deny.clone().or(r.deny.clone()),
        None => ids.deny.clone(),
    };
    let allow = match (caller, resource, res) {
        (Caller::Anonymous | Caller::Service(_), _, r) => r.map_or(Verdict::No, |r| r.allow),
        (Caller::Aws(_), None, _) => ids.allow,
        (Caller::Aws(_), Some(policy), Some(r)) => {
            let same = request.account() == Some(policy.account.as_str());
            let direct = if same { r.allow_direct } else { Verdict::No };
            match policy.kind {
                ResourceKind::KmsKey => direct.or(ids.allow.and(r.allow)),
                ResourceKind::Other if same => ids.allow.or(direct),
                ResourceKind::Other => ids.allow.and(r.allow),
            }
        }
        (Caller::Aws(_), Some(_), None) => Verdict::No,
    };
    decide(deny, allow)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod doc_examples;
