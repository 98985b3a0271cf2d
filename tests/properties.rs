//! Properties of the rendered IAM templates, checked by walking the JSON, not by comparing text:
//! every role needs MFA to assume, no group can assume another group's role, only admin writes
//! IAM or CloudTrail, and self-edit members touch only their own credentials.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use serde_json::{json, Value};

fn render(template: &str, options: Value) -> Value {
    let entry = hydrate::stacks::find(template).expect("template in catalog");
    let text = entry.render(&options).expect("renders");
    serde_json::from_str(&text).expect("valid JSON")
}

fn iam_setup_variants() -> Vec<Value> {
    [
        json!({}),
        json!({"readonlyRole": false}),
        json!({"allowedRegions": ["eu-west-1"], "maxMfaAge": 900, "namePrefix": "acme"}),
        json!({"operatorServices": ["ecs"], "developerServices": ["lambda"], "denyDataDeletion": []}),
    ]
    .into_iter()
    .map(|o| render("iamSetup", o))
    .collect()
}

fn resources_of<'a>(t: &'a Value, kind: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"]
        .as_object()
        .expect("Resources")
        .iter()
        .filter(|(_, r)| r["Type"] == kind)
        .collect()
}

/// A value that may be a scalar or a list, as a list.
fn list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

fn strings(v: &Value) -> Vec<&str> {
    list(v).into_iter().filter_map(Value::as_str).collect()
}

fn statements(doc: &Value) -> Vec<&Value> {
    list(&doc["Statement"])
}

/// Every statement of every inline policy of a group or role.
fn policy_statements(resource: &Value) -> Vec<&Value> {
    list(&resource["Properties"]["Policies"])
        .into_iter()
        .flat_map(|p| statements(&p["PolicyDocument"]))
        .collect()
}

fn requires_recent_mfa(statement: &Value) -> bool {
    let c = &statement["Condition"];
    c["Bool"]["aws:MultiFactorAuthPresent"] == "true"
        && c["NumericLessThan"]["aws:MultiFactorAuthAge"]
            .as_str()
            .and_then(|s| s.parse::<u32>().ok())
            .is_some()
}

#[test]
fn no_role_can_be_assumed_without_mfa() {
    for t in iam_setup_variants() {
        let roles = resources_of(&t, "AWS::IAM::Role");
        assert!(roles.len() >= 3);
        for (id, role) in roles {
            let trust = &role["Properties"]["AssumeRolePolicyDocument"];
            let allows: Vec<&Value> = statements(trust)
                .into_iter()
                .filter(|s| s["Effect"] == "Allow")
                .collect();
            assert!(!allows.is_empty(), "{id} has no trust statement");
            for s in allows {
                assert!(
                    requires_recent_mfa(s),
                    "{id}: trust statement without MFA condition: {s}"
                );
                let principals = list(&s["Principal"]["AWS"]);
                assert_eq!(
                    principals,
                    [&json!({"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"})],
                    "{id}: trust admits principals outside this account"
                );
                assert!(
                    s["Principal"].get("Service").is_none(),
                    "{id}: a service may assume a human role"
                );
            }
        }
    }
}

#[test]
fn no_group_can_assume_another_groups_role() {
    for t in iam_setup_variants() {
        let groups = resources_of(&t, "AWS::IAM::Group");
        assert_eq!(groups.len(), 3);
        for (group_id, group) in groups {
            let level = group_id.trim_end_matches("Group");
            for s in policy_statements(group) {
                let actions = strings(&s["Action"]);
                if s["Effect"] != "Allow" || !actions.iter().any(|a| a.starts_with("sts:")) {
                    continue;
                }
                assert_eq!(
                    actions,
                    ["sts:AssumeRole"],
                    "{group_id}: unexpected sts grant"
                );
                assert!(
                    requires_recent_mfa(s),
                    "{group_id}: assume grant without MFA: {s}"
                );
                for resource in list(&s["Resource"]) {
                    let role = resource["Fn::GetAtt"][0].as_str().unwrap_or_else(|| {
                        panic!("{group_id}: assume grant on a non-role resource {resource}")
                    });
                    let role_level = role.trim_end_matches("Role");
                    assert!(
                        level == "Admin" || role_level == level || role_level == "Readonly",
                        "{group_id} may assume {role}"
                    );
                }
            }
        }
    }
}

#[test]
fn admin_may_assume_every_role_and_every_group_may_assume_readonly() {
    let t = render("iamSetup", json!({}));
    let assumable = |group: &str| -> Vec<String> {
        policy_statements(&t["Resources"][group])
            .into_iter()
            .flat_map(|s| list(&s["Resource"]))
            .filter_map(|r| r["Fn::GetAtt"][0].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(
        assumable("AdminGroup"),
        ["AdminRole", "OperatorRole", "DeveloperRole", "ReadonlyRole"]
    );
    assert_eq!(assumable("OperatorGroup"), ["OperatorRole", "ReadonlyRole"]);
    assert_eq!(
        assumable("DeveloperGroup"),
        ["DeveloperRole", "ReadonlyRole"]
    );
}

/// IAM and CloudTrail actions that only read (or pass application roles).
fn is_audit_read(action: &str) -> bool {
    let read_verbs = ["Get", "List", "Describe", "LookupEvents"];
    match action.split_once(':') {
        Some(("iam", verb)) => verb == "PassRole" || read_verbs.iter().any(|r| verb.starts_with(r)),
        Some(("cloudtrail", verb)) => read_verbs.iter().any(|r| verb.starts_with(r)),
        _ => true,
    }
}

#[test]
fn only_admin_writes_iam_or_cloudtrail() {
    for t in iam_setup_variants() {
        for (id, role) in resources_of(&t, "AWS::IAM::Role") {
            let allowed: Vec<&str> = policy_statements(role)
                .into_iter()
                .filter(|s| s["Effect"] == "Allow")
                .flat_map(|s| strings(&s["Action"]))
                .collect();
            assert!(!allowed.contains(&"*"), "{id} allows every action");
            if id == "AdminRole" {
                assert!(allowed.contains(&"iam:*") && allowed.contains(&"cloudtrail:*"));
                continue;
            }
            for action in allowed {
                assert!(is_audit_read(action), "{id} may {action}");
            }
        }
    }
}

#[test]
fn pass_role_is_limited_to_application_roles() {
    let t = render("iamSetup", json!({}));
    for (id, role) in resources_of(&t, "AWS::IAM::Role") {
        for s in policy_statements(role) {
            if strings(&s["Action"]).contains(&"iam:PassRole") {
                assert_eq!(
                    list(&s["Resource"]),
                    [
                        &json!({"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/hydrate/app/*"})
                    ],
                    "{id}"
                );
            }
        }
    }
}

fn own(kind: &str) -> Value {
    json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, format!(":{kind}/${{aws:username}}")]]})
}

fn self_edit_statements(options: Value) -> Vec<Value> {
    let t = render("selfEdit", options);
    policy_statements(&t["Resources"]["SelfEditGroup"])
        .into_iter()
        .cloned()
        .collect()
}

#[test]
fn self_edit_members_touch_only_their_own_credentials() {
    let everything =
        json!({"sshKeys": true, "signingCertificates": true, "serviceSpecificCredentials": true});
    for s in self_edit_statements(everything) {
        if s["Effect"] != "Allow" {
            continue;
        }
        for resource in list(&s["Resource"]) {
            match resource {
                r if *r == own("user") || *r == own("mfa") => {}
                _ => {
                    assert_eq!(resource, "*", "{s}");
                    for action in strings(&s["Action"]) {
                        assert!(
                            ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"]
                                .contains(&action),
                            "{action} granted on every resource"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn without_mfa_a_member_can_only_set_up_mfa_change_password_and_get_a_session_token() {
    let all = self_edit_statements(json!({}));
    let deny: Vec<&Value> = all
        .iter()
        .filter(|s| s["Effect"] == "Deny" && s.get("NotAction").is_some())
        .collect();
    assert_eq!(deny.len(), 1);
    let deny = deny[0];
    assert_eq!(deny["Resource"], json!(["*"]));
    assert_eq!(
        deny["Condition"],
        json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}})
    );
    let exempt = strings(&deny["NotAction"]);
    for needed in [
        "iam:ChangePassword",
        "iam:GetAccountPasswordPolicy",
        "iam:EnableMFADevice",
        "sts:GetSessionToken",
    ] {
        assert!(
            exempt.contains(&needed),
            "{needed} must stay possible without MFA"
        );
    }
    for forbidden in [
        "iam:DeactivateMFADevice",
        "iam:CreateAccessKey",
        "iam:DeleteAccessKey",
        "iam:DeleteVirtualMFADevice",
    ] {
        assert!(!exempt.contains(&forbidden), "{forbidden} must need MFA");
    }
    // Long-term keys (no MFA key at all) enrol nothing: only a console session can.
    let console_only = all
        .iter()
        .find(|s| s["Sid"] == "EnrolMfaOnlyFromConsoleSessions")
        .expect("enrolment deny");
    assert_eq!(console_only["Effect"], "Deny");
    assert_eq!(
        console_only["Condition"],
        json!({"Null": {"aws:MultiFactorAuthPresent": "true"}})
    );
    for enrol in [
        "iam:CreateVirtualMFADevice",
        "iam:EnableMFADevice",
        "iam:ResyncMFADevice",
    ] {
        assert!(strings(&console_only["Action"]).contains(&enrol), "{enrol}");
    }
    let deactivate = all
        .iter()
        .find(|s| strings(&s["Action"]).contains(&"iam:DeactivateMFADevice"))
        .expect("deactivate statement");
    assert_eq!(
        deactivate["Condition"],
        json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}})
    );
}

#[test]
fn the_support_role_needs_mfa_and_carries_the_baseline_protection() {
    for options in [json!({}), json!({"maxMfaAge": 900, "namePrefix": "acme"})] {
        let t = render("supportRole", options);
        let [(_, role)] = resources_of(&t, "AWS::IAM::Role")[..] else {
            panic!("one role");
        };
        let trust = &role["Properties"]["AssumeRolePolicyDocument"];
        for s in statements(trust) {
            assert!(requires_recent_mfa(s), "trust without MFA: {s}");
        }
        assert_eq!(
            list(&role["Properties"]["ManagedPolicyArns"]),
            [
                &json!({"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AWSSupportAccess"}),
                &json!({"Ref": "ProtectBaselinePolicyArn"}),
            ]
        );
        let [(_, group)] = resources_of(&t, "AWS::IAM::Group")[..] else {
            panic!("one group");
        };
        for s in policy_statements(group) {
            assert!(requires_recent_mfa(s), "group assumes without MFA: {s}");
            assert_eq!(
                list(&s["Resource"]),
                [&json!({"Fn::GetAtt": ["SupportRole", "Arn"]})]
            );
        }
    }
}

#[test]
fn regional_findings_reach_the_home_topic_directly_or_through_the_home_bus() {
    for template in ["guardDuty", "securityHub"] {
        let t = render(template, json!({}));
        assert_eq!(
            t["Conditions"]["InHomeRegion"],
            json!({"Fn::Or": [
                {"Fn::Equals": [{"Ref": "HomeRegion"}, ""]},
                {"Fn::Equals": [{"Ref": "HomeRegion"}, {"Ref": "AWS::Region"}]}
            ]}),
            "{template}"
        );
        let rule = &t["Resources"]["FindingsRule"]["Properties"];
        let pattern = &rule["EventPattern"];
        assert!(
            pattern.get("region").is_none(),
            "{template}: the home rule must match forwarded findings"
        );
        let [target] = &list(&rule["Targets"])[..] else {
            panic!("{template}: one target");
        };
        let branches = list(&target["Fn::If"]);
        assert_eq!(branches[0], "InHomeRegion", "{template}");
        assert_eq!(
            branches[1]["Arn"],
            json!({"Ref": "AlarmTopicArn"}),
            "{template}"
        );
        let bus = json!({"Fn::Sub": "arn:${AWS::Partition}:events:${HomeRegion}:${AWS::AccountId}:event-bus/default"});
        assert_eq!(branches[2]["Arn"], bus, "{template}");
        assert_eq!(
            branches[2]["RoleArn"],
            json!({"Fn::GetAtt": ["ForwardRole", "Arn"]}),
            "{template}"
        );
        let role = &t["Resources"]["ForwardRole"];
        assert_eq!(role["Condition"], "NotInHomeRegion", "{template}");
        let allowed = policy_statements(role);
        assert_eq!(allowed.len(), 1, "{template}");
        assert_eq!(
            strings(&allowed[0]["Action"]),
            ["events:PutEvents"],
            "{template}"
        );
        assert_eq!(list(&allowed[0]["Resource"]), [&bus], "{template}");
        let trust = statements(&role["Properties"]["AssumeRolePolicyDocument"]);
        assert!(
            trust
                .iter()
                .all(|s| s["Principal"]["Service"] == "events.amazonaws.com"
                    || list(&s["Principal"]["Service"]) == [&json!("events.amazonaws.com")]),
            "{template}: {trust:?}"
        );
    }
}

#[test]
fn config_records_global_types_in_the_home_region_only_as_its_linked_role() {
    let t = render("configRecorder", json!({}));
    let recorder = &t["Resources"]["Recorder"]["Properties"];
    assert_eq!(recorder["RecordingGroup"]["AllSupported"], true);
    assert_eq!(
        recorder["RecordingGroup"]["IncludeGlobalResourceTypes"],
        json!({"Fn::If": ["InHomeRegion", true, false]})
    );
    assert_eq!(
        recorder["RoleARN"],
        json!({"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"})
    );
    assert!(
        resources_of(&t, "AWS::IAM::Role").is_empty(),
        "bootstrap makes the role"
    );
}
