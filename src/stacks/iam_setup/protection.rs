//! The `protect-baseline` policy every non-admin role carries: an explicit Deny of every action
//! that would remove, blind or silence the baseline's own resources (`iam::tamper`), scoped by the
//! names the baseline gives them. Managed, so a role a later template adds can attach it too.
//!
//! Scoping follows what each service's actions honour: S3 bucket, Logs, CloudWatch alarm, SNS
//! topic, EventBridge rule and CloudFormation stack actions take resource ARNs, so names under
//! `hydrate` scope them; a KMS key has no name, so its `alias/hydrate/…` alias does
//! (`kms:ResourceAliases`); CloudTrail, GuardDuty, budgets, account-wide Logs policies, SNS
//! subscriptions, CloudFormation extensions and IAM writes are the admin's alone and are denied
//! account-wide. Verb patterns (`logs:Put*`) rather than names, so that next year's write is
//! denied too.

use crate::expr::{sub, Expr};
use crate::iam::tamper::{Guarded, BASELINE_PREFIX, GUARDED, IAM_WRITES, KEY_ALIASES};
use crate::iam::{
    Condition, ConditionOperator, OperatorKind, PolicyDocument, SetQualifier, Statement,
};

/// The CIS alarms' metric namespace unless the alarm options say otherwise.
pub(super) const ALARM_NAMESPACE: &str = "CISBenchmark";

/// Where a guarded kind lives, as an IAM resource pattern (`None`: every resource).
fn pattern(kind: Guarded) -> Option<Expr> {
    let p = BASELINE_PREFIX;
    let arn = |rest: String| Some(sub(format!("arn:${{AWS::Partition}}:{rest}")));
    match kind {
        Guarded::Bucket => arn(format!("s3:::{p}-*")),
        Guarded::BucketObjects => arn(format!("s3:::{p}-*/*")),
        Guarded::KeyAlias => arn(format!("kms:*:${{AWS::AccountId}}:alias/{p}/*")),
        Guarded::LogGroup => arn(format!("logs:*:${{AWS::AccountId}}:log-group:/{p}/*")),
        Guarded::Alarm => arn(format!("cloudwatch:*:${{AWS::AccountId}}:alarm:{p}-*")),
        Guarded::Topic => arn(format!("sns:*:${{AWS::AccountId}}:{p}-*")),
        Guarded::Rule => arn(format!("events:*:${{AWS::AccountId}}:rule/{p}-*")),
        Guarded::EventBus => arn("events:*:${AWS::AccountId}:event-bus/default".to_owned()),
        // A stack set's instance in an account is `StackSet-<stack set>-<id>`.
        // `*` first: a stack set's instance in an account is `StackSet-<stack set>-<id>`, and one
        // pattern for both keeps the policy under IAM's limit (it also covers any stack whose name
        // holds `hydrate-`).
        Guarded::Stack => arn(format!(
            "cloudformation:*:${{AWS::AccountId}}:stack/*{p}-*/*"
        )),
        Guarded::Trail
        | Guarded::Key
        | Guarded::LogsAccount
        | Guarded::MetricData
        | Guarded::Subscription
        | Guarded::Detector
        | Guarded::Budget
        | Guarded::StackTypes
        | Guarded::ConfigRecorder
        | Guarded::DeliveryChannel
        | Guarded::SecurityHub
        | Guarded::Ec2Defaults
        | Guarded::S3AccountBlock
        | Guarded::Analyzer
        | Guarded::IdentityCenter => None,
    }
}

/// What narrows a kind that has no resource name of its own.
fn condition(kind: Guarded) -> Option<Condition> {
    match kind {
        Guarded::Key => Some(Condition::new(
            ConditionOperator {
                qualifier: Some(SetQualifier::ForAnyValue),
                kind: OperatorKind::StringLike,
                if_exists: false,
            },
            KEY_ALIASES,
            [format!("alias/{BASELINE_PREFIX}/*")],
        )),
        Guarded::MetricData => Some(Condition::new(
            OperatorKind::StringEquals,
            "cloudwatch:namespace",
            [ALARM_NAMESPACE],
        )),
        _ => None,
    }
}

/// The Sid of the statement protecting a kind: `ProtectTrail`, `ProtectKeyAlias`, ….
pub fn sid(kind: Guarded) -> String {
    let label: String = kind
        .label()
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    format!("Protect{label}")
}

/// The statements of the policy, one per guarded kind, then IAM writes and passing the baseline's
/// own roles (`role_prefix`: `/hydrate/hydrate-`, the levels' roles; `hydrate-*` at `/` are the
/// roles other hydrate stacks make, such as the trail's log writer).
pub(crate) fn protect_baseline(role_prefix: &str) -> PolicyDocument {
    // Kinds with the same patterns and condition share one statement (its Sid is the first
    // kind's): a bucket and its objects, Config's recorder and channel. The policy must stay
    // under IAM's 6,144 characters.
    let mut groups: Vec<(Guarded, Vec<Option<Expr>>)> = Vec::new();
    for &kind in GUARDED {
        let same = |(first, _): &&mut (Guarded, Vec<Option<Expr>>)| {
            first.patterns() == kind.patterns() && condition(*first) == condition(kind)
        };
        match groups.iter_mut().find(same) {
            Some((_, resources)) => resources.push(pattern(kind)),
            None => groups.push((kind, vec![pattern(kind)])),
        }
    }
    let mut statements: Vec<Statement> = groups
        .into_iter()
        .map(|(kind, resources)| {
            let s = Statement::deny(kind.patterns()).sid(&sid(kind));
            let s = match resources.into_iter().collect::<Option<Vec<Expr>>>() {
                Some(names) => s.on(names),
                None => s.on_all(),
            };
            match condition(kind) {
                Some(c) => s.when(c),
                None => s,
            }
        })
        .collect();
    statements.push(Statement::deny(IAM_WRITES).sid("ProtectIam").on_all());
    statements.push(
        Statement::deny(["iam:PassRole"])
            .sid("ProtectBaselineRoles")
            .on([
                sub(format!(
                    "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role{role_prefix}*"
                )),
                sub(format!(
                    "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{BASELINE_PREFIX}-*"
                )),
            ]),
    );
    PolicyDocument::new(statements)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document as IAM stores it: `Fn::Sub` resolved with the longest partition name.
    fn resolved(v: &serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match v {
            Value::Object(o) if o.len() == 1 && o.contains_key("Fn::Sub") => Value::String(
                o["Fn::Sub"]
                    .as_str()
                    .unwrap_or_default()
                    .replace("${AWS::Partition}", "aws-us-gov")
                    .replace("${AWS::AccountId}", "123456789012"),
            ),
            Value::Object(o) => {
                Value::Object(o.iter().map(|(k, x)| (k.clone(), resolved(x))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(resolved).collect()),
            other => other.clone(),
        }
    }

    #[test]
    fn every_kind_is_denied_on_its_resources_and_the_policy_fits_iam() {
        let doc = serde_json::to_value(protect_baseline("/hydrate/hydrate-")).expect("serialises");
        let statements = doc["Statement"].as_array().expect("statements");
        for &kind in GUARDED {
            let on = pattern(kind).map_or(serde_json::json!("*"), |p| {
                serde_json::to_value(p).expect("serialises")
            });
            assert!(
                statements.iter().any(|s| {
                    s["Action"] == serde_json::json!(kind.patterns())
                        && s["Resource"].as_array().is_some_and(|r| r.contains(&on))
                }),
                "{kind:?}: no statement denies its patterns on {on}"
            );
        }
        let sids: Vec<&str> = statements
            .iter()
            .filter_map(|s| s["Sid"].as_str())
            .collect();
        assert!(sids.contains(&"ProtectBucket"), "{sids:?}");
        assert!(
            !sids.contains(&"ProtectBucketObjects"),
            "shares ProtectBucket: {sids:?}"
        );
        // IAM counts a managed policy's characters without white space, resolved: 6,144 at most.
        let text = serde_json::to_string(&resolved(&doc)).expect("serialises");
        let size = text.chars().filter(|c| !c.is_whitespace()).count();
        assert!(size < 5_900, "protect-baseline is {size} characters");
    }
}
