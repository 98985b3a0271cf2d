//! Delete then create again, against the in-memory fake: the retained buckets, log group and keys
//! come back into the new stack, or nothing is created at all.

use super::*;
use crate::deploy::cloud::{ChangeSetState, Cloud, ResourceImport, StackRequest, StackTemplate};
use crate::deploy::fake_cloud::world::World;
use crate::deploy::progress::ChangeAction;

const RETAINED: [&str; 5] = [
    "TrailKey",
    "TrailLogGroupKey",
    "AccessLogBucket",
    "TrailBucket",
    "TrailLogGroup",
];
const NAME: &str = "hydrate-cloudTrail";

/// A world where cloudTrail was created, then deleted (leaving its retained resources); returns
/// the physical ids they had.
async fn deleted_cloud_trail(w: &mut World) -> BTreeMap<&'static str, String> {
    w.options.yes = true;
    w.options.force = true;
    let created = w.deployer().create(w.stack("cloudTrail")).await;
    assert_eq!(created.map(|o| o.action).ok(), Some(Action::Created));
    let physical = RETAINED
        .iter()
        .map(|id| (*id, w.cloud.physical_of(NAME, id).unwrap_or_default()))
        .collect();
    let deleted = w.deployer().delete(w.stack("cloudTrail")).await;
    assert_eq!(deleted.map(|o| o.action).ok(), Some(Action::Deleted));
    physical
}

fn calls_after(w: &World, start: usize) -> Vec<String> {
    w.cloud.calls()[start..].to_vec()
}

#[tokio::test(start_paused = true)]
async fn a_re_created_stack_imports_its_retained_resources_then_gets_the_full_template() {
    let mut w = World::new();
    let before = deleted_cloud_trail(&mut w).await;
    let start = w.cloud.calls().len();
    let outcome = w.deployer().create(w.stack("cloudTrail")).await;
    let outcome = outcome.unwrap_or_else(|e| panic!("re-created: {e}"));
    assert_eq!(outcome.action, Action::Created);
    assert_eq!(outcome.status, StackStatus::UpdateComplete);
    assert!(
        outcome.notes[0].starts_with("imported retained resources: TrailKey ("),
        "{:?}",
        outcome.notes
    );
    for id in RETAINED {
        assert_eq!(
            w.cloud.physical_of(NAME, id).as_ref(),
            before.get(id),
            "{id}"
        );
    }
    let calls = calls_after(&w, start);
    assert!(!calls.contains(&"CreateStack".to_owned()), "{calls:?}");
    let change_sets = calls.iter().filter(|c| *c == "CreateChangeSet").count();
    assert_eq!(change_sets, 2, "an IMPORT, then an UPDATE: {calls:?}");
    assert_eq!(w.cloud.protected(NAME), Some(true));
    assert!(w
        .reporter
        .notes()
        .iter()
        .any(|n| n.contains("still exist; importing them: TrailKey")));
}

#[tokio::test(start_paused = true)]
async fn a_plain_create_over_a_retained_log_group_fails_as_cloudformation_does() {
    // The fake models the failure hydrate avoids: the fixed log group name exists already.
    let mut w = World::new();
    deleted_cloud_trail(&mut w).await;
    let bucket = template_bucket(&w.account);
    let body = w.stack("cloudTrail").template.body();
    w.cloud.put_object(&bucket, "full.json", body).await.ok();
    let request = StackRequest {
        stack_name: NAME.into(),
        template: StackTemplate::Url(w.cloud.object_url(&bucket, "full.json")),
        ..StackRequest::default()
    };
    w.cloud.create_stack(&request).await.ok();
    let mut status = None;
    for _ in 0..3 {
        status = w
            .cloud
            .describe_stack(NAME)
            .await
            .ok()
            .flatten()
            .map(|d| d.status);
    }
    assert_eq!(status, Some(StackStatus::RollbackComplete));
    let events = w.cloud.events_since(NAME, None).await.unwrap_or_default();
    assert!(events.iter().any(|e| e.logical_id == "TrailLogGroup"
        && e.reason
            .as_deref()
            .is_some_and(|r| r.contains("already exists"))));
}

#[tokio::test(start_paused = true)]
async fn a_key_pending_deletion_is_not_imported_and_nothing_is_created() {
    let mut w = World::new();
    let before = deleted_cloud_trail(&mut w).await;
    w.cloud.schedule_key_deletion(&before["TrailKey"]);
    let start = w.cloud.calls().len();
    let error = w.deployer().create(w.stack("cloudTrail")).await.err();
    let text = error.map(|e| e.to_string()).unwrap_or_default();
    assert!(text.contains("was not created"), "{text}");
    assert!(text.contains("TrailBucket refers to TrailKey"), "{text}");
    assert!(
        text.contains("Nothing was created and nothing was deleted"),
        "{text}"
    );
    assert!(w
        .reporter
        .notes()
        .iter()
        .any(|n| n.contains("pending deletion")));
    let calls = calls_after(&w, start);
    for write in ["CreateStack", "CreateChangeSet", "DeleteStack", "PutObject"] {
        assert!(!calls.contains(&write.to_owned()), "{write} in {calls:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn an_endpoint_that_refuses_imports_leaves_no_stack_and_names_the_resources() {
    let mut w = World::new();
    deleted_cloud_trail(&mut w).await;
    w.cloud
        .refuse_imports("API for service 'cloudformation' not yet implemented or pro feature - please check your license plan");
    let error = w.deployer().create(w.stack("cloudTrail")).await.err();
    let text = error.map(|e| e.to_string()).unwrap_or_default();
    assert!(text.contains("license plan"), "{text}");
    for id in RETAINED {
        assert!(text.contains(id), "{id} not named: {text}");
    }
    assert_eq!(w.cloud.protected(NAME), None, "no stack was left behind");
}

#[tokio::test(start_paused = true)]
async fn a_failed_import_change_set_leaves_no_review_stack() {
    let mut w = World::new();
    deleted_cloud_trail(&mut w).await;
    // Someone else's stack took the log group in the meantime.
    let mut other = w.stack("cloudTrail").clone();
    other.stack_name = "someone-else".into();
    w.options.yes = true;
    let found = w.deployer().retained_existing(&other, &[]).await;
    let found = found.unwrap_or_default();
    assert_eq!(found.len(), RETAINED.len());
    w.deployer()
        .create_importing(&other, Vec::new(), &found)
        .await
        .ok();
    let error = w.deployer().create(w.stack("cloudTrail")).await.err();
    let text = error.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        text.contains("already belongs to stack someone-else"),
        "{text}"
    );
    // The REVIEW_IN_PROGRESS stack the refused change set made is being deleted.
    let left = w.cloud.describe_stack(NAME).await.ok().flatten();
    assert!(
        left.as_ref()
            .is_none_or(|d| d.status != StackStatus::ReviewInProgress),
        "{left:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn the_fake_refuses_an_import_template_with_resources_not_imported() {
    let mut w = World::new();
    deleted_cloud_trail(&mut w).await;
    let stack = w.stack("cloudTrail");
    let found = w
        .deployer()
        .retained_existing(stack, &[])
        .await
        .unwrap_or_default();
    let bucket = template_bucket(&w.account);
    let body = stack.template.body();
    w.cloud.put_object(&bucket, "full.json", body).await.ok();
    let request = StackRequest {
        stack_name: NAME.into(),
        template: StackTemplate::Url(w.cloud.object_url(&bucket, "full.json")),
        ..StackRequest::default()
    };
    let refused = w
        .cloud
        .create_import_change_set("cs", &request, &found)
        .await;
    let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("is not being imported"), "{message}");
}

#[tokio::test(start_paused = true)]
async fn diff_and_dry_run_say_what_would_be_imported() {
    let mut w = World::new();
    let before = deleted_cloud_trail(&mut w).await;
    let diff = w.deployer().diff(w.stack("cloudTrail"), false).await;
    let changes = diff.map(|d| d.changes).unwrap_or_default();
    let imported: Vec<&str> = changes
        .iter()
        .filter(|c| c.action == ChangeAction::Import)
        .map(|c| c.logical_id.as_str())
        .collect();
    assert_eq!(imported, RETAINED);
    let note = format!("would import TrailKey ({})", before["TrailKey"]);
    assert!(
        w.reporter.notes().iter().any(|n| n.starts_with(&note)),
        "{:?}",
        w.reporter.notes()
    );
    let planned = crate::deploy::up::dry_run(&w.deployer()).await;
    let planned = planned.unwrap_or_default();
    let trail = planned.iter().find(|p| p.stack == "cloudTrail");
    let imports = trail.map(|p| p.imports.clone()).unwrap_or_default();
    assert_eq!(imports.len(), RETAINED.len(), "{imports:?}");
    assert!(imports.contains(&"TrailLogGroup (/hydrate/cloudtrail)".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn the_fake_refuses_imports_without_deletion_policy_and_of_what_does_not_exist() {
    let w = World::new();
    let bucket = template_bucket(&w.account);
    let put = |key: &'static str, body: serde_json::Value| {
        let (cloud, bucket) = (&w.cloud, bucket.clone());
        async move {
            cloud.put_object(&bucket, key, &body.to_string()).await.ok();
            cloud.object_url(&bucket, key)
        }
    };
    let import = |logical: &str, name: &str| ResourceImport {
        resource_type: "AWS::S3::Bucket".into(),
        logical_id: logical.into(),
        identifier_key: "BucketName".into(),
        identifier: name.into(),
    };
    let unretained = put(
        "a.json",
        serde_json::json!({"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}),
    )
    .await;
    let request = |url: String| StackRequest {
        stack_name: "imports".into(),
        template: StackTemplate::Url(url),
        ..StackRequest::default()
    };
    let refused = w
        .cloud
        .create_import_change_set("cs", &request(unretained), &[import("B", "b")])
        .await;
    let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("DeletionPolicy must be specified"),
        "{message}"
    );

    let retained = put(
        "b.json",
        serde_json::json!({"Resources": {"B": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"}}}),
    )
    .await;
    let made = w
        .cloud
        .create_import_change_set("cs", &request(retained), &[import("B", "no-such-bucket")])
        .await;
    let id = made.unwrap_or_else(|e| panic!("the call is accepted: {e}"));
    let mut state = w.cloud.describe_change_set(&id, "cs").await.ok();
    while state == Some(ChangeSetState::Pending) {
        state = w.cloud.describe_change_set(&id, "cs").await.ok();
    }
    assert_eq!(
        state,
        Some(ChangeSetState::Failed(
            "Resource B (no-such-bucket) does not exist".into()
        ))
    );
}
