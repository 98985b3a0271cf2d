//! The policies of `iamSetup`: what each role level may do, the guards denying data deletion and
//! other regions, the roles' MFA trust, and each group's right to assume its own roles.

use super::options::IamSetupOptions;
use crate::cfn::iam::InlinePolicy;
use crate::expr::{sub, Expr};
use crate::iam::condition::{recent_mfa, region_not_in};
use crate::iam::{Actions, Condition, OperatorKind, PolicyDocument, Principal, Statement};
use crate::stacks::services::{Service, BASELINE_SERVICES};

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

/// The rights one role level gets.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Admin,
    Operator,
    Developer,
    Readonly,
}

impl Level {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Level::Admin => "admin",
            Level::Operator => "operator",
            Level::Developer => "developer",
            Level::Readonly => "readonly",
        }
    }

    /// checkov's cloudsplaining checks this role fails by design, and why a reviewer accepts it.
    pub(crate) fn accepted_findings(self) -> &'static [(&'static str, &'static str)] {
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

    pub(crate) fn title(self) -> &'static str {
        match self {
            Level::Admin => "Admin",
            Level::Operator => "Operator",
            Level::Developer => "Developer",
            Level::Readonly => "Readonly",
        }
    }
}

/// The data reads the readonly role is denied even if a later policy grants them: objects, items,
/// log events, secret and parameter values, function environments, execution inputs, traces.
const DATA_READS: &[&str] = &[
    "dynamodb:BatchGetItem",
    "dynamodb:GetItem",
    "dynamodb:PartiQLSelect",
    "dynamodb:Query",
    "dynamodb:Scan",
    "ecs:DescribeTaskDefinition",
    "kms:Decrypt",
    "lambda:GetFunction",
    "lambda:GetFunctionConfiguration",
    "lambda:ListFunctions",
    "lambda:ListVersionsByFunction",
    "logs:FilterLogEvents",
    "logs:GetLogEvents",
    "logs:GetLogRecord",
    "logs:GetQueryResults",
    "logs:StartLiveTail",
    "logs:StartQuery",
    "s3:GetObject",
    "s3:GetObjectVersion",
    "secretsmanager:GetSecretValue",
    "sqs:ReceiveMessage",
    "ssm:GetParameter",
    "ssm:GetParameterHistory",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    // With Details, the output of every Run Command.
    "ssm:ListCommandInvocations",
    "states:DescribeExecution",
    "states:GetExecutionHistory",
    "xray:BatchGetTraces",
    "xray:GetTraceSummaries",
];

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
pub(crate) fn role_policies(level: Level, o: &IamSetupOptions) -> Vec<InlinePolicy> {
    // Application roles only, and only to the services the role works with: a role passed to
    // any service would reach whatever that service can run.
    let pass_app_roles = |services: &[Service]| {
        let mut to: Vec<&str> = services
            .iter()
            .flat_map(|s| s.passes_roles_to().iter().copied())
            .collect();
        to.sort_unstable();
        to.dedup();
        Statement::allow(if to.is_empty() {
            vec![]
        } else {
            vec!["iam:PassRole"]
        })
        .sid("PassApplicationRoles")
        .on([sub(format!(
            "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role{}*",
            o.app_role_path
        ))])
        .when(Condition::new(
            OperatorKind::StringEquals,
            "iam:PassedToService",
            to,
        ))
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
                // The audit services of the baseline's regional stacks: the admin deploys and
                // repairs them (the other levels are denied them by protect-baseline).
                Statement::allow([
                    "access-analyzer:*",
                    "cloudtrail:*",
                    "config:*",
                    "guardduty:*",
                    "iam:*",
                    "securityhub:*",
                ])
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
            pass_app_roles(&o.operator_services),
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
            pass_app_roles(&o.developer_services),
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
    statements.retain(|s| !matches!(s.actions(), Actions::Action(a) if a.is_empty()));
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
    if level == Level::Readonly {
        guards.push(Statement::deny(DATA_READS).sid("ReadNoData").on_all());
        // `apigateway:GET` is one action for every read; API keys' values are read by path,
        // directly or as a usage plan's keys.
        guards.push(
            Statement::deny(["apigateway:GET"])
                .sid("ReadNoApiKeys")
                .on([
                    sub("arn:${AWS::Partition}:apigateway:*::/apikeys"),
                    sub("arn:${AWS::Partition}:apigateway:*::/apikeys/*"),
                    sub("arn:${AWS::Partition}:apigateway:*::/usageplans/*/keys"),
                    sub("arn:${AWS::Partition}:apigateway:*::/usageplans/*/keys/*"),
                ]),
        );
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

/// The trust policy of every role: this account's principals, with recent MFA.
pub(crate) fn role_trust(max_mfa_age: u32) -> PolicyDocument {
    PolicyDocument::new([Statement::allow(["sts:AssumeRole"])
        .sid("ThisAccountWithRecentMfa")
        .principal(Principal::this_account())
        .when(recent_mfa(max_mfa_age))])
}

/// A group's policy: assume `assumable` roles, with recent MFA.
pub(super) fn assume_roles_policy(
    level: Level,
    assumable: Vec<Expr>,
    max_mfa_age: u32,
) -> InlinePolicy {
    assume_policy(
        format!("assume-{}-roles", level.name()),
        assumable,
        max_mfa_age,
    )
}

/// A group's policy named `policy_name`: assume `assumable` roles, with recent MFA.
pub(crate) fn assume_policy(
    policy_name: String,
    assumable: Vec<Expr>,
    max_mfa_age: u32,
) -> InlinePolicy {
    InlinePolicy {
        policy_name,
        policy_document: PolicyDocument::new([Statement::allow(["sts:AssumeRole"])
            .sid("AssumeOwnRolesWithRecentMfa")
            .on(assumable)
            .when(recent_mfa(max_mfa_age))]),
    }
}
