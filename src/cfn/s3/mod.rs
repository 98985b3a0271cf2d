//! `AWS::S3::*` resources: buckets and bucket policies.

use serde::Serialize;

use super::get_att::HasArn;
use super::iam::Tag;
use super::resource::{Handle, ResourceType};
use crate::expr::Expr;
use crate::iam::PolicyDocument;

mod lifecycle;

pub use lifecycle::{
    AbortIncompleteMultipartUpload, LifecycleConfiguration, LifecycleRule,
    NoncurrentVersionTransition, RuleStatus, StorageClass, Transition,
};

/// `AWS::S3::Bucket`
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Bucket {
    /// Globally unique name; left out, CloudFormation generates one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_name: Option<Expr>,
    /// Default encryption of new objects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_encryption: Option<BucketEncryption>,
    /// Object versioning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versioning_configuration: Option<VersioningConfiguration>,
    /// The four public-access-block flags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_access_block_configuration: Option<PublicAccessBlockConfiguration>,
    /// Who owns uploaded objects; `BucketOwnerEnforced` disables ACLs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ownership_controls: Option<OwnershipControls>,
    /// Transitions and expirations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifecycle_configuration: Option<LifecycleConfiguration>,
    /// Server access logging.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging_configuration: Option<LoggingConfiguration>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceType for Bucket {
    const TYPE: &'static str = "AWS::S3::Bucket";
}

impl HasArn for Bucket {}

impl Handle<Bucket> {
    /// `Fn::GetAtt` `DomainName`: the bucket's IPv4 DNS name, `<name>.s3.amazonaws.com`.
    pub fn domain_name(&self) -> Expr {
        self.attribute("DomainName")
    }

    /// `Fn::GetAtt` `RegionalDomainName`: `<name>.s3.<region>.amazonaws.com`.
    pub fn regional_domain_name(&self) -> Expr {
        self.attribute("RegionalDomainName")
    }
}

/// Default encryption of a bucket.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketEncryption {
    /// One rule.
    pub server_side_encryption_configuration: Vec<EncryptionRule>,
}

/// One default-encryption rule.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EncryptionRule {
    /// The algorithm and key.
    pub server_side_encryption_by_default: EncryptionDefault,
    /// S3 Bucket Keys cut KMS requests (and cost) for SSE-KMS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_key_enabled: Option<bool>,
}

/// The algorithm and key of default encryption.
#[derive(Debug, Clone, Serialize)]
pub struct EncryptionDefault {
    /// The algorithm.
    #[serde(rename = "SSEAlgorithm")]
    pub sse_algorithm: SseAlgorithm,
    /// The KMS key, for `aws:kms`.
    #[serde(rename = "KMSMasterKeyID", skip_serializing_if = "Option::is_none")]
    pub kms_master_key_id: Option<Expr>,
}

impl BucketEncryption {
    /// SSE-S3 (`AES256`).
    pub fn s3_managed() -> Self {
        Self::rule(SseAlgorithm::Aes256, None)
    }

    /// SSE-KMS under a customer-managed key, with a bucket key.
    pub fn kms(key_arn: Expr) -> Self {
        Self::rule(SseAlgorithm::AwsKms, Some(key_arn))
    }

    fn rule(algorithm: SseAlgorithm, key: Option<Expr>) -> Self {
        let bucket_key = key.is_some().then_some(true);
        BucketEncryption {
            server_side_encryption_configuration: vec![EncryptionRule {
                server_side_encryption_by_default: EncryptionDefault {
                    sse_algorithm: algorithm,
                    kms_master_key_id: key,
                },
                bucket_key_enabled: bucket_key,
            }],
        }
    }
}

/// The algorithm of default encryption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SseAlgorithm {
    /// SSE-S3: keys S3 manages.
    #[serde(rename = "AES256")]
    Aes256,
    /// SSE-KMS: a KMS key.
    #[serde(rename = "aws:kms")]
    AwsKms,
    /// DSSE-KMS: two layers of encryption under a KMS key.
    #[serde(rename = "aws:kms:dsse")]
    AwsKmsDsse,
}

/// Object versioning.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VersioningConfiguration {
    /// On or paused.
    pub status: VersioningStatus,
}

/// Whether versioning is on; once enabled, it can only be suspended, never removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum VersioningStatus {
    /// New versions are kept.
    Enabled,
    /// New writes overwrite; existing versions stay.
    Suspended,
}

impl VersioningConfiguration {
    /// Versioning on.
    pub fn enabled() -> Self {
        VersioningConfiguration {
            status: VersioningStatus::Enabled,
        }
    }
}

/// The public-access-block flags.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublicAccessBlockConfiguration {
    /// Refuse public ACLs.
    pub block_public_acls: bool,
    /// Refuse public bucket policies.
    pub block_public_policy: bool,
    /// Ignore existing public ACLs.
    pub ignore_public_acls: bool,
    /// Restrict access under a public policy to AWS services and this account.
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlockConfiguration {
    /// All four flags on.
    pub fn all() -> Self {
        PublicAccessBlockConfiguration {
            block_public_acls: true,
            block_public_policy: true,
            ignore_public_acls: true,
            restrict_public_buckets: true,
        }
    }
}

/// Object ownership.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OwnershipControls {
    /// One rule.
    pub rules: Vec<OwnershipRule>,
}

/// One ownership rule.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OwnershipRule {
    /// Who owns uploaded objects.
    pub object_ownership: ObjectOwnership,
}

/// Who owns the objects uploaded to a bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ObjectOwnership {
    /// The bucket owner, always; ACLs are disabled.
    BucketOwnerEnforced,
    /// The bucket owner, if the uploader grants `bucket-owner-full-control`.
    BucketOwnerPreferred,
    /// The uploading account.
    ObjectWriter,
}

impl OwnershipControls {
    /// The bucket owner owns every object; ACLs are disabled.
    pub fn bucket_owner_enforced() -> Self {
        OwnershipControls {
            rules: vec![OwnershipRule {
                object_ownership: ObjectOwnership::BucketOwnerEnforced,
            }],
        }
    }
}

/// Server access logging into another bucket.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoggingConfiguration {
    /// The bucket that receives the access logs.
    pub destination_bucket_name: Expr,
    /// Key prefix of the log objects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_file_prefix: Option<String>,
}

/// `AWS::S3::BucketPolicy`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketPolicy {
    /// The bucket's name.
    pub bucket: Expr,
    /// The statements.
    pub policy_document: PolicyDocument,
}

impl ResourceType for BucketPolicy {
    const TYPE: &'static str = "AWS::S3::BucketPolicy";
}
