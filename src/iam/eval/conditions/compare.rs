//! One policy value against one request value, per operator family: strings (exact, ignoring
//! case, globs), numbers, dates, `Bool`, binary, IP ranges and ARNs (compared per colon-separated
//! component). Negated operators are their positive form, inverted by the caller.

use super::{binary, date, ip, Malformed, Tested};
use crate::iam::eval::matching::{glob_tokens, glob_with, literal, Tok};
use crate::iam::eval::request::Request;
use crate::iam::eval::variables::{substitute, Variables};
use crate::iam::operator::OperatorKind;

/// A policy value ready to compare: variables substituted where the operator allows them.
pub(super) type Wanted = Vec<Tok>;

/// The positive form of a test and whether the operator negates it; none for an operator the
/// evaluator does not know (and for `Null`, which is decided apart).
pub(super) fn positive(kind: &OperatorKind) -> Option<(OperatorKind, bool)> {
    use OperatorKind as K;
    let (kind, negated) = match kind {
        K::StringNotEquals => (K::StringEquals, true),
        K::StringNotEqualsIgnoreCase => (K::StringEqualsIgnoreCase, true),
        K::StringNotLike => (K::StringLike, true),
        K::NumericNotEquals => (K::NumericEquals, true),
        K::DateNotEquals => (K::DateEquals, true),
        K::NotIpAddress => (K::IpAddress, true),
        // ArnEquals and ArnLike behave identically, wildcards included (IAM User Guide).
        K::ArnEquals => (K::ArnLike, false),
        K::ArnNotEquals | K::ArnNotLike => (K::ArnLike, true),
        K::Other(_) | K::Null => return None,
        other => (other.clone(), false),
    };
    Some((kind, negated))
}

/// Fails on a policy value the operator cannot read (a number, date, CIDR or base64 that is not).
pub(super) fn check_policy_value(kind: &OperatorKind, value: &str) -> Result<(), Malformed> {
    use OperatorKind as K;
    let ok = match kind {
        K::NumericEquals
        | K::NumericLessThan
        | K::NumericLessThanEquals
        | K::NumericGreaterThan
        | K::NumericGreaterThanEquals => number(value).is_some(),
        K::DateEquals
        | K::DateLessThan
        | K::DateLessThanEquals
        | K::DateGreaterThan
        | K::DateGreaterThanEquals => date::seconds(value).is_some(),
        K::IpAddress => ip::Cidr::parse(value).is_some(),
        K::BinaryEquals => binary::decode(value).is_some(),
        _ => true,
    };
    ok.then_some(()).ok_or(Malformed)
}

/// The policy values with variables substituted (string and ARN operators only, as IAM
/// documents); none when a variable cannot be resolved.
pub(super) fn resolve(
    kind: &OperatorKind,
    wanted: &[String],
    request: &Request,
    vars: Variables,
) -> Option<Vec<Wanted>> {
    use OperatorKind as K;
    let takes_variables = matches!(
        kind,
        K::StringEquals | K::StringEqualsIgnoreCase | K::StringLike | K::ArnLike
    );
    wanted
        .iter()
        .map(|w| match takes_variables {
            true => substitute(w, request, vars),
            false => Some(w.chars().map(Tok::Char).collect()),
        })
        .collect()
}

fn number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The positive test of one policy value against one request value.
pub(super) fn value_matches(kind: &OperatorKind, wanted: &Wanted, actual: &str) -> Tested {
    use OperatorKind as K;
    let w = literal(wanted);
    let ordered = |parse: fn(&str) -> Option<f64>, test: fn(f64, f64) -> bool| -> Tested {
        let policy = parse(&w).ok_or(Malformed)?;
        Ok(parse(actual).is_some_and(|a| test(a, policy)))
    };
    match kind {
        K::StringEquals => Ok(w == actual),
        K::StringEqualsIgnoreCase => Ok(w.to_lowercase() == actual.to_lowercase()),
        K::StringLike => Ok(glob_tokens(wanted, actual)),
        K::NumericEquals => ordered(number, |a, p| a == p),
        K::NumericLessThan => ordered(number, |a, p| a < p),
        K::NumericLessThanEquals => ordered(number, |a, p| a <= p),
        K::NumericGreaterThan => ordered(number, |a, p| a > p),
        K::NumericGreaterThanEquals => ordered(number, |a, p| a >= p),
        K::DateEquals => ordered(date::seconds, |a, p| a == p),
        K::DateLessThan => ordered(date::seconds, |a, p| a < p),
        K::DateLessThanEquals => ordered(date::seconds, |a, p| a <= p),
        K::DateGreaterThan => ordered(date::seconds, |a, p| a > p),
        K::DateGreaterThanEquals => ordered(date::seconds, |a, p| a >= p),
        K::Bool => Ok(w.eq_ignore_ascii_case(actual)),
        K::BinaryEquals => {
            let policy = binary::decode(&w).ok_or(Malformed)?;
            Ok(binary::decode(actual).is_some_and(|a| a == policy))
        }
        K::IpAddress => {
            let range = ip::Cidr::parse(&w).ok_or(Malformed)?;
            Ok(range.contains(actual))
        }
        K::ArnLike => arn_matches(wanted, actual),
        _ => Err(Malformed),
    }
}

/// ARN match: each of the six colon-separated components globbed on its own, so a `*` never
/// runs across a colon into the next component (the last component keeps its own colons).
fn arn_matches(pattern: &Wanted, actual: &str) -> Tested {
    let mut parts: Vec<&[Tok]> = Vec::new();
    let mut rest = pattern.as_slice();
    while parts.len() < 5 {
        let Some(at) = rest.iter().position(|t| *t == Tok::Char(':')) else {
            break;
        };
        parts.push(&rest[..at]);
        rest = &rest[at + 1..];
    }
    parts.push(rest);
    if parts.len() < 6 {
        // Not an ARN: the policy is malformed for an ARN operator.
        return Err(Malformed);
    }
    let values: Vec<&str> = actual.splitn(6, ':').collect();
    Ok(values.len() == 6
        && parts
            .iter()
            .zip(&values)
            .all(|(p, v)| glob_with(p, v, false)))
}
