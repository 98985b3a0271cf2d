//! `hydrate check`: the example passes; each deliberately weakened policy is caught, naming the
//! statement at fault.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use std::collections::BTreeMap;
use std::path::Path;

use hydrate::check::check_templates;
use hydrate::params::{AccountDir, TemplateSource};
use serde_json::{json, Value};

fn baseline() -> BTreeMap<String, Value> {
    let account = AccountDir::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example"))
        .expect("example loads");
    ["iamSetup", "selfEdit", "cloudTrail"]
        .iter()
        .map(|name| {
            let stack = account.stack(name).expect("in example");
            ((*name).to_owned(), stack.template.json().clone())
        })
        .collect()
}

fn violations(templates: &BTreeMap<String, Value>) -> Vec<String> {
    check_templates(templates, "123456789012", "us-east-1").violations()
}

fn statements<'a>(
    t: &'a mut BTreeMap<String, Value>,
    stack: &str,
    resource: &str,
    policy: usize,
) -> &'a mut Vec<Value> {
    t.get_mut(stack).expect("stack")["Resources"][resource]["Properties"]["Policies"][policy]
        ["PolicyDocument"]["Statement"]
        .as_array_mut()
        .expect("statements")
}

/// Takes `role` off the `protect-baseline` policy, as a hand edit of the template would.
fn detach_protection(t: &mut BTreeMap<String, Value>, role: &str) {
    t.get_mut("iamSetup").expect("iamSetup")["Resources"]["ProtectBaselinePolicy"]["Properties"]
        ["Roles"]
        .as_array_mut()
        .expect("roles")
        .retain(|r| r["Ref"] != role);
}

#[test]
fn the_example_baseline_holds_every_rule() {
    let t = baseline();
    assert_eq!(violations(&t), Vec::<String>::new());
    let report = check_templates(&t, "123456789012", "us-east-1");
    assert!(
        report.cells.len() > 60,
        "the matrix covers roles, trail and self-edit: {}",
        report.cells.len()
    );
}

#[test]
fn a_trust_policy_without_mfa_is_caught() {
    let mut t = baseline();
    let trust = &mut t.get_mut("iamSetup").expect("iamSetup")["Resources"]["DeveloperRole"]
        ["Properties"]["AssumeRolePolicyDocument"]["Statement"][0];
    trust
        .as_object_mut()
        .expect("statement")
        .remove("Condition");
    // The group's grant still needs MFA, so no one gets in without it; but the age limit is gone.
    let v = violations(&t);
    assert!(
        v.iter()
            .any(|m| m.contains("DeveloperRole") && m.contains("no MFA age limit")),
        "{v:?}"
    );
}

#[test]
fn mfa_missing_on_both_sides_lets_users_in_without_it() {
    let mut t = baseline();
    let iam = t.get_mut("iamSetup").expect("iamSetup");
    iam["Resources"]["DeveloperRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]
        .as_object_mut()
        .expect("statement")
        .remove("Condition");
    iam["Resources"]["DeveloperGroup"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        [0]
    .as_object_mut()
    .expect("statement")
    .remove("Condition");
    let v = violations(&t);
    assert!(
        v.iter().any(|m| m.contains("user in DeveloperGroup can sts:AssumeRole DeveloperRole without MFA")
            && m.contains("iamSetup.DeveloperGroup/assume-developer-roles statement AssumeOwnRolesWithRecentMfa")
            && m.contains("iamSetup.DeveloperRole/trust statement ThisAccountWithRecentMfa")),
        "{v:?}"
    );
}

#[test]
fn a_group_granted_another_groups_role_is_caught() {
    let mut t = baseline();
    let grant = &mut statements(&mut t, "iamSetup", "OperatorGroup", 0)[0];
    grant["Resource"].as_array_mut().expect("list").push(json!(
        "arn:aws:iam::123456789012:role/hydrate/hydrate-admin"
    ));
    let v = violations(&t);
    assert!(
        v.iter().any(|m| m
            .starts_with("user in OperatorGroup can sts:AssumeRole AdminRole with recent MFA")
            && m.contains("assume-operator-roles statement AssumeOwnRolesWithRecentMfa")),
        "{v:?}"
    );
}

#[test]
fn iam_or_trail_writes_for_developers_are_caught() {
    let mut t = baseline();
    statements(&mut t, "iamSetup", "DeveloperRole", 0)[0]["Action"]
        .as_array_mut()
        .expect("list")
        .extend([json!("iam:*"), json!("cloudtrail:StopLogging")]);
    assert!(
        violations(&t).is_empty(),
        "protect-baseline denies them still"
    );
    detach_protection(&mut t, "DeveloperRole");
    let v = violations(&t);
    for action in ["iam:CreateUser", "cloudtrail:StopLogging"] {
        assert!(
            v.iter()
                .any(|m| m.starts_with(&format!("DeveloperRole can {action}"))
                    && m.contains("DeveloperRole/developer statement DeployToServices")),
            "{action}: {v:?}"
        );
    }
}

#[test]
fn removing_the_deletion_guard_exposes_the_trail_bucket() {
    let mut t = baseline();
    t.get_mut("iamSetup").expect("iamSetup")["Resources"]["OperatorRole"]["Properties"]["Policies"]
        .as_array_mut()
        .expect("policies")
        .retain(|p| p["PolicyName"] != "guards");
    let v = violations(&t);
    assert!(
        v.iter()
            .any(|m| m.starts_with("OperatorRole can s3:DeleteBucket")
                && m.contains("statement OperateServices")),
        "{v:?}"
    );
}

#[test]
fn self_edit_without_the_mfa_deny_or_with_a_wildcard_user_is_caught() {
    let mut t = baseline();
    statements(&mut t, "selfEdit", "SelfEditGroup", 0).retain(|s| s["Effect"] != "Deny");
    let v = violations(&t);
    assert!(
        v.iter()
            .any(|m| m.starts_with("self-edit member without MFA can iam:CreateAccessKey")),
        "{v:?}"
    );

    let mut t = baseline();
    for s in statements(&mut t, "selfEdit", "SelfEditGroup", 0).iter_mut() {
        if s["Sid"] == "ManageOwnAccessKeys" {
            s["Resource"] = json!(["arn:aws:iam::123456789012:user/*"]);
        }
    }
    let v = violations(&t);
    assert!(
        v.iter().any(|m| m
            .contains("can iam:CreateAccessKey on arn:aws:iam::123456789012:user/bob")
            && m.contains("statement ManageOwnAccessKeys")),
        "{v:?}"
    );
}

#[test]
fn a_star_star_statement_is_caught() {
    let mut t = baseline();
    statements(&mut t, "iamSetup", "ReadonlyRole", 0)
        .push(json!({"Sid": "Oops", "Effect": "Allow", "Action": "*", "Resource": "*"}));
    let v = violations(&t);
    assert!(v.iter().any(|m| m == "iamSetup.ReadonlyRole/readonly statement Oops allows every action on every resource (*:*)"), "{v:?}");
}

#[test]
fn the_cli_prints_the_matrix_and_exits_zero_for_the_example() {
    let out = assert_cmd::Command::cargo_bin("hydrate")
        .expect("binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--account", "params/example", "check"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("self-edit member without MFA")
            && text.contains("rules hold, no statement allows *:*"),
        "{text}"
    );
}

#[test]
fn aws_managed_policies_are_reported_as_opaque_not_guessed() {
    let mut t = baseline();
    t.get_mut("iamSetup").expect("iamSetup")["Resources"]["ReadonlyRole"]["Properties"]
        ["ManagedPolicyArns"] = json!(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    let report = check_templates(&t, "123456789012", "us-east-1");
    assert_eq!(
        report.opaque,
        ["iamSetup.ReadonlyRole: arn:aws:iam::aws:policy/ReadOnlyAccess (an AWS managed policy, not evaluated)"]
    );
}

/// Removes the `protect-baseline` statement `sid`.
fn drop_protection(t: &mut BTreeMap<String, Value>, sid: &str) {
    let statements = t.get_mut("iamSetup").expect("iamSetup")["Resources"]["ProtectBaselinePolicy"]
        ["Properties"]["PolicyDocument"]["Statement"]
        .as_array_mut()
        .expect("statements");
    let before = statements.len();
    statements.retain(|s| s["Sid"] != sid);
    assert_eq!(statements.len() + 1, before, "{sid} is a statement");
}

fn full_baseline() -> BTreeMap<String, Value> {
    let account = AccountDir::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example"))
        .expect("example loads");
    account
        .stacks
        .iter()
        .filter_map(|s| match &s.source {
            TemplateSource::Catalog { name, .. } => {
                Some(((*name).to_owned(), s.template.json().clone()))
            }
            TemplateSource::File(_) | TemplateSource::Generated(_) => None,
        })
        .collect()
}

#[test]
fn each_protection_alone_keeps_the_operator_off_the_baseline() {
    // The operator's own grants (OperateServices) reach these kinds: without the statement,
    // check names the grant that now allows the tampering.
    // (Buckets, keys and the topic's policy actions are denied by their own policies too: see
    // key_bucket_and_topic_policies_hold_without_the_roles_protection.)
    for sid in [
        "ProtectKeyAlias",
        "ProtectLogGroup",
        "ProtectLogsAccountPolicy",
        "ProtectAlarm",
        "ProtectAlarmMetrics",
        "ProtectAlertTopic",
        "ProtectAlertSubscriptions",
        "ProtectFindingsRule",
        "ProtectStack",
    ] {
        let mut t = full_baseline();
        drop_protection(&mut t, sid);
        let v = violations(&t);
        assert!(
            !v.is_empty()
                && v.iter().all(|m| m.contains("statement OperateServices")
                    || m.contains("statement DeployToServices")),
            "{sid}: {v:?}"
        );
    }
}

#[test]
fn admin_only_services_stay_denied_when_a_role_is_granted_them() {
    // Nobody but admin is granted CloudTrail, GuardDuty, budget or IAM writes; a later grant is
    // still denied by the protection, and caught once the protection goes too.
    for (sid, grant, action) in [
        ("ProtectTrail", "cloudtrail:*", "cloudtrail:StopLogging"),
        ("ProtectDetector", "guardduty:*", "guardduty:DeleteDetector"),
        ("ProtectBudget", "budgets:*", "budgets:ModifyBudget"),
        ("ProtectIam", "iam:*", "iam:CreateAccessKey"),
    ] {
        let mut t = full_baseline();
        statements(&mut t, "iamSetup", "DeveloperRole", 0)[0]["Action"]
            .as_array_mut()
            .expect("list")
            .push(json!(grant));
        assert_eq!(violations(&t), Vec::<String>::new(), "{sid} holds");
        drop_protection(&mut t, sid);
        let v = violations(&t);
        assert!(
            v.iter()
                .any(|m| m.starts_with(&format!("DeveloperRole can {action}"))
                    && m.contains("DeveloperRole/developer statement DeployToServices")),
            "{sid}: {v:?}"
        );
    }
}

#[test]
fn a_condition_the_evaluator_cannot_decide_is_reported_unknown_not_passed() {
    let mut t = baseline();
    // An operator IAM does not have: the evaluator must not guess what it means.
    t.get_mut("iamSetup").expect("iamSetup")["Resources"]["DeveloperRole"]["Properties"]
        ["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]["DateLessThen"] =
        json!({"aws:CurrentTime": "2030-01-01T00:00:00Z"});
    let report = check_templates(&t, "123456789012", "us-east-1");
    let unknown: Vec<_> = report.cells.iter().filter(|c| c.got == "unknown").collect();
    assert!(!unknown.is_empty(), "some cell is undecided");
    assert!(
        unknown.iter().all(|c| !c.ok),
        "an undecided cell is never ok"
    );
    let v = report.violations();
    assert!(
        v.iter()
            .any(|m| m.contains("unknown") && m.contains("DeveloperRole/trust")),
        "{v:?}"
    );
}

#[test]
fn key_bucket_and_topic_policies_hold_without_the_roles_protection() {
    let mut t = full_baseline();
    detach_protection(&mut t, "OperatorRole");
    let v = violations(&t);
    // The resource policies still deny their own resources …
    let kept = |m: &&String| {
        ["key/", "-trailbucket-", "-accesslogbucket-"]
            .iter()
            .any(|k| m.contains(k))
            || [
                "DeleteTopic",
                "SetTopicAttributes",
                "AddPermission",
                "RemovePermission",
            ]
            .iter()
            .any(|a| m.contains(&format!("sns:{a} ")))
    };
    assert_eq!(
        v.iter().filter(kept).collect::<Vec<_>>(),
        Vec::<&String>::new()
    );
    // … while what only the role's policy protected is now open, and named.
    assert!(
        v.iter()
            .any(|m| m.starts_with("OperatorRole can logs:DeleteMetricFilter")),
        "{v:?}"
    );
    // Drop a key policy's Deny as well and check names the grant that now lets the role in.
    let key = &mut t.get_mut("cloudTrail").expect("cloudTrail")["Resources"]["TrailKey"]
        ["Properties"]["KeyPolicy"]["Statement"];
    key.as_array_mut()
        .expect("statements")
        .retain(|s| s["Sid"] != "DenyKeyTamperingButAdmin");
    let v = violations(&t);
    assert!(
        v.iter().any(|m| m.starts_with(
            "OperatorRole can kms:DisableKey on arn:aws:kms:us-east-1:123456789012:key/trailkey"
        ) && m
            .contains("cloudTrail.TrailKey statement AccountAdministersKeyThroughIam")),
        "{v:?}"
    );
}

#[test]
fn a_resource_policy_that_locks_the_admin_out_is_caught() {
    let mut t = full_baseline();
    let deny = &mut t.get_mut("snsNotify").expect("snsNotify")["Resources"]["TopicKey"]
        ["Properties"]["KeyPolicy"]["Statement"]
        .as_array_mut()
        .expect("statements")
        .iter_mut()
        .find(|s| s["Sid"] == "DenyKeyTamperingButAdmin")
        .expect("deny")["Condition"];
    deny.as_object_mut()
        .expect("condition")
        .remove("StringNotEquals");
    let v = violations(&t);
    assert!(
        v.iter()
            .any(|m| m.starts_with("AdminRole cannot kms:PutKeyPolicy")
                && m.contains("DenyKeyTamperingButAdmin")),
        "{v:?}"
    );
}

#[test]
fn a_resource_policy_open_to_everyone_is_caught_for_outsiders() {
    let mut t = full_baseline();
    let owner = &mut t.get_mut("snsNotify").expect("snsNotify")["Resources"]["TopicPolicy"]
        ["Properties"]["PolicyDocument"]["Statement"][0];
    assert_eq!(owner["Sid"], "AccountOwnerDefaults");
    owner["Principal"] = json!("*");
    let v = violations(&t);
    for who in ["another account", "anonymous caller"] {
        assert!(
            v.iter()
                .any(|m| m.starts_with(&format!("{who} can sns:Subscribe"))
                    && m.contains("TopicPolicy statement AccountOwnerDefaults")),
            "{who}: {v:?}"
        );
    }
}

/// The example's baseline with its Identity Center permission sets.
fn with_identity_center() -> BTreeMap<String, Value> {
    let account = AccountDir::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example"))
        .expect("example loads");
    let mut t = baseline();
    let stack = account.stack("identityCenter").expect("in example");
    t.insert("identityCenter".to_owned(), stack.template.json().clone());
    t
}

#[test]
fn each_permission_set_gets_the_verdicts_of_the_role_of_its_level() {
    let report = check_templates(&with_identity_center(), "123456789012", "us-east-1");
    assert!(report.violations().is_empty(), "{:?}", report.violations());
    let cells = |who: &str| -> BTreeMap<(String, String), (String, bool)> {
        report
            .cells
            .iter()
            .filter(|c| c.principal == who)
            // The admin role alone is asked the lock-out cells (the resource policies exempt it).
            .filter(|c| !(who.starts_with("Admin") && c.group.is_some()))
            .map(|c| {
                (
                    (c.action.clone(), c.resource.clone()),
                    (c.expect.label().to_owned(), c.ok),
                )
            })
            .collect()
    };
    for level in ["Admin", "Operator", "Developer", "Readonly"] {
        let role = cells(&format!("{level}Role"));
        let set = cells(&format!("{level}PermissionSet"));
        assert!(!set.is_empty(), "{level}: no cells");
        // Every question asked of the role is asked of the permission set, with the same answer
        // (assuming the role is the trust policy's business: permission sets have none).
        for (ask, verdict) in &role {
            if ask.0 == "sts:AssumeRole" {
                continue;
            }
            assert_eq!(set.get(ask), Some(verdict), "{level}: {ask:?}");
        }
        // …plus the Identity Center writes, denied to every level but admin.
        let ic = (
            "sso:PutInlinePolicyToPermissionSet".to_owned(),
            "*".to_owned(),
        );
        if level != "Admin" {
            assert_eq!(set.get(&ic), Some(&("deny".to_owned(), true)), "{level}");
        }
    }
    assert_eq!(report.manual.len(), 1, "{:?}", report.manual);
    assert!(report.manual[0].contains("MFA"), "{:?}", report.manual);
}

#[test]
fn a_permission_set_without_its_protection_is_caught() {
    let mut t = with_identity_center();
    let statements = t.get_mut("identityCenter").expect("stack")["Resources"]
        ["OperatorPermissionSet"]["Properties"]["InlinePolicy"]["Statement"]
        .as_array_mut()
        .expect("statements");
    // Operators have logs:* and, granted Identity Center by a later edit, sso:*: only the
    // protection stands between them and the trail's filters, or their own admin assignment.
    statements.retain(|s| s["Sid"] != "ProtectLogGroup" && s["Sid"] != "ProtectIdentityCenter");
    statements
        .push(json!({"Effect": "Allow", "Action": ["sso:*", "identitystore:*"], "Resource": "*"}));
    let v = violations(&t);
    for action in [
        "logs:DeleteMetricFilter",
        "sso:CreateAccountAssignment",
        "identitystore:CreateGroupMembership",
    ] {
        assert!(
            v.iter()
                .any(|v| v.starts_with("OperatorPermissionSet can") && v.contains(action)),
            "{action}: {v:?}"
        );
    }
}
