//! `hydrate verify` against moto server on 127.0.0.1: an account of its own (STS AssumeRole into a
//! fresh account id, so no other test's IAM users or settings leak in) set up through the APIs
//! as hydrate's baseline leaves it, then one setting broken at a time, each turning its own row
//! (and only it) to FAIL. Every call the binary makes is a read.
//!
//! What moto cannot show: it has no Access Analyzer and no GetInstanceMetadataDefaults (those
//! rows are MANUAL, "not checked"), it answers the root user's summary fields from constants and
//! confirms every SNS subscription itself, and it delivers no trail logs (those rows are MANUAL,
//! "the emulator … fakes …").

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

mod support;

use std::collections::BTreeMap;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use hydrate::stacks::alarms::CIS_ALARMS;
use serde_json::Value;
use support::{block_on, endpoints, text, unique, Scratch};

const HOME: &str = "us-east-1";
const OTHER: &str = "eu-west-1";

/// Credentials that moto maps to an account of their own.
struct Fresh {
    account: String,
    key: String,
    secret: String,
    token: String,
}

fn fresh_account(endpoint: &str) -> Fresh {
    let account = format!(
        "{:012}",
        u64::from_str_radix(&unique("a")[2..], 16).unwrap_or(7) % 1_000_000_000_000
    );
    block_on(async {
        let config = config_with(endpoint, HOME, "123456789012", "test", None).await;
        let out = aws_sdk_sts::Client::new(&config)
            .assume_role()
            .role_arn(format!("arn:aws:iam::{account}:role/verify"))
            .role_session_name("verify")
            .send()
            .await
            .expect("assume role");
        let c = out.credentials().expect("credentials");
        Fresh {
            account: account.clone(),
            key: c.access_key_id().to_owned(),
            secret: c.secret_access_key().to_owned(),
            token: c.session_token().to_owned(),
        }
    })
}

async fn config_with(
    endpoint: &str,
    region: &str,
    key: &str,
    secret: &str,
    token: Option<String>,
) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .endpoint_url(endpoint)
        .credentials_provider(aws_sdk_sts::config::Credentials::new(
            key, secret, token, None, "tests",
        ))
        .load()
        .await
}

impl Fresh {
    async fn config(&self, region: &str) -> SdkConfig {
        config_with(
            endpoints().api.as_str(),
            region,
            &self.key,
            &self.secret,
            Some(self.token.clone()),
        )
        .await
    }

    /// `hydrate verify` of this account, as JSON rows by `name@region`, with its exit code and
    /// the calls it made.
    fn verify(&self, s: &Scratch) -> (i32, BTreeMap<String, Value>, Vec<String>) {
        let calls = s.tmp.path().join(unique("calls"));
        let out = s
            .hydrate(&endpoints().api)
            .env("AWS_ACCESS_KEY_ID", &self.key)
            .env("AWS_SECRET_ACCESS_KEY", &self.secret)
            .env("AWS_SESSION_TOKEN", &self.token)
            .arg("--call-log")
            .arg(&calls)
            .args(["--output", "json", "verify"])
            .output()
            .expect("runs");
        let rows = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|v| v["kind"] == "control")
            .map(|v| {
                (
                    format!(
                        "{}@{}",
                        v["name"].as_str().unwrap_or_default(),
                        v["region"].as_str().unwrap_or_default()
                    ),
                    v,
                )
            })
            .collect::<BTreeMap<_, _>>();
        assert!(!rows.is_empty(), "no rows: {}", text(&out));
        let calls = std::fs::read_to_string(&calls)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect();
        (out.status.code().unwrap_or(-1), rows, calls)
    }
}

fn status_of(rows: &BTreeMap<String, Value>, key: &str) -> String {
    rows.get(key)
        .unwrap_or_else(|| panic!("no row {key}: {:?}", rows.keys()))["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn failing(rows: &BTreeMap<String, Value>) -> Vec<String> {
    rows.iter()
        .filter(|(_, v)| v["status"] == "FAIL")
        .map(|(k, _)| k.clone())
        .collect()
}

fn g(name: &str) -> String {
    format!("{name}@global")
}

fn r(name: &str, region: &str) -> String {
    format!("{name}@{region}")
}

/// What the baseline made, for breaking it later.
struct Baseline {
    trail: String,
    trail_bucket: String,
    log_group: String,
    user_group: String,
}

/// S3 Control on an emulator: its endpoint rules would put the account id in front of the host.
#[derive(Debug)]
struct Fixed(String);

impl aws_sdk_s3control::config::endpoint::ResolveEndpoint for Fixed {
    fn resolve_endpoint<'a>(
        &'a self,
        _: &'a aws_sdk_s3control::config::endpoint::Params,
    ) -> aws_sdk_s3control::config::endpoint::EndpointFuture<'a> {
        aws_sdk_s3control::config::endpoint::EndpointFuture::ready(Ok(
            aws_sdk_s3control::config::endpoint::Endpoint::builder()
                .url(self.0.clone())
                .build(),
        ))
    }
}

fn s3control(config: &SdkConfig) -> aws_sdk_s3control::Client {
    aws_sdk_s3control::Client::from_conf(
        aws_sdk_s3control::config::Builder::from(config)
            .endpoint_resolver(Fixed(endpoints().api.clone()))
            .build(),
    )
}

fn s3(config: &SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(config)
            .force_path_style(true)
            .build(),
    )
}

async fn account_block(config: &SdkConfig, account: &str, all: bool) {
    use aws_sdk_s3control::types::PublicAccessBlockConfiguration;
    s3control(config)
        .put_public_access_block()
        .account_id(account)
        .public_access_block_configuration(
            PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .ignore_public_acls(true)
                .block_public_policy(true)
                .restrict_public_buckets(all)
                .build(),
        )
        .send()
        .await
        .expect("account public access block");
}

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#;

async fn identity(c: &aws_sdk_iam::Client, u: &str) -> String {
    c.update_account_password_policy()
        .minimum_password_length(14)
        .password_reuse_prevention(24)
        .send()
        .await
        .expect("password policy");
    let group = format!("humans-{u}");
    c.create_group()
        .group_name(&group)
        .send()
        .await
        .expect("group");
    let user = format!("alice-{u}");
    c.create_user().user_name(&user).send().await.expect("user");
    c.add_user_to_group()
        .user_name(&user)
        .group_name(&group)
        .send()
        .await
        .expect("member");
    c.create_login_profile()
        .user_name(&user)
        .password("A-long-password-1!")
        .send()
        .await
        .expect("console password");
    let device = c
        .create_virtual_mfa_device()
        .virtual_mfa_device_name(&user)
        .send()
        .await
        .expect("device");
    let serial = device
        .virtual_mfa_device()
        .expect("device")
        .serial_number()
        .to_owned();
    c.enable_mfa_device()
        .user_name(&user)
        .serial_number(serial)
        .authentication_code1("123456")
        .authentication_code2("654321")
        .send()
        .await
        .expect("mfa");
    c.create_role()
        .role_name(format!("support-{u}"))
        .assume_role_policy_document(TRUST)
        .send()
        .await
        .expect("support role");
    // moto loads no AWS managed policy: AWSSupportAccess cannot be attached, and the support
    // role's row is "not checked" (ListEntitiesForPolicy answers NoSuchEntity).
    let attached = c
        .attach_role_policy()
        .role_name(format!("support-{u}"))
        .policy_arn("arn:aws:iam::aws:policy/AWSSupportAccess")
        .send()
        .await;
    assert!(
        attached.is_err(),
        "moto attached an AWS managed policy now: test the support role's PASS and FAIL"
    );
    group
}

async fn trail(config: &SdkConfig, account: &str, u: &str) -> (String, String, String) {
    let s3 = s3(config);
    let bucket = format!("trail-{u}");
    let logs_bucket = format!("access-logs-{u}");
    for b in [&bucket, &logs_bucket] {
        s3.create_bucket().bucket(b).send().await.expect("bucket");
    }
    s3.put_public_access_block()
        .bucket(&bucket)
        .public_access_block_configuration(
            aws_sdk_s3::types::PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .ignore_public_acls(true)
                .block_public_policy(true)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .expect("bucket public access block");
    let delivery = r#"uri="http://acs.amazonaws.com/groups/s3/LogDelivery""#;
    s3.put_bucket_acl()
        .bucket(&logs_bucket)
        .grant_write(delivery)
        .grant_read_acp(delivery)
        .send()
        .await
        .expect("log delivery may write");
    s3.put_bucket_logging()
        .bucket(&bucket)
        .bucket_logging_status(
            aws_sdk_s3::types::BucketLoggingStatus::builder()
                .logging_enabled(
                    aws_sdk_s3::types::LoggingEnabled::builder()
                        .target_bucket(&logs_bucket)
                        .target_prefix("trail/")
                        .build()
                        .expect("logging"),
                )
                .build(),
        )
        .send()
        .await
        .expect("bucket logging");
    let kms = aws_sdk_kms::Client::new(config);
    let key = kms.create_key().send().await.expect("key");
    let key = key.key_metadata().expect("metadata");
    kms.enable_key_rotation()
        .key_id(key.key_id())
        .send()
        .await
        .expect("rotation");
    let group = format!("trail-{u}");
    aws_sdk_cloudwatchlogs::Client::new(config)
        .create_log_group()
        .log_group_name(&group)
        .send()
        .await
        .expect("log group");
    let name = format!("trail-{u}");
    let ct = aws_sdk_cloudtrail::Client::new(config);
    ct.create_trail()
        .name(&name)
        .s3_bucket_name(&bucket)
        .is_multi_region_trail(true)
        .enable_log_file_validation(true)
        .kms_key_id(key.arn().expect("arn"))
        .cloud_watch_logs_log_group_arn(format!(
            "arn:aws:logs:{HOME}:{account}:log-group:{group}:*"
        ))
        .cloud_watch_logs_role_arn(format!("arn:aws:iam::{account}:role/trail-logs"))
        .send()
        .await
        .expect("trail");
    ct.start_logging()
        .name(&name)
        .send()
        .await
        .expect("logging");
    (name, bucket, group)
}

async fn monitoring(config: &SdkConfig, group: &str) {
    let logs = aws_sdk_cloudwatchlogs::Client::new(config);
    // moto 5.2 cannot answer CloudWatch's CBOR protocol, which the SDK speaks: alarms can be
    // neither made nor read there, and the alarm → topic → subscription chain is unit-tested.
    for spec in CIS_ALARMS {
        logs.put_metric_filter()
            .log_group_name(group)
            .filter_name(spec.name)
            .filter_pattern(spec.pattern)
            .metric_transformations(
                aws_sdk_cloudwatchlogs::types::MetricTransformation::builder()
                    .metric_name(spec.name)
                    .metric_namespace("CISBenchmark")
                    .metric_value("1")
                    .build()
                    .expect("transformation"),
            )
            .send()
            .await
            .expect("metric filter");
    }
}

async fn regional(config: &SdkConfig, account: &str, bucket: &str) {
    aws_sdk_ec2::Client::new(config)
        .enable_ebs_encryption_by_default()
        .send()
        .await
        .expect("ebs");
    aws_sdk_guardduty::Client::new(config)
        .create_detector()
        .enable(true)
        .send()
        .await
        .expect("detector");
    let cfg = aws_sdk_config::Client::new(config);
    cfg.put_configuration_recorder()
        .configuration_recorder(
            aws_sdk_config::types::ConfigurationRecorder::builder()
                .name("default")
                .role_arn(format!("arn:aws:iam::{account}:role/config"))
                .build(),
        )
        .send()
        .await
        .expect("recorder");
    cfg.put_delivery_channel()
        .delivery_channel(
            aws_sdk_config::types::DeliveryChannel::builder()
                .name("default")
                .s3_bucket_name(bucket)
                .build(),
        )
        .send()
        .await
        .expect("channel");
    cfg.start_configuration_recorder()
        .configuration_recorder_name("default")
        .send()
        .await
        .expect("recording");
    aws_sdk_securityhub::Client::new(config)
        .enable_security_hub()
        .send()
        .await
        .expect("hub");
}

async fn baseline(f: &Fresh) -> Baseline {
    let u = unique("v");
    let home = f.config(HOME).await;
    let user_group = identity(&aws_sdk_iam::Client::new(&home), &u).await;
    account_block(&home, &f.account, true).await;
    let (trail_name, trail_bucket, log_group) = trail(&home, &f.account, &u).await;
    monitoring(&home, &log_group).await;
    for region in [HOME, OTHER] {
        regional(&f.config(region).await, &f.account, &trail_bucket).await;
    }
    Baseline {
        trail: trail_name,
        trail_bucket,
        log_group,
        user_group,
    }
}

fn scratch(f: &Fresh) -> Scratch {
    let s = Scratch::new(&f.account);
    s.write(
        "account.json",
        &format!(
            r#"{{"AccountId": "{}", "Region": "{HOME}", "Regions": ["{HOME}", "{OTHER}"], "TemplateBucket": "{}", "Tags": {{"project": "hydrate-tests"}}}}"#,
            f.account,
            unique("tpl")
        ),
    );
    s
}

/// Every call a read: Describe, Get, List (GetCallerIdentity for the account guard).
fn assert_read_only(calls: &[String]) {
    assert!(!calls.is_empty(), "no call logged");
    for call in calls {
        // `<service, maybe two words> <Operation> name=value… (retry: …)`.
        let op = call
            .split_whitespace()
            .take_while(|w| !w.contains('=') && !w.starts_with('('))
            .last()
            .unwrap_or_default();
        assert!(
            ["Get", "List", "Describe"]
                .iter()
                .any(|p| op.starts_with(p)),
            "a call that is not a read: {call}"
        );
    }
}

/// Runs verify and asserts that the rows failing now and not before are exactly `expected`.
struct Audit<'a> {
    f: &'a Fresh,
    s: Scratch,
    failing: Vec<String>,
}

impl Audit<'_> {
    fn expect_new_failures(&mut self, what: &str, expected: &[String]) -> BTreeMap<String, Value> {
        let (code, rows, calls) = self.f.verify(&self.s);
        assert_read_only(&calls);
        let now = failing(&rows);
        let mut new: Vec<String> = now
            .iter()
            .filter(|k| !self.failing.contains(k))
            .cloned()
            .collect();
        new.sort();
        let mut want = expected.to_vec();
        want.sort();
        assert_eq!(new, want, "after {what}");
        assert_eq!(
            code,
            if now.is_empty() { 0 } else { 1 },
            "exit after {what}"
        );
        self.failing = now;
        rows
    }
}

async fn put_all_management_events(f: &Fresh, trail: &str) {
    let all = aws_sdk_cloudtrail::types::EventSelector::builder()
        .include_management_events(true)
        .read_write_type(aws_sdk_cloudtrail::types::ReadWriteType::All)
        .build();
    aws_sdk_cloudtrail::Client::new(&f.config(HOME).await)
        .put_event_selectors()
        .trail_name(trail)
        .event_selectors(all)
        .send()
        .await
        .expect("all selectors");
}

#[test]
fn a_baseline_account_passes_and_each_broken_setting_fails_its_own_row() {
    let f = fresh_account(&endpoints().api);
    let b = block_on(baseline(&f));
    let mut audit = Audit {
        f: &f,
        s: scratch(&f),
        failing: Vec::new(),
    };
    // moto's CloudFormation drops the trail's EventSelectors (AWS applies them); put what the
    // template says.
    block_on(put_all_management_events(&f, &b.trail));
    let rows = audit.expect_new_failures("the baseline", &[]);
    // moto has no Access Analyzer: exit 0, but the table says rows were not checked.
    let table = audit
        .s
        .hydrate(&endpoints().api)
        .env("AWS_ACCESS_KEY_ID", &f.key)
        .env("AWS_SECRET_ACCESS_KEY", &f.secret)
        .env("AWS_SESSION_TOKEN", &f.token)
        .arg("verify")
        .output()
        .expect("runs");
    assert_eq!(table.status.code(), Some(0), "{}", text(&table));
    assert!(
        text(&table).contains("control row(s) not checked (a read failed)"),
        "{}",
        text(&table)
    );
    let mut pass = vec![
        g("password-length"),
        g("password-reuse"),
        g("console-users-mfa"),
        g("permissions-through-groups"),
        g("no-admin-star-policy"),
        g("s3-account-public-access-block"),
        g("trail-multi-region"),
        g("trail-log-file-validation"),
        g("trail-kms-encryption"),
        g("trail-bucket-not-public"),
        g("trail-bucket-access-logging"),
    ];
    let faked = vec![
        g("root-access-keys"),
        g("root-mfa"),
        g("trail-cloudwatch-logs"),
    ];
    let mut unread = vec![g("support-role")];
    unread.extend(CIS_ALARMS.iter().map(|s| g(s.name)));
    for region in [HOME, OTHER] {
        for name in [
            "ebs-default-encryption",
            "guardduty",
            "security-hub",
            "kms-key-rotation",
        ] {
            pass.push(r(name, region));
        }
        // moto has no Access Analyzer and no GetInstanceMetadataDefaults, and does not answer
        // DescribeDeliveryChannelStatus: the good recorder's row says its delivery is unread.
        unread.push(r("access-analyzer", region));
        unread.push(r("config-recorder", region));
        unread.push(r("imdsv2-default", region));
    }
    for key in &pass {
        assert_eq!(status_of(&rows, key), "PASS", "{key}: {}", rows[key]);
    }
    for key in &faked {
        assert_eq!(status_of(&rows, key), "MANUAL", "{key}");
        let evidence = rows[key]["evidence"].as_str().unwrap_or_default();
        assert!(evidence.contains("the emulator at"), "{key}: {evidence}");
    }
    for key in &unread {
        assert_eq!(status_of(&rows, key), "MANUAL", "{key}");
        let evidence = rows[key]["evidence"].as_str().unwrap_or_default();
        assert!(evidence.contains("not checked:"), "{key}: {evidence}");
    }
    assert_eq!(status_of(&rows, &g("root-hardware-mfa")), "MANUAL");
    assert_eq!(
        rows[&g("password-length")]["evidence"],
        "GetAccountPasswordPolicy: MinimumPasswordLength 14"
    );
    assert_eq!(rows[&g("password-length")]["id"], "1.7");
    assert_eq!(rows[&g("rootAccountUsage")]["cis_v1_4"], "4.3");
    assert_eq!(rows[&g("trail-cloudwatch-logs")]["id"], "");
    assert_eq!(rows[&g("trail-cloudwatch-logs")]["cis_v1_4"], "3.4");

    block_on(breaks(&mut audit, &f, &b));
}

async fn breaks(audit: &mut Audit<'_>, f: &Fresh, b: &Baseline) {
    let home = f.config(HOME).await;
    let other = f.config(OTHER).await;
    let iam = aws_sdk_iam::Client::new(&home);
    let u = unique("b");

    iam.update_account_password_policy()
        .minimum_password_length(8)
        .password_reuse_prevention(24)
        .send()
        .await
        .expect("weaker length");
    audit.expect_new_failures("a shorter password length", &[g("password-length")]);
    iam.update_account_password_policy()
        .minimum_password_length(8)
        .password_reuse_prevention(5)
        .send()
        .await
        .expect("weaker reuse");
    audit.expect_new_failures("less reuse prevention", &[g("password-reuse")]);

    account_block(&home, &f.account, false).await;
    audit.expect_new_failures(
        "an account block with a flag off",
        &[g("s3-account-public-access-block")],
    );

    let bob = format!("bob-{u}");
    iam.create_user()
        .user_name(&bob)
        .send()
        .await
        .expect("user");
    iam.add_user_to_group()
        .user_name(&bob)
        .group_name(&b.user_group)
        .send()
        .await
        .expect("member");
    iam.create_login_profile()
        .user_name(&bob)
        .password("A-long-password-1!")
        .send()
        .await
        .expect("console password");
    audit.expect_new_failures("a console user without MFA", &[g("console-users-mfa")]);

    iam.put_user_policy()
        .user_name(&bob)
        .policy_name("own")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#)
        .send()
        .await
        .expect("inline user policy");
    audit.expect_new_failures("a user policy", &[g("permissions-through-groups")]);

    let admin = iam
        .create_policy()
        .policy_name(format!("admin-{u}"))
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        .send()
        .await
        .expect("policy");
    iam.attach_group_policy()
        .group_name(&b.user_group)
        .policy_arn(admin.policy().and_then(|p| p.arn()).expect("arn"))
        .send()
        .await
        .expect("attached");
    audit.expect_new_failures("a *:* policy attached", &[g("no-admin-star-policy")]);

    let ct = aws_sdk_cloudtrail::Client::new(&home);
    let write_only = aws_sdk_cloudtrail::types::EventSelector::builder()
        .include_management_events(true)
        .read_write_type(aws_sdk_cloudtrail::types::ReadWriteType::WriteOnly)
        .build();
    ct.put_event_selectors()
        .trail_name(&b.trail)
        .event_selectors(write_only)
        .send()
        .await
        .expect("write-only selectors");
    audit.expect_new_failures("write-only management events", &[g("trail-multi-region")]);
    put_all_management_events(f, &b.trail).await;
    audit.expect_new_failures("all management events again", &[]);
    ct.stop_logging().name(&b.trail).send().await.expect("stop");
    audit.expect_new_failures("a trail that stopped logging", &[g("trail-multi-region")]);
    ct.update_trail()
        .name(&b.trail)
        .enable_log_file_validation(false)
        .send()
        .await
        .expect("no validation");
    audit.expect_new_failures("validation off", &[g("trail-log-file-validation")]);
    ct.update_trail()
        .name(&b.trail)
        .kms_key_id("")
        .send()
        .await
        .expect("no key");
    audit.expect_new_failures("SSE-S3 instead of KMS", &[g("trail-kms-encryption")]);

    let s3 = s3(&home);
    s3.put_bucket_logging()
        .bucket(&b.trail_bucket)
        .bucket_logging_status(aws_sdk_s3::types::BucketLoggingStatus::builder().build())
        .send()
        .await
        .expect("logging off");
    audit.expect_new_failures("access logging off", &[g("trail-bucket-access-logging")]);
    s3.delete_public_access_block()
        .bucket(&b.trail_bucket)
        .send()
        .await
        .expect("bucket block gone");
    audit.expect_new_failures(
        "the trail bucket unblocked (the account's block is partial)",
        &[g("trail-bucket-not-public")],
    );

    aws_sdk_ec2::Client::new(&other)
        .disable_ebs_encryption_by_default()
        .send()
        .await
        .expect("ebs off");
    audit.expect_new_failures(
        "EBS default off in one region",
        &[r("ebs-default-encryption", OTHER)],
    );

    let gd = aws_sdk_guardduty::Client::new(&other);
    let ids = gd.list_detectors().send().await.expect("detectors");
    gd.update_detector()
        .detector_id(ids.detector_ids()[0].clone())
        .enable(false)
        .send()
        .await
        .expect("detector off");
    audit.expect_new_failures("a disabled detector", &[r("guardduty", OTHER)]);

    aws_sdk_config::Client::new(&home)
        .stop_configuration_recorder()
        .configuration_recorder_name("default")
        .send()
        .await
        .expect("recorder stopped");
    audit.expect_new_failures("a stopped recorder", &[r("config-recorder", HOME)]);

    let config = aws_sdk_config::Client::new(&other);
    let live = config
        .describe_configuration_recorders()
        .send()
        .await
        .expect("recorders");
    let mut some = live.configuration_recorders()[0].clone();
    some.recording_group = Some(
        aws_sdk_config::types::RecordingGroup::builder()
            .all_supported(false)
            .include_global_resource_types(false)
            .resource_types(aws_sdk_config::types::ResourceType::Bucket)
            .build(),
    );
    config
        .put_configuration_recorder()
        .configuration_recorder(some)
        .send()
        .await
        .expect("recorder narrowed");
    audit.expect_new_failures(
        "a recorder of S3 buckets only",
        &[r("config-recorder", OTHER)],
    );

    aws_sdk_securityhub::Client::new(&other)
        .disable_security_hub()
        .send()
        .await
        .expect("hub off");
    audit.expect_new_failures("Security Hub off", &[r("security-hub", OTHER)]);

    aws_sdk_kms::Client::new(&other)
        .create_key()
        .send()
        .await
        .expect("a key without rotation");
    audit.expect_new_failures("a key without rotation", &[r("kms-key-rotation", OTHER)]);

    let logs = aws_sdk_cloudwatchlogs::Client::new(&home);
    logs.delete_metric_filter()
        .log_group_name(&b.log_group)
        .filter_name("rootAccountUsage")
        .send()
        .await
        .expect("filter gone");
    audit.expect_new_failures("a missing filter", &[g("rootAccountUsage")]);

    ct.update_trail()
        .name(&b.trail)
        .cloud_watch_logs_log_group_arn("")
        .cloud_watch_logs_role_arn("")
        .send()
        .await
        .expect("no log group");
    let mut gone: Vec<String> = CIS_ALARMS
        .iter()
        .filter(|s| s.name != "rootAccountUsage")
        .map(|s| g(s.name))
        .collect();
    gone.push(g("trail-cloudwatch-logs"));
    audit.expect_new_failures("a trail without a log group", &gone);
}

#[test]
fn credentials_of_another_account_are_refused_before_any_read() {
    let f = fresh_account(&endpoints().api);
    let other = Fresh {
        account: "210987654321".to_owned(),
        ..f
    };
    let s = scratch(&other);
    let calls = s.tmp.path().join("calls");
    let out = s
        .hydrate(&endpoints().api)
        .env("AWS_ACCESS_KEY_ID", &other.key)
        .env("AWS_SECRET_ACCESS_KEY", &other.secret)
        .env("AWS_SESSION_TOKEN", &other.token)
        .arg("--call-log")
        .arg(&calls)
        .arg("verify")
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(text(&out).contains("210987654321"), "{}", text(&out));
    let calls = std::fs::read_to_string(&calls).unwrap_or_default();
    let ops: Vec<&str> = calls.lines().collect();
    assert!(
        ops.iter().all(|l| l.contains("GetCallerIdentity")),
        "only the guard's call: {ops:?}"
    );
}
