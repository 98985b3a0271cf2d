//! `org` against the in-memory [`fake::FakeOrg`]: targets, no-change runs, updates, regions,
//! status, delete, waiting and Ctrl-C.

use std::time::Duration;

use super::fake::FakeOrg;
use super::*;
use crate::deploy::fake_cloud::world::Recorder;
use crate::deploy::interrupt::Interrupt;

pub(super) const BODY: &str = r#"{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}"#;

/// Root → Workloads (ou-w) → Prod (ou-p); Audit (ou-a). The management account sits in Workloads.
pub(super) fn org() -> FakeOrg {
    FakeOrg::new(
        &[
            ("ou-w", "Workloads", "r-root"),
            ("ou-p", "Prod", "ou-w"),
            ("ou-a", "Audit", "r-root"),
        ],
        &[
            ("111111111111", "ou-w"),
            ("222222222222", "ou-p"),
            ("333333333333", "ou-a"),
            ("999999999999", "ou-w"),
        ],
    )
}

pub(super) fn spec(sets: Vec<StackSetSpec>) -> OrgSpec {
    OrgSpec {
        management_account_id: "999999999999".to_owned(),
        call_as: CallAs::SelfAccount,
        template_bucket: "tpl".to_owned(),
        stack_sets: sets,
        ..OrgSpec::default()
    }
}

pub(super) fn set(name: &str, ous: Vec<OuTarget>) -> StackSetSpec {
    StackSetSpec {
        baseline: name.to_owned(),
        name: format!("hydrate-{name}"),
        body: BODY.to_owned(),
        ous,
        regions: vec!["us-east-1".to_owned(), "eu-west-1".to_owned()],
        ..StackSetSpec::default()
    }
}

pub(super) fn path(p: &[&str]) -> OuTarget {
    OuTarget::Path(p.iter().map(|s| (*s).to_owned()).collect())
}

pub(super) fn run<'a>(
    cloud: &'a FakeOrg,
    spec: &'a OrgSpec,
    rec: &'a Recorder,
    i: &'a Interrupt,
) -> Org<'a> {
    Org {
        cloud,
        spec,
        caller_account: "999999999999".to_owned(),
        reporter: rec,
        interrupt: i,
        limit: Duration::from_secs(600),
        org: "example-org".to_owned(),
        jobs: 4,
    }
}

pub(super) fn writes(cloud: &FakeOrg) -> usize {
    [
        "PutObject",
        "CreateStackSet",
        "UpdateStackSet",
        "CreateStackInstances",
        "DeleteStackInstances",
        "DeleteStackSet",
    ]
    .iter()
    .map(|w| cloud.count(w))
    .sum()
}

#[tokio::test]
async fn a_parent_ou_covers_its_children_and_the_management_account_is_skipped_and_said() {
    let cloud = org();
    let reached = resolve(&cloud, "w", &[path(&["Workloads"])], "999999999999")
        .await
        .expect("resolves");
    assert_eq!(reached.ous, ["ou-w"]);
    let ids: Vec<&str> = reached.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["111111111111", "222222222222"]);
    assert_eq!(reached.skipped.len(), 1);
    assert!(reached.skipped[0].why.contains("management account"));
}

#[tokio::test]
async fn an_unknown_path_or_id_names_what_is_there() {
    let cloud = org();
    let err = resolve(&cloud, "w", &[path(&["Workload"])], "9")
        .await
        .expect_err("no such OU");
    let text = err.to_string();
    assert!(
        text.contains("Root/Workload") && text.contains("Workloads"),
        "{text}"
    );
    let err = resolve(
        &cloud,
        "w",
        &[OuTarget::Id("ou-zzzz-zzzzzzzz".to_owned())],
        "9",
    )
    .await
    .expect_err("no such id");
    assert!(matches!(err, OrgError::UnknownOu { .. }));
}

#[tokio::test]
async fn suspended_accounts_are_skipped_with_the_reason() {
    let cloud = org();
    cloud.accounts.lock().expect("lock")[0].2 = "SUSPENDED".to_owned();
    let reached = resolve(&cloud, "w", &[OuTarget::Id("ou-w".to_owned())], "9")
        .await
        .expect("resolves");
    assert!(reached
        .skipped
        .iter()
        .any(|s| s.id == "111111111111" && s.why.contains("SUSPENDED")));
    assert!(!reached.accounts.iter().any(|a| a.id == "111111111111"));
}

#[tokio::test]
async fn up_creates_then_a_second_up_makes_no_write_call() {
    let cloud = org();
    let s = spec(vec![
        set("workload", vec![path(&["Workloads"])]),
        set("audit", vec![OuTarget::Id("ou-a".to_owned())]),
    ]);
    let (rec, i) = (Recorder::default(), Interrupt::Never);
    let out = run(&cloud, &s, &rec, &i).up().await;
    let first: Vec<SetOutcome> = out.into_iter().map(|(_, r)| r.expect("up")).collect();
    assert_eq!(first[0].action, SetAction::Created);
    assert_eq!(first[0].rows.len(), 4, "2 accounts × 2 regions");
    assert!(first.iter().all(|o| !o.failed()));
    let before = writes(&cloud);
    let out = run(&cloud, &s, &rec, &i).up().await;
    assert!(out
        .iter()
        .all(|(_, r)| matches!(r, Ok(o) if o.action == SetAction::Unchanged)));
    assert_eq!(
        writes(&cloud),
        before,
        "{:?}",
        cloud.calls.lock().expect("lock")
    );
}

#[tokio::test]
async fn a_changed_baseline_updates_only_its_own_stack_set() {
    let cloud = org();
    let mut s = spec(vec![
        set("workload", vec![path(&["Workloads"])]),
        set("audit", vec![OuTarget::Id("ou-a".to_owned())]),
    ]);
    let (rec, i) = (Recorder::default(), Interrupt::Never);
    run(&cloud, &s, &rec, &i).up().await;
    s.stack_sets[1]
        .tags
        .push(("team".to_owned(), "audit".to_owned()));
    let out = run(&cloud, &s, &rec, &i).up().await;
    assert_eq!(out[0].1.as_ref().expect("up").action, SetAction::Unchanged);
    assert_eq!(
        out[1].1.as_ref().expect("up").action,
        SetAction::Updated(vec!["tags".to_owned()])
    );
    assert_eq!(cloud.count("UpdateStackSet"), 1);
}

#[tokio::test]
async fn a_region_added_gets_instances_and_a_region_dropped_loses_them() {
    let cloud = org();
    let mut s = spec(vec![set("audit", vec![OuTarget::Id("ou-a".to_owned())])]);
    let (rec, i) = (Recorder::default(), Interrupt::Never);
    run(&cloud, &s, &rec, &i).up().await;
    s.stack_sets[0].regions = vec!["us-east-1".to_owned(), "ap-south-1".to_owned()];
    let out = run(&cloud, &s, &rec, &i).up().await;
    let o = out[0].1.as_ref().expect("up");
    let regions: Vec<&str> = o.rows.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(regions.len(), 2);
    assert!(regions.contains(&"ap-south-1") && !regions.contains(&"eu-west-1"));
    assert_eq!(cloud.count("DeleteStackInstances"), 1);
}

#[tokio::test]
async fn status_reports_a_new_account_as_missing_even_with_auto_deployment() {
    let cloud = org();
    let s = spec(vec![set("audit", vec![OuTarget::Id("ou-a".to_owned())])]);
    let (rec, i) = (Recorder::default(), Interrupt::Never);
    run(&cloud, &s, &rec, &i).up().await;
    cloud.accounts.lock().expect("lock").push((
        "444444444444".to_owned(),
        "ou-a".to_owned(),
        "ACTIVE".to_owned(),
    ));
    let before = writes(&cloud);
    let status = run(&cloud, &s, &rec, &i).status().await;
    let st = status[0].1.as_ref().expect("status");
    assert!(st.auto_deployment);
    assert_eq!(st.missing(), 2);
    assert!(st
        .rows
        .iter()
        .filter(|r| r.account == "444444444444")
        .all(|r| r.status == MISSING && r.failed()));
    assert_eq!(
        failure_groups(&st.rows),
        [("no stack instance".to_owned(), 2)]
    );
    assert_eq!(writes(&cloud), before, "status writes nothing");
}

#[tokio::test]
async fn diff_shows_the_template_change_and_the_instances_it_reaches() {
    let cloud = org();
    let mut s = spec(vec![set("audit", vec![OuTarget::Id("ou-a".to_owned())])]);
    let (rec, i) = (Recorder::default(), Interrupt::Never);
    run(&cloud, &s, &rec, &i).up().await;
    s.stack_sets[0].body = r#"{"Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "t"}}}}"#.to_owned();
    let diff = run(&cloud, &s, &rec, &i).diff().await;
    let d = diff[0].1.as_ref().expect("diff");
    assert_eq!(d.action, "update");
    assert_eq!(d.template.len(), 1);
    assert_eq!(d.update.len(), 2);
    assert!(d.create.is_empty() && d.delete.is_empty());
}

#[tokio::test]
async fn delete_removes_the_instances_then_the_stack_set() {
    let cloud = org();
    let s = spec(vec![set("workload", vec![path(&["Workloads"])])]);
    let (rec, i) = (Recorder::default(), Interrupt::Never);
    run(&cloud, &s, &rec, &i).up().await;
    let out = run(&cloud, &s, &rec, &i).delete().await;
    let d = out[0].1.as_ref().expect("delete");
    assert_eq!(d.instances, 4);
    assert!(d.deleted && d.remaining.is_empty());
    assert!(cloud.sets.lock().expect("lock").is_empty());
}

#[tokio::test(start_paused = true)]
async fn waiting_polls_with_back_off_and_ctrl_c_stops_watching_with_the_way_back() {
    let mut cloud = org();
    cloud.running_polls = 1_000;
    let s = spec(vec![set("audit", vec![OuTarget::Id("ou-a".to_owned())])]);
    let rec = Recorder::default();
    let (fire, i) = Interrupt::channel();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(30)).await;
        fire.fire();
    });
    let out = run(&cloud, &s, &rec, &i).up().await;
    let err = out[0].1.as_ref().expect_err("interrupted");
    assert!(
        err.to_string()
            .contains("hydrate org status --org example-org"),
        "{err}"
    );
    let polls = cloud.count("DescribeStackSetOperation");
    assert!((5..30).contains(&polls), "backs off: {polls} polls in 30 s");
}

#[tokio::test(start_paused = true)]
async fn after_ctrl_c_no_baseline_starts_a_write_and_each_says_how_to_go_on() {
    let mut cloud = org();
    cloud.running_polls = 1_000;
    let s = spec(vec![
        set("audit", vec![OuTarget::Id("ou-a".to_owned())]),
        set("workload", vec![path(&["Workloads"])]),
    ]);
    let rec = Recorder::default();
    let (fire, i) = Interrupt::channel();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(30)).await;
        fire.fire();
    });
    let mut o = run(&cloud, &s, &rec, &i);
    // One baseline at a time: the second starts only after the Ctrl-C.
    o.jobs = 1;
    let out = o.up().await;
    let first = out[0].1.as_ref().expect_err("watching stopped");
    assert!(matches!(first, OrgError::Interrupted { .. }), "{first}");
    let second = out[1].1.as_ref().expect_err("not started");
    assert!(
        second.to_string().contains("creating stack set"),
        "{second}"
    );
    assert!(matches!(second, OrgError::Stopped { .. }), "{second}");
    assert!(out
        .iter()
        .all(|(_, r)| r.as_ref().is_err_and(OrgError::is_interrupt)));
    assert!(
        second
            .to_string()
            .contains("hydrate org up --org example-org"),
        "{second}"
    );
    assert_eq!(
        cloud.count("CreateStackSet"),
        1,
        "the second set is not created"
    );
    assert!(!OrgError::NoTemplateBucket {
        bucket: "b".to_owned()
    }
    .is_interrupt());
}

#[tokio::test(start_paused = true)]
async fn an_operation_past_the_limit_is_a_timeout() {
    let mut cloud = org();
    cloud.running_polls = 100_000;
    let s = spec(vec![set("audit", vec![OuTarget::Id("ou-a".to_owned())])]);
    let (rec, i) = (Recorder::default(), Interrupt::Never);
    let mut o = run(&cloud, &s, &rec, &i);
    o.limit = Duration::from_secs(120);
    let out = o.up().await;
    assert!(matches!(out[0].1, Err(OrgError::TimedOut { .. })));
}

#[test]
fn the_caller_must_match_call_as() {
    let mut s = spec(Vec::new());
    assert!(guard_caller("999999999999", &s).is_ok());
    assert!(guard_caller("111111111111", &s).is_err());
    s.call_as = CallAs::DelegatedAdmin;
    assert!(guard_caller("111111111111", &s).is_ok());
    let err = guard_caller("999999999999", &s).expect_err("management as delegated");
    assert!(err.to_string().contains("CallAs to SELF"));
}

#[test]
fn operation_ids_fit_aws_pattern_and_differ() {
    let a = operation_id("update");
    let b = operation_id("update");
    assert_ne!(a, b);
    assert!(a.len() <= 128);
    assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
}

#[tokio::test(start_paused = true)]
async fn after_ctrl_c_delete_sends_no_further_delete() {
    let mut cloud = org();
    let s = spec(vec![
        set("audit", vec![OuTarget::Id("ou-a".to_owned())]),
        set("workload", vec![path(&["Workloads"])]),
    ]);
    let (rec, never) = (Recorder::default(), Interrupt::Never);
    run(&cloud, &s, &rec, &never).up().await;
    cloud.running_polls = 1_000;
    let (fire, i) = Interrupt::channel();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(30)).await;
        fire.fire();
    });
    let mut o = run(&cloud, &s, &rec, &i);
    o.jobs = 1;
    let out = o.delete().await;
    assert!(matches!(out[0].1, Err(OrgError::Interrupted { .. })));
    let second = out[1].1.as_ref().expect_err("not started");
    assert!(
        second
            .to_string()
            .contains("hydrate org delete --org example-org"),
        "{second}"
    );
    assert_eq!(cloud.count("DeleteStackInstances"), 1);
    assert_eq!(cloud.count("DeleteStackSet"), 0);
}
