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

#[test]
fn retaining_stacks_needs_auto_deployment() {
    let org = Org::new();
    org.edit(|o| o["Baselines"]["audit"]["AutoDeployment"]["Enabled"] = json!(false));
    org.problem(
        "Baselines.audit.AutoDeployment.RetainStacksOnAccountRemoval",
        "set Enabled to true",
    );
    let org = Org::new();
    org.edit(|o| {
        o["Baselines"]["audit"]["AutoDeployment"] = json!({ "RetainStacksOnAccountRemoval": true })
    });
    let loaded = OrgDir::load(&org.dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        loaded
            .baseline("audit")
            .expect("audit")
            .auto_deployment
            .enabled,
        "on by default"
    );
}

fn preferences(p: Value) -> Result<Preferences, Vec<(String, String)>> {
    Preferences::from_file(&serde_json::from_value(p).expect("preferences"))
}

#[test]
fn preferences_take_a_count_or_a_percentage_in_range() {
    assert_eq!(preferences(json!({})), Ok(Preferences::default()));
    let only_count = preferences(json!({ "FailureToleranceCount": 2 })).expect("valid");
    assert_eq!(only_count.failure_tolerance, Amount::Count(2));
    assert_eq!(
        only_count.max_concurrent,
        Amount::Percentage(100),
        "the other default stays"
    );
    let cases = [
        (
            json!({ "MaxConcurrentCount": 2, "MaxConcurrentPercentage": 50 }),
            "MaxConcurrentPercentage",
            "not both",
        ),
        (
            json!({ "FailureToleranceCount": 2, "FailureTolerancePercentage": 5 }),
            "FailureTolerancePercentage",
            "not both",
        ),
        (
            json!({ "MaxConcurrentPercentage": 101 }),
            "MaxConcurrentPercentage",
            "1 to 100",
        ),
        (
            json!({ "MaxConcurrentPercentage": 0 }),
            "MaxConcurrentPercentage",
            "1 to 100",
        ),
        (
            json!({ "FailureTolerancePercentage": 150 }),
            "FailureTolerancePercentage",
            "0 to 100",
        ),
        (
            json!({ "MaxConcurrentCount": 0 }),
            "MaxConcurrentCount",
            "below the least",
        ),
    ];
    for (p, field, text) in cases {
        let problems = preferences(p.clone()).expect_err("invalid");
        assert_eq!(problems.len(), 1, "{p}");
        assert_eq!(problems[0].0, field, "{p}");
        assert!(problems[0].1.contains(text), "{p}: {}", problems[0].1);
    }
    assert!(preferences(json!({ "FailureTolerancePercentage": 0 })).is_ok());
}

#[test]
fn strict_failure_tolerance_runs_at_most_the_tolerance_plus_one() {
    let strict = |p: Value| {
        let mut p = p;
        p["ConcurrencyMode"] = json!("STRICT_FAILURE_TOLERANCE");
        preferences(p)
    };
    assert!(strict(json!({ "MaxConcurrentCount": 3, "FailureToleranceCount": 2 })).is_ok());
    let problems = strict(json!({ "MaxConcurrentCount": 4, "FailureToleranceCount": 2 }))
        .expect_err("4 > 2 + 1");
    assert_eq!(problems[0].0, "ConcurrencyMode");
    assert!(
        problems[0].1.contains("MaxConcurrentCount 4"),
        "{}",
        problems[0].1
    );
    assert!(
        strict(json!({ "MaxConcurrentPercentage": 10, "FailureTolerancePercentage": 10 })).is_ok()
    );
    let problems = strict(json!({})).expect_err("the defaults: 100% > 10%");
    assert!(
        problems[0]
            .1
            .contains("MaxConcurrentPercentage 100 (the default)"),
        "{}",
        problems[0].1
    );
    // A count against a percentage depends on how many accounts a region has.
    assert!(strict(json!({ "MaxConcurrentCount": 5, "FailureTolerancePercentage": 10 })).is_ok());
    assert!(
        preferences(json!({ "MaxConcurrentCount": 40, "FailureToleranceCount": 0 })).is_ok(),
        "SOFT"
    );
}

#[test]
fn preferences_problems_name_the_baseline() {
    let org = Org::new();
    org.edit(|o| o["Baselines"]["workload"]["Preferences"]["MaxConcurrentCount"] = json!(5));
    org.problem(
        "Baselines.workload.Preferences.MaxConcurrentPercentage",
        "not both",
    );
}

#[test]
fn baseline_folders_must_exist_hold_stack_files_and_be_listed() {
    let org = Org::new();
    fs::remove_dir_all(baseline_dir(&org.dir, "audit")).expect("rm");
    org.problem("Baselines.audit", "no folder baselines/audit");

    let org = Org::new();
    let audit = baseline_dir(&org.dir, "audit");
    for entry in fs::read_dir(&audit).expect("ls") {
        fs::remove_file(entry.expect("entry").path()).expect("rm");
    }
    org.problem("Baselines.audit", "holds no stack file");

    let org = Org::new();
    fs::write(baseline_dir(&org.dir, "audit").join("account.json"), "{}").expect("write");
    let e = org.errors();
    assert!(
        e.problems
            .iter()
            .any(|p| p.file.ends_with("audit/account.json")
                && p.problem.contains("remove account.json")),
        "{e}"
    );

    let org = Org::new();
    fs::create_dir(baseline_dir(&org.dir, "extra")).expect("mkdir");
    org.problem("Baselines", "baselines/extra is not listed");
}

#[test]
fn management_names_the_management_accounts_directory() {
    let org = Org::new();
    org.edit(|o| o["Management"] = json!("nowhere"));
    org.problem("Management", "no account directory");
    let org = Org::new();
    org.edit(|o| o["Management"] = json!("../example"));
    org.problem("Management", "bare name");
    let org = Org::new();
    org.edit(|o| o["ManagementAccountId"] = json!("210987654321"));
    org.problem("Management", "not the management account 210987654321");
    let org = Org::new();
    org.edit(|o| {
        o.as_object_mut().expect("object").remove("Management");
    });
    assert!(OrgDir::load(&org.dir)
        .expect("loads")
        .management_dir()
        .is_none());
}

#[test]
fn baseline_stack_files_cannot_render_a_per_account_value() {
    let org = Org::new();
    org.edit_stack("audit", "snsNotify", |s| {
        s["StackName"] = json!("notify-{{account.id}}");
        s["Tags"]["owner"] = json!("{{ account.name }}");
        s["Hydrate"]["Options"] = json!({ "topicName": "alerts-{{account.id}}" });
    });
    let e = org.errors();
    let fields: Vec<&str> = e
        .problems
        .iter()
        .filter(|p| p.file.ends_with("snsNotify.json"))
        .map(|p| p.field.as_str())
        .collect();
    assert_eq!(
        fields,
        ["StackName", "Tags.owner", "Hydrate.Options.topicName"],
        "{e}"
    );
    assert!(
        e.problems
            .iter()
            .all(|p| p.kind == ErrorKind::BadTemplateValue
                && p.problem.contains("has no value in a baseline")),
        "{e}"
    );
    assert!(
        e.to_string().contains("StackSet-<StackSetName>-<id>"),
        "{e}"
    );

    let org = Org::new();
    org.edit_stack("audit", "snsNotify", |s| {
        s["Parameters"]["AlertEmail"] = json!("{{account.name}}@example.com");
    });
    org.problem(
        "Parameters.AlertEmail",
        "no account name exists inside a stack set",
    );
    // The id stays raw in parameters, for the bundle to turn into AWS::AccountId.
    let org = Org::new();
    org.edit_stack("audit", "snsNotify", |s| {
        s["Parameters"]["AlertEmail"] = json!("alerts+{{account.id}}@example.com");
    });
    let loaded = OrgDir::load(&org.dir).unwrap_or_else(|e| panic!("{e}"));
    let stack = loaded
        .baseline("audit")
        .and_then(|b| b.account.stack("snsNotify"))
        .expect("stack");
    assert_eq!(
        stack.parameters["AlertEmail"],
        "alerts+{{account.id}}@example.com"
    );
}

#[test]
fn settings_a_stack_set_cannot_honour_are_refused() {
    let org = Org::new();
    org.edit_stack("audit", "cloudTrail", |s| {
        s["TimeoutInMinutes"] = json!(30);
        s["EnableTerminationProtection"] = json!(true);
        s["RoleARN"] = json!("arn:aws:iam::123456789012:role/cfn");
        s["NotificationARNs"] = json!(["arn:aws:sns:us-east-1:123456789012:events"]);
    });
    let p = org.problem("RoleARN", "remove RoleARN");
    assert!(p.position.is_some(), "{p}");
    for (field, text) in [
        ("TimeoutInMinutes", "no create timeout"),
        ("EnableTerminationProtection", "cannot protect"),
        ("RoleARN", "remove RoleARN"),
        ("NotificationARNs", "remove NotificationARNs"),
    ] {
        let p = org.problem(field, text);
        assert!(p.file.ends_with("baselines/audit/cloudTrail.json"), "{p}");
    }
    let org = Org::new();
    org.edit_stack("audit", "cloudTrail", |s| {
        s["EnableTerminationProtection"] = json!(false)
    });
    assert!(
        OrgDir::load(&org.dir).is_ok(),
        "false is what a stack set does"
    );
}

#[test]
fn a_baseline_stack_problem_names_its_file() {
    let org = Org::new();
    org.edit_stack("workload", "guardDuty", |s| {
        s["Parameters"]["AlarmTopicArn"] = json!("{{output \"snsNotfy\" \"TopicArn\"}}");
    });
    let e = org.errors();
    let p = e.first().expect("a problem");
    assert!(p.file.ends_with("baselines/workload/guardDuty.json"), "{e}");
    assert_eq!(p.field, "Parameters.AlarmTopicArn");
    assert!(
        e.to_string()
            .ends_with(&format!("in {}", org.dir.display())),
        "{e}"
    );
}

#[test]
fn account_and_organization_directories_are_told_apart() {
    let org = Org::new();
    let e = AccountDir::load(&org.dir).expect_err("not an account");
    assert!(
        e.to_string().contains("is an organization directory"),
        "{e}"
    );
    let account = org.dir.with_file_name("example");
    let e = OrgDir::load(&account).expect_err("not an organization");
    assert!(e.to_string().contains("is an account directory"), "{e}");
    let params = org.dir.parent().expect("params");
    assert_eq!(org_names(params), ["example-org"]);
    assert_eq!(crate::params::account_names(params), ["example"]);
}

#[test]
fn an_organization_file_that_is_not_an_object_or_not_json_says_so() {
    let org = Org::new();
    fs::write(org.file(), "[]").expect("write");
    let p = org.errors().first().cloned().expect("a problem");
    assert!(p.problem.contains("holds an array"), "{p}");
    fs::write(org.file(), "{ \"Region\": ").expect("write");
    let p = org.errors().first().cloned().expect("a problem");
    assert_eq!(p.kind, ErrorKind::MalformedJson, "{p}");
    fs::remove_file(org.file()).expect("rm");
    fs::create_dir(org.file()).expect("a directory in its place");
    let p = org.errors().first().cloned().expect("a problem");
    assert_eq!(p.kind, ErrorKind::Unreadable, "{p}");
}
