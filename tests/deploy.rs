//! The deployer against real emulator processes on 127.0.0.1, through the binary and the same SDK
//! code that talks to AWS. LocalStack core runs CloudFormation (its fallbacks for unsupported
//! types are reported, not counted as coverage); moto serves the plain API calls of bootstrap and
//! STS. Updates are checked through change sets and stack parameters, since neither emulator
//! applies most property updates.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

mod support;

use serde_json::{json, Value};
use support::{block_on, cfn, endpoints, event_count, iam, text, unique, Scratch, ACCOUNT};

fn stack_file(stack_name: &str, parameters: Value, hydrate: Value) -> String {
    json!({ "StackName": stack_name, "Parameters": parameters, "Hydrate": hydrate }).to_string()
}

fn deployed_parameters(endpoint: &str, stack: &str) -> Vec<(String, String)> {
    block_on(async {
        let out = cfn(endpoint)
            .describe_stacks()
            .stack_name(stack)
            .send()
            .await
            .expect("described");
        out.stacks()[0]
            .parameters()
            .iter()
            .map(|p| {
                (
                    p.parameter_key().unwrap_or_default().to_owned(),
                    p.parameter_value().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    })
}

#[test]
fn stacks_deploy_in_order_wire_outputs_and_a_second_deploy_changes_nothing() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("t");
    s.write(
        "snsNotify.json",
        &stack_file(
            &format!("{id}-sns"),
            json!({"AlertEmail": "ops@example.com"}),
            json!({"Options": {"topicName": id}}),
        ),
    );
    s.write(
        "rootAccountUsage.json",
        &stack_file(
            &format!("{id}-root"),
            json!({"LogGroupName": format!("/test/{id}"), "AlarmTopicArn": "{{output \"snsNotify\" \"TopicArn\"}}"}),
            json!({"Options": {"namePrefix": id}}),
        ),
    );
    let run = |args: &[&str]| s.hydrate(&e.cfn).args(args).output().expect("runs");

    let out = run(&["bootstrap"]);
    assert!(out.status.success(), "{}", text(&out));

    // The alarm reads the topic's output: before the topic exists, it says so.
    let out = run(&["stack", "deploy", "rootAccountUsage"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("stack snsNotify") && text(&out).contains("is not deployed yet"),
        "{}",
        text(&out)
    );

    let out = run(&["stack", "deploy", "snsNotify"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("{id}-sns: created (CREATE_COMPLETE")),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("CREATE_COMPLETE              Topic (AWS::SNS::Topic)"),
        "events stream: {}",
        text(&out)
    );

    let out = run(&["stack", "deploy", "rootAccountUsage"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("emulator fallback, not really created: MetricFilter"),
        "{}",
        text(&out)
    );
    let topic_arn = format!("arn:aws:sns:us-east-1:{ACCOUNT}:{id}");
    assert!(deployed_parameters(&e.cfn, &format!("{id}-root"))
        .contains(&("AlarmTopicArn".to_owned(), topic_arn)));

    // Deploying again makes no create or update call: no new events, "up to date".
    let before = (
        event_count(&e.cfn, &format!("{id}-sns")),
        event_count(&e.cfn, &format!("{id}-root")),
    );
    for stack in ["snsNotify", "rootAccountUsage"] {
        let out = run(&["stack", "deploy", stack]);
        assert!(out.status.success(), "{}", text(&out));
        assert!(
            text(&out).contains("up to date, nothing to change"),
            "{}",
            text(&out)
        );
    }
    assert_eq!(
        before,
        (
            event_count(&e.cfn, &format!("{id}-sns")),
            event_count(&e.cfn, &format!("{id}-root"))
        )
    );

    // An option change shows as a modification in the diff, then deploys as an update.
    s.write(
        "rootAccountUsage.json",
        &stack_file(
            &format!("{id}-root"),
            json!({"LogGroupName": format!("/test/{id}"), "AlarmTopicArn": "{{output \"snsNotify\" \"TopicArn\"}}"}),
            json!({"Options": {"namePrefix": id, "threshold": 2}}),
        ),
    );
    let out = run(&["--output", "json", "stack", "diff", "rootAccountUsage"]);
    assert!(out.status.success(), "{}", text(&out));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let diff = lines
        .iter()
        .find(|v| v["kind"] == "diff")
        .unwrap_or_else(|| panic!("a diff object: {lines:?}"));
    // The option is one property path of the alarm.
    assert!(
        lines.iter().any(|v| v["kind"] == "property"
            && v["path"] == "Resources.Alarm.Properties.Threshold"
            && v["change"] == "modified"),
        "{lines:?}"
    );
    let changes = &diff["changes"];
    assert!(
        changes
            .as_array()
            .expect("list")
            .iter()
            .any(|c| c["logical_id"] == "Alarm" && c["action"] == "Modify"),
        "{changes}"
    );
    let out = run(&["stack", "deploy", "rootAccountUsage"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("{id}-root: updated (UPDATE_COMPLETE")),
        "{}",
        text(&out)
    );

    let out = run(&["stack", "events", "rootAccountUsage"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("UPDATE_COMPLETE")
            && text(&out).contains("Alarm (AWS::CloudWatch::Alarm)"),
        "{}",
        text(&out)
    );
    let out = run(&[
        "--output",
        "json",
        "stack",
        "events",
        "rootAccountUsage",
        "--follow",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let last: Value = serde_json::from_str(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap_or_default(),
    )
    .expect("JSON line");
    assert_eq!(
        (last["kind"].as_str(), last["status"].as_str()),
        (Some("settled"), Some("UPDATE_COMPLETE")),
        "{last}"
    );

    let out = run(&["stack", "status", "snsNotify"]);
    assert!(
        text(&out).contains(&format!("TopicName = {id}")),
        "{}",
        text(&out)
    );
    for stack in ["rootAccountUsage", "snsNotify"] {
        let out = run(&["-y", "stack", "delete", stack]);
        assert!(out.status.success(), "{}", text(&out));
    }
    let out = run(&["-y", "stack", "delete", "snsNotify"]);
    assert!(
        text(&out).contains("not there, nothing to delete"),
        "{}",
        text(&out)
    );
}

const BAD_TEMPLATE: &str = r#"{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}, "Bad": {"Type": "AWS::SNS::Subscription", "Properties": {"TopicArn": {"Ref": "Topic"}, "Protocol": "carrier-pigeon", "Endpoint": "coop"}}}}"#;
const GOOD_TEMPLATE: &str = r#"{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}, "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}}}}"#;

#[test]
fn a_failed_create_names_the_resource_and_reason_and_replace_failed_recovers() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("f");
    s.write("custom.template.json", BAD_TEMPLATE);
    s.write(
        "custom.json",
        &json!({"StackName": id, "Hydrate": {"TemplateFile": "custom.template.json"}}).to_string(),
    );
    let run = |args: &[&str]| s.hydrate(&e.cfn).args(args).output().expect("runs");
    assert!(run(&["bootstrap"]).status.success());

    let out = run(&["stack", "create", "custom"]);
    assert!(!out.status.success(), "{}", text(&out));
    let all = text(&out);
    let failed = all
        .find("Failed resources:")
        .unwrap_or_else(|| panic!("no failure list: {all}"));
    assert!(
        all[failed..].contains("Bad (AWS::SNS::Subscription) CREATE_FAILED"),
        "{all}"
    );
    assert!(
        all.contains("carrier-pigeon") || all.to_lowercase().contains("protocol"),
        "reason shown: {all}"
    );

    let out = run(&["stack", "deploy", "custom"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("its creation failed") && text(&out).contains("--replace-failed"),
        "{}",
        text(&out)
    );

    s.write("custom.template.json", GOOD_TEMPLATE);
    let out = run(&["stack", "create", "custom", "--replace-failed"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("deleting the stack left in"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains(&format!("{id}: created")),
        "{}",
        text(&out)
    );
    assert!(run(&["-y", "stack", "delete", "custom"]).status.success());
}

#[test]
fn delete_refuses_stacks_hydrate_did_not_create_and_reports_what_it_retains() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let foreign = unique("foreign");
    block_on(async {
        cfn(&e.cfn)
            .create_stack()
            .stack_name(&foreign)
            .template_body(GOOD_TEMPLATE)
            .send()
            .await
            .expect("created outside hydrate");
    });
    s.write("foreign.template.json", GOOD_TEMPLATE);
    s.write(
        "foreign.json",
        &json!({"StackName": foreign, "Hydrate": {"TemplateFile": "foreign.template.json"}})
            .to_string(),
    );
    let run = |args: &[&str]| s.hydrate(&e.cfn).args(args).output().expect("runs");
    // The template bucket holds the account's lease, which a delete takes too.
    assert!(run(&["bootstrap"]).status.success());
    let out = run(&["-y", "stack", "delete", "foreign"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("was not created by hydrate"),
        "{}",
        text(&out)
    );

    // Without --yes and without a terminal, nothing is deleted.
    let kept = unique("kept");
    s.write(
        "kept.template.json",
        r#"{"Resources": {"Logs": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}}}"#,
    );
    s.write(
        "kept.json",
        &json!({"StackName": kept, "Hydrate": {"TemplateFile": "kept.template.json"}}).to_string(),
    );
    assert!(run(&["bootstrap"]).status.success());
    assert!(run(&["stack", "create", "kept"]).status.success());
    let out = run(&["stack", "delete", "kept"]);
    assert!(
        !out.status.success() && text(&out).contains("was not deleted"),
        "{}",
        text(&out)
    );
    let out = run(&["-y", "stack", "delete", "kept"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("retained: Logs (AWS::S3::Bucket)"),
        "{}",
        text(&out)
    );
    block_on(async {
        cfn(&e.cfn)
            .delete_stack()
            .stack_name(&foreign)
            .send()
            .await
            .expect("cleanup")
    });
}

#[test]
fn credentials_of_another_account_change_nothing() {
    let e = endpoints();
    let s = Scratch::new("111122223333");
    s.write("custom.template.json", GOOD_TEMPLATE);
    s.write(
        "custom.json",
        &json!({"StackName": unique("w"), "Hydrate": {"TemplateFile": "custom.template.json"}})
            .to_string(),
    );
    for args in [&["bootstrap"][..], &["stack", "deploy", "custom"][..]] {
        let out = s.hydrate(&e.cfn).args(args).output().expect("runs");
        assert!(!out.status.success());
        let all = text(&out);
        assert!(
            all.contains(&format!("belong to account {ACCOUNT}"))
                && all.contains("is for account 111122223333"),
            "{all}"
        );
    }
}

#[test]
fn unreachable_endpoints_and_missing_credentials_get_one_line_with_the_fix() {
    let s = Scratch::new(ACCOUNT);
    let out = s
        .hydrate("http://127.0.0.1:9")
        .args(["bootstrap"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(
        text(&out).contains("no answer from the endpoint") && text(&out).contains("--endpoint-url"),
        "{}",
        text(&out)
    );

    let e = endpoints();
    let out = s
        .hydrate(&e.api)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["bootstrap"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(
        text(&out).contains("no AWS credentials: none of the sources")
            && text(&out).contains("--profile"),
        "{}",
        text(&out)
    );
}

// LocalStack, not moto: moto answers GetBucketVersioning with a `GetBucketVersioningResponse`
// root element, which the Rust SDK (like S3's schema) refuses.
#[test]
fn bootstrap_changes_what_is_missing_then_nothing() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let bucket = unique("hydrate-boot");
    s.write(
        "account.json",
        &json!({"AccountId": ACCOUNT, "Region": "eu-west-1", "TemplateBucket": bucket, "Tags": {"project": "t"}}).to_string(),
    );
    let out = s
        .hydrate(&e.cfn)
        .args(["bootstrap"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    let first = text(&out);
    assert!(
        first.contains(&format!("changed  template bucket s3://{bucket}: created")),
        "{first}"
    );
    for item in [
        "versioning: enabled",
        "template bucket policy (TLS only, template writers only)",
        "template bucket tags",
    ] {
        assert!(first.contains(item), "{item}: {first}");
    }
    let out = s
        .hydrate(&e.cfn)
        .args(["bootstrap"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        // The emulator implements no instance metadata defaults: that item is "not available".
        text(&out).contains(
            "bootstrap: nothing changed; everything the endpoint answered was already right"
        ),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("changed "), "{}", text(&out));
}

#[test]
fn an_mfa_role_profile_assumes_the_role_and_caches_the_session() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let count = s.tmp.path().join("codes-asked");
    let role = unique("admin");
    std::fs::write(
        s.tmp.path().join("aws-config"),
        format!(
            "[profile base]\naws_access_key_id = {ACCOUNT}\naws_secret_access_key = test\n\n[profile admin]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/hydrate/{role}\nmfa_serial = arn:aws:iam::{ACCOUNT}:mfa/alice\nsource_profile = base\nmfa_code_command = echo asked >> {} && echo 123456\n",
            count.display()
        ),
    )
    .expect("profile file");
    let run = || {
        s.hydrate(&e.cfn)
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .args(["--profile", "admin", "bootstrap"])
            .output()
            .expect("runs")
    };
    let out = run();
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!(":assumed-role/{role}/")),
        "{}",
        text(&out)
    );
    // The cache is named after the profile and a digest of the role, source and endpoint.
    let cache = std::fs::read_dir(s.tmp.path().join(".cache/hydrate/mfa"))
        .expect("cache dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("admin-"))
        })
        .expect("cached");
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&cache).expect("cached").permissions(),
    );
    assert_eq!(mode & 0o777, 0o600);
    let out = run();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(&count)
            .expect("asked")
            .lines()
            .count(),
        1,
        "the cached session is reused"
    );
}

#[test]
fn a_protected_stack_is_deleted_only_with_force() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("p");
    s.write("topic.template.json", GOOD_TEMPLATE);
    s.write(
        "topic.json",
        &json!({"StackName": id, "EnableTerminationProtection": true, "Hydrate": {"TemplateFile": "topic.template.json"}}).to_string(),
    );
    let run = |args: &[&str]| s.hydrate(&e.cfn).args(args).output().expect("runs");
    assert!(run(&["bootstrap"]).status.success());
    // LocalStack ignores the flag on create; hydrate sets it right after.
    let out = run(&["stack", "deploy", "topic"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&["-y", "stack", "delete", "topic"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("has termination protection; re-run with --force"),
        "{}",
        text(&out)
    );
    let out = run(&["-y", "stack", "delete", "topic", "--force"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("turning termination protection off"),
        "{}",
        text(&out)
    );
}

#[test]
fn strict_mode_creates_the_iam_baseline_for_real_and_refuses_what_it_cannot_create() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("s");
    s.write(
        "iamSetup.json",
        &json!({"StackName": format!("{id}-iam"), "Capabilities": ["CAPABILITY_NAMED_IAM"], "Hydrate": {"Options": {"namePrefix": id}}}).to_string(),
    );
    // guardDuty forwards findings from other regions with a role of its own: CAPABILITY_IAM.
    let mut guard_duty: Value = serde_json::from_str(&stack_file(
        &format!("{id}-gd"),
        json!({"AlarmTopicArn": format!("arn:aws:sns:us-east-1:{ACCOUNT}:{id}")}),
        json!({"Options": {"ruleName": id}}),
    ))
    .expect("json");
    guard_duty["Capabilities"] = json!(["CAPABILITY_IAM"]);
    s.write("guardDuty.json", &guard_duty.to_string());
    let run = |args: &[&str]| s.hydrate(&e.strict).args(args).output().expect("runs");
    assert!(run(&["bootstrap"]).status.success());

    let out = run(&["stack", "create", "iamSetup"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        !text(&out).contains("fallback"),
        "strict mode never fakes: {}",
        text(&out)
    );
    // The role exists, with the MFA condition in its trust policy, read back through IAM itself.
    let trust = block_on(async {
        let role = iam(&e.strict)
            .get_role()
            .role_name(format!("{id}-admin"))
            .send()
            .await
            .expect("role exists");
        role.role()
            .map(|r| {
                r.assume_role_policy_document()
                    .unwrap_or_default()
                    .to_owned()
            })
            .unwrap_or_default()
    });
    let trust = trust.replace("%22", "\"").replace("%3A", ":");
    assert!(trust.contains("aws:MultiFactorAuthPresent"), "{trust}");

    let out = run(&["stack", "create", "iamSetup"]);
    assert!(
        !out.status.success()
            && text(&out).contains("already exists")
            && text(&out).contains("update"),
        "{}",
        text(&out)
    );
    let out = run(&["stack", "update", "iamSetup"]);
    assert!(
        out.status.success() && text(&out).contains("up to date"),
        "{}",
        text(&out)
    );

    // GuardDuty is not emulated: in strict mode the stack fails, and says why.
    let out = run(&["stack", "create", "guardDuty"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("Failed resources:") && text(&out).contains("AWS::GuardDuty::Detector"),
        "{}",
        text(&out)
    );
    assert!(run(&["-y", "stack", "delete", "iamSetup"]).status.success());
}
