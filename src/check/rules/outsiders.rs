//! The baseline's resource policies against callers from outside: a principal of another account
//! (with every right its own account can give it) and an anonymous caller are denied every
//! tampering action and every read of the audit data on the key, bucket and topic policies.

use serde_json::json;

use super::outcome::{decide_on, judged};
use super::scope::{session, Scope};
use super::tamper::targets;
use crate::check::report::{Cell, Expect};
use crate::iam::eval::NamedPolicy;
use crate::iam::tamper::Guarded;

/// A role of another account.
const OUTSIDER: &str = "arn:aws:iam::210987654321:role/outsider";

/// What outsiders would read: the audit data itself.
fn reads(kind: Guarded) -> &'static [&'static str] {
    match kind {
        Guarded::BucketObjects => &["s3:GetObject"],
        Guarded::Bucket => &["s3:ListBucket"],
        Guarded::Key => &["kms:Decrypt"],
        Guarded::Topic => &["sns:Subscribe", "sns:Publish"],
        _ => &[],
    }
}

/// The cells of both outsiders on every resource with a policy of its own.
pub(crate) fn cells(scope: &Scope<'_>) -> Vec<Cell> {
    // Everything the outsider's own account could grant it.
    let own_account = [NamedPolicy {
        name: "outsider's own policy".to_owned(),
        document: json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"}
        ]}),
    }];
    let targets = targets(scope);
    let mut cells = Vec::new();
    for who in ["another account", "anonymous caller"] {
        for target in &targets {
            let Some(policy) = &target.policy else {
                continue;
            };
            for action in target.kind.actions().iter().chain(reads(target.kind)) {
                let request = session(action, &target.resource, scope.region);
                let (request, identity) = if who == "another account" {
                    let request = request
                        .with("aws:PrincipalArn", OUTSIDER)
                        .with("aws:PrincipalAccount", "210987654321")
                        .by(OUTSIDER);
                    (request, &own_account[..])
                } else {
                    (request, &[][..])
                };
                let outcome = decide_on(identity, policy, &request);
                let mut c = judged(who, action, &target.resource, Expect::Deny, outcome);
                c.group = Some(target.kind.label().to_owned());
                cells.push(c);
            }
        }
    }
    cells
}
