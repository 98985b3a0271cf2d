//! Errors in account directories: each names the file, where in it, what is wrong and the fix.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::suggest::closest;

/// What kind of problem a file has; callers and tests branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The account directory does not exist.
    NoAccountDir,
    /// A file cannot be read.
    Unreadable,
    /// Not valid JSON.
    MalformedJson,
    /// A key the format does not have.
    UnknownKey,
    /// A value of the wrong type or form.
    WrongType,
    /// A value out of range or malformed (account id, region, options).
    InvalidValue,
    /// A catalog template name that does not exist.
    UnknownTemplate,
    /// A template parameter with no default is not given.
    MissingParameter,
    /// A parameter the template does not declare.
    UnknownParameter,
    /// `{{output}}` names a stack that is not in the directory.
    UnknownStack,
    /// `{{output}}` names an output the stack's template does not declare.
    UnknownOutput,
    /// A handlebars value that does not render.
    BadTemplateValue,
    /// Stacks whose outputs depend on each other in a circle.
    Cycle,
    /// Two files declare the same stack.
    DuplicateStack,
}

/// One problem, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamsError {
    /// The kind.
    pub kind: ErrorKind,
    /// The file (or directory).
    pub file: PathBuf,
    /// Line and column, when the JSON parser knows them.
    pub position: Option<(usize, usize)>,
    /// The JSON path of the field, e.g. `Parameters.AlarmTopicArn`; empty for the whole file.
    pub field: String,
    /// What is wrong and what to do.
    pub problem: String,
}

impl ParamsError {
    /// A problem at a field of a file.
    pub fn new(
        kind: ErrorKind,
        file: &Path,
        field: impl Into<String>,
        problem: impl Into<String>,
    ) -> Self {
        ParamsError {
            kind,
            file: file.to_owned(),
            position: None,
            field: field.into(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for ParamsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.problem)
    }
}

impl std::error::Error for ParamsError {}

/// What serde said after `` unknown field `X` ``.
enum Expected {
    /// `expected one of `A`, `B``: the valid names.
    OneOf(Vec<String>),
    /// `there are no fields` / `there are no variants`: the type takes none.
    Nothing,
    /// Our own deserializers' wording, already with its fix.
    Custom(String),
}

/// Reads `` unknown field `X`, expected one of `A`, `B` `` (serde's wording) into X and what it expects.
fn unknown_name(message: &str, what: &str) -> Option<(String, Expected)> {
    let rest = message.strip_prefix(&format!("unknown {what} `"))?;
    let (name, rest) = rest.split_once('`')?;
    // serde_json appends " at line L column C"; the position is reported separately.
    let rest = rest.split(" at line ").next().unwrap_or(rest);
    let expected = if let Some(list) = rest.strip_prefix(", expected ") {
        let names: Vec<String> = list
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect();
        if names.is_empty() {
            Expected::Nothing
        } else {
            Expected::OneOf(names)
        }
    } else if rest.starts_with(", there are no ") {
        Expected::Nothing
    } else {
        Expected::Custom(rest.to_owned())
    };
    Some((name.to_owned(), expected))
}

/// Turns a serde message into our wording: the kind, and the problem with its fix.
pub fn describe(message: &str) -> (ErrorKind, String) {
    for (what, kind, noun, none) in [
        (
            "field",
            ErrorKind::UnknownKey,
            "key",
            "this object takes no keys; remove it",
        ),
        (
            "variant",
            ErrorKind::InvalidValue,
            "value",
            "this setting has no valid values; remove it",
        ),
    ] {
        if let Some((name, expected)) = unknown_name(message, what) {
            let problem = match expected {
                Expected::OneOf(names) => {
                    let hint = closest(&name, names.iter().map(String::as_str))
                        .map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default();
                    format!(
                        "unknown {noun} `{name}`; {hint}expected one of: {}",
                        names.join(", ")
                    )
                }
                Expected::Nothing => format!("unknown {noun} `{name}`; {none}"),
                Expected::Custom(rest) => format!("unknown {noun} `{name}`{rest}"),
            };
            return (kind, problem);
        }
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        return (
            ErrorKind::WrongType,
            format!("required key `{name}` is missing; add it"),
        );
    }
    // serde_json appends " at line L column C"; the position is reported separately.
    let text = message.split(" at line ").next().unwrap_or(message);
    (ErrorKind::WrongType, text.to_owned())
}

/// Parses a JSON file into `T`, reporting the line, column and JSON path of the first problem.
pub fn parse_json<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, ParamsError> {
    let located = |path: String, inner: &serde_json::Error| {
        let (kind, problem) = if inner.is_syntax() || inner.is_eof() {
            (
                ErrorKind::MalformedJson,
                format!("not valid JSON: {}", describe(&inner.to_string()).1),
            )
        } else {
            describe(&inner.to_string())
        };
        ParamsError {
            kind,
            file: file.to_owned(),
            position: Some((inner.line(), inner.column())),
            field: if path == "." { String::new() } else { path },
            problem,
        }
    };
    // serde's words for an array where an object belongs ("invalid length 0, expected struct
    // StackFile with 11 elements") help nobody; say what the file must hold.
    let first = text.trim_start().chars().next();
    if first.is_some_and(|c| c != '{') {
        let held = match first {
            Some('[') => "an array",
            Some('"') => "a string",
            Some('t' | 'f') => "a boolean",
            Some('n') => "null",
            Some(c) if c == '-' || c.is_ascii_digit() => "a number",
            _ => "something that is not JSON",
        };
        return Err(ParamsError {
            kind: ErrorKind::WrongType,
            file: file.to_owned(),
            position: Some((1, 1)),
            field: String::new(),
            problem: format!(
                "the file holds {held}; it must hold one JSON object: {{ \"key\": value, … }}"
            ),
        });
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| located(e.path().to_string(), e.inner()))?;
    de.end().map_err(|e| located(String::new(), &e))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_name_never_ends_in_an_empty_list() {
        let cases = [
            (
                "unknown field `x`, there are no fields",
                "unknown key `x`; this object takes no keys; remove it",
            ),
            (
                "unknown variant `x`, there are no variants",
                "unknown value `x`; this setting has no valid values; remove it",
            ),
            (
                "unknown field `Kee` in a list entry; use Key/Value or ParameterKey/ParameterValue at line 1 column 9",
                "unknown key `Kee` in a list entry; use Key/Value or ParameterKey/ParameterValue",
            ),
            (
                "unknown field `zzzz`, expected `topicName` at line 1 column 5",
                "unknown key `zzzz`; expected one of: topicName",
            ),
            (
                "unknown variant `kms2`, expected `kms` or `s3Managed`",
                "unknown value `kms2`; did you mean `kms`? expected one of: kms, s3Managed",
            ),
        ];
        for (serde, ours) in cases {
            assert_eq!(describe(serde).1, ours, "{serde}");
        }
    }
}
