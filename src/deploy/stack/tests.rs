//! The deployer against the in-memory `FakeCloud`: every decision it makes without an emulator.
//! Time is paused (tokio's test clock), so back-off is measured exactly and no test sleeps.

use std::time::Duration;

use super::*;
use crate::deploy::fake_cloud::world::{writes, World};
use crate::deploy::fake_cloud::Plan;
use crate::deploy::identity::guard_account;
use crate::deploy::progress::{Change, ChangeAction, Replacement};
use crate::deploy::wait::{FIRST_POLL, MAX_POLL};

#[tokio::test(start_paused = true)]
async fn a_second_deploy_of_the_same_stack_makes_no_write_at_all() {
    let w = World::new();
    let stack = w.stack("snsNotify");
    let first = w.deployer().deploy(stack).await;
    assert_eq!(first.map(|o| o.action).ok(), Some(Action::Created));
    let before = w.cloud.calls().len();
    let second = w.deployer().deploy(stack).await;
    assert_eq!(second.map(|o| o.action).ok(), Some(Action::UpToDate));
    let calls = w.cloud.calls()[before..].to_vec();
    assert!(
        writes(&calls).is_empty(),
        "no-change deploy wrote: {calls:?}"
    );
    assert!(calls.contains(&"GetTemplate".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn a_changed_value_updates_through_a_change_set() {
    let mut w = World::new();
    w.deployer().deploy(w.stack("snsNotify")).await.ok();
    let mut changed = w.stack("snsNotify").clone();
    changed
        .parameters
        .insert("AlertEmail".into(), "new@example.com".into());
    w.options.yes = true;
    let outcome = w.deployer().deploy(&changed).await;
    assert_eq!(outcome.map(|o| o.action).ok(), Some(Action::Updated));
    let calls = w.cloud.calls();
    let tail: Vec<&str> = calls.iter().map(String::as_str).collect();
    for op in [
        "PutObject",
        "CreateChangeSet",
        "DescribeChangeSet",
        "ExecuteChangeSet",
    ] {
        assert!(tail.contains(&op), "{op} missing from {tail:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn polling_backs_off_and_starts_again_quickly_when_events_arrive() {
    let w = World::new();
    w.cloud.plan(Plan::Succeed(6));
    w.deployer().create(w.stack("snsNotify")).await.ok();
    // Every look reads the events (the fake moves on only when the stack is described).
    let times = w.cloud.times_of("DescribeStackEvents");
    let gaps: Vec<Duration> = times.windows(2).map(|t| t[1] - t[0]).collect();
    let polls: Vec<Duration> = gaps.into_iter().filter(|g| !g.is_zero()).collect();
    let expected = [FIRST_POLL, FIRST_POLL * 3 / 2, FIRST_POLL * 9 / 4];
    assert_eq!(&polls[..3], &expected, "gaps: {polls:?}");
    assert!(polls.iter().all(|g| *g <= MAX_POLL));

    let w = World::new();
    w.cloud.plan(Plan::SucceedChattily(6));
    w.deployer().create(w.stack("snsNotify")).await.ok();
    let times = w.cloud.times_of("DescribeStackEvents");
    let polls: Vec<Duration> = times
        .windows(2)
        .map(|t| t[1] - t[0])
        .filter(|g| !g.is_zero())
        .collect();
    assert!(
        polls.iter().all(|g| *g <= FIRST_POLL * 3 / 2) && polls.contains(&FIRST_POLL),
        "events kept arriving, so the delay started over instead of backing off: {polls:?}"
    );
    // A look whose events show the stack still working does not read its status as well.
    let describes = w.cloud.times_of("DescribeStacks").len();
    assert!(
        describes < times.len(),
        "{describes} describes for {} looks",
        times.len()
    );
}

#[tokio::test(start_paused = true)]
async fn each_event_is_reported_once() {
    let w = World::new();
    w.cloud.plan(Plan::SucceedChattily(4));
    w.deployer().create(w.stack("snsNotify")).await.ok();
    let events = w.reporter.events();
    let mut unique = events.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(events.len(), unique.len(), "{events:?}");
    assert!(events.len() >= 5, "{events:?}");
}

#[tokio::test(start_paused = true)]
async fn a_failed_create_names_the_root_cause_not_the_cancellations() {
    let w = World::new();
    w.cloud.plan(Plan::Fail {
        logical_id: "Topic".into(),
        reason: "Invalid parameter: Email".into(),
    });
    let error = w.deployer().create(w.stack("snsNotify")).await.err();
    let Some(DeployError::Failed {
        status, failures, ..
    }) = &error
    else {
        panic!("expected Failed, got {error:?}");
    };
    assert_eq!(*status, StackStatus::RollbackComplete);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0].logical_id, "Topic");
    let message = error.map(|e| e.to_string()).unwrap_or_default();
    assert!(message.ends_with("Invalid parameter: Email"), "{message}");
}

#[tokio::test(start_paused = true)]
async fn a_stack_left_in_rollback_complete_needs_replace_failed() {
    let mut w = World::new();
    let stack = w.stack("snsNotify").clone();
    w.cloud.plan(Plan::Fail {
        logical_id: "Topic".into(),
        reason: "boom".into(),
    });
    w.deployer().create(&stack).await.ok();
    let update = w.deployer().deploy(&stack).await.err();
    assert!(
        matches!(update, Some(DeployError::RollbackComplete { .. })),
        "{update:?}"
    );
    let create = w.deployer().create(&stack).await.err();
    assert!(
        matches!(create, Some(DeployError::RollbackComplete { .. })),
        "{create:?}"
    );
    w.options.replace_failed = true;
    let replaced = w.deployer().deploy(&stack).await;
    assert_eq!(replaced.map(|o| o.action).ok(), Some(Action::Created));
    let calls = w.cloud.calls();
    let delete = calls.iter().position(|c| c == "DeleteStack");
    let create = calls.iter().rposition(|c| c == "CreateStack");
    assert!(delete < create, "deleted before re-created: {calls:?}");
}

#[tokio::test(start_paused = true)]
async fn termination_protection_is_set_after_create_when_the_endpoint_drops_it() {
    let w = World::new();
    w.cloud.drop_protection_on_create();
    let stack = w.stack("snsNotify");
    assert_eq!(stack.termination_protection, Some(true));
    w.deployer().create(stack).await.ok();
    assert_eq!(w.cloud.protected(&stack.stack_name), Some(true));
    assert!(w
        .cloud
        .calls()
        .contains(&"UpdateTerminationProtection".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn a_protected_stack_is_deleted_only_with_force() {
    let mut w = World::new();
    let stack = w.stack("snsNotify").clone();
    w.deployer().create(&stack).await.ok();
    w.options.yes = true;
    let refused = w.deployer().delete(&stack).await.err();
    assert!(
        matches!(refused, Some(DeployError::TerminationProtected { .. })),
        "{refused:?}"
    );
    assert!(!w.cloud.calls().contains(&"DeleteStack".to_owned()));
    w.options.force = true;
    let deleted = w.deployer().delete(&stack).await;
    let Ok(outcome) = deleted else {
        panic!("deleted with --force: {deleted:?}");
    };
    assert_eq!(outcome.action, Action::Deleted);
    assert!(outcome.notes.iter().all(|n| n.starts_with("retained:")));
    let calls = w.cloud.calls();
    let off = calls
        .iter()
        .position(|c| c == "UpdateTerminationProtection");
    let delete = calls.iter().position(|c| c == "DeleteStack");
    assert!(off.is_some() && off < delete, "{calls:?}");
}

#[tokio::test(start_paused = true)]
async fn ctrl_c_stops_watching_and_leaves_the_operation_running() {
    let (fire, interrupt) = Interrupt::channel();
    let mut w = World::new();
    w.interrupt = interrupt;
    w.cloud.plan(Plan::Hang);
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(7)).await;
        fire.fire();
    });
    let error = w.deployer().create(w.stack("snsNotify")).await.err();
    assert!(
        matches!(error, Some(DeployError::Interrupted { .. })),
        "{error:?}"
    );
    let calls = w.cloud.calls();
    assert!(!calls.contains(&"DeleteStack".to_owned()), "{calls:?}");
    let message = error.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains(" stack events --follow snsNotify")
            && message.contains("hydrate --account /"),
        "{message}"
    );
}

#[tokio::test(start_paused = true)]
async fn throttled_polls_are_reported_and_retried() {
    let w = World::new();
    w.cloud.plan(Plan::Succeed(3));
    let stack = w.stack("snsNotify");
    let deployer = w.deployer();
    let create = deployer.create(stack);
    // The existence check and the create go through; the waiter's next two polls are throttled.
    w.cloud.throttle("DescribeStackEvents", 2);
    let outcome = create.await;
    assert_eq!(outcome.map(|o| o.action).ok(), Some(Action::Created));
    let throttled: Vec<String> = w
        .reporter
        .notes()
        .into_iter()
        .filter(|n| n.contains("throttled"))
        .collect();
    assert_eq!(throttled.len(), 2, "{throttled:?}");
}

#[tokio::test(start_paused = true)]
async fn a_missing_template_bucket_is_named_with_the_fix() {
    let mut w = World::new();
    w.account.account.template_bucket = Some("not-there".into());
    let error = w.deployer().create(w.stack("snsNotify")).await.err();
    assert!(
        matches!(&error, Some(DeployError::NoTemplateBucket { bucket, .. }) if bucket == "not-there"),
        "{error:?}"
    );
    assert!(!w.cloud.calls().contains(&"CreateStack".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn an_update_that_destroys_data_asks_and_drops_the_change_set_on_no() {
    let w = World::new();
    let stack = w.stack("cloudTrail");
    w.deployer().create(stack).await.ok();
    let mut changed = stack.clone();
    changed.tags.insert("stage".into(), "other".into());
    w.cloud.changes(vec![Change {
        replacement: Some(Replacement::True),
        ..Change::new(ChangeAction::Modify, "TrailBucket", "AWS::S3::Bucket")
    }]);
    let error = w.deployer().update(&changed).await.err();
    assert!(
        matches!(&error, Some(DeployError::DataLossNotConfirmed { changes, .. }) if changes.contains("replace TrailBucket")),
        "{error:?}"
    );
    let calls = w.cloud.calls();
    assert!(calls.contains(&"DeleteChangeSet".to_owned()));
    assert!(!calls.contains(&"ExecuteChangeSet".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn a_stack_hydrate_did_not_create_is_never_deleted() {
    let mut w = World::new();
    let stack = w.stack("selfEdit").clone();
    w.deployer().create(&stack).await.ok();
    w.cloud.strip_tags(&stack.stack_name);
    w.options.yes = true;
    w.options.force = true;
    let error = w.deployer().delete(&stack).await.err();
    assert!(
        matches!(error, Some(DeployError::NotManaged { .. })),
        "{error:?}"
    );
    assert!(!w.cloud.calls().contains(&"DeleteStack".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn the_account_guard_refuses_other_accounts_credentials() {
    let mut w = World::new();
    assert!(guard_account(&w.cloud, &w.account).await.is_ok());
    w.cloud.caller.account = "999999999999".into();
    let error = guard_account(&w.cloud, &w.account).await.err();
    assert!(
        matches!(&error, Some(DeployError::WrongAccount { actual, .. }) if actual == "999999999999"),
        "{error:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn ctrl_c_ends_a_wait_at_once_while_its_call_hangs() {
    let (fire, interrupt) = Interrupt::channel();
    let mut w = World::new();
    w.interrupt = interrupt;
    w.cloud.plan(Plan::Hang);
    let start = tokio::time::Instant::now();
    let trigger = async {
        // The wait is polling by now; from here on its look at the stack gets no answer.
        tokio::time::sleep(Duration::from_secs(10)).await;
        w.cloud.hang("DescribeStacks");
        tokio::time::sleep(Duration::from_secs(30)).await;
        fire.fire();
    };
    let deployer = w.deployer();
    let create = deployer.create(w.stack("snsNotify"));
    // Without the race the hung call would never end; the cap turns that into a failure.
    let both = tokio::time::timeout(Duration::from_secs(600), async {
        tokio::join!(create, trigger).0
    });
    let Ok(result) = both.await else {
        panic!("the wait did not end when interrupted");
    };
    assert!(
        matches!(result, Err(DeployError::Interrupted { .. })),
        "{result:?}"
    );
    assert_eq!(start.elapsed(), Duration::from_secs(40));
    let last = w.cloud.times_of("DescribeStacks").last().copied();
    assert!(
        last.is_some_and(|t| t - start < Duration::from_secs(16)),
        "the hung call was the last one: {last:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_quiet_wait_says_it_is_still_waiting_once_a_minute() {
    let (fire, interrupt) = Interrupt::channel();
    let mut w = World::new();
    w.interrupt = interrupt;
    w.cloud.plan(Plan::Hang);
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(3 * 60 + 30)).await;
        fire.fire();
    });
    let stack = w.stack("snsNotify");
    let error = w.deployer().create(stack).await.err();
    assert!(
        matches!(error, Some(DeployError::Interrupted { .. })),
        "{error:?}"
    );
    let notes: Vec<String> = w
        .reporter
        .notes()
        .into_iter()
        .filter(|n| n.starts_with("still waiting"))
        .collect();
    assert_eq!(notes.len(), 3, "{notes:?}");
    let name = &stack.stack_name;
    for (minute, note) in notes.iter().enumerate() {
        let prefix = format!(
            "still waiting for {name} (CREATE_IN_PROGRESS), {}m0",
            minute + 1
        );
        assert!(note.starts_with(&prefix), "{note}");
        assert!(
            note.contains(&format!(
                "so far, last event: {name} CREATE_IN_PROGRESS {}m0",
                minute + 1
            )) && note.ends_with("s ago"),
            "{note}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn deleting_a_stack_others_read_names_the_deployed_readers_first() {
    let mut w = World::new();
    let sns = w.stack("snsNotify").clone();
    let reader = w
        .account
        .stacks
        .iter()
        .find(|s| s.references.iter().any(|(_, r)| r.stack == "snsNotify"))
        .cloned()
        .unwrap_or_else(|| panic!("params/example has a stack reading snsNotify"));
    w.deployer().create(&sns).await.ok();
    w.deployer().create(&reader).await.ok();
    w.options.yes = true;
    w.options.force = true;
    let deleted = w.deployer().delete(&sns).await;
    assert!(deleted.is_ok(), "{:?}", deleted.err());
    let notes = w.reporter.notes();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("1 deployed stack(s) read its outputs")
                && n.ends_with(&reader.key)),
        "{notes:?}"
    );
}
