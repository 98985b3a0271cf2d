//! `stack diff` and `stack execute` against the in-memory `FakeCloud`: the property diff, the
//! change set's details, `--keep`, and a kept change set run when current and refused when stale.

use super::*;
use crate::cfn::diff::PropertyChangeKind;
use crate::cfn::RenderedTemplate;
use crate::deploy::fake_cloud::world::World;
use crate::deploy::progress::{Change, ChangeAction, ChangeDetail, Recreation, Replacement};

/// iamSetup with `s3:DeleteBucket` added to the developer role's first statement.
fn wider(stack: &Stack) -> Stack {
    let mut json = stack.template.json().clone();
    json["Resources"]["DeveloperRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        [0]["Action"]
        .as_array_mut()
        .expect("the developer policy lists its actions")
        .push("s3:DeleteBucket".into());
    let mut changed = stack.clone();
    changed.template = RenderedTemplate::parse(json.to_string()).expect("still JSON");
    changed
}

async fn deployed(w: &World) -> Stack {
    let stack = w.stack("iamSetup").clone();
    w.deployer()
        .create(&stack)
        .await
        .expect("iamSetup is created");
    stack
}

#[tokio::test(start_paused = true)]
async fn diff_shows_the_changed_path_and_the_change_sets_details() {
    let mut w = World::new();
    w.options.yes = true;
    let stack = deployed(&w).await;
    let replaced = Change {
        replacement: Some(Replacement::Conditional),
        details: vec![ChangeDetail {
            attribute: "Properties".into(),
            name: Some("RoleName".into()),
            requires_recreation: Some(Recreation::Conditionally),
            change_source: Some("DirectModification".into()),
            causing_entity: None,
            evaluation: Some("Static".into()),
        }],
        ..Change::new(ChangeAction::Modify, "DeveloperRole", "AWS::IAM::Role")
    };
    w.cloud.changes(vec![replaced.clone()]);
    let diff = w
        .deployer()
        .diff(&wider(&stack), false)
        .await
        .expect("diff runs");
    assert_eq!(diff.changes, [replaced]);
    assert_eq!(
        diff.changes[0].reasons(),
        ["RoleName changed (may recreate)"]
    );
    assert_eq!(diff.change_set, None);
    let added: Vec<(&str, PropertyChangeKind)> = diff
        .properties
        .iter()
        .map(|p| (p.path.as_str(), p.change))
        .collect();
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(
        added[0].0.starts_with(
            "Resources.DeveloperRole.Properties.Policies[0].PolicyDocument.Statement[0].Action["
        ) && added[0].1 == PropertyChangeKind::Added,
        "{added:?}"
    );
    assert!(
        !w.cloud.calls().contains(&"ExecuteChangeSet".to_owned()),
        "a diff runs nothing"
    );
    assert!(w.cloud.calls().contains(&"DeleteChangeSet".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn a_kept_change_set_that_is_current_runs() {
    let mut w = World::new();
    w.options.yes = true;
    let stack = deployed(&w).await;
    let changed = wider(&stack);
    let diff = w.deployer().diff(&changed, true).await.expect("diff runs");
    let name = diff.change_set.expect("the change set is kept");
    assert!(!w.cloud.calls().contains(&"DeleteChangeSet".to_owned()));
    let outcome = w
        .deployer()
        .execute(&changed, &name)
        .await
        .expect("a current change set runs");
    assert_eq!(outcome.action, Action::Updated);
    let now: serde_json::Value =
        serde_json::from_str(&w.cloud.template(&stack.stack_name).unwrap_or_default())
            .expect("JSON");
    assert_eq!(&now, changed.template.json());
}

#[tokio::test(start_paused = true)]
async fn a_kept_change_set_is_refused_once_the_files_or_the_stack_moved_on() {
    let mut w = World::new();
    w.options.yes = true;
    let stack = deployed(&w).await;
    let changed = wider(&stack);
    let name = w
        .deployer()
        .diff(&changed, true)
        .await
        .expect("diff runs")
        .change_set
        .expect("kept");
    // The account directory went back to what is deployed: the change set is not what it renders.
    let error = w.deployer().execute(&stack, &name).await.err();
    assert!(
        matches!(&error, Some(DeployError::StaleChangeSet { why, .. }) if why.contains("template")),
        "{error:?}"
    );
    assert!(error
        .map(|e| e.to_string())
        .unwrap_or_default()
        .contains("stack diff iamSetup --keep"));
    // Someone updated the stack after the change set was made.
    w.cloud.touch(&stack.stack_name);
    let error = w.deployer().execute(&changed, &name).await.err();
    assert!(
        matches!(&error, Some(DeployError::StaleChangeSet { why, .. }) if why.contains("the stack changed")),
        "{error:?}"
    );
    assert!(!w.cloud.calls().contains(&"ExecuteChangeSet".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn a_kept_change_set_held_by_the_gate_is_kept_to_run_with_yes() {
    let mut w = World::new();
    let stack = deployed(&w).await;
    let changed = wider(&stack);
    let name = w
        .deployer()
        .diff(&changed, true)
        .await
        .expect("diff runs")
        .change_set
        .expect("kept");
    w.reporter.no_terminal = true;
    let error = w.deployer().execute(&changed, &name).await.err();
    assert!(
        matches!(error, Some(DeployError::NeedsApproval { .. })),
        "{error:?}"
    );
    assert!(!w.cloud.calls().contains(&"DeleteChangeSet".to_owned()));
    w.options.yes = true;
    let outcome = w.deployer().execute(&changed, &name).await;
    assert!(
        matches!(
            outcome,
            Ok(Outcome {
                action: Action::Updated,
                ..
            })
        ),
        "{outcome:?}"
    );
}
