//! Condition operators (`StringEquals`, `BoolIfExists`, `ForAnyValue:StringLike`, …) as a type:
//! the test, its set qualifier and its `IfExists` suffix, parsed from and written as IAM spells them.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// A condition operator as written in a policy: `[qualifier:]test[IfExists]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConditionOperator {
    /// `ForAllValues:` or `ForAnyValue:`, for multivalued keys.
    pub qualifier: Option<SetQualifier>,
    /// The test itself.
    pub kind: OperatorKind,
    /// The `IfExists` suffix: the test also holds when the key is absent.
    pub if_exists: bool,
}

/// The set qualifier of an operator on a multivalued key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetQualifier {
    /// `ForAllValues:`: every value of the key must match.
    ForAllValues,
    /// `ForAnyValue:`: at least one value of the key must match.
    ForAnyValue,
}

/// The test of a condition operator.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OperatorKind {
    /// `StringEquals`.
    StringEquals,
    /// `StringNotEquals`.
    StringNotEquals,
    /// `StringEqualsIgnoreCase`.
    StringEqualsIgnoreCase,
    /// `StringNotEqualsIgnoreCase`.
    StringNotEqualsIgnoreCase,
    /// `StringLike`.
    StringLike,
    /// `StringNotLike`.
    StringNotLike,
    /// `NumericEquals`.
    NumericEquals,
    /// `NumericNotEquals`.
    NumericNotEquals,
    /// `NumericLessThan`.
    NumericLessThan,
    /// `NumericLessThanEquals`.
    NumericLessThanEquals,
    /// `NumericGreaterThan`.
    NumericGreaterThan,
    /// `NumericGreaterThanEquals`.
    NumericGreaterThanEquals,
    /// `DateEquals`.
    DateEquals,
    /// `DateNotEquals`.
    DateNotEquals,
    /// `DateLessThan`.
    DateLessThan,
    /// `DateLessThanEquals`.
    DateLessThanEquals,
    /// `DateGreaterThan`.
    DateGreaterThan,
    /// `DateGreaterThanEquals`.
    DateGreaterThanEquals,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`: base64 of the bytes.
    BinaryEquals,
    /// `IpAddress`: a CIDR range, v4 or v6.
    IpAddress,
    /// `NotIpAddress`.
    NotIpAddress,
    /// `ArnEquals`.
    ArnEquals,
    /// `ArnNotEquals`.
    ArnNotEquals,
    /// `ArnLike`.
    ArnLike,
    /// `ArnNotLike`.
    ArnNotLike,
    /// `Null`: tests whether the key is absent (`true`) or present (`false`).
    Null,
    /// Any other test, kept as written: the evaluator cannot decide it.
    Other(String),
}

/// Every named test, with its spelling.
const KINDS: [(OperatorKind, &str); 27] = [
    (OperatorKind::StringEquals, "StringEquals"),
    (OperatorKind::StringNotEquals, "StringNotEquals"),
    (
        OperatorKind::StringEqualsIgnoreCase,
        "StringEqualsIgnoreCase",
    ),
    (
        OperatorKind::StringNotEqualsIgnoreCase,
        "StringNotEqualsIgnoreCase",
    ),
    (OperatorKind::StringLike, "StringLike"),
    (OperatorKind::StringNotLike, "StringNotLike"),
    (OperatorKind::NumericEquals, "NumericEquals"),
    (OperatorKind::NumericNotEquals, "NumericNotEquals"),
    (OperatorKind::NumericLessThan, "NumericLessThan"),
    (OperatorKind::NumericLessThanEquals, "NumericLessThanEquals"),
    (OperatorKind::NumericGreaterThan, "NumericGreaterThan"),
    (
        OperatorKind::NumericGreaterThanEquals,
        "NumericGreaterThanEquals",
    ),
    (OperatorKind::DateEquals, "DateEquals"),
    (OperatorKind::DateNotEquals, "DateNotEquals"),
    (OperatorKind::DateLessThan, "DateLessThan"),
    (OperatorKind::DateLessThanEquals, "DateLessThanEquals"),
    (OperatorKind::DateGreaterThan, "DateGreaterThan"),
    (OperatorKind::DateGreaterThanEquals, "DateGreaterThanEquals"),
    (OperatorKind::Bool, "Bool"),
    (OperatorKind::BinaryEquals, "BinaryEquals"),
    (OperatorKind::IpAddress, "IpAddress"),
    (OperatorKind::NotIpAddress, "NotIpAddress"),
    (OperatorKind::ArnEquals, "ArnEquals"),
    (OperatorKind::ArnNotEquals, "ArnNotEquals"),
    (OperatorKind::ArnLike, "ArnLike"),
    (OperatorKind::ArnNotLike, "ArnNotLike"),
    (OperatorKind::Null, "Null"),
];

const IF_EXISTS: &str = "IfExists";

impl OperatorKind {
    /// The test as IAM spells it (`NumericLessThan`).
    pub fn name(&self) -> &str {
        match self {
            OperatorKind::Other(name) => name,
            known => KINDS
                .iter()
                .find(|(kind, _)| kind == known)
                .map_or("", |(_, name)| name),
        }
    }

    /// True for a negated test (`StringNotEquals`, `ArnNotLike`, …), which holds when the key is
    /// absent; an unnamed test counts as negated when its name says `Not`.
    pub fn is_negated(&self) -> bool {
        match self {
            OperatorKind::StringNotEquals
            | OperatorKind::StringNotEqualsIgnoreCase
            | OperatorKind::StringNotLike
            | OperatorKind::DateNotEquals
            | OperatorKind::NotIpAddress
            | OperatorKind::NumericNotEquals
            | OperatorKind::ArnNotEquals
            | OperatorKind::ArnNotLike => true,
            OperatorKind::Other(name) => name.contains("Not"),
            _ => false,
        }
    }

    /// This test with the `IfExists` suffix (`BoolIfExists`).
    pub fn if_exists(self) -> ConditionOperator {
        ConditionOperator {
            if_exists: true,
            ..self.into()
        }
    }
}

impl From<OperatorKind> for ConditionOperator {
    fn from(kind: OperatorKind) -> Self {
        ConditionOperator {
            qualifier: None,
            kind,
            if_exists: false,
        }
    }
}

impl FromStr for ConditionOperator {
    type Err = Infallible;

    /// Every string is an operator: an unnamed test is kept as [`OperatorKind::Other`].
    fn from_str(s: &str) -> Result<Self, Infallible> {
        let (rest, if_exists) = match s.strip_suffix(IF_EXISTS) {
            Some(rest) => (rest, true),
            None => (s, false),
        };
        let (qualifier, test) = [SetQualifier::ForAllValues, SetQualifier::ForAnyValue]
            .into_iter()
            .find_map(|q| rest.strip_prefix(q.prefix()).map(|test| (Some(q), test)))
            .unwrap_or((None, rest));
        let kind = KINDS
            .iter()
            .find(|(_, name)| *name == test)
            .map_or_else(|| OperatorKind::Other(test.to_owned()), |(k, _)| k.clone());
        Ok(ConditionOperator {
            qualifier,
            kind,
            if_exists,
        })
    }
}

impl From<&str> for ConditionOperator {
    fn from(s: &str) -> Self {
        match s.parse() {
            Ok(operator) => operator,
            Err(never) => match never {},
        }
    }
}

impl SetQualifier {
    /// The qualifier as written before the test, colon included.
    pub fn prefix(self) -> &'static str {
        match self {
            SetQualifier::ForAllValues => "ForAllValues:",
            SetQualifier::ForAnyValue => "ForAnyValue:",
        }
    }
}

impl fmt::Display for ConditionOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(q) = self.qualifier {
            f.write_str(q.prefix())?;
        }
        f.write_str(self.kind.name())?;
        if self.if_exists {
            f.write_str(IF_EXISTS)?;
        }
        Ok(())
    }
}

impl Serialize for ConditionOperator {
    /// Written as IAM spells it, the key of a `Condition` entry.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_reads_back_as_written() {
        for s in [
            "Bool",
            "BoolIfExists",
            "NumericLessThan",
            "ForAllValues:StringLike",
            "ForAnyValue:StringNotEqualsIfExists",
            "DateLessThan",
            "ForAllValues:",
            "IfExists",
            "StringNotEqualsIgnoreCase",
        ] {
            assert_eq!(ConditionOperator::from(s).to_string(), s);
        }
        assert_eq!(
            ConditionOperator::from("ForAnyValue:ArnLikeIfExists"),
            ConditionOperator {
                qualifier: Some(SetQualifier::ForAnyValue),
                kind: OperatorKind::ArnLike,
                if_exists: true,
            }
        );
        assert_eq!(OperatorKind::Bool.if_exists().to_string(), "BoolIfExists");
    }

    #[test]
    fn negated_tests_are_those_named_not() {
        for (kind, name) in &KINDS {
            assert_eq!(kind.is_negated(), name.contains("Not"), "{name}");
            assert_eq!(kind.name(), *name);
        }
    }
}
