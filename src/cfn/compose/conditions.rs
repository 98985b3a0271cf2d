//! The composite's conditions: each part's, simplified once its parameters are bound, identical
//! definitions merged into one name, and `BundleInHomeRegion` — true in the region the global
//! parts live in — combined with a global part's own conditions.

use indexmap::IndexMap;
use serde_json::{json, Value};

use super::names::Renames;
use super::rewrite::rename_condition_refs;

/// The condition true in the home region only; every resource and output of a global part has it.
pub const IN_HOME_REGION: &str = "BundleInHomeRegion";

/// The definition of [`IN_HOME_REGION`].
pub(super) fn in_home_region(home: &str) -> Value {
    simplify(json!({ "Fn::Equals": [{ "Ref": "AWS::Region" }, home] }))
}

/// The truth of a comparison of two literals, known before deployment.
fn constant(value: &Value) -> Option<bool> {
    let args = value.get("Fn::Equals")?.as_array()?;
    let literal = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match args.as_slice() {
        [a, b] => Some(literal(a)? == literal(b)?),
        _ => None,
    }
}

/// A condition with literal comparisons folded out of `Fn::Or`/`Fn::And` and `Fn::Equals`'
/// arguments in one order, so two definitions that mean the same compare equal. A bound
/// `HomeRegion` turns a part's `InHomeRegion` into exactly [`IN_HOME_REGION`]'s definition.
pub(super) fn simplify(value: Value) -> Value {
    let Value::Object(map) = &value else {
        return value;
    };
    let Some((key, arg)) = map.iter().next().filter(|_| map.len() == 1) else {
        return value;
    };
    let Some(args) = arg.as_array() else {
        return value;
    };
    let args: Vec<Value> = args.iter().cloned().map(simplify).collect();
    match key.as_str() {
        "Fn::Equals" => {
            let mut sorted = args;
            sorted.sort_by_key(Value::to_string);
            json!({ "Fn::Equals": sorted })
        }
        "Fn::Or" | "Fn::And" => {
            // The value that leaves the result unchanged: false in Or, true in And.
            let neutral = key == "Fn::And";
            if args.iter().any(|a| constant(a) == Some(!neutral)) {
                return json!({ key: args });
            }
            let kept: Vec<Value> = args
                .iter()
                .filter(|a| constant(a) != Some(neutral))
                .cloned()
                .collect();
            match kept.len() {
                0 => json!({ key: args }),
                1 => kept.into_iter().next().unwrap_or_default(),
                _ => json!({ key: kept }),
            }
        }
        _ => json!({ key: args }),
    }
}

/// Merges conditions with identical definitions into the first of them (`first` wins over all:
/// it is listed first). Returns the definitions kept and, for every name given, the name it
/// now goes by.
pub(super) fn merge(mut bodies: IndexMap<String, Value>) -> (IndexMap<String, Value>, Renames) {
    let mut total: Renames = bodies.keys().map(|k| (k.clone(), k.clone())).collect();
    loop {
        let mut seen: IndexMap<String, String> = IndexMap::new();
        let mut alias = Renames::new();
        for (name, body) in &bodies {
            let text = body.to_string();
            match seen.get(&text) {
                Some(first) => {
                    alias.insert(name.clone(), first.clone());
                }
                None => {
                    seen.insert(text, name.clone());
                }
            }
        }
        if alias.is_empty() {
            return (bodies, total);
        }
        bodies.retain(|name, _| !alias.contains_key(name));
        for target in total.values_mut() {
            if let Some(new) = alias.get(target.as_str()) {
                *target = new.clone();
            }
        }
        // Conditions built on merged ones may now be identical too: go round again.
        for body in bodies.values_mut() {
            rename_condition_refs(body, &alias);
        }
    }
}

/// `Fn::And` of two conditions, for a global part's resource that has a condition of its own.
pub(super) fn both(first: &str, second: &str) -> Value {
    json!({ "Fn::And": [{ "Condition": first }, { "Condition": second }] })
}
