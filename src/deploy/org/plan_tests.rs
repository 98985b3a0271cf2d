//! What differs in a stack set (`plan::set_change`), pure: a reformatted body is the same template,
//! and unreported capabilities of the same template that needs them are not a change.

use super::tests::{set, BODY};
use super::*;

#[test]
fn a_reformatted_body_is_the_same_template() {
    let s = set("a", Vec::new());
    let state = StackSetState {
        body: serde_json::to_string_pretty(
            &serde_json::from_str::<serde_json::Value>(BODY).expect("json"),
        )
        .expect("json"),
        ..StackSetState::default()
    };
    assert_eq!(set_change(Some(&state), &s), SetChange::Same);
}

#[test]
fn unreported_capabilities_of_the_same_iam_template_are_not_a_change() {
    const IAM: &str =
        r#"{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "r"}}}}"#;
    let mut s = set("workload", Vec::new());
    s.body = IAM.to_owned();
    s.capabilities = vec![
        "CAPABILITY_IAM".to_owned(),
        "CAPABILITY_NAMED_IAM".to_owned(),
    ];
    // moto: the same template, no capabilities reported. CloudFormation would have refused the
    // template without CAPABILITY_NAMED_IAM, so it was acknowledged.
    let unreported = StackSetState {
        body: IAM.to_owned(),
        ..StackSetState::default()
    };
    assert_eq!(set_change(Some(&unreported), &s), SetChange::Same);
    // Another template: updated, and the capabilities go with it.
    let older = StackSetState {
        body: BODY.to_owned(),
        ..StackSetState::default()
    };
    assert_eq!(
        set_change(Some(&older), &s),
        SetChange::Update(vec!["template", "capabilities"])
    );
    // Reported and different: compared as reported.
    let reported = StackSetState {
        body: IAM.to_owned(),
        capabilities: vec!["CAPABILITY_AUTO_EXPAND".to_owned()],
        ..StackSetState::default()
    };
    assert_eq!(
        set_change(Some(&reported), &s),
        SetChange::Update(vec!["capabilities"])
    );
    // A template that needs none proves nothing about the ones declared.
    let mut plain = set("audit", Vec::new());
    plain.capabilities = vec!["CAPABILITY_IAM".to_owned()];
    let none = StackSetState {
        body: BODY.to_owned(),
        ..StackSetState::default()
    };
    assert_eq!(
        set_change(Some(&none), &plain),
        SetChange::Update(vec!["capabilities"])
    );
}
