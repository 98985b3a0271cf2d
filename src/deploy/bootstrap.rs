//! `hydrate bootstrap`: the account-wide settings stacks cannot make, made idempotently. Each item
//! is read first and written only when it differs, so a second run changes nothing and says so.

use aws_sdk_iam::operation::get_account_password_policy::GetAccountPasswordPolicyOutput;
use aws_sdk_s3::types::{
    BucketLocationConstraint, BucketVersioningStatus, CreateBucketConfiguration,
    PublicAccessBlockConfiguration, ServerSideEncryption, ServerSideEncryptionByDefault,
    ServerSideEncryptionConfiguration, ServerSideEncryptionRule, Tag, Tagging,
    VersioningConfiguration,
};
use serde::Serialize;

use super::aws::{classify, recover, Aws, AwsError};
use super::error::DeployError;
use super::stack::{template_bucket, MANAGED_BY_KEY, MANAGED_BY_VALUE};
use crate::iam::{deny_insecure_transport, PolicyDocument};
use crate::params::AccountDir;

/// The password policy bootstrap sets (CIS 1.8–1.9: length 14, reuse 24, expiry 90 days).
pub struct PasswordPolicy;

impl PasswordPolicy {
    /// Minimum length.
    pub const MIN_LENGTH: i32 = 14;
    /// Passwords remembered.
    pub const REUSE_PREVENTION: i32 = 24;
    /// Days before a password expires.
    pub const MAX_AGE_DAYS: i32 = 90;
}

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

fn all_blocked(c: Option<bool>, d: Option<bool>, e: Option<bool>, f: Option<bool>) -> bool {
    [c, d, e, f].iter().all(|x| *x == Some(true))
}

/// The password policy is as strong as wanted (stronger settings are kept).
fn password_policy_ok(out: &GetAccountPasswordPolicyOutput) -> bool {
    let Some(p) = out.password_policy() else {
        return false;
    };
    p.minimum_password_length().unwrap_or(0) >= PasswordPolicy::MIN_LENGTH
        && p.require_symbols()
        && p.require_numbers()
        && p.require_uppercase_characters()
        && p.require_lowercase_characters()
        && p.allow_users_to_change_password()
        && p.password_reuse_prevention().unwrap_or(0) >= PasswordPolicy::REUSE_PREVENTION
        && p.max_password_age()
            .is_some_and(|a| a > 0 && a <= PasswordPolicy::MAX_AGE_DAYS)
}

fn tls_only_policy(bucket: &str) -> String {
    let arn = format!("arn:aws:s3:::{bucket}");
    let doc = PolicyDocument::new([deny_insecure_transport(
        &["s3:*"],
        [arn.clone(), format!("{arn}/*")],
    )]);
    serde_json::to_string(&doc).unwrap_or_default()
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

/// Runs every bootstrap step and reports each item.
pub async fn bootstrap(aws: &Aws, account: &AccountDir) -> Result<Vec<Item>, DeployError> {
    let id = &account.account.account_id;
    let bucket = template_bucket(account);
    let mut items = Vec::new();
    let mut record = |name: String, state: State| items.push(Item { name, state });

    // 1. The account-wide S3 public access block.
    let current = aws
        .s3control
        .get_public_access_block()
        .account_id(id)
        .send()
        .await;
    let ok = match current {
        Ok(out) => out.public_access_block_configuration().is_some_and(|c| {
            all_blocked(
                c.block_public_acls(),
                c.ignore_public_acls(),
                c.block_public_policy(),
                c.restrict_public_buckets(),
            )
        }),
        Err(e) => recover(
            classify("s3:GetAccountPublicAccessBlock", e),
            is_absent,
            false,
        )?,
    };
    if ok {
        record("account S3 public access block".into(), State::AlreadyRight);
    } else {
        aws.s3control
            .put_public_access_block()
            .account_id(id)
            .public_access_block_configuration(
                aws_sdk_s3control::types::PublicAccessBlockConfiguration::builder()
                    .block_public_acls(true)
                    .ignore_public_acls(true)
                    .block_public_policy(true)
                    .restrict_public_buckets(true)
                    .build(),
            )
            .send()
            .await
            .map_err(|e| classify("s3:PutAccountPublicAccessBlock", e))?;
        record(
            "account S3 public access block".into(),
            State::Changed("all four flags turned on".into()),
        );
    }

    // 2. The template bucket and its settings.
    let name = format!("template bucket s3://{bucket}");
    match aws.s3.head_bucket().bucket(&bucket).send().await {
        Ok(_) => record(name, State::AlreadyRight),
        Err(e) => {
            let e = classify("s3:HeadBucket", e);
            if !matches!(e.code(), Some("NotFound") | Some("NoSuchBucket")) {
                return Err(e.into());
            }
            let mut create = aws.s3.create_bucket().bucket(&bucket);
            if account.account.region != "us-east-1" {
                create = create.create_bucket_configuration(
                    CreateBucketConfiguration::builder()
                        .location_constraint(BucketLocationConstraint::from(
                            account.account.region.as_str(),
                        ))
                        .build(),
                );
            }
            create
                .send()
                .await
                .map_err(|e| classify("s3:CreateBucket", e))?;
            record(name, State::Changed("created".into()));
        }
    }

    let encrypted = match aws.s3.get_bucket_encryption().bucket(&bucket).send().await {
        Ok(out) => out
            .server_side_encryption_configuration()
            .is_some_and(|c| !c.rules().is_empty()),
        Err(e) => recover(
            classify("s3:GetEncryptionConfiguration", e),
            is_absent,
            false,
        )?,
    };
    if encrypted {
        record("template bucket encryption".into(), State::AlreadyRight);
    } else {
        let rule = ServerSideEncryptionRule::builder()
            .apply_server_side_encryption_by_default(
                ServerSideEncryptionByDefault::builder()
                    .sse_algorithm(ServerSideEncryption::Aes256)
                    .build()
                    .map_err(|e| AwsError::Profile {
                        message: e.to_string(),
                    })?,
            )
            .build();
        aws.s3
            .put_bucket_encryption()
            .bucket(&bucket)
            .server_side_encryption_configuration(
                ServerSideEncryptionConfiguration::builder()
                    .rules(rule)
                    .build()
                    .map_err(|e| AwsError::Profile {
                        message: e.to_string(),
                    })?,
            )
            .send()
            .await
            .map_err(|e| classify("s3:PutEncryptionConfiguration", e))?;
        record(
            "template bucket encryption".into(),
            State::Changed("SSE-S3 (AES256) by default".into()),
        );
    }

    let versioned = match aws.s3.get_bucket_versioning().bucket(&bucket).send().await {
        Ok(out) => out.status() == Some(&BucketVersioningStatus::Enabled),
        Err(e) => recover(classify("s3:GetBucketVersioning", e), is_absent, false)?,
    };
    if versioned {
        record("template bucket versioning".into(), State::AlreadyRight);
    } else {
        aws.s3
            .put_bucket_versioning()
            .bucket(&bucket)
            .versioning_configuration(
                VersioningConfiguration::builder()
                    .status(BucketVersioningStatus::Enabled)
                    .build(),
            )
            .send()
            .await
            .map_err(|e| classify("s3:PutBucketVersioning", e))?;
        record(
            "template bucket versioning".into(),
            State::Changed("enabled".into()),
        );
    }

    let blocked = match aws
        .s3
        .get_public_access_block()
        .bucket(&bucket)
        .send()
        .await
    {
        Ok(out) => out.public_access_block_configuration().is_some_and(|c| {
            all_blocked(
                c.block_public_acls(),
                c.ignore_public_acls(),
                c.block_public_policy(),
                c.restrict_public_buckets(),
            )
        }),
        Err(e) => recover(
            classify("s3:GetBucketPublicAccessBlock", e),
            is_absent,
            false,
        )?,
    };
    if blocked {
        record(
            "template bucket public access block".into(),
            State::AlreadyRight,
        );
    } else {
        aws.s3
            .put_public_access_block()
            .bucket(&bucket)
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
        record(
            "template bucket public access block".into(),
            State::Changed("all four flags turned on".into()),
        );
    }

    let wanted_policy = tls_only_policy(&bucket);
    let current_policy = match aws.s3.get_bucket_policy().bucket(&bucket).send().await {
        Ok(out) => out
            .policy()
            .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok()),
        Err(e) => recover(classify("s3:GetBucketPolicy", e), is_absent, None)?,
    };
    if current_policy == serde_json::from_str(&wanted_policy).ok() {
        record(
            "template bucket TLS-only policy".into(),
            State::AlreadyRight,
        );
    } else {
        aws.s3
            .put_bucket_policy()
            .bucket(&bucket)
            .policy(wanted_policy)
            .send()
            .await
            .map_err(|e| classify("s3:PutBucketPolicy", e))?;
        record(
            "template bucket TLS-only policy".into(),
            State::Changed("requests without TLS denied".into()),
        );
    }

    let mut wanted_tags: Vec<(String, String)> =
        account.account.tags.0.clone().into_iter().collect();
    wanted_tags.push((MANAGED_BY_KEY.to_owned(), MANAGED_BY_VALUE.to_owned()));
    wanted_tags.sort();
    let mut current_tags: Vec<(String, String)> =
        match aws.s3.get_bucket_tagging().bucket(&bucket).send().await {
            Ok(out) => out
                .tag_set()
                .iter()
                .map(|t| (t.key().to_owned(), t.value().to_owned()))
                .collect(),
            Err(e) => recover(classify("s3:GetBucketTagging", e), is_absent, Vec::new())?,
        };
    current_tags.sort();
    if current_tags == wanted_tags {
        record("template bucket tags".into(), State::AlreadyRight);
    } else {
        let tags = wanted_tags
            .iter()
            .map(|(k, v)| Tag::builder().key(k).value(v).build())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| AwsError::Profile {
                message: e.to_string(),
            })?;
        aws.s3
            .put_bucket_tagging()
            .bucket(&bucket)
            .tagging(
                Tagging::builder()
                    .set_tag_set(Some(tags))
                    .build()
                    .map_err(|e| AwsError::Profile {
                        message: e.to_string(),
                    })?,
            )
            .send()
            .await
            .map_err(|e| classify("s3:PutBucketTagging", e))?;
        record(
            "template bucket tags".into(),
            State::Changed(format!("{} tags set", wanted_tags.len())),
        );
    }

    // 3. The IAM password policy.
    let ok = match aws.iam.get_account_password_policy().send().await {
        Ok(out) => password_policy_ok(&out),
        Err(e) => recover(
            classify("iam:GetAccountPasswordPolicy", e),
            is_absent,
            false,
        )?,
    };
    if ok {
        record("IAM password policy".into(), State::AlreadyRight);
    } else {
        aws.iam
            .update_account_password_policy()
            .minimum_password_length(PasswordPolicy::MIN_LENGTH)
            .require_symbols(true)
            .require_numbers(true)
            .require_uppercase_characters(true)
            .require_lowercase_characters(true)
            .allow_users_to_change_password(true)
            .password_reuse_prevention(PasswordPolicy::REUSE_PREVENTION)
            .max_password_age(PasswordPolicy::MAX_AGE_DAYS)
            .send()
            .await
            .map_err(|e| classify("iam:UpdateAccountPasswordPolicy", e))?;
        record(
            "IAM password policy".into(),
            State::Changed(format!(
                "length >= {}, all character classes, {} remembered, expiry {} days, users may change theirs",
                PasswordPolicy::MIN_LENGTH,
                PasswordPolicy::REUSE_PREVENTION,
                PasswordPolicy::MAX_AGE_DAYS
            )),
        );
    }
    Ok(items)
}
