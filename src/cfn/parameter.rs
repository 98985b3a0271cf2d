//! Template parameters: the deploy-time values a template asks for, and their constraints.

use serde::Serialize;
use serde_json::Value;

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
