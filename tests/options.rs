//! Bad options fail with the option's name and the fix.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use serde_json::json;

fn error(template: &str, options: serde_json::Value) -> String {
    let entry = hydrate::stacks::find(template).expect("template in catalog");
    match entry.render(&options) {
        Ok(_) => panic!("{template} {options} should not render"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_options_name_the_option_and_the_fix() {
    let cases = [
        (
            "cloudTrail",
            json!({"organization": {"bucketName": "acme-org-trail"}}),
            "organization",
            "write its orgTrailBucket stack's KeyArn output, or set encryption to s3Managed",
        ),
        (
            "cloudTrail",
            json!({"encryption": "s3Managed", "organization": {"bucketName": "Acme_Trail"}}),
            "organization",
            "bucketName: `Acme_Trail` is not a bucket name",
        ),
        (
            "cloudTrail",
            json!({"organization": {"bucketName": "acme-org-trail", "kmsKeyArn": "alias/x"}}),
            "organization",
            "is not a KMS key ARN",
        ),
        (
            "orgTrailBucket",
            json!({"trailRegion": "eu-wset-1"}),
            "trailRegion",
            "did you mean `eu-west-1`",
        ),
        (
            "orgTrailBucket",
            json!({"glacierAfterDays": 60}),
            "glacierAfterDays",
            "at least 30 days after",
        ),
        (
            "configAggregator",
            json!({"regions": ["us-east-1", "us-east-1"]}),
            "regions",
            "listed twice",
        ),
        (
            "iamSetup",
            json!({"maxSessionDuration": 60}),
            "maxSessionDuration",
            "3600 to 43200",
        ),
        (
            "iamSetup",
            json!({"allowedRegions": ["us-central-1"]}),
            "allowedRegions",
            "`us-central-1` is not an AWS region",
        ),
        (
            "iamSetup",
            json!({"appRolePath": "/"}),
            "appRolePath",
            "pass the baseline's own roles",
        ),
        (
            "iamSetup",
            json!({"appRolePath": "/hydrate/"}),
            "appRolePath",
            "use a path of its own, e.g. `/hydrate/app/`",
        ),
        (
            "iamSetup",
            json!({"path": "hydrate"}),
            "path",
            "start and end with `/`",
        ),
        (
            "iamSetup",
            json!({"namePrefix": "has space"}),
            "namePrefix",
            "letters, digits",
        ),
        (
            "iamSetup",
            json!({"operatorServices": ["lambdas"]}),
            "lambdas",
            "unknown variant",
        ),
        (
            "iamSetup",
            json!({"readOnlyRole": false}),
            "readOnlyRole",
            "unknown field",
        ),
        ("iamSetup", json!({"maxMfaAge": "1h"}), "1h", "invalid type"),
        (
            "selfEdit",
            json!({"mfa": false}),
            "denyWithoutMfa",
            "set `mfa` to true",
        ),
    ];
    for (template, options, field, fix) in cases {
        let text = error(template, options);
        let canonical = hydrate::stacks::find(template).expect("in catalog").name;
        assert!(text.contains(canonical), "{text}");
        assert!(text.contains(field), "{text}");
        assert!(text.contains(fix), "{text}");
    }
}
