//! What `delete` destroys and leaves is read from the deployed template, not the local one: a
//! deployed data-holding resource without `Retain` stops the delete; a deployed template that
//! retains is what the "retained" notes list. Also the approval gate's "stop retaining".

use super::*;
use crate::cfn::RenderedTemplate;
use crate::deploy::fake_cloud::world::World;

/// The stack with `DeletionPolicy`/`UpdateReplacePolicy` of `id` set to `policy`.
fn with_policy(stack: &Stack, id: &str, policy: &str) -> Stack {
    let mut json = stack.template.json().clone();
    json["Resources"][id]["DeletionPolicy"] = policy.into();
    json["Resources"][id]["UpdateReplacePolicy"] = policy.into();
    let mut changed = stack.clone();
    changed.template = RenderedTemplate::parse(json.to_string()).expect("still JSON");
    changed
}

#[tokio::test(start_paused = true)]
async fn a_deployed_log_group_without_retain_stops_the_delete_before_any_write() {
    let mut w = World::new();
    let stack = w.stack("cloudTrail").clone();
    let deployed = with_policy(&stack, "TrailLogGroup", "Delete");
    w.deployer().create(&deployed).await.expect("created");
    w.options.yes = true;
    w.options.force = true;
    // The local template retains it: deploying it first is the fix.
    let refused = w.deployer().delete(&stack).await.err();
    let Some(DeployError::WouldDeleteData { resources, fix, .. }) = &refused else {
        panic!("{refused:?}");
    };
    assert_eq!(resources, &["TrailLogGroup (AWS::Logs::LogGroup)"]);
    assert!(fix.contains("stack update cloudTrail"), "{fix}");
    assert!(!w.cloud.calls().contains(&"DeleteStack".to_owned()));
    // The local template does not retain it either: the fix is the template.
    let refused = w.deployer().delete(&deployed).await.err();
    let Some(DeployError::WouldDeleteData { fix, .. }) = &refused else {
        panic!("{refused:?}");
    };
    assert!(fix.contains("DeletionPolicy: Retain"), "{fix}");
    assert!(!w.cloud.calls().contains(&"DeleteStack".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn the_retained_notes_are_what_the_deployed_template_keeps() {
    let mut w = World::new();
    let stack = w.stack("cloudTrail").clone();
    w.deployer().create(&stack).await.expect("created");
    // Locally the log group would now be deleted; deployed it is retained, and that decides.
    let local = with_policy(&stack, "TrailLogGroup", "Delete");
    w.options.yes = true;
    w.options.force = true;
    let outcome = w.deployer().delete(&local).await.expect("deleted");
    assert!(
        outcome
            .notes
            .iter()
            .any(|n| n.starts_with("retained: TrailLogGroup (AWS::Logs::LogGroup)")),
        "{:?}",
        outcome.notes
    );
}

#[tokio::test(start_paused = true)]
async fn an_update_that_stops_retaining_audit_data_needs_approval() {
    let mut w = World::new();
    let stack = w.stack("cloudTrail").clone();
    w.deployer().create(&stack).await.expect("created");
    w.reporter.no_terminal = true;
    let changed = with_policy(&stack, "TrailLogGroup", "Delete");
    let error = w.deployer().update(&changed).await.err();
    let Some(DeployError::NeedsApproval { reasons, .. }) = &error else {
        panic!("{error:?}");
    };
    assert!(
        reasons.contains("stop retaining TrailLogGroup (AWS::Logs::LogGroup: DeletionPolicy and UpdateReplacePolicy no longer Retain)"),
        "{reasons}"
    );
    assert!(!w.cloud.calls().contains(&"ExecuteChangeSet".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn a_snapshot_policy_keeps_nothing_of_a_log_group() {
    let mut w = World::new();
    let stack = w.stack("cloudTrail").clone();
    let snapshot = with_policy(&stack, "TrailLogGroup", "Snapshot");
    w.deployer().create(&snapshot).await.expect("created");
    w.options.yes = true;
    w.options.force = true;
    let refused = w.deployer().delete(&snapshot).await.err();
    assert!(
        matches!(&refused, Some(DeployError::WouldDeleteData { resources, .. }) if resources == &["TrailLogGroup (AWS::Logs::LogGroup)"]),
        "{refused:?}"
    );
    // Retain → Snapshot in an update is "stop retaining" too.
    let mut w = World::new();
    w.deployer().create(&stack).await.expect("created");
    w.reporter.no_terminal = true;
    let error = w.deployer().update(&snapshot).await.err();
    assert!(
        matches!(&error, Some(DeployError::NeedsApproval { reasons, .. }) if reasons.contains("stop retaining TrailLogGroup")),
        "{error:?}"
    );
}
