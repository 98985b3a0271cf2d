//! Properties of every rendered stack in `stacks/`: audit data is retained, checkov skips carry a
//! reason, alarms are wired through parameters, and the CIS patterns fit CloudWatch's limit.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use std::path::Path;

use serde_json::Value;

fn stacks() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("stacks");
    let mut all: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .expect("stacks/ exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            let name = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (name, serde_json::from_str(&text).expect("valid JSON"))
        })
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(all.len() >= hydrate::stacks::catalog().len());
    all
}

fn resources(t: &Value) -> impl Iterator<Item = (&String, &Value)> {
    t["Resources"].as_object().expect("Resources").iter()
}

#[test]
fn audit_data_is_retained_on_delete_and_on_replacement() {
    let mut seen = 0;
    for (stack, t) in stacks() {
        for (id, r) in resources(&t) {
            let kind = r["Type"].as_str().unwrap_or_default();
            // The deployer's own list: whatever it asks before destroying, the baseline retains.
            if hydrate::cfn::DATA_HOLDING_TYPES.contains(&kind) {
                seen += 1;
                assert_eq!(
                    r["DeletionPolicy"], "Retain",
                    "{stack}.{id} ({kind}) is deleted with its stack"
                );
                assert_eq!(
                    r["UpdateReplacePolicy"], "Retain",
                    "{stack}.{id} ({kind}) is deleted on replacement"
                );
            }
        }
    }
    // trail bucket, access-log bucket, log group, trail key, topic key
    assert!(seen >= 5, "only {seen} data-holding resources found");
}

#[test]
fn every_checkov_skip_has_a_reason() {
    for (stack, t) in stacks() {
        for (id, r) in resources(&t) {
            for skip in r["Metadata"]["checkov"]["skip"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let check = skip["id"].as_str().unwrap_or_default();
                let reason = skip["comment"].as_str().unwrap_or_default();
                assert!(
                    check.starts_with("CKV_"),
                    "{stack}.{id}: skip without a check id: {skip}"
                );
                assert!(
                    reason.split_whitespace().count() >= 5,
                    "{stack}.{id}: {check} skipped without a reason"
                );
            }
        }
    }
}

#[test]
fn alarms_read_the_trail_log_group_and_notify_the_topic_through_parameters() {
    for spec in hydrate::stacks::alarms::CIS_ALARMS {
        let (_, t) = stacks()
            .into_iter()
            .find(|(n, _)| n == spec.name)
            .expect("alarm stack rendered");
        let filter = &t["Resources"]["MetricFilter"]["Properties"];
        assert_eq!(
            filter["LogGroupName"],
            serde_json::json!({"Ref": "LogGroupName"}),
            "{}",
            spec.name
        );
        assert_eq!(filter["FilterPattern"], spec.pattern, "{}", spec.name);
        let alarm = &t["Resources"]["Alarm"]["Properties"];
        assert_eq!(
            alarm["AlarmActions"],
            serde_json::json!([{"Ref": "AlarmTopicArn"}]),
            "{}",
            spec.name
        );
        assert_eq!(
            alarm["MetricName"],
            filter["MetricTransformations"][0]["MetricName"]
        );
        assert_eq!(
            alarm["Namespace"],
            filter["MetricTransformations"][0]["MetricNamespace"]
        );
        assert!(
            t["Parameters"]["LogGroupName"].get("Default").is_none(),
            "log group must be wired, not defaulted"
        );
    }
}

#[test]
fn cis_patterns_fit_the_filter_pattern_limit_and_are_unique() {
    let specs = hydrate::stacks::alarms::CIS_ALARMS;
    assert_eq!(
        specs.iter().filter(|s| !s.cis.is_empty()).count(),
        15,
        "CIS v1.4 section 4 has 15 monitoring controls"
    );
    for spec in specs {
        assert!(
            spec.pattern.len() <= hydrate::stacks::alarms::MAX_PATTERN_LEN,
            "{}: {} characters",
            spec.name,
            spec.pattern.len()
        );
        assert!(
            spec.pattern.starts_with('{') && spec.pattern.ends_with('}'),
            "{}",
            spec.name
        );
    }
    let mut cis: Vec<&str> = specs
        .iter()
        .map(|s| s.cis)
        .filter(|c| !c.is_empty())
        .collect();
    cis.dedup();
    assert_eq!(cis.len(), 15);
}

#[test]
fn seed_kit_alarm_names_are_aliases_of_the_cis_templates() {
    let find = |n| hydrate::stacks::find(n).map(|e| e.name);
    assert_eq!(find("iamAlarm"), Some("iamPolicyChanges"));
    assert_eq!(find("rootAccountAlarm"), Some("rootAccountUsage"));
}

#[test]
fn the_trail_records_reads_and_writes_everywhere_with_validation() {
    let (_, t) = stacks()
        .into_iter()
        .find(|(n, _)| n == "cloudTrail")
        .expect("cloudTrail rendered");
    let trail = &t["Resources"]["Trail"]["Properties"];
    assert_eq!(trail["IsMultiRegionTrail"], true);
    assert_eq!(trail["EnableLogFileValidation"], true);
    assert_eq!(trail["IncludeGlobalServiceEvents"], true);
    assert_eq!(trail["EventSelectors"][0]["ReadWriteType"], "All");
    let writer = &t["Resources"]["TrailLogsRole"]["Properties"]["Policies"][0]["PolicyDocument"]
        ["Statement"][0];
    assert_eq!(
        writer["Resource"],
        serde_json::json!([{"Fn::GetAtt": ["TrailLogGroup", "Arn"]}])
    );
}

#[test]
fn the_topic_key_grants_eventbridge_without_source_conditions() {
    let (_, t) = stacks()
        .into_iter()
        .find(|(n, _)| n == "snsNotify")
        .expect("snsNotify rendered");
    let statements = t["Resources"]["TopicKey"]["Properties"]["KeyPolicy"]["Statement"]
        .as_array()
        .expect("list");
    let grant = statements
        .iter()
        .find(|s| {
            s["Principal"]["Service"]
                .as_array()
                .is_some_and(|p| p.contains(&"events.amazonaws.com".into()))
        })
        .expect("EventBridge may use the key");
    assert!(
        grant.get("Condition").is_none(),
        "a condition here silently drops GuardDuty alerts"
    );
}
