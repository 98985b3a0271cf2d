//! Builds the `iamSetup` template: one role per level, one group per human level, their outputs.

use super::options::IamSetupOptions;
use super::policies::{assume_roles_policy, role_policies, role_trust, Level};
use super::protection::protect_baseline;
use crate::cfn::iam::{Group, ManagedPolicy, Role};
use crate::cfn::{Expr, Handle, Output, Resource, Template};
use crate::stacks::option_checks::OptionError;

/// Builds the `iamSetup` template.
pub fn build(o: &IamSetupOptions) -> Result<Template, OptionError> {
    o.validate()?;
    let mut t = Template::new(
        "hydrate iamSetup: admin, operator and developer groups with MFA-only roles, and a readonly role",
    );
    let trust = role_trust(o.max_mfa_age);

    let mut levels = vec![Level::Admin, Level::Operator, Level::Developer];
    if o.readonly_role {
        levels.push(Level::Readonly);
    }
    let roles: Vec<(Level, Handle<Role>)> = levels
        .iter()
        .map(|&level| {
            let role = Role {
                role_name: Some(format!("{}-{}", o.name_prefix, level.name()).into()),
                description: Some(format!(
                    "hydrate {} role; assumable by this account's users with MFA",
                    level.name()
                )),
                path: Some(o.path.clone()),
                max_session_duration: Some(o.max_session_duration),
                policies: role_policies(level, o),
                ..Role::trusting(trust.clone())
            };
            let resource = level
                .accepted_findings()
                .iter()
                .fold(Resource::new(role), |r, (check, reason)| {
                    r.skip_checkov(check, reason)
                });
            (level, t.add(&format!("{}Role", level.title()), resource))
        })
        .collect();

    // Every role but admin's: none of them may undo the baseline it works in.
    let protection = t.add(
        "ProtectBaselinePolicy",
        ManagedPolicy {
            managed_policy_name: Some(format!("{}-protect-baseline", o.name_prefix).into()),
            path: Some(o.path.clone()),
            roles: roles
                .iter()
                .filter(|(level, _)| *level != Level::Admin)
                .map(|(_, role)| role.r#ref())
                .collect(),
            ..ManagedPolicy::new(
                "hydrate: denies every non-admin role the actions that would remove, blind or silence the baseline",
                protect_baseline(&format!("{}{}-", o.path, o.name_prefix)),
            )
        },
    );
    t.output(
        "ProtectBaselinePolicyArn",
        Output::new(protection.r#ref())
            .description(
                "managed policy every non-admin role attaches (roles of later templates too)",
            )
            .exported("ProtectBaselinePolicyArn"),
    );

    for &group_level in &[Level::Admin, Level::Operator, Level::Developer] {
        // Admin may assume every role; the others their own and readonly.
        let assumable: Vec<Expr> = roles
            .iter()
            .filter(|(l, _)| {
                group_level == Level::Admin || *l == group_level || *l == Level::Readonly
            })
            .map(|(_, r)| r.arn())
            .collect();
        let group = t.add(
            &format!("{}Group", group_level.title()),
            Group {
                group_name: Some(format!("{}-{}", o.name_prefix, group_level.name()).into()),
                path: Some(o.path.clone()),
                policies: vec![assume_roles_policy(group_level, assumable, o.max_mfa_age)],
                ..Group::default()
            },
        );
        let title = group_level.title();
        t.output(
            &format!("{title}GroupName"),
            Output::new(group.r#ref())
                .description(format!("IAM group of {} users", group_level.name()))
                .exported(&format!("{title}GroupName")),
        );
    }
    for (level, role) in &roles {
        let title = level.title();
        t.output(
            &format!("{title}RoleArn"),
            Output::new(role.arn())
                .description(format!(
                    "ARN of the {} role (role_arn of its profile)",
                    level.name()
                ))
                .exported(&format!("{title}RoleArn")),
        );
    }
    Ok(t)
}
