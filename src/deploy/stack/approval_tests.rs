//! The approval gate against the in-memory `FakeCloud`: an update that gives the developer role
//! one more action is held off a terminal, asked on one, and runs with `--yes` or `never`.

use super::*;
use crate::cfn::RenderedTemplate;
use crate::check::AccessChange;
use crate::deploy::fake_cloud::world::World;
use crate::deploy::progress::{Change, ChangeAction};

/// iamSetup with `s3:DeleteBucket` added to the developer role's first statement.
fn wider(stack: &Stack) -> Stack {
    let mut json = stack.template.json().clone();
    let actions = json["Resources"]["DeveloperRole"]["Properties"]["Policies"][0]["PolicyDocument"]
        ["Statement"][0]["Action"]
        .as_array_mut()
        .expect("the developer policy lists its actions");
    actions.push("s3:DeleteBucket".into());
    let mut changed = stack.clone();
    changed.template = RenderedTemplate::parse(json.to_string()).expect("still JSON");
    changed
}

fn access(w: &World) -> Vec<AccessChange> {
    let reports = w.reporter.reports.lock().unwrap_or_else(|p| p.into_inner());
    reports
        .iter()
        .filter_map(|p| match p {
            Progress::AccessDelta { changes, .. } => Some(changes.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

async fn update(w: &World, stack: &Stack) -> Result<Outcome, DeployError> {
    w.deployer().update(&wider(stack)).await
}

async fn setup(terminal: bool) -> (World, Stack) {
    let mut w = World::new();
    let stack = w.stack("iamSetup").clone();
    w.deployer()
        .create(&stack)
        .await
        .expect("iamSetup is created");
    w.reporter.no_terminal = !terminal;
    (w, stack)
}

#[tokio::test(start_paused = true)]
async fn a_gain_off_a_terminal_is_held_and_its_change_set_dropped() {
    let (w, stack) = setup(false).await;
    let error = update(&w, &stack).await.err();
    assert!(
        matches!(&error, Some(DeployError::NeedsApproval { reasons, .. }) if reasons.contains("widen access")),
        "{error:?}"
    );
    let lines: Vec<String> = access(&w).iter().map(AccessChange::line).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("+ iamSetup.DeveloperRole s3:DeleteBucket on")),
        "{lines:?}"
    );
    let calls = w.cloud.calls();
    assert!(calls.contains(&"DeleteChangeSet".to_owned()));
    assert!(!calls.contains(&"ExecuteChangeSet".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn a_gain_runs_with_yes_or_with_never() {
    let (mut w, stack) = setup(false).await;
    w.options.yes = true;
    let outcome = update(&w, &stack).await;
    assert_eq!(outcome.map(|o| o.action).ok(), Some(Action::Updated));
    let (mut w, stack) = setup(false).await;
    w.options.require_approval = Approval::Never;
    let outcome = update(&w, &stack).await;
    assert_eq!(outcome.map(|o| o.action).ok(), Some(Action::Updated));
}

#[tokio::test(start_paused = true)]
async fn on_a_terminal_the_person_decides() {
    let (mut w, stack) = setup(true).await;
    let error = update(&w, &stack).await.err();
    assert!(
        matches!(error, Some(DeployError::NotApproved { .. })),
        "{error:?}"
    );
    w.reporter.yes = true;
    let outcome = update(&w, &stack).await;
    assert_eq!(outcome.map(|o| o.action).ok(), Some(Action::Updated));
}

#[tokio::test(start_paused = true)]
async fn a_change_without_a_gain_needs_approval_only_with_any_change() {
    let (mut w, stack) = setup(false).await;
    let mut tagged = stack.clone();
    tagged.tags.insert("stage".into(), "other".into());
    w.options.require_approval = Approval::AnyChange;
    let error = w.deployer().update(&tagged).await.err();
    assert!(
        matches!(error, Some(DeployError::NeedsApproval { .. })),
        "{error:?}"
    );
    assert_eq!(access(&w), Vec::<AccessChange>::new());
    w.options.require_approval = Approval::Broadening;
    let outcome = w.deployer().update(&tagged).await;
    assert_eq!(outcome.map(|o| o.action).ok(), Some(Action::Updated));
}

#[test]
fn removing_a_detector_or_a_trail_bucket_is_data_loss_an_alarm_is_not() {
    let changes = [
        Change::new(ChangeAction::Remove, "Detector", "AWS::GuardDuty::Detector"),
        Change::new(ChangeAction::Remove, "TrailBucket", "AWS::S3::Bucket"),
        Change::new(ChangeAction::Remove, "Alarm", "AWS::CloudWatch::Alarm"),
        Change::new(ChangeAction::Add, "Hub", "AWS::SecurityHub::Hub"),
    ];
    assert_eq!(
        super::approval::data_loss(&changes),
        [
            "remove Detector (AWS::GuardDuty::Detector)",
            "remove TrailBucket (AWS::S3::Bucket)"
        ]
    );
}
