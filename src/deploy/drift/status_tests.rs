//! What a detection leaves for `status`, and a resource deleted behind hydrate's back.

use super::tests::{deployed, iam_as_deployed, run, TEN_MINUTES};
use super::*;

#[tokio::test(start_paused = true)]
async fn status_shows_the_last_detection() {
    let w = deployed().await;
    drift(&run(&w, None, TEN_MINUTES), &["iamSetup".to_owned()]).await;
    let rows = crate::deploy::status::account_status(&w.deployer())
        .await
        .expect("status");
    let row = rows
        .iter()
        .find(|r| r.stack == "iamSetup")
        .expect("iamSetup");
    assert_eq!(row.drift.as_deref(), Some("IN_SYNC"));
    assert!(row.drift_checked.is_some());
    let never = rows
        .iter()
        .find(|r| r.stack == "cloudTrail")
        .expect("cloudTrail");
    assert_eq!(never.drift, None);
}

#[tokio::test(start_paused = true)]
async fn a_deleted_role_is_reported_deleted() {
    let w = deployed().await;
    let iam = iam_as_deployed(&w).await;
    iam.principals
        .lock()
        .expect("lock")
        .remove("physical-ReadonlyRole");
    let found = drift(&run(&w, Some(&iam), TEN_MINUTES), &["iamSetup".to_owned()]).await;
    assert!(found[0]
        .drifted
        .iter()
        .any(|d| d.logical_id == "ReadonlyRole" && d.difference == "DELETED"));
}

#[tokio::test(start_paused = true)]
async fn a_failed_read_is_a_row_and_the_region_is_not_asked_again() {
    let w = deployed().await;
    w.cloud.throttle("DescribeStacks", 1);
    let before = w.cloud.calls().len();
    let rows = crate::deploy::status::account_status(&w.deployer())
        .await
        .expect("status survives a failed read");
    let first = &rows[0];
    assert_eq!(first.template, crate::deploy::status::TemplateState::Unread);
    assert!(first
        .error
        .as_deref()
        .unwrap_or_default()
        .contains("DescribeStacks"));
    assert!(rows[1..].iter().all(|r| r
        .error
        .as_deref()
        .is_some_and(|e| e.starts_with("not asked: a read in"))));
    // One call (the throttled one), not one per stack.
    assert_eq!(w.cloud.calls().len() - before, 1);
}
