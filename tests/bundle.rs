//! The example account's bundle: its whole baseline as one template, snapshotted. A change here
//! renames or rewires something in every account deployed from a bundle; review it with
//! `cargo insta review` (a renamed logical id of a data-holding resource is a bug).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use std::path::Path;

use hydrate::params::{bundle, AccountDir, BundleTarget};

fn example() -> AccountDir {
    AccountDir::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example"))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_example_account_as_one_template() {
    let b = bundle(&example(), BundleTarget::Account).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!("example", b.body);
}

#[test]
fn the_stack_set_bundle_of_the_example_is_the_account_bundle() {
    // The example uses no {{account.name}}: for every account the same template.
    let account = bundle(&example(), BundleTarget::Account).unwrap_or_else(|e| panic!("{e}"));
    let stack_set = bundle(&example(), BundleTarget::StackSet).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(account, stack_set);
}
