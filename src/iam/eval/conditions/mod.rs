//! The `Condition` block of a statement: every operator's every key must hold (AND), any of a
//! key's policy values may match (OR). Absent keys, `...IfExists`, `Null`, and the set qualifiers
//! `ForAllValues:` / `ForAnyValue:` with IAM's empty-set rules are decided here; the tests
//! themselves live in one file per operator family. An operator the evaluator does not know, or
//! a malformed block, is [`Malformed`]: the evaluator cannot decide, and says so.

mod binary;
mod compare;
mod date;
mod ip;

use serde_json::Value;

use super::matching::strings;
use super::request::Request;
use super::variables::Variables;
use crate::iam::operator::{ConditionOperator, OperatorKind, SetQualifier};
use compare::{check_policy_value, positive, value_matches};

/// The evaluator cannot decide this condition: an unknown operator or a malformed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Malformed;

/// A condition's truth, or that it cannot be decided.
pub(super) type Tested = Result<bool, Malformed>;

/// Kleene AND over tests: a definite `false` wins over an undecidable one.
fn all(tests: impl IntoIterator<Item = Tested>) -> Tested {
    let mut unknown = false;
    for t in tests {
        match t {
            Ok(false) => return Ok(false),
            Err(Malformed) => unknown = true,
            Ok(true) => {}
        }
    }
    if unknown {
        Err(Malformed)
    } else {
        Ok(true)
    }
}

/// Kleene OR over tests: a definite `true` wins over an undecidable one.
fn any(tests: impl IntoIterator<Item = Tested>) -> Tested {
    all(tests.into_iter().map(|t| t.map(|b| !b))).map(|b| !b)
}

/// Whether every test of a `Condition` block holds (a missing block holds).
pub(super) fn conditions_hold(
    condition: Option<&Value>,
    request: &Request,
    vars: Variables,
) -> Tested {
    let Some(condition) = condition else {
        return Ok(true);
    };
    let operators = condition.as_object().ok_or(Malformed)?;
    all(operators.iter().map(|(operator, tests)| {
        let operator = ConditionOperator::from(operator.as_str());
        let keys = tests.as_object().ok_or(Malformed)?;
        all(keys
            .iter()
            .map(|(key, values)| condition_holds(&operator, key, values, request, vars)))
    }))
}

/// One condition operator applied to one key.
fn condition_holds(
    operator: &ConditionOperator,
    key: &str,
    values: &Value,
    request: &Request,
    vars: Variables,
) -> Tested {
    let wanted = strings(values).ok_or(Malformed)?;
    if operator.kind == OperatorKind::Null {
        return null_holds(operator, &wanted, request.values(key).is_some());
    }
    let (kind, negated) = positive(&operator.kind).ok_or(Malformed)?;
    for w in &wanted {
        check_policy_value(&kind, w)?;
    }
    let Some(actual) = request.values(key) else {
        return Ok(match operator.qualifier {
            _ if operator.if_exists => true,
            // IAM: ForAllValues holds when the key is absent; ForAnyValue does not.
            Some(SetQualifier::ForAllValues) => true,
            Some(SetQualifier::ForAnyValue) => false,
            None => negated,
        });
    };
    // A policy variable naming an absent key makes the comparison fail, whatever the operator.
    let wanted = match compare::resolve(&kind, &wanted, request, vars) {
        Some(wanted) => wanted,
        None => return Ok(false),
    };
    let one = |a: &str| -> Tested {
        let hit = any(wanted.iter().map(|w| value_matches(&kind, w, a)))?;
        Ok(hit != negated)
    };
    match operator.qualifier {
        None => {
            let hit = any(actual.iter().map(|a| value_matches_any(&kind, &wanted, a)))?;
            Ok(hit != negated)
        }
        Some(q) if actual.iter().all(String::is_empty) => Ok(q == SetQualifier::ForAllValues),
        Some(SetQualifier::ForAllValues) => all(actual.iter().map(|a| one(a))),
        Some(SetQualifier::ForAnyValue) => any(actual.iter().map(|a| one(a))),
    }
}

/// Any policy value matches this request value (the operator's positive form).
fn value_matches_any(kind: &OperatorKind, wanted: &[compare::Wanted], actual: &str) -> Tested {
    any(wanted.iter().map(|w| value_matches(kind, w, actual)))
}

/// `Null`: `true` holds when the key is absent, `false` when present. It takes neither a set
/// qualifier nor `IfExists` (IAM documents no meaning for them).
fn null_holds(operator: &ConditionOperator, wanted: &[String], present: bool) -> Tested {
    if operator.qualifier.is_some() || operator.if_exists {
        return Err(Malformed);
    }
    any(wanted
        .iter()
        .map(|w| match w.to_ascii_lowercase().as_str() {
            "true" => Ok(!present),
            "false" => Ok(present),
            _ => Err(Malformed),
        }))
}
