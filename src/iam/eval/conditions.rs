//! The `Condition` block of a statement: every operator's every key must hold. The operators the
//! evaluator knows are the single-valued string, numeric, ARN, `Bool` and `Null` tests, with or
//! without `IfExists`; any other operator never grants.

use serde_json::Value;

use super::matching::{glob, strings, substitute};
use super::request::Request;

/// One condition operator applied to one key.
fn condition_holds(operator: &str, key: &str, wanted: &[String], request: &Request) -> bool {
    let (base, if_exists) = match operator.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (operator, false),
    };
    let Some(actual) = request.context.get(key) else {
        return match base {
            "Null" => wanted.iter().any(|w| w == "true"),
            _ if if_exists => true,
            // Negated operators hold when the key is absent.
            _ => base.contains("Not"),
        };
    };
    let any =
        |f: &dyn Fn(&str, &str) -> bool| actual.iter().any(|a| wanted.iter().any(|w| f(w, a)));
    let num = |s: &str| s.parse::<f64>().ok();
    let numeric = |f: fn(f64, f64) -> bool| {
        any(&|w, a| matches!((num(a), num(w)), (Some(a), Some(w)) if f(a, w)))
    };
    let arn_like = |w: &str, a: &str| substitute(w, request).is_some_and(|w| glob(&w, a));
    match base {
        "Null" => wanted.iter().any(|w| w == "false"),
        "Bool" => any(&|w, a| w.eq_ignore_ascii_case(a)),
        "StringEquals" | "ArnEquals" => any(&|w, a| substitute(w, request).is_some_and(|w| w == a)),
        "StringNotEquals" | "ArnNotEquals" => {
            !any(&|w, a| substitute(w, request).is_some_and(|w| w == a))
        }
        "StringEqualsIgnoreCase" => any(&|w, a| w.eq_ignore_ascii_case(a)),
        "StringLike" | "ArnLike" => any(&arn_like),
        "StringNotLike" | "ArnNotLike" => !any(&arn_like),
        "NumericEquals" => numeric(|a, w| a == w),
        "NumericNotEquals" => !numeric(|a, w| a == w),
        "NumericLessThan" => numeric(|a, w| a < w),
        "NumericLessThanEquals" => numeric(|a, w| a <= w),
        "NumericGreaterThan" => numeric(|a, w| a > w),
        "NumericGreaterThanEquals" => numeric(|a, w| a >= w),
        // An operator this evaluator does not know never grants: it fails the statement.
        _ => false,
    }
}

/// True when every test of a `Condition` block holds (a missing block holds).
pub(super) fn conditions_hold(condition: &Value, request: &Request) -> bool {
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
