//! `configRecorder`: the region's AWS Config recorder (every supported resource type; the global
//! ones, IAM, in the home region only) and its delivery channel into a retained, versioned,
//! encrypted bucket of its own that only Config writes to.
//!
//! The recorder runs as AWS Config's service-linked role, which bootstrap creates once per
//! account: made here, it would collide between the regions' stacks.

use schemars::JsonSchema;
use serde::Deserialize;

use super::alert_path::{home_region, IN_HOME_REGION};
use super::guard::{bucket_and_objects, deny_bucket_tampering, AdminRole};
use super::option_checks::OptionError;
use crate::cfn::config::{
    ConfigurationRecorder, DeliveryChannel, DeliveryFrequency, RecordingGroup,
    SnapshotDeliveryProperties,
};
use crate::cfn::s3::{
    AbortIncompleteMultipartUpload, Bucket, BucketEncryption, BucketPolicy, LifecycleConfiguration,
    LifecycleRule, NoncurrentVersionTransition, OwnershipControls, PublicAccessBlockConfiguration,
    RuleStatus, StorageClass, VersioningConfiguration,
};
use crate::cfn::{account_id, if_, sub, Expr, Handle, Output, Resource, Template};
use crate::iam::{deny_insecure_transport, Condition, PolicyDocument, Principal, Statement};

/// How often Config delivers a snapshot of every recorded resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SnapshotFrequency {
    /// Every hour.
    OneHour,
    /// Every 3 hours.
    ThreeHours,
    /// Every 6 hours.
    SixHours,
    /// Every 12 hours.
    TwelveHours,
    /// Every 24 hours.
    TwentyFourHours,
}

impl From<SnapshotFrequency> for DeliveryFrequency {
    fn from(frequency: SnapshotFrequency) -> Self {
        match frequency {
            SnapshotFrequency::OneHour => DeliveryFrequency::OneHour,
            SnapshotFrequency::ThreeHours => DeliveryFrequency::ThreeHours,
            SnapshotFrequency::SixHours => DeliveryFrequency::SixHours,
            SnapshotFrequency::TwelveHours => DeliveryFrequency::TwelveHours,
            SnapshotFrequency::TwentyFourHours => DeliveryFrequency::TwentyFourHours,
        }
    }
}

/// Render-time choices for `configRecorder`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ConfigRecorderOptions {
    /// The name of the recorder and of its delivery channel (a region has one of each: an
    /// account that already records there must remove its own first).
    pub name: String,
    /// How often a snapshot of every recorded resource is delivered.
    pub snapshot_frequency: SnapshotFrequency,
    /// The iamSetup admin role that alone may administer the configuration bucket (iamSetup's
    /// `path` and `namePrefix`).
    pub admin_role: AdminRole,
}

impl Default for ConfigRecorderOptions {
    fn default() -> Self {
        ConfigRecorderOptions {
            name: "hydrate".to_owned(),
            snapshot_frequency: SnapshotFrequency::TwentyFourHours,
            admin_role: AdminRole::default(),
        }
    }
}

/// AWS Config's service-linked role, which bootstrap creates.
fn service_linked_role() -> Expr {
    sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig")
}

/// Config, for this account only.
fn config_in_this_account(s: Statement) -> Statement {
    s.principal(Principal::service("config.amazonaws.com"))
        .when(Condition::new(
            "StringEquals",
            "aws:SourceAccount",
            [account_id()],
        ))
}

/// The bucket's policy: Config checks the bucket and writes this account's prefix; nothing
/// without TLS; no role but admin (and Config's own) changes the bucket or its objects.
fn bucket_policy(bucket: &Handle<Bucket>, admin: &AdminRole) -> PolicyDocument {
    PolicyDocument::new([
        config_in_this_account(
            Statement::allow(["s3:GetBucketAcl", "s3:ListBucket"])
                .sid("ConfigChecksTheBucket")
                .on([bucket.arn()]),
        ),
        config_in_this_account(
            Statement::allow(["s3:PutObject"])
                .sid("ConfigWritesThisAccountsPrefix")
                .on([sub(format!(
                    "{}/AWSLogs/${{AWS::AccountId}}/Config/*",
                    bucket.arn_in_sub()
                ))])
                .when(Condition::new(
                    "StringEquals",
                    "s3:x-amz-acl",
                    ["bucket-owner-full-control"],
                )),
        ),
        deny_insecure_transport(&["s3:*"], bucket_and_objects(bucket)),
        deny_bucket_tampering(bucket, admin, [service_linked_role()]),
    ])
}

/// Builds the `configRecorder` template.
pub fn build(o: &ConfigRecorderOptions) -> Result<Template, OptionError> {
    o.admin_role.validate()?;
    let name_ok = !o.name.is_empty()
        && o.name.len() <= 256
        && o.name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if !name_ok {
        return Err(OptionError::new(
            "name",
            format!(
                "`{}` is not a recorder name; use letters, digits, `.`, `_` or `-`",
                o.name
            ),
        ));
    }
    let mut t = Template::new(
        "hydrate configRecorder: the region's AWS Config recorder and its retained, encrypted bucket",
    );
    home_region(&mut t, "where global resource types (IAM) are recorded");
    let bucket = t.add(
        "ConfigBucket",
        Resource::new(Bucket {
            bucket_encryption: Some(BucketEncryption::s3_managed()),
            versioning_configuration: Some(VersioningConfiguration::enabled()),
            public_access_block_configuration: Some(PublicAccessBlockConfiguration::all()),
            ownership_controls: Some(OwnershipControls::bucket_owner_enforced()),
            lifecycle_configuration: Some(LifecycleConfiguration {
                rules: vec![LifecycleRule {
                    id: "ArchiveOldVersions".to_owned(),
                    status: RuleStatus::Enabled,
                    transitions: Vec::new(),
                    noncurrent_version_transitions: vec![NoncurrentVersionTransition {
                        storage_class: StorageClass::Glacier,
                        transition_in_days: 30,
                    }],
                    expiration_in_days: None,
                    abort_incomplete_multipart_upload: Some(AbortIncompleteMultipartUpload {
                        days_after_initiation: 7,
                    }),
                }],
            }),
            ..Bucket::default()
        })
        .retain()
        .skip_checkov(
            "CKV_AWS_18",
            "only AWS Config writes here and the trail records the bucket's API calls; an access-log bucket per region would hold nothing else",
        ),
    );
    let policy = t.add(
        "ConfigBucketPolicy",
        BucketPolicy {
            bucket: bucket.r#ref(),
            policy_document: bucket_policy(&bucket, &o.admin_role),
        },
    );
    let recorder = t.add(
        "Recorder",
        ConfigurationRecorder {
            name: Some(o.name.clone()),
            role_arn: service_linked_role(),
            recording_group: RecordingGroup {
                all_supported: true,
                include_global_resource_types: if_(
                    IN_HOME_REGION,
                    Expr::Bool(true),
                    Expr::Bool(false),
                ),
            },
        },
    );
    t.add(
        "DeliveryChannel",
        Resource::new(DeliveryChannel {
            name: Some(o.name.clone()),
            s3_bucket_name: bucket.r#ref(),
            config_snapshot_delivery_properties: Some(SnapshotDeliveryProperties {
                delivery_frequency: o.snapshot_frequency.into(),
            }),
        })
        .depends_on(&recorder)
        .depends_on(&policy),
    );
    t.output(
        "RecorderName",
        Output::new(recorder.r#ref()).description("the configuration recorder"),
    );
    t.output(
        "BucketName",
        Output::new(bucket.r#ref())
            .description("bucket holding the recorder's history and snapshots")
            .exported("BucketName"),
    );
    Ok(t)
}
