//! Unit tests of the template model: intrinsics, reference checks, key order, determinism.

use serde_json::{json, Value};

use super::iam::Group;
use super::*;

fn js(expr: Expr) -> Value {
    serde_json::to_value(expr).expect("expressions serialize")
}

#[test]
fn every_intrinsic_serializes_as_cloudformation_spells_it() {
    assert_eq!(js(r#ref("Topic")), json!({"Ref": "Topic"}));
    assert_eq!(js(account_id()), json!({"Ref": "AWS::AccountId"}));
    assert_eq!(js(region()), json!({"Ref": "AWS::Region"}));
    assert_eq!(js(partition()), json!({"Ref": "AWS::Partition"}));
    assert_eq!(js(stack_name()), json!({"Ref": "AWS::StackName"}));
    assert_eq!(js(no_value()), json!({"Ref": "AWS::NoValue"}));
    assert_eq!(
        js(Pseudo::UrlSuffix.into()),
        json!({"Ref": "AWS::URLSuffix"})
    );
    assert_eq!(
        js(get_att("Role", "Arn")),
        json!({"Fn::GetAtt": ["Role", "Arn"]})
    );
    assert_eq!(
        js(sub("a-${AWS::Region}")),
        json!({"Fn::Sub": "a-${AWS::Region}"})
    );
    assert_eq!(
        js(sub_with("${X}-y", [("X", r#ref("P"))])),
        json!({"Fn::Sub": ["${X}-y", {"X": {"Ref": "P"}}]})
    );
    assert_eq!(
        js(join(",", [Expr::from("a"), r#ref("P")])),
        json!({"Fn::Join": [",", ["a", {"Ref": "P"}]]})
    );
    assert_eq!(
        js(import_value("net-VpcId")),
        json!({"Fn::ImportValue": "net-VpcId"})
    );
    assert_eq!(
        js(if_("IsProd", "big", no_value())),
        json!({"Fn::If": ["IsProd", "big", {"Ref": "AWS::NoValue"}]})
    );
    assert_eq!(
        js(equals(r#ref("Stage"), "prod")),
        json!({"Fn::Equals": [{"Ref": "Stage"}, "prod"]})
    );
    assert_eq!(
        js(not(Expr::Condition("IsProd".into()))),
        json!({"Fn::Not": [{"Condition": "IsProd"}]})
    );
    assert_eq!(
        js(select(1, split(",", r#ref("List")))),
        json!({"Fn::Select": [1, {"Fn::Split": [",", {"Ref": "List"}]}]})
    );
    assert_eq!(
        js(Expr::And(vec![Expr::Condition("A".into())])),
        json!({"Fn::And": [{"Condition": "A"}]})
    );
    assert_eq!(
        js(Expr::Or(vec![Expr::Condition("A".into())])),
        json!({"Fn::Or": [{"Condition": "A"}]})
    );
    assert_eq!(js(vec!["a", "b"].into()), json!(["a", "b"]));
    assert_eq!(js(7u32.into()), json!(7));
    assert_eq!(js(true.into()), json!(true));
}

fn group() -> Group {
    Group::default()
}

#[test]
fn a_dangling_ref_names_the_place_and_the_missing_id() {
    let mut t = Template::new("t");
    t.add(
        "Admins",
        Group {
            group_name: Some(r#ref("Missing")),
            ..group()
        },
    );
    let err = t.render().expect_err("dangling Ref must fail");
    let text = err.to_string();
    assert!(
        text.contains("Resources.Admins.Properties.GroupName.Ref"),
        "{text}"
    );
    assert!(text.contains("`Missing`"), "{text}");
}

#[test]
fn dangling_getatt_sub_if_and_dependson_are_all_reported() {
    let mut t = Template::new("t");
    let real = t.add("Real", group());
    let ghost: Handle<Group> = {
        let mut other = Template::new("other");
        other.add("Ghost", group())
    };
    t.add(
        "Uses",
        Resource::new(Group {
            group_name: Some(sub("${Nope}-${Real}-${!Literal}-${AWS::Region}")),
            managed_policy_arns: vec![ghost.arn(), if_("NoSuchCondition", "a", "b"), real.arn()],
            ..group()
        })
        .depends_on(&ghost),
    );
    t.output("Out", Output::new(sub("${Gone.Arn}")));
    let err = t.render().expect_err("must fail");
    let targets: Vec<&str> = err
        .problems
        .iter()
        .map(|p| match p {
            Problem::Dangling { target, .. } => target.as_str(),
            _ => "",
        })
        .collect();
    assert_eq!(
        targets,
        ["Ghost", "Nope", "Ghost", "NoSuchCondition", "Gone"]
    );
}

#[test]
fn sub_variables_declared_inline_are_not_dangling() {
    let mut t = Template::new("t");
    t.add(
        "G",
        Group {
            group_name: Some(sub_with("${Name}-x", [("Name", "n".into())])),
            ..group()
        },
    );
    assert!(t.render().is_ok());
}

#[test]
fn a_duplicate_logical_id_names_both_declarations() {
    let mut t = Template::new("t");
    t.parameter("Admins", Parameter::string());
    t.add("Admins", group());
    let text = t.render().expect_err("duplicate must fail").to_string();
    assert!(text.contains("`Admins` is declared twice"), "{text}");
    assert!(
        text.contains("a parameter") && text.contains("AWS::IAM::Group"),
        "{text}"
    );
}

#[test]
fn sections_and_attributes_keep_cloudformation_order() {
    let mut t = Template::new("ordered");
    let p = t.parameter(
        "Name",
        Parameter::string().description("d").default_value("x"),
    );
    let c = t.condition("HasName", not(equals(p.r#ref(), "")));
    let g = t.add(
        "Zeta",
        Resource::new(Group {
            group_name: Some(p.r#ref()),
            ..group()
        })
        .retain()
        .condition(&c)
        .metadata("checkov", json!({"skip": []})),
    );
    t.add("Alpha", Resource::new(group()).depends_on(&g));
    t.output("Out", Output::new(g.r#ref()).exported("Out"));
    let v = t.to_value().expect("valid");
    let top: Vec<&String> = v.as_object().expect("object").keys().collect();
    assert_eq!(
        top,
        [
            "AWSTemplateFormatVersion",
            "Description",
            "Parameters",
            "Conditions",
            "Resources",
            "Outputs"
        ]
    );
    let resources: Vec<&String> = v["Resources"].as_object().expect("object").keys().collect();
    assert_eq!(
        resources,
        ["Zeta", "Alpha"],
        "insertion order, not alphabetical"
    );
    let zeta: Vec<&String> = v["Resources"]["Zeta"]
        .as_object()
        .expect("object")
        .keys()
        .collect();
    assert_eq!(
        zeta,
        [
            "Type",
            "Condition",
            "DeletionPolicy",
            "UpdateReplacePolicy",
            "Metadata",
            "Properties"
        ]
    );
    assert_eq!(
        v["Outputs"]["Out"]["Export"]["Name"],
        json!({"Fn::Sub": "${AWS::StackName}-Out"})
    );
}

#[test]
fn rendering_is_byte_identical_and_ends_with_a_newline() {
    let build = || {
        let mut t = Template::new("same");
        let p = t.parameter("N", Parameter::number().range(1.0, 9.0));
        t.add(
            "G",
            Group {
                group_name: Some(p.r#ref()),
                ..group()
            },
        );
        t.render().expect("valid")
    };
    let first = build();
    assert_eq!(first, build());
    assert!(first.ends_with("}\n"));
    assert!(
        first.starts_with("{\n  \"AWSTemplateFormatVersion\""),
        "two-space indent"
    );
}
