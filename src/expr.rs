//! Typed CloudFormation values: literals and the intrinsic functions that compute them at deploy time.
//!
//! The bottom of the model: `iam` policies and `cfn` resources both hold these values, and this module
//! imports neither.

use indexmap::IndexMap;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// A pseudo parameter that CloudFormation resolves per stack (`Ref: AWS::…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pseudo {
    /// `AWS::AccountId`
    AccountId,
    /// `AWS::Region`
    Region,
    /// `AWS::Partition`
    Partition,
    /// `AWS::StackName`
    StackName,
    /// `AWS::StackId`
    StackId,
    /// `AWS::URLSuffix`
    UrlSuffix,
    /// `AWS::NoValue`: removes the property it is the value of
    NoValue,
    /// `AWS::NotificationARNs`
    NotificationArns,
}

impl Pseudo {
    /// The name CloudFormation spells.
    pub fn name(self) -> &'static str {
        match self {
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::Region => "AWS::Region",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::StackId => "AWS::StackId",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
            Pseudo::NoValue => "AWS::NoValue",
            Pseudo::NotificationArns => "AWS::NotificationARNs",
        }
    }

    /// Every pseudo parameter, for reference checks.
    pub const ALL: [Pseudo; 8] = [
        Pseudo::AccountId,
        Pseudo::Region,
        Pseudo::Partition,
        Pseudo::StackName,
        Pseudo::StackId,
        Pseudo::UrlSuffix,
        Pseudo::NoValue,
        Pseudo::NotificationArns,
    ];
}

/// A value in a template: a literal or an intrinsic function.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal string.
    Str(String),
    /// A literal integer.
    Int(i64),
    /// A literal boolean.
    Bool(bool),
    /// A literal list.
    List(Vec<Expr>),
    /// A literal JSON value, for object-valued properties such as event patterns.
    Json(serde_json::Value),
    /// `Ref` to a parameter or resource logical id.
    Ref(String),
    /// `Ref` to a pseudo parameter.
    Pseudo(Pseudo),
    /// `Fn::GetAtt` of a resource attribute.
    GetAtt(String, String),
    /// `Fn::Sub` with optional explicit variables.
    Sub(String, IndexMap<String, Expr>),
    /// `Fn::Join` of values with a separator.
    Join(String, Vec<Expr>),
    /// `Fn::ImportValue` of another stack's export.
    ImportValue(Box<Expr>),
    /// `Fn::If` on a condition name.
    If(String, Box<Expr>, Box<Expr>),
    /// `Fn::Equals`, for conditions.
    Equals(Box<Expr>, Box<Expr>),
    /// `Fn::Not`, for conditions.
    Not(Box<Expr>),
    /// `Fn::And`, for conditions.
    And(Vec<Expr>),
    /// `Fn::Or`, for conditions.
    Or(Vec<Expr>),
    /// `Condition` reference inside a condition expression.
    Condition(String),
    /// `Fn::Select` of one element of a list.
    Select(u32, Box<Expr>),
    /// `Fn::Split` of a string into a list.
    Split(String, Box<Expr>),
}

/// `Ref` to a parameter or resource by logical id.
pub fn r#ref(logical_id: impl Into<String>) -> Expr {
    Expr::Ref(logical_id.into())
}

/// `Fn::GetAtt` of `logical_id.attribute`.
pub fn get_att(logical_id: impl Into<String>, attribute: impl Into<String>) -> Expr {
    Expr::GetAtt(logical_id.into(), attribute.into())
}

/// `Fn::Sub` with no explicit variables.
pub fn sub(template: impl Into<String>) -> Expr {
    Expr::Sub(template.into(), IndexMap::new())
}

/// `Fn::Sub` with explicit variables.
pub fn sub_with<K: Into<String>>(
    template: impl Into<String>,
    vars: impl IntoIterator<Item = (K, Expr)>,
) -> Expr {
    Expr::Sub(
        template.into(),
        vars.into_iter().map(|(k, v)| (k.into(), v)).collect(),
    )
}

/// `Fn::Join`.
pub fn join(separator: impl Into<String>, parts: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Join(separator.into(), parts.into_iter().collect())
}

/// `Fn::ImportValue`.
pub fn import_value(export_name: impl Into<Expr>) -> Expr {
    Expr::ImportValue(Box::new(export_name.into()))
}

/// `Fn::If`.
pub fn if_(
    condition: impl Into<String>,
    then: impl Into<Expr>,
    otherwise: impl Into<Expr>,
) -> Expr {
    Expr::If(
        condition.into(),
        Box::new(then.into()),
        Box::new(otherwise.into()),
    )
}

/// `Fn::Equals`.
pub fn equals(a: impl Into<Expr>, b: impl Into<Expr>) -> Expr {
    Expr::Equals(Box::new(a.into()), Box::new(b.into()))
}

/// `Fn::Not`.
pub fn not(condition: impl Into<Expr>) -> Expr {
    Expr::Not(Box::new(condition.into()))
}

/// `Fn::Select`.
pub fn select(index: u32, list: impl Into<Expr>) -> Expr {
    Expr::Select(index, Box::new(list.into()))
}

/// `Fn::Split`.
pub fn split(separator: impl Into<String>, source: impl Into<Expr>) -> Expr {
    Expr::Split(separator.into(), Box::new(source.into()))
}

/// `Ref: AWS::AccountId`.
pub fn account_id() -> Expr {
    Expr::Pseudo(Pseudo::AccountId)
}

/// `Ref: AWS::Region`.
pub fn region() -> Expr {
    Expr::Pseudo(Pseudo::Region)
}

/// `Ref: AWS::Partition`.
pub fn partition() -> Expr {
    Expr::Pseudo(Pseudo::Partition)
}

/// `Ref: AWS::StackName`.
pub fn stack_name() -> Expr {
    Expr::Pseudo(Pseudo::StackName)
}

/// `Ref: AWS::NoValue`.
pub fn no_value() -> Expr {
    Expr::Pseudo(Pseudo::NoValue)
}

impl From<&str> for Expr {
    fn from(s: &str) -> Self {
        Expr::Str(s.to_owned())
    }
}

impl From<String> for Expr {
    fn from(s: String) -> Self {
        Expr::Str(s)
    }
}

impl From<&String> for Expr {
    fn from(s: &String) -> Self {
        Expr::Str(s.clone())
    }
}

impl From<i64> for Expr {
    fn from(n: i64) -> Self {
        Expr::Int(n)
    }
}

impl From<u32> for Expr {
    fn from(n: u32) -> Self {
        Expr::Int(n.into())
    }
}

impl From<bool> for Expr {
    fn from(b: bool) -> Self {
        Expr::Bool(b)
    }
}

impl From<serde_json::Value> for Expr {
    fn from(v: serde_json::Value) -> Self {
        Expr::Json(v)
    }
}

impl From<Pseudo> for Expr {
    fn from(p: Pseudo) -> Self {
        Expr::Pseudo(p)
    }
}

impl<T: Into<Expr>> From<Vec<T>> for Expr {
    fn from(items: Vec<T>) -> Self {
        Expr::List(items.into_iter().map(Into::into).collect())
    }
}

/// Serializes `{ name: value }`, the shape of every intrinsic.
fn one_key<S: Serializer, V: Serialize + ?Sized>(
    s: S,
    name: &str,
    value: &V,
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(1))?;
    map.serialize_entry(name, value)?;
    map.end()
}

impl Serialize for Expr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Expr::Str(v) => s.serialize_str(v),
            Expr::Int(v) => s.serialize_i64(*v),
            Expr::Bool(v) => s.serialize_bool(*v),
            Expr::List(v) => v.serialize(s),
            Expr::Json(v) => v.serialize(s),
            Expr::Ref(id) => one_key(s, "Ref", id),
            Expr::Pseudo(p) => one_key(s, "Ref", p.name()),
            Expr::GetAtt(id, attr) => one_key(s, "Fn::GetAtt", &[id, attr]),
            Expr::Sub(template, vars) if vars.is_empty() => one_key(s, "Fn::Sub", template),
            Expr::Sub(template, vars) => one_key(s, "Fn::Sub", &(template, vars)),
            Expr::Join(sep, parts) => one_key(s, "Fn::Join", &(sep, parts)),
            Expr::ImportValue(name) => one_key(s, "Fn::ImportValue", name),
            Expr::If(cond, a, b) => one_key(s, "Fn::If", &(cond, a, b)),
            Expr::Equals(a, b) => one_key(s, "Fn::Equals", &[a, b]),
            Expr::Not(c) => one_key(s, "Fn::Not", &[c]),
            Expr::And(cs) => one_key(s, "Fn::And", cs),
            Expr::Or(cs) => one_key(s, "Fn::Or", cs),
            Expr::Condition(name) => one_key(s, "Condition", name),
            Expr::Select(i, list) => one_key(s, "Fn::Select", &(i, list)),
            Expr::Split(sep, source) => one_key(s, "Fn::Split", &(sep, source)),
        }
    }
}
