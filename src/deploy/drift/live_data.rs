//! The live reads of the baseline's data-guarding resources, each answered in CloudFormation's
//! property shape so the template's values compare directly: S3 buckets (encryption, versioning,
//! public access block) and their policies, SNS topics (KMS key) and their policies, log groups
//! (retention, KMS key), KMS keys (policy, rotation).

use serde_json::{json, Map, Value};

use super::live::document;
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, AwsError};

/// The types [`Aws::data_properties`] reads.
pub(super) const DATA: [&str; 6] = [
    "AWS::S3::Bucket",
    "AWS::S3::BucketPolicy",
    "AWS::SNS::Topic",
    "AWS::SNS::TopicPolicy",
    "AWS::Logs::LogGroup",
    "AWS::KMS::Key",
];

/// The "nothing configured" answers, read as an absent property.
fn unset(e: &AwsError) -> bool {
    matches!(
        e.code(),
        Some(
            "NoSuchPublicAccessBlockConfiguration"
                | "ServerSideEncryptionConfigurationNotFoundError"
                | "NoSuchBucketPolicy"
        )
    )
}

/// The resource itself is gone.
fn gone(e: &AwsError) -> bool {
    matches!(
        e.code(),
        Some("NoSuchBucket" | "NotFound" | "NotFoundException" | "ResourceNotFoundException")
    )
}

/// `Ok(Some(v))`, `Ok(None)` for an unset setting, `Err(None)` for a gone resource.
fn read<T>(answer: Result<T, AwsError>) -> Result<Option<T>, Option<AwsError>> {
    match answer {
        Ok(v) => Ok(Some(v)),
        Err(e) if unset(&e) => Ok(None),
        Err(e) if gone(&e) => Err(None),
        Err(e) => Err(Some(e)),
    }
}

/// Turns the "gone" marker into `None` and passes real errors on.
macro_rules! found {
    ($e:expr) => {
        match read($e) {
            Ok(v) => v,
            Err(None) => return Ok(None),
            Err(Some(e)) => return Err(e),
        }
    };
}

impl Aws {
    /// The live properties of a resource of a [`DATA`] type, by its physical id (a bucket policy
    /// and a topic policy by their bucket and topic); `None` when it is gone.
    pub(super) async fn data_properties(
        &self,
        kind: &str,
        id: &str,
    ) -> Result<Option<Value>, AwsError> {
        let mut p = Map::new();
        match kind {
            "AWS::S3::Bucket" => {
                let enc = self.s3.get_bucket_encryption().bucket(id).send().await;
                let enc = found!(enc.map_err(|e| classify("s3:GetEncryptionConfiguration", e)));
                if let Some(c) = enc.and_then(|o| o.server_side_encryption_configuration) {
                    let rules: Vec<Value> = c
                        .rules()
                        .iter()
                        .map(|r| {
                            let mut rule = Map::new();
                            if let Some(d) = r.apply_server_side_encryption_by_default() {
                                let mut by = Map::new();
                                by.insert("SSEAlgorithm".into(), json!(d.sse_algorithm().as_str()));
                                if let Some(k) = d.kms_master_key_id() {
                                    by.insert("KMSMasterKeyID".into(), json!(k));
                                }
                                rule.insert(
                                    "ServerSideEncryptionByDefault".into(),
                                    Value::Object(by),
                                );
                            }
                            if let Some(b) = r.bucket_key_enabled() {
                                rule.insert("BucketKeyEnabled".into(), json!(b));
                            }
                            Value::Object(rule)
                        })
                        .collect();
                    p.insert(
                        "BucketEncryption".into(),
                        json!({ "ServerSideEncryptionConfiguration": rules }),
                    );
                }
                let v = self.s3.get_bucket_versioning().bucket(id).send().await;
                let v = found!(v.map_err(|e| classify("s3:GetBucketVersioning", e)));
                if let Some(status) = v.and_then(|o| o.status) {
                    p.insert(
                        "VersioningConfiguration".into(),
                        json!({ "Status": status.as_str() }),
                    );
                }
                let pab = self.s3.get_public_access_block().bucket(id).send().await;
                let pab = found!(pab.map_err(|e| classify("s3:GetBucketPublicAccessBlock", e)));
                if let Some(c) = pab.and_then(|o| o.public_access_block_configuration) {
                    p.insert(
                        "PublicAccessBlockConfiguration".into(),
                        json!({
                            "BlockPublicAcls": c.block_public_acls(),
                            "BlockPublicPolicy": c.block_public_policy(),
                            "IgnorePublicAcls": c.ignore_public_acls(),
                            "RestrictPublicBuckets": c.restrict_public_buckets(),
                        }),
                    );
                }
            }
            "AWS::S3::BucketPolicy" => {
                let out = self.s3.get_bucket_policy().bucket(id).send().await;
                let out = found!(out.map_err(|e| classify("s3:GetBucketPolicy", e)));
                if let Some(policy) = out.and_then(|o| o.policy) {
                    p.insert("PolicyDocument".into(), document(&policy));
                }
            }
            "AWS::SNS::Topic" | "AWS::SNS::TopicPolicy" => {
                let out = self.sns.get_topic_attributes().topic_arn(id).send().await;
                let out = found!(out.map_err(|e| classify("sns:GetTopicAttributes", e)));
                let attributes = out.and_then(|o| o.attributes).unwrap_or_default();
                let (field, attribute) = match kind {
                    "AWS::SNS::Topic" => ("KmsMasterKeyId", "KmsMasterKeyId"),
                    _ => ("PolicyDocument", "Policy"),
                };
                if let Some(v) = attributes.get(attribute) {
                    let value = if field == "PolicyDocument" {
                        document(v)
                    } else {
                        json!(v)
                    };
                    p.insert(field.into(), value);
                }
            }
            "AWS::Logs::LogGroup" => {
                let mut groups = self
                    .logs
                    .describe_log_groups()
                    .log_group_name_prefix(id)
                    .into_paginator()
                    .items()
                    .send();
                let mut seen = false;
                while let Some(group) = groups.next().await {
                    let group = group.map_err(|e| classify("logs:DescribeLogGroups", e))?;
                    if group.log_group_name() != Some(id) {
                        continue;
                    }
                    seen = true;
                    if let Some(days) = group.retention_in_days() {
                        p.insert("RetentionInDays".into(), json!(days));
                    }
                    if let Some(key) = group.kms_key_id() {
                        p.insert("KmsKeyId".into(), json!(key));
                    }
                }
                if !seen {
                    return Ok(None);
                }
            }
            "AWS::KMS::Key" => {
                let out = self
                    .kms
                    .get_key_policy()
                    .key_id(id)
                    .policy_name("default")
                    .send()
                    .await;
                let out = found!(out.map_err(|e| classify("kms:GetKeyPolicy", e)));
                if let Some(policy) = out.and_then(|o| o.policy) {
                    p.insert("KeyPolicy".into(), document(&policy));
                }
                let out = self.kms.get_key_rotation_status().key_id(id).send().await;
                let out = found!(out.map_err(|e| classify("kms:GetKeyRotationStatus", e)));
                if let Some(o) = out {
                    p.insert("EnableKeyRotation".into(), json!(o.key_rotation_enabled()));
                }
            }
            _ => {}
        }
        Ok(Some(Value::Object(p)))
    }
}
