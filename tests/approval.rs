//! The access delta and the approval gate against the emulator, through the binary: an iamSetup
//! change that gives the developer role another service shows the gain in `stack diff`, is
//! refused off a terminal without `--yes` (exit 3, the stack unchanged) and applies with it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

mod support;

use serde_json::{json, Value};
use support::{block_on, cfn, endpoints, text, unique, Scratch, ACCOUNT};

fn iam_setup(id: &str, services: &[&str]) -> String {
    json!({
        "StackName": format!("{id}-iam"),
        "Capabilities": ["CAPABILITY_NAMED_IAM"],
        "Hydrate": {"Options": {"namePrefix": id, "developerServices": services}},
    })
    .to_string()
}

/// Whether the deployed developer role may use SQS: an Allow statement with an `sqs:` action.
fn developer_has_sqs(endpoint: &str, stack: &str) -> bool {
    let body = deployed_template(endpoint, stack);
    let template: Value = serde_json::from_str(&body).expect("the deployed template is JSON");
    let policies = &template["Resources"]["DeveloperRole"]["Properties"]["Policies"];
    policies.as_array().into_iter().flatten().any(|p| {
        p["PolicyDocument"]["Statement"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["Effect"] == "Allow")
            .any(|s| s["Action"].to_string().contains("\"sqs:"))
    })
}

fn deployed_template(endpoint: &str, stack: &str) -> String {
    block_on(async {
        cfn(endpoint)
            .get_template()
            .stack_name(stack)
            .send()
            .await
            .expect("template read")
            .template_body()
            .unwrap_or_default()
            .to_owned()
    })
}

#[test]
fn a_new_developer_action_is_shown_held_without_yes_and_applied_with_it() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("a");
    let stack = format!("{id}-iam");
    s.write("iamSetup.json", &iam_setup(&id, &["s3"]));
    let run = |args: &[&str]| s.hydrate(&e.strict).args(args).output().expect("runs");
    assert!(run(&["bootstrap"]).status.success());
    let out = run(&["stack", "create", "iamSetup"]);
    assert!(out.status.success(), "{}", text(&out));

    s.write("iamSetup.json", &iam_setup(&id, &["s3", "sqs"]));
    let out = run(&["stack", "diff", "iamSetup"]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        stdout.contains("iamSetup: access delta")
            && stdout.contains("+ iamSetup.DeveloperRole sqs:"),
        "{stdout}"
    );
    let out = run(&["--output", "json", "stack", "diff", "iamSetup"]);
    let access: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .filter(|v: &Value| v["kind"] == "access")
        .collect();
    assert!(
        access
            .iter()
            .any(|a| a["principal"] == "iamSetup.DeveloperRole"
                && a["change"] == "gain"
                && a["what"].as_str().unwrap_or_default().starts_with("sqs:")),
        "{access:?}"
    );

    // Off a terminal (the test's stdin is not one), without --yes: held, exit 3, nothing applied.
    let out = run(&["stack", "update", "iamSetup"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(
        text(&out).contains("needs approval")
            && text(&out).contains("+ iamSetup.DeveloperRole sqs:"),
        "{}",
        text(&out)
    );
    assert!(!developer_has_sqs(&e.strict, &stack));

    let out = run(&["-y", "stack", "update", "iamSetup"]);
    assert!(
        out.status.success() && text(&out).contains("updated"),
        "{}",
        text(&out)
    );
    assert!(developer_has_sqs(&e.strict, &stack));
    let out = run(&["stack", "diff", "iamSetup"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("no change in access"),
        "{}",
        text(&out)
    );
    assert!(run(&["-y", "stack", "delete", "iamSetup"]).status.success());
}
