//! The S3 object calls of the template bucket (templates, the lease, retained records), each with
//! `ExpectedBucketOwner`: the bucket's name is predictable, so it could be another account's.

use super::super::aws::Aws;
use super::super::aws_error::{classify, recover, AwsError};

impl Aws {
    /// `PutObject`: the version id S3 gave it.
    pub(super) async fn s3_put_object(
        &self,
        bucket: &str,
        key: &str,
        body: &str,
    ) -> Result<Option<String>, AwsError> {
        self.s3
            .put_object()
            .bucket(bucket)
            .set_expected_bucket_owner(self.expected_owner())
            .key(key)
            .content_type("application/json")
            .body(body.as_bytes().to_vec().into())
            .send()
            .await
            .map(|out| out.version_id().map(str::to_owned))
            .map_err(|e| classify("s3:PutObject", e))
    }

    /// `PutObject` only if the key is free: false when it exists or another write to it is in flight.
    pub(super) async fn s3_create_object(
        &self,
        bucket: &str,
        key: &str,
        body: &str,
    ) -> Result<bool, AwsError> {
        let put = self
            .s3
            .put_object()
            .bucket(bucket)
            .set_expected_bucket_owner(self.expected_owner())
            .key(key)
            .if_none_match("*")
            .content_type("application/json")
            .body(body.as_bytes().to_vec().into())
            .send()
            .await;
        match put {
            Ok(_) => Ok(true),
            Err(e) => recover(
                classify("s3:PutObject", e),
                // 412: the key exists; 409: another conditional write to it is in flight.
                |e| {
                    matches!(
                        e.code(),
                        Some("PreconditionFailed" | "ConditionalRequestConflict")
                    )
                },
                false,
            ),
        }
    }

    /// `GetObject` as text; `None` when there is no such key.
    pub(super) async fn s3_get_object(
        &self,
        bucket: &str,
        key: &str,
    ) -> Result<Option<String>, AwsError> {
        let get = self
            .s3
            .get_object()
            .bucket(bucket)
            .set_expected_bucket_owner(self.expected_owner())
            .key(key);
        match get.send().await {
            Ok(out) => {
                let bytes = out
                    .body
                    .collect()
                    .await
                    .map_err(|e| AwsError::Unreachable {
                        action: "s3:GetObject".into(),
                        message: e.to_string(),
                    })?;
                Ok(Some(
                    String::from_utf8_lossy(&bytes.into_bytes()).into_owned(),
                ))
            }
            Err(e) => recover(
                classify("s3:GetObject", e),
                |e| matches!(e.code(), Some("NoSuchKey" | "NotFound")),
                None,
            ),
        }
    }

    /// `DeleteObject`.
    pub(super) async fn s3_delete_object(&self, bucket: &str, key: &str) -> Result<(), AwsError> {
        self.s3
            .delete_object()
            .bucket(bucket)
            .set_expected_bucket_owner(self.expected_owner())
            .key(key)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify("s3:DeleteObject", e))
    }
}
