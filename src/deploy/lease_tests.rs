//! The account's lease against the in-memory [`crate::deploy::fake_cloud::FakeCloud`].

use std::time::Duration;

use super::*;
use crate::deploy::fake_cloud::world::World;
use crate::deploy::stack::template_bucket;

fn holder(command: &str) -> Holder {
    Holder {
        owner: "arn:aws:iam::123456789012:user/alice".into(),
        host: "laptop".into(),
        pid: 42,
        command: command.into(),
        since: 0,
        expires: 0,
    }
}

#[tokio::test(start_paused = true)]
async fn one_writer_at_a_time_the_second_is_refused_naming_the_first() {
    let w = World::new();
    let first = acquire(&w.cloud, &w.account, holder("up"), false, &w.reporter).await;
    let Ok(first) = first else {
        panic!("the first run takes the lease");
    };
    let second = acquire(
        &w.cloud,
        &w.account,
        holder("stack delete cloudTrail"),
        false,
        &w.reporter,
    )
    .await;
    let Err(DeployError::Locked(held)) = &second else {
        panic!("the second is refused: {:?}", second.err());
    };
    assert_eq!(
        (held.command.as_str(), held.pid, held.host.as_str()),
        ("up", 42, "laptop")
    );
    let message = held.to_string();
    assert!(message.contains("--break-lock"), "{message}");
    // Released, it can be taken again.
    first.release().await;
    assert!(
        acquire(&w.cloud, &w.account, holder("up"), false, &w.reporter)
            .await
            .is_ok()
    );
}

#[tokio::test(start_paused = true)]
async fn a_lease_whose_holder_died_expires_and_break_lock_asks_first() {
    let mut w = World::new();
    let dead = acquire(&w.cloud, &w.account, holder("up"), false, &w.reporter).await;
    assert!(dead.is_ok());
    std::mem::forget(dead); // the run died: nothing releases or renews it
                            // A live lease: --break-lock asks; no answer keeps it.
    let refused = acquire(&w.cloud, &w.account, holder("up"), true, &w.reporter).await;
    assert!(
        matches!(refused, Err(DeployError::LockNotBroken)),
        "{:?}",
        refused.err()
    );
    w.reporter.yes = true;
    let broken = acquire(&w.cloud, &w.account, holder("up"), true, &w.reporter).await;
    assert!(broken.is_ok(), "--break-lock, confirmed, takes it");
    std::mem::forget(broken);
    // The lease's own clock is the wall clock, so wait it out for real is not possible here:
    // an expired record is written the way a dead holder's would read after TERM.
    let expired = serde_json::json!({
        "owner": "x", "host": "h", "pid": 1, "command": "up", "since": 0, "expires": 1
    });
    let bucket = template_bucket(&w.account);
    let key = format!("{}/hydrate.lock.json", w.account.account.account_id);
    w.cloud
        .put_object(&bucket, &key, &expired.to_string())
        .await
        .ok();
    w.reporter.yes = false;
    assert!(
        acquire(&w.cloud, &w.account, holder("up"), false, &w.reporter)
            .await
            .is_ok()
    );
    assert!(TERM.as_secs() >= 60);
}

#[tokio::test(start_paused = true)]
async fn a_held_lease_is_renewed_while_the_work_runs_and_released_after() {
    let w = World::new();
    let lease = acquire(&w.cloud, &w.account, holder("up"), false, &w.reporter).await;
    let Ok(lease) = lease else { panic!("taken") };
    let held = lease
        .hold(tokio::time::sleep(RENEW_EVERY * 3 + Duration::from_secs(1)))
        .await;
    assert!(held.is_ok(), "kept to the end: {:?}", held.err());
    let puts = w.cloud.calls().iter().filter(|c| *c == "PutObject").count();
    assert_eq!(puts, 1 + 3, "taken once, renewed three times");
    let gets = w.cloud.calls().iter().filter(|c| *c == "GetObject").count();
    assert_eq!(gets, 3 + 1, "each renewal and the release read it first");
    assert!(w.cloud.calls().contains(&"DeleteObject".to_owned()));
    assert!(
        acquire(&w.cloud, &w.account, holder("up"), false, &w.reporter)
            .await
            .is_ok()
    );
}

#[tokio::test(start_paused = true)]
async fn a_lease_another_run_took_stops_the_work_and_is_left_to_it() {
    let w = World::new();
    let lease = acquire(&w.cloud, &w.account, holder("up"), false, &w.reporter).await;
    let Ok(lease) = lease else { panic!("taken") };
    // Another run broke it (`--break-lock`) and holds it now.
    let mut other = holder("down");
    other.host = "ci-runner".into();
    other.pid = 7;
    let body = serde_json::to_string(&other).expect("json");
    let bucket = template_bucket(&w.account);
    let key = key_of(&w.account);
    w.cloud.put_object(&bucket, &key, &body).await.expect("put");
    let before = w.cloud.calls().len();
    let stopped = lease.hold(std::future::pending::<()>()).await;
    let Err(DeployError::LeaseLost { why, .. }) = &stopped else {
        panic!("the work stops: {stopped:?}");
    };
    assert!(why.contains("`down`") && why.contains("ci-runner"), "{why}");
    let after: Vec<String> = w.cloud.calls()[before..].to_vec();
    assert_eq!(
        after,
        ["GetObject"],
        "neither renewed nor released: {after:?}"
    );
    let text = w.cloud.get_object(&bucket, &key).await.expect("get");
    assert_eq!(
        text.as_deref(),
        Some(body.as_str()),
        "the other run's lease is intact"
    );
}

#[test]
fn a_renewal_that_landed_unseen_is_still_this_run_and_a_lease_about_to_end_is_lost() {
    let mine = Holder {
        since: 1_000,
        expires: 1_300,
        ..holder("up")
    };
    // The renewal's PUT landed but its answer was lost: the object has a later expiry.
    let renewed = Holder {
        expires: 1_360,
        ..mine.clone()
    };
    assert!(mine.same_run(&renewed));
    let other = Holder {
        pid: 43,
        ..mine.clone()
    };
    assert!(!mine.same_run(&other));
    let later = Holder {
        since: 1_001,
        ..mine.clone()
    };
    assert!(!mine.same_run(&later));
    // Renewals every 60 s: at 1_239 one more still lands in time, at 1_240 it would not.
    assert!(!mine.ends_before_renewal(1_239));
    assert!(mine.ends_before_renewal(1_240));
}
