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
pub(crate) use policy_compare::normal as normal_policy;

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

/// One bootstrap setting as `drift` finds it: compared, never written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting {
    /// What it is.
    pub name: String,
    /// True when it is as bootstrap makes it (or stronger).
    pub right: bool,
    /// What bootstrap makes it.
    pub expected: String,
    /// What it is now.
    pub actual: String,
}

/// Whether a run makes the settings right (`bootstrap`) or only looks at them (`drift`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Fix,
    Look,
}

/// What a run found: the items it made right, or the settings it looked at.
struct Found {
    mode: Mode,
    items: Vec<Item>,
    settings: Vec<Setting>,
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
    /// What bootstrap makes it, for `drift`'s expected value.
    fn wanted(&self) -> String;
    /// The setting as read, for `drift`'s actual value.
    fn shown(&self, current: &Self::Current) -> String;
}

/// Read → compare → write when it differs (only when fixing) → record; true when it was right.
async fn ensure<E: Ensure>(step: E, aws: &Aws, out: &mut Found) -> Result<bool, AwsError> {
    let current = step.read(aws).await?;
    let right = step.is_right(&current);
    if out.mode == Mode::Look {
        out.settings.push(Setting {
            name: step.name(),
            right,
            expected: step.wanted(),
            actual: step.shown(&current),
        });
        return Ok(right);
    }
    let state = if right {
        State::AlreadyRight
    } else {
        State::Changed(step.write(aws).await?)
    };
    out.items.push(Item {
        name: step.name(),
        state,
    });
    Ok(right)
}

/// The four public-access-block flags as read.
fn flags_shown(flags: &[Option<bool>; 4]) -> String {
    let names = [
        "BlockPublicAcls",
        "IgnorePublicAcls",
        "BlockPublicPolicy",
        "RestrictPublicBuckets",
    ];
    names
        .iter()
        .zip(flags)
        .map(|(n, f)| match f {
            Some(true) => format!("{n} on"),
            Some(false) => format!("{n} off"),
            None => format!("{n} unset"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What bootstrap sets the public access blocks to.
const ALL_FOUR_ON: &str =
    "BlockPublicAcls on, IgnorePublicAcls on, BlockPublicPolicy on, RestrictPublicBuckets on";

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
    Ok(run(aws, account, Mode::Fix).await?.items)
}

/// Reads every bootstrap setting and compares it with what bootstrap makes; writes nothing. The
/// template bucket's policy is compared with the one bootstrap would write for this caller.
pub async fn verify(aws: &Aws, account: &AccountDir) -> Result<Vec<Setting>, DeployError> {
    Ok(run(aws, account, Mode::Look).await?.settings)
}

async fn run(aws: &Aws, account: &AccountDir, mode: Mode) -> Result<Found, DeployError> {
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
    let mut found = Found {
        mode,
        items: Vec::new(),
        settings: Vec::new(),
    };
    let out = &mut found;
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
    Ok(found)
}
