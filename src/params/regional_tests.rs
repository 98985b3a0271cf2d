use std::collections::BTreeMap;
use std::fs;

use super::*;
use crate::params::AccountDir;

/// params/example with the account file's `Regions` set.
fn example_in(regions: &[&str]) -> (tempfile::TempDir, AccountDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example");
    for entry in fs::read_dir(&example).expect("example") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name");
        fs::copy(&path, dir.path().join(name)).expect("copy");
    }
    let file = dir.path().join("account.json");
    let mut account: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&file).expect("read")).expect("json");
    account["Regions"] = serde_json::json!(regions);
    fs::write(&file, account.to_string()).expect("write");
    let loaded = AccountDir::load(dir.path()).expect("loads");
    (dir, loaded)
}

struct Outputs(BTreeMap<String, String>);

impl OutputSource for Outputs {
    fn output(&self, stack: &str, key: &str) -> Result<String, String> {
        self.0
            .get(&format!("{stack}.{key}"))
            .cloned()
            .ok_or_else(|| format!("no {stack}.{key}"))
    }
}

#[test]
fn one_region_keeps_the_file_names() {
    let (_dir, account) = example_in(&["us-east-1"]);
    assert!(account.stack("guardDuty").is_some());
    assert!(account.stacks.iter().all(|s| s.region.is_none()));
    assert!(account.regions.regional.contains("guardDuty"));
}

#[test]
fn a_regional_stack_is_one_stack_per_region_reading_the_home_topic() {
    let (_dir, account) = example_in(&["us-east-1", "eu-west-1", "ap-south-1"]);
    assert!(account.stack("guardDuty").is_none());
    for region in ["us-east-1", "eu-west-1", "ap-south-1"] {
        let stack = account
            .stack(&regional_key("guardDuty", region))
            .expect("an instance per region");
        assert_eq!(stack.region.as_deref(), Some(region));
        assert_eq!(file_key(&stack.key), "guardDuty");
        // The topic is global: every region's detector reads the home region's stack.
        let reads: Vec<&str> = stack
            .references
            .iter()
            .map(|(_, r)| r.stack.as_str())
            .collect();
        assert_eq!(reads, ["snsNotify"]);
        let outputs = Outputs([("snsNotify.TopicArn".to_owned(), "arn:topic".to_owned())].into());
        let resolved = account.resolve(stack, &outputs).expect("resolves");
        assert_eq!(resolved.parameters["AlarmTopicArn"], "arn:topic");
    }
    // Global stacks stay single, and the plan holds every instance once.
    assert!(account
        .stack("snsNotify")
        .is_some_and(|s| s.region.is_none()));
    let planned: Vec<&str> = account.plan.order().collect();
    assert_eq!(planned.len(), account.stacks.len());
    assert!(planned.contains(&"guardDuty@ap-south-1"));
}

#[test]
fn a_regional_name_means_the_instance_of_the_readers_region() {
    let regions = Regions {
        regions: vec!["us-east-1".into(), "eu-west-1".into()],
        regional: ["configRecorder".to_owned()].into(),
    };
    assert_eq!(
        regions.key_for("configRecorder", Some("eu-west-1")),
        "configRecorder@eu-west-1"
    );
    // A global stack reading a regional one reads the home region's.
    assert_eq!(
        regions.key_for("configRecorder", None),
        "configRecorder@us-east-1"
    );
    assert_eq!(regions.key_for("snsNotify", Some("eu-west-1")), "snsNotify");
}

#[test]
fn bad_regions_are_named_with_the_fix() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("account.json"),
        r#"{"AccountId":"123456789012","Region":"us-east-1","Regions":["eu-west-1","us-east-1","us-east-1","eu-wset-1","cn-north-1"]}"#,
    )
    .expect("write");
    let problems = AccountDir::load(dir.path())
        .expect_err("refused")
        .to_string();
    for expected in [
        "Regions[0]",
        "the home region `us-east-1` comes first",
        "Regions[2]",
        "listed twice",
        "Regions[3]",
        "did you mean `eu-west-1`?",
        "Regions[4]",
        "another partition",
    ] {
        assert!(problems.contains(expected), "{expected} in {problems}");
    }
}

#[test]
fn a_stack_file_named_with_the_separator_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("account.json"),
        r#"{"AccountId":"123456789012","Region":"us-east-1"}"#,
    )
    .expect("write");
    fs::write(
        dir.path().join("guardDuty@eu-west-1.json"),
        r#"{"StackName":"x","Hydrate":{"Template":"guardDuty"}}"#,
    )
    .expect("write");
    let problems = AccountDir::load(dir.path())
        .expect_err("refused")
        .to_string();
    assert!(problems.contains("guardDuty@eu-west-1.json"), "{problems}");
    assert!(
        problems.contains("rename the file without it"),
        "{problems}"
    );
}

#[test]
fn a_regional_stack_without_its_home_region_is_refused_once_regions_are_listed() {
    let (dir, _) = example_in(&["us-east-1"]);
    let file = dir.path().join("guardDuty.json");
    let mut stack: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&file).expect("read")).expect("json");
    stack["Parameters"]
        .as_object_mut()
        .expect("parameters")
        .remove("HomeRegion");
    fs::write(&file, stack.to_string()).expect("write");
    // One region: nothing to tell apart, the file is fine as it was.
    AccountDir::load(dir.path()).expect("loads in one region");
    let account = dir.path().join("account.json");
    let mut text: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&account).expect("read")).expect("json");
    text["Regions"] = serde_json::json!(["us-east-1", "eu-west-1"]);
    fs::write(&account, text.to_string()).expect("write");
    let problems = AccountDir::load(dir.path())
        .expect_err("refused")
        .to_string();
    assert!(problems.contains("guardDuty.json"), "{problems}");
    assert!(problems.contains("Parameters.HomeRegion"), "{problems}");
    assert_eq!(
        problems.matches("Parameters.HomeRegion").count(),
        1,
        "{problems}"
    );
}

#[test]
fn a_home_region_that_is_not_the_home_region_is_refused_even_in_one_region() {
    let (dir, _) = example_in(&["us-east-1"]);
    let file = dir.path().join("guardDuty.json");
    let mut stack: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&file).expect("read")).expect("json");
    stack["Parameters"]["HomeRegion"] = serde_json::json!("eu-west-1");
    fs::write(&file, stack.to_string()).expect("write");
    let problems = AccountDir::load(dir.path())
        .expect_err("refused")
        .to_string();
    assert!(problems.contains("guardDuty.json"), "{problems}");
    assert!(
        problems.contains("is `eu-west-1`, but the home region is `us-east-1`"),
        "{problems}"
    );
    // The literal home region is as good as {{account.region}}.
    stack["Parameters"]["HomeRegion"] = serde_json::json!("us-east-1");
    fs::write(&file, stack.to_string()).expect("write");
    AccountDir::load(dir.path()).expect("loads");
}
