//! Snapshots of every catalog template: default options and each option that changes the output.
//! Review changes with `cargo insta review`; a renamed logical id of a data-holding resource is a bug.
//!
//! Every rendering is also written to `target/variants/` so the test script can run cfn-lint over
//! the option variants, not only the defaults committed in `stacks/`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use std::path::PathBuf;

use serde_json::{json, Value};

/// `rootAccountUsage` → `root_account_usage`.
fn snake(name: &str) -> String {
    name.chars()
        .flat_map(|c| {
            if c.is_ascii_uppercase() {
                vec!['_', c.to_ascii_lowercase()]
            } else {
                vec![c]
            }
        })
        .collect()
}

/// (snapshot name, template, options)
fn cases() -> Vec<(String, &'static str, Value)> {
    let fixed: Vec<(&str, &'static str, Value)> = vec![
        ("iam_setup__default", "iamSetup", json!({})),
        (
            "iam_setup__name_prefix",
            "iamSetup",
            json!({"namePrefix": "acme"}),
        ),
        (
            "iam_setup__path",
            "iamSetup",
            json!({"path": "/acme/people/"}),
        ),
        (
            "iam_setup__max_session_duration",
            "iamSetup",
            json!({"maxSessionDuration": 43200}),
        ),
        (
            "iam_setup__max_mfa_age",
            "iamSetup",
            json!({"maxMfaAge": 3600}),
        ),
        (
            "iam_setup__operator_services",
            "iamSetup",
            json!({"operatorServices": ["ecs", "ecr", "xRay"]}),
        ),
        (
            "iam_setup__developer_services",
            "iamSetup",
            json!({"developerServices": ["lambda", "codeBuild", "codePipeline"]}),
        ),
        (
            "iam_setup__allowed_regions",
            "iamSetup",
            json!({"allowedRegions": ["eu-west-1", "eu-central-1"]}),
        ),
        (
            "iam_setup__no_data_guards",
            "iamSetup",
            json!({"denyDataDeletion": []}),
        ),
        (
            "iam_setup__no_readonly_role",
            "iamSetup",
            json!({"readonlyRole": false}),
        ),
        (
            "iam_setup__app_role_path",
            "iamSetup",
            json!({"appRolePath": "/apps/"}),
        ),
        ("identity_center__default", "identityCenter", json!({})),
        (
            "identity_center__name_prefix",
            "identityCenter",
            json!({"namePrefix": "acme"}),
        ),
        (
            "identity_center__session_duration",
            "identityCenter",
            json!({"sessionDuration": 5400}),
        ),
        (
            "identity_center__allowed_regions",
            "identityCenter",
            json!({"allowedRegions": ["eu-west-1", "eu-central-1"]}),
        ),
        (
            "identity_center__no_readonly",
            "identityCenter",
            json!({"readonlyPermissionSet": false}),
        ),
        ("self_edit__default", "selfEdit", json!({})),
        (
            "self_edit__name_prefix_and_path",
            "selfEdit",
            json!({"namePrefix": "acme", "path": "/acme/"}),
        ),
        (
            "self_edit__no_password",
            "selfEdit",
            json!({"password": false}),
        ),
        (
            "self_edit__no_access_keys",
            "selfEdit",
            json!({"accessKeys": false}),
        ),
        ("self_edit__ssh_keys", "selfEdit", json!({"sshKeys": true})),
        (
            "self_edit__signing_certificates",
            "selfEdit",
            json!({"signingCertificates": true}),
        ),
        (
            "self_edit__service_specific_credentials",
            "selfEdit",
            json!({"serviceSpecificCredentials": true}),
        ),
        (
            "self_edit__no_mfa_no_deny",
            "selfEdit",
            json!({"mfa": false, "denyWithoutMfa": false}),
        ),
        (
            "self_edit__no_deny_without_mfa",
            "selfEdit",
            json!({"denyWithoutMfa": false}),
        ),
        ("cloud_trail__default", "cloudTrail", json!({})),
        (
            "cloud_trail__s3_managed",
            "cloudTrail",
            json!({"encryption": "s3Managed"}),
        ),
        (
            "cloud_trail__no_access_logging",
            "cloudTrail",
            json!({"accessLogging": false}),
        ),
        (
            "cloud_trail__names",
            "cloudTrail",
            json!({"trailName": "acme-trail", "logGroupName": "acme/trail"}),
        ),
        (
            "cloud_trail__log_retention",
            "cloudTrail",
            json!({"logRetentionDays": 3653}),
        ),
        (
            "cloud_trail__lifecycle",
            "cloudTrail",
            json!({"infrequentAccessAfterDays": 30, "glacierAfterDays": 60, "expireAfterDays": 2555}),
        ),
        ("sns_notify__default", "snsNotify", json!({})),
        (
            "sns_notify__names",
            "snsNotify",
            json!({"topicName": "acme-alerts", "displayName": "ACME"}),
        ),
        ("budget_alarm__default", "budgetAlarm", json!({})),
        (
            "budget_alarm__name",
            "budgetAlarm",
            json!({"budgetName": "acme"}),
        ),
        ("guard_duty__default", "guardDuty", json!({})),
        (
            "guard_duty__six_hours",
            "guardDuty",
            json!({"findingPublishingFrequency": "SIX_HOURS"}),
        ),
        (
            "guard_duty__rule_name",
            "guardDuty",
            json!({"ruleName": "acme-findings"}),
        ),
        ("support_role__default", "supportRole", json!({})),
        (
            "support_role__name_prefix_and_path",
            "supportRole",
            json!({"namePrefix": "acme", "path": "/acme/people/"}),
        ),
        (
            "support_role__max_mfa_age",
            "supportRole",
            json!({"maxMfaAge": 3600, "maxSessionDuration": 7200}),
        ),
        ("access_analyzer__default", "accessAnalyzer", json!({})),
        (
            "access_analyzer__unused_access",
            "accessAnalyzer",
            json!({"unusedAccess": true, "unusedAccessAge": 180}),
        ),
        (
            "access_analyzer__name",
            "accessAnalyzer",
            json!({"analyzerName": "acme-account"}),
        ),
        ("config_recorder__default", "configRecorder", json!({})),
        (
            "config_recorder__name",
            "configRecorder",
            json!({"name": "acme"}),
        ),
        (
            "config_recorder__hourly_snapshots",
            "configRecorder",
            json!({"snapshotFrequency": "ONE_HOUR"}),
        ),
        ("security_hub__default", "securityHub", json!({})),
        (
            "security_hub__both_standards",
            "securityHub",
            json!({"foundationalBestPractices": true}),
        ),
        (
            "security_hub__no_standards",
            "securityHub",
            json!({"cisV5": false}),
        ),
        (
            "security_hub__min_severity",
            "securityHub",
            json!({"minSeverity": "MEDIUM"}),
        ),
        (
            "security_hub__rule_name",
            "securityHub",
            json!({"ruleName": "acme-controls"}),
        ),
        (
            "cloud_trail__s3_data_writes",
            "cloudTrail",
            json!({"s3DataEvents": {"events": "write"}}),
        ),
        (
            "cloud_trail__s3_data_reads_listed",
            "cloudTrail",
            json!({"s3DataEvents": {"events": "read", "buckets": ["acme-data", "acme.uploads"]}}),
        ),
        (
            "cloud_trail__s3_data_all_no_access_logging",
            "cloudTrail",
            json!({"accessLogging": false, "s3DataEvents": {"events": "all"}}),
        ),
        (
            "cloud_trail__organization",
            "cloudTrail",
            json!({"organization": {"bucketName": "acme-org-trail", "kmsKeyArn": "arn:aws:kms:us-east-1:222233334444:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}),
        ),
        (
            "cloud_trail__organization_s3_managed",
            "cloudTrail",
            json!({"encryption": "s3Managed", "organization": {"bucketName": "acme-org-trail"}}),
        ),
        ("org_trail_bucket__default", "orgTrailBucket", json!({})),
        (
            "org_trail_bucket__s3_managed_other_region",
            "orgTrailBucket",
            json!({"encryption": "s3Managed", "accessLogging": false, "trailRegion": "eu-west-1", "expireAfterDays": 3653}),
        ),
        ("config_aggregator__default", "configAggregator", json!({})),
        (
            "config_aggregator__regions",
            "configAggregator",
            json!({"aggregatorName": "acme-org", "regions": ["us-east-1", "eu-west-1"]}),
        ),
        (
            "root_account_usage__metric_options",
            "rootAccountUsage",
            json!({"metricNamespace": "Acme", "period": 60, "threshold": 2}),
        ),
        (
            "root_account_usage__name_prefix",
            "rootAccountUsage",
            json!({"namePrefix": "acme"}),
        ),
    ];
    let mut all: Vec<(String, &'static str, Value)> = fixed
        .into_iter()
        .map(|(name, template, options)| (name.to_owned(), template, options))
        .collect();
    all.extend(hydrate::stacks::alarms::CIS_ALARMS.iter().map(|spec| {
        (
            format!("{}__default", snake(spec.name)),
            spec.name,
            json!({}),
        )
    }));
    all
}

#[test]
fn every_template_and_option_variant() {
    let variants = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../variants");
    std::fs::create_dir_all(&variants).expect("create target/variants");
    for (name, template, options) in cases() {
        let entry = hydrate::stacks::find(template).expect("template in catalog");
        let text = entry
            .render(&options)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        std::fs::write(variants.join(format!("{name}.json")), &text).expect("write variant");
        insta::assert_snapshot!(name.as_str(), text);
    }
}

#[test]
fn every_catalog_template_has_a_default_snapshot() {
    for entry in hydrate::stacks::catalog() {
        let wanted = format!("{}__default", snake(entry.name));
        assert!(
            cases().iter().any(|(name, _, _)| *name == wanted),
            "catalog template `{}` has no `{wanted}` snapshot case",
            entry.name
        );
    }
}

#[test]
fn option_variants_differ_from_the_default() {
    for (name, template, options) in cases() {
        if name.ends_with("__default") {
            continue;
        }
        let entry = hydrate::stacks::find(template).expect("template in catalog");
        let default = entry.render_default().expect("default renders");
        assert_ne!(
            entry.render(&options).expect("variant renders"),
            default,
            "{name}: the option changes nothing, so its snapshot proves nothing"
        );
    }
}
