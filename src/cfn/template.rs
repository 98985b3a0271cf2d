//! The template: parameters, conditions, resources and outputs, added through typed handles and
//! rendered to deterministic JSON.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

use super::output::Output;
use super::parameter::Parameter;
use super::resource::{DeletionPolicy, Handle, Resource, ResourceType};
use super::validate;
use crate::expr::Expr;

/// One resource as it is written into the template.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Entry {
    #[serde(rename = "Type")]
    resource_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    depends_on: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deletion_policy: Option<DeletionPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    update_replace_policy: Option<DeletionPolicy>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    metadata: IndexMap<String, Value>,
    properties: Value,
}

/// A CloudFormation template under construction.
#[derive(Debug, Clone, Serialize)]
pub struct Template {
    #[serde(rename = "AWSTemplateFormatVersion")]
    format_version: &'static str,
    #[serde(rename = "Description")]
    description: String,
    #[serde(rename = "Parameters", skip_serializing_if = "IndexMap::is_empty")]
    parameters: IndexMap<String, Parameter>,
    #[serde(rename = "Conditions", skip_serializing_if = "IndexMap::is_empty")]
    conditions: IndexMap<String, Expr>,
    #[serde(rename = "Resources")]
    resources: IndexMap<String, Entry>,
    #[serde(rename = "Outputs", skip_serializing_if = "IndexMap::is_empty")]
    outputs: IndexMap<String, Output>,
    #[serde(skip)]
    problems: Vec<validate::Problem>,
}

impl Template {
    /// An empty template with a description.
    pub fn new(description: impl Into<String>) -> Self {
        Template {
            format_version: "2010-09-09",
            description: description.into(),
            parameters: IndexMap::new(),
            conditions: IndexMap::new(),
            resources: IndexMap::new(),
            outputs: IndexMap::new(),
            problems: Vec::new(),
        }
    }

    /// What a logical id is already used for, if anything.
    fn declared_as(&self, id: &str) -> Option<String> {
        if let Some(entry) = self.resources.get(id) {
            return Some(entry.resource_type.to_owned());
        }
        self.parameters.get(id).map(|_| "a parameter".to_owned())
    }

    fn claim(&mut self, id: &str, what: &str) {
        if let Some(first) = self.declared_as(id) {
            self.problems.push(validate::Problem::DuplicateId {
                id: id.to_owned(),
                first,
                second: what.to_owned(),
            });
        }
    }

    /// Adds a parameter and returns its handle.
    pub fn parameter(&mut self, id: &str, parameter: Parameter) -> Handle<Parameter> {
        self.claim(id, "a parameter");
        self.parameters.insert(id.to_owned(), parameter);
        Handle::new(id)
    }

    /// Adds a named condition and returns its name for `Fn::If` and `Resource::condition`.
    pub fn condition(&mut self, name: &str, expr: Expr) -> String {
        if self.conditions.insert(name.to_owned(), expr).is_some() {
            self.problems.push(validate::Problem::DuplicateId {
                id: name.to_owned(),
                first: "a condition".to_owned(),
                second: "a condition".to_owned(),
            });
        }
        name.to_owned()
    }

    /// Adds a resource and returns its typed handle.
    pub fn add<R: ResourceType>(
        &mut self,
        id: &str,
        resource: impl Into<Resource<R>>,
    ) -> Handle<R> {
        let resource = resource.into();
        self.claim(id, R::TYPE);
        let properties = match serde_json::to_value(&resource.properties) {
            Ok(value) => value,
            Err(error) => {
                self.problems.push(validate::Problem::Unserializable {
                    id: id.to_owned(),
                    message: error.to_string(),
                });
                Value::Null
            }
        };
        self.resources.insert(
            id.to_owned(),
            Entry {
                resource_type: R::TYPE,
                condition: resource.condition,
                depends_on: resource.depends_on,
                deletion_policy: resource.deletion_policy,
                update_replace_policy: resource.update_replace_policy,
                metadata: resource.metadata,
                properties,
            },
        );
        Handle::new(id)
    }

    /// Adds an output.
    pub fn output(&mut self, name: &str, output: Output) {
        if self.outputs.insert(name.to_owned(), output).is_some() {
            self.problems.push(validate::Problem::DuplicateId {
                id: name.to_owned(),
                first: "an output".to_owned(),
                second: "an output".to_owned(),
            });
        }
    }

    /// The template as a JSON value, after checking every reference in it.
    pub fn to_value(&self) -> Result<Value, validate::RenderError> {
        let value = serde_json::to_value(self).map_err(|e| validate::RenderError {
            problems: vec![validate::Problem::Unserializable {
                id: "(template)".to_owned(),
                message: e.to_string(),
            }],
        })?;
        let mut problems = self.problems.clone();
        problems.extend(validate::check_references(&value));
        if problems.is_empty() {
            Ok(value)
        } else {
            Err(validate::RenderError { problems })
        }
    }

    /// The template as JSON text: two-space indent, keys in insertion order, trailing newline.
    pub fn render(&self) -> Result<String, validate::RenderError> {
        let value = self.to_value()?;
        // A Value holds only string keys, so pretty-printing it cannot fail.
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        Ok(text)
    }
}
