//! Unit tests of the property diff: nested paths, Sid pairing, IAM spelling, elision, order.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::*;

fn lines(changes: &[PropertyChange]) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            let values: Vec<String> = [&c.old, &c.new]
                .into_iter()
                .flatten()
                .map(Value::to_string)
                .collect();
            format!("{} {} {}", c.change.mark(), c.path, values.join(" "))
        })
        .collect()
}

fn role(statements: Value) -> Value {
    json!({
        "Resources": {
            "DeveloperRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "RoleName": "developer",
                    "Policies": [{
                        "PolicyName": "dev",
                        "PolicyDocument": { "Version": "2012-10-17", "Statement": statements }
                    }]
                }
            },
            "Topic": { "Type": "AWS::SNS::Topic" }
        }
    })
}

#[test]
fn an_unchanged_template_has_no_changes() {
    let t = role(json!([{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]));
    assert!(template_diff(Some(&t), &t).is_empty());
}

#[test]
fn a_nested_change_is_addressed_by_its_path_and_the_rest_is_elided() {
    let old = role(json!([
        { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" },
        { "Effect": "Deny", "Action": "iam:*", "Resource": "*" }
    ]));
    let new = role(json!([
        { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" },
        { "Effect": "Deny", "Action": "iam:Create*", "Resource": "*" }
    ]));
    let changes = template_diff(Some(&old), &new);
    assert_eq!(
        lines(&changes),
        ["~ Resources.DeveloperRole.Properties.Policies[0].PolicyDocument.Statement[1].Action \"iam:*\" \"iam:Create*\""]
    );
    assert_eq!(changes[0].logical_id.as_deref(), Some("DeveloperRole"));
}

#[test]
fn a_string_equals_a_one_element_list_and_a_second_action_is_one_addition() {
    let old = role(json!([{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]));
    let same_spelt =
        role(json!([{ "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"] }]));
    assert!(template_diff(Some(&old), &same_spelt).is_empty());
    let wider = role(
        json!([{ "Effect": "Allow", "Action": ["s3:GetObject", "sqs:SendMessage"], "Resource": "*" }]),
    );
    assert_eq!(
        lines(&template_diff(Some(&old), &wider)),
        ["+ Resources.DeveloperRole.Properties.Policies[0].PolicyDocument.Statement[0].Action[1] \"sqs:SendMessage\""]
    );
}

#[test]
fn statements_pair_by_sid_so_an_inserted_one_is_one_change() {
    let a = json!({ "Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" });
    let b = json!({ "Sid": "B", "Effect": "Allow", "Action": "sqs:*", "Resource": "*" });
    let c = json!({ "Sid": "C", "Effect": "Deny", "Action": "iam:*", "Resource": "*" });
    let mut c2 = c.clone();
    c2["Action"] = json!("iam:Delete*");
    let old = role(json!([a, c]));
    let new = role(json!([b, a, c2]));
    assert_eq!(
        lines(&template_diff(Some(&old), &new)),
        [
            format!("+ Resources.DeveloperRole.Properties.Policies[0].PolicyDocument.Statement[0] {b}"),
            "~ Resources.DeveloperRole.Properties.Policies[0].PolicyDocument.Statement[2].Action \"iam:*\" \"iam:Delete*\"".to_owned(),
        ]
    );
}

#[test]
fn statements_without_sid_pair_along_what_stayed_the_same() {
    let a = json!({ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" });
    let b = json!({ "Effect": "Allow", "Action": "sqs:*", "Resource": "*" });
    let c = json!({ "Effect": "Deny", "Action": "iam:*", "Resource": "*" });
    let old = role(json!([a, c]));
    let new = role(json!([a, b, c]));
    assert_eq!(
        lines(&template_diff(Some(&old), &new)),
        [format!(
            "+ Resources.DeveloperRole.Properties.Policies[0].PolicyDocument.Statement[1] {b}"
        )]
    );
    let removed = role(json!([c]));
    assert_eq!(
        lines(&template_diff(Some(&old), &removed)),
        [format!(
            "- Resources.DeveloperRole.Properties.Policies[0].PolicyDocument.Statement[0] {a}"
        )]
    );
}

#[test]
fn resources_and_keys_added_and_removed_and_odd_keys_quoted() {
    let old = json!({
        "Resources": {
            "Topic": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "t" } },
            "Old": { "Type": "AWS::SNS::Topic" }
        }
    });
    let new = json!({
        "Resources": {
            "Topic": { "Type": "AWS::SNS::Topic", "Properties": { "Tags": [], "TopicName": { "Fn::Sub": "t-${AWS::Region}" } } },
            "New": { "Type": "AWS::SQS::Queue" }
        },
        "Outputs": { "TopicArn": { "Value": { "Ref": "Topic" } } }
    });
    assert_eq!(
        lines(&template_diff(Some(&old), &new)),
        [
            "+ Resources.Topic.Properties.Tags []",
            "~ Resources.Topic.Properties.TopicName \"t\" {\"Fn::Sub\":\"t-${AWS::Region}\"}",
            "+ Resources.New {\"Type\":\"AWS::SQS::Queue\"}",
            "- Resources.Old {\"Type\":\"AWS::SNS::Topic\"}",
            "+ Outputs.TopicArn {\"Value\":{\"Ref\":\"Topic\"}}",
        ]
    );
    let condition =
        json!({ "A": { "Condition": { "StringEquals": { "aws:SourceAccount": "1" } } } });
    let changed = json!({ "A": { "Condition": { "StringEquals": { "aws:SourceAccount": "2" } } } });
    assert_eq!(
        lines(&template_diff(Some(&condition), &changed)),
        ["~ A.Condition.StringEquals[\"aws:SourceAccount\"] \"1\" \"2\""]
    );
}

#[test]
fn a_stack_not_deployed_adds_every_entry_of_every_section() {
    let new = role(json!([]));
    let changes = template_diff(None, &new);
    let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["Resources.DeveloperRole", "Resources.Topic"]);
    assert!(changes
        .iter()
        .all(|c| c.change == PropertyChangeKind::Added));
}

#[test]
fn the_diff_is_deterministic() {
    let old =
        role(json!([{ "Sid": "A", "Effect": "Allow", "Action": ["a:1", "a:2"], "Resource": "*" }]));
    let new = role(
        json!([{ "Sid": "A", "Effect": "Allow", "Action": ["a:3", "a:1"], "Resource": "*" }, { "Effect": "Deny", "Action": "x:*", "Resource": "*" }]),
    );
    let first = template_diff(Some(&old), &new);
    for _ in 0..5 {
        assert_eq!(template_diff(Some(&old), &new), first);
    }
    assert_eq!(
        lines(&first),
        [
            "+ Resources.DeveloperRole.Properties.Policies[0].PolicyDocument.Statement[0].Action[0] \"a:3\"",
            "- Resources.DeveloperRole.Properties.Policies[0].PolicyDocument.Statement[0].Action[1] \"a:2\"",
            "+ Resources.DeveloperRole.Properties.Policies[0].PolicyDocument.Statement[1] {\"Effect\":\"Deny\",\"Action\":\"x:*\",\"Resource\":\"*\"}",
        ]
    );
}

#[test]
fn parameter_values_compare_given_and_defaults_and_hide_no_echo() {
    let new = json!({
        "Parameters": {
            "Email": { "Type": "String" },
            "Days": { "Type": "Number", "Default": 90 },
            "Secret": { "Type": "String", "NoEcho": true },
            "Fresh": { "Type": "String", "Default": "x" }
        }
    });
    let deployed: BTreeMap<String, String> = [
        ("Email", "a@example.com"),
        ("Days", "90"),
        ("Secret", "****"),
        ("Gone", "y"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let given = vec![
        ("Email".to_owned(), "b@example.com".to_owned()),
        ("Secret".to_owned(), "hunter2".to_owned()),
    ];
    assert_eq!(
        lines(&parameter_diff(Some(&deployed), &given, &new)),
        [
            "~ ParameterValues.Email \"a@example.com\" \"b@example.com\"",
            "+ ParameterValues.Fresh \"x\"",
            "- ParameterValues.Gone \"y\"",
        ]
    );
    assert_eq!(
        lines(&parameter_diff(None, &given, &new)),
        [
            "+ ParameterValues.Email \"b@example.com\"",
            "+ ParameterValues.Days \"90\"",
            "+ ParameterValues.Fresh \"x\"",
        ]
    );
}
