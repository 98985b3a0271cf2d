use serde_json::{json, Value};

use super::*;

const ACCOUNT: &str = "111111111111";

fn role(policy: Value, trust_condition: Value) -> Value {
    json!({ "Resources": {
        "DeveloperRole": { "Type": "AWS::IAM::Role", "Properties": {
            "RoleName": "hydrate-developer",
            "AssumeRolePolicyDocument": { "Statement": [{
                "Effect": "Allow",
                "Principal": { "AWS": { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" } },
                "Action": "sts:AssumeRole",
                "Condition": trust_condition,
            }]},
            "Policies": [{ "PolicyName": "developer", "PolicyDocument": policy }],
        }}
    }})
}

fn mfa() -> Value {
    json!({ "Bool": { "aws:MultiFactorAuthPresent": "true" } })
}

fn allow(actions: &[&str]) -> Value {
    json!({ "Statement": [
        { "Sid": "Deploy", "Effect": "Allow", "Action": actions, "Resource": "arn:aws:s3:::data/*" },
        { "Sid": "DenyDataDeletion", "Effect": "Deny", "Action": ["s3:DeleteBucket"], "Resource": "*" },
    ]})
}

fn delta(old: &Value, new: &Value) -> Vec<String> {
    access_delta("iamSetup", Some(old), new, ACCOUNT, "eu-west-1")
        .iter()
        .map(AccessChange::line)
        .collect()
}

#[test]
fn no_change_is_empty() {
    let t = role(allow(&["s3:GetObject"]), mfa());
    assert_eq!(delta(&t, &t), Vec::<String>::new());
}

#[test]
fn an_added_action_is_a_gain_and_a_removed_one_a_loss() {
    let old = role(allow(&["s3:GetObject"]), mfa());
    let new = role(allow(&["s3:GetObject", "s3:DeleteObject"]), mfa());
    assert_eq!(
        delta(&old, &new),
        ["+ iamSetup.DeveloperRole s3:DeleteObject on arn:aws:s3:::data/*"]
    );
    assert_eq!(
        delta(&new, &old),
        ["- iamSetup.DeveloperRole s3:DeleteObject on arn:aws:s3:::data/*"]
    );
}

#[test]
fn an_action_a_wildcard_already_allowed_is_no_gain() {
    let old = role(allow(&["s3:*"]), mfa());
    let new = role(allow(&["s3:*", "s3:DeleteObject"]), mfa());
    assert_eq!(delta(&old, &new), Vec::<String>::new());
    let wider = role(allow(&["s3:Get*"]), mfa());
    let narrow = role(allow(&["s3:GetObject"]), mfa());
    let lines = delta(&narrow, &wider);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("s3:Get* on") && lines[0].contains("asked as written"));
}

#[test]
fn a_removed_deny_is_a_gain() {
    let old = role(allow(&["s3:GetObject"]), mfa());
    let mut policy = allow(&["s3:GetObject"]);
    policy["Statement"].as_array_mut().map(|s| s.pop());
    let new = role(policy, mfa());
    assert_eq!(
        delta(&old, &new),
        ["+ iamSetup.DeveloperRole no longer denied: Deny DenyDataDeletion s3:DeleteBucket"]
    );
    assert_eq!(
        delta(&new, &old),
        ["- iamSetup.DeveloperRole newly denied: Deny DenyDataDeletion s3:DeleteBucket"]
    );
}

#[test]
fn a_trust_without_its_mfa_condition_is_widened() {
    let old = role(allow(&["s3:GetObject"]), mfa());
    let new = role(allow(&["s3:GetObject"]), json!({}));
    let lines = delta(&old, &new);
    assert_eq!(
        lines,
        ["+ iamSetup.DeveloperRole arn:aws:iam::111111111111:root may sts:AssumeRole on * without MFA"]
    );
}

#[test]
fn a_bucket_policy_with_a_new_principal_is_widened() {
    let bucket = |principals: Value| {
        json!({ "Resources": { "TrailBucketPolicy": { "Type": "AWS::S3::BucketPolicy", "Properties": {
            "Bucket": "trail",
            "PolicyDocument": { "Statement": [{
                "Sid": "Write", "Effect": "Allow", "Principal": { "Service": principals },
                "Action": "s3:PutObject", "Resource": "arn:aws:s3:::trail/*",
            }]},
        }}}})
    };
    let old = bucket(json!(["cloudtrail.amazonaws.com"]));
    let new = bucket(json!(["cloudtrail.amazonaws.com", "config.amazonaws.com"]));
    let lines = delta(&old, &new);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("+ iamSetup.TrailBucketPolicy config.amazonaws.com may s3:PutObject")
    );
}

#[test]
fn a_stack_not_deployed_gains_everything() {
    let new = role(allow(&["s3:GetObject"]), mfa());
    let all = access_delta("iamSetup", None, &new, ACCOUNT, "eu-west-1");
    assert!(all.iter().any(AccessChange::is_gain));
    // Its Denies are new too: the only losses.
    assert!(all
        .iter()
        .all(|c| c.is_gain() || c.what.starts_with("newly denied")));
}

#[test]
fn a_region_deny_does_not_hide_what_the_allows_gain() {
    let with_region_deny = |actions: &[&str]| {
        let mut policy = allow(actions);
        policy["Statement"]
            .as_array_mut()
            .expect("statements")
            .push(json!({
                "Sid": "OnlyHere", "Effect": "Deny", "NotAction": ["iam:*"], "Resource": "*",
                "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1"] } },
            }));
        role(policy, mfa())
    };
    let old = with_region_deny(&["s3:GetObject"]);
    let new = with_region_deny(&["s3:GetObject", "s3:PutObject"]);
    assert_eq!(
        delta(&old, &new),
        ["+ iamSetup.DeveloperRole s3:PutObject on arn:aws:s3:::data/*"]
    );
}

#[test]
fn a_permission_set_that_gains_or_loses_a_right_is_in_the_delta() {
    let set = |policy: Value| {
        json!({ "Resources": { "DeveloperPermissionSet": { "Type": "AWS::SSO::PermissionSet",
            "Properties": { "Name": "hydrate-developer", "InlinePolicy": policy } } } })
    };
    let old = set(allow(&["s3:PutObject"]));
    let new = set(allow(&["s3:PutObject", "sqs:SendMessage"]));
    let lines: Vec<String> = access_delta("identityCenter", Some(&old), &new, ACCOUNT, "eu-west-1")
        .iter()
        .map(AccessChange::line)
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("+ identityCenter.DeveloperPermissionSet")
                && l.contains("sqs:SendMessage")),
        "{lines:?}"
    );
}
