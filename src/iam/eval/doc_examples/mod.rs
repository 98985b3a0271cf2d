//! The evaluator against the documented examples of the IAM User Guide, the KMS Developer Guide
//! and the STS API Reference: each case names its page and carries the page's own answer. The
//! policies are the pages' own, account ids and names as printed there.

mod conditions;
mod logic;
mod principals;
mod sets_and_variables;

use serde_json::Value;

use super::*;

/// The documented answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Allow,
    /// Explicitly denied.
    Deny,
    /// Not allowed, and denied by no statement.
    Implicit,
}

/// One documented example.
struct Case {
    /// The page it comes from.
    page: &'static str,
    /// What it shows.
    example: &'static str,
    /// The caller's identity policies (or, with no resource policy, the one policy evaluated).
    identity: Vec<Value>,
    /// The resource's policy, its owner account and kind.
    resource: Option<(Value, &'static str, ResourceKind)>,
    request: Request,
    want: Want,
}

fn case(page: &'static str, example: &'static str, identity: Vec<Value>) -> Case {
    Case {
        page,
        example,
        identity,
        resource: None,
        request: Request::default(),
        want: Want::Implicit,
    }
}

impl Case {
    fn on(mut self, policy: Value, account: &'static str, kind: ResourceKind) -> Self {
        self.resource = Some((policy, account, kind));
        self
    }

    fn asks(mut self, request: Request) -> Self {
        self.request = request;
        self
    }

    fn wants(mut self, want: Want) -> Self {
        self.want = want;
        self
    }

    fn decide(&self) -> Decision {
        let named = |(i, document): (usize, &Value)| NamedPolicy {
            name: format!("p{i}"),
            document: document.clone(),
        };
        let identity: Vec<NamedPolicy> = self.identity.iter().enumerate().map(named).collect();
        match &self.resource {
            None => evaluate(&identity, &self.request),
            Some((document, account, kind)) => {
                let resource = ResourcePolicy {
                    policy: named((0, document)),
                    account: (*account).to_owned(),
                    kind: *kind,
                };
                evaluate_with(&identity, Some(&resource), &self.request)
            }
        }
    }
}

fn got(decision: &Decision) -> Option<Want> {
    match decision {
        Decision::Allow(_) => Some(Want::Allow),
        Decision::Deny(_) => Some(Want::Deny),
        Decision::ImplicitDeny => Some(Want::Implicit),
        Decision::Unknown(_) => None,
    }
}

#[test]
fn every_documented_example_gets_the_documented_answer() {
    let cases: Vec<Case> = [
        logic::cases(),
        conditions::cases(),
        sets_and_variables::cases(),
        principals::cases(),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let decision = c.decide();
            (got(&decision) != Some(c.want)).then(|| {
                format!(
                    "{} — {}: want {:?}, got {decision:?}",
                    c.page, c.example, c.want
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
