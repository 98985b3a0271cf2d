//! The evaluator `check` used before every IAM operator was known, kept verbatim in logic (test
//! code only) so that the property in `equivalence_tests.rs` can compare the two.

use serde_json::Value;

use crate::iam::eval::{glob, Decision, NamedPolicy, Request, StatementRef};

fn substitute(pattern: &str, request: &Request) -> Option<String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}')?;
        let key = &after[..end];
        match key {
            "*" | "?" | "$" => out.push_str(key),
            _ => out.push_str(request.context.get(key)?.first()?),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::String(s) => vec![s.clone()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Number(n) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

fn principal_matches(principal: &Value, request: &Request) -> bool {
    let Some(caller) = &request.principal else {
        return true;
    };
    let account_of = |arn: &str| arn.split(':').nth(4).map(str::to_owned);
    let candidates = match principal {
        Value::String(s) if s == "*" => return true,
        Value::Object(map) => map.get("AWS").map(strings).unwrap_or_default(),
        _ => Vec::new(),
    };
    candidates.iter().any(|p| {
        p == "*"
            || p == caller
            || (p.ends_with(":root") && account_of(p) == account_of(caller))
            || (p.len() == 12
                && p.chars().all(|c| c.is_ascii_digit())
                && account_of(caller).as_deref() == Some(p))
    })
}

fn condition_holds(operator: &str, key: &str, wanted: &[String], request: &Request) -> bool {
    let (rest, if_exists) = match operator.strip_suffix("IfExists") {
        Some(r) => (r, true),
        None => (operator, false),
    };
    let qualified = rest.starts_with("ForAllValues:") || rest.starts_with("ForAnyValue:");
    let test = rest
        .trim_start_matches("ForAllValues:")
        .trim_start_matches("ForAnyValue:");
    let Some(actual) = request.context.get(key) else {
        return match test {
            "Null" if !qualified => wanted.iter().any(|w| w == "true"),
            _ if if_exists => true,
            _ => test.contains("Not"),
        };
    };
    if qualified {
        return false;
    }
    let any =
        |f: &dyn Fn(&str, &str) -> bool| actual.iter().any(|a| wanted.iter().any(|w| f(w, a)));
    let num = |s: &str| s.parse::<f64>().ok();
    let numeric = |f: fn(f64, f64) -> bool| {
        any(&|w, a| matches!((num(a), num(w)), (Some(a), Some(w)) if f(a, w)))
    };
    let equals = |w: &str, a: &str| substitute(w, request).is_some_and(|w| w == a);
    let like = |w: &str, a: &str| substitute(w, request).is_some_and(|w| glob(&w, a));
    match test {
        "Null" => wanted.iter().any(|w| w == "false"),
        "Bool" => any(&|w, a| w.eq_ignore_ascii_case(a)),
        "StringEquals" | "ArnEquals" => any(&equals),
        "StringNotEquals" | "ArnNotEquals" => !any(&equals),
        "StringEqualsIgnoreCase" => any(&|w, a| w.eq_ignore_ascii_case(a)),
        "StringLike" | "ArnLike" => any(&like),
        "StringNotLike" | "ArnNotLike" => !any(&like),
        "NumericEquals" => numeric(|a, w| a == w),
        "NumericNotEquals" => !numeric(|a, w| a == w),
        "NumericLessThan" => numeric(|a, w| a < w),
        "NumericLessThanEquals" => numeric(|a, w| a <= w),
        "NumericGreaterThan" => numeric(|a, w| a > w),
        "NumericGreaterThanEquals" => numeric(|a, w| a >= w),
        _ => false,
    }
}

fn conditions_hold(condition: &Value, request: &Request) -> bool {
    let Some(operators) = condition.as_object() else {
        return true;
    };
    operators.iter().all(|(operator, tests)| {
        tests.as_object().is_some_and(|keys| {
            keys.iter()
                .all(|(key, values)| condition_holds(operator, key, &strings(values), request))
        })
    })
}

fn applies(statement: &Value, request: &Request) -> bool {
    let action = |p: &[String]| {
        p.iter()
            .any(|p| glob(&p.to_lowercase(), &request.action.to_lowercase()))
    };
    let resource = |p: &[String]| {
        p.iter()
            .any(|p| substitute(p, request).is_some_and(|p| glob(&p, &request.resource)))
    };
    let action_ok = match (statement.get("Action"), statement.get("NotAction")) {
        (Some(a), _) => action(&strings(a)),
        (None, Some(n)) => !action(&strings(n)),
        _ => false,
    };
    let resource_ok = match (statement.get("Resource"), statement.get("NotResource")) {
        (Some(r), _) => resource(&strings(r)),
        (None, Some(n)) => !resource(&strings(n)),
        (None, None) => true,
    };
    let principal_ok = statement
        .get("Principal")
        .is_none_or(|p| principal_matches(p, request));
    action_ok
        && resource_ok
        && principal_ok
        && conditions_hold(statement.get("Condition").unwrap_or(&Value::Null), request)
}

/// The old `evaluate`.
pub(super) fn evaluate(policies: &[NamedPolicy], request: &Request) -> Decision {
    let mut allow = None;
    for policy in policies {
        let statements = match &policy.document["Statement"] {
            Value::Array(items) => items.clone(),
            one @ Value::Object(_) => vec![one.clone()],
            _ => Vec::new(),
        };
        for (i, statement) in statements.iter().enumerate() {
            if !applies(statement, request) {
                continue;
            }
            let at = StatementRef {
                policy: policy.name.clone(),
                statement: statement["Sid"]
                    .as_str()
                    .map_or_else(|| format!("#{}", i + 1), str::to_owned),
            };
            match statement["Effect"].as_str() {
                Some("Deny") => return Decision::Deny(at),
                Some("Allow") if allow.is_none() => allow = Some(at),
                _ => {}
            }
        }
    }
    allow.map_or(Decision::ImplicitDeny, Decision::Allow)
}
