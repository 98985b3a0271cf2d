//! Where templates go: `s3://<template bucket>/<account>/<stack>/<sha256>.json`, uploaded once per
//! content so a changed template never overwrites the one a running operation reads.

use sha2::{Digest, Sha256};

use super::Deployer;
use crate::deploy::error::DeployError;
use crate::params::{AccountDir, Stack};

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
    let digest = Sha256::digest(stack.template.body().as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}/{}/{hex}.json", account.account.account_id, stack.key)
}

impl Deployer<'_> {
    /// Uploads the template and returns the URL CloudFormation reads it from.
    pub(super) async fn upload(&self, stack: &Stack) -> Result<String, DeployError> {
        let bucket = template_bucket(self.account);
        let key = template_key(self.account, stack);
        self.step(stack, format!("uploading template to s3://{bucket}/{key}"));
        self.cloud
            .put_object(&bucket, &key, stack.template.body())
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
        Ok(self.cloud.object_url(&bucket, &key))
    }
}
