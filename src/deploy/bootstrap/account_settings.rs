//! The account-wide settings: the S3 public access block of the whole account and the IAM
//! password policy.

use aws_sdk_iam::operation::get_account_password_policy::GetAccountPasswordPolicyOutput;

use super::{all_blocked, flags_shown, is_absent, Ensure, ALL_FOUR_ON};
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, recover, AwsError};

/// The account-wide S3 public access block.
pub(super) struct AccountPublicAccessBlock {
    /// The account id it belongs to.
    pub account_id: String,
}

impl Ensure for AccountPublicAccessBlock {
    type Current = [Option<bool>; 4];

    fn name(&self) -> String {
        "account S3 public access block".into()
    }

    async fn read(&self, aws: &Aws) -> Result<Self::Current, AwsError> {
        match aws
            .s3control
            .get_public_access_block()
            .account_id(&self.account_id)
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
                classify("s3:GetAccountPublicAccessBlock", e),
                is_absent,
                [None; 4],
            ),
        }
    }

    fn is_right(&self, current: &Self::Current) -> bool {
        all_blocked(*current)
    }

    async fn write(&self, aws: &Aws, _: &Self::Current) -> Result<String, AwsError> {
        aws.s3control
            .put_public_access_block()
            .account_id(&self.account_id)
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
        Ok("all four flags turned on".into())
    }

    fn wanted(&self) -> String {
        ALL_FOUR_ON.into()
    }

    fn shown(&self, current: &Self::Current) -> String {
        flags_shown(current)
    }
}

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

impl Ensure for PasswordPolicy {
    type Current = Option<GetAccountPasswordPolicyOutput>;

    fn name(&self) -> String {
        "IAM password policy".into()
    }

    async fn read(&self, aws: &Aws) -> Result<Self::Current, AwsError> {
        match aws.iam.get_account_password_policy().send().await {
            Ok(out) => Ok(Some(out)),
            Err(e) => recover(classify("iam:GetAccountPasswordPolicy", e), is_absent, None),
        }
    }

    fn is_right(&self, current: &Self::Current) -> bool {
        current.as_ref().is_some_and(password_policy_ok)
    }

    async fn write(&self, aws: &Aws, _: &Self::Current) -> Result<String, AwsError> {
        aws.iam
            .update_account_password_policy()
            .minimum_password_length(Self::MIN_LENGTH)
            .require_symbols(true)
            .require_numbers(true)
            .require_uppercase_characters(true)
            .require_lowercase_characters(true)
            .allow_users_to_change_password(true)
            .password_reuse_prevention(Self::REUSE_PREVENTION)
            .max_password_age(Self::MAX_AGE_DAYS)
            .send()
            .await
            .map_err(|e| classify("iam:UpdateAccountPasswordPolicy", e))?;
        Ok(self.wanted())
    }

    fn wanted(&self) -> String {
        format!(
            "length >= {}, all character classes, {} remembered, expiry {} days, users may change theirs",
            Self::MIN_LENGTH,
            Self::REUSE_PREVENTION,
            Self::MAX_AGE_DAYS
        )
    }

    fn shown(&self, current: &Self::Current) -> String {
        let Some(p) = current.as_ref().and_then(|c| c.password_policy()) else {
            return "no password policy".into();
        };
        let classes: Vec<&str> = [
            (p.require_symbols(), "symbols"),
            (p.require_numbers(), "numbers"),
            (p.require_uppercase_characters(), "upper case"),
            (p.require_lowercase_characters(), "lower case"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        format!(
            "length >= {}, classes: {}, {} remembered, expiry {}, users {} change theirs",
            p.minimum_password_length().unwrap_or(0),
            if classes.is_empty() {
                "none".to_owned()
            } else {
                classes.join(", ")
            },
            p.password_reuse_prevention().unwrap_or(0),
            p.max_password_age()
                .map_or("never".to_owned(), |d| format!("{d} days")),
            if p.allow_users_to_change_password() {
                "may"
            } else {
                "may not"
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_iam::types::PasswordPolicy as Policy;

    use super::*;

    fn with(policy: Policy) -> Option<GetAccountPasswordPolicyOutput> {
        Some(
            GetAccountPasswordPolicyOutput::builder()
                .password_policy(policy)
                .build(),
        )
    }

    fn strong() -> aws_sdk_iam::types::builders::PasswordPolicyBuilder {
        Policy::builder()
            .minimum_password_length(14)
            .require_symbols(true)
            .require_numbers(true)
            .require_uppercase_characters(true)
            .require_lowercase_characters(true)
            .allow_users_to_change_password(true)
            .password_reuse_prevention(24)
            .max_password_age(90)
    }

    #[test]
    fn a_policy_as_strong_or_stronger_is_right() {
        assert!(PasswordPolicy.is_right(&with(strong().build())));
        assert!(PasswordPolicy.is_right(&with(strong().minimum_password_length(20).build())));
        assert!(PasswordPolicy.is_right(&with(strong().max_password_age(30).build())));
    }

    #[test]
    fn a_weaker_or_missing_policy_is_rewritten() {
        assert!(!PasswordPolicy.is_right(&None));
        assert!(!PasswordPolicy.is_right(&with(strong().minimum_password_length(8).build())));
        assert!(!PasswordPolicy.is_right(&with(strong().password_reuse_prevention(5).build())));
        assert!(!PasswordPolicy.is_right(&with(strong().max_password_age(0).build())));
        assert!(!PasswordPolicy.is_right(&with(strong().require_symbols(false).build())));
    }

    #[test]
    fn the_public_access_block_needs_all_four_flags() {
        let step = AccountPublicAccessBlock {
            account_id: "123456789012".into(),
        };
        assert!(step.is_right(&[Some(true); 4]));
        assert!(!step.is_right(&[Some(true), Some(true), Some(false), Some(true)]));
        assert!(!step.is_right(&[None; 4]));
    }
}
