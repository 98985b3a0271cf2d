//! The assignment stacks against the management account of the example organization.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::*;
use crate::params::org::identity_center::{is_group_id, IdentityCenterFile};

const GROUP_A: &str = "9067c1d2e3-a1b2c3d4-1a2b-3c4d-5e6f-0123456789ab";
const GROUP_B: &str = "90ab1234-cdef-5678-9abc-def012345678";

fn example() -> AccountDir {
    AccountDir::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn org_file() -> PathBuf {
    PathBuf::from("params/example-org/organization.json")
}

fn checked(v: Value) -> IdentityCenter {
    let file: IdentityCenterFile = serde_json::from_value(v).expect("file");
    IdentityCenter::check(&file).expect("valid")
}

fn two_entries() -> IdentityCenter {
    checked(json!({"Assignments": [
        {"OrganizationalUnits": ["Root/Workloads"], "Groups": {GROUP_A: ["developer", "readonly"]}},
        {"OrganizationalUnits": ["Root/Security"], "Groups": {GROUP_B: ["operator"], GROUP_A: ["readonly"]}},
    ]}))
}

fn stacks_for(accounts: &[(&[Grant], Vec<String>)]) -> AccountDir {
    let m = example();
    let ic = two_entries();
    let sets = permission_sets_stack(&ic, &m, &org_file()).expect("stack");
    let grants = grants_by_account(accounts.iter().map(|(g, a)| (*g, a.clone())));
    with_assignments(&m, sets, &grants, &org_file()).expect("assignments")
}

fn resources(dir: &AccountDir, account: &str) -> BTreeMap<String, Value> {
    let stack = dir.stack(&assignments_key(account)).expect("stack");
    stack.template.json()["Resources"]
        .as_object()
        .expect("resources")
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[test]
fn one_stack_per_account_one_assignment_per_group_and_permission_set() {
    let ic = two_entries();
    let (work, sec) = (&ic.assignments[0].grants, &ic.assignments[1].grants);
    let dir = stacks_for(&[
        (work, vec!["111111111111".into()]),
        (sec, vec!["222222222222".into(), "111111111111".into()]),
    ]);
    // 111… is under both entries: developer + readonly for A, operator for B, readonly once.
    let r = resources(&dir, "111111111111");
    assert_eq!(r.len(), 3, "{r:?}");
    let a = &r["Readonly9067c1d2e3a1b2c3d41a2b3c4d5e6f0123456789ab"]["Properties"];
    assert_eq!(a["PrincipalId"], GROUP_A);
    assert_eq!(a["PrincipalType"], "GROUP");
    assert_eq!(a["TargetId"], "111111111111");
    assert_eq!(a["TargetType"], "AWS_ACCOUNT");
    assert_eq!(
        a["PermissionSetArn"],
        json!({"Ref": "ReadonlyPermissionSetArn"})
    );
    assert_eq!(resources(&dir, "222222222222").len(), 2);
    // The ARNs come from the identityCenter stack's outputs, so up deploys it first.
    let stack = dir.stack("sso-111111111111").expect("stack");
    assert_eq!(stack.stack_name, "hydrate-sso-111111111111");
    assert_eq!(
        stack.parameters["InstanceArn"],
        "{{output \"identityCenter\" \"InstanceArn\"}}"
    );
    let wave = |key: &str| {
        dir.plan
            .waves
            .iter()
            .position(|w| w.iter().any(|k| k == key))
    };
    assert!(
        wave("identityCenter") < wave("sso-111111111111"),
        "{:?}",
        dir.plan
    );
}

#[test]
fn adding_an_account_changes_no_other_accounts_assignments() {
    let ic = two_entries();
    let work = &ic.assignments[0].grants;
    let before = stacks_for(&[(work, vec!["111111111111".into()])]);
    let after = stacks_for(&[(work, vec!["111111111111".into(), "333333333333".into()])]);
    let body = |d: &AccountDir| {
        d.stack("sso-111111111111")
            .expect("s")
            .template
            .body()
            .to_owned()
    };
    assert_eq!(body(&before), body(&after));
    assert!(after.stack("sso-333333333333").is_some());
}

#[test]
fn the_permission_sets_must_come_from_an_identity_center_stack_that_has_them() {
    let m = example();
    let mut ic = two_entries();
    ic.permission_sets = "iamSetup".into();
    let e = permission_sets_stack(&ic, &m, &org_file()).expect_err("not identityCenter");
    assert_eq!(e.field, "IdentityCenter.PermissionSets");
    assert!(
        e.problem
            .contains("does not use the identityCenter template"),
        "{e}"
    );
    ic.permission_sets = "missing".into();
    let e = permission_sets_stack(&ic, &m, &org_file()).expect_err("absent");
    assert!(e.problem.contains("no stack file `missing`"), "{e}");
}

#[test]
fn entries_are_checked_with_their_paths() {
    let file: IdentityCenterFile = serde_json::from_value(json!({"Assignments": [
        {"OrganizationalUnits": ["Workloads"], "Groups": {"Developers": ["developer"]}},
        {"OrganizationalUnits": ["Root/Sandbox"], "Groups": {GROUP_A: ["developer", "developer"], GROUP_B: []}},
    ]}))
    .expect("file");
    let problems = IdentityCenter::check(&file).expect_err("invalid");
    let fields: BTreeSet<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
    for want in [
        "IdentityCenter.Assignments[0].OrganizationalUnits[0]",
        "IdentityCenter.Assignments[0].Groups.Developers",
        &format!("IdentityCenter.Assignments[1].Groups.{GROUP_A}[1]"),
        &format!("IdentityCenter.Assignments[1].Groups.{GROUP_B}"),
    ] {
        assert!(fields.contains(want), "{want} not in {problems:?}");
    }
    assert!(is_group_id(GROUP_A) && is_group_id(GROUP_B));
    assert!(!is_group_id("9067c1d2e3-a1b2c3d4-1a2b-3c4d-5e6f") && !is_group_id("Developers"));
}

#[test]
fn more_than_a_stack_can_hold_is_refused_before_any_call() {
    let groups: serde_json::Map<String, Value> = (0..126)
        .map(|i| {
            (
                format!("{i:08x}-0000-0000-0000-000000000000"),
                json!(["admin", "operator", "developer", "readonly"]),
            )
        })
        .collect();
    let file: IdentityCenterFile = serde_json::from_value(json!({"Assignments": [
        {"OrganizationalUnits": ["Root"], "Groups": groups},
    ]}))
    .expect("file");
    let problems = IdentityCenter::check(&file).expect_err("too many");
    assert!(
        problems
            .iter()
            .any(|(f, t)| f == "IdentityCenter.Assignments"
                && t.contains("504")
                && t.contains("500")),
        "{problems:?}"
    );
}
