//! Statement-wise comparison of two sets of policy documents: the action × resource pairs (and,
//! for trust and resource policies, the principals) one side allows and the other does not, and
//! the Deny statements one side has and the other lost or narrowed.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::iam::eval::{evaluate, glob, NamedPolicy, Request};

/// The request contexts both sides are asked in: without MFA, then with a fresh MFA sign-in (a
/// gain only there is said to need MFA).
fn contexts(request: Request) -> [(Request, &'static str); 2] {
    let with_mfa = request
        .clone()
        .with("aws:MultiFactorAuthPresent", "true")
        .with("aws:MultiFactorAuthAge", "0");
    [(request, ""), (with_mfa, " with MFA")]
}

/// A statement field read as a list of strings (a string, a list, or absent).
pub(super) fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Every statement of the documents, a lone statement object read as a list of one.
pub(super) fn statements(policies: &[NamedPolicy]) -> Vec<&Value> {
    policies
        .iter()
        .flat_map(|p| match &p.document["Statement"] {
            Value::Array(items) => items.iter().collect::<Vec<_>>(),
            Value::Null => Vec::new(),
            one => vec![one],
        })
        .collect()
}

/// The principals a statement names: `*`, or the ARNs and service names under `AWS`/`Service`.
fn principals(statement: &Value) -> Vec<String> {
    match &statement["Principal"] {
        Value::String(s) => vec![s.clone()],
        Value::Object(m) => m.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// A statement's Sid, or its JSON when it has none.
fn sid(statement: &Value) -> String {
    statement["Sid"]
        .as_str()
        .map_or_else(|| statement.to_string(), str::to_owned)
}

/// What `from` allows that `to` does not, one line each; `with_principals` asks as each principal
/// a statement names (trust and resource policies), else as the identity itself.
pub(super) fn allowed_only_by(
    from: &[NamedPolicy],
    to: &[NamedPolicy],
    with_principals: bool,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // Denies are compared on their own (`denied_only_by`): here only what the Allows allow.
    let (from, to) = (&allows(from), &allows(to));
    let written: Vec<&Value> = statements(to);
    for s in statements(from) {
        if s.get("NotAction").is_some() || s.get("NotResource").is_some() {
            // Not enumerable: an unchanged statement is no change, any other is.
            if !written.contains(&s) {
                out.insert(format!("statement {} (NotAction/NotResource)", sid(s)));
            }
            continue;
        }
        let who: Vec<Option<String>> = if with_principals {
            principals(s).into_iter().map(Some).collect()
        } else {
            vec![None]
        };
        // A trust policy names no resource: the role itself, asked as `*`.
        let mut resources = strings(&s["Resource"]);
        if resources.is_empty() {
            resources.push("*".to_owned());
        }
        for action in strings(&s["Action"]) {
            for resource in &resources {
                for principal in &who {
                    if let Some(line) = pair_only_by(from, to, s, &action, resource, principal) {
                        out.insert(line);
                    }
                }
            }
        }
    }
    out
}

/// One pair of a statement of `from`: the line to report when `to` does not allow it too.
fn pair_only_by(
    from: &[NamedPolicy],
    to: &[NamedPolicy],
    statement: &Value,
    action: &str,
    resource: &str,
    principal: &Option<String>,
) -> Option<String> {
    let mut request = Request::new(action, resource);
    if let Some(p) = principal {
        request = request.by(p);
    }
    let by = principal
        .as_ref()
        .map(|p| format!("{p} may "))
        .unwrap_or_default();
    // A wildcard is asked as written: `s3:Get*` against the other side's patterns.
    let wild = if action.contains(['*', '?']) {
        " (wildcard, asked as written)"
    } else {
        ""
    };
    let [(plain, _), (mfa, with_mfa)] = contexts(request);
    let ever = [&plain, &mfa].map(|r| evaluate(from, r).allowed());
    let other = [&plain, &mfa].map(|r| evaluate(to, r).allowed());
    let context = match (ever, other) {
        // Allowed with MFA before: what is new is not needing it (a condition removed).
        ([true, _], [false, true]) => Some(" without MFA"),
        ([true, _], [false, false]) => Some(""),
        ([_, true], [_, false]) => Some(with_mfa),
        _ => None,
    };
    if let Some(context) = context {
        return Some(format!("{by}{action} on {resource}{context}{wild}"));
    }
    // Conditions neither context meets: asked of the statements with the same conditions.
    let covered = statements(to)
        .iter()
        .any(|t| covers(t, statement, action, &[resource.to_owned()]));
    (!ever.contains(&true) && !covered)
        .then(|| format!("{by}{action} on {resource} under its conditions{wild}"))
}

/// The policies with their Allow statements only.
fn allows(policies: &[NamedPolicy]) -> Vec<NamedPolicy> {
    policies
        .iter()
        .map(|p| {
            let mut document = p.document.clone();
            let kept: Vec<Value> = statements(std::slice::from_ref(p))
                .into_iter()
                .filter(|s| s["Effect"] == "Allow")
                .cloned()
                .collect();
            document["Statement"] = Value::Array(kept);
            NamedPolicy {
                name: p.name.clone(),
                document,
            }
        })
        .collect()
}

/// True when statement `t` has the effect, principals and conditions of `s`, one of its actions
/// matches `action` and its resources cover `resources`: the textual compare where the evaluator
/// cannot be asked.
fn covers(t: &Value, s: &Value, action: &str, resources: &[String]) -> bool {
    let own = strings(&t["Resource"]);
    t["Effect"] == s["Effect"]
        && t["Condition"] == s["Condition"]
        && t["Principal"] == s["Principal"]
        && t.get("NotAction").is_none()
        && t.get("NotResource").is_none()
        && resources
            .iter()
            .all(|r| own.iter().any(|p| glob(p, r)) || (own.is_empty() && t["Resource"].is_null()))
        && strings(&t["Action"])
            .iter()
            .any(|p| glob(&p.to_lowercase(), &action.to_lowercase()))
}

/// The Deny statements of `from` whose actions `to` no longer denies, one line per action: a
/// Deny of `to` covers one when it has the same principals and conditions, its resources cover
/// the old ones and one of its actions matches.
pub(super) fn denied_only_by(from: &[NamedPolicy], to: &[NamedPolicy]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let denies: Vec<&Value> = statements(to)
        .into_iter()
        .filter(|s| s["Effect"] == "Deny")
        .collect();
    for s in statements(from) {
        if s["Effect"] != "Deny" {
            continue;
        }
        if s.get("NotAction").is_some() || s.get("NotResource").is_some() {
            if !denies.contains(&s) {
                out.insert(format!("Deny {} (NotAction/NotResource)", sid(s)));
            }
            continue;
        }
        let resources = strings(&s["Resource"]);
        for action in strings(&s["Action"]) {
            let covered = denies.iter().any(|d| covers(d, s, &action, &resources));
            if !covered {
                out.insert(format!("Deny {} {action}", sid(s)));
            }
        }
    }
    out
}
