//! `hydrate up` and `hydrate status` against LocalStack core on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

mod support;

use serde_json::json;
use support::{endpoints, event_count, text, unique, Scratch, ACCOUNT};

const TOPIC: &str = r#"{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}, "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}}}}"#;
const READS_TOPIC: &str = r#"{"Parameters": {"Upstream": {"Type": "String"}}, "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}, "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}}}}"#;
const FAILS: &str = r#"{"Parameters": {"Upstream": {"Type": "String"}}, "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}, "Bad": {"Type": "AWS::SNS::Subscription", "Properties": {"TopicArn": {"Ref": "Topic"}, "Protocol": "carrier-pigeon", "Endpoint": "coop"}}}, "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}}}}"#;

fn stack(s: &Scratch, key: &str, name: &str, template: &str, upstream: Option<&str>) {
    s.write(&format!("{key}.template.json"), template);
    let mut file =
        json!({"StackName": name, "Hydrate": {"TemplateFile": format!("{key}.template.json")}});
    if let Some(up) = upstream {
        file["Parameters"] = json!({"Upstream": format!("{{{{output \"{up}\" \"TopicArn\"}}}}")});
    }
    s.write(&format!("{key}.json"), &file.to_string());
}

/// A chain of `n` stacks `<id>-s1` … `<id>-sN`, each reading the one before: one per wave.
fn chain(s: &Scratch, id: &str, n: usize) {
    stack(s, "s1", &format!("{id}-s1"), TOPIC, None);
    for i in 2..=n {
        let up = format!("s{}", i - 1);
        stack(
            s,
            &format!("s{i}"),
            &format!("{id}-s{i}"),
            READS_TOPIC,
            Some(&up),
        );
    }
}

/// `hydrate up` started in the background, returned once its first stack `<id>-s1` exists.
fn up_until_first_stack(s: &Scratch, endpoint: &str, id: &str) -> std::process::Child {
    let child = s
        .hydrate_process(endpoint)
        .arg("up")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let client = support::cfn(endpoint);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while support::block_on(
        client
            .describe_stacks()
            .stack_name(format!("{id}-s1"))
            .send(),
    )
    .is_err()
    {
        assert!(std::time::Instant::now() < deadline, "s1 never appeared");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child
}

#[test]
fn up_twice_deploys_in_order_then_reports_every_stack_up_to_date() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("u");
    stack(&s, "base", &format!("{id}-base"), TOPIC, None);
    stack(
        &s,
        "middle",
        &format!("{id}-middle"),
        READS_TOPIC,
        Some("base"),
    );
    stack(&s, "top", &format!("{id}-top"), READS_TOPIC, Some("middle"));
    stack(&s, "side", &format!("{id}-side"), TOPIC, None);
    let run = |args: &[&str]| s.hydrate(&e.cfn).args(args).output().expect("runs");

    let out = run(&["up", "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out));
    let plan = text(&out);
    assert!(
        plan.contains("wave 1: base")
            && plan.contains("wave 2: middle")
            && plan.contains("wave 3: top"),
        "{plan}"
    );
    assert!(
        plan.contains("Upstream = <base.TopicArn after deploy>"),
        "{plan}"
    );

    let out = run(&["up"]);
    assert!(out.status.success(), "{}", text(&out));
    for key in ["base", "middle", "top", "side"] {
        assert!(
            text(&out)
                .lines()
                .any(|l| l.starts_with(key) && l.contains("created") && l.contains("ok")),
            "{key}: {}",
            text(&out)
        );
    }
    let before: Vec<usize> = ["base", "middle", "top", "side"]
        .iter()
        .map(|k| event_count(&e.cfn, &format!("{id}-{k}")))
        .collect();

    let calls = s.dir.parent().expect("params/").join("calls.log");
    let out = run(&["--call-log", calls.to_str().expect("utf-8"), "up"]);
    assert!(out.status.success(), "{}", text(&out));
    // Read once: one DescribeStacks for the whole account, one GetTemplate per stack, and no
    // write at all (no change set, no upload, no lease object).
    let log = std::fs::read_to_string(&calls).expect("the call log");
    let count = |op: &str| {
        log.lines()
            .filter(|l| l.split_whitespace().nth(1) == Some(op))
            .count()
    };
    assert_eq!(count("DescribeStacks"), 1, "{log}");
    assert_eq!(count("GetTemplate"), 4, "{log}");
    for write in [
        "CreateChangeSet",
        "PutObject",
        "DeleteObject",
        "CreateStack",
        "UpdateStack",
    ] {
        assert_eq!(count(write), 0, "{write}: {log}");
    }
    for key in ["base", "middle", "top", "side"] {
        assert!(
            text(&out)
                .lines()
                .any(|l| l.starts_with(key) && l.contains("up to date")),
            "{key}: {}",
            text(&out)
        );
    }
    assert!(
        !text(&out).contains("computing the change set"),
        "no change set for an unchanged stack: {}",
        text(&out)
    );
    assert!(!text(&out).contains("uploading template"), "{}", text(&out));
    let after: Vec<usize> = ["base", "middle", "top", "side"]
        .iter()
        .map(|k| event_count(&e.cfn, &format!("{id}-{k}")))
        .collect();
    assert_eq!(before, after, "the second up made no create or update call");

    let out = run(&["status"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).lines().any(|l| l.starts_with("top")
            && l.contains("CREATE_COMPLETE")
            && l.contains("current")),
        "{}",
        text(&out)
    );

    // -q: results only; -v: every AWS call too.
    s.write(
        "side.template.json",
        r#"{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}, "Other": {"Type": "AWS::SNS::Topic"}}, "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}}}}"#,
    );
    let out = run(&["-q", "up"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out)
            .lines()
            .any(|l| l.starts_with("side") && l.contains("updated")),
        "{}",
        text(&out)
    );
    assert!(
        !text(&out).contains("_IN_PROGRESS") && !text(&out).contains("uploading"),
        "-q shows results only: {}",
        text(&out)
    );
    let out = run(&["-v", "stack", "status", "top"]);
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("call: CloudFormation DescribeStacks StackName="),
        "{}",
        text(&out)
    );

    // The dry run now shows the deployed outputs it reads.
    let out = run(&["up", "--dry-run"]);
    assert!(
        text(&out).contains(&format!("Upstream = arn:aws:sns:us-east-1:{ACCOUNT}:")),
        "{}",
        text(&out)
    );
}

#[test]
fn a_failure_in_the_middle_skips_its_dependants_and_lets_the_rest_finish() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("m");
    stack(&s, "base", &format!("{id}-base"), TOPIC, None);
    stack(&s, "middle", &format!("{id}-middle"), FAILS, Some("base"));
    stack(&s, "top", &format!("{id}-top"), READS_TOPIC, Some("middle"));
    stack(&s, "side", &format!("{id}-side"), READS_TOPIC, Some("base"));
    let out = s.hydrate(&e.cfn).args(["up"]).output().expect("runs");
    assert!(!out.status.success());
    let all = text(&out);
    let line = |key: &str| {
        all.lines()
            .find(|l| l.starts_with(&format!("{key} ")))
            .unwrap_or_else(|| panic!("{key}: {all}"))
            .to_owned()
    };
    assert!(line("base").contains("ok"), "{all}");
    assert!(line("side").contains("ok"), "{all}");
    assert!(line("middle").contains("FAILED"), "{all}");
    assert!(line("top").contains("skipped"), "{all}");
    let problems = &all[all.find("problems:").unwrap_or_else(|| panic!("{all}"))..];
    assert!(
        problems.contains("middle failed") && problems.contains("carrier-pigeon"),
        "{problems}"
    );
    assert!(
        problems.contains("top skipped: reads outputs of middle"),
        "{problems}"
    );
}

#[test]
fn reads_are_guarded_too_another_accounts_credentials_show_nothing() {
    let e = endpoints();
    // The emulator answers as ACCOUNT; this directory is for another account.
    let s = Scratch::new("111122223333");
    let id = unique("g");
    stack(&s, "base", &format!("{id}-base"), TOPIC, None);
    for args in [
        &["status"][..],
        &["up", "--dry-run"][..],
        &["stack", "status", "base"][..],
        &["stack", "events", "base"][..],
        &["stack", "diff", "base"][..],
    ] {
        let out = s.hydrate(&e.cfn).args(args).output().expect("runs");
        let all = text(&out);
        assert!(!out.status.success(), "{args:?} exited 0: {all}");
        assert!(
            all.contains(&format!("these credentials belong to account {ACCOUNT}"))
                && all.contains("is for account 111122223333"),
            "{args:?}: {all}"
        );
    }
}

#[test]
fn ctrl_c_during_up_starts_nothing_more_and_prints_how_to_resume() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("i");
    chain(&s, &id, 5);
    // Interrupt as soon as the first stack exists.
    let child = up_until_first_stack(&s, &e.cfn, &id);
    let client = support::cfn(&e.cfn);
    // When each stack was created, per CloudFormation; `None` while it does not exist.
    let created = |key: &str| -> Option<std::time::SystemTime> {
        support::block_on(async {
            let out = client
                .describe_stacks()
                .stack_name(format!("{id}-{key}"))
                .send()
                .await
                .ok()?;
            let t = out.stacks().first()?.creation_time()?;
            Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs_f64(t.as_secs_f64()))
        })
    };
    let signalled = std::time::SystemTime::now();
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    let out = child.wait_with_output().expect("ends");
    let all = text(&out);
    assert_eq!(out.status.code(), Some(130), "{all}");
    assert!(
        all.contains(&format!(
            "resume with: hydrate --account {} up",
            s.dir.display()
        )),
        "{all}"
    );
    assert!(all.contains("not started"), "{all}");
    // Nothing was created after the interrupt (a CreateStack already on the wire may land a
    // moment later, hence the margin).
    let margin = std::time::Duration::from_millis(500);
    let existing: Vec<(&str, std::time::SystemTime)> = ["s1", "s2", "s3", "s4", "s5"]
        .into_iter()
        .filter_map(|k| created(k).map(|t| (k, t)))
        .collect();
    assert!(existing.len() < 5, "every stack was created: {all}");
    for (key, at) in &existing {
        assert!(
            *at <= signalled + margin,
            "{key} was created after Ctrl-C: {all}"
        );
    }
}

#[test]
fn two_ups_at_once_one_runs_and_the_other_is_refused_naming_the_holder() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("l");
    // Long enough that the first is still at work when the second looks (after its own
    // bootstrap, which on an emulator retries the EC2 calls it lacks): a second up that finds
    // everything deployed and no lease held is right to say "up to date".
    chain(&s, &id, 30);
    let first = up_until_first_stack(&s, &e.cfn, &id);
    let pid = first.id();
    let second = s.hydrate(&e.cfn).arg("up").output().expect("runs");
    let refused = text(&second);
    let first = first.wait_with_output().expect("ends");
    assert!(first.status.success(), "{}", text(&first));
    assert!(!second.status.success(), "both ran: {refused}");
    assert!(
        refused.contains("this account is being changed by another run, `up`")
            && refused.contains(&format!("(pid {pid})"))
            && refused.contains("--break-lock"),
        "{refused}"
    );
    // The first released its lease: a third run takes it.
    let third = s.hydrate(&e.cfn).arg("up").output().expect("runs");
    assert!(third.status.success(), "{}", text(&third));
}
