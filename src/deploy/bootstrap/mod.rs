//! `hydrate bootstrap`: the account-wide settings stacks cannot make, made idempotently. Each item
//! is a named `Ensure` step — read, compare, write only when it differs, record — so a second
//! run changes nothing and says so. Account-wide items run once; the per-region defaults run in
//! every region of the account file (`regional.rs`).

mod account_settings;
mod bucket_policy;
mod config_role;
mod default_groups;
mod ebs;
mod imds;
mod policy_compare;
mod regional;
mod template_bucket;

use serde::Serialize;

use super::aws::Aws;
use super::aws_error::AwsError;
use super::cloud::Cloud;
use super::error::DeployError;
use super::stack::{template_bucket, MANAGED_BY_KEY, MANAGED_BY_VALUE};
use crate::params::AccountDir;

pub use account_settings::PasswordPolicy;
pub use config_role::{CONFIG_ROLE, CONFIG_ROLE_PATH};
pub(crate) use policy_compare::normal as normal_policy;

/// What bootstrap found for one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// It was already as wanted.
    AlreadyRight,
    /// It was changed; what was done.
    Changed(String),
    /// It could not be read or made: why, and what to do (a region not enabled, a denied call).
    Failed(String),
    /// Not made: the endpoint (an emulator given by `--endpoint-url`) does not implement the call.
    Unavailable(String),
}

/// One item of the bootstrap report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// What it is.
    pub name: String,
    /// The region of a per-region setting (none for an account-wide one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// What was found or done.
    pub state: State,
}

/// One bootstrap setting as `drift` finds it: compared, never written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting {
    /// What it is.
    pub name: String,
    /// The region of a per-region setting (none for an account-wide one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
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
    /// The region the steps run in (none: account-wide).
    region: Option<String>,
    items: Vec<Item>,
    settings: Vec<Setting>,
}

impl Found {
    fn new(mode: Mode) -> Found {
        Found {
            mode,
            region: None,
            items: Vec::new(),
            settings: Vec::new(),
        }
    }

    /// An emulator's answer to a call it does not implement, recorded as not made (`bootstrap`)
    /// or not compared (`drift`: left out); any other error, and any error from AWS itself, is
    /// returned.
    fn unavailable<E: Ensure>(
        &mut self,
        step: &E,
        aws: &Aws,
        error: AwsError,
    ) -> Result<bool, AwsError> {
        if aws.endpoint_url.is_none() || !not_implemented(&error) {
            return Err(error);
        }
        if self.mode == Mode::Fix {
            self.items.push(Item {
                name: step.name(),
                region: self.region.clone(),
                state: State::Unavailable(format!(
                    "the endpoint does not implement this call ({error}); not made"
                )),
            });
        }
        Ok(false)
    }

    /// Appends what another run (a region's) found, in order.
    fn extend(&mut self, other: Found) {
        self.items.extend(other.items);
        self.settings.extend(other.settings);
    }
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
    /// Makes it right from what was read; returns what was done.
    async fn write(&self, aws: &Aws, current: &Self::Current) -> Result<String, AwsError>;
    /// What bootstrap makes it, for `drift`'s expected value.
    fn wanted(&self) -> String;
    /// The setting as read, for `drift`'s actual value.
    fn shown(&self, current: &Self::Current) -> String;
}

/// Read → compare → write when it differs (only when fixing) → record; true when it was right.
async fn ensure<E: Ensure>(step: E, aws: &Aws, out: &mut Found) -> Result<bool, AwsError> {
    let current = match step.read(aws).await {
        Ok(current) => current,
        Err(e) => return out.unavailable(&step, aws, e),
    };
    let right = step.is_right(&current);
    if out.mode == Mode::Look {
        out.settings.push(Setting {
            name: step.name(),
            region: out.region.clone(),
            right,
            expected: step.wanted(),
            actual: step.shown(&current),
        });
        return Ok(right);
    }
    let state = if right {
        State::AlreadyRight
    } else {
        match step.write(aws, &current).await {
            Ok(done) => State::Changed(done),
            Err(e) => return out.unavailable(&step, aws, e),
        }
    };
    out.items.push(Item {
        name: step.name(),
        region: out.region.clone(),
        state,
    });
    Ok(right)
}

/// The answers emulators give to an API they do not implement: moto an HTML page with HTTP 500,
/// LocalStack an `InternalFailure` saying it is not emulated.
fn not_implemented(e: &AwsError) -> bool {
    match e {
        AwsError::NotAws { status, .. } => *status >= 500,
        AwsError::Service { code, .. } => matches!(
            code.as_str(),
            "InternalFailure" | "NotImplemented" | "InvalidAction" | "UnknownOperationException"
        ),
        _ => false,
    }
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

/// Runs every bootstrap step and reports each item. A region that fails is one `Failed` item
/// naming the region and the fix; the other regions still run.
pub async fn bootstrap(aws: &Aws, account: &AccountDir) -> Result<Vec<Item>, DeployError> {
    Ok(run(aws, account, Mode::Fix).await?.items)
}

/// Reads every bootstrap setting and compares it with what bootstrap makes; writes nothing. The
/// template bucket's policy is compared with the one bootstrap would write for this caller. A
/// region that cannot be read is one setting that is not right, saying why.
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
    // The account-wide settings and the regions' own are independent: read and fixed at once.
    let account_wide = async {
        let mut found = Found::new(mode);
        let out = &mut found;
        ensure(
            account_settings::AccountPublicAccessBlock {
                account_id: account.account.account_id.clone(),
            },
            aws,
            out,
        )
        .await?;
        template_bucket::ensure_all(aws, &bucket, &account.account.region, policy, tags, out)
            .await?;
        ensure(account_settings::PasswordPolicy, aws, out).await?;
        ensure(config_role::ConfigServiceLinkedRole, aws, out).await?;
        Ok::<_, DeployError>(found)
    };
    let regions = account.account.regions();
    let regional = regional::ensure_regions(aws, &regions, &account.account.bootstrap, mode);
    let (found, regional) = futures_util::future::join(account_wide, regional).await;
    let mut found = found?;
    for region in regional {
        found.extend(region);
    }
    Ok(found)
}
