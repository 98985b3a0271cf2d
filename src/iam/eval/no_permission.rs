//! Actions that need no permission: `sts:GetCallerIdentity` is answered even when a policy
//! denies it, and `sts:GetSessionToken` needs no Allow but is stopped by an explicit Deny (STS
//! API Reference).

use super::StatementRef;

/// How an action that needs no permission is decided.
pub(super) enum NoPermission {
    /// Allowed whatever the policies say.
    EvenIfDenied(StatementRef),
    /// Allowed unless a policy denies it.
    UnlessDenied(StatementRef),
}

/// The rule for an action that needs no permission, or none for every other action.
pub(super) fn no_permission(action: &str) -> Option<NoPermission> {
    let rule = |name: &str| StatementRef {
        policy: String::new(),
        statement: format!("{name} needs no permission"),
    };
    if action.eq_ignore_ascii_case("sts:GetCallerIdentity") {
        Some(NoPermission::EvenIfDenied(rule("sts:GetCallerIdentity")))
    } else if action.eq_ignore_ascii_case("sts:GetSessionToken") {
        Some(NoPermission::UnlessDenied(rule("sts:GetSessionToken")))
    } else {
        None
    }
}
