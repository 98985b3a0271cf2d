//! Self-edit members: before MFA nothing but setting up MFA and changing their password; with
//! long-term access keys not even that; after MFA their own credentials only, never another user's.

use super::outcome::cell;
use super::scope::Scope;
use crate::check::report::{Cell, Expect};
use crate::iam::eval::Request;
use Expect::{Allow, Deny, NotDenied};
use Session::{AccessKeys, WithMfa, WithoutMfa};
use Target::{Any, OtherUser, OwnMfa, OwnUser};

/// How the member signed in.
#[derive(Clone, Copy)]
enum Session {
    /// A console session with password only: MFA not set up yet.
    WithoutMfa,
    /// Long-term access keys: the request carries no MFA key at all.
    AccessKeys,
    /// With MFA a minute ago.
    WithMfa,
}

/// What a request is made on.
#[derive(Clone, Copy)]
enum Target {
    /// The member's own virtual MFA device.
    OwnMfa,
    /// The member's own user.
    OwnUser,
    /// Another user of the account.
    OtherUser,
    /// No particular resource (`*`).
    Any,
}

/// The rules, one row per cell, in the order they are reported.
const ROWS: [(Session, &str, Target, Expect); 20] = [
    (WithoutMfa, "iam:CreateVirtualMFADevice", OwnMfa, Allow),
    (WithoutMfa, "iam:EnableMFADevice", OwnUser, Allow),
    (WithoutMfa, "iam:ChangePassword", OwnUser, Allow),
    (WithoutMfa, "sts:GetSessionToken", Any, NotDenied),
    (WithoutMfa, "iam:CreateAccessKey", OwnUser, Deny),
    (WithoutMfa, "iam:DeactivateMFADevice", OwnUser, Deny),
    (WithoutMfa, "s3:ListAllMyBuckets", Any, Deny),
    (WithoutMfa, "iam:ListUsers", Any, Deny),
    (WithoutMfa, "iam:DeleteVirtualMFADevice", OwnMfa, Deny),
    (AccessKeys, "iam:CreateVirtualMFADevice", OwnMfa, Deny),
    (AccessKeys, "iam:EnableMFADevice", OwnUser, Deny),
    (AccessKeys, "iam:ResyncMFADevice", OwnUser, Deny),
    (AccessKeys, "iam:CreateAccessKey", OwnUser, Deny),
    (WithMfa, "iam:CreateAccessKey", OwnUser, Allow),
    (WithMfa, "iam:CreateAccessKey", OtherUser, Deny),
    (WithMfa, "iam:ChangePassword", OtherUser, Deny),
    (WithMfa, "iam:DeactivateMFADevice", OtherUser, Deny),
    (WithMfa, "iam:DeactivateMFADevice", OwnUser, Allow),
    (WithMfa, "iam:DeleteVirtualMFADevice", OwnMfa, Allow),
    (WithMfa, "iam:CreateUser", OtherUser, Deny),
];

/// The cells of the `selfEdit` group's member, if the group is rendered.
pub(crate) fn cells(scope: &Scope<'_>) -> Vec<Cell> {
    let Some(member) = scope
        .identities
        .iter()
        .find(|i| i.stack == "selfEdit" && i.is_group())
    else {
        return Vec::new();
    };
    let account = scope.account;
    let arn_of = |target: Target| match target {
        OwnMfa => format!("arn:aws:iam::{account}:mfa/alice"),
        OwnUser => scope.alice.clone(),
        OtherUser => format!("arn:aws:iam::{account}:user/bob"),
        Any => "*".to_owned(),
    };
    ROWS.iter()
        .map(|&(session, action, target, expect)| {
            let resource = arn_of(target);
            let who = match session {
                WithoutMfa => "self-edit member without MFA",
                AccessKeys => "self-edit member with long-term access keys",
                WithMfa => "self-edit member with MFA",
            };
            cell(
                who,
                action,
                &resource,
                expect,
                &member.policies,
                &as_alice(scope, action, &resource, session),
            )
        })
        .collect()
}

/// Alice's request, signed in as `session` says.
fn as_alice(scope: &Scope<'_>, action: &str, resource: &str, session: Session) -> Request {
    let r = Request::new(action, resource)
        .with("aws:username", "alice")
        .by(&scope.alice);
    match session {
        WithMfa => r
            .with("aws:MultiFactorAuthPresent", "true")
            .with("aws:MultiFactorAuthAge", "60"),
        WithoutMfa => r.with("aws:MultiFactorAuthPresent", "false"),
        AccessKeys => r,
    }
}
