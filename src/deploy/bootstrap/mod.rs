//! `hydrate bootstrap`: the account-wide settings stacks cannot make, made idempotently. Each item
//! is a named `Ensure` step — read, compare, write only when it differs, record — so a second
//! run changes nothing and says so.

mod account_settings;
mod bucket_policy;
mod policy_compare;
mod template_bucket;

use serde::Serialize;

use super::aws::Aws;
use super::aws_error::AwsError;
use super::cloud::Cloud;
use super::error::DeployError;
use super::stack::{template_bucket, MANAGED_BY_KEY, MANAGED_BY_VALUE};
use crate::params::AccountDir;

pub use account_settings::PasswordPolicy;

/// What bootstrap found for one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// It was already as wanted.
    AlreadyRight,
    /// It was changed; what was done.
    Changed(String),
}

/// One item of the bootstrap report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// What it is.
    pub name: String,
    /// What was found or done.
    pub state: State,
}

/// One setting bootstrap makes right.
trait Ensure {
    /// What the setting is now, as far as the comparison needs.
    type Current;
    /// The report's name of the setting.
    fn name(&self) -> String;
    /// Reads the setting.
    async fn read(&self, aws: &Aws) -> Result<Self::Current, AwsError>;
    /// True when the setting is already as wanted (stronger settings count as right).
    fn is_right(&self, current: &Self::Current) -> bool;
    /// Makes it right; returns what was done.
    async fn write(&self, aws: &Aws) -> Result<String, AwsError>;
}

/// Read → compare → write when it differs → record.
async fn ensure<E: Ensure>(step: E, aws: &Aws, items: &mut Vec<Item>) -> Result<(), AwsError> {
    let current = step.read(aws).await?;
    let state = if step.is_right(&current) {
        State::AlreadyRight
    } else {
        State::Changed(step.write(aws).await?)
    };
    items.push(Item {
        name: step.name(),
        state,
    });
    Ok(())
}

/// The missing-configuration answers S3 and IAM give instead of an empty result.
fn is_absent(e: &AwsError) -> bool {
    matches!(
        e.code(),
        Some(
            "NoSuchPublicAccessBlockConfiguration"
                | "ServerSideEncryptionConfigurationNotFoundError"
                | "NoSuchBucketPolicy"
                | "NoSuchTagSet"
                | "NoSuchTagSetError"
                | "NoSuchEntity"
        )
    )
}

/// True when all four public-access-block flags are on.
fn all_blocked(flags: [Option<bool>; 4]) -> bool {
    flags.iter().all(|x| *x == Some(true))
}

/// A builder's complaint (a required field missing) as an error; hydrate sets every field, so
/// this means an SDK change.
fn built<T, E: std::fmt::Display>(result: Result<T, E>) -> Result<T, AwsError> {
    result.map_err(|e| AwsError::Profile {
        message: e.to_string(),
    })
}

/// Runs every bootstrap step and reports each item.
pub async fn bootstrap(aws: &Aws, account: &AccountDir) -> Result<Vec<Item>, DeployError> {
    let bucket = template_bucket(account);
    let mut tags: Vec<(String, String)> = account.account.tags.0.clone().into_iter().collect();
    tags.push((MANAGED_BY_KEY.to_owned(), MANAGED_BY_VALUE.to_owned()));
    tags.sort();
    let caller = aws.caller().await?;
    let partition = bucket_policy::partition_of(&caller.arn).to_owned();
    let mut named = bucket_policy::admin_roles(account, &partition);
    named.extend(account.account.template_writers.iter().cloned());
    let policy = bucket_policy::BucketPolicy {
        bucket: bucket.clone(),
        writers: bucket_policy::writers(&named, &caller.arn),
        partition,
    };
    let mut items = Vec::new();
    let out = &mut items;
    ensure(
        account_settings::AccountPublicAccessBlock {
            account_id: account.account.account_id.clone(),
        },
        aws,
        out,
    )
    .await?;
    template_bucket::ensure_all(aws, &bucket, &account.account.region, policy, tags, out).await?;
    ensure(account_settings::PasswordPolicy, aws, out).await?;
    Ok(items)
}
