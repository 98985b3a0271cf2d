use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::*;
use crate::params::{AccountDir, ErrorKind, ParamsErrors};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example-org")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy");
        }
    }
}

/// A copy of params/example-org (and params/example, its Management) in a temporary params/.
struct Org {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Org {
    fn new() -> Org {
        let tmp = tempfile::tempdir().expect("temp dir");
        let params = tmp.path().join("params");
        copy_dir(&example(), &params.join("example-org"));
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example"),
            &params.join("example"),
        );
        Org {
            dir: params.join("example-org"),
            _tmp: tmp,
        }
    }

    fn file(&self) -> PathBuf {
        self.dir.join(ORGANIZATION_FILE)
    }

    /// Changes organization.json.
    fn edit(&self, change: impl FnOnce(&mut Value)) -> &Self {
        let mut org: Value =
            serde_json::from_str(&fs::read_to_string(self.file()).expect("read")).expect("json");
        change(&mut org);
        fs::write(
            self.file(),
            serde_json::to_string_pretty(&org).expect("json"),
        )
        .expect("write");
        self
    }

    /// Changes one stack file of a baseline.
    fn edit_stack(&self, baseline: &str, stack: &str, change: impl FnOnce(&mut Value)) -> &Self {
        let file = baseline_dir(&self.dir, baseline).join(format!("{stack}.json"));
        let mut sf: Value =
            serde_json::from_str(&fs::read_to_string(&file).expect("read")).expect("json");
        change(&mut sf);
        fs::write(&file, sf.to_string()).expect("write");
        self
    }

    fn errors(&self) -> ParamsErrors {
        match OrgDir::load(&self.dir) {
            Ok(_) => panic!("{} loads", self.dir.display()),
            Err(e) => e,
        }
    }

    /// The one problem at `field`, whose text holds `text`.
    fn problem(&self, field: &str, text: &str) -> crate::params::ParamsError {
        let errors = self.errors();
        let found: Vec<_> = errors
            .problems
            .iter()
            .filter(|p| p.field == field)
            .collect();
        assert_eq!(found.len(), 1, "one problem at {field}: {errors}");
        assert!(found[0].problem.contains(text), "{field}: {errors}");
        found[0].clone()
    }
}

#[test]
fn the_example_organization_loads() {
    let org = OrgDir::load(&example()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(org.name, "example-org");
    assert_eq!(org.management_account_id, "123456789012");
    assert_eq!(org.regions, ["us-east-1", "eu-west-1"]);
    assert_eq!(org.call_as, CallAs::SelfAccount);
    assert_eq!(org.tags.get("org").map(String::as_str), Some("example"));
    let names: Vec<&str> = org.baselines.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["workload", "audit"]);
    let workload = org.baseline("workload").expect("workload");
    assert_eq!(workload.stack_set_name, "hydrate-workload");
    assert_eq!(workload.preferences, Preferences::default());
    assert_eq!(workload.auto_deployment, AutoDeployment::default());
    let ous: Vec<String> = workload
        .organizational_units
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(ous, ["Root/Workloads", "Root/Sandbox"]);
    assert!(workload.account.stack("iamSetup").is_some());
    assert_eq!(workload.account.account.account_id, BASELINE_ACCOUNT_ID);
    assert!(workload
        .account
        .stacks
        .iter()
        .all(|s| !s.stack_name.contains(BASELINE_ACCOUNT_ID)
            && s.tags.values().all(|v| !v.contains(BASELINE_ACCOUNT_ID))));
    let audit = org.baseline("audit").expect("audit");
    assert_eq!(audit.stack_set_name, "hydrate-audit");
    assert!(
        audit.auto_deployment.enabled && audit.auto_deployment.retain_stacks_on_account_removal
    );
    assert_eq!(
        audit.preferences,
        Preferences {
            region_concurrency: RegionConcurrency::Sequential,
            max_concurrent: Amount::Count(1),
            failure_tolerance: Amount::Count(0),
            concurrency_mode: ConcurrencyMode::StrictFailureTolerance,
        }
    );
    assert!(org.management_dir().is_some_and(|d| d.ends_with("example")));
    assert!(org.file().ends_with("example-org/organization.json"));
}

#[test]
fn the_api_strings() {
    assert_eq!(CallAs::SelfAccount.to_string(), "SELF");
    assert_eq!(CallAs::DelegatedAdmin.as_str(), "DELEGATED_ADMIN");
    assert_eq!(RegionConcurrency::Parallel.as_str(), "PARALLEL");
    assert_eq!(
        ConcurrencyMode::SoftFailureTolerance.as_str(),
        "SOFT_FAILURE_TOLERANCE"
    );
}

#[test]
fn unknown_keys_and_values_are_named_with_a_suggestion_and_a_position() {
    let org = Org::new();
    org.edit(|o| o["Baselines"]["audit"]["OrganisationalUnits"] = json!(["Root/Security"]));
    let e = org.errors();
    let p = e.first().expect("a problem");
    assert_eq!(p.kind, ErrorKind::UnknownKey);
    assert_eq!(p.field, "Baselines.audit.OrganisationalUnits");
    assert!(
        p.problem.contains("did you mean `OrganizationalUnits`?"),
        "{p}"
    );
    assert!(p.position.is_some(), "{p}");

    let org = Org::new();
    org.edit(|o| o["CallAs"] = json!("DELEGATED_ADMN"));
    let p = org.errors().first().cloned().expect("a problem");
    assert_eq!(p.field, "CallAs");
    assert!(p.problem.contains("did you mean `DELEGATED_ADMIN`?"), "{p}");
}

#[test]
fn a_baseline_written_twice_is_refused_not_dropped() {
    let org = Org::new();
    let text = fs::read_to_string(org.file()).expect("read");
    let twice = text.replacen(
        "\"audit\": {",
        "\"audit\": { \"OrganizationalUnits\": [\"Root/X\"] },\n    \"audit\": {",
        1,
    );
    assert_ne!(twice, text);
    fs::write(org.file(), twice).expect("write");
    let e = org.errors();
    let p = e.first().expect("a problem");
    assert!(
        p.problem.contains("baseline `audit` is written twice"),
        "{e}"
    );
    assert!(p.position.is_some(), "{e}");
}

#[test]
fn the_management_account_id_is_twelve_digits() {
    let org = Org::new();
    org.edit(|o| o["ManagementAccountId"] = json!("12345"));
    let p = org.problem("ManagementAccountId", "not an account id");
    assert_eq!(p.position, Some((3, 3)), "the key's line and column: {p}");
}

#[test]
fn regions_follow_the_account_rules() {
    let org = Org::new();
    org.edit(|o| o["Regions"] = json!(["eu-west-1", "us-east-1"]));
    org.problem("Regions[0]", "home region `us-east-1` comes first");
    let org = Org::new();
    org.edit(|o| o["Regions"] = json!(["us-east-1", "us-east-1"]));
    org.problem("Regions[1]", "listed twice");
    let org = Org::new();
    org.edit(|o| o["Regions"] = json!(["us-east-1", "cn-north-1"]));
    let p = org.problem("Regions[1]", "another partition");
    assert_eq!(p.file, org.file());
    // Every baseline needs the regions: their stack files are not checked, and say so.
    let e = org.errors();
    assert_eq!(e.not_checked.len(), 2, "{e}");
    assert!(
        e.to_string().contains("depends on organization.json"),
        "{e}"
    );
}

#[test]
fn organization_tags_cannot_hold_per_account_values() {
    let org = Org::new();
    org.edit(|o| o["Tags"]["owner"] = json!("{{account.name}}"));
    org.problem("Tags.owner", "`{{account.name}}` has no value here");
    let org = Org::new();
    org.edit(|o| o["Tags"]["aws:owner"] = json!("x"));
    org.problem("Tags.aws:owner", "reserved for AWS");
}

#[test]
fn baselines_are_required() {
    let org = Org::new();
    org.edit(|o| o["Baselines"] = json!({}));
    let e = org.errors();
    assert!(
        e.problems
            .iter()
            .any(|p| p.field == "Baselines" && p.problem.contains("no baseline")),
        "{e}"
    );
}

#[test]
fn baseline_and_stack_set_names_are_checked() {
    let org = Org::new();
    org.edit(|o| o["Baselines"]["audit"]["StackSetName"] = json!("9lives"));
    org.problem("Baselines.audit.StackSetName", "not a stack set name");
    let org = Org::new();
    org.edit(|o| o["Baselines"]["audit"]["StackSetName"] = json!("hydrate-workload"));
    org.problem(
        "Baselines.audit.StackSetName",
        "also baseline workload's stack set",
    );
    let org = Org::new();
    org.edit(|o| {
        let audit = o["Baselines"]["audit"].clone();
        o["Baselines"]["my_audit"] = audit;
    });
    org.problem("Baselines.my_audit", "cannot name a baseline");
}

#[test]
fn organizational_units_are_ids_or_paths_from_the_root_each_once() {
    let cases = [
        (
            json!([]),
            "Baselines.audit.OrganizationalUnits",
            "no organizational unit",
        ),
        (
            json!(["ou-ab12-345"]),
            "Baselines.audit.OrganizationalUnits[0]",
            "is not an OU id",
        ),
        (
            json!(["r-AB12"]),
            "Baselines.audit.OrganizationalUnits[0]",
            "is not an OU id",
        ),
        (
            json!(["Security"]),
            "Baselines.audit.OrganizationalUnits[0]",
            "`Root/Security`",
        ),
        (
            json!(["root/Security"]),
            "Baselines.audit.OrganizationalUnits[0]",
            "capital R",
        ),
        (
            json!(["Root//Security"]),
            "Baselines.audit.OrganizationalUnits[0]",
            "part 2 of the path is empty",
        ),
        (
            json!(["Root/Security/"]),
            "Baselines.audit.OrganizationalUnits[0]",
            "without one at the end",
        ),
        (
            json!(["Root/Security", "Root/Security"]),
            "Baselines.audit.OrganizationalUnits[1]",
            "listed twice",
        ),
        (
            json!(["Root/Security", "Root/Security/Logs"]),
            "Baselines.audit.OrganizationalUnits[1]",
            "`Root/Security/Logs` is inside `Root/Security`",
        ),
        (
            json!(["Root/Security/Logs", "Root"]),
            "Baselines.audit.OrganizationalUnits[1]",
            "`Root/Security/Logs` is inside `Root`",
        ),
        (
            json!(["ou-ab12-34567890", "r-ab12"]),
            "Baselines.audit.OrganizationalUnits[1]",
            "inside `r-ab12`",
        ),
        (
            json!(["ou-ab12-34567890", "ou-ab12-34567890"]),
            "Baselines.audit.OrganizationalUnits[1]",
            "listed twice",
        ),
    ];
    for (ous, field, text) in cases {
        let org = Org::new();
        org.edit(|o| o["Baselines"]["audit"]["OrganizationalUnits"] = ous.clone());
        org.problem(field, text);
    }
    let org = Org::new();
    org.edit(|o| {
        o["Baselines"]["audit"]["OrganizationalUnits"] =
            json!(["ou-ab12-34567890", "r-ab12cd", "Root/A B/C"]);
        o["Baselines"]["workload"]["OrganizationalUnits"] = json!(["Root/Security/Logs"]);
    });
    // Overlap between baselines is the organization's choice; within one it is a mistake.
    let errors = org.errors();
    assert!(
        errors
            .problems
            .iter()
            .all(|p| !p.field.contains("workload")),
        "{errors}"
    );
    let targets = parse_targets(&[
        "ou-ab12-34567890".into(),
        "Root/A B/C".into(),
        "Root".into(),
    ]);
    assert!(targets.is_err(), "the root holds the others");
    let ok = parse_targets(&["ou-ab12-34567890".into(), "Root/A B/C".into()]).expect("parses");
    assert_eq!(ok[0], OuTarget::Id("ou-ab12-34567890".into()));
    assert_eq!(ok[1], OuTarget::Path(vec!["A B".into(), "C".into()]));
    assert_eq!(ok[1].to_string(), "Root/A B/C");
    assert!(OuTarget::parse("Root").expect("the root").is_root());
}

mod baselines;
mod preferences;

#[test]
fn delegated_administrators_are_member_account_ids() {
    let org = Org::new();
    org.edit(|o| {
        o["DelegatedAdministrators"] =
            json!({"GuardDuty": "222233334444", "Config": "222233334444"})
    });
    let loaded = OrgDir::load(&org.dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        loaded.delegated_administrators.each(),
        [("GuardDuty", "222233334444"), ("Config", "222233334444")]
    );

    let org = Org::new();
    org.edit(|o| o["DelegatedAdministrators"] = json!({"SecurityHub": "2222"}));
    let p = org.problem("DelegatedAdministrators.SecurityHub", "not an account id");
    assert!(p.position.is_some(), "{p}");

    let org = Org::new();
    org.edit(|o| o["DelegatedAdministrators"] = json!({"GuardDuty": "123456789012"}));
    org.problem(
        "DelegatedAdministrators.GuardDuty",
        "is the management account",
    );

    let org = Org::new();
    org.edit(|o| o["DelegatedAdministrators"] = json!({"Guardduty": "222233334444"}));
    let p = org.errors().first().cloned().expect("a problem");
    assert_eq!(p.field, "DelegatedAdministrators.Guardduty");
    assert!(p.problem.contains("did you mean `GuardDuty`?"), "{p}");
}
