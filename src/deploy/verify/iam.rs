//! The account's identity settings (CIS v5.0 section 1): the password policy, the root user and
//! the support role. The users and policies are `principals.rs`'s.

use super::super::aws::Aws;
use super::super::aws_error::classify;
use super::super::bootstrap::PasswordPolicy;
use super::control::{Control, Spec, Status, GLOBAL};
use super::{listed, Emulator};

/// 1.7.
pub const PASSWORD_LENGTH: Spec = Spec {
    name: "password-length",
    cis: "1.7",
    cis_v1_4: "",
    title: "IAM password policy requires a minimum length of 14 or more",
    fix: "`hydrate bootstrap` sets the password policy",
};
/// 1.8.
pub const PASSWORD_REUSE: Spec = Spec {
    name: "password-reuse",
    cis: "1.8",
    cis_v1_4: "",
    title: "IAM password policy prevents password reuse (24 remembered)",
    fix: "`hydrate bootstrap` sets the password policy",
};
/// 1.3.
pub const ROOT_KEYS: Spec = Spec {
    name: "root-access-keys",
    cis: "1.3",
    cis_v1_4: "",
    title: "no access key exists for the root user",
    fix: "manual: sign in as root and delete its access keys (hydrate never acts as root)",
};
/// 1.4.
pub const ROOT_MFA: Spec = Spec {
    name: "root-mfa",
    cis: "1.4",
    cis_v1_4: "",
    title: "MFA is enabled for the root user",
    fix: "manual: sign in as root and enable an MFA device",
};
/// 1.5.
pub const ROOT_HARDWARE_MFA: Spec = Spec {
    name: "root-hardware-mfa",
    cis: "1.5",
    cis_v1_4: "",
    title: "hardware MFA is enabled for the root user",
    fix: "manual: register a hardware MFA device for root",
};
/// 1.16.
pub const SUPPORT_ROLE: Spec = Spec {
    name: "support-role",
    cis: "1.16",
    cis_v1_4: "",
    title: "a support role exists to manage incidents with AWS Support",
    fix: "deploy the supportRole stack (`hydrate up`)",
};

/// The password policy rows.
pub async fn password_policy(aws: &Aws) -> Vec<Control> {
    let out = match aws.iam.get_account_password_policy().send().await {
        Ok(out) => out,
        Err(e) => {
            let e = classify("iam:GetAccountPasswordPolicy", e);
            if e.code() == Some("NoSuchEntity") {
                let why = "GetAccountPasswordPolicy: the account has no password policy";
                return vec![
                    PASSWORD_LENGTH.judge(GLOBAL, false, why),
                    PASSWORD_REUSE.judge(GLOBAL, false, why),
                ];
            }
            return vec![
                PASSWORD_LENGTH.unread(GLOBAL, &e),
                PASSWORD_REUSE.unread(GLOBAL, &e),
            ];
        }
    };
    let p = out.password_policy();
    let length = p.and_then(|p| p.minimum_password_length()).unwrap_or(0);
    let reuse = p.and_then(|p| p.password_reuse_prevention()).unwrap_or(0);
    vec![
        PASSWORD_LENGTH.judge(
            GLOBAL,
            length >= PasswordPolicy::MIN_LENGTH,
            format!("GetAccountPasswordPolicy: MinimumPasswordLength {length}"),
        ),
        PASSWORD_REUSE.judge(
            GLOBAL,
            reuse >= PasswordPolicy::REUSE_PREVENTION,
            format!("GetAccountPasswordPolicy: PasswordReusePrevention {reuse}"),
        ),
    ]
}

/// The root user's rows, from `GetAccountSummary`.
pub async fn root(aws: &Aws, emulator: &Emulator) -> Vec<Control> {
    let hardware = ROOT_HARDWARE_MFA.row(
        GLOBAL,
        Status::Manual,
        "no API tells a hardware device from a virtual one for root without the root user's own sign-in; check the root user's MFA device in the console",
    );
    let summary = match aws.iam.get_account_summary().send().await {
        Ok(out) => out.summary_map().cloned().unwrap_or_default(),
        Err(e) => {
            let e = classify("iam:GetAccountSummary", e);
            return vec![
                ROOT_KEYS.unread(GLOBAL, &e),
                ROOT_MFA.unread(GLOBAL, &e),
                hardware,
            ];
        }
    };
    let value = |key: &str| {
        summary
            .iter()
            .find(|(k, _)| k.as_str() == key)
            .map_or(0, |(_, v)| *v)
    };
    let keys = value("AccountAccessKeysPresent");
    let mfa = value("AccountMFAEnabled");
    let keys_said = format!("GetAccountSummary: AccountAccessKeysPresent {keys}");
    let mfa_said = format!("GetAccountSummary: AccountMFAEnabled {mfa}");
    if let Some(url) = &emulator.0 {
        // moto answers both from constants: no API of it sets root MFA or root keys.
        let what = "the root user's summary fields";
        return vec![
            ROOT_KEYS.faked(GLOBAL, url, what, &keys_said),
            ROOT_MFA.faked(GLOBAL, url, what, &mfa_said),
            hardware,
        ];
    }
    vec![
        ROOT_KEYS.judge(GLOBAL, keys == 0, keys_said),
        ROOT_MFA.judge(GLOBAL, mfa == 1, mfa_said),
        hardware,
    ]
}

/// The support-role row: a role with `AWSSupportAccess` attached.
pub async fn support_role(aws: &Aws, partition: &str) -> Control {
    let arn = format!("arn:{partition}:iam::aws:policy/AWSSupportAccess");
    // An endpoint without the AWS managed policy (an emulator) lists no entity for it: that
    // proves nothing, so the policy must be there first.
    if let Err(e) = aws.iam.get_policy().policy_arn(&arn).send().await {
        return SUPPORT_ROLE.unread(GLOBAL, &classify("iam:GetPolicy", e));
    }
    let mut roles = Vec::new();
    let mut pages = aws
        .iam
        .list_entities_for_policy()
        .policy_arn(&arn)
        .entity_filter(aws_sdk_iam::types::EntityType::Role)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => roles.extend(
                page.policy_roles()
                    .iter()
                    .filter_map(|r| r.role_name())
                    .map(str::to_owned),
            ),
            Err(e) => {
                return SUPPORT_ROLE.unread(GLOBAL, &classify("iam:ListEntitiesForPolicy", e))
            }
        }
    }
    let names: Vec<&str> = roles.iter().map(String::as_str).collect();
    let said = match names.is_empty() {
        true => "ListEntitiesForPolicy AWSSupportAccess: attached to no role".to_owned(),
        false => format!(
            "ListEntitiesForPolicy AWSSupportAccess: role(s) {}",
            listed(&names)
        ),
    };
    SUPPORT_ROLE.judge(GLOBAL, !names.is_empty(), said)
}

/// Identity Center's sign-in MFA, for an account whose directory makes permission sets.
pub const IDENTITY_CENTER_MFA: Spec = Spec {
    name: "identity-center-mfa",
    cis: "",
    cis_v1_4: "",
    title: "IAM Identity Center requires MFA at every sign-in (the permission sets cannot ask for it)",
    fix: "manual: IAM Identity Center → Settings → Authentication → Multi-factor authentication: every time they sign in; users without a device register one",
};

/// The MANUAL row of Identity Center's MFA when the account has an identityCenter stack: its
/// sessions carry no MFA key a policy could require, and hydrate reads no Identity Center setting.
pub fn identity_center_mfa(account: &crate::params::AccountDir) -> Option<Control> {
    let stack = account.stacks.iter().find(|s| {
        matches!(&s.source, crate::params::TemplateSource::Catalog { name, .. } if *name == "identityCenter")
    })?;
    Some(IDENTITY_CENTER_MFA.row(
        GLOBAL,
        Status::Manual,
        format!(
            "{} makes Identity Center permission sets; their sessions (AssumeRoleWithSAML) carry no aws:MultiFactorAuthPresent, and hydrate reads no Identity Center setting: only a person can tell",
            stack.stack_name
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_center_mfa_is_manual_only_where_permission_sets_are_made() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example");
        let mut account = crate::params::AccountDir::load(&dir).expect("example loads");
        let row = identity_center_mfa(&account).expect("the example makes permission sets");
        assert_eq!(row.status, Status::Manual);
        assert!(!row.not_checked(), "a person's check, not a failed read");
        account.stacks.retain(|s| s.key != "identityCenter");
        assert!(identity_center_mfa(&account).is_none());
    }
}
