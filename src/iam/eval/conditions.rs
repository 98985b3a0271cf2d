//! The `Condition` block of a statement: every operator's every key must hold. The operators the
//! evaluator knows are the single-valued string, numeric, ARN, `Bool` and `Null` tests, with or
//! without `IfExists`; any other operator, or one with a set qualifier, never grants.

use serde_json::Value;

use super::matching::{glob, strings, substitute};
use super::request::Request;
use crate::iam::operator::{ConditionOperator, OperatorKind};

/// True when every test of a `Condition` block holds (a missing block holds).
pub(super) fn conditions_hold(condition: &Value, request: &Request) -> bool {
    let Some(operators) = condition.as_object() else {
        return true;
    };
    operators.iter().all(|(operator, tests)| {
        let operator = ConditionOperator::from(operator.as_str());
        tests.as_object().is_some_and(|keys| {
            keys.iter()
                .all(|(key, values)| condition_holds(&operator, key, &strings(values), request))
        })
    })
}

/// One condition operator applied to one key.
fn condition_holds(
    operator: &ConditionOperator,
    key: &str,
    wanted: &[String],
    request: &Request,
) -> bool {
    match request.context.get(key) {
        Some(actual) => present_holds(operator, actual, wanted, request),
        None => absent_holds(operator, wanted),
    }
}

/// The operator on a key the request does not carry.
fn absent_holds(operator: &ConditionOperator, wanted: &[String]) -> bool {
    match operator {
        ConditionOperator {
            qualifier: None,
            kind: OperatorKind::Null,
            ..
        } => wanted.iter().any(|w| w == "true"),
        ConditionOperator {
            if_exists: true, ..
        } => true,
        // Negated operators hold when the key is absent.
        ConditionOperator { kind, .. } => kind.is_negated(),
    }
}

/// The operator on the values the request carries for its key.
fn present_holds(
    operator: &ConditionOperator,
    actual: &[String],
    wanted: &[String],
    request: &Request,
) -> bool {
    if operator.qualifier.is_some() {
        // Set qualifiers are not evaluated yet: like an unknown operator, they never grant.
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
    match operator.kind {
        OperatorKind::Null => wanted.iter().any(|w| w == "false"),
        OperatorKind::Bool => any(&|w, a| w.eq_ignore_ascii_case(a)),
        OperatorKind::StringEquals | OperatorKind::ArnEquals => any(&equals),
        OperatorKind::StringNotEquals | OperatorKind::ArnNotEquals => !any(&equals),
        OperatorKind::StringEqualsIgnoreCase => any(&|w, a| w.eq_ignore_ascii_case(a)),
        OperatorKind::StringLike | OperatorKind::ArnLike => any(&like),
        OperatorKind::StringNotLike | OperatorKind::ArnNotLike => !any(&like),
        OperatorKind::NumericEquals => numeric(|a, w| a == w),
        OperatorKind::NumericNotEquals => !numeric(|a, w| a == w),
        OperatorKind::NumericLessThan => numeric(|a, w| a < w),
        OperatorKind::NumericLessThanEquals => numeric(|a, w| a <= w),
        OperatorKind::NumericGreaterThan => numeric(|a, w| a > w),
        OperatorKind::NumericGreaterThanEquals => numeric(|a, w| a >= w),
        // An operator this evaluator does not know never grants: it fails the statement.
        OperatorKind::Other(_) => false,
    }
}
