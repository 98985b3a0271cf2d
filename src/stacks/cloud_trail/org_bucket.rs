//! `orgTrailBucket`: the log-archive account's bucket (and key) an organization trail writes
//! into. The bucket policy admits CloudTrail for the organization's prefix
//! (`AWSLogs/<organization id>/`) and the management account's (`AWSLogs/<management id>/`),
//! only for the one organization trail (`aws:SourceArn`), as AWS documents it; the bucket is
//! retained, versioned, encrypted, private, TLS-only, and changed by this account's admin role
//! alone, like the single-account trail bucket.

use schemars::JsonSchema;
use serde::Deserialize;

use super::build::trail_buckets;
use super::options::{CloudTrailOptions, TrailEncryption};
use super::policies::administered_by_account;
use crate::cfn::s3::{Bucket, BucketPolicy};
use crate::cfn::{sub, Expr, Handle, Output, Parameter, Template};
use crate::iam::{deny_insecure_transport, Condition, PolicyDocument, Principal, Statement};
use crate::regions::check_region;
use crate::stacks::guard::{bucket_and_objects, deny_bucket_tampering, AdminRole};
use crate::stacks::keys::retained_key;
use crate::stacks::option_checks::OptionError;

/// Render-time choices for `orgTrailBucket`. The organization and management account ids are
/// parameters (`OrganizationId`, `ManagementAccountId`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct OrgTrailBucketOptions {
    /// The organization trail's name: the management account's cloudTrail `trailName`.
    pub trail_name: String,
    /// The region the organization trail is created in (the management account's home region);
    /// absent: this stack's region.
    pub trail_region: Option<String>,
    /// Encryption of log files: a key of this account (`kms`, its ARN the KeyArn output, for the
    /// trail's `organization.kmsKeyArn`) or SSE-S3.
    pub encryption: TrailEncryption,
    /// Days before log files move to S3 Standard-IA.
    pub infrequent_access_after_days: u32,
    /// Days before log files move to S3 Glacier Flexible Retrieval.
    pub glacier_after_days: u32,
    /// Days before log files are deleted; absent: kept for ever.
    pub expire_after_days: Option<u32>,
    /// Record the bucket's access in a separate access-log bucket.
    pub access_logging: bool,
    /// The iamSetup admin role that alone may administer the buckets and the key (iamSetup's
    /// `path` and `namePrefix`).
    pub admin_role: AdminRole,
}

impl Default for OrgTrailBucketOptions {
    fn default() -> Self {
        let trail = CloudTrailOptions::default();
        OrgTrailBucketOptions {
            trail_name: trail.trail_name,
            trail_region: None,
            encryption: trail.encryption,
            infrequent_access_after_days: trail.infrequent_access_after_days,
            glacier_after_days: trail.glacier_after_days,
            expire_after_days: trail.expire_after_days,
            access_logging: trail.access_logging,
            admin_role: trail.admin_role,
        }
    }
}

impl OrgTrailBucketOptions {
    /// The same choices as cloudTrail's, checked by its rules.
    fn as_trail(&self) -> CloudTrailOptions {
        CloudTrailOptions {
            trail_name: self.trail_name.clone(),
            encryption: self.encryption,
            infrequent_access_after_days: self.infrequent_access_after_days,
            glacier_after_days: self.glacier_after_days,
            expire_after_days: self.expire_after_days,
            access_logging: self.access_logging,
            admin_role: self.admin_role.clone(),
            ..CloudTrailOptions::default()
        }
    }
}

/// The organization trail's ARN, in the management account.
fn org_trail_arn(o: &OrgTrailBucketOptions) -> Expr {
    let region = o.trail_region.as_deref().unwrap_or("${AWS::Region}");
    sub(format!(
        "arn:${{AWS::Partition}}:cloudtrail:{region}:${{ManagementAccountId}}:trail/{}",
        o.trail_name
    ))
}

/// CloudTrail, for the organization trail only.
fn for_the_org_trail(s: Statement, trail_arn: &Expr) -> Statement {
    s.principal(Principal::service("cloudtrail.amazonaws.com"))
        .when(Condition::new(
            "StringEquals",
            "aws:SourceArn",
            [trail_arn.clone()],
        ))
}

/// The key: CloudTrail encrypts the organization trail's log files; this account's IAM governs
/// the rest (readers decrypt through IAM, the key's Deny keeps other roles from tampering).
fn key_policy(trail_arn: &Expr) -> PolicyDocument {
    PolicyDocument::new([
        administered_by_account(),
        for_the_org_trail(
            Statement::allow(["kms:GenerateDataKey*"])
                .sid("CloudTrailEncryptsTheOrganizationTrailsLogs")
                .on_all(),
            trail_arn,
        )
        .when(Condition::new(
            "StringLike",
            "kms:EncryptionContext:aws:cloudtrail:arn",
            [sub(
                "arn:${AWS::Partition}:cloudtrail:*:${ManagementAccountId}:trail/*",
            )],
        )),
        for_the_org_trail(
            Statement::allow(["kms:DescribeKey"])
                .sid("CloudTrailDescribesKey")
                .on_all(),
            trail_arn,
        ),
    ])
}

/// The bucket policy AWS documents for an organization trail, plus TLS only and the Deny of
/// tampering to every role of this account but admin.
fn bucket_policy(bucket: &Handle<Bucket>, trail_arn: &Expr, admin: &AdminRole) -> PolicyDocument {
    let write = |sid: &str, prefix: &str| {
        for_the_org_trail(
            Statement::allow(["s3:PutObject"])
                .sid(sid)
                .on([sub(format!("{}/AWSLogs/{prefix}/*", bucket.arn_in_sub()))]),
            trail_arn,
        )
        .when(Condition::new(
            "StringEquals",
            "s3:x-amz-acl",
            ["bucket-owner-full-control"],
        ))
    };
    PolicyDocument::new([
        for_the_org_trail(
            Statement::allow(["s3:GetBucketAcl"])
                .sid("CloudTrailChecksBucketAcl")
                .on([bucket.arn()]),
            trail_arn,
        ),
        write(
            "CloudTrailWritesTheManagementAccountsLogs",
            "${ManagementAccountId}",
        ),
        write("CloudTrailWritesTheOrganizationsLogs", "${OrganizationId}"),
        deny_insecure_transport(&["s3:*"], bucket_and_objects(bucket)),
        deny_bucket_tampering(bucket, admin, []),
    ])
}

/// Builds the `orgTrailBucket` template.
pub fn build(o: &OrgTrailBucketOptions) -> Result<Template, OptionError> {
    o.as_trail().validate()?;
    if let Some(region) = &o.trail_region {
        check_region(region).map_err(|p| OptionError::new("trailRegion", p))?;
    }
    let mut t = Template::new(
        "hydrate orgTrailBucket: the log-archive account's retained, encrypted bucket of the organization trail",
    );
    t.parameter(
        "OrganizationId",
        Parameter::string()
            .description("the organization's id (aws organizations describe-organization)")
            .allowed_pattern(r"^o-[a-z0-9]{10,32}$", "must be an organization id: o-…"),
    );
    t.parameter(
        "ManagementAccountId",
        Parameter::string()
            .description("the management account, whose organization trail writes here")
            .allowed_pattern(r"^\d{12}$", "must be a 12-digit account id"),
    );
    let trail_arn = org_trail_arn(o);
    let key = (o.encryption == TrailEncryption::Kms).then(|| {
        retained_key(
            &mut t,
            "OrgTrailKey",
            &format!("{}-organization", o.trail_name),
            format!(
                "hydrate: encrypts the organization trail {}'s log files",
                o.trail_name
            ),
            key_policy(&trail_arn),
            &o.admin_role,
        )
    });
    let bucket = trail_buckets(&mut t, &o.as_trail(), key.as_ref()).trail_bucket;
    t.add(
        "TrailBucketPolicy",
        BucketPolicy {
            bucket: bucket.r#ref(),
            policy_document: bucket_policy(&bucket, &trail_arn, &o.admin_role),
        },
    );
    t.output(
        "BucketName",
        Output::new(bucket.r#ref())
            .description("the organization trail's bucket: the trail's organization.bucketName")
            .exported("BucketName"),
    );
    if let Some(key) = &key {
        t.output(
            "KeyArn",
            Output::new(key.arn())
                .description("the log files' key: the trail's organization.kmsKeyArn")
                .exported("KeyArn"),
        );
    }
    Ok(t)
}
