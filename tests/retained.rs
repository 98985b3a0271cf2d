//! Retained resources against the emulators: the existence probes over HTTP against moto (S3
//! `HeadBucket`, `DescribeLogGroups`, KMS `DescribeKey`), and delete-then-create of cloudTrail
//! against LocalStack core, which keeps the retained resources but refuses IMPORT change sets:
//! hydrate must say so, naming the resources, and leave no stack behind. No emulator here runs an
//! IMPORT change set, so the import itself is proved against the in-memory fake
//! (`src/deploy/stack/import_tests.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

mod support;

use hydrate::deploy::cloud::Cloud;
use hydrate::deploy::connection::Connection;
use hydrate::deploy::Aws;
use serde_json::json;
use support::{block_on, cfn, endpoints, text, unique, Scratch, ACCOUNT};

/// hydrate's clients on an emulator, with emulator-only credentials.
fn aws(endpoint: &str) -> Aws {
    let creds = aws_sdk_s3::config::Credentials::new(ACCOUNT, "test", None, None, "tests");
    let config = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(aws_sdk_s3::config::SharedCredentialsProvider::new(creds))
        .build();
    let connection = Connection {
        region: "us-east-1".into(),
        endpoint_url: Some(endpoint.to_owned()),
        ..Connection::default()
    };
    Aws::from_config(&config, &connection)
}

#[test]
fn the_probes_find_buckets_log_groups_and_keys_by_exact_name_on_moto() {
    let e = endpoints();
    let aws = aws(&e.api);
    let id = unique("probe");
    block_on(async {
        aws.s3
            .create_bucket()
            .bucket(&id)
            .send()
            .await
            .expect("bucket");
        assert!(aws.bucket_exists(&id).await.expect("HeadBucket"));
        let absent = format!("{id}-absent");
        assert!(!aws.bucket_exists(&absent).await.expect("HeadBucket"));

        // Only a longer name exists: a prefix match is not the log group.
        let group = format!("/hydrate-test/{id}");
        let longer = format!("{group}-longer");
        aws.logs
            .create_log_group()
            .log_group_name(&longer)
            .send()
            .await
            .expect("log group");
        assert!(!aws
            .log_group_exists(&group)
            .await
            .expect("DescribeLogGroups"));
        assert!(aws
            .log_group_exists(&longer)
            .await
            .expect("DescribeLogGroups"));

        let key = aws.kms.create_key().send().await.expect("key");
        let key_id = key.key_metadata().expect("metadata").key_id().to_owned();
        let alias = format!("alias/hydrate-test/{id}");
        aws.kms
            .create_alias()
            .alias_name(&alias)
            .target_key_id(&key_id)
            .send()
            .await
            .expect("alias");
        let found = aws.describe_key(&alias).await.expect("DescribeKey");
        assert_eq!(
            found.as_ref().map(|k| k.key_id.as_str()),
            Some(key_id.as_str())
        );
        assert_eq!(found.map(|k| k.pending_deletion), Some(false));
        aws.kms
            .schedule_key_deletion()
            .key_id(&key_id)
            .pending_window_in_days(7)
            .send()
            .await
            .expect("scheduled");
        let found = aws.describe_key(&key_id).await.expect("DescribeKey");
        assert_eq!(found.map(|k| k.pending_deletion), Some(true));
        let none = aws.describe_key(&format!("alias/{id}-none")).await;
        assert_eq!(none.expect("DescribeKey"), None);
    });
}

#[test]
fn a_re_created_cloud_trail_on_localstack_names_what_it_could_not_import_and_creates_nothing() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let id = unique("ret");
    let stack_name = format!("{id}-trail");
    let log_group = format!("/test/{id}");
    s.write(
        "cloudTrail.json",
        &json!({
            "StackName": stack_name,
            "Capabilities": ["CAPABILITY_IAM"],
            "Hydrate": {"Template": "cloudTrail", "Options": {"trailName": id, "logGroupName": log_group}}
        })
        .to_string(),
    );
    let run = |args: &[&str]| s.hydrate(&e.cfn).args(args).output().expect("runs");
    for args in [
        &["bootstrap"][..],
        &["stack", "create", "cloudTrail"],
        &["--yes", "stack", "delete", "cloudTrail", "--force"],
    ] {
        let out = run(args);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
    }

    let out = run(&["stack", "diff", "cloudTrail"]);
    assert!(out.status.success(), "{}", text(&out));
    let diff = text(&out);
    assert!(diff.contains("would import TrailKey ("), "{diff}");
    assert!(
        diff.contains(&format!("TrailLogGroup ({log_group})")),
        "{diff}"
    );
    assert!(diff.contains("import         TrailBucket"), "{diff}");

    let out = run(&["stack", "create", "cloudTrail"]);
    assert!(!out.status.success(), "{}", text(&out));
    let refused = text(&out);
    assert!(
        refused.contains(&format!("stack {stack_name} was not created")),
        "{refused}"
    );
    for logical in [
        "TrailKey",
        "TrailLogGroupKey",
        "AccessLogBucket",
        "TrailBucket",
        "TrailLogGroup",
    ] {
        assert!(
            refused.contains(&format!("{logical} (")),
            "{logical}: {refused}"
        );
    }
    assert!(
        refused.contains("Nothing was created and nothing was deleted"),
        "{refused}"
    );

    // No half stack: nothing of the name is left, and the audit data is still there.
    let left = block_on(cfn(&e.cfn).describe_stacks().stack_name(&stack_name).send());
    let live = left.ok().and_then(|o| {
        o.stacks()
            .first()
            .and_then(|s| s.stack_status().map(|st| st.as_str().to_owned()))
    });
    assert!(
        live.as_deref().is_none_or(|s| s == "DELETE_COMPLETE"),
        "{live:?}"
    );
    let aws = aws(&e.cfn);
    assert!(block_on(aws.log_group_exists(&log_group)).expect("DescribeLogGroups"));
}
