//! `selfEdit`: the group every human user joins. Each member manages only their own credentials,
//! and — by default — can do nothing but set up MFA and change their password until they sign in
//! with MFA.
//!
//! Compared with the tecracer construct this fixes: deactivating or deleting MFA requires MFA;
//! long-term access keys cannot enrol or resync a device; a user without
//! MFA can still change a first-login password and get an MFA session token for the CLI; signing
//! certificates and service-specific credentials are offered too.

use schemars::JsonSchema;
use serde::Deserialize;

use super::option_checks::{check_path, check_prefix, OptionError};
use crate::cfn::iam::{Group, InlinePolicy};
use crate::cfn::{Output, Template};
use crate::iam::condition::{mfa_key_absent, mfa_present};
use crate::iam::{deny_unless_mfa, own_mfa_arn, own_user_arn, PolicyDocument, Statement};

/// Render-time choices for `selfEdit`: one switch per capability.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct SelfEditOptions {
    /// Prefix of the group name: `<prefix>-self-edit`.
    pub name_prefix: String,
    /// IAM path of the group; starts and ends with `/`.
    pub path: String,
    /// Members may change their own console password.
    pub password: bool,
    /// Members may create, rotate and delete their own access keys.
    pub access_keys: bool,
    /// Members may manage their own SSH public keys (CodeCommit).
    pub ssh_keys: bool,
    /// Members may manage their own X.509 signing certificates.
    pub signing_certificates: bool,
    /// Members may manage their own service-specific credentials (CodeCommit HTTPS, Keyspaces).
    pub service_specific_credentials: bool,
    /// Members may enrol, resync and (with MFA) deactivate their own virtual MFA device, named after their user.
    pub mfa: bool,
    /// Deny everything but MFA enrolment, changing their password and getting a session token until the member signs in with MFA.
    pub deny_without_mfa: bool,
}

impl Default for SelfEditOptions {
    fn default() -> Self {
        SelfEditOptions {
            name_prefix: "hydrate".to_owned(),
            path: "/hydrate/".to_owned(),
            password: true,
            access_keys: true,
            ssh_keys: false,
            signing_certificates: false,
            service_specific_credentials: false,
            mfa: true,
            deny_without_mfa: true,
        }
    }
}

/// What a member without MFA may still do: enrol a device, change a (first-login) password, and get
/// an MFA session token for the CLI. Allowed only where another statement allows it too.
pub const WITHOUT_MFA: &[&str] = &[
    "iam:ChangePassword",
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetAccountPasswordPolicy",
    "iam:GetUser",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
];

/// The member's own user, as a one-item resource list.
fn own_user() -> [crate::cfn::Expr; 1] {
    [own_user_arn()]
}

/// Builds the `selfEdit` template.
pub fn build(o: &SelfEditOptions) -> Result<Template, OptionError> {
    check_prefix("namePrefix", &o.name_prefix)?;
    check_path("path", &o.path)?;
    if o.deny_without_mfa && !o.mfa {
        return Err(OptionError::new(
            "denyWithoutMfa",
            "members could never enrol the MFA device that lifts the deny; set `mfa` to true or `denyWithoutMfa` to false",
        ));
    }
    let mut statements = vec![Statement::allow([
        "iam:GetAccountPasswordPolicy",
        "iam:ListVirtualMFADevices",
    ])
    .sid("ViewAccountInfo")
    .on_all()];
    if o.password {
        statements.push(
            Statement::allow(["iam:ChangePassword", "iam:GetLoginProfile", "iam:GetUser"])
                .sid("ManageOwnPassword")
                .on(own_user()),
        );
    }
    if o.access_keys {
        statements.push(
            Statement::allow([
                "iam:CreateAccessKey",
                "iam:DeleteAccessKey",
                "iam:GetAccessKeyLastUsed",
                "iam:ListAccessKeys",
                "iam:UpdateAccessKey",
            ])
            .sid("ManageOwnAccessKeys")
            .on(own_user()),
        );
    }
    if o.ssh_keys {
        statements.push(
            Statement::allow([
                "iam:DeleteSSHPublicKey",
                "iam:GetSSHPublicKey",
                "iam:ListSSHPublicKeys",
                "iam:UpdateSSHPublicKey",
                "iam:UploadSSHPublicKey",
            ])
            .sid("ManageOwnSshKeys")
            .on(own_user()),
        );
    }
    if o.signing_certificates {
        statements.push(
            Statement::allow([
                "iam:DeleteSigningCertificate",
                "iam:ListSigningCertificates",
                "iam:UpdateSigningCertificate",
                "iam:UploadSigningCertificate",
            ])
            .sid("ManageOwnSigningCertificates")
            .on(own_user()),
        );
    }
    if o.service_specific_credentials {
        statements.push(
            Statement::allow([
                "iam:CreateServiceSpecificCredential",
                "iam:DeleteServiceSpecificCredential",
                "iam:ListServiceSpecificCredentials",
                "iam:ResetServiceSpecificCredential",
                "iam:UpdateServiceSpecificCredential",
            ])
            .sid("ManageOwnServiceSpecificCredentials")
            .on(own_user()),
        );
    }
    if o.mfa {
        statements.push(
            Statement::allow(["iam:CreateVirtualMFADevice"])
                .sid("CreateOwnVirtualMfaDevice")
                .on([own_mfa_arn()]),
        );
        statements.push(
            Statement::allow([
                "iam:EnableMFADevice",
                "iam:GetMFADevice",
                "iam:GetUser",
                "iam:ListMFADevices",
                "iam:ResyncMFADevice",
            ])
            .sid("EnrolOwnMfaDevice")
            .on(own_user()),
        );
        statements.push(
            Statement::allow(["iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice"])
                .sid("RemoveOwnMfaDeviceOnlyWithMfa")
                .on([own_user_arn(), own_mfa_arn()])
                .when(mfa_present()),
        );
        // Stolen long-term keys carry no MFA key at all: with them, an attacker could enrol a
        // device of their own and then pass every MFA condition. Only a console session enrols.
        statements.push(
            Statement::deny([
                "iam:CreateVirtualMFADevice",
                "iam:EnableMFADevice",
                "iam:ResyncMFADevice",
            ])
            .sid("EnrolMfaOnlyFromConsoleSessions")
            .on_all()
            .when(mfa_key_absent()),
        );
    }
    if o.deny_without_mfa {
        statements.push(deny_unless_mfa(WITHOUT_MFA).sid("DenyAllButMfaSetupWithoutMfa"));
    }

    let mut t =
        Template::new("hydrate selfEdit: a group whose members manage only their own credentials");
    let group = t.add(
        "SelfEditGroup",
        Group {
            group_name: Some(format!("{}-self-edit", o.name_prefix).into()),
            path: Some(o.path.clone()),
            policies: vec![InlinePolicy {
                policy_name: "self-edit".to_owned(),
                policy_document: PolicyDocument::new(statements),
            }],
            ..Group::default()
        },
    );
    t.output(
        "GroupName",
        Output::new(group.r#ref())
            .description("the group every human user joins")
            .exported("GroupName"),
    );
    t.output(
        "GroupArn",
        Output::new(group.arn())
            .description("ARN of the self-edit group")
            .exported("GroupArn"),
    );
    Ok(t)
}
