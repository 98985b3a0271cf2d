//! Property: on every policy `hydrate render` produces today (the rendered `stacks/*.json` and
//! the `params/example` account), the sound evaluator decides exactly as the old one did, for
//! every action and resource the policies name, with and without MFA, in and out of region —
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
            crate::params::TemplateSource::File(_) => None,
        })
        .collect()
}

/// Every string under the given keys of every statement (`Action`, `Resource`, …).
fn named(policies: &[&NamedPolicy], keys: &[&str], out: &mut BTreeSet<String>) {
    for p in policies {
        let statements = match &p.document["Statement"] {
            Value::Array(items) => items.clone(),
            one => vec![one.clone()],
        };
        for s in &statements {
            for key in keys {
                match &s[*key] {
                    Value::String(v) => {
                        out.insert(v.clone());
                    }
                    Value::Array(items) => {
                        out.extend(items.iter().filter_map(Value::as_str).map(str::to_owned))
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The requests to try: each action (wildcards filled in) on each resource, in four sessions.
fn requests(actions: &BTreeSet<String>, resources: &BTreeSet<String>) -> Vec<Request> {
    let sessions: [&[(&str, &str)]; 4] = [
        &[],
        &[
            ("aws:MultiFactorAuthPresent", "true"),
            ("aws:MultiFactorAuthAge", "60"),
        ],
        &[("aws:MultiFactorAuthPresent", "false")],
        &[
            ("aws:MultiFactorAuthPresent", "true"),
            ("aws:MultiFactorAuthAge", "7200"),
        ],
    ];
    let mut out = Vec::new();
    for action in actions {
        let action = action.replace('*', "Delete").replace('?', "x");
        for resource in resources {
            let resource = resource.replace("${aws:username}", "alice");
            for session in sessions {
                for region in [REGION, "ap-south-1"] {
                    let base = Request::new(&action, &resource)
                        .by(&format!("arn:aws:iam::{ACCOUNT}:user/alice"))
                        .with("aws:username", "alice")
                        .with("aws:RequestedRegion", region)
                        .with("aws:SecureTransport", "true");
                    out.push(session.iter().fold(base, |r, (k, v)| r.with(k, v)));
                }
            }
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
            let refs: Vec<&NamedPolicy> = policies.iter().collect();
            let (mut actions, mut resources) = (BTreeSet::new(), BTreeSet::new());
            named(&refs, &["Action", "NotAction"], &mut actions);
            named(&refs, &["Resource", "NotResource"], &mut resources);
            actions.extend(["ec2:RunInstances".to_owned(), "sts:AssumeRole".to_owned()]);
            resources.insert("*".to_owned());
            resources.insert(identity.arn.clone());
            for request in requests(&actions, &resources) {
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
    let stacks = same_answers(&rendered_stacks());
    let example = same_answers(&example_account());
    assert!(
        stacks > 5_000 && example > 5_000,
        "{stacks} and {example} requests compared"
    );
}
