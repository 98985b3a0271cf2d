//! IAM's own writes: the admin's alone, denied to every other role as verb patterns and asked
//! by `check` one by one.

/// IAM writes: the admin's alone. Wildcards here, because IAM adds write actions every year and
/// none of them is a non-admin role's business; `check` asks the ones that matter by name.
pub const IAM_WRITES: &[&str] = &[
    "iam:Add*",
    "iam:Attach*",
    "iam:Create*",
    "iam:Deactivate*",
    "iam:Delete*",
    "iam:Detach*",
    "iam:Enable*",
    "iam:Put*",
    "iam:Remove*",
    "iam:Reset*",
    "iam:Resync*",
    "iam:Set*",
    "iam:Tag*",
    "iam:Untag*",
    "iam:Update*",
    "iam:Upload*",
];

/// The IAM writes `check` asks of every non-admin role: each one hands out or widens access.
pub const IAM_WRITES_ASKED: &[&str] = &[
    "iam:AttachRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreatePolicyVersion",
    "iam:CreateUser",
    "iam:PutRolePolicy",
    "iam:UpdateAssumeRolePolicy",
];
