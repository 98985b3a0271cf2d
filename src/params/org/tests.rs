use std::path::{Path, PathBuf};

use super::*;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example-org")
}

#[test]
fn the_example_organization_loads() {
    let org = OrgDir::load(&example()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(org.name, "example-org");
    assert_eq!(org.management_account_id, "123456789012");
    assert_eq!(org.regions, ["us-east-1", "eu-west-1"]);
    assert_eq!(org.call_as, CallAs::SelfAccount);
    let names: Vec<&str> = org.baselines.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["workload", "audit"]);
    let workload = org.baseline("workload").expect("workload");
    assert_eq!(workload.stack_set_name, "hydrate-workload");
    assert_eq!(workload.preferences, Preferences::default());
    assert!(workload.account.stack("iamSetup").is_some());
    let audit = org.baseline("audit").expect("audit");
    assert_eq!(audit.stack_set_name, "hydrate-audit");
    assert!(audit.auto_deployment.retain_stacks_on_account_removal);
    assert_eq!(audit.organizational_units[0].to_string(), "Root/Security");
    assert!(org.management_dir().is_some_and(|d| d.ends_with("example")));
}
