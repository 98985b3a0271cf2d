//! How far each non-admin role reaches beyond its grants: passing the baseline's own roles to a
//! service, leaving the allowed regions (and the global services that must stay reachable), and,
//! for readonly, reading data rather than configuration.

use serde_json::Value;

use super::outcome::cell;
use super::scope::{level_of, session_of, Scope};
use crate::check::identities::Identity;
use crate::check::report::{Cell, Expect};
use crate::regions::KNOWN_REGIONS;

/// Reads of data, not configuration: readonly must be denied each one.
const DATA_READS: &[(&str, &str)] = &[
    ("s3:GetObject", "arn:aws:s3:::app-data/report.csv"),
    (
        "dynamodb:GetItem",
        "arn:aws:dynamodb:{region}:{account}:table/app",
    ),
    (
        "dynamodb:Scan",
        "arn:aws:dynamodb:{region}:{account}:table/app",
    ),
    (
        "secretsmanager:GetSecretValue",
        "arn:aws:secretsmanager:{region}:{account}:secret:app-1a2b3c",
    ),
    (
        "ssm:GetParameter",
        "arn:aws:ssm:{region}:{account}:parameter/app/password",
    ),
    (
        "logs:GetLogEvents",
        "arn:aws:logs:{region}:{account}:log-group:/app:*",
    ),
    (
        "logs:FilterLogEvents",
        "arn:aws:logs:{region}:{account}:log-group:/app:*",
    ),
    (
        "logs:StartQuery",
        "arn:aws:logs:{region}:{account}:log-group:/app:*",
    ),
    (
        "lambda:GetFunctionConfiguration",
        "arn:aws:lambda:{region}:{account}:function:app",
    ),
    ("lambda:ListFunctions", "*"),
    ("apigateway:GET", "arn:aws:apigateway:{region}::/apikeys/k1"),
    (
        "states:DescribeExecution",
        "arn:aws:states:{region}:{account}:execution:app:run-1",
    ),
    ("ecs:DescribeTaskDefinition", "*"),
    (
        "codebuild:BatchGetProjects",
        "arn:aws:codebuild:{region}:{account}:project/app",
    ),
    ("xray:GetTraceSummaries", "*"),
];

/// Global services' actions: their requests name `us-east-1`, so a region deny must exempt them.
const GLOBAL_READS: &[&str] = &[
    "iam:ListRoles",
    "s3:ListAllMyBuckets",
    "support:DescribeCases",
    "health:DescribeEvents",
    "route53:ListHostedZones",
    "cloudfront:ListDistributions",
];

/// The cells of every non-admin `iamSetup` role.
pub(crate) fn cells(scope: &Scope<'_>) -> Vec<Cell> {
    let fill = |arn: &str| {
        arn.replace("{region}", scope.region)
            .replace("{account}", scope.account)
    };
    // Every role the templates make is the baseline's: application roles live elsewhere.
    let baseline_roles: Vec<&Identity> = scope.identities.iter().filter(|i| i.is_role()).collect();
    let mut cells = Vec::new();
    for role in scope.roles() {
        let level = level_of(&role.id);
        if level == "admin" {
            continue;
        }
        let ask = |action: &str, resource: &str, expect, region: &str| {
            cell(
                &role.id,
                action,
                resource,
                expect,
                &role.policies,
                &session_of(role, action, resource, region),
            )
        };
        for target in &baseline_roles {
            let request = session_of(role, "iam:PassRole", &target.arn, scope.region)
                .with("iam:PassedToService", "lambda.amazonaws.com");
            cells.push(cell(
                &role.id,
                "iam:PassRole",
                &target.arn,
                Expect::Deny,
                &role.policies,
                &request,
            ));
        }
        if level == "readonly" {
            for (action, resource) in DATA_READS {
                cells.push(ask(action, &fill(resource), Expect::Deny, scope.region));
            }
        }
        if let Some(foreign) = foreign_region(&role.policies) {
            let alarms = format!("arn:aws:cloudwatch:{foreign}:{}:alarm:app", scope.account);
            cells.push(ask(
                "cloudwatch:DescribeAlarms",
                &alarms,
                Expect::Deny,
                foreign,
            ));
            for action in GLOBAL_READS {
                cells.push(ask(action, "*", Expect::NotDenied, foreign));
            }
        }
    }
    cells
}

/// A region the role's `DenyOtherRegions` guard shuts out, if it has one.
fn foreign_region(policies: &[crate::iam::eval::NamedPolicy]) -> Option<&'static str> {
    let allowed: Vec<&str> = policies
        .iter()
        .flat_map(|p| p.document["Statement"].as_array().into_iter().flatten())
        .find(|s| s["Sid"] == "DenyOtherRegions")
        .map(
            |s| match &s["Condition"]["StringNotEquals"]["aws:RequestedRegion"] {
                Value::String(r) => vec![r.as_str()],
                Value::Array(rs) => rs.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            },
        )?;
    KNOWN_REGIONS.iter().copied().find(|r| !allowed.contains(r))
}
