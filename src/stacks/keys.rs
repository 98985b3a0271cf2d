//! The customer-managed KMS keys of the baseline: rotated, 30 days before deletion, retained,
//! named by an alias `alias/hydrate/<name>`, and administered by the admin role alone.

use super::guard::{actions_of, deny_roles_but_admin, AdminRole};
use crate::cfn::kms::{Alias, Key};
use crate::cfn::{Handle, Resource, Template};
use crate::iam::tamper::{Guarded, BASELINE_PREFIX};
use crate::iam::PolicyDocument;

/// Adds a retained key `<id>` and its alias `<id>Alias`; `policy` gains the Deny of disabling,
/// deleting, re-policing or re-aliasing the key to every role but `admin`.
pub(super) fn retained_key(
    t: &mut Template,
    id: &str,
    name: &str,
    description: String,
    policy: PolicyDocument,
    admin: &AdminRole,
) -> Handle<Key> {
    let key = t.add(
        id,
        Resource::new(Key {
            description,
            enable_key_rotation: true,
            pending_window_in_days: Some(30),
            key_policy: PolicyDocument::new(policy.statements().iter().cloned().chain([
                deny_roles_but_admin(
                    "DenyKeyTamperingButAdmin",
                    &actions_of(&[Guarded::Key, Guarded::KeyAlias]),
                    ["*"],
                    admin,
                ),
            ])),
        })
        .retain(),
    );
    t.add(
        &format!("{id}Alias"),
        Alias {
            alias_name: format!("alias/{BASELINE_PREFIX}/{name}"),
            target_key_id: key.r#ref(),
        },
    );
    key
}
