//! `hydrate drift` against the emulator (LocalStack core, strict), through the binary: an
//! untouched account is in sync for hydrate's direct comparison and "not available" for
//! CloudFormation's detection (LocalStack has none: exit 1, never "in sync"); an action added to
//! the developer role, a weakened password policy and suspended versioning of the template bucket,
//! and the alert topic's key rotation turned off, all made behind hydrate's back with the SDK, are
//! each named with expected and actual.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

mod support;

use serde_json::{json, Value};
use support::{block_on, endpoints, iam, text, unique, Scratch, ACCOUNT};

fn s3(endpoint: &str) -> aws_sdk_s3::Client {
    let creds = aws_sdk_s3::config::Credentials::new(ACCOUNT, "test", None, None, "tests");
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .force_path_style(true)
        .credentials_provider(creds)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

fn kms(endpoint: &str) -> aws_sdk_kms::Client {
    let creds = aws_sdk_kms::config::Credentials::new(ACCOUNT, "test", None, None, "tests");
    let config = aws_sdk_kms::Config::builder()
        .behavior_version(aws_sdk_kms::config::BehaviorVersion::latest())
        .region(aws_sdk_kms::config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(creds)
        .build();
    aws_sdk_kms::Client::from_conf(config)
}

/// The JSON lines of a run's stdout.
fn lines(out: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

/// Adds an action to the first statement of the developer role's inline policy, with the SDK.
fn add_developer_action(endpoint: &str, role: &str, action: &str) {
    block_on(async {
        let client = iam(endpoint);
        let out = client
            .get_role_policy()
            .role_name(role)
            .policy_name("developer")
            .send()
            .await
            .expect("the developer policy");
        let text = out.policy_document();
        let decoded = urlencoding_decode(text);
        let mut doc: Value = serde_json::from_str(&decoded).expect("a JSON policy");
        doc["Statement"][0]["Action"]
            .as_array_mut()
            .expect("a list of actions")
            .push(json!(action));
        client
            .put_role_policy()
            .role_name(role)
            .policy_name("developer")
            .policy_document(doc.to_string())
            .send()
            .await
            .expect("the policy is replaced");
    });
}

fn urlencoding_decode(text: &str) -> String {
    if serde_json::from_str::<Value>(text).is_ok() {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn changes_behind_hydrates_back_are_named_with_expected_and_actual() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("dr");
    s.write(
        "iamSetup.json",
        &json!({
            "StackName": format!("{id}-iam"),
            "Capabilities": ["CAPABILITY_NAMED_IAM"],
            "Hydrate": {"Options": {"namePrefix": id}},
        })
        .to_string(),
    );
    let account: Value =
        serde_json::from_str(&std::fs::read_to_string(s.dir.join("account.json")).expect("read"))
            .expect("JSON");
    s.write(
        "snsNotify.json",
        &json!({
            "StackName": format!("{id}-sns"),
            "Parameters": {"AlertEmail": "alerts@example.com"},
            "Hydrate": {"Template": "snsNotify", "Options": {"topicName": format!("{id}-alerts"), "adminRole": {"namePrefix": id}}},
        })
        .to_string(),
    );
    let bucket = account["TemplateBucket"]
        .as_str()
        .expect("a bucket")
        .to_owned();
    let run = |args: &[&str]| s.hydrate(&e.strict).args(args).output().expect("runs");
    assert!(run(&["bootstrap"]).status.success());
    for stack in ["iamSetup", "snsNotify"] {
        let out = run(&["stack", "create", stack]);
        assert!(out.status.success(), "{}", text(&out));
    }

    // Untouched: hydrate's comparison is in sync; CloudFormation's is not available, so exit 1.
    let out = run(&["drift"]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(stdout.contains("bootstrap settings: in sync"), "{stdout}");
    assert!(
        stdout.contains("hydrate:        in sync (8 compared)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("cloudformation: not checked: CloudFormation drift detection not available at this endpoint"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("iamSetup (") || !stdout.contains("): in sync"),
        "{stdout}"
    );

    // Behind hydrate's back: an action for the developer, a weaker password policy, versioning
    // off, the topic key's rotation off.
    add_developer_action(&e.strict, &format!("{id}-developer"), "iam:CreateAccessKey");
    let key_id = support::cfn(&e.strict);
    let key_id = block_on(async {
        key_id
            .describe_stack_resource()
            .stack_name(format!("{id}-sns"))
            .logical_resource_id("TopicKey")
            .send()
            .await
            .expect("the topic key")
            .stack_resource_detail()
            .and_then(|d| d.physical_resource_id().map(str::to_owned))
            .expect("its id")
    });
    block_on(async {
        kms(&e.strict)
            .disable_key_rotation()
            .key_id(&key_id)
            .send()
            .await
            .expect("rotation is turned off");
        iam(&e.strict)
            .update_account_password_policy()
            .minimum_password_length(8)
            .send()
            .await
            .expect("the password policy is weakened");
        s3(&e.strict)
            .put_bucket_versioning()
            .bucket(&bucket)
            .versioning_configuration(
                aws_sdk_s3::types::VersioningConfiguration::builder()
                    .status(aws_sdk_s3::types::BucketVersioningStatus::Suspended)
                    .build(),
            )
            .send()
            .await
            .expect("versioning is suspended");
    });

    let out = run(&["drift"]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stdout.contains(
            "DeveloperRole AWS::IAM::Role Policies/developer: NOT_EQUAL (found by hydrate)"
        ) && stdout.contains("+ Action iam:CreateAccessKey (statement DeployToServices)"),
        "{stdout}"
    );
    let json = lines(&run(&["--output", "json", "drift"]));
    let drifts: Vec<&Value> = json.iter().filter(|v| v["kind"] == "drift").collect();
    let developer = drifts
        .iter()
        .find(|d| d["logical_id"] == "DeveloperRole")
        .expect("the developer role drifted");
    assert_eq!(developer["property"], "Policies/developer");
    assert_eq!(developer["source"], "hydrate");
    assert!(developer["expected"]
        .as_str()
        .unwrap()
        .contains("DeployToServices"));
    assert!(developer["actual"]
        .as_str()
        .unwrap()
        .contains("iam:CreateAccessKey"));
    let password = drifts
        .iter()
        .find(|d| d["logical_id"] == "IAM password policy")
        .expect("the password policy drifted");
    assert!(password["expected"]
        .as_str()
        .unwrap()
        .starts_with("length >= 14"));
    assert!(
        password["actual"]
            .as_str()
            .unwrap()
            .starts_with("length >= 8"),
        "{password}"
    );
    let versioning = drifts
        .iter()
        .find(|d| d["logical_id"] == "template bucket versioning")
        .expect("versioning drifted");
    assert_eq!(
        (
            versioning["expected"].as_str(),
            versioning["actual"].as_str()
        ),
        (Some("Enabled"), Some("Suspended"))
    );
    let key = drifts
        .iter()
        .find(|d| d["logical_id"] == "TopicKey")
        .expect("the topic key drifted");
    assert_eq!(
        (
            key["property"].as_str(),
            key["expected"].as_str(),
            key["actual"].as_str()
        ),
        (Some("EnableKeyRotation"), Some("true"), Some("false"))
    );
    let summary = json
        .iter()
        .find(|v| v["kind"] == "drift_stack" && v["stack"] == "iamSetup")
        .expect("a summary of iamSetup");
    assert_eq!(summary["hydrate"]["state"], "drifted");
    assert_eq!(summary["cloudformation"]["state"], "not_checked");

    // bootstrap puts the settings back; the stack goes.
    assert!(run(&["bootstrap"]).status.success());
    for stack in ["snsNotify", "iamSetup"] {
        assert!(run(&["-y", "stack", "delete", stack]).status.success());
    }
}
