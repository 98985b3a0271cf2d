//! Policy conditions (operator → key → values) and constructors for the ones the baseline repeats.

use indexmap::IndexMap;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::operator::{ConditionOperator, OperatorKind};
use crate::expr::Expr;

/// The `Condition` block of a statement: every entry must hold for the statement to apply.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Condition(IndexMap<ConditionOperator, IndexMap<String, Vec<Expr>>>);

impl Condition {
    /// One test: `operator` applied to `key` against any of `values`.
    pub fn new<V: Into<Expr>>(
        operator: impl Into<ConditionOperator>,
        key: &str,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let mut c = Condition::default();
        c.0.entry(operator.into())
            .or_default()
            .insert(key.to_owned(), values.into_iter().map(Into::into).collect());
        c
    }

    /// Both conditions (for the same operator and key, the later values replace the earlier).
    pub fn and(mut self, other: Condition) -> Self {
        for (operator, tests) in other.0 {
            self.0.entry(operator).or_default().extend(tests);
        }
        self
    }

    /// True when there is no test.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The values tested for `operator` and `key`, if that test is present.
    pub fn values(&self, operator: impl Into<ConditionOperator>, key: &str) -> Option<&[Expr]> {
        self.0.get(&operator.into())?.get(key).map(Vec::as_slice)
    }
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// One value is written as a scalar, as people write policies; several as a list.
        struct Values<'a>(&'a [Expr]);
        impl Serialize for Values<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self.0 {
                    [one] => one.serialize(s),
                    many => many.serialize(s),
                }
            }
        }
        let mut outer = s.serialize_map(Some(self.0.len()))?;
        for (operator, tests) in &self.0 {
            let inner: IndexMap<&str, Values<'_>> =
                tests.iter().map(|(k, v)| (k.as_str(), Values(v))).collect();
            outer.serialize_entry(operator, &inner)?;
        }
        outer.end()
    }
}

/// The request was authenticated with MFA (`Bool aws:MultiFactorAuthPresent true`).
///
/// `Bool`, not `BoolIfExists`: long-term keys carry no such key, and an Allow must not match them.
pub fn mfa_present() -> Condition {
    Condition::new(OperatorKind::Bool, "aws:MultiFactorAuthPresent", ["true"])
}

/// The request was not authenticated with MFA, or says nothing about it (long-term access keys).
///
/// `BoolIfExists`: a Deny must also catch requests that carry no MFA key at all.
pub fn mfa_absent() -> Condition {
    Condition::new(
        OperatorKind::Bool.if_exists(),
        "aws:MultiFactorAuthPresent",
        ["false"],
    )
}

/// The request carries no MFA key at all: long-term access keys (`Null aws:MultiFactorAuthPresent`).
pub fn mfa_key_absent() -> Condition {
    Condition::new(OperatorKind::Null, "aws:MultiFactorAuthPresent", ["true"])
}

/// The MFA authentication happened less than `max_seconds` ago.
pub fn mfa_age_under(max_seconds: u32) -> Condition {
    Condition::new(
        OperatorKind::NumericLessThan,
        "aws:MultiFactorAuthAge",
        [max_seconds.to_string()],
    )
}

/// MFA present and younger than `max_seconds`: what every human role and assume grant requires.
pub fn recent_mfa(max_seconds: u32) -> Condition {
    mfa_present().and(mfa_age_under(max_seconds))
}

/// The request targets a region outside `regions`.
pub fn region_not_in<S: AsRef<str>>(regions: &[S]) -> Condition {
    Condition::new(
        OperatorKind::StringNotEquals,
        "aws:RequestedRegion",
        regions.iter().map(|r| r.as_ref().to_owned()),
    )
}

/// The request was sent without TLS.
pub fn insecure_transport() -> Condition {
    Condition::new(OperatorKind::Bool, "aws:SecureTransport", ["false"])
}
