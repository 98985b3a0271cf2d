//! The template bucket and its settings: it exists, is encrypted, versioned, blocks public access,
//! has hydrate's policy (TLS only, template writers only), and carries the account's tags.

use aws_sdk_s3::types::{
    BucketLocationConstraint, BucketVersioningStatus, CreateBucketConfiguration,
    PublicAccessBlockConfiguration, ServerSideEncryption, ServerSideEncryptionByDefault,
    ServerSideEncryptionConfiguration, ServerSideEncryptionRule, Tag, Tagging,
    VersioningConfiguration,
};

use super::bucket_policy::BucketPolicy;
use super::{all_blocked, built, ensure, flags_shown, is_absent, Ensure, Found, Mode, ALL_FOUR_ON};
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, recover, AwsError};

/// Every step of the template bucket, in order: it must exist before it is configured.
pub(super) async fn ensure_all(
    aws: &Aws,
    bucket: &str,
    region: &str,
    policy: BucketPolicy,
    tags: Vec<(String, String)>,
    out: &mut Found,
) -> Result<(), AwsError> {
    let bucket = bucket.to_owned();
    let exists = ensure(
        Exists {
            bucket: bucket.clone(),
            region: region.to_owned(),
        },
        aws,
        out,
    )
    .await?;
    // Looking, a missing bucket has no settings to read: its absence is the one finding.
    if !exists && out.mode == Mode::Look {
        return Ok(());
    }
    ensure(Encryption(bucket.clone()), aws, out).await?;
    ensure(Versioning(bucket.clone()), aws, out).await?;
    ensure(PublicAccess(bucket.clone()), aws, out).await?;
    ensure(policy, aws, out).await?;
    ensure(Tags { bucket, tags }, aws, out).await?;
    Ok(())
}

/// The bucket exists (created in the account's region).
struct Exists {
    bucket: String,
    region: String,
}

impl Ensure for Exists {
    type Current = bool;

    fn name(&self) -> String {
        format!("template bucket s3://{}", self.bucket)
    }

    async fn read(&self, aws: &Aws) -> Result<bool, AwsError> {
        // Another account may own a bucket of this predictable name: S3 answers 403 then.
        let head = aws
            .s3
            .head_bucket()
            .bucket(&self.bucket)
            .set_expected_bucket_owner(aws.expected_owner());
        match head.send().await {
            Ok(_) => Ok(true),
            Err(e) => recover(
                classify("s3:HeadBucket", e),
                |e| matches!(e.code(), Some("NotFound") | Some("NoSuchBucket")),
                false,
            ),
        }
    }

    fn is_right(&self, exists: &bool) -> bool {
        *exists
    }

    async fn write(&self, aws: &Aws, _: &Self::Current) -> Result<String, AwsError> {
        let mut create = aws.s3.create_bucket().bucket(&self.bucket);
        // us-east-1 is the one region S3 refuses as a location constraint.
        if self.region != "us-east-1" {
            create = create.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(self.region.as_str()))
                    .build(),
            );
        }
        create
            .send()
            .await
            .map_err(|e| classify("s3:CreateBucket", e))?;
        Ok("created".into())
    }

    fn wanted(&self) -> String {
        "exists".into()
    }

    fn shown(&self, exists: &bool) -> String {
        if *exists { "exists" } else { "missing" }.into()
    }
}

/// Default encryption is on (any algorithm counts: a stronger KMS setting is kept).
struct Encryption(String);

impl Ensure for Encryption {
    type Current = bool;

    fn name(&self) -> String {
        "template bucket encryption".into()
    }

    async fn read(&self, aws: &Aws) -> Result<bool, AwsError> {
        match aws.s3.get_bucket_encryption().bucket(&self.0).send().await {
            Ok(out) => Ok(out
                .server_side_encryption_configuration()
                .is_some_and(|c| !c.rules().is_empty())),
            Err(e) => recover(
                classify("s3:GetEncryptionConfiguration", e),
                is_absent,
                false,
            ),
        }
    }

    fn is_right(&self, encrypted: &bool) -> bool {
        *encrypted
    }

    async fn write(&self, aws: &Aws, _: &Self::Current) -> Result<String, AwsError> {
        let by_default = built(
            ServerSideEncryptionByDefault::builder()
                .sse_algorithm(ServerSideEncryption::Aes256)
                .build(),
        )?;
        let rule = ServerSideEncryptionRule::builder()
            .apply_server_side_encryption_by_default(by_default)
            .build();
        let configuration = built(
            ServerSideEncryptionConfiguration::builder()
                .rules(rule)
                .build(),
        )?;
        aws.s3
            .put_bucket_encryption()
            .bucket(&self.0)
            .server_side_encryption_configuration(configuration)
            .send()
            .await
            .map_err(|e| classify("s3:PutEncryptionConfiguration", e))?;
        Ok("SSE-S3 (AES256) by default".into())
    }

    fn wanted(&self) -> String {
        "default encryption on".into()
    }

    fn shown(&self, encrypted: &bool) -> String {
        if *encrypted {
            "default encryption on"
        } else {
            "no default encryption"
        }
        .into()
    }
}

/// Versioning is on.
struct Versioning(String);

impl Ensure for Versioning {
    type Current = Option<BucketVersioningStatus>;

    fn name(&self) -> String {
        "template bucket versioning".into()
    }

    async fn read(&self, aws: &Aws) -> Result<Self::Current, AwsError> {
        match aws.s3.get_bucket_versioning().bucket(&self.0).send().await {
            Ok(out) => Ok(out.status().cloned()),
            Err(e) => recover(classify("s3:GetBucketVersioning", e), is_absent, None),
        }
    }

    fn is_right(&self, status: &Self::Current) -> bool {
        status == &Some(BucketVersioningStatus::Enabled)
    }

    async fn write(&self, aws: &Aws, _: &Self::Current) -> Result<String, AwsError> {
        aws.s3
            .put_bucket_versioning()
            .bucket(&self.0)
            .versioning_configuration(
                VersioningConfiguration::builder()
                    .status(BucketVersioningStatus::Enabled)
                    .build(),
            )
            .send()
            .await
            .map_err(|e| classify("s3:PutBucketVersioning", e))?;
        Ok("enabled".into())
    }

    fn wanted(&self) -> String {
        "Enabled".into()
    }

    fn shown(&self, status: &Self::Current) -> String {
        status
            .as_ref()
            .map_or("never enabled", |s| s.as_str())
            .to_owned()
    }
}

/// The bucket's own public access block has all four flags on.
struct PublicAccess(String);

impl Ensure for PublicAccess {
    type Current = [Option<bool>; 4];

    fn name(&self) -> String {
        "template bucket public access block".into()
    }

    async fn read(&self, aws: &Aws) -> Result<Self::Current, AwsError> {
        match aws
            .s3
            .get_public_access_block()
            .bucket(&self.0)
            .send()
            .await
        {
            Ok(out) => Ok(out
                .public_access_block_configuration()
                .map_or([None; 4], |c| {
                    [
                        c.block_public_acls(),
                        c.ignore_public_acls(),
                        c.block_public_policy(),
                        c.restrict_public_buckets(),
                    ]
                })),
            Err(e) => recover(
                classify("s3:GetBucketPublicAccessBlock", e),
                is_absent,
                [None; 4],
            ),
        }
    }

    fn is_right(&self, flags: &Self::Current) -> bool {
        all_blocked(*flags)
    }

    async fn write(&self, aws: &Aws, _: &Self::Current) -> Result<String, AwsError> {
        aws.s3
            .put_public_access_block()
            .bucket(&self.0)
            .public_access_block_configuration(
                PublicAccessBlockConfiguration::builder()
                    .block_public_acls(true)
                    .ignore_public_acls(true)
                    .block_public_policy(true)
                    .restrict_public_buckets(true)
                    .build(),
            )
            .send()
            .await
            .map_err(|e| classify("s3:PutBucketPublicAccessBlock", e))?;
        Ok("all four flags turned on".into())
    }

    fn wanted(&self) -> String {
        ALL_FOUR_ON.into()
    }

    fn shown(&self, flags: &Self::Current) -> String {
        flags_shown(flags)
    }
}

/// The bucket carries exactly the account's tags and hydrate's own.
struct Tags {
    bucket: String,
    /// Sorted by key.
    tags: Vec<(String, String)>,
}

impl Ensure for Tags {
    type Current = Vec<(String, String)>;

    fn name(&self) -> String {
        "template bucket tags".into()
    }

    async fn read(&self, aws: &Aws) -> Result<Self::Current, AwsError> {
        let mut current = match aws
            .s3
            .get_bucket_tagging()
            .bucket(&self.bucket)
            .send()
            .await
        {
            Ok(out) => out
                .tag_set()
                .iter()
                .map(|t| (t.key().to_owned(), t.value().to_owned()))
                .collect(),
            Err(e) => recover(classify("s3:GetBucketTagging", e), is_absent, Vec::new())?,
        };
        current.sort();
        Ok(current)
    }

    fn is_right(&self, current: &Self::Current) -> bool {
        current == &self.tags
    }

    async fn write(&self, aws: &Aws, _: &Self::Current) -> Result<String, AwsError> {
        let tags = self
            .tags
            .iter()
            .map(|(k, v)| built(Tag::builder().key(k).value(v).build()))
            .collect::<Result<Vec<_>, _>>()?;
        aws.s3
            .put_bucket_tagging()
            .bucket(&self.bucket)
            .tagging(built(Tagging::builder().set_tag_set(Some(tags)).build())?)
            .send()
            .await
            .map_err(|e| classify("s3:PutBucketTagging", e))?;
        Ok(format!("{} tags set", self.tags.len()))
    }

    fn wanted(&self) -> String {
        tags_shown(&self.tags)
    }

    fn shown(&self, current: &Self::Current) -> String {
        tags_shown(current)
    }
}

fn tags_shown(tags: &[(String, String)]) -> String {
    let pairs: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if pairs.is_empty() {
        "no tags".into()
    } else {
        pairs.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_must_match_exactly() {
        let step = Tags {
            bucket: "b".into(),
            tags: vec![("a".into(), "1".into()), ("b".into(), "2".into())],
        };
        assert!(step.is_right(&vec![("a".into(), "1".into()), ("b".into(), "2".into())]));
        assert!(!step.is_right(&vec![("a".into(), "1".into())]));
        assert!(!step.is_right(&vec![
            ("a".into(), "1".into()),
            ("b".into(), "2".into()),
            ("c".into(), "3".into())
        ]));
    }

    #[test]
    fn versioning_must_be_enabled_not_suspended() {
        let step = Versioning("b".into());
        assert!(step.is_right(&Some(BucketVersioningStatus::Enabled)));
        assert!(!step.is_right(&Some(BucketVersioningStatus::Suspended)));
        assert!(!step.is_right(&None));
    }
}
