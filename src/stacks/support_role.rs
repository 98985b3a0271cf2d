//! `supportRole`: a role with the AWS managed policy `AWSSupportAccess` for the people who open
//! and follow AWS Support cases, and the group whose members may assume it — with recent MFA on
//! both sides, like `iamSetup`'s roles, and under the same `protect-baseline` policy.

use schemars::JsonSchema;
use serde::Deserialize;

use super::iam_setup::{assume_policy, role_trust};
use super::option_checks::{check_path, check_prefix, check_range, OptionError};
use crate::cfn::iam::{Group, Role};
use crate::cfn::{sub, Output, Parameter, Template};

/// Render-time choices for `supportRole`; the defaults match `iamSetup`'s.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct SupportRoleOptions {
    /// Prefix of the role and group names: `<prefix>-support`.
    pub name_prefix: String,
    /// IAM path of the role and the group; starts and ends with `/`.
    pub path: String,
    /// Longest role session, in seconds (3600 to 43200).
    pub max_session_duration: u32,
    /// How long ago, at most, the caller may have authenticated with MFA to assume the role, in seconds.
    pub max_mfa_age: u32,
}

impl Default for SupportRoleOptions {
    fn default() -> Self {
        SupportRoleOptions {
            name_prefix: "hydrate".to_owned(),
            path: "/hydrate/".to_owned(),
            max_session_duration: 3600,
            max_mfa_age: 14_400,
        }
    }
}

/// Builds the `supportRole` template.
pub fn build(o: &SupportRoleOptions) -> Result<Template, OptionError> {
    check_prefix("namePrefix", &o.name_prefix)?;
    check_path("path", &o.path)?;
    check_range(
        "maxSessionDuration",
        o.max_session_duration,
        3600,
        43_200,
        "seconds",
    )?;
    check_range("maxMfaAge", o.max_mfa_age, 300, 129_600, "seconds")?;
    let mut t = Template::new(
        "hydrate supportRole: a role for AWS Support cases, assumable with MFA by its group",
    );
    let protection = t.parameter(
        "ProtectBaselinePolicyArn",
        Parameter::string()
            .description("the protect-baseline policy every non-admin role carries (iamSetup output ProtectBaselinePolicyArn)")
            .allowed_pattern(
                r"^arn:aws[a-z-]*:iam::\d{12}:policy/.+$",
                "must be an IAM managed policy ARN",
            ),
    );
    let name = format!("{}-support", o.name_prefix);
    let role = t.add(
        "SupportRole",
        Role {
            role_name: Some(name.clone().into()),
            description: Some(
                "hydrate support role: AWS Support cases; assumable by its group with MFA"
                    .to_owned(),
            ),
            path: Some(o.path.clone()),
            max_session_duration: Some(o.max_session_duration),
            managed_policy_arns: vec![
                sub("arn:${AWS::Partition}:iam::aws:policy/AWSSupportAccess"),
                protection.r#ref(),
            ],
            ..Role::trusting(role_trust(o.max_mfa_age))
        },
    );
    let group = t.add(
        "SupportGroup",
        Group {
            group_name: Some(name.into()),
            path: Some(o.path.clone()),
            policies: vec![assume_policy(
                "assume-support-role".to_owned(),
                vec![role.arn()],
                o.max_mfa_age,
            )],
            ..Group::default()
        },
    );
    t.output(
        "SupportRoleArn",
        Output::new(role.arn())
            .description("ARN of the support role (role_arn of its profile)")
            .exported("SupportRoleArn"),
    );
    t.output(
        "SupportGroupName",
        Output::new(group.r#ref())
            .description("IAM group of the users who may assume the support role")
            .exported("SupportGroupName"),
    );
    Ok(t)
}
