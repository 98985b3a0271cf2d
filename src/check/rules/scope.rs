//! What every rule family looks at: the rendered templates, their identities, the account and
//! region they are deployed in, and the test user who makes the requests.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::check::identities::Identity;
use crate::iam::eval::Request;

/// The baseline under check.
pub(crate) struct Scope<'a> {
    /// Template name → rendered JSON.
    pub(super) templates: &'a BTreeMap<String, Value>,
    /// Every role and group of the templates.
    pub(super) identities: &'a [Identity],
    /// The account id.
    pub(super) account: &'a str,
    /// The account's region.
    pub(super) region: &'a str,
    /// The ARN of the IAM user who asks (`alice`).
    pub(super) alice: String,
}

impl<'a> Scope<'a> {
    /// The scope of templates deployed in `account` and `region`, with their identities.
    pub(crate) fn new(
        templates: &'a BTreeMap<String, Value>,
        identities: &'a [Identity],
        account: &'a str,
        region: &'a str,
    ) -> Self {
        Scope {
            templates,
            identities,
            account,
            region,
            alice: format!("arn:aws:iam::{account}:user/alice"),
        }
    }

    /// The levels of access a person takes on: the roles of `iamSetup`, then the permission sets
    /// of `identityCenter` (the same levels, reached through Identity Center).
    pub(crate) fn roles(&self) -> Vec<&'a Identity> {
        let mut roles = self.of_iam_setup(Identity::is_role);
        roles.extend(
            self.identities
                .iter()
                .filter(|i| i.is_permission_set() && i.stack == "identityCenter"),
        );
        roles
    }

    /// The groups of `iamSetup`: who may assume which role.
    pub(super) fn groups(&self) -> Vec<&'a Identity> {
        self.of_iam_setup(Identity::is_group)
    }

    fn of_iam_setup(&self, kind: fn(&Identity) -> bool) -> Vec<&'a Identity> {
        self.identities
            .iter()
            .filter(|i| kind(i) && i.stack == "iamSetup")
            .collect()
    }
}

/// A role session: assumed with MFA a minute ago, in the account's region, over TLS.
pub(super) fn session(action: &str, resource: &str, region: &str) -> Request {
    Request::new(action, resource)
        .with("aws:MultiFactorAuthPresent", "true")
        .with("aws:MultiFactorAuthAge", "60")
        .with("aws:RequestedRegion", region)
        .with("aws:SecureTransport", "true")
}

/// A session of `who`: a role's as [`session`]; a permission set's is a SAML session, which
/// carries no MFA keys (Identity Center asks for MFA at sign-in), so none are sent.
pub(super) fn session_of(who: &Identity, action: &str, resource: &str, region: &str) -> Request {
    if who.is_permission_set() {
        Request::new(action, resource)
            .with("aws:RequestedRegion", region)
            .with("aws:SecureTransport", "true")
    } else {
        session(action, resource, region)
    }
}

/// The access level a role, group or permission set stands for: `DeveloperRole`,
/// `DeveloperGroup` and `DeveloperPermissionSet` → `developer`.
pub(super) fn level_of(id: &str) -> String {
    id.trim_end_matches("Role")
        .trim_end_matches("Group")
        .trim_end_matches("PermissionSet")
        .to_lowercase()
}
