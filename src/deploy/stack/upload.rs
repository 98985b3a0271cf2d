//! Where templates go: `s3://<template bucket>/<account>/<stack>/<sha256>.json`, uploaded once per
//! content so a changed template never overwrites the one a running operation reads; and what a
//! request sends: the body inline when it fits, else the URL pinned to the uploaded version, so an
//! object swapped between upload and use is never what CloudFormation runs.

use sha2::{Digest, Sha256};

use super::Deployer;
use crate::deploy::cloud::StackTemplate;
use crate::deploy::error::DeployError;
use crate::params::{file_key, AccountDir, Stack};

/// The longest `TemplateBody` CloudFormation takes, in bytes; longer ones go by `TemplateURL`.
const MAX_INLINE_BYTES: usize = 51_200;

/// The template bucket of an account: the account file's, or the one `bootstrap` makes.
pub fn template_bucket(account: &AccountDir) -> String {
    account.account.template_bucket.clone().unwrap_or_else(|| {
        format!(
            "hydrate-templates-{}-{}",
            account.account.account_id, account.account.region
        )
    })
}

/// `<account>/<stack>/<sha256 of the body>.json`.
pub fn template_key(account: &AccountDir, stack: &Stack) -> String {
    body_key(account, stack, stack.template.body())
}

/// The folder of a stack's records: its file name in the home region, so they stay where they
/// were when the account lists regions or stops listing them; `<file>@<region>` elsewhere.
fn records(account: &AccountDir, stack: &Stack) -> String {
    if *account.region_of(stack) == account.account.region {
        file_key(&stack.key).to_owned()
    } else {
        stack.key.clone()
    }
}

/// The key of any body uploaded for a stack (its template, or the import-only one).
fn body_key(account: &AccountDir, stack: &Stack, body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}/{}/{hex}.json",
        account.account.account_id,
        records(account, stack)
    )
}

/// `<account>/<stack>/retained.json`: the physical ids of the resources a delete left behind,
/// so a later create finds them again (buckets and keys have no name of their own in the template).
pub fn retained_key(account: &AccountDir, stack: &Stack) -> String {
    format!(
        "{}/{}/retained.json",
        account.account.account_id,
        records(account, stack)
    )
}

/// What a request sends for `body`, uploaded to `url` as `version`: the body when it fits inline,
/// else the URL pinned to the version (the plain URL only when the bucket gave none).
fn pinned(body: &str, url: String, version: Option<&str>) -> StackTemplate {
    if body.len() <= MAX_INLINE_BYTES {
        return StackTemplate::Body(body.to_owned());
    }
    match version {
        Some(v) => StackTemplate::Url(format!("{url}?versionId={}", query_escaped(v))),
        None => StackTemplate::Url(url),
    }
}

/// A query value with every byte outside RFC 3986's unreserved set percent-encoded (S3 version ids
/// are URL-safe today; nothing promises they stay so).
pub(crate) fn query_escaped(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Deployer<'_> {
    /// Uploads the template (the bucket keeps the history of what was deployed) and returns what
    /// the request sends: see [`pinned`].
    pub(super) async fn upload(&self, stack: &Stack) -> Result<StackTemplate, DeployError> {
        self.upload_body(stack, stack.template.body()).await
    }

    /// Uploads a body for the stack (its template, or the import-only one) and returns what the
    /// request sends for it.
    pub(super) async fn upload_body(
        &self,
        stack: &Stack,
        body: &str,
    ) -> Result<StackTemplate, DeployError> {
        let bucket = template_bucket(self.account);
        let key = body_key(self.account, stack, body);
        self.step(stack, format!("uploading template to s3://{bucket}/{key}"));
        let version = self
            .cloud
            .put_object(&bucket, &key, body)
            .await
            .map_err(|e| {
                if e.code() == Some("NoSuchBucket") {
                    DeployError::NoTemplateBucket {
                        account: self.account_arg(),
                        bucket: bucket.clone(),
                    }
                } else {
                    e.into()
                }
            })?;
        Ok(pinned(
            body,
            self.cloud.object_url(&bucket, &key),
            version.as_deref(),
        ))
    }
}

#[cfg(test)]
#[path = "upload_tests.rs"]
mod tests;
