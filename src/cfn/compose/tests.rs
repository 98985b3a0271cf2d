use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use super::*;

fn part(name: &str, template: Value) -> Part {
    Part {
        name: name.to_owned(),
        template,
        bindings: IndexMap::new(),
        home_only: false,
    }
}

fn composed(parts: &[Part]) -> Value {
    match compose(parts, "eu-west-1", "test", Map::new()) {
        Ok(c) => c.template,
        Err(e) => panic!("{e:?}"),
    }
}

fn errors(parts: &[Part]) -> Vec<ComposeError> {
    compose(parts, "eu-west-1", "test", Map::new()).expect_err("refused")
}

fn output(part: &str, key: &str) -> Piece {
    Piece::Output {
        part: part.to_owned(),
        output: key.to_owned(),
    }
}

#[test]
fn every_intrinsic_form_is_rewritten_and_pseudo_parameters_are_not() {
    let t = composed(&[part(
        "logs",
        json!({
            "Parameters": { "Days": { "Type": "Number", "Default": 7 } },
            "Mappings": { "Sizes": { "a": { "b": "c" } } },
            "Conditions": { "Long": { "Fn::Equals": [{ "Ref": "Days" }, 30] } },
            "Resources": {
                "Group": { "Type": "AWS::Logs::LogGroup", "Condition": "Long",
                    "Properties": { "RetentionInDays": { "Ref": "Days" } } },
                "Other": { "Type": "AWS::Logs::LogGroup", "DependsOn": "Group", "Properties": {
                    "A": { "Fn::GetAtt": ["Group", "Arn"] },
                    "B": { "Fn::GetAtt": "Group.Arn" },
                    "C": { "Fn::If": ["Long", { "Ref": "Group" }, { "Ref": "AWS::NoValue" }] },
                    "D": { "Fn::FindInMap": ["Sizes", { "Ref": "AWS::Region" }, "b"] },
                    "E": { "Ref": "AWS::AccountId" }
                } },
                "Third": { "Type": "AWS::Logs::LogGroup", "DependsOn": ["Group", "Other"], "Properties": {} }
            },
            "Outputs": { "Arn": { "Condition": "Long", "Value": { "Fn::GetAtt": ["Group", "Arn"] } } }
        }),
    )]);
    let r = &t["Resources"];
    assert_eq!(t["Parameters"]["LogsDays"]["Default"], 7);
    assert_eq!(
        t["Conditions"]["LogsLong"],
        json!({ "Fn::Equals": [30, { "Ref": "LogsDays" }] })
    );
    assert_eq!(r["LogsGroup"]["Condition"], "LogsLong");
    assert_eq!(
        r["LogsGroup"]["Properties"]["RetentionInDays"],
        json!({ "Ref": "LogsDays" })
    );
    let p = &r["LogsOther"]["Properties"];
    assert_eq!(r["LogsOther"]["DependsOn"], "LogsGroup");
    assert_eq!(
        r["LogsThird"]["DependsOn"],
        json!(["LogsGroup", "LogsOther"])
    );
    assert_eq!(p["A"], json!({ "Fn::GetAtt": ["LogsGroup", "Arn"] }));
    assert_eq!(p["B"], json!({ "Fn::GetAtt": "LogsGroup.Arn" }));
    assert_eq!(
        p["C"],
        json!({ "Fn::If": ["LogsLong", { "Ref": "LogsGroup" }, { "Ref": "AWS::NoValue" }] })
    );
    assert_eq!(
        p["D"],
        json!({ "Fn::FindInMap": ["LogsSizes", { "Ref": "AWS::Region" }, "b"] })
    );
    assert_eq!(p["E"], json!({ "Ref": "AWS::AccountId" }));
    assert_eq!(t["Mappings"]["LogsSizes"]["a"]["b"], "c");
    assert_eq!(t["Outputs"]["LogsArn"]["Condition"], "LogsLong");
    assert!(
        t["Conditions"].get(IN_HOME_REGION).is_none(),
        "unused, so left out"
    );
}

#[test]
fn sub_variables_are_renamed_in_both_forms_and_escapes_stay() {
    let mut p = part(
        "trail",
        json!({
            "Parameters": { "Prefix": { "Type": "String" } },
            "Resources": { "Bucket": { "Type": "AWS::S3::Bucket", "Properties": {
                "One": { "Fn::Sub": "${Bucket}/${Bucket.Arn}/${!Bucket}/${AWS::Region}/${Prefix}" },
                "Two": { "Fn::Sub": ["${Local}-${Bucket}-${!Local}", { "Local": { "Ref": "Bucket" } }] }
            } } }
        }),
    );
    p.bindings
        .insert("Prefix".into(), vec![Piece::Text("logs".into())]);
    let t = composed(&[p]);
    let props = &t["Resources"]["TrailBucket"]["Properties"];
    assert_eq!(
        props["One"],
        json!({ "Fn::Sub": ["${TrailBucket}/${TrailBucket.Arn}/${!Bucket}/${AWS::Region}/${TrailPrefix}", { "TrailPrefix": "logs" }] })
    );
    assert_eq!(
        props["Two"],
        json!({ "Fn::Sub": ["${Local}-${TrailBucket}-${!Local}", { "Local": { "Ref": "TrailBucket" } }] })
    );
    assert!(
        t.get("Parameters").is_none(),
        "a bound parameter is no parameter of the bundle"
    );
}

fn topic() -> Part {
    Part {
        home_only: true,
        ..part(
            "sns",
            json!({
                "Resources": { "Topic": { "Type": "AWS::SNS::Topic", "Properties": {} } },
                "Outputs": { "TopicArn": { "Value": { "Ref": "Topic" }, "Export": { "Name": "x-TopicArn" } } }
            }),
        )
    }
}

#[test]
fn outputs_bind_with_text_and_the_account_id_and_lists_are_split() {
    let mut alarm = part(
        "alarm",
        json!({
            "Parameters": {
                "Topic": { "Type": "String" },
                "Note": { "Type": "String" },
                "Arns": { "Type": "CommaDelimitedList" }
            },
            "Resources": { "Alarm": { "Type": "AWS::CloudWatch::Alarm", "Properties": {
                "AlarmActions": { "Ref": "Arns" }, "Description": { "Ref": "Note" }, "Topic": { "Ref": "Topic" }
            } } }
        }),
    );
    alarm.home_only = true;
    alarm
        .bindings
        .insert("Topic".into(), vec![output("sns", "TopicArn")]);
    alarm.bindings.insert(
        "Note".into(),
        vec![
            Piece::Text("to ".into()),
            output("sns", "TopicArn"),
            Piece::Text(" of ".into()),
            Piece::AccountId,
        ],
    );
    alarm.bindings.insert(
        "Arns".into(),
        vec![output("sns", "TopicArn"), Piece::Text(",x".into())],
    );
    let t = composed(&[alarm, topic()]);
    let props = &t["Resources"]["AlarmAlarm"]["Properties"];
    assert_eq!(
        props["Topic"],
        json!({ "Ref": "SnsTopic" }),
        "both at home: no guard needed"
    );
    assert_eq!(
        props["Description"],
        json!({ "Fn::Join": ["", ["to ", { "Ref": "SnsTopic" }, " of ", { "Ref": "AWS::AccountId" }]] })
    );
    assert_eq!(
        props["AlarmActions"],
        json!({ "Fn::Split": [",", { "Fn::Join": ["", [{ "Ref": "SnsTopic" }, ",x"]] }] })
    );
    assert_eq!(t["Resources"]["SnsTopic"]["Condition"], IN_HOME_REGION);
    assert_eq!(t["Outputs"]["SnsTopicArn"]["Export"]["Name"], "x-TopicArn");
}

#[test]
fn a_regional_part_reads_a_global_output_only_where_it_exists() {
    let mut rule = part(
        "rule",
        json!({
            "Parameters": { "Topic": { "Type": "String" }, "HomeRegion": { "Type": "String", "Default": "" } },
            "Conditions": { "InHomeRegion": { "Fn::Or": [
                { "Fn::Equals": [{ "Ref": "HomeRegion" }, ""] },
                { "Fn::Equals": [{ "Ref": "HomeRegion" }, { "Ref": "AWS::Region" }] }
            ] } },
            "Resources": { "Rule": { "Type": "AWS::Events::Rule", "Properties": {
                "Guarded": { "Fn::If": ["InHomeRegion", { "Ref": "Topic" }, "elsewhere"] },
                "Bare": { "Ref": "Topic" }
            } } }
        }),
    );
    rule.bindings
        .insert("Topic".into(), vec![output("sns", "TopicArn")]);
    rule.bindings
        .insert("HomeRegion".into(), vec![Piece::Text("eu-west-1".into())]);
    let t = composed(&[rule, topic()]);
    // The part's own home-region condition, its HomeRegion bound, means exactly the bundle's.
    assert!(t["Conditions"].get("RuleInHomeRegion").is_none(), "{t:#}");
    assert_eq!(
        t["Conditions"][IN_HOME_REGION],
        json!({ "Fn::Equals": ["eu-west-1", { "Ref": "AWS::Region" }] })
    );
    let props = &t["Resources"]["RuleRule"]["Properties"];
    assert_eq!(
        props["Guarded"],
        json!({ "Fn::If": [IN_HOME_REGION, { "Ref": "SnsTopic" }, "elsewhere"] })
    );
    assert_eq!(
        props["Bare"],
        json!({ "Fn::If": [IN_HOME_REGION, { "Ref": "SnsTopic" }, { "Ref": "AWS::NoValue" }] })
    );
    assert!(
        t["Resources"]["RuleRule"].get("Condition").is_none(),
        "a regional part is everywhere"
    );
}

#[test]
fn a_global_resource_with_a_condition_of_its_own_gets_both() {
    let mut p = part(
        "keys",
        json!({
            "Parameters": { "On": { "Type": "String", "Default": "yes" } },
            "Conditions": { "Enabled": { "Fn::Equals": [{ "Ref": "On" }, "yes"] } },
            "Resources": { "Key": { "Type": "AWS::KMS::Key", "Condition": "Enabled", "Properties": {} } }
        }),
    );
    p.home_only = true;
    let t = composed(&[p]);
    let name = format!("{IN_HOME_REGION}AndKeysEnabled");
    assert_eq!(t["Resources"]["KeysKey"]["Condition"], name.as_str());
    assert_eq!(
        t["Conditions"][name.as_str()],
        json!({ "Fn::And": [{ "Condition": IN_HOME_REGION }, { "Condition": "KeysEnabled" }] })
    );
}

#[test]
fn two_parts_whose_names_meet_are_refused_naming_both() {
    let a = part(
        "a",
        json!({ "Resources": { "BX": { "Type": "AWS::SNS::Topic" } } }),
    );
    let b = part(
        "aB",
        json!({ "Resources": { "X": { "Type": "AWS::SNS::Topic" } } }),
    );
    let e = errors(&[a, b]);
    assert_eq!(e[0].kind, ComposeErrorKind::Collision);
    assert!(
        e[0].problem.contains("`ABX`")
            && e[0].problem.contains("`a`")
            && e[0].problem.contains("`aB`"),
        "{}",
        e[0]
    );
    let dashed = part(
        "my-stack",
        json!({ "Resources": { "X": { "Type": "AWS::SNS::Topic" } } }),
    );
    assert!(errors(&[dashed])[0].problem.contains("not alphanumeric"));
}

#[test]
fn what_cannot_be_composed_is_an_error() {
    let macro_part = part(
        "m",
        json!({ "Transform": "AWS::Serverless-2016-10-31", "Resources": {} }),
    );
    assert_eq!(errors(&[macro_part])[0].field, "Transform");
    let missing = part(
        "p",
        json!({ "Parameters": { "Email": { "Type": "String" } }, "Resources": {} }),
    );
    let e = errors(&[missing]);
    assert_eq!(
        (e[0].kind, e[0].field.as_str()),
        (ComposeErrorKind::MissingParameter, "Parameters.Email")
    );
    let mut reader = part(
        "r",
        json!({ "Parameters": { "T": { "Type": "String" } }, "Resources": {} }),
    );
    reader
        .bindings
        .insert("T".into(), vec![output("sns", "Nope")]);
    let e = errors(&[reader, topic()]);
    assert!(
        e[0].problem
            .contains("declares no output Nope (it has: TopicArn)"),
        "{}",
        e[0]
    );
    let dangling = part(
        "d",
        json!({ "Resources": { "X": { "Type": "AWS::SNS::Topic", "Properties": { "A": { "Ref": "Nothing" } } } } }),
    );
    assert_eq!(errors(&[dangling])[0].kind, ComposeErrorKind::Dangling);
}

#[test]
fn an_export_two_parts_share_is_dropped_and_the_output_kept() {
    let twin = |name: &str| {
        part(
            name,
            json!({
                "Resources": { "B": { "Type": "AWS::S3::Bucket" } },
                "Outputs": { "Name": { "Value": { "Ref": "B" }, "Export": { "Name": { "Fn::Sub": "${AWS::StackName}-Name" } } } }
            }),
        )
    };
    let t = composed(&[twin("one"), twin("two")]);
    assert!(t["Outputs"]["OneName"].get("Export").is_none());
    assert!(t["Outputs"]["TwoName"].get("Export").is_none());
    assert_eq!(t["Outputs"]["TwoName"]["Value"], json!({ "Ref": "TwoB" }));
}

#[test]
fn the_same_parts_compose_to_the_same_bytes() {
    let a = compose(&[topic()], "eu-west-1", "x", Map::new()).expect("composes");
    let b = compose(&[topic()], "eu-west-1", "x", Map::new()).expect("composes");
    assert_eq!(a.body, b.body);
}

#[test]
fn a_bundle_over_cloudformations_limits_says_what_to_do() {
    let resources: Map<String, Value> = (0..=MAX_RESOURCES)
        .map(|i| (format!("T{i}"), json!({ "Type": "AWS::SNS::Topic" })))
        .collect();
    let e = errors(&[part("big", json!({ "Resources": resources }))]);
    assert_eq!(e[0].kind, ComposeErrorKind::Limit);
    assert!(
        e[0].problem.contains("501 resources") && e[0].problem.contains("bundle fewer stacks"),
        "{}",
        e[0]
    );
}
