//! Builds the `cloudTrail` template: the key, the audit buckets, the log group and the trail.

use super::options::{CloudTrailOptions, TrailEncryption};
use super::policies::{
    access_log_bucket_policy, log_group_key_policy, log_writer_policy, log_writer_trust,
    trail_bucket_policy, trail_key_policy,
};
use super::selectors::selectors;
use crate::cfn::cloudtrail::Trail;
use crate::cfn::iam::Role;
use crate::cfn::kms::Key;
use crate::cfn::logs::LogGroup;
use crate::cfn::s3::{
    AbortIncompleteMultipartUpload, Bucket, BucketEncryption, BucketPolicy, LifecycleConfiguration,
    LifecycleRule, LoggingConfiguration, NoncurrentVersionTransition, OwnershipControls,
    PublicAccessBlockConfiguration, RuleStatus, StorageClass, Transition, VersioningConfiguration,
};
use crate::cfn::{sub, Expr, Handle, Output, Resource, Template};
use crate::stacks::keys::retained_key;
use crate::stacks::option_checks::OptionError;

/// The secured bucket every audit bucket starts from: versioned, private, owner-enforced, retained.
fn audit_bucket(encryption: BucketEncryption, lifecycle: LifecycleRule) -> Bucket {
    Bucket {
        bucket_encryption: Some(encryption),
        versioning_configuration: Some(VersioningConfiguration::enabled()),
        public_access_block_configuration: Some(PublicAccessBlockConfiguration::all()),
        ownership_controls: Some(OwnershipControls::bucket_owner_enforced()),
        lifecycle_configuration: Some(LifecycleConfiguration {
            rules: vec![lifecycle],
        }),
        ..Bucket::default()
    }
}

fn archive_rule(o: &CloudTrailOptions) -> LifecycleRule {
    LifecycleRule {
        id: "ArchiveOldLogs".to_owned(),
        status: RuleStatus::Enabled,
        transitions: vec![
            Transition {
                storage_class: StorageClass::StandardIa,
                transition_in_days: o.infrequent_access_after_days,
            },
            Transition {
                storage_class: StorageClass::Glacier,
                transition_in_days: o.glacier_after_days,
            },
        ],
        noncurrent_version_transitions: vec![NoncurrentVersionTransition {
            storage_class: StorageClass::Glacier,
            transition_in_days: 30,
        }],
        expiration_in_days: o.expire_after_days,
        abort_incomplete_multipart_upload: Some(AbortIncompleteMultipartUpload {
            days_after_initiation: 7,
        }),
    }
}

/// A trail bucket and, with `accessLogging`, the access-log bucket it logs into (with that
/// bucket's policy): both retained, the trail bucket encrypted with `key` (else SSE-S3).
pub(super) struct TrailBuckets {
    /// The bucket CloudTrail writes into.
    pub(super) trail_bucket: Handle<Bucket>,
    /// Where its server access logs go.
    pub(super) access_logs: Option<Handle<Bucket>>,
}

/// Adds the [`TrailBuckets`]; the trail bucket's own policy is the caller's (one trail or the
/// organization's).
pub(super) fn trail_buckets(
    t: &mut Template,
    o: &CloudTrailOptions,
    key: Option<&Handle<Key>>,
) -> TrailBuckets {
    let access_logs = o.access_logging.then(|| {
        t.add(
            "AccessLogBucket",
            // Server access logs can only be delivered to SSE-S3 buckets.
            Resource::new(audit_bucket(
                BucketEncryption::s3_managed(),
                archive_rule(o),
            ))
            .retain()
            .skip_checkov(
                "CKV_AWS_18",
                "this is the access-log bucket; logging it into itself would loop",
            ),
        )
    });
    let trail_bucket = t.add(
        "TrailBucket",
        Resource::new(Bucket {
            logging_configuration: access_logs.as_ref().map(|logs| LoggingConfiguration {
                destination_bucket_name: logs.r#ref(),
                log_file_prefix: Some("trail-bucket/".to_owned()),
            }),
            ..audit_bucket(
                match key {
                    Some(key) => BucketEncryption::kms(key.arn()),
                    None => BucketEncryption::s3_managed(),
                },
                archive_rule(o),
            )
        })
        .retain(),
    );
    if let Some(logs) = &access_logs {
        t.add(
            "AccessLogBucketPolicy",
            BucketPolicy {
                bucket: logs.r#ref(),
                policy_document: access_log_bucket_policy(logs, &trail_bucket, &o.admin_role),
            },
        );
    }
    TrailBuckets {
        trail_bucket,
        access_logs,
    }
}

/// Builds the `cloudTrail` template.
pub fn build(o: &CloudTrailOptions) -> Result<Template, OptionError> {
    o.validate()?;
    let mut t = Template::new(
        "hydrate cloudTrail: multi-region trail of all management events into a retained, encrypted bucket and log group",
    );
    let trail_arn = sub(format!(
        "arn:${{AWS::Partition}}:cloudtrail:${{AWS::Region}}:${{AWS::AccountId}}:trail/{}",
        o.trail_name
    ));
    let log_group_arn = sub(format!(
        "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{}",
        o.log_group_name
    ));

    // An organization trail writes into the log-archive account's bucket with its key
    // (`orgTrailBucket`); only the log group and its key stay in this account.
    let org = o.organization.as_ref();
    let key = (o.encryption == TrailEncryption::Kms && org.is_none()).then(|| {
        retained_key(
            &mut t,
            "TrailKey",
            &o.trail_name,
            format!("hydrate: encrypts CloudTrail log files of {}", o.trail_name),
            trail_key_policy(&trail_arn),
            &o.admin_role,
        )
    });
    let log_key = (o.encryption == TrailEncryption::Kms).then(|| {
        retained_key(
            &mut t,
            "TrailLogGroupKey",
            &format!("{}-logs", o.trail_name),
            format!("hydrate: encrypts the log group of {}", o.trail_name),
            log_group_key_policy(&log_group_arn),
            &o.admin_role,
        )
    });
    let (local, bucket_name) = match org {
        None => {
            let buckets = trail_buckets(&mut t, o, key.as_ref());
            let policy = t.add(
                "TrailBucketPolicy",
                BucketPolicy {
                    bucket: buckets.trail_bucket.r#ref(),
                    policy_document: trail_bucket_policy(
                        &buckets.trail_bucket,
                        &trail_arn,
                        &o.admin_role,
                    ),
                },
            );
            let name = buckets.trail_bucket.r#ref();
            (Some((buckets, policy)), name)
        }
        Some(g) => (None, Expr::from(g.bucket_name.as_str())),
    };

    let mut log_group = Resource::new(LogGroup {
        log_group_name: Some(o.log_group_name.as_str().into()),
        retention_in_days: Some(o.log_retention_days.into()),
        kms_key_id: log_key.as_ref().map(Handle::arn),
    })
    .retain();
    if log_key.is_none() {
        log_group = log_group.skip_checkov(
            "CKV_AWS_158",
            "encryption is s3Managed by choice: CloudWatch Logs encrypts the group with its own keys",
        );
    }
    let log_group = t.add("TrailLogGroup", log_group);
    let writer = t.add(
        "TrailLogsRole",
        Role {
            description: Some(
                "CloudTrail delivers this trail's events to its log group".to_owned(),
            ),
            policies: vec![log_writer_policy(&log_group)],
            ..Role::trusting(log_writer_trust(&trail_arn))
        },
    );
    let own_buckets: Vec<&Handle<Bucket>> = local
        .iter()
        .flat_map(|(b, _)| std::iter::once(&b.trail_bucket).chain(b.access_logs.iter()))
        .collect();
    let (event_selectors, advanced_event_selectors) =
        selectors(o.s3_data_events.as_ref(), &own_buckets);
    let mut trail = Resource::new(Trail {
        trail_name: Some(o.trail_name.clone()),
        is_logging: true,
        s3_bucket_name: bucket_name.clone(),
        kms_key_id: key
            .as_ref()
            .map(Handle::arn)
            .or_else(|| org.and_then(|g| g.kms_key_arn.as_deref().map(Expr::from))),
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        is_organization_trail: org.is_some(),
        cloud_watch_logs_log_group_arn: Some(log_group.arn()),
        cloud_watch_logs_role_arn: Some(writer.arn()),
        event_selectors,
        advanced_event_selectors,
    });
    if let Some((_, policy)) = &local {
        trail = trail.depends_on(policy);
    }
    let trail = t.add("Trail", trail);

    t.output(
        "BucketName",
        Output::new(bucket_name)
            .description("bucket holding the trail's log files")
            .exported("BucketName"),
    );
    t.output(
        "LogGroupName",
        Output::new(log_group.r#ref())
            .description("log group the CIS alarms' metric filters read")
            .exported("LogGroupName"),
    );
    t.output(
        "LogGroupArn",
        Output::new(log_group.arn())
            .description("ARN of the trail's log group")
            .exported("LogGroupArn"),
    );
    t.output(
        "TrailArn",
        Output::new(trail.arn())
            .description("ARN of the trail")
            .exported("TrailArn"),
    );
    if let Some(key) = &key {
        t.output(
            "KeyArn",
            Output::new(key.arn())
                .description("KMS key of the trail's log files")
                .exported("KeyArn"),
        );
    }
    if let Some(key) = &log_key {
        t.output(
            "LogGroupKeyArn",
            Output::new(key.arn())
                .description("KMS key of the trail's log group")
                .exported("LogGroupKeyArn"),
        );
    }
    Ok(t)
}
