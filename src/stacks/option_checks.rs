//! Option errors, and the checks the templates' options share: name prefix, IAM path, numeric range.

/// An option value that cannot be rendered, with what to use instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("option `{field}`: {problem}")]
pub struct OptionError {
    /// The option's JSON name.
    pub field: &'static str,
    /// What is wrong and the fix.
    pub problem: String,
}

impl OptionError {
    /// An error on one option.
    pub fn new(field: &'static str, problem: impl Into<String>) -> Self {
        OptionError {
            field,
            problem: problem.into(),
        }
    }
}

/// IAM names allow letters, digits and `+=,.@_-`.
fn iam_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)
}

/// A name prefix: 1–32 IAM name characters, so every derived name stays under IAM's 64.
pub fn check_prefix(field: &'static str, prefix: &str) -> Result<(), OptionError> {
    if prefix.is_empty() || prefix.len() > 32 || !prefix.chars().all(iam_name_char) {
        return Err(OptionError::new(
            field,
            format!(
                "`{prefix}` is not a usable prefix; use 1 to 32 letters, digits or `+=,.@_-`, e.g. `acme`"
            ),
        ));
    }
    Ok(())
}

/// An IAM path: starts and ends with `/`, printable ASCII without spaces, at most 512 characters.
pub fn check_path(field: &'static str, path: &str) -> Result<(), OptionError> {
    let ok = path.starts_with('/')
        && path.ends_with('/')
        && path.len() <= 512
        && path.chars().all(|c| c.is_ascii_graphic());
    if !ok {
        return Err(OptionError::new(
            field,
            format!(
                "`{path}` is not an IAM path; it must start and end with `/`, e.g. `/hydrate/`"
            ),
        ));
    }
    Ok(())
}

/// A number within an inclusive range.
pub fn check_range(
    field: &'static str,
    value: u32,
    min: u32,
    max: u32,
    unit: &str,
) -> Result<(), OptionError> {
    if value < min || value > max {
        return Err(OptionError::new(
            field,
            format!("{value} is out of range; use {min} to {max} {unit}"),
        ));
    }
    Ok(())
}
