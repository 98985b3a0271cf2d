//! Property: on every policy `hydrate render` produces today (the rendered `stacks/*.json` and
//! the `params/example` account), the sound evaluator decides exactly as the old one did, for
//! every action each statement names on its own resources, with and without MFA, in and out of region —
//! except the STS actions that need no permission, which the old one denied implicitly.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::identities::identities;
use super::legacy_eval_tests as legacy;
use crate::iam::eval::{evaluate, Decision, NamedPolicy, Request};

const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";

fn rendered_stacks() -> BTreeMap<String, Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("stacks");
    std::fs::read_dir(&dir)
        .expect("stacks/ is readable")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p
                .file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&p).expect("readable");
            (name, serde_json::from_str(&text).expect("JSON"))
        })
        .collect()
}

fn example_account() -> BTreeMap<String, Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example");
    let account = crate::params::AccountDir::load(&dir).expect("example loads");
    account
        .stacks
        .iter()
        .filter_map(|s| match &s.source {
            crate::params::TemplateSource::Catalog { name, .. } => {
                Some(((*name).to_owned(), s.template.json().clone()))
            }
            crate::params::TemplateSource::File(_)
            | crate::params::TemplateSource::Generated(_) => None,
        })
        .collect()
}

/// The strings of a statement's value (one string or a list).
fn listed(value: &Value) -> Vec<String> {
    match value {
        Value::String(v) => vec![v.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// The (action, resource) pairs to try: each statement's actions (wildcards filled in) on its
/// own resources, on `*` and on `extra`.
fn pairs(policies: &[NamedPolicy], extra: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for p in policies {
        let statements = match &p.document["Statement"] {
            Value::Array(items) => items.clone(),
            one => vec![one.clone()],
        };
        for s in &statements {
            let mut actions = listed(&s["Action"]);
            actions.extend(listed(&s["NotAction"]));
            actions.extend(["ec2:RunInstances".to_owned(), "sts:AssumeRole".to_owned()]);
            let mut resources = listed(&s["Resource"]);
            resources.extend(listed(&s["NotResource"]));
            resources.extend(["*".to_owned(), extra.to_owned()]);
            for a in &actions {
                for r in &resources {
                    let action = a.replace('*', "Delete").replace('?', "x");
                    out.insert((action, r.replace("${aws:username}", "alice")));
                }
            }
        }
    }
    out
}

/// Each pair asked without MFA, with fresh MFA (in and out of the account's region), with MFA
/// denied, and with MFA past every trust policy's age limit.
fn requests(pairs: &BTreeSet<(String, String)>) -> Vec<Request> {
    let fresh: &[(&str, &str)] = &[
        ("aws:MultiFactorAuthPresent", "true"),
        ("aws:MultiFactorAuthAge", "60"),
    ];
    let stale: &[(&str, &str)] = &[
        ("aws:MultiFactorAuthPresent", "true"),
        ("aws:MultiFactorAuthAge", "7200"),
    ];
    let sessions: [(&[(&str, &str)], &str); 5] = [
        (&[], REGION),
        (fresh, REGION),
        (fresh, "ap-south-1"),
        (&[("aws:MultiFactorAuthPresent", "false")], REGION),
        (stale, REGION),
    ];
    let mut out = Vec::new();
    for (action, resource) in pairs {
        for (session, region) in sessions {
            let base = Request::new(action, resource)
                .by(&format!("arn:aws:iam::{ACCOUNT}:user/alice"))
                .with("aws:username", "alice")
                .with("aws:RequestedRegion", region)
                .with("aws:SecureTransport", "true");
            out.push(session.iter().fold(base, |r, (k, v)| r.with(k, v)));
        }
    }
    out
}

fn same_answers(templates: &BTreeMap<String, Value>) -> usize {
    let ids = identities(templates, ACCOUNT, REGION);
    let mut compared = 0;
    for identity in &ids.all {
        let sets: Vec<Vec<NamedPolicy>> = std::iter::once(identity.policies.clone())
            .chain(identity.trust.clone().map(|t| vec![t]))
            .collect();
        for policies in sets {
            for request in requests(&pairs(&policies, &identity.arn)) {
                let needs_no_permission = ["sts:GetCallerIdentity", "sts:GetSessionToken"]
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(&request.action));
                if needs_no_permission {
                    continue;
                }
                let (old, new) = (
                    legacy::evaluate(&policies, &request),
                    evaluate(&policies, &request),
                );
                assert_eq!(
                    old, new,
                    "{}.{}: {} on {} with {:?}",
                    identity.stack, identity.id, request.action, request.resource, request.context
                );
                assert!(!matches!(new, Decision::Unknown(_)));
                compared += 1;
            }
        }
    }
    compared
}

#[test]
fn the_sound_evaluator_answers_as_the_old_one_on_every_rendered_policy() {
    let (stacks, example) = (rendered_stacks(), example_account());
    let mut compared = same_answers(&example);
    // stacks/ is usually the example's render: compare again only the templates that differ.
    let differing: BTreeMap<String, Value> = stacks
        .into_iter()
        .filter(|(name, t)| example.get(name) != Some(t))
        .collect();
    compared += same_answers(&differing);
    assert!(compared > 5_000, "{compared} requests compared");
}
