//! The request being evaluated: action, resource, the calling principal and the context keys
//! (`aws:MultiFactorAuthPresent`, `aws:username`, …) that conditions and policy variables read.

use std::collections::BTreeMap;

/// The request being evaluated.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// `service:Action`.
    pub action: String,
    /// The resource ARN (or `*`).
    pub resource: String,
    /// Condition keys and their values (`aws:MultiFactorAuthPresent` → `["true"]`); an absent key
    /// is absent from the request. Keys are matched ignoring case, as IAM does.
    pub context: BTreeMap<String, Vec<String>>,
    /// The calling principal: an IAM ARN (user, role, `assumed-role` session, account root) or
    /// a service principal (`cloudtrail.amazonaws.com`); none for an anonymous request.
    pub principal: Option<String>,
}

/// Who sends a request, as principal matching sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Caller<'a> {
    /// No credentials at all.
    Anonymous,
    /// An AWS service principal such as `cloudtrail.amazonaws.com`.
    Service(&'a str),
    /// An IAM identity or session ARN.
    Aws(&'a str),
}

impl Request {
    /// A request for an action on a resource, with no context yet.
    pub fn new(action: &str, resource: &str) -> Self {
        Request {
            action: action.to_owned(),
            resource: resource.to_owned(),
            ..Request::default()
        }
    }

    /// Adds a context key.
    pub fn with(mut self, key: &str, value: &str) -> Self {
        self.context
            .entry(key.to_owned())
            .or_default()
            .push(value.to_owned());
        self
    }

    /// Adds a context key that is present with no value (an empty set).
    pub fn with_empty(mut self, key: &str) -> Self {
        self.context.entry(key.to_owned()).or_default();
        self
    }

    /// Sets the calling principal.
    pub fn by(mut self, principal: &str) -> Self {
        self.principal = Some(principal.to_owned());
        self
    }

    /// The values of a context key, its name matched ignoring case; none when absent.
    pub fn values(&self, key: &str) -> Option<&[String]> {
        self.context
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_slice())
    }

    /// The account the calling principal belongs to: the fifth field of its ARN.
    pub fn account(&self) -> Option<&str> {
        match self.caller() {
            Caller::Aws(arn) => account_of(arn),
            _ => None,
        }
    }

    /// The calling principal, classified.
    pub(super) fn caller(&self) -> Caller<'_> {
        match self.principal.as_deref() {
            None => Caller::Anonymous,
            Some(p) if p.starts_with("arn:") => Caller::Aws(p),
            Some(p) => Caller::Service(p),
        }
    }
}

/// The account field of an ARN, if it has one.
pub(super) fn account_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}
