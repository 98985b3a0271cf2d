//! Actions that need no permission, whatever the policies say: `sts:GetCallerIdentity` ("If an
//! administrator attaches a policy to your identity that explicitly denies access to the
//! sts:GetCallerIdentity action, you can still perform this operation", STS API Reference) and
//! `sts:GetSessionToken` ("Although you can include the GetSessionToken action in a policy, it
//! does not affect the user's ability to perform the GetSessionToken operation", IAM User Guide,
//! Permissions for GetSessionToken).

use super::StatementRef;

/// Actions answered without consulting any policy.
const NO_PERMISSION: [&str; 2] = ["sts:GetCallerIdentity", "sts:GetSessionToken"];

/// The rule that allows an action needing no permission, or none for every other action.
pub(super) fn no_permission(action: &str) -> Option<StatementRef> {
    NO_PERMISSION
        .iter()
        .find(|name| name.eq_ignore_ascii_case(action))
        .map(|name| StatementRef {
            policy: String::new(),
            statement: format!("{name} needs no permission"),
        })
}
