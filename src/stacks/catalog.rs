//! The catalog: template name → builder, options type and options schema.

use schemars::schema::RootSchema;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::naming::OptionError;
use super::{iam_setup, self_edit};
use crate::cfn::{RenderError, Template};

/// Why a catalog template could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The options are not of the template's options type (unknown key, wrong type).
    #[error("options of `{template}`: {source}")]
    Options {
        /// The template name.
        template: &'static str,
        /// serde's message, with the field.
        source: serde_json::Error,
    },
    /// An option value is out of range or malformed.
    #[error("options of `{template}`: {source}")]
    Invalid {
        /// The template name.
        template: &'static str,
        /// The option and the fix.
        source: OptionError,
    },
    /// The built template has a dangling or duplicate reference (a bug in the builder).
    #[error("template `{template}` cannot be rendered:\n{source}")]
    Render {
        /// The template name.
        template: &'static str,
        /// Every problem found.
        source: RenderError,
    },
}

/// One template of the catalog.
pub struct Entry {
    /// The template name; also the stack file and `stacks/<name>.json` name.
    pub name: &'static str,
    /// One line on what it creates.
    pub summary: &'static str,
    build: fn(&Value) -> Result<Template, BuildError>,
    schema: fn() -> RootSchema,
}

impl Entry {
    /// Builds the template from options given as JSON (`{}` for the defaults).
    pub fn build(&self, options: &Value) -> Result<Template, BuildError> {
        (self.build)(options)
    }

    /// Renders the template with options given as JSON.
    pub fn render(&self, options: &Value) -> Result<String, BuildError> {
        self.build(options)?
            .render()
            .map_err(|source| BuildError::Render {
                template: self.name,
                source,
            })
    }

    /// Renders the template with its default options.
    pub fn render_default(&self) -> Result<String, BuildError> {
        self.render(&Value::Object(serde_json::Map::new()))
    }

    /// The JSON Schema of the options.
    pub fn options_schema(&self) -> RootSchema {
        (self.schema)()
    }
}

/// Deserializes options of type `O` and runs the builder.
fn typed<O: DeserializeOwned>(
    template: &'static str,
    options: &Value,
    build: fn(&O) -> Result<Template, OptionError>,
) -> Result<Template, BuildError> {
    let options: O = serde_json::from_value(options.clone())
        .map_err(|source| BuildError::Options { template, source })?;
    build(&options).map_err(|source| BuildError::Invalid { template, source })
}

fn schema_of<O: JsonSchema>() -> RootSchema {
    schemars::schema_for!(O)
}

/// Every template, in the order `hydrate up` would first deploy them.
pub static CATALOG: &[Entry] = &[
    Entry {
        name: "iamSetup",
        summary: "admin, operator and developer groups with MFA-only roles, and a readonly role",
        build: |o| typed("iamSetup", o, iam_setup::build),
        schema: schema_of::<iam_setup::IamSetupOptions>,
    },
    Entry {
        name: "selfEdit",
        summary: "a group whose members manage only their own credentials, MFA first",
        build: |o| typed("selfEdit", o, self_edit::build),
        schema: schema_of::<self_edit::SelfEditOptions>,
    },
];

/// The catalog entry of a template name.
pub fn find(name: &str) -> Option<&'static Entry> {
    CATALOG.iter().find(|e| e.name == name)
}

/// The template names, for error messages.
pub fn names() -> Vec<&'static str> {
    CATALOG.iter().map(|e| e.name).collect()
}
