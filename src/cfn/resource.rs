//! Resources as a builder adds them: the trait every resource type's properties implement, the typed
//! handle a template returns for each logical id, and the resource attributes around the properties.

use std::marker::PhantomData;

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

use crate::expr::Expr;

/// A CloudFormation resource type: its properties struct serializes to the `Properties` object.
pub trait ResourceType: Serialize {
    /// The `Type` string, e.g. `AWS::IAM::Role`.
    const TYPE: &'static str;
}

/// A typed handle to a logical id that was added to a template.
#[derive(Debug)]
pub struct Handle<R> {
    id: String,
    kind: PhantomData<fn() -> R>,
}

impl<R> Clone for Handle<R> {
    fn clone(&self) -> Self {
        Handle {
            id: self.id.clone(),
            kind: PhantomData,
        }
    }
}

impl<R> Handle<R> {
    /// The handle of a logical id the template has just declared.
    pub(super) fn new(id: &str) -> Self {
        Handle {
            id: id.to_owned(),
            kind: PhantomData,
        }
    }

    /// The logical id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `Ref` to this logical id.
    pub fn r#ref(&self) -> Expr {
        Expr::Ref(self.id.clone())
    }

    /// `Fn::GetAtt` of one attribute. Only the typed accessors call it (see [`super::HasArn`] and
    /// the service files), so an attribute the resource type lacks does not compile.
    pub(super) fn attribute(&self, name: &str) -> Expr {
        Expr::GetAtt(self.id.clone(), name.to_owned())
    }
}

/// What happens to a resource's physical object when the stack deletes or replaces it; the value of
/// both `DeletionPolicy` and `UpdateReplacePolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DeletionPolicy {
    /// Delete it (CloudFormation's default).
    Delete,
    /// Keep it: the only choice for anything that holds audit data.
    Retain,
    /// Keep it, except when the failed create that made it rolls back.
    RetainExceptOnCreate,
    /// Snapshot it before deletion (databases, volumes).
    Snapshot,
}

impl DeletionPolicy {
    /// True when a stack delete leaves the resource in place.
    pub fn keeps_on_delete(self) -> bool {
        matches!(
            self,
            DeletionPolicy::Retain | DeletionPolicy::RetainExceptOnCreate
        )
    }

    /// The policy of CloudFormation's spelling; `None` for any other value.
    pub fn parse(text: &str) -> Option<DeletionPolicy> {
        [
            DeletionPolicy::Delete,
            DeletionPolicy::Retain,
            DeletionPolicy::RetainExceptOnCreate,
            DeletionPolicy::Snapshot,
        ]
        .into_iter()
        .find(|p| p.as_str() == text)
    }

    /// CloudFormation's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DeletionPolicy::Delete => "Delete",
            DeletionPolicy::Retain => "Retain",
            DeletionPolicy::RetainExceptOnCreate => "RetainExceptOnCreate",
            DeletionPolicy::Snapshot => "Snapshot",
        }
    }
}

/// A resource's properties plus its resource attributes (DependsOn, policies, Metadata, Condition).
#[derive(Debug, Clone)]
pub struct Resource<R> {
    pub(super) properties: R,
    pub(super) condition: Option<String>,
    pub(super) depends_on: Vec<String>,
    pub(super) deletion_policy: Option<DeletionPolicy>,
    pub(super) update_replace_policy: Option<DeletionPolicy>,
    pub(super) metadata: IndexMap<String, Value>,
}

impl<R: ResourceType> From<R> for Resource<R> {
    fn from(properties: R) -> Self {
        Resource {
            properties,
            condition: None,
            depends_on: Vec::new(),
            deletion_policy: None,
            update_replace_policy: None,
            metadata: IndexMap::new(),
        }
    }
}

impl<R: ResourceType> Resource<R> {
    /// Wraps properties so attributes can be set.
    pub fn new(properties: R) -> Self {
        properties.into()
    }

    /// Retains the physical resource on stack deletion and on replacement.
    pub fn retain(mut self) -> Self {
        self.deletion_policy = Some(DeletionPolicy::Retain);
        self.update_replace_policy = Some(DeletionPolicy::Retain);
        self
    }

    /// Sets `DeletionPolicy`.
    pub fn deletion_policy(mut self, policy: DeletionPolicy) -> Self {
        self.deletion_policy = Some(policy);
        self
    }

    /// Sets `UpdateReplacePolicy`.
    pub fn update_replace_policy(mut self, policy: DeletionPolicy) -> Self {
        self.update_replace_policy = Some(policy);
        self
    }

    /// Adds an explicit `DependsOn`.
    pub fn depends_on<T>(mut self, other: &Handle<T>) -> Self {
        self.depends_on.push(other.id.clone());
        self
    }

    /// Creates the resource only when the named condition holds.
    pub fn condition(mut self, name: impl Into<String>) -> Self {
        self.condition = Some(name.into());
        self
    }

    /// Records a checkov check this resource deliberately fails, with the reason a reviewer reads.
    pub fn skip_checkov(mut self, check_id: &str, reason: &str) -> Self {
        let entry = serde_json::json!({ "id": check_id, "comment": reason });
        let checkov = self
            .metadata
            .entry("checkov".to_owned())
            .or_insert_with(|| serde_json::json!({ "skip": [] }));
        if let Some(skips) = checkov.get_mut("skip").and_then(Value::as_array_mut) {
            skips.push(entry);
        }
        self
    }

    /// Adds a `Metadata` entry.
    pub fn metadata(mut self, key: impl Into<String>, value: Value) -> Self {
        self.metadata.insert(key.into(), value);
        self
    }
}
