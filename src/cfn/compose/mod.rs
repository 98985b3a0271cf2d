//! Composing several templates ("parts") into one: every declaration prefixed with its part's
//! name, every reference rewritten to match, parameters bound to other parts' outputs replaced by
//! the expressions those outputs stand for, and global parts kept to the home region. Pure JSON
//! rewriting: what a part is and where its bindings come from is the caller's (`params::bundle`).

mod assemble;
mod conditions;
mod limits;
mod names;
mod prepare;
mod rewrite;

use std::fmt;

use indexmap::IndexMap;
use serde_json::{Map, Value};

pub use conditions::IN_HOME_REGION;
pub use limits::{MAX_BODY_BYTES, MAX_OUTPUTS, MAX_PARAMETERS, MAX_RESOURCES};

/// One piece of a bound parameter's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// The account the composite is deployed in (`AWS::AccountId`).
    AccountId,
    /// An output of another part.
    Output {
        /// The part's name.
        part: String,
        /// The output key, as that part's template declares it.
        output: String,
    },
}

/// One template to compose.
#[derive(Debug, Clone)]
pub struct Part {
    /// Its name: the prefix of its declarations (first letter upper-cased) and how errors name it.
    pub name: String,
    /// The template.
    pub template: Value,
    /// Parameters given a value, by name; the pieces are concatenated.
    pub bindings: IndexMap<String, Vec<Piece>>,
    /// Its resources and outputs exist in the home region only ([`IN_HOME_REGION`]).
    pub home_only: bool,
}

/// What kind of problem a composition has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComposeErrorKind {
    /// Two parts' declarations get one name, or a name CloudFormation refuses.
    Collision,
    /// Something the composite cannot express (a transform, a section, an output in a condition).
    Unsupported,
    /// A parameter without a value and without a default.
    MissingParameter,
    /// A binding reads an output or part that does not exist.
    UnknownOutput,
    /// A CloudFormation limit is exceeded.
    Limit,
    /// The composite refers to something it does not declare.
    Dangling,
}

/// One problem of a composition, located in a part (empty: the composite as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposeError {
    /// The kind.
    pub kind: ComposeErrorKind,
    /// The part it is in.
    pub part: String,
    /// Where in the part's template (or its bindings): `Parameters.X`, `Transform`, …
    pub field: String,
    /// What is wrong and the fix.
    pub problem: String,
}

impl ComposeError {
    fn new(
        kind: ComposeErrorKind,
        part: &str,
        field: impl Into<String>,
        problem: impl Into<String>,
    ) -> Self {
        ComposeError {
            kind,
            part: part.to_owned(),
            field: field.into(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for ComposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.part.is_empty(), self.field.is_empty()) {
            (false, false) => write!(f, "{}: {}: {}", self.part, self.field, self.problem),
            (false, true) => write!(f, "{}: {}", self.part, self.problem),
            (true, false) => write!(f, "{}: {}", self.field, self.problem),
            (true, true) => f.write_str(&self.problem),
        }
    }
}

impl std::error::Error for ComposeError {}

/// The composite template.
#[derive(Debug, Clone, PartialEq)]
pub struct Composition {
    /// The template.
    pub template: Value,
    /// Its text: two-space indent, trailing newline, like every rendered template.
    pub body: String,
}

/// Composes `parts` (in the order given) into one template whose global parts exist in `home`
/// only; `description` and `metadata` are the composite's own.
pub fn compose(
    parts: &[Part],
    home: &str,
    description: &str,
    metadata: Map<String, Value>,
) -> Result<Composition, Vec<ComposeError>> {
    assemble::compose(parts, home, description, metadata)
}

#[cfg(test)]
mod tests;
