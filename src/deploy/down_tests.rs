//! `down` against the in-memory [`crate::deploy::fake_cloud::FakeCloud`]: the order, the
//! parallelism, what stays and why, and what an interrupt stops.

use std::time::Duration;

use super::*;
use crate::deploy::fake_cloud::world::World;
use crate::deploy::fake_cloud::Plan;
use crate::deploy::interrupt::Interrupt;
use crate::deploy::progress::Progress;
use crate::deploy::up::up;

/// The example account, every stack deployed.
async fn deployed_world() -> World {
    let w = World::new();
    let run = up(&w.deployer(), 8).await;
    assert!(run.rows.iter().all(|r| !r.failed()), "{:?}", run.rows);
    w
}

/// Every later delete takes a few polls, so the ones at work together are told apart in time.
fn slow_deletes(w: &World) {
    for _ in &w.account.stacks {
        w.cloud.plan(Plan::Succeed(3));
    }
}

fn result_of<'a>(run: &'a DownRun, key: &str) -> &'a DownResult {
    &run.rows
        .iter()
        .find(|r| r.stack == key)
        .unwrap_or_else(|| panic!("no row for {key}: {:?}", run.rows))
        .result
}

/// Where in the reports a stack's delete started, and where its last event came.
fn positions(w: &World, key: &str) -> (usize, usize) {
    let reports = w.reporter.reports.lock().unwrap_or_else(|p| p.into_inner());
    let started = reports.iter().position(|p| {
        matches!(p, Progress::Step { stack, message } if stack == key && message.starts_with("deleting stack"))
    });
    let settled = reports.iter().rposition(
        |p| matches!(p, Progress::Event { stack, event } if stack == key && event.status == StackStatus::DeleteComplete),
    );
    match (started, settled) {
        (Some(s), Some(e)) => (s, e),
        _ => panic!("{key} was not deleted"),
    }
}

#[tokio::test(start_paused = true)]
async fn down_deletes_every_reader_before_what_it_reads_and_a_wave_at_once() {
    let mut w = deployed_world().await;
    w.options.force = true;
    slow_deletes(&w);
    let waves = waves(&w.account);
    let tail: Vec<&[String]> = waves
        .iter()
        .rev()
        .take(3)
        .rev()
        .map(Vec::as_slice)
        .collect();
    // What everything reads goes after its readers, and the stacks that give people access
    // (the groups and roles this run works with) after everything else.
    assert_eq!(
        tail,
        [
            &["cloudTrail".to_owned(), "snsNotify".to_owned()][..],
            &[
                "identityCenter".to_owned(),
                "selfEdit".to_owned(),
                "supportRole".to_owned()
            ][..],
            &["iamSetup".to_owned()][..],
        ],
        "{waves:?}"
    );
    let creates = w.cloud.calls().len();
    let run = down(&w.deployer(), 32).await;
    assert!(!run.interrupted);
    assert!(
        run.rows.iter().all(|r| r.result == DownResult::Deleted),
        "{:?}",
        run.rows
    );
    assert_eq!(run.rows.len(), w.account.stacks.len());
    for stack in &w.account.stacks {
        assert_eq!(
            w.cloud.protected(&stack.stack_name),
            None,
            "{} is gone",
            stack.key
        );
        for (_, read) in &stack.references {
            let (_, reader_gone) = positions(&w, &stack.key);
            let (started, _) = positions(&w, &read.stack);
            assert!(
                reader_gone < started,
                "{} was deleted before its reader {}",
                read.stack,
                stack.key
            );
        }
    }
    // The whole first wave is deleted at one instant; --force turned the protection off.
    let deletes = w.cloud.times_of("DeleteStack");
    let at_once = deletes.iter().filter(|t| **t == deletes[0]).count();
    assert_eq!(at_once, waves[0].len());
    let calls = &w.cloud.calls()[creates..];
    let unprotected = calls
        .iter()
        .filter(|c| *c == "UpdateTerminationProtection")
        .count();
    assert_eq!(
        unprotected, 5,
        "cloudTrail, iamSetup, identityCenter, selfEdit, snsNotify: {calls:?}"
    );
    // The audit data stays, each piece named with its physical id.
    let kept: Vec<(&str, &str)> = run
        .retained
        .iter()
        .map(|r| (r.stack.as_str(), r.logical_id.as_str()))
        .collect();
    for expected in [
        ("cloudTrail", "TrailBucket"),
        ("cloudTrail", "AccessLogBucket"),
        ("cloudTrail", "TrailLogGroup"),
        ("cloudTrail", "TrailKey"),
        ("snsNotify", "TopicKey"),
    ] {
        assert!(kept.contains(&expected), "{expected:?} in {kept:?}");
    }
    assert!(run.retained.iter().all(|r| r.physical_id.is_some()));
}

#[tokio::test(start_paused = true)]
async fn jobs_bounds_the_deletes_at_once() {
    let mut w = deployed_world().await;
    w.options.force = true;
    slow_deletes(&w);
    let run = down(&w.deployer(), 4).await;
    assert!(run.rows.iter().all(|r| r.gone()), "{:?}", run.rows);
    let deletes = w.cloud.times_of("DeleteStack");
    assert_eq!(deletes.iter().filter(|t| **t == deletes[0]).count(), 4);
}

#[tokio::test(start_paused = true)]
async fn protected_stacks_are_refused_without_force_and_left_protected() {
    let w = deployed_world().await;
    let before = w.cloud.calls().len();
    let run = down(&w.deployer(), 32).await;
    let refused = ["cloudTrail", "snsNotify"];
    for key in refused {
        let result = result_of(&run, key);
        assert!(
            matches!(result, DownResult::Refused(why) if why.contains("--force")),
            "{key}: {result:?}"
        );
    }
    // The stacks that give people access wait for every other one, and some stay: they are not
    // even asked (iamSetup, identityCenter and selfEdit are protected too).
    let access = ["iamSetup", "identityCenter", "selfEdit", "supportRole"];
    for key in access {
        assert!(
            matches!(result_of(&run, key), DownResult::Kept(_)),
            "{key}: {:?}",
            result_of(&run, key)
        );
    }
    for key in [
        "cloudTrail",
        "snsNotify",
        "iamSetup",
        "identityCenter",
        "selfEdit",
    ] {
        let name = &w.stack(key).stack_name;
        assert_eq!(w.cloud.protected(name), Some(true), "{key} still there");
    }
    assert!(run
        .rows
        .iter()
        .filter(|r| !refused.contains(&r.stack.as_str()) && !access.contains(&r.stack.as_str()))
        .all(|r| r.result == DownResult::Deleted));
    assert!(!w.cloud.calls()[before..].contains(&"UpdateTerminationProtection".to_owned()));
    // configRecorder is not protected: its bucket stays behind, named.
    assert!(
        run.retained.iter().all(
            |r| (r.stack.as_str(), r.logical_id.as_str()) == ("configRecorder", "ConfigBucket")
        ),
        "nothing else retaining was deleted: {:?}",
        run.retained
    );
}

#[tokio::test(start_paused = true)]
async fn a_reader_that_stays_keeps_what_it_reads_and_the_rest_goes() {
    let mut w = deployed_world().await;
    w.options.force = true;
    // One reader was not made by hydrate; the first delete started fails.
    w.cloud.strip_tags(&w.stack("rootAccountUsage").stack_name);
    w.cloud.plan(Plan::Fail {
        logical_id: "Topic".into(),
        reason: "cannot delete".into(),
    });
    let run = down(&w.deployer(), 32).await;
    assert!(matches!(
        result_of(&run, "rootAccountUsage"),
        DownResult::Refused(why) if why.contains("not created by hydrate")
    ));
    let failed: Vec<&str> = run
        .rows
        .iter()
        .filter(|r| matches!(r.result, DownResult::Failed(_)))
        .map(|r| r.stack.as_str())
        .collect();
    let [failed] = failed[..] else {
        panic!("one failure: {:?}", run.rows);
    };
    let reads_trail = w
        .stack(failed)
        .references
        .iter()
        .any(|(_, r)| r.stack == "cloudTrail");
    let reads_topic = w
        .stack(failed)
        .references
        .iter()
        .any(|(_, r)| r.stack == "snsNotify");
    let keepers = |reads: bool| {
        let mut keepers = vec!["rootAccountUsage"];
        if reads {
            keepers.push(failed);
        }
        keepers.sort_unstable();
        match keepers[..] {
            [one] => format!("{one}, which reads its outputs, was not deleted"),
            _ => format!(
                "{}, which read its outputs, were not deleted",
                keepers.join(", ")
            ),
        }
    };
    assert_eq!(
        result_of(&run, "snsNotify"),
        &DownResult::Kept(keepers(reads_topic))
    );
    let trail_keepers = keepers(reads_trail);
    assert_eq!(
        result_of(&run, "cloudTrail"),
        &DownResult::Kept(trail_keepers)
    );
    for key in ["snsNotify", "cloudTrail"] {
        assert!(
            w.cloud.protected(&w.stack(key).stack_name).is_some(),
            "{key} stays"
        );
    }
    // The access stacks stay while anything else does: people keep their way in to finish.
    for key in ["identityCenter", "selfEdit", "supportRole"] {
        assert!(
            matches!(result_of(&run, key), DownResult::Kept(why) if why.contains("gives people their access")),
            "{key}: {:?}",
            result_of(&run, key)
        );
    }
    let gone = run.rows.iter().filter(|r| r.gone()).count();
    assert_eq!(gone, w.account.stacks.len() - 8, "{:?}", run.rows);
}

#[tokio::test(start_paused = true)]
async fn the_first_ctrl_c_of_down_deletes_nothing_new_and_the_second_stops_watching() {
    let (fire, interrupt) = Interrupt::channel();
    let mut w = deployed_world().await;
    w.interrupt = interrupt;
    w.options.force = true;
    // The first delete of a stack that reads another hangs, so what it reads waits; every
    // other one settles at once.
    let first = waves(&w.account)[0].clone();
    for _ in first
        .iter()
        .take_while(|key| w.stack(key).references.is_empty())
    {
        w.cloud.plan(Plan::Succeed(1));
    }
    w.cloud.plan(Plan::Hang);
    let first_wave = first.len();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(5)).await;
        fire.fire();
        tokio::time::sleep(Duration::from_secs(60)).await;
        fire.fire();
    });
    let started = tokio::time::Instant::now();
    let run = down(&w.deployer(), 32).await;
    assert!(run.interrupted);
    let deletes = w.cloud.times_of("DeleteStack");
    // The stacks whose readers were gone started at once, none after the interrupt.
    assert!(deletes.len() >= first_wave, "{deletes:?}");
    assert!(deletes.len() < w.account.stacks.len(), "{deletes:?}");
    assert!(deletes
        .iter()
        .all(|t| *t - started < Duration::from_secs(5)));
    let count = |f: fn(&DownResult) -> bool| run.rows.iter().filter(|r| f(&r.result)).count();
    assert_eq!(
        count(|r| matches!(r, DownResult::StillRunning(_))),
        1,
        "{:?}",
        run.rows
    );
    assert_eq!(
        count(|r| matches!(r, DownResult::Failed(_))),
        0,
        "{:?}",
        run.rows
    );
    assert_eq!(count(|r| *r == DownResult::Deleted), deletes.len() - 1);
    assert_eq!(
        count(|r| *r == DownResult::NotStarted),
        w.account.stacks.len() - deletes.len()
    );
    assert!(w
        .reporter
        .notes()
        .iter()
        .any(|n| n.starts_with("interrupted: deleting nothing new")));
}

#[tokio::test(start_paused = true)]
async fn stacks_never_deployed_are_skipped_and_the_survey_says_so() {
    let w = World::new();
    let survey = survey(&w.deployer()).await.expect("survey");
    assert_eq!(survey.len(), w.account.stacks.len());
    assert!(survey.iter().all(|s| s.status.is_none() && !s.managed));
    assert_eq!(survey.last().map(|s| s.wave), Some(4));
    // What goes with its findings is named before anything is confirmed.
    let findings: Vec<&str> = survey
        .iter()
        .flat_map(|s| s.findings.iter().map(String::as_str))
        .collect();
    assert!(
        findings.contains(&"Detector (AWS::GuardDuty::Detector)")
            && findings.contains(&"Hub (AWS::SecurityHub::Hub)"),
        "{findings:?}"
    );
    let run = down(&w.deployer(), 4).await;
    assert!(run.rows.iter().all(|r| r.result == DownResult::NotDeployed));
    assert!(!w.cloud.calls().contains(&"DeleteStack".to_owned()));
}

#[test]
fn each_retained_type_has_its_removal_command() {
    let retained = |kind: &str, id: Option<&str>| Retained {
        stack: "cloudTrail".into(),
        logical_id: "X".into(),
        resource_type: kind.into(),
        physical_id: id.map(str::to_owned),
    };
    let bucket = removal(&retained("AWS::S3::Bucket", Some("trail-b")), "eu-west-1");
    assert!(bucket.starts_with("aws s3 rb s3://trail-b --force --region eu-west-1"));
    assert!(bucket.contains("every object version"));
    assert_eq!(
        removal(
            &retained("AWS::Logs::LogGroup", Some("/trail")),
            "us-east-1"
        ),
        "aws logs delete-log-group --log-group-name /trail --region us-east-1"
    );
    let key = removal(&retained("AWS::KMS::Key", Some("k-1")), "us-east-1");
    assert!(
        key.starts_with("aws kms schedule-key-deletion --key-id k-1 --pending-window-in-days 30")
    );
    assert!(removal(&retained("AWS::KMS::Key", None), "us-east-1").contains("console"));
}
