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
    /// is absent from the request.
    pub context: BTreeMap<String, Vec<String>>,
    /// For trust policies: the calling principal's ARN.
    pub principal: Option<String>,
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

    /// Sets the calling principal.
    pub fn by(mut self, principal: &str) -> Self {
        self.principal = Some(principal.to_owned());
        self
    }
}
