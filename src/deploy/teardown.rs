//! The order `down` deletes in: a stack after every stack that reads its outputs, and the stacks
//! that give people their access after every other one (the run itself works with that access).

use std::collections::{BTreeMap, BTreeSet};

use crate::params::{AccountDir, Plan};

/// The stacks that give people their access: IAM groups, users, roles that accounts (not
/// services) may assume, Identity Center permission sets and assignments. They go last: deleting iamSetup while other stacks wait would take the
/// admin role (or group) this very run works with, and the run would end half done, denied.
fn access_stacks(account: &AccountDir) -> BTreeSet<&str> {
    let gives_access = |resource: &serde_json::Value| match resource["Type"].as_str() {
        Some(
            "AWS::IAM::Group"
            | "AWS::IAM::User"
            | "AWS::SSO::PermissionSet"
            | "AWS::SSO::Assignment",
        ) => true,
        Some("AWS::IAM::Role") => {
            let trust = &resource["Properties"]["AssumeRolePolicyDocument"]["Statement"];
            trust.as_array().into_iter().flatten().any(|s| {
                s["Principal"].get("AWS").is_some() || s["Principal"].get("Federated").is_some()
            })
        }
        _ => false,
    };
    account
        .stacks
        .iter()
        .filter(|s| {
            s.template.json()["Resources"]
                .as_object()
                .is_some_and(|r| r.values().any(gives_access))
        })
        .map(|s| s.key.as_str())
        .collect()
}

/// What each stack waits for in a teardown: the stacks that read its outputs, and, for a stack
/// that gives people access, every stack that does not.
pub(super) fn waits_for(account: &AccountDir) -> BTreeMap<&str, BTreeSet<&str>> {
    let readers = readers(account);
    let mut waits = readers.clone();
    let access = access_stacks(account);
    for key in &access {
        // Not what the access stack itself reads (directly or further down): those wait for it.
        let reads = reads_transitively(account, key);
        let others = account
            .stacks
            .iter()
            .map(|s| s.key.as_str())
            .filter(|k| !access.contains(k) && !reads.contains(k));
        waits.entry(key).or_default().extend(others);
    }
    // Access stacks reading each other's inputs in a circle: readers first is still right.
    if has_cycle(&waits) {
        return readers;
    }
    waits
}

/// Every stack `key` reads, and what those read, and so on.
fn reads_transitively<'a>(account: &'a AccountDir, key: &str) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![key.to_owned()];
    while let Some(k) = todo.pop() {
        for (_, r) in account
            .stack(&k)
            .map(|s| s.references.as_slice())
            .unwrap_or_default()
        {
            if seen.insert(r.stack.as_str()) {
                todo.push(r.stack.clone());
            }
        }
    }
    seen
}

/// Whether some stack waits, through others, for itself.
fn has_cycle(waits: &BTreeMap<&str, BTreeSet<&str>>) -> bool {
    fn visit<'a>(
        k: &'a str,
        waits: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        path: &mut BTreeSet<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> bool {
        if done.contains(k) {
            return false;
        }
        if !path.insert(k) {
            return true;
        }
        let cyclic = waits
            .get(k)
            .into_iter()
            .flatten()
            .any(|w| visit(w, waits, path, done));
        path.remove(k);
        done.insert(k);
        cyclic
    }
    let (mut path, mut done) = (BTreeSet::new(), BTreeSet::new());
    waits.keys().any(|k| visit(k, waits, &mut path, &mut done))
}

/// The teardown waves of the account: readers first, each wave free of the later ones, the
/// stacks that give people access last.
pub fn waves(account: &AccountDir) -> Vec<Vec<String>> {
    let waits = waits_for(account);
    let mut reads: BTreeMap<&str, Vec<&str>> = account
        .stacks
        .iter()
        .map(|s| (s.key.as_str(), Vec::new()))
        .collect();
    for (key, waiters) in &waits {
        for w in waiters {
            if let Some(r) = reads.get_mut(w) {
                r.push(key);
            }
        }
    }
    let nodes = reads.into_iter();
    // The account loaded, so its graph has no cycle; were it to, the deploy waves backwards
    // still delete readers first.
    Plan::teardown(nodes)
        .map(|p| p.waves)
        .unwrap_or_else(|_| account.plan.waves.iter().rev().cloned().collect())
}

/// The stacks whose parameters read each stack's outputs.
pub(super) fn readers(account: &AccountDir) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut readers: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for stack in &account.stacks {
        for (_, r) in &stack.references {
            readers
                .entry(r.stack.as_str())
                .or_default()
                .insert(stack.key.as_str());
        }
    }
    readers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_circle_of_waits_is_found_and_a_chain_is_not() {
        let set = |ks: &[&'static str]| ks.iter().copied().collect::<BTreeSet<&str>>();
        let chain = BTreeMap::from([("a", set(&["b"])), ("b", set(&["c"])), ("c", set(&[]))]);
        assert!(!has_cycle(&chain));
        // An access stack that reads a stack which must wait for it: the circle the access rule
        // would make if it did not leave out what the access stack reads.
        let circle = BTreeMap::from([("role", set(&["topic"])), ("topic", set(&["role"]))]);
        assert!(has_cycle(&circle));
    }
}
