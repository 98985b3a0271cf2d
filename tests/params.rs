//! Account directories: the shipped example, the bash kit's files, and one bad file per error class.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use std::fs;
use std::path::{Path, PathBuf};

use hydrate::params::values::OutputSource;
use hydrate::params::{AccountDir, ErrorKind, TemplateSource};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A test double of the deployer's output source.
struct Deployed;

impl OutputSource for Deployed {
    fn output(&self, stack: &str, key: &str) -> Result<String, String> {
        match (stack, key) {
            ("snsNotify", "TopicArn") => {
                Ok("arn:aws:sns:us-east-1:123456789012:hydrate-alerts".into())
            }
            ("cloudTrail", "LogGroupName") => Ok("/hydrate/cloudtrail".into()),
            _ => Err(format!("{stack} has not been deployed")),
        }
    }
}

#[test]
fn the_example_covers_the_catalog_and_plans_in_dependency_order() {
    let account =
        AccountDir::load(&root().join("params/example")).unwrap_or_else(|e| panic!("{e}"));
    // An organization's own pieces have no place in one account: orgTrailBucket belongs to the
    // log-archive account, configAggregator to Config's delegated administrator (their
    // snapshots and cfn-lint cover them).
    for entry in hydrate::stacks::catalog()
        .iter()
        .filter(|e| !e.organization_only)
    {
        // A regional template is one stack per region of the example: `guardDuty@us-east-1`, …
        let stack = account
            .stacks
            .iter()
            .find(|s| hydrate::params::file_key(&s.key) == entry.name)
            .unwrap_or_else(|| panic!("example lacks {}", entry.name));
        assert!(
            matches!(&stack.source, TemplateSource::Catalog { name, .. } if *name == entry.name)
        );
    }
    assert_eq!(account.vars.id, "123456789012");
    let waves = &account.plan.waves;
    assert_eq!(waves.len(), 2, "{waves:?}");
    for first in ["iamSetup", "selfEdit", "cloudTrail", "snsNotify"] {
        assert!(
            waves[0].iter().any(|s| s == first),
            "{first} should deploy first: {waves:?}"
        );
    }
    for later in ["rootAccountUsage", "guardDuty@eu-west-1", "budgetAlarm"] {
        assert!(
            waves[1].iter().any(|s| s == later),
            "{later} needs the topic: {waves:?}"
        );
    }
    // Options with account values: the example limits iamSetup to its own region.
    let iam = account.stack("iamSetup").expect("iamSetup");
    assert!(iam
        .template
        .body()
        .contains(r#""aws:RequestedRegion": "us-east-1""#));
    // Outputs resolve through the source the deployer supplies.
    let alarm = account.stack("rootAccountUsage").expect("alarm");
    let resolved = account.resolve(alarm, &Deployed).expect("resolves");
    assert_eq!(
        resolved.parameters["AlarmTopicArn"],
        "arn:aws:sns:us-east-1:123456789012:hydrate-alerts"
    );
    assert_eq!(resolved.parameters["LogGroupName"], "/hydrate/cloudtrail");
    assert_eq!(alarm.tags["role"], "monitoring");
    assert_eq!(
        alarm.tags["project"], "account-baseline",
        "account tags merge under stack tags"
    );
}

#[test]
fn the_bash_kits_files_load_unchanged() {
    let dir = root().join("tests/fixtures/kit/db/cloudformation/acme");
    let account = AccountDir::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(account.stacks.len(), 7);
    let sns = account
        .stack("snsNotify")
        .expect("stack keyed by its folder");
    assert_eq!(sns.stack_name, "little-account-snsNotify-acme");
    assert_eq!(sns.parameters["email"], "ops@acme.example");
    assert_eq!(sns.timeout_in_minutes, Some(5));
    assert_eq!(sns.tags["role"], "notify-general");
    assert!(
        matches!(&sns.source, TemplateSource::File(p) if p.ends_with("lib/cloudformation/accountSetup/snsNotify.json"))
    );
    let iam = account.stack("iamSetup").expect("iamSetup");
    assert_eq!(iam.termination_protection, Some(true));
    assert_eq!(
        account.plan.waves.len(),
        1,
        "the kit wires nothing: every stack is independent"
    );
}

/// A small valid account to break one file of.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("params/acme");
    fs::create_dir_all(&dir).expect("mkdir");
    let write = |name: &str, text: &str| fs::write(dir.join(name), text).expect("write");
    write(
        "account.json",
        r#"{"AccountId": "111122223333", "Region": "eu-west-1"}"#,
    );
    write(
        "snsNotify.json",
        r#"{"StackName": "acme-sns", "Parameters": {"AlertEmail": "ops@acme.example"}}"#,
    );
    write(
        "budgetAlarm.json",
        r#"{"StackName": "acme-budget", "Parameters": {"BudgetAmount": "50", "AlarmTopicArn": "{{output \"snsNotify\" \"TopicArn\"}}"}}"#,
    );
    (tmp, dir)
}

#[test]
fn the_scratch_account_is_valid() {
    let (_tmp, dir) = scratch();
    let account = AccountDir::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        account.plan.waves,
        vec![vec!["snsNotify".to_owned()], vec!["budgetAlarm".to_owned()]]
    );
}

#[test]
fn every_error_names_the_file_and_the_field() {
    // (file to write, its contents, kind, field or text the message must name, fix it must give)
    let cases: &[(&str, &str, ErrorKind, &str, &str)] = &[
        ("budgetAlarm.json", r#"{"StackName": "x",}"#, ErrorKind::MalformedJson, "budgetAlarm.json:1:19", "not valid JSON"),
        (
            "budgetAlarm.json",
            r#"{"StackNmae": "acme-budget"}"#,
            ErrorKind::UnknownKey,
            "StackNmae",
            "did you mean `StackName`?",
        ),
        (
            "budgetAlarm.json",
            r#"{"StackName": "b", "TimeoutInMinutes": "five", "Parameters": {"BudgetAmount": "5", "AlarmTopicArn": "x"}}"#,
            ErrorKind::WrongType,
            "TimeoutInMinutes",
            "invalid type",
        ),
        ("snsNotify.json", r#"{"StackName": "acme-sns"}"#, ErrorKind::MissingParameter, "Parameters.AlertEmail", "add it"),
        (
            "snsNotify.json",
            r#"{"StackName": "acme-sns", "Parameters": {"AlertEmail": "REPLACE-ME"}}"#,
            ErrorKind::InvalidValue,
            "Parameters.AlertEmail",
            "must be an email address",
        ),
        (
            "snsNotify.json",
            r#"{"StackName": "acme-sns", "Parameters": {"AlertEmail": "a@b.co", "Email": "a@b.co"}}"#,
            ErrorKind::UnknownParameter,
            "Parameters.Email",
            "it has: AlertEmail",
        ),
        (
            "budgetAlarm.json",
            r#"{"StackName": "b", "Hydrate": {"Template": "budgetAlarn"}}"#,
            ErrorKind::UnknownTemplate,
            "Hydrate.Template",
            "did you mean `budgetAlarm`?",
        ),
        (
            "budgetAlarm.json",
            r#"{"StackName": "b", "Hydrate": {"Options": {"budgetNme": "x"}}, "Parameters": {"BudgetAmount": "5", "AlarmTopicArn": "x"}}"#,
            ErrorKind::UnknownKey,
            "Hydrate.Options.budgetNme",
            "did you mean `budgetName`?",
        ),
        (
            "budgetAlarm.json",
            r#"{"StackName": "b", "Parameters": {"BudgetAmount": "5", "AlarmTopicArn": "{{output \"snsNotif\" \"TopicArn\"}}"}}"#,
            ErrorKind::UnknownStack,
            "Parameters.AlarmTopicArn",
            "did you mean `snsNotify`?",
        ),
        (
            "budgetAlarm.json",
            r#"{"StackName": "b", "Parameters": {"BudgetAmount": "5", "AlarmTopicArn": "{{output \"snsNotify\" \"TopicArm\"}}"}}"#,
            ErrorKind::UnknownOutput,
            "Parameters.AlarmTopicArn",
            "stack snsNotify declares no output TopicArm; did you mean `TopicArn`? it has: TopicArn, TopicName, KeyArn",
        ),
        (
            "snsNotify.json",
            r#"{"StackName": "acme-sns", "Parameters": {"AlertEmail": "{{output \"budgetAlarm\" \"BudgetName\"}}"}}"#,
            ErrorKind::Cycle,
            "snsNotify (snsNotify.json Parameters.AlertEmail)",
            "budgetAlarm (budgetAlarm.json Parameters.AlarmTopicArn) → snsNotify",
        ),
        (
            "snsNotify.json",
            r#"{"StackName": "acme-budget", "Parameters": {"AlertEmail": "a@b.co"}}"#,
            ErrorKind::DuplicateStack,
            "StackName",
            "is also the StackName of",
        ),
        (
            "iamSetup.json",
            r#"{"StackName": "acme-iam"}"#,
            ErrorKind::InvalidValue,
            "Capabilities",
            "add \"CAPABILITY_NAMED_IAM\"",
        ),
        (
            "account.json",
            r#"{"AccountId": "1111-2222-3333", "Region": "eu-west-1"}"#,
            ErrorKind::InvalidValue,
            "AccountId",
            "12 digits",
        ),
        (
            "budgetAlarm.json",
            r#"{"StackName": "{{account.nmae}}", "Parameters": {"BudgetAmount": "5", "AlarmTopicArn": "x"}}"#,
            ErrorKind::BadTemplateValue,
            "StackName",
            "account.id, account.region, account.name or output",
        ),
        (
            "budgetAlarm.json",
            "[]",
            ErrorKind::WrongType,
            "budgetAlarm.json:1:1",
            "the file holds an array; it must hold one JSON object",
        ),
        (
            "snsNotify.json",
            r#"{"StackName": "acme-sns", "TimeoutInMinutes": 0, "Parameters": {"AlertEmail": "a@b.co"}}"#,
            ErrorKind::InvalidValue,
            "TimeoutInMinutes",
            "give at least 1",
        ),
        (
            "snsNotify.json",
            r#"{"StackName": "acme-sns", "RoleARN": "deployer", "Parameters": {"AlertEmail": "a@b.co"}}"#,
            ErrorKind::InvalidValue,
            "RoleARN",
            "arn:aws:iam::<account id>:role/<name>",
        ),
        (
            "snsNotify.json",
            r#"{"StackName": "acme-sns", "NotificationARNs": ["arn:aws:sns:eu-west-1:111122223333:ok", "topic"], "Parameters": {"AlertEmail": "a@b.co"}}"#,
            ErrorKind::InvalidValue,
            "NotificationARNs[1]",
            "is not an SNS topic ARN",
        ),
        (
            "snsNotify.json",
            r#"{"StackName": "acme-sns", "Tags": {"aws:owner": "me"}, "Parameters": {"AlertEmail": "a@b.co"}}"#,
            ErrorKind::InvalidValue,
            "Tags.aws:owner",
            "reserved for AWS",
        ),
        (
            "account.json",
            r#"{"AccountId": "111122223333", "Region": "eu-west-1", "Tags": {"team": "{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}{{account.id}}"}}"#,
            ErrorKind::InvalidValue,
            "account.json Tags.team",
            "at most 256 characters; this one has 264",
        ),
        (
            "snsNotify.json",
            r#"{"StackName": "acme-sns", "Tags": [{"Kee": "team", "Value": "x"}], "Parameters": {"AlertEmail": "a@b.co"}}"#,
            ErrorKind::UnknownKey,
            "Tags",
            "unknown key `Kee` in a list entry; use Key/Value or ParameterKey/ParameterValue",
        ),
        (
            "snsNotify.json",
            r#"{"StackName": "acme-sns", "Parameters": [{"ParameterKey": "AlertEmail", "Foo": "a@b.co"}]}"#,
            ErrorKind::UnknownKey,
            "Parameters",
            "unknown key `Foo` in a list entry; use Key/Value or ParameterKey/ParameterValue",
        ),
    ];
    for (file, text, kind, field, fix) in cases {
        let (_tmp, dir) = scratch();
        fs::write(dir.join(file), text).expect("write");
        let errors = match AccountDir::load(&dir) {
            Ok(_) => panic!("{file} {text}: loaded"),
            Err(errors) => errors,
        };
        let message = errors.to_string();
        let found = errors.problems.iter().find(|e| e.kind == *kind);
        assert!(found.is_some(), "{file}: expected {kind:?}, got: {message}");
        assert!(message.contains(file), "{message}");
        assert!(message.contains(field), "{message}");
        assert!(message.contains(fix), "{message}");
        assert!(
            !message.contains("one of: \n") && !message.ends_with("one of: "),
            "{message}"
        );
    }
}

#[test]
fn only_regular_files_of_a_sane_size_are_read_and_a_byte_order_mark_is_accepted() {
    let (_tmp, dir) = scratch();
    let sns = r#"{"StackName": "acme-sns", "Parameters": {"AlertEmail": "ops@acme.example"}}"#;
    fs::write(dir.join("snsNotify.json"), format!("\u{feff}{sns}")).expect("write");
    assert!(AccountDir::load(&dir).is_ok(), "a BOM is accepted");

    let big = format!(
        r#"{{"StackName": "acme-sns", "Parameters": {{"AlertEmail": "{}"}}}}"#,
        "a".repeat(2 * 1024 * 1024)
    );
    fs::write(dir.join("snsNotify.json"), big).expect("write");
    let message = AccountDir::load(&dir).expect_err("too big").to_string();
    assert!(
        message.contains("snsNotify.json") && message.contains("the limit is 1048576 bytes"),
        "{message}"
    );

    let value = "a".repeat(5000);
    fs::write(
        dir.join("snsNotify.json"),
        format!(r#"{{"StackName": "acme-sns", "Parameters": {{"AlertEmail": "{value}"}}}}"#),
    )
    .expect("write");
    let message = AccountDir::load(&dir)
        .expect_err("value too big")
        .to_string();
    assert!(
        message.contains("Parameters.AlertEmail") && message.contains("at most 4096"),
        "{message}"
    );

    // A FIFO would block a reader forever; it must be refused without being opened.
    fs::remove_file(dir.join("snsNotify.json")).expect("rm");
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join("snsNotify.json"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let started = std::time::Instant::now();
    let message = AccountDir::load(&dir).expect_err("a FIFO").to_string();
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert!(
        message.contains("snsNotify.json") && message.contains("not a regular file"),
        "{message}"
    );
}

#[test]
fn a_missing_account_directory_lists_the_ones_that_exist() {
    let (_tmp, dir) = scratch();
    let errors = AccountDir::load(&dir.with_file_name("acmee")).expect_err("no such directory");
    assert_eq!(errors.problems[0].kind, ErrorKind::NoAccountDir);
    let message = errors.to_string();
    assert!(
        message.contains("acmee") && message.contains("the ones that exist: acme"),
        "{message}"
    );
}

#[test]
fn a_second_file_for_the_same_stack_is_refused() {
    let (_tmp, dir) = scratch();
    let kit = dir.join("accountSetup/snsNotify");
    fs::create_dir_all(&kit).expect("mkdir");
    fs::write(
        kit.join("stackParams.json"),
        r#"{"StackName": "acme-sns-2", "Parameters": [{"ParameterKey": "AlertEmail", "ParameterValue": "a@b.co"}]}"#,
    )
    .expect("write");
    let message = AccountDir::load(&dir).expect_err("duplicate").to_string();
    assert!(
        message.contains("stack `snsNotify` is also defined by"),
        "{message}"
    );
}

#[test]
fn a_guarded_stack_must_exempt_the_accounts_own_admin_role() {
    let (_tmp, dir) = scratch();
    fs::write(
        dir.join("iamSetup.json"),
        r#"{"StackName": "acme-iam", "Capabilities": ["CAPABILITY_NAMED_IAM"], "Hydrate": {"Template": "iamSetup", "Options": {"namePrefix": "acme", "path": "/acme/"}}}"#,
    )
    .expect("write");
    let message = AccountDir::load(&dir).expect_err("lock-out").to_string();
    assert!(
        message.contains("snsNotify.json")
            && message.contains("Hydrate.Options.adminRole")
            && message.contains("only the role `/hydrate/hydrate-admin`")
            && message.contains("is `/acme/acme-admin`")
            && message.contains(r#""adminRole": { "path": "/acme/", "namePrefix": "acme" }"#),
        "{message}"
    );
    // The fix the message gives is accepted, and the topic policy then exempts acme-admin.
    fs::write(
        dir.join("snsNotify.json"),
        r#"{"StackName": "acme-sns", "Parameters": {"AlertEmail": "ops@acme.example"}, "Hydrate": {"Template": "snsNotify", "Options": {"adminRole": {"path": "/acme/", "namePrefix": "acme"}}}}"#,
    )
    .expect("write");
    let account = AccountDir::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let sns = account.stack("snsNotify").expect("snsNotify");
    assert!(sns.template.body().contains(":role/acme/acme-admin"));
    assert!(!sns.template.body().contains("hydrate-admin"));
}
