//! The customer-managed KMS keys of the baseline: rotated, 30 days before deletion, retained, and
//! named by an alias `alias/hydrate/<name>`.

use crate::cfn::kms::{Alias, Key};
use crate::cfn::{Handle, Resource, Template};
use crate::iam::PolicyDocument;

/// Adds a retained key `<id>` and its alias `<id>Alias`.
pub(super) fn retained_key(
    t: &mut Template,
    id: &str,
    name: &str,
    description: String,
    policy: PolicyDocument,
) -> Handle<Key> {
    let key = t.add(
        id,
        Resource::new(Key {
            description,
            enable_key_rotation: true,
            pending_window_in_days: Some(30),
            key_policy: policy,
        })
        .retain(),
    );
    t.add(
        &format!("{id}Alias"),
        Alias {
            alias_name: format!("alias/hydrate/{name}"),
            target_key_id: key.r#ref(),
        },
    );
    key
}
