//! Before any change: the credentials must belong to the account the directory describes.

use super::aws::{classify, Aws};
use super::error::DeployError;
use crate::params::{AccountDir, ACCOUNT_FILE};

/// The caller's account and ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Account id.
    pub account: String,
    /// Caller ARN.
    pub arn: String,
}

/// Calls `sts:GetCallerIdentity`.
pub async fn caller(aws: &Aws) -> Result<Caller, DeployError> {
    let out = aws
        .sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| classify("sts:GetCallerIdentity", e))?;
    Ok(Caller {
        account: out.account().unwrap_or_default().to_owned(),
        arn: out.arn().unwrap_or_default().to_owned(),
    })
}

/// Stops unless the credentials are for the directory's account.
pub async fn check_account(aws: &Aws, account: &AccountDir) -> Result<Caller, DeployError> {
    let who = caller(aws).await?;
    if who.account != account.account.account_id {
        return Err(DeployError::WrongAccount {
            file: account.dir.join(ACCOUNT_FILE).display().to_string(),
            expected: account.account.account_id.clone(),
            actual: who.account,
            arn: who.arn,
        });
    }
    Ok(who)
}
