//! The permission sets against the roles they mirror, and against Identity Center's limits.

use serde_json::{json, Value};

use super::build::{levels, permission_set_policy, resolved_size};
use super::{build, IdentityCenterOptions};
use crate::stacks::iam_setup::{role_policies, Level};

/// Every service iamSetup can grant.
fn all_services() -> Value {
    json!([
        "acm",
        "apiGateway",
        "cloudFormation",
        "cloudFront",
        "cloudWatch",
        "codeBuild",
        "codePipeline",
        "dynamoDb",
        "ecr",
        "ecs",
        "events",
        "kms",
        "lambda",
        "logs",
        "route53",
        "s3",
        "secretsManager",
        "sns",
        "sqs",
        "ssm",
        "stepFunctions",
        "xRay"
    ])
}

fn options(v: Value) -> IdentityCenterOptions {
    serde_json::from_value(v).expect("options")
}

#[test]
fn each_level_has_the_roles_statements_and_non_admins_the_protection() {
    let o = IdentityCenterOptions::default();
    for level in levels(&o) {
        let doc = serde_json::to_value(permission_set_policy(level, &o)).expect("serialises");
        let sids: Vec<&str> = doc["Statement"]
            .as_array()
            .expect("statements")
            .iter()
            .filter_map(|s| s["Sid"].as_str())
            .collect();
        for p in role_policies(level, &o.as_roles()) {
            for s in p.policy_document.statements() {
                let want = serde_json::to_value(s).expect("serialises");
                let sid = want["Sid"].as_str().unwrap_or_default();
                assert!(sids.contains(&sid), "{}: no {sid}", level.name());
            }
        }
        assert_eq!(
            sids.contains(&"ProtectIam"),
            level != Level::Admin,
            "{}: {sids:?}",
            level.name()
        );
        let mut unique = sids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), sids.len(), "{}: duplicate Sid", level.name());
    }
}

#[test]
fn no_statement_names_the_management_account() {
    let text = build(&IdentityCenterOptions::default())
        .expect("builds")
        .render()
        .expect("renders");
    assert!(!text.contains("AWS::AccountId"), "{text}");
    assert!(text.contains(":kms:*:*:alias/hydrate/*"), "{text}");
}

#[test]
fn no_policy_asks_for_mfa_an_identity_center_session_cannot_show() {
    let text = build(&IdentityCenterOptions::default())
        .expect("builds")
        .render()
        .expect("renders");
    assert!(!text.contains("aws:MultiFactorAuth"), "{text}");
}

/// Each level's (characters, bytes) as the accounts store its policy.
fn sizes(o: &IdentityCenterOptions) -> Vec<(&'static str, usize, usize)> {
    levels(o)
        .into_iter()
        .map(|l| {
            let (c, b) = resolved_size(&permission_set_policy(l, o));
            (l.name(), c, b)
        })
        .collect()
}

#[test]
fn every_permission_set_fits_identity_center_and_a_larger_one_is_refused() {
    // Identity Center: 10,240 characters other than white space, 32,768 bytes.
    let default = sizes(&IdentityCenterOptions::default());
    assert!(
        default.iter().all(|(_, c, b)| *c <= 9_500 && *b <= 32_768),
        "{default:?}"
    );
    let every = options(json!({
        "operatorServices": all_services(),
        "developerServices": all_services(),
        "allowedRegions": ["eu-west-1", "eu-central-1"],
    }));
    let big = sizes(&every);
    match build(&every) {
        Ok(_) => assert!(big.iter().all(|(_, c, _)| *c <= 10_240), "{big:?}"),
        Err(e) => {
            assert!(big.iter().any(|(_, c, _)| *c > 10_240), "{big:?}");
            assert!(
                e.problem.contains("10240") && e.problem.contains("list fewer services"),
                "{e}"
            );
        }
    }
}

#[test]
fn options_are_checked() {
    let bad = |v: Value, field: &str| {
        let e = build(&options(v)).expect_err("refused");
        assert_eq!(e.field, field, "{e}");
    };
    bad(
        json!({"namePrefix": "a-prefix-of-23-letterss"}),
        "namePrefix",
    );
    bad(json!({"sessionDuration": 600}), "sessionDuration");
    bad(json!({"sessionDuration": 3630}), "sessionDuration");
    bad(json!({"appRolePath": "/"}), "appRolePath");
    bad(json!({"allowedRegions": ["mars-1"]}), "allowedRegions");
    let o = options(json!({"sessionDuration": 5400}));
    assert_eq!(o.session_duration_iso(), "PT1H30M");
    assert_eq!(
        IdentityCenterOptions::default().session_duration_iso(),
        "PT1H"
    );
}
