//! Baseline folders, the management directory, and what a baseline's stack files may say.

use super::*;

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
        let o = o.as_object_mut().expect("object");
        o.remove("Management");
        // The Identity Center assignments need it.
        o.remove("IdentityCenter");
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
fn an_organization_trail_is_refused_in_a_baseline() {
    let org = Org::new();
    org.edit_stack("audit", "cloudTrail", |s| {
        s["Hydrate"]["Options"] = json!({"organization": {"bucketName": "acme-org-trail", "kmsKeyArn": "arn:aws:kms:us-east-1:222233334444:key/abcd"}});
    });
    let p = org.problem(
        "Hydrate.Options.organization",
        "only the management account can create",
    );
    assert!(p.file.ends_with("baselines/audit/cloudTrail.json"), "{p}");
    assert!(p.problem.contains("Management in organization.json"), "{p}");
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

#[test]
fn a_baselines_guarded_stacks_let_the_stack_sets_execution_role_and_a_real_admin_role_administer() {
    // Without the execution role's exemption KMS would refuse the keys in every account.
    let org = Org::new();
    org.edit_stack("workload", "snsNotify", |s| {
        s["Hydrate"]["Options"] = json!({});
    });
    let p = org.problem("Hydrate.Options.adminRole", "\"stackSetsExecution\": true");
    assert!(p.file.ends_with("workload/snsNotify.json"), "{p:?}");
    // Without an iamSetup, the default admin role would be anyone's to create.
    let org = Org::new();
    fs::remove_file(baseline_dir(&org.dir, "audit").join("iamSetup.json")).expect("rm");
    let e = org.errors();
    let claimable: Vec<_> = e
        .problems
        .iter()
        .filter(|p| p.problem.contains("no iamSetup in this baseline"))
        .collect();
    assert_eq!(
        claimable.len(),
        3,
        "cloudTrail, configRecorder, snsNotify: {e}"
    );
    // Naming the admin role on purpose is accepted.
    let org = Org::new();
    fs::remove_file(baseline_dir(&org.dir, "audit").join("iamSetup.json")).expect("rm");
    for stack in ["cloudTrail", "configRecorder", "snsNotify"] {
        org.edit_stack("audit", stack, |s| {
            s["Hydrate"]["Options"]["adminRole"] =
                json!({"path": "/", "namePrefix": "audit", "stackSetsExecution": true});
        });
    }
    let loaded = OrgDir::load(&org.dir).unwrap_or_else(|e| panic!("{e}"));
    let audit = loaded
        .baselines
        .iter()
        .find(|b| b.name == "audit")
        .expect("audit");
    let sns = audit.account.stack("snsNotify").expect("snsNotify");
    let body = sns.template.body();
    assert!(body.contains(":role/audit-admin") && body.contains(":role/stacksets-exec-*"));
}
