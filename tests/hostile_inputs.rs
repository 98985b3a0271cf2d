//! A corpus of malformed and hostile account directories, generated here from one valid account:
//! each must be refused before any AWS call, with the file and the field (or line:column) named,
//! without a panic, in well under two seconds. The endpoint is a local listener that counts every
//! connection: a request made for any of them fails the test.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use std::fs;
use std::net::TcpListener;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use assert_cmd::Command;

const ACCOUNT: &str = r#"{"AccountId": "111122223333", "Region": "eu-west-1"}"#;
const SNS: &str = r#"{"StackName": "acme-sns", "Parameters": {"AlertEmail": "ops@acme.example"}}"#;
const BUDGET: &str = r#"{"StackName": "acme-budget", "Parameters": {"BudgetAmount": "50", "AlarmTopicArn": "{{output \"snsNotify\" \"TopicArn\"}}"}}"#;

/// How a case breaks the valid account.
enum Break {
    /// Writes this text into the file (relative to the account directory).
    Write(&'static str, String),
    /// Writes these bytes into the file.
    Bytes(&'static str, Vec<u8>),
    /// Replaces the file by a FIFO.
    Fifo(&'static str),
    /// Replaces the file by a symlink to this target.
    Link(&'static str, &'static str),
    /// A stack file whose name is not UTF-8.
    NonUtf8Name,
    /// Removes every stack file.
    NoStacks,
}

/// One case: what breaks, and what the message must name (file, then field or position).
struct Case {
    what: Break,
    file: &'static str,
    names: String,
}

fn case(what: Break, file: &'static str, names: impl Into<String>) -> Case {
    Case {
        what,
        file,
        names: names.into(),
    }
}

/// `{"StackName": …, <extra>}` for the SNS stack with a valid parameter.
fn sns_with(extra: &str) -> String {
    format!(
        r#"{{"StackName": "acme-sns", "Parameters": {{"AlertEmail": "ops@acme.example"}}, {extra}}}"#
    )
}

fn account_with(extra: &str) -> String {
    format!(r#"{{"AccountId": "111122223333", "Region": "eu-west-1", {extra}}}"#)
}

fn corpus() -> Vec<Case> {
    let mut cases = Vec::new();
    for file in ["account.json", "snsNotify.json", "budgetAlarm.json"] {
        // Not JSON at all, in the ways files really go wrong.
        for (text, at) in [
            ("{\"StackName\": \"x\",}", ":1:"),
            ("{\"StackName\": ", ":1:"),
            ("", ":1:"),
            ("\u{feff}{,}", ":1:"),
            ("{\"StackName\": \"x\"\u{0}}", ":1:"),
        ] {
            cases.push(case(Break::Write(file, text.into()), file, at));
        }
        // A second document after a valid one.
        let valid = if file == "account.json" {
            ACCOUNT
        } else if file == "snsNotify.json" {
            SNS
        } else {
            BUDGET
        };
        cases.push(case(
            Break::Write(file, format!("{valid}\n{{}}")),
            file,
            ":2:",
        ));
        // JSON, but not an object.
        for text in ["[]", "\"text\"", "42", "null", "true", "[{}]"] {
            cases.push(case(Break::Write(file, text.into()), file, ":1:1"));
        }
        cases.push(case(
            Break::Bytes(file, vec![b'{', 0xff, 0xfe, b'}']),
            file,
            "not UTF-8",
        ));
        cases.push(case(Break::Fifo(file), file, "not a regular file"));
        cases.push(case(
            Break::Link(file, "/dev/zero"),
            file,
            "not a regular file",
        ));
        cases.push(case(
            Break::Write(
                file,
                format!("{{\"StackName\": \"{}\"}}", "x".repeat(1_100_000)),
            ),
            file,
            "the limit is 1048576 bytes",
        ));
    }
    // Stack file fields.
    let sns = "snsNotify.json";
    for (extra, field) in [
        (r#""StackNmae": "x""#, "StackNmae"),
        (r#""TimeoutInMinutes": -1"#, "TimeoutInMinutes"),
        (r#""TimeoutInMinutes": 0"#, "TimeoutInMinutes"),
        (r#""TimeoutInMinutes": "5""#, "TimeoutInMinutes"),
        (r#""Capabilities": "CAPABILITY_IAM""#, "Capabilities"),
        (
            r#""Capabilities": ["CAPABILITY_EVERYTHING"]"#,
            "Capabilities",
        ),
        (
            r#""EnableTerminationProtection": "yes""#,
            "EnableTerminationProtection",
        ),
        (r#""RoleARN": "deployer""#, "RoleARN"),
        (
            r#""RoleARN": "arn:aws:iam::111122223333:user/alice""#,
            "RoleARN",
        ),
        (r#""NotificationARNs": ["topic"]"#, "NotificationARNs[0]"),
        (
            r#""NotificationARNs": "arn:aws:sns:eu-west-1:111122223333:t""#,
            "NotificationARNs",
        ),
        (r#""Tags": {"aws:owner": "me"}"#, "Tags.aws:owner"),
        (r#""Tags": {"AWS:Owner": "me"}"#, "Tags.AWS:Owner"),
        (r#""Hydrate": {"Template": "snsNotfy"}"#, "Hydrate.Template"),
        (
            r#""Hydrate": {"Options": {"topicNme": "x"}}"#,
            "Hydrate.Options.topicNme",
        ),
        (r#""Hydrate": {"Options": []}"#, "Hydrate.Options"),
        (
            r#""Hydrate": {"TemplateFile": "missing.template.json"}"#,
            "Hydrate.TemplateFile",
        ),
        (
            r#""Hydrate": {"Template": "snsNotify", "TemplateFile": "x.template.json"}"#,
            "Hydrate.TemplateFile",
        ),
    ] {
        cases.push(case(Break::Write(sns, sns_with(extra)), sns, field));
    }
    let long_tag = format!(r#""Tags": {{"team": "{}"}}"#, "t".repeat(257));
    cases.push(case(
        Break::Write(sns, sns_with(&long_tag)),
        sns,
        "Tags.team",
    ));
    let long_key = format!(r#""Tags": {{"{}": "v"}}"#, "k".repeat(129));
    cases.push(case(Break::Write(sns, sns_with(&long_key)), sns, "Tags."));
    let many: Vec<String> = (0..50).map(|i| format!(r#""t{i}": "v""#)).collect();
    let many = format!(r#""Tags": {{{}}}"#, many.join(", "));
    cases.push(case(Break::Write(sns, sns_with(&many)), sns, "Tags"));
    // Parameter values.
    for (params, field) in [
        (
            r#"{"AlertEmail": "REPLACE-ME"}"#.to_owned(),
            "Parameters.AlertEmail",
        ),
        (
            r#"{"AlertEmail": "{{account.id}}"}"#.to_owned(),
            "Parameters.AlertEmail",
        ),
        (
            format!(r#"{{"AlertEmail": "{}@x.co"}}"#, "a".repeat(5000)),
            "Parameters.AlertEmail",
        ),
        (
            r#"{"AlertEmail": "a@b.co", "Email": "a@b.co"}"#.to_owned(),
            "Parameters.Email",
        ),
        (r#"{}"#.to_owned(), "Parameters.AlertEmail"),
        (
            r#"{"AlertEmail": "{{account.nmae}}"}"#.to_owned(),
            "Parameters.AlertEmail",
        ),
        (
            r#"{"AlertEmail": "{{#each x}}"}"#.to_owned(),
            "Parameters.AlertEmail",
        ),
        (r#"{"AlertEmail": ["a@b.co"]}"#.to_owned(), "Parameters"),
        (
            r#"[{"ParameterKey": "AlertEmail"}]"#.to_owned(),
            "Parameters",
        ),
        (
            r#"{"AlertEmail": "{{output \"budgetAlarm\" \"BudgetName\"}}"}"#.to_owned(),
            "Parameters.AlertEmail",
        ),
    ] {
        let text = format!(r#"{{"StackName": "acme-sns", "Parameters": {params}}}"#);
        cases.push(case(Break::Write(sns, text), sns, field));
    }
    let budget = "budgetAlarm.json";
    for (reads, field) in [
        (
            r#"{{output \"snsNotif\" \"TopicArn\"}}"#,
            "Parameters.AlarmTopicArn",
        ),
        (
            r#"{{output \"snsNotify\" \"TopicArm\"}}"#,
            "Parameters.AlarmTopicArn",
        ),
        (
            r#"{{output \"budgetAlarm\" \"BudgetName\"}}"#,
            "Parameters.AlarmTopicArn",
        ),
        (r#"{{output \"snsNotify\"}}"#, "Parameters.AlarmTopicArn"),
    ] {
        let text = format!(
            r#"{{"StackName": "acme-budget", "Parameters": {{"BudgetAmount": "50", "AlarmTopicArn": "{reads}"}}}}"#
        );
        cases.push(case(Break::Write(budget, text), budget, field));
    }
    for (name, field) in [
        ("", "StackName"),
        ("1stack", "StackName"),
        ("acme_budget", "StackName"),
        ("acme-sns", "StackName"),
    ] {
        let text = format!(
            r#"{{"StackName": "{name}", "Parameters": {{"BudgetAmount": "50", "AlarmTopicArn": "arn:aws:sns:eu-west-1:111122223333:t"}}}}"#
        );
        cases.push(case(Break::Write(budget, text), budget, field));
    }
    // The account file.
    let account = "account.json";
    for (text, field) in [
        (
            r#"{"AccountId": "11112222333", "Region": "eu-west-1"}"#.to_owned(),
            "AccountId",
        ),
        (
            r#"{"AccountId": "1111222233334", "Region": "eu-west-1"}"#.to_owned(),
            "AccountId",
        ),
        (
            r#"{"AccountId": 111122223333, "Region": "eu-west-1"}"#.to_owned(),
            "AccountId",
        ),
        (
            r#"{"AccountId": "111122223333", "Region": "eu-wset-1"}"#.to_owned(),
            "did you mean `eu-west-1`?",
        ),
        (
            r#"{"AccountId": "111122223333", "Region": "EU-WEST-1"}"#.to_owned(),
            "Region",
        ),
        (
            r#"{"AccountId": "111122223333", "Region": "mars-north-1"}"#.to_owned(),
            "Region",
        ),
        (r#"{"AccountId": "111122223333"}"#.to_owned(), "Region"),
        (
            account_with(r#""TemplateBucket": "My_Bucket""#),
            "TemplateBucket",
        ),
        (account_with(r#""TemplateBucket": "ab""#), "TemplateBucket"),
        (
            account_with(r#""TemplateBucket": "10.0.0.1""#),
            "TemplateBucket",
        ),
        (
            account_with(r#""TemplateBucket": "a..b""#),
            "TemplateBucket",
        ),
        (
            account_with(r#""TemplateWriters": ["arn:aws:iam::111122223333:role/*"]"#),
            "account.json: TemplateWriters[0]",
        ),
        (
            account_with(r#""TemplateWriters": ["arn:aws:iam::444455556666:role/ci"]"#),
            "another account",
        ),
        (
            account_with(r#""Tags": {"aws:cost": "x"}"#),
            "account.json Tags.aws:cost",
        ),
        (account_with(r#""Regoin": "eu-west-1""#), "Regoin"),
    ] {
        cases.push(case(Break::Write(account, text), account, field));
    }
    // A template file whose references name nothing.
    cases.push(case(
        Break::Write(
            "dangling.template.json",
            r#"{"Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"KmsMasterKeyId": {"Ref": "Key"}}}}}"#.into(),
        ),
        "dangling.template.json",
        "Resources.Topic.Properties.KmsMasterKeyId.Ref: Ref names `Key`",
    ));
    // The directory itself.
    cases.push(case(
        Break::Fifo("group/ops/stackParams.json"),
        "stackParams.json",
        "not a regular file",
    ));
    cases.push(case(Break::NonUtf8Name, "stack", "not UTF-8"));
    cases.push(case(Break::Link("kit/loop", "."), "loop", "symlink loop"));
    cases.push(case(Break::NoStacks, "acme", "no stack files"));
    cases
}

/// A listener on 127.0.0.1 that counts connections; nothing should ever connect.
fn tripwire() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            counted.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (url, hits)
}

fn build(dir: &Path, what: &Break) {
    fs::create_dir_all(dir).expect("mkdir");
    fs::write(dir.join("account.json"), ACCOUNT).expect("write");
    fs::write(dir.join("snsNotify.json"), SNS).expect("write");
    fs::write(dir.join("budgetAlarm.json"), BUDGET).expect("write");
    let replace = |file: &str| {
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        let _ = fs::remove_file(&path);
        path
    };
    match what {
        Break::Write(file, text) => {
            fs::write(replace(file), text).expect("write");
            if file.ends_with(".template.json") {
                let stack = r#"{"StackName": "acme-own", "Hydrate": {"TemplateFile": "dangling.template.json"}}"#;
                fs::write(dir.join("own.json"), stack).expect("write");
            }
        }
        Break::Bytes(file, bytes) => fs::write(replace(file), bytes).expect("write"),
        Break::Fifo(file) => {
            let ok = std::process::Command::new("mkfifo")
                .arg(replace(file))
                .status()
                .expect("mkfifo runs");
            assert!(ok.success());
        }
        Break::Link(file, target) => {
            std::os::unix::fs::symlink(target, replace(file)).expect("symlink")
        }
        Break::NonUtf8Name => {
            let name = std::ffi::OsStr::from_bytes(b"stack-\xff.json");
            fs::write(dir.join(name), SNS).expect("write");
        }
        Break::NoStacks => {
            fs::remove_file(dir.join("snsNotify.json")).expect("rm");
            fs::remove_file(dir.join("budgetAlarm.json")).expect("rm");
        }
    }
}

#[test]
fn every_hostile_account_directory_is_refused_by_name_before_any_aws_call() {
    let cases = corpus();
    assert!(cases.len() >= 80, "only {} cases", cases.len());
    let (url, hits) = tripwire();
    let tmp = tempfile::tempdir().expect("tempdir");
    let empty = tmp.path().join("empty");
    fs::write(&empty, "").expect("write");
    let mut failures = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let dir = tmp.path().join(format!("case{i}/acme"));
        build(&dir, &c.what);
        for command in [&["up"][..], &["check"][..]] {
            let started = Instant::now();
            let out = Command::cargo_bin("hydrate")
                .expect("binary built")
                .args([
                    "--account",
                    &dir.display().to_string(),
                    "--endpoint-url",
                    &url,
                ])
                .args(command)
                .env("AWS_ACCESS_KEY_ID", "AKIDTEST")
                .env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_CONFIG_FILE", &empty)
                .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
                .env_remove("AWS_PROFILE")
                .timeout(Duration::from_secs(10))
                .output()
                .expect("runs");
            let took = started.elapsed();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let problem = if out.status.success() {
                Some("exited 0".to_owned())
            } else if out.status.code() == Some(101) || stderr.contains("panicked") {
                Some("panicked".to_owned())
            } else if !stderr.contains(c.file) {
                Some(format!("does not name {}", c.file))
            } else if !stderr.contains(c.names.as_str()) {
                Some(format!("does not name `{}`", c.names))
            } else if took >= Duration::from_secs(2) {
                Some(format!("took {took:?}"))
            } else {
                None
            };
            if let Some(problem) = problem {
                failures.push(format!(
                    "case {i} ({} {:?}): {problem}\n    {stderr}",
                    c.file, command
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} runs failed:\n{}",
        failures.len(),
        cases.len() * 2,
        failures.join("\n")
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "a hostile directory reached the endpoint"
    );
}

/// Runs `check` on an account directory built from the valid one with `files` written over it;
/// returns its stderr, which must report a failure.
fn check_fails(files: &[(&str, &str)]) -> String {
    let (url, hits) = tripwire();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("acme");
    build(&dir, &Break::NoStacks);
    fs::write(dir.join("snsNotify.json"), SNS).expect("write");
    fs::write(dir.join("budgetAlarm.json"), BUDGET).expect("write");
    for (file, text) in files {
        fs::write(dir.join(file), text).expect("write");
    }
    let out = Command::cargo_bin("hydrate")
        .expect("binary built")
        .args([
            "--account",
            &dir.display().to_string(),
            "--endpoint-url",
            &url,
            "check",
        ])
        .env("AWS_ACCESS_KEY_ID", "AKIDTEST")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .timeout(Duration::from_secs(10))
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert_eq!(hits.load(Ordering::SeqCst), 0, "reached the endpoint");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn independent_problems_of_several_files_are_reported_in_one_run() {
    let stderr = check_fails(&[
        (
            "snsNotify.json",
            r#"{"StackName": "acme-sns", "TimeoutInMinutes": 0, "RoleARN": "deployer", "Parameters": {"AlertEmail": "ops@acme.example"}}"#,
        ),
        ("budgetAlarm.json", r#"{"StackNmae": "acme-budget"}"#),
    ]);
    for named in [
        "snsNotify.json: TimeoutInMinutes",
        "snsNotify.json: RoleARN",
        "budgetAlarm.json:1:12: StackNmae: unknown key",
        "3 problems in",
    ] {
        assert_eq!(
            stderr.matches(named).count(),
            1,
            "`{named}` once in:\n{stderr}"
        );
    }
}

#[test]
fn a_broken_stack_lists_its_readers_once_as_not_checked_with_no_errors_of_their_own() {
    let second = r#"{"StackName": "acme-budget-two", "Hydrate": {"Template": "budgetAlarm"}, "Parameters": {"BudgetAmount": "9", "AlarmTopicArn": "{{output \"snsNotify\" \"TopicArn\"}}"}}"#;
    let stderr = check_fails(&[
        (
            "snsNotify.json",
            r#"{"StackName": "acme-sns", "Parameters": {"AlertEmail": "nope"}}"#,
        ),
        ("budgetTwo.json", second),
    ]);
    assert!(
        stderr.contains("snsNotify.json: Parameters.AlertEmail"),
        "{stderr}"
    );
    for reader in ["budgetAlarm.json", "budgetTwo.json"] {
        let line = format!("/acme/{reader} depends on snsNotify (which has problems)");
        assert_eq!(
            stderr.matches(&line).count(),
            1,
            "{line} once in:\n{stderr}"
        );
        assert!(
            !stderr.contains(&format!("{reader}: ")),
            "{reader} has its own error:\n{stderr}"
        );
    }
    assert_eq!(stderr.matches("not checked: /").count(), 2, "{stderr}");
    assert!(stderr.contains("1 problem in"), "{stderr}");
}

#[test]
fn problems_of_the_account_file_stop_everything_and_say_so_once() {
    let stderr = check_fails(&[
        (
            "account.json",
            r#"{"AccountId": "1234", "Region": "eu-wset-1"}"#,
        ),
        ("snsNotify.json", r#"{"StackName": "acme-sns"}"#),
    ]);
    assert!(stderr.contains("account.json: AccountId"), "{stderr}");
    assert!(stderr.contains("account.json: Region"), "{stderr}");
    assert!(stderr.contains("did you mean `eu-west-1`?"), "{stderr}");
    assert_eq!(
        stderr.matches("no stack file was checked").count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("snsNotify.json"), "{stderr}");
    assert!(stderr.contains("2 problems in"), "{stderr}");
}
