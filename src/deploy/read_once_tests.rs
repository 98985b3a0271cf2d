//! [`ReadOnce`] over the in-memory cloud: one read for the whole account, and nothing stale.

use super::*;
use crate::deploy::fake_cloud::world::{writes, World};
use crate::deploy::stack::Deployer;
use crate::deploy::up::{nothing_to_do, pending, up};

fn over<'a>(w: &'a World, cloud: &'a ReadOnce<'a>) -> Deployer<'a> {
    Deployer {
        cloud,
        ..w.deployer()
    }
}

#[tokio::test(start_paused = true)]
async fn a_no_change_check_reads_the_account_once_and_a_template_per_stack() {
    let w = World::new();
    assert!(up(&w.deployer(), 8).await.rows.iter().all(|r| !r.failed()));
    let before = w.cloud.calls().len();
    let cache = ReadOnce::primed(&w.cloud, &w.account).await;
    let pending = pending(&over(&w, &cache), 4).await;
    assert!(pending.is_empty(), "{pending:?}");
    let calls = &w.cloud.calls()[before..];
    let count = |op: &str| calls.iter().filter(|c| *c == op).count();
    assert_eq!(count("DescribeStacks"), 1, "{calls:?}");
    assert_eq!(count("GetTemplate"), w.account.stacks.len(), "{calls:?}");
    assert!(writes(calls).is_empty(), "{calls:?}");
    let rows = nothing_to_do(&w.account).rows;
    assert_eq!(rows.len(), w.account.stacks.len());
}

#[tokio::test(start_paused = true)]
async fn nothing_deployed_is_known_without_a_call_and_everything_is_pending() {
    let w = World::new();
    let cache = ReadOnce::primed(&w.cloud, &w.account).await;
    let before = w.cloud.calls().len();
    let stack = w.stack("snsNotify");
    assert_eq!(
        cache.describe_stack(&stack.stack_name).await.ok(),
        Some(None)
    );
    assert_eq!(w.cloud.calls().len(), before, "answered from the one read");
    assert_eq!(
        pending(&over(&w, &cache), 4).await.len(),
        w.account.stacks.len()
    );
}

#[tokio::test(start_paused = true)]
async fn a_write_makes_the_next_read_fresh() {
    let w = World::new();
    let cache = ReadOnce::primed(&w.cloud, &w.account).await;
    // up through the cache: each stack created is read afresh, and its readers see its outputs.
    let run = up(&over(&w, &cache), 8).await;
    assert!(run.rows.iter().all(|r| !r.failed()), "{:?}", run.rows);
    let sns = w.stack("snsNotify");
    let known = cache.describe_stack(&sns.stack_name).await.ok().flatten();
    assert!(
        known.is_some_and(|d| d.outputs.contains_key("TopicArn")),
        "the created stack, not the empty read before it"
    );
    cache.forget_all();
    let before = w.cloud.calls().len();
    let _ = cache.describe_stack(&sns.stack_name).await;
    assert_eq!(w.cloud.calls().len(), before + 1, "forgotten: read again");
}

#[tokio::test(start_paused = true)]
async fn a_changed_service_role_or_notification_topic_is_a_change() {
    let mut w = World::new();
    assert!(up(&w.deployer(), 8).await.rows.iter().all(|r| !r.failed()));
    let Some(i) = w.account.stacks.iter().position(|s| s.key == "selfEdit") else {
        panic!("params/example has selfEdit");
    };
    w.account.stacks[i].role_arn = Some("arn:aws:iam::123456789012:role/cfn".into());
    let cache = ReadOnce::primed(&w.cloud, &w.account).await;
    assert_eq!(pending(&over(&w, &cache), 4).await, ["selfEdit"]);
    w.account.stacks[i].role_arn = None;
    w.account.stacks[i].notification_arns = vec!["arn:aws:sns:us-east-1:123456789012:t".into()];
    let cache = ReadOnce::primed(&w.cloud, &w.account).await;
    assert_eq!(pending(&over(&w, &cache), 4).await, ["selfEdit"]);
}
