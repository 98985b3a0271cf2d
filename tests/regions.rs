//! An account of three regions against LocalStack core: global stacks once in the home region,
//! a regional catalog stack (guardDuty) once per region, each region's stack reading the home
//! region's topic; `status` and `down` cover every region.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

mod support;

use serde_json::json;
use support::{block_on, cfn_in, endpoints, text, unique, Scratch, ACCOUNT};

const TOPIC: &str = r#"{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}, "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}}}}"#;
const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-southeast-2"];

/// The stack's status in a region, `None` when there is no live stack of that name.
fn status_in(endpoint: &str, region: &str, name: &str) -> Option<String> {
    block_on(async {
        let out = cfn_in(endpoint, region)
            .describe_stacks()
            .stack_name(name)
            .send()
            .await
            .ok()?;
        let stack = out.stacks().first()?;
        let status = stack.stack_status()?.as_str().to_owned();
        (status != "DELETE_COMPLETE").then_some(status)
    })
}

fn account(s: &Scratch, id: &str) {
    s.write(
        "account.json",
        &json!({
            "AccountId": ACCOUNT, "Region": "us-east-1", "Regions": REGIONS,
            "TemplateBucket": unique("tpl"), "Tags": {"project": "hydrate-tests"}
        })
        .to_string(),
    );
    s.write("topic.template.json", TOPIC);
    s.write(
        "topic.json",
        &json!({"StackName": format!("{id}-topic"), "Hydrate": {"TemplateFile": "topic.template.json"}})
            .to_string(),
    );
    s.write(
        "guardDuty.json",
        &json!({
            "StackName": format!("{id}-guardduty"),
            "Capabilities": ["CAPABILITY_IAM"],
            "Parameters": {
                "AlarmTopicArn": "{{output \"topic\" \"TopicArn\"}}",
                "HomeRegion": "{{account.region}}"
            },
            "Hydrate": {"Template": "guardDuty"}
        })
        .to_string(),
    );
}

#[test]
fn a_regional_stack_goes_to_every_region_and_a_global_one_only_home() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("r");
    account(&s, &id);
    let run = |args: &[&str]| s.hydrate(&e.cfn).args(args).output().expect("runs");

    let plan = run(&["--output", "json", "up", "--dry-run", "--offline"]);
    assert!(plan.status.success(), "{}", text(&plan));
    let planned: Vec<serde_json::Value> = String::from_utf8_lossy(&plan.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|v: &serde_json::Value| v["kind"] == "planned")
        .collect();
    let keys: Vec<(&str, &str)> = planned
        .iter()
        .map(|p| (p["stack"].as_str().unwrap(), p["region"].as_str().unwrap()))
        .collect();
    assert_eq!(
        keys,
        [
            ("topic", "us-east-1"),
            ("guardDuty@ap-southeast-2", "ap-southeast-2"),
            ("guardDuty@eu-west-1", "eu-west-1"),
            ("guardDuty@us-east-1", "us-east-1"),
        ],
        "{}",
        text(&plan)
    );

    let up = run(&["--yes", "up"]);
    let out = text(&up);
    assert!(up.status.success(), "{out}");
    // Checked from the outside: one detector stack per region, the topic only at home.
    for region in REGIONS {
        assert_eq!(
            status_in(&e.cfn, region, &format!("{id}-guardduty")).as_deref(),
            Some("CREATE_COMPLETE"),
            "guardDuty in {region}: {out}"
        );
    }
    assert!(status_in(&e.cfn, "us-east-1", &format!("{id}-topic")).is_some());
    assert_eq!(status_in(&e.cfn, "eu-west-1", &format!("{id}-topic")), None);
    // The summary has a region column.
    assert!(
        out.lines()
            .any(|l| l.starts_with("guardDuty@eu-west-1") && l.contains(" eu-west-1 ")),
        "{out}"
    );

    let again = run(&["--yes", "up"]);
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(
        text(&again).matches("up to date").count(),
        4,
        "{}",
        text(&again)
    );

    let status = run(&["--output", "json", "status"]);
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&status.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert_eq!(rows.len(), 4, "{}", text(&status));
    assert!(
        rows.iter().all(|r| r["status"] == "CREATE_COMPLETE"),
        "{rows:?}"
    );

    let one = run(&["stack", "status", "guardDuty@ap-southeast-2"]);
    assert!(one.status.success(), "{}", text(&one));
    assert!(text(&one).contains("CREATE_COMPLETE"), "{}", text(&one));

    let down = run(&["--yes", "down"]);
    assert!(down.status.success(), "{}", text(&down));
    for region in REGIONS {
        assert_eq!(status_in(&e.cfn, region, &format!("{id}-guardduty")), None);
    }
}

#[test]
fn a_regional_stack_is_named_with_its_region_and_the_home_region_stays_put() {
    let s = Scratch::new(ACCOUNT);
    account(&s, &unique("r"));
    // No emulator is reached: both are refused before any call.
    let plain = s
        .hydrate("http://127.0.0.1:9")
        .args(["stack", "status", "guardDuty"])
        .output()
        .expect("runs");
    assert_eq!(plain.status.code(), Some(2), "{}", text(&plain));
    assert!(
        text(&plain).contains(
            "name one: guardDuty@us-east-1, guardDuty@eu-west-1, guardDuty@ap-southeast-2"
        ),
        "{}",
        text(&plain)
    );
    let moved = s
        .hydrate("http://127.0.0.1:9")
        .args(["--region", "eu-west-1", "status"])
        .output()
        .expect("runs");
    assert_eq!(moved.status.code(), Some(2), "{}", text(&moved));
    assert!(
        text(&moved).contains("a run cannot move the home region"),
        "{}",
        text(&moved)
    );
}
