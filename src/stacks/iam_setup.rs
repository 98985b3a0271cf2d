//! `iamSetup`: admin, operator and developer groups, each paired with a role only assumable with
//! recent MFA, and a readonly role every group may assume.
//!
//! MFA is enforced on both sides: the role's trust policy admits this account's principals only
//! with MFA, and each group may assume only its own roles, again only with MFA. Either side alone
//! would leave a gap (a stray `sts:AssumeRole *` grant, or a trust policy edited by hand).

use schemars::JsonSchema;
use serde::Deserialize;

use super::option_checks::{check_path, check_prefix, check_range, OptionError};
use super::services::{DataGuard, Service, ALL_GUARDS, BASELINE_SERVICES, DEFAULT_SERVICES};
use crate::cfn::iam::{Group, InlinePolicy, Role};
use crate::cfn::{sub, Expr, Handle, Output, Resource, Template};
use crate::iam::condition::{recent_mfa, region_not_in};
use crate::iam::{PolicyDocument, Principal, Statement};

/// Render-time choices for `iamSetup`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IamSetupOptions {
    /// Prefix of every group and role name: `<prefix>-admin`, `<prefix>-operator`, ….
    pub name_prefix: String,
    /// IAM path of the groups and roles; starts and ends with `/`.
    pub path: String,
    /// Longest role session, in seconds (3600 to 43200).
    pub max_session_duration: u32,
    /// How long ago, at most, the caller may have authenticated with MFA to assume a role, in seconds.
    pub max_mfa_age: u32,
    /// Services the operator role manages in full.
    pub operator_services: Vec<Service>,
    /// Services the developer role may deploy to (code, configuration, objects; no create or delete of infrastructure).
    pub developer_services: Vec<Service>,
    /// Regions the roles may act in; requests to other regions are denied (global services excepted). Empty: no restriction.
    pub allowed_regions: Vec<String>,
    /// Data whose deletion is denied to the operator and developer roles.
    pub deny_data_deletion: Vec<DataGuard>,
    /// Create the readonly role every group may assume.
    pub readonly_role: bool,
    /// IAM path of application roles that operators and developers may pass to services.
    pub app_role_path: String,
}

impl Default for IamSetupOptions {
    fn default() -> Self {
        IamSetupOptions {
            name_prefix: "hydrate".to_owned(),
            path: "/hydrate/".to_owned(),
            max_session_duration: 3600,
            max_mfa_age: 14_400,
            operator_services: DEFAULT_SERVICES.to_vec(),
            developer_services: DEFAULT_SERVICES.to_vec(),
            allowed_regions: Vec::new(),
            deny_data_deletion: ALL_GUARDS.to_vec(),
            readonly_role: true,
            app_role_path: "/hydrate/app/".to_owned(),
        }
    }
}

/// Regions that exist; the seed kit once shipped the nonexistent `us-central-1`.
const KNOWN_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

/// Global services, whose requests name `us-east-1` whatever region the caller works in.
const GLOBAL_ACTIONS: &[&str] = &[
    "account:*",
    "aws-portal:*",
    "budgets:*",
    "ce:*",
    "cloudfront:*",
    "cur:*",
    "globalaccelerator:*",
    "health:*",
    "iam:*",
    "organizations:*",
    "pricing:*",
    "route53:*",
    "route53domains:*",
    "s3:GetAccountPublicAccessBlock",
    "s3:ListAllMyBuckets",
    "s3:PutAccountPublicAccessBlock",
    "shield:*",
    "sts:*",
    "support:*",
    "trustedadvisor:*",
    "waf:*",
    "wafv2:*",
];

impl IamSetupOptions {
    /// Checks every option; the first problem is returned with its fix.
    pub fn validate(&self) -> Result<(), OptionError> {
        check_prefix("namePrefix", &self.name_prefix)?;
        check_path("path", &self.path)?;
        check_path("appRolePath", &self.app_role_path)?;
        check_range(
            "maxSessionDuration",
            self.max_session_duration,
            3600,
            43_200,
            "seconds",
        )?;
        check_range("maxMfaAge", self.max_mfa_age, 300, 129_600, "seconds")?;
        if let Some(bad) = self
            .allowed_regions
            .iter()
            .find(|r| !KNOWN_REGIONS.contains(&r.as_str()))
        {
            return Err(OptionError::new(
                "allowedRegions",
                format!("`{bad}` is not an AWS region; use region codes such as `us-east-1`, `eu-west-1`"),
            ));
        }
        Ok(())
    }
}

/// The rights one role level gets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Admin,
    Operator,
    Developer,
    Readonly,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Admin => "admin",
            Level::Operator => "operator",
            Level::Developer => "developer",
            Level::Readonly => "readonly",
        }
    }

    /// checkov's cloudsplaining checks this role fails by design, and why a reviewer accepts it.
    fn accepted_findings(self) -> &'static [(&'static str, &'static str)] {
        const ECR_LOGIN: (&str, &str) = (
            "CKV_AWS_107",
            "ecr:GetAuthorizationToken is the ECR login; the token carries only this role's rights",
        );
        const LAMBDA_CODE: (&str, &str) = (
            "CKV_AWS_110",
            "updating Lambda code runs it with the function's role; passable roles are limited to appRolePath",
        );
        match self {
            Level::Admin => &[
                ("CKV_AWS_107", "the admin role manages IAM, credentials included; only MFA sessions of the admin group assume it"),
                ("CKV_AWS_108", "the admin role reads data of every service it administers"),
                ("CKV_AWS_109", "managing IAM and resource policies is the admin role's purpose"),
                ("CKV_AWS_110", "IAM write is privilege by definition; reserved to admin and gated by MFA"),
                ("CKV_AWS_111", "the admin role administers whole services account-wide; there is no narrower resource"),
            ],
            Level::Operator => &[
                ECR_LOGIN,
                ("CKV_AWS_108", "operators read the data of the services they operate; deleting it is denied"),
                ("CKV_AWS_109", "operators manage resource policies of their services; IAM itself stays read-only"),
                LAMBDA_CODE,
                ("CKV_AWS_111", "operators change any resource of the listed services; the service list is the constraint"),
            ],
            Level::Developer => &[
                ECR_LOGIN,
                ("CKV_AWS_108", "developers read objects, items and secrets of the services they deploy to"),
                LAMBDA_CODE,
                ("CKV_AWS_111", "deploying writes code, objects and items account-wide; no create or delete of infrastructure"),
            ],
            Level::Readonly => &[],
        }
    }

    fn title(self) -> &'static str {
        match self {
            Level::Admin => "Admin",
            Level::Operator => "Operator",
            Level::Developer => "Developer",
            Level::Readonly => "Readonly",
        }
    }
}

/// IAM and CloudTrail reads: operators audit, they do not change who may do what.
const AUDIT_READ: &[&str] = &[
    "cloudtrail:Describe*",
    "cloudtrail:Get*",
    "cloudtrail:List*",
    "cloudtrail:LookupEvents",
    "iam:Get*",
    "iam:List*",
];

fn sorted_unique(mut actions: Vec<String>) -> Vec<String> {
    actions.sort();
    actions.dedup();
    actions
}

fn union(a: &[Service], b: &[Service]) -> Vec<Service> {
    let mut all: Vec<Service> = a.iter().chain(b).copied().collect();
    all.sort();
    all.dedup();
    all
}

/// The inline policies of one role.
fn role_policies(level: Level, o: &IamSetupOptions) -> Vec<InlinePolicy> {
    let pass_app_roles = || {
        Statement::allow(["iam:PassRole"])
            .sid("PassApplicationRoles")
            .on([sub(format!(
                "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role{}*",
                o.app_role_path
            ))])
    };
    let mut statements = match level {
        Level::Admin => {
            let services = union(&o.operator_services, BASELINE_SERVICES);
            vec![
                Statement::allow(sorted_unique(
                    services.iter().flat_map(|s| s.operate_actions()).collect(),
                ))
                .sid("OperateServices")
                .on_all(),
                Statement::allow(["cloudtrail:*", "guardduty:*", "iam:*"])
                    .sid("ManageIdentityAndAudit")
                    .on_all(),
                Statement::allow(["aws-portal:View*", "budgets:*", "ce:Get*", "ce:Describe*"])
                    .sid("ManageBudgets")
                    .on_all(),
            ]
        }
        Level::Operator => vec![
            Statement::allow(sorted_unique(
                o.operator_services
                    .iter()
                    .flat_map(|s| s.operate_actions())
                    .collect(),
            ))
            .sid("OperateServices")
            .on_all(),
            Statement::allow(AUDIT_READ)
                .sid("ReadIdentityAndAudit")
                .on_all(),
            pass_app_roles(),
        ],
        Level::Developer => vec![
            Statement::allow(sorted_unique(
                o.developer_services
                    .iter()
                    .flat_map(|s| s.deploy_actions())
                    .collect(),
            ))
            .sid("DeployToServices")
            .on_all(),
            Statement::allow(["iam:GetRole", "iam:ListRoles"])
                .sid("SeeRoles")
                .on_all(),
            pass_app_roles(),
        ],
        Level::Readonly => {
            let services = union(
                &union(&o.operator_services, &o.developer_services),
                BASELINE_SERVICES,
            );
            let mut read: Vec<String> = services.iter().flat_map(|s| s.read_actions()).collect();
            read.extend(AUDIT_READ.iter().map(|a| (*a).to_owned()));
            vec![Statement::allow(sorted_unique(read))
                .sid("ReadServices")
                .on_all()]
        }
    };
    statements.retain(|s| !matches!(s.actions(), crate::iam::Actions::Action(a) if a.is_empty()));
    let mut policies = vec![InlinePolicy {
        policy_name: level.name().to_owned(),
        policy_document: PolicyDocument::new(statements),
    }];
    let mut guards = Vec::new();
    if matches!(level, Level::Operator | Level::Developer) && !o.deny_data_deletion.is_empty() {
        let mut actions: Vec<&str> = o
            .deny_data_deletion
            .iter()
            .flat_map(|g| g.actions().iter().copied())
            .collect();
        actions.sort_unstable();
        actions.dedup();
        guards.push(Statement::deny(actions).sid("DenyDataDeletion").on_all());
    }
    if !o.allowed_regions.is_empty() {
        guards.push(
            Statement::deny_all_except(GLOBAL_ACTIONS)
                .sid("DenyOtherRegions")
                .on_all()
                .when(region_not_in(&o.allowed_regions)),
        );
    }
    if !guards.is_empty() {
        policies.push(InlinePolicy {
            policy_name: "guards".to_owned(),
            policy_document: PolicyDocument::new(guards),
        });
    }
    policies
}

/// Builds the `iamSetup` template.
pub fn build(o: &IamSetupOptions) -> Result<Template, OptionError> {
    o.validate()?;
    let mut t = Template::new(
        "hydrate iamSetup: admin, operator and developer groups with MFA-only roles, and a readonly role",
    );
    let trust = PolicyDocument::new([Statement::allow(["sts:AssumeRole"])
        .sid("ThisAccountWithRecentMfa")
        .principal(Principal::this_account())
        .when(recent_mfa(o.max_mfa_age))]);

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
                policies: vec![InlinePolicy {
                    policy_name: format!("assume-{}-roles", group_level.name()),
                    policy_document: PolicyDocument::new([Statement::allow(["sts:AssumeRole"])
                        .sid("AssumeOwnRolesWithRecentMfa")
                        .on(assumable)
                        .when(recent_mfa(o.max_mfa_age))]),
                }],
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
