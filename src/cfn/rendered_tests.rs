use serde_json::json;

use super::*;

const BODY: &str = r#"{
  "Parameters": {
    "TopicArn": {"Type": "String"},
    "Days": {"Type": "Number", "Default": 7}
  },
  "Resources": {
    "Logs": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Retain"},
    "Topic": {"Type": "AWS::SNS::Topic"},
    "AdminRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "RoleName": "hydrate-admin",
        "Path": "/hydrate/",
        "MaxSessionDuration": 7200,
        "AssumeRolePolicyDocument": {"Statement": []},
        "Policies": [
          {"PolicyName": "read", "PolicyDocument": {"Statement": [{"Effect": "Allow"}]}},
          {"PolicyDocument": {"Statement": []}}
        ],
        "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess"}]
      }
    },
    "Admins": {"Type": "AWS::IAM::Group", "Properties": {"GroupName": {"Fn::Sub": "x"}}},
    "AdminsPolicy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {"Groups": [{"Ref": "Admins"}], "PolicyDocument": {"Statement": ["g"]}}
    }
  },
  "Outputs": {"RoleArn": {"Value": "a"}, "LogGroup": {"Value": "b"}}
}
"#;

fn template() -> RenderedTemplate {
    RenderedTemplate::parse(BODY.to_owned()).expect("JSON")
}

#[test]
fn the_body_is_kept_byte_for_byte() {
    let t = template();
    assert_eq!(t.body(), BODY);
    assert_eq!(t.json()["Resources"]["Topic"]["Type"], "AWS::SNS::Topic");
}

#[test]
fn text_that_is_not_json_is_an_error_not_an_empty_template() {
    let e = RenderedTemplate::parse("{\"Resources\": {,}}".to_owned()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the template is not JSON: key must be a string at line 1 column 16"
    );
}

#[test]
fn parameters_outputs_and_capabilities_are_read_in_template_order() {
    let t = template();
    assert_eq!(
        t.parameters().keys().collect::<Vec<_>>(),
        ["TopicArn", "Days"]
    );
    assert_eq!(t.parameters()["Days"]["Default"], 7);
    assert_eq!(t.outputs(), ["RoleArn", "LogGroup"]);
    assert_eq!(t.capabilities(), [Capability::NamedIam]);
}

#[test]
fn resources_carry_type_and_deletion_policy_and_data_holding_ones_are_found() {
    let t = template();
    assert_eq!(
        t.resources()[0],
        RenderedResource {
            logical_id: "Logs".into(),
            resource_type: "AWS::Logs::LogGroup".into(),
            deletion_policy: Some(DeletionPolicy::Retain),
        }
    );
    assert_eq!(t.resources().len(), 5);
    assert_eq!(t.resources()[1].deletion_policy, None);
    let data: Vec<&str> = t.data_holding().map(|r| r.logical_id.as_str()).collect();
    assert_eq!(data, ["Logs"]);
}

#[test]
fn identities_carry_their_policies_as_written() {
    let t = template();
    let [role, group] = t.identities() else {
        panic!("two identities: {:?}", t.identities());
    };
    assert_eq!(role.logical_id, "AdminRole");
    assert_eq!(role.kind, IdentityKind::Role);
    assert_eq!(role.name.as_deref(), Some("hydrate-admin"));
    assert_eq!(role.path.as_deref(), Some("/hydrate/"));
    assert_eq!(role.max_session_duration, Some(7200));
    assert_eq!(role.trust, Some(json!({"Statement": []})));
    let names: Vec<&str> = role
        .inline_policies
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["read", "inline"]);
    assert_eq!(
        role.inline_policies[0].document,
        json!({"Statement": [{"Effect": "Allow"}]})
    );
    assert!(role.managed_policies.is_empty());
    assert_eq!(role.managed_policy_arns.len(), 1);

    assert_eq!(group.kind, IdentityKind::Group);
    assert_eq!(group.name, None, "an intrinsic name is not a literal");
    assert_eq!(group.trust, None);
    assert_eq!(
        group.managed_policies,
        [IdentityPolicy {
            name: "AdminsPolicy".into(),
            document: json!({"Statement": ["g"]}),
        }]
    );
}

#[test]
fn a_template_without_sections_declares_nothing() {
    let t = RenderedTemplate::parse("{}".to_owned()).expect("JSON");
    assert!(t.parameters().is_empty() && t.outputs().is_empty());
    assert!(t.capabilities().is_empty() && t.resources().is_empty());
    assert!(t.identities().is_empty());
}
