//! The log-archive account's `orgTrailBucket` created for real by LocalStack core in strict mode
//! (S3 buckets, bucket policies and KMS keys are among the types it really creates), its bucket
//! policy read back through S3: CloudTrail may write the organization's and the management
//! account's prefixes, each only for the one organization trail.
//!
//! What LocalStack does not prove: that CloudTrail delivers anything (its CloudTrail is a
//! fallback, so the organization trail itself is covered by snapshots and cfn-lint only), that S3
//! enforces the policy's conditions, or that KMS enforces the key policy.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

mod support;

use serde_json::{json, Value};
use support::{block_on, cfn, endpoints, text, unique, Scratch, ACCOUNT};

const ORG_ID: &str = "o-a1b2c3d4e5";
const MANAGEMENT: &str = "210987654321";

fn s3(endpoint: &str) -> aws_sdk_s3::Client {
    let creds = aws_sdk_s3::config::Credentials::new(ACCOUNT, "test", None, None, "tests");
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .force_path_style(true)
        .credentials_provider(creds)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

#[test]
fn the_log_archive_bucket_admits_only_the_organization_trail() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("ot");
    s.write(
        "orgTrailBucket.json",
        &json!({
            "StackName": format!("{id}-org-trail-bucket"),
            "Parameters": {"OrganizationId": ORG_ID, "ManagementAccountId": MANAGEMENT},
            "Hydrate": {"Options": {"trailName": id, "trailRegion": "eu-west-1"}}
        })
        .to_string(),
    );
    let run = |args: &[&str]| s.hydrate(&e.strict).args(args).output().expect("runs");
    assert!(run(&["bootstrap"]).status.success());
    let out = run(&["stack", "create", "orgTrailBucket"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("fallback"), "{}", text(&out));

    let (bucket, key) = block_on(async {
        let stacks = cfn(&e.strict)
            .describe_stacks()
            .stack_name(format!("{id}-org-trail-bucket"))
            .send()
            .await
            .expect("described");
        let output = |k: &str| {
            stacks.stacks()[0]
                .outputs()
                .iter()
                .find(|o| o.output_key() == Some(k))
                .and_then(|o| o.output_value())
                .unwrap_or_default()
                .to_owned()
        };
        (output("BucketName"), output("KeyArn"))
    });
    assert!(key.contains(":kms:") && key.contains(":key/"), "{key}");
    let policy: Value = block_on(async {
        let out = s3(&e.strict)
            .get_bucket_policy()
            .bucket(&bucket)
            .send()
            .await
            .expect("policy");
        serde_json::from_str(out.policy().unwrap_or_default()).expect("json")
    });
    let statements = policy["Statement"].as_array().expect("statements");
    let trail = format!("arn:aws:cloudtrail:eu-west-1:{MANAGEMENT}:trail/{id}");
    let writes: Vec<&Value> = statements
        .iter()
        .filter(|st| st["Effect"] == "Allow" && st.to_string().contains("s3:PutObject"))
        .collect();
    let prefixes: Vec<String> = writes.iter().map(|st| st["Resource"].to_string()).collect();
    assert_eq!(writes.len(), 2, "{policy}");
    assert!(
        prefixes
            .iter()
            .any(|r| r.contains(&format!("/AWSLogs/{ORG_ID}/*"))),
        "{prefixes:?}"
    );
    assert!(
        prefixes
            .iter()
            .any(|r| r.contains(&format!("/AWSLogs/{MANAGEMENT}/*"))),
        "{prefixes:?}"
    );
    for st in statements.iter().filter(|st| st["Effect"] == "Allow") {
        assert_eq!(
            st["Condition"]["StringEquals"]["aws:SourceArn"].to_string(),
            json!(trail).to_string(),
            "every grant is for the organization trail only: {st}"
        );
    }
    assert!(
        statements
            .iter()
            .any(|st| st["Sid"] == "DenyBucketTamperingButAdmin"),
        "{policy}"
    );

    // The bucket and its key are retained: the stack goes, the audit data stays.
    let out = run(&["-y", "stack", "delete", "orgTrailBucket"]);
    assert!(out.status.success(), "{}", text(&out));
    block_on(async {
        s3(&e.strict)
            .head_bucket()
            .bucket(&bucket)
            .send()
            .await
            .expect("the bucket outlives its stack");
    });
}
