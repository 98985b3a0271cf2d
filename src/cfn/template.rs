//! The template: parameters, conditions, resources and outputs, added through typed handles and
//! rendered to deterministic JSON.

use std::marker::PhantomData;

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

use super::validate;
use crate::expr::{sub, Expr};

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
    /// The logical id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `Ref` to this logical id.
    pub fn r#ref(&self) -> Expr {
        Expr::Ref(self.id.clone())
    }

    /// `Fn::GetAtt` of one of this resource's attributes.
    pub fn get_att(&self, attribute: &str) -> Expr {
        Expr::GetAtt(self.id.clone(), attribute.to_owned())
    }

    /// `Fn::GetAtt` of the `Arn` attribute.
    pub fn arn(&self) -> Expr {
        self.get_att("Arn")
    }
}

/// What happens to a resource's physical object when the stack deletes or replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Policy {
    /// Delete it (CloudFormation's default).
    Delete,
    /// Keep it: the only choice for anything that holds audit data.
    Retain,
    /// Keep it and clean up the rest when the stack is deleted.
    RetainExceptOnDelete,
    /// Snapshot it before deletion (databases, volumes).
    Snapshot,
}

/// A resource's properties plus its resource attributes (DependsOn, policies, Metadata, Condition).
#[derive(Debug, Clone)]
pub struct Resource<R> {
    properties: R,
    condition: Option<String>,
    depends_on: Vec<String>,
    deletion_policy: Option<Policy>,
    update_replace_policy: Option<Policy>,
    metadata: IndexMap<String, Value>,
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
        self.deletion_policy = Some(Policy::Retain);
        self.update_replace_policy = Some(Policy::Retain);
        self
    }

    /// Sets `DeletionPolicy`.
    pub fn deletion_policy(mut self, policy: Policy) -> Self {
        self.deletion_policy = Some(policy);
        self
    }

    /// Sets `UpdateReplacePolicy`.
    pub fn update_replace_policy(mut self, policy: Policy) -> Self {
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

/// The type of a template parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ParamType {
    /// `String`
    String,
    /// `Number`
    Number,
    /// `CommaDelimitedList`
    CommaDelimitedList,
    /// `List<Number>`
    #[serde(rename = "List<Number>")]
    NumberList,
}

/// A template parameter: a deploy-time value.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parameter {
    #[serde(rename = "Type")]
    param_type: ParamType,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    allowed_values: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed_pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    constraint_description: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    no_echo: bool,
}

impl Parameter {
    /// A parameter of the given type.
    pub fn new(param_type: ParamType) -> Self {
        Parameter {
            param_type,
            description: None,
            default: None,
            allowed_values: Vec::new(),
            allowed_pattern: None,
            min_length: None,
            max_length: None,
            min_value: None,
            max_value: None,
            constraint_description: None,
            no_echo: false,
        }
    }

    /// A `String` parameter.
    pub fn string() -> Self {
        Self::new(ParamType::String)
    }

    /// A `Number` parameter.
    pub fn number() -> Self {
        Self::new(ParamType::Number)
    }

    /// Sets the description shown in the console.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Sets the default value.
    pub fn default_value(mut self, value: impl Into<Value>) -> Self {
        self.default = Some(value.into());
        self
    }

    /// Restricts the value to a list.
    pub fn allowed_values<V: Into<Value>>(mut self, values: impl IntoIterator<Item = V>) -> Self {
        self.allowed_values = values.into_iter().map(Into::into).collect();
        self
    }

    /// Restricts a string to a regular expression, with the message shown when it does not match.
    pub fn allowed_pattern(
        mut self,
        pattern: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        self.allowed_pattern = Some(pattern.into());
        self.constraint_description = Some(message.into());
        self
    }

    /// Restricts a string's length.
    pub fn length(mut self, min: u32, max: u32) -> Self {
        self.min_length = Some(min);
        self.max_length = Some(max);
        self
    }

    /// Restricts a number's range.
    pub fn range(mut self, min: f64, max: f64) -> Self {
        self.min_value = Some(min);
        self.max_value = Some(max);
        self
    }

    /// Hides the value in the console and API output.
    pub fn no_echo(mut self) -> Self {
        self.no_echo = true;
        self
    }
}

/// A template output, optionally exported for other stacks.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Output {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    value: Expr,
    #[serde(skip_serializing_if = "Option::is_none")]
    export: Option<Export>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Export {
    name: Expr,
}

impl Output {
    /// An output of the given value.
    pub fn new(value: impl Into<Expr>) -> Self {
        Output {
            description: None,
            value: value.into(),
            export: None,
        }
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Exports the value as `<stack name>-<suffix>` so other stacks can import it.
    pub fn exported(mut self, suffix: &str) -> Self {
        self.export = Some(Export {
            name: sub(format!("${{AWS::StackName}}-{suffix}")),
        });
        self
    }
}

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
    deletion_policy: Option<Policy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    update_replace_policy: Option<Policy>,
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
        Handle {
            id: id.to_owned(),
            kind: PhantomData,
        }
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
        Handle {
            id: id.to_owned(),
            kind: PhantomData,
        }
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
