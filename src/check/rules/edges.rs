//! Escalation edges that remain by design: actions a non-admin role is granted that run code or
//! commands with another role's rights. `check` lists each one the policies allow, so a reviewer
//! sees them instead of finding them.

use super::outcome::decide;
use super::scope::{level_of, session_of, Scope};

/// An action that reaches another role's rights, and whose rights it reaches.
const EDGES: &[(&str, &str)] = &[
    (
        "lambda:UpdateFunctionCode",
        "runs new code with the function's execution role (an application role under appRolePath)",
    ),
    (
        "lambda:UpdateFunctionConfiguration",
        "gives a function another application role to run with",
    ),
    (
        "ssm:SendCommand",
        "runs commands on managed instances with their instance profile's rights",
    ),
    (
        "ssm:StartSession",
        "opens a shell on managed instances with their instance profile's rights",
    ),
    (
        "ecs:RegisterTaskDefinition",
        "runs containers with a task role (an application role under appRolePath)",
    ),
    (
        "codebuild:StartBuild",
        "runs a build with the project's service role, overriding its commands",
    ),
    (
        "states:StartExecution",
        "runs a state machine with its execution role",
    ),
    (
        "cloudformation:CreateStack",
        "creates resources with the rights of a service role passed to it (an application role under appRolePath)",
    ),
];

/// One line per edge a non-admin `iamSetup` role has: `DeveloperRole: lambda:UpdateFunctionCode runs …`.
pub(crate) fn edges(scope: &Scope<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for role in scope.roles() {
        if level_of(&role.id) == "admin" {
            continue;
        }
        for (action, reach) in EDGES {
            let outcome = decide(&role.policies, &session_of(role, action, "*", scope.region));
            if outcome.allowed {
                out.push(format!("{}: {action} {reach}", role.id));
            }
        }
    }
    out
}
