//! `cloudTrail`: a multi-region trail of every management event (reads too: root sign-ins are
//! reads) into a protected, retained bucket and a retained CloudWatch Logs group that the alarms read.

use schemars::JsonSchema;
use serde::Deserialize;

use super::keys::retained_key;
use super::option_checks::{check_range, OptionError};
use crate::cfn::cloudtrail::{EventSelector, ReadWriteType, Trail};
use crate::cfn::iam::{InlinePolicy, Role};
use crate::cfn::logs::LogGroup;
use crate::cfn::s3::{
    AbortIncompleteMultipartUpload, Bucket, BucketEncryption, BucketPolicy, LifecycleConfiguration,
    LifecycleRule, LoggingConfiguration, NoncurrentVersionTransition, OwnershipControls,
    PublicAccessBlockConfiguration, RuleStatus, StorageClass, Transition, VersioningConfiguration,
};
use crate::cfn::{sub, Expr, Handle, Output, Resource, Template};
use crate::iam::{deny_insecure_transport, Condition, PolicyDocument, Principal, Statement};

/// How the trail's log files are encrypted at rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum TrailEncryption {
    /// A customer-managed KMS key this stack creates (also encrypts the log group).
    Kms,
    /// S3-managed keys (SSE-S3); the log group uses CloudWatch Logs' own encryption.
    S3Managed,
}

/// Render-time choices for `cloudTrail`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CloudTrailOptions {
    /// The trail's name.
    pub trail_name: String,
    /// Name of the CloudWatch Logs group the alarms read.
    pub log_group_name: String,
    /// Days the log group keeps events; one of the values CloudWatch Logs accepts.
    pub log_retention_days: u32,
    /// Encryption of log files (and of the log group, with `kms`).
    pub encryption: TrailEncryption,
    /// Days before log files move to S3 Standard-IA.
    pub infrequent_access_after_days: u32,
    /// Days before log files move to S3 Glacier Flexible Retrieval.
    pub glacier_after_days: u32,
    /// Days before log files are deleted; absent: kept for ever.
    pub expire_after_days: Option<u32>,
    /// Record the trail bucket's access in a separate access-log bucket.
    pub access_logging: bool,
}

impl Default for CloudTrailOptions {
    fn default() -> Self {
        CloudTrailOptions {
            trail_name: "hydrate-management-events".to_owned(),
            log_group_name: "/hydrate/cloudtrail".to_owned(),
            log_retention_days: 365,
            encryption: TrailEncryption::Kms,
            infrequent_access_after_days: 90,
            glacier_after_days: 365,
            expire_after_days: None,
            access_logging: true,
        }
    }
}

/// The retention periods CloudWatch Logs accepts.
pub const RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

impl CloudTrailOptions {
    /// Checks every option; the first problem is returned with its fix.
    pub fn validate(&self) -> Result<(), OptionError> {
        let name_ok = |s: &str, extra: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
        };
        if !name_ok(&self.trail_name, "._-") || self.trail_name.len() > 128 {
            return Err(OptionError::new(
                "trailName",
                format!(
                    "`{}` is not a trail name; use up to 128 letters, digits, `.`, `_` or `-`",
                    self.trail_name
                ),
            ));
        }
        if !name_ok(&self.log_group_name, "._-/#") || self.log_group_name.len() > 512 {
            return Err(OptionError::new(
                "logGroupName",
                format!(
                    "`{}` is not a log group name; use letters, digits and `._-/#`, e.g. `/hydrate/cloudtrail`",
                    self.log_group_name
                ),
            ));
        }
        if !RETENTION_DAYS.contains(&self.log_retention_days) {
            return Err(OptionError::new(
                "logRetentionDays",
                format!(
                    "{} is not a retention CloudWatch Logs accepts; use one of {RETENTION_DAYS:?}",
                    self.log_retention_days
                ),
            ));
        }
        check_range(
            "infrequentAccessAfterDays",
            self.infrequent_access_after_days,
            30,
            36_500,
            "days",
        )?;
        if self.glacier_after_days < self.infrequent_access_after_days + 30 {
            return Err(OptionError::new(
                "glacierAfterDays",
                format!(
                    "{} must be at least 30 days after infrequentAccessAfterDays ({}); S3 refuses earlier moves",
                    self.glacier_after_days, self.infrequent_access_after_days
                ),
            ));
        }
        if let Some(expire) = self.expire_after_days {
            if expire <= self.glacier_after_days {
                return Err(OptionError::new(
                    "expireAfterDays",
                    format!(
                        "{expire} must come after glacierAfterDays ({})",
                        self.glacier_after_days
                    ),
                ));
            }
        }
        Ok(())
    }
}

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

fn bucket_and_objects(bucket: &Handle<Bucket>) -> [Expr; 2] {
    [bucket.arn(), sub(format!("{}/*", bucket.arn_in_sub()))]
}

/// The KMS key of the trail: CloudTrail encrypts log files for this trail only; CloudWatch Logs
/// encrypts this log group only; the account's IAM policies govern everything else.
fn trail_key_policy(trail_arn: &Expr, log_group_arn: &Expr) -> PolicyDocument {
    PolicyDocument::new([
        Statement::allow(["kms:*"])
            .sid("AccountAdministersKeyThroughIam")
            .principal(Principal::this_account())
            .on_all(),
        Statement::allow(["kms:GenerateDataKey*"])
            .sid("CloudTrailEncryptsThisTrailsLogs")
            .principal(Principal::service("cloudtrail.amazonaws.com"))
            .on_all()
            .when(Condition::new(
                "StringEquals",
                "aws:SourceArn",
                [trail_arn.clone()],
            ))
            .when(Condition::new(
                "StringLike",
                "kms:EncryptionContext:aws:cloudtrail:arn",
                [sub(
                    "arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*",
                )],
            )),
        Statement::allow(["kms:DescribeKey"])
            .sid("CloudTrailDescribesKey")
            .principal(Principal::service("cloudtrail.amazonaws.com"))
            .on_all()
            .when(Condition::new(
                "StringEquals",
                "aws:SourceArn",
                [trail_arn.clone()],
            )),
        Statement::allow([
            "kms:Decrypt*",
            "kms:Describe*",
            "kms:Encrypt*",
            "kms:GenerateDataKey*",
            "kms:ReEncrypt*",
        ])
        .sid("CloudWatchLogsEncryptsThisLogGroup")
        .principal(Principal::service(sub("logs.${AWS::Region}.amazonaws.com")))
        .on_all()
        .when(Condition::new(
            "ArnEquals",
            "kms:EncryptionContext:aws:logs:arn",
            [log_group_arn.clone()],
        )),
    ])
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

    let key = match o.encryption {
        TrailEncryption::Kms => Some(retained_key(
            &mut t,
            "TrailKey",
            &o.trail_name,
            format!("hydrate: encrypts CloudTrail logs of {}", o.trail_name),
            trail_key_policy(&trail_arn, &log_group_arn),
        )),
        TrailEncryption::S3Managed => None,
    };

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
                match &key {
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
                policy_document: PolicyDocument::new([
                    Statement::allow(["s3:PutObject"])
                        .sid("S3WritesAccessLogsOfTheTrailBucket")
                        .principal(Principal::service("logging.s3.amazonaws.com"))
                        .on([sub(format!("{}/trail-bucket/*", logs.arn_in_sub()))])
                        .when(Condition::new(
                            "ArnLike",
                            "aws:SourceArn",
                            [trail_bucket.arn()],
                        ))
                        .when(Condition::new(
                            "StringEquals",
                            "aws:SourceAccount",
                            [crate::cfn::account_id()],
                        )),
                    deny_insecure_transport(&["s3:*"], bucket_and_objects(logs)),
                ]),
            },
        );
    }
    let bucket_policy = t.add(
        "TrailBucketPolicy",
        BucketPolicy {
            bucket: trail_bucket.r#ref(),
            policy_document: PolicyDocument::new([
                Statement::allow(["s3:GetBucketAcl"])
                    .sid("CloudTrailChecksBucketAcl")
                    .principal(Principal::service("cloudtrail.amazonaws.com"))
                    .on([trail_bucket.arn()])
                    .when(Condition::new(
                        "StringEquals",
                        "aws:SourceArn",
                        [trail_arn.clone()],
                    )),
                Statement::allow(["s3:PutObject"])
                    .sid("CloudTrailWritesThisAccountsLogs")
                    .principal(Principal::service("cloudtrail.amazonaws.com"))
                    .on([sub(format!(
                        "{}/AWSLogs/${{AWS::AccountId}}/*",
                        trail_bucket.arn_in_sub()
                    ))])
                    .when(Condition::new(
                        "StringEquals",
                        "s3:x-amz-acl",
                        ["bucket-owner-full-control"],
                    ))
                    .when(Condition::new(
                        "StringEquals",
                        "aws:SourceArn",
                        [trail_arn.clone()],
                    ))
                    .when(Condition::new(
                        "StringEquals",
                        "aws:SourceAccount",
                        [crate::cfn::account_id()],
                    )),
                deny_insecure_transport(&["s3:*"], bucket_and_objects(&trail_bucket)),
            ]),
        },
    );

    let mut log_group = Resource::new(LogGroup {
        log_group_name: Some(o.log_group_name.as_str().into()),
        retention_in_days: Some(o.log_retention_days.into()),
        kms_key_id: key.as_ref().map(Handle::arn),
    })
    .retain();
    if key.is_none() {
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
            policies: vec![InlinePolicy {
                policy_name: "write-trail-log-group".to_owned(),
                policy_document: PolicyDocument::new([Statement::allow([
                    "logs:CreateLogStream",
                    "logs:PutLogEvents",
                ])
                .sid("WriteThisLogGroupOnly")
                .on([log_group.arn()])]),
            }],
            ..Role::trusting(PolicyDocument::new([Statement::allow(["sts:AssumeRole"])
                .sid("CloudTrailForThisTrail")
                .principal(Principal::service("cloudtrail.amazonaws.com"))
                .when(Condition::new(
                    "StringEquals",
                    "aws:SourceArn",
                    [trail_arn.clone()],
                ))]))
        },
    );
    let trail = t.add(
        "Trail",
        Resource::new(Trail {
            trail_name: Some(o.trail_name.clone()),
            is_logging: true,
            s3_bucket_name: trail_bucket.r#ref(),
            kms_key_id: key.as_ref().map(Handle::arn),
            is_multi_region_trail: true,
            include_global_service_events: true,
            enable_log_file_validation: true,
            cloud_watch_logs_log_group_arn: Some(log_group.arn()),
            cloud_watch_logs_role_arn: Some(writer.arn()),
            // Read events too: console sign-ins, root sign-ins among them, are reads.
            event_selectors: vec![EventSelector {
                include_management_events: true,
                read_write_type: ReadWriteType::All,
            }],
        })
        .depends_on(&bucket_policy),
    );

    t.output(
        "BucketName",
        Output::new(trail_bucket.r#ref())
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
                .description("KMS key of the trail's logs")
                .exported("KeyArn"),
        );
    }
    Ok(t)
}
