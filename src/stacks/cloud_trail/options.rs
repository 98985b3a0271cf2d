//! The options of `cloudTrail` and their validation.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::stacks::guard::AdminRole;
use crate::stacks::option_checks::{check_range, OptionError};

/// How the trail's log files are encrypted at rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum TrailEncryption {
    /// A customer-managed KMS key this stack creates (also encrypts the log group).
    Kms,
    /// S3-managed keys (SSE-S3); the log group uses CloudWatch Logs' own encryption.
    S3Managed,
}

/// Which object-level S3 calls the trail records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum DataEventKind {
    /// Reads only (`GetObject`, …).
    Read,
    /// Writes only (`PutObject`, `DeleteObject`, …).
    Write,
    /// Reads and writes.
    All,
}

/// S3 object-level data events (CIS Level 2): CloudTrail charges per event recorded.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct S3DataEvents {
    /// Which calls are recorded.
    pub events: DataEventKind,
    /// Names of the buckets whose objects are recorded; empty: every bucket but the trail's own
    /// (recording the writes of its own log files would never end).
    #[serde(default)]
    pub buckets: Vec<String>,
}

/// An organization trail's destination: the log-archive account's `orgTrailBucket` stack.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrganizationTrail {
    /// The log-archive account's trail bucket (its `orgTrailBucket` stack's BucketName output).
    pub bucket_name: String,
    /// The log-archive account's key of the log files (its `orgTrailBucket` stack's KeyArn
    /// output); required with `encryption: kms`.
    #[serde(default)]
    pub kms_key_arn: Option<String>,
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
    /// Also record S3 object-level calls; absent: management events only.
    pub s3_data_events: Option<S3DataEvents>,
    /// An organization trail (IsOrganizationTrail) of every account into the log-archive
    /// account's bucket, for the management account only; absent: this account's own trail into a
    /// bucket of its own. The bucket's lifecycle and access logging are then `orgTrailBucket`'s.
    pub organization: Option<OrganizationTrail>,
    /// The iamSetup admin role that alone may administer the buckets and keys (iamSetup's `path`
    /// and `namePrefix`).
    pub admin_role: AdminRole,
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
            s3_data_events: None,
            organization: None,
            admin_role: AdminRole::default(),
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
        self.admin_role.validate()?;
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
        for bucket in self.s3_data_events.iter().flat_map(|d| &d.buckets) {
            check_bucket_name(bucket)?;
        }
        if let Some(org) = &self.organization {
            check_org_destination(org, self)?;
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

/// An organization trail's bucket and key, checked against the trail's encryption.
fn check_org_destination(
    org: &OrganizationTrail,
    o: &CloudTrailOptions,
) -> Result<(), OptionError> {
    check_bucket_name(&org.bucket_name)
        .map_err(|e| OptionError::new("organization", format!("bucketName: {}", e.problem)))?;
    match (&org.kms_key_arn, o.encryption) {
        (None, TrailEncryption::Kms) => Err(OptionError::new(
            "organization",
            "kmsKeyArn: encryption is kms, so the log files need the log-archive account's key; write its orgTrailBucket stack's KeyArn output, or set encryption to s3Managed (the bucket's own SSE-S3)",
        )),
        (Some(arn), _) if !(arn.starts_with("arn:") && arn.contains(":kms:") && arn.contains(":key/")) => Err(OptionError::new(
            "organization",
            format!("kmsKeyArn: `{arn}` is not a KMS key ARN; write the orgTrailBucket stack's KeyArn output (arn:aws:kms:<region>:<log-archive account>:key/<id>)"),
        )),
        _ if o.s3_data_events.is_some() => Err(OptionError::new(
            "organization",
            "s3DataEvents are not offered with an organization trail (every member's data events would be charged to the management account); remove one of the two",
        )),
        _ => Ok(()),
    }
}

/// A bucket name S3 accepts: 3 to 63 lowercase letters, digits, `.` and `-`, a letter or digit at
/// both ends.
pub(super) fn check_bucket_name(name: &str) -> Result<(), OptionError> {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let ok = (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edge(name.chars().next())
        && edge(name.chars().last());
    if ok {
        return Ok(());
    }
    Err(OptionError::new(
        "s3DataEvents",
        format!(
            "`{name}` is not a bucket name; use 3 to 63 lowercase letters, digits, `.` or `-`, e.g. `acme-data`"
        ),
    ))
}
