//! Whether two policy documents say the same thing, read as IAM reads them: statement order,
//! value order, one value written as a string or a list, and the case of action names and
//! condition keys do not matter.

use serde_json::{Map, Value};

/// True when both documents grant and deny the same.
pub(crate) fn same_policy(a: &Value, b: &Value) -> bool {
    normal(a) == normal(b)
}

/// The document in one canonical spelling: statements sorted, value lists sorted, actions and
/// condition keys lower-cased.
pub(crate) fn normal(doc: &Value) -> Value {
    let mut statements: Vec<Value> = list(&doc["Statement"]).iter().map(statement).collect();
    statements.sort_by_key(Value::to_string);
    serde_json::json!({ "Version": doc["Version"], "Statement": statements })
}

/// A value that may be one item or a list, as a list.
fn list(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.clone(),
        Value::Null => Vec::new(),
        one => vec![one.clone()],
    }
}

/// A string-or-list as a sorted list of strings, lower-cased when `fold` (IAM ignores their case).
fn strings(value: &Value, fold: bool) -> Value {
    let mut items: Vec<String> = list(value)
        .iter()
        .map(|v| match v {
            Value::String(s) if fold => s.to_ascii_lowercase(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    items.sort();
    items.dedup();
    Value::from(items)
}

fn statement(s: &Value) -> Value {
    let mut out = Map::new();
    let Some(fields) = s.as_object() else {
        return s.clone();
    };
    for (field, value) in fields {
        let normal = match field.as_str() {
            "Action" | "NotAction" => strings(value, true),
            "Resource" | "NotResource" => strings(value, false),
            "Principal" | "NotPrincipal" => match value {
                Value::Object(kinds) => Value::Object(
                    kinds
                        .iter()
                        .map(|(k, v)| (k.clone(), strings(v, false)))
                        .collect(),
                ),
                other => other.clone(),
            },
            "Condition" => condition(value),
            _ => value.clone(),
        };
        out.insert(field.clone(), normal);
    }
    Value::Object(out)
}

/// `{operator: {key: values}}` with keys lower-cased and values sorted.
fn condition(value: &Value) -> Value {
    let Some(operators) = value.as_object() else {
        return value.clone();
    };
    Value::Object(
        operators
            .iter()
            .map(|(op, tests)| {
                let tests = tests
                    .as_object()
                    .map(|t| {
                        t.iter()
                            .map(|(k, v)| (k.to_ascii_lowercase(), strings(v, false)))
                            .collect::<Map<String, Value>>()
                    })
                    .unwrap_or_default();
                (op.clone(), Value::Object(tests))
            })
            .collect(),
    )
}
