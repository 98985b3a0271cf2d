use std::path::Path;

use super::*;

fn example() -> AccountDir {
    AccountDir::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example")).expect("loads")
}

#[test]
fn the_example_bundles_with_every_stack_file_once() {
    let account = example();
    let b = bundle(&account, BundleTarget::Account).expect("bundles");
    assert_eq!(b.parts.len(), 27);
    assert!(
        b.capabilities.contains(&Capability::NamedIam) || b.capabilities.contains(&Capability::Iam)
    );
    assert_eq!(b.tags["org"], "example");
    assert!(!b.tags.contains_key("role"), "the parts disagree on role");
}

#[test]
fn account_values_become_pseudo_parameters_or_literals_and_a_stack_set_has_no_name() {
    let mut account = example();
    let sns = account
        .stacks
        .iter_mut()
        .find(|s| s.key == "snsNotify")
        .expect("snsNotify");
    sns.parameters.insert(
        "AlertEmail".into(),
        "{{account.name}}+{{account.id}}@{{account.region}}.example.com".into(),
    );
    let b = bundle(&account, BundleTarget::Account).expect("bundles");
    let t: serde_json::Value = serde_json::from_str(&b.body).expect("json");
    let endpoints = t.to_string();
    assert!(
        endpoints.contains(
            r#"{"Fn::Join":["",["example+",{"Ref":"AWS::AccountId"},"@us-east-1.example.com"]]}"#
        ),
        "{endpoints}"
    );
    let e = bundle(&account, BundleTarget::StackSet).expect_err("no name in a stack set");
    let problem = e.first().expect("one").to_string();
    assert!(
        problem.contains("snsNotify.json: Parameters.AlertEmail: {{account.name}} has no value in a stack-set bundle"),
        "{problem}"
    );
}

#[test]
fn a_missing_output_names_the_file_and_parameter() {
    let mut account = example();
    let alarm = account
        .stacks
        .iter_mut()
        .find(|s| s.key == "rootAccountUsage")
        .expect("alarm");
    alarm.parameters.insert(
        "AlarmTopicArn".into(),
        r#"{{output "snsNotify" "Nope"}}"#.into(),
    );
    let e = bundle(&account, BundleTarget::Account).expect_err("refused");
    let first = e.first().expect("one");
    assert_eq!(first.kind, ErrorKind::UnknownOutput);
    assert!(first.file.ends_with("rootAccountUsage.json"));
    assert_eq!(first.field, "Parameters.AlarmTopicArn");
}

#[test]
fn the_bundle_passes_the_render_time_reference_checks() {
    let b = bundle(&example(), BundleTarget::StackSet).expect("bundles");
    let t = RenderedTemplate::parse(b.body).expect("parses");
    assert!(crate::cfn::check_references(t.json()).is_empty());
    assert!(t.resources().len() > 26);
}
