//! Template outputs, optionally exported for other stacks to import.

use serde::Serialize;

use crate::expr::{sub, Expr};

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
