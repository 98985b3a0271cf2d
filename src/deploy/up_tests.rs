//! `up` against the in-memory [`crate::deploy::fake_cloud::FakeCloud`]: what an interrupt stops.

use std::time::Duration;

use super::*;
use crate::deploy::fake_cloud::world::World;
use crate::deploy::fake_cloud::Plan;
use crate::deploy::interrupt::Interrupt;

#[tokio::test(start_paused = true)]
async fn the_first_ctrl_c_of_up_starts_nothing_new_and_the_second_stops_watching() {
    let (fire, interrupt) = Interrupt::channel();
    let mut w = World::new();
    w.interrupt = interrupt;
    // The first stack created that another one reads hangs; every other one settles at once.
    let read = |key: &str| {
        w.account
            .stacks
            .iter()
            .any(|s| s.references.iter().any(|(_, r)| r.stack == key))
    };
    for _ in w.account.plan.waves[0].iter().take_while(|key| !read(key)) {
        w.cloud.plan(Plan::Succeed(1));
    }
    w.cloud.plan(Plan::Hang);
    let first_wave = w.account.plan.waves[0].len();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(5)).await;
        fire.fire();
        tokio::time::sleep(Duration::from_secs(60)).await;
        fire.fire();
    });
    let started = tokio::time::Instant::now();
    let run = up(&w.deployer(), 4).await;
    assert!(run.interrupted);
    let creates = w.cloud.times_of("CreateStack");
    // The stacks whose inputs were there started at once (more than the first wave: the
    // scheduler does not wait for the hanging one); none after the interrupt.
    assert!(creates.len() > first_wave, "{creates:?}");
    assert!(creates.len() < w.account.stacks.len(), "{creates:?}");
    assert!(creates
        .iter()
        .all(|t| *t - started < Duration::from_secs(5)));
    let count = |f: fn(&StackResult) -> bool| run.rows.iter().filter(|r| f(&r.result)).count();
    assert_eq!(
        count(|r| matches!(r, StackResult::StillRunning(_))),
        1,
        "{:?}",
        run.rows
    );
    assert_eq!(
        count(|r| matches!(r, StackResult::Failed(_))),
        0,
        "never FAILED: {:?}",
        run.rows
    );
    assert_eq!(
        count(|r| *r == StackResult::NotStarted),
        w.account.stacks.len() - creates.len()
    );
    assert_eq!(
        count(|r| matches!(r, StackResult::Done(_))),
        creates.len() - 1
    );
    assert!(w
        .reporter
        .notes()
        .iter()
        .any(|n| n.starts_with("interrupted: starting nothing new")));
    assert!(!w.cloud.calls().contains(&"DeleteStack".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn a_stack_held_for_approval_is_reported_and_its_readers_are_skipped() {
    let mut w = World::new();
    w.options.yes = true;
    let first = up(&w.deployer(), 4).await;
    assert!(first
        .rows
        .iter()
        .all(|r| matches!(r.result, StackResult::Done(_))));
    // Another account may now publish to the alert topic: a widened resource policy.
    let sns = w
        .account
        .stacks
        .iter_mut()
        .find(|s| s.key == "snsNotify")
        .expect("the example has snsNotify");
    let mut json = sns.template.json().clone();
    json["Resources"]["TopicPolicy"]["Properties"]["PolicyDocument"]["Statement"]
        .as_array_mut()
        .expect("the topic policy lists its statements")
        .push(serde_json::json!({
            "Sid": "Outsider", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
            "Action": "sns:Publish", "Resource": "*",
        }));
    sns.template = crate::cfn::RenderedTemplate::parse(json.to_string()).expect("still JSON");
    w.options.yes = false;
    w.reporter.no_terminal = true;
    let run = up(&w.deployer(), 4).await;
    let result = |key: &str| {
        run.rows
            .iter()
            .find(|r| r.stack == key)
            .map(|r| r.result.clone())
    };
    assert!(
        matches!(result("snsNotify"), Some(StackResult::NeedsApproval(_))),
        "{:?}",
        run.rows
    );
    assert!(
        matches!(result("rootAccountUsage"), Some(StackResult::Skipped(_))),
        "a reader of its outputs is not started: {:?}",
        run.rows
    );
    assert!(!w.cloud.calls().contains(&"ExecuteChangeSet".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn the_dry_run_shows_the_access_delta_of_deployed_stacks() {
    let mut w = World::new();
    w.options.yes = true;
    up(&w.deployer(), 4).await;
    let iam = w
        .account
        .stacks
        .iter_mut()
        .find(|s| s.key == "iamSetup")
        .expect("the example has iamSetup");
    let mut json = iam.template.json().clone();
    json["Resources"]["DeveloperRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        [0]["Action"]
        .as_array_mut()
        .expect("the developer policy lists its actions")
        .push("iam:CreateUser".into());
    iam.template = crate::cfn::RenderedTemplate::parse(json.to_string()).expect("still JSON");
    let planned = dry_run(&w.deployer()).await.expect("the plan");
    let access = |key: &str| {
        planned
            .iter()
            .find(|p| p.stack == key)
            .and_then(|p| p.access.clone())
            .unwrap_or_default()
    };
    let lines: Vec<String> = access("iamSetup").iter().map(|c| c.line()).collect();
    assert_eq!(
        lines,
        ["+ iamSetup.DeveloperRole iam:CreateUser on *"],
        "{planned:?}"
    );
    assert!(access("snsNotify").is_empty());
    let paths: Vec<String> = planned
        .iter()
        .find(|p| p.stack == "iamSetup")
        .and_then(|p| p.diff.clone())
        .map(|d| d.properties.into_iter().map(|c| c.path).collect())
        .unwrap_or_default();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(
        paths[0].starts_with(
            "Resources.DeveloperRole.Properties.Policies[0].PolicyDocument.Statement[0].Action["
        ),
        "{paths:?}"
    );
    assert!(!w.cloud.calls().contains(&"ExecuteChangeSet".to_owned()));
}
