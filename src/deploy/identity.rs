//! Before any change: the credentials must belong to the account the directory describes.

use super::cloud::{Caller, Cloud};
use super::error::DeployError;
use crate::params::{AccountDir, ACCOUNT_FILE};

/// Stops unless the credentials are for the directory's account; returns who they are.
pub async fn guard_account(cloud: &dyn Cloud, account: &AccountDir) -> Result<Caller, DeployError> {
    let who = cloud.caller().await?;
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
