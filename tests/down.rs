//! `hydrate down` against LocalStack core on 127.0.0.1: a small chain deployed with `up`, then torn
//! down, leaving no stack and listing the audit resources it keeps.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

mod support;

use serde_json::json;
use support::{block_on, cfn, endpoints, text, unique, Scratch, ACCOUNT};

const READS_TRAIL: &str = r#"{"Parameters": {"Upstream": {"Type": "String"}}, "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}"#;

/// The stack's status, `None` when CloudFormation no longer knows it.
fn status(endpoint: &str, name: &str) -> Option<String> {
    let out = block_on(cfn(endpoint).describe_stacks().stack_name(name).send()).ok()?;
    let stack = out.stacks().first()?;
    stack
        .stack_status()
        .map(|s| s.as_str().to_owned())
        .filter(|s| s != "DELETE_COMPLETE")
}

#[test]
fn down_after_up_leaves_no_stack_and_lists_the_retained_audit_resources() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("d");
    let trail = format!("{id}-trail");
    let reader = format!("{id}-reader");
    let log_group = format!("/test/{id}");
    s.write(
        "cloudTrail.json",
        &json!({
            "StackName": trail,
            "Capabilities": ["CAPABILITY_IAM"],
            "Hydrate": {"Template": "cloudTrail", "Options": {"trailName": id, "logGroupName": log_group}}
        })
        .to_string(),
    );
    s.write("reader.template.json", READS_TRAIL);
    s.write(
        "reader.json",
        &json!({
            "StackName": reader,
            "Hydrate": {"TemplateFile": "reader.template.json"},
            "Parameters": {"Upstream": "{{output \"cloudTrail\" \"LogGroupName\"}}"}
        })
        .to_string(),
    );
    let run = |args: &[&str]| s.hydrate(&e.cfn).args(args).output().expect("runs");
    let out = run(&["up"]);
    assert!(out.status.success(), "{}", text(&out));

    // Readers first: the dry run shows the teardown waves and deletes nothing.
    let out = run(&["down", "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out));
    let plan = text(&out);
    assert!(
        plan.contains("wave 1: reader") && plan.contains("wave 2: cloudTrail"),
        "{plan}"
    );

    // No terminal and no --yes: refused with its own exit code, nothing deleted.
    let out = run(&["down"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(text(&out).contains("--yes"), "{}", text(&out));
    assert!(status(&e.cfn, &trail).is_some() && status(&e.cfn, &reader).is_some());

    let out = run(&["--yes", "down"]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert_eq!(status(&e.cfn, &reader), None, "{all}");
    assert_eq!(status(&e.cfn, &trail), None, "{all}");
    let line = |key: &str| {
        all.lines()
            .find(|l| l.starts_with(&format!("{key} ")))
            .unwrap_or_else(|| panic!("{key}: {all}"))
            .to_owned()
    };
    assert!(line("reader").contains("deleted"), "{all}");
    assert!(line("cloudTrail").contains("deleted"), "{all}");
    assert!(all.contains("hydrate never deletes audit data"), "{all}");
    for logical in [
        "TrailBucket",
        "AccessLogBucket",
        "TrailLogGroup",
        "TrailKey",
        "TrailLogGroupKey",
    ] {
        assert!(
            all.contains(&format!("cloudTrail {logical} (")),
            "{logical}: {all}"
        );
    }
    assert!(
        all.contains(&format!(
            "aws logs delete-log-group --log-group-name {log_group} --region us-east-1"
        )),
        "{all}"
    );
    assert!(all.contains("aws s3 rb s3://"), "{all}");
    assert!(
        all.contains("aws kms schedule-key-deletion --key-id "),
        "{all}"
    );

    // Again: nothing is deployed, and JSON says so in one parsable line.
    let out = run(&["--output", "json", "down"]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert_eq!(lines[0]["kind"], "nothing_deployed", "{stdout}");
}
