use std::path::Path;

use super::*;

fn example() -> AccountDir {
    AccountDir::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example")).expect("loads")
}

#[test]
fn the_example_bundles_with_every_stack_file_once() {
    let account = example();
    let b = bundle(&account, BundleTarget::Account).expect("bundles");
    assert_eq!(b.parts.len(), 26);
    assert!(
        b.capabilities.contains(&Capability::NamedIam) || b.capabilities.contains(&Capability::Iam)
    );
    assert_eq!(b.tags["org"], "example");
    assert!(!b.tags.contains_key("role"), "the parts disagree on role");
}
