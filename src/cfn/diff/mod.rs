//! The property-level diff of a deployed template and its parameter values against the ones
//! hydrate would deploy now: one [`PropertyChange`] per changed JSON path, unchanged parts left
//! out. Pure and deterministic; IAM's spelling rules apply (a string equals a one-element list,
//! statements pair by `Sid`).

mod array;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

/// What happened at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PropertyChangeKind {
    /// The path is new.
    Added,
    /// The path is gone.
    Removed,
    /// The value at the path changed.
    Modified,
}

impl PropertyChangeKind {
    /// The diff mark: `+`, `-` or `~`.
    pub fn mark(self) -> char {
        match self {
            PropertyChangeKind::Added => '+',
            PropertyChangeKind::Removed => '-',
            PropertyChangeKind::Modified => '~',
        }
    }
}

/// One changed path of a template or of the parameter values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PropertyChange {
    /// Where: `Resources.DeveloperRole.Properties.Policies[0].PolicyDocument.Statement[2]`, or
    /// `ParameterValues.<name>` for a parameter's value.
    pub path: String,
    /// The resource the path is in, when it is under `Resources`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logical_id: Option<String>,
    /// Added, removed or modified.
    pub change: PropertyChangeKind,
    /// The deployed value (none when added).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The new value (none when removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// The root of the paths of parameter values (apart from the template's `Parameters` section,
/// which declares them).
pub const PARAMETER_VALUES: &str = "ParameterValues";

/// One step of a path: an object key or an array index.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// A path being walked, rendered only for the changes found.
#[derive(Debug, Clone, Default)]
struct Path(Vec<Step>);

impl Path {
    fn key(&self, key: &str) -> Path {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_owned()));
        Path(steps)
    }

    fn index(&self, index: usize) -> Path {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        Path(steps)
    }

    /// `a.b[0]`; a key that is not a plain word is quoted, `Condition.StringEquals["aws:SourceAccount"]`.
    fn render(&self) -> String {
        let mut text = String::new();
        for step in &self.0 {
            match step {
                Step::Index(i) => text.push_str(&format!("[{i}]")),
                Step::Key(k)
                    if !k.is_empty()
                        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
                {
                    if !text.is_empty() {
                        text.push('.');
                    }
                    text.push_str(k);
                }
                Step::Key(k) => text.push_str(&format!("[{}]", Value::String(k.clone()))),
            }
        }
        text
    }

    /// The logical id when the path is `Resources.<id>…`.
    fn logical_id(&self) -> Option<String> {
        match self.0.as_slice() {
            [Step::Key(root), Step::Key(id), ..] if root == "Resources" => Some(id.clone()),
            _ => None,
        }
    }

    fn change(
        &self,
        change: PropertyChangeKind,
        old: Option<&Value>,
        new: Option<&Value>,
    ) -> PropertyChange {
        PropertyChange {
            path: self.render(),
            logical_id: self.logical_id(),
            change,
            old: old.cloned(),
            new: new.cloned(),
        }
    }
}

/// The changes from the deployed template `old` (none when not deployed) to `new`. A section
/// (`Resources`, `Outputs`, …) that appears or goes is listed entry by entry.
pub fn template_diff(old: Option<&Value>, new: &Value) -> Vec<PropertyChange> {
    let empty = Value::Object(Map::new());
    let old = old.unwrap_or(&empty);
    let mut out = Vec::new();
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            let root = Path::default();
            for (key, new_section) in n {
                let path = root.key(key);
                match o.get(key) {
                    Some(old_section) => diff(&path, old_section, new_section, &mut out),
                    None => section(&path, new_section, PropertyChangeKind::Added, &mut out),
                }
            }
            for (key, old_section) in o.iter().filter(|(k, _)| !n.contains_key(*k)) {
                section(
                    &root.key(key),
                    old_section,
                    PropertyChangeKind::Removed,
                    &mut out,
                );
            }
        }
        _ => diff(&Path::default(), old, new, &mut out),
    }
    out
}

/// A whole section added or removed: each of its entries, or the section when it is a scalar.
fn section(path: &Path, value: &Value, change: PropertyChangeKind, out: &mut Vec<PropertyChange>) {
    let one = |p: &Path, v: &Value| match change {
        PropertyChangeKind::Removed => p.change(change, Some(v), None),
        _ => p.change(change, None, Some(v)),
    };
    match value {
        Value::Object(entries) if !entries.is_empty() => {
            out.extend(entries.iter().map(|(k, v)| one(&path.key(k), v)));
        }
        _ => out.push(one(path, value)),
    }
}

/// A string where the other side is a list is read as a one-element list (IAM's `Action`,
/// `Resource`, `Principal` accept either).
fn as_list(value: &Value, other: &Value) -> Option<Vec<Value>> {
    match (value, other) {
        (Value::Array(items), _) => Some(items.clone()),
        (Value::String(_), Value::Array(_)) => Some(vec![value.clone()]),
        _ => None,
    }
}

/// Equal under IAM's spelling rules: a string equals a one-element list of it, at any depth;
/// key order never matters.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        (Value::String(_), Value::Array(y)) => y.len() == 1 && same(a, &y[0]),
        (Value::Array(x), Value::String(_)) => x.len() == 1 && same(&x[0], b),
        _ => a == b,
    }
}

/// The changes below `path` from `old` to `new`.
fn diff(path: &Path, old: &Value, new: &Value, out: &mut Vec<PropertyChange>) {
    if same(old, new) {
        return;
    }
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            for (key, value) in n {
                match o.get(key) {
                    Some(before) => diff(&path.key(key), before, value, out),
                    None => out.push(path.key(key).change(
                        PropertyChangeKind::Added,
                        None,
                        Some(value),
                    )),
                }
            }
            for (key, value) in o.iter().filter(|(k, _)| !n.contains_key(*k)) {
                out.push(
                    path.key(key)
                        .change(PropertyChangeKind::Removed, Some(value), None),
                );
            }
        }
        _ => match (as_list(old, new), as_list(new, old)) {
            (Some(o), Some(n)) => array::diff(path, &o, &n, out),
            _ => out.push(path.change(PropertyChangeKind::Modified, Some(old), Some(new))),
        },
    }
}

/// A declared parameter's value when none is given: its `Default` as CloudFormation reports it.
fn default_of(declaration: &Value) -> Option<String> {
    match declaration.get("Default")? {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(
            items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(","),
        ),
        other => Some(other.to_string()),
    }
}

/// Whether a declared parameter hides its value (`NoEcho`): CloudFormation shows `****` for it,
/// so it cannot be compared and is never printed.
fn hidden(declaration: &Value) -> bool {
    match declaration.get("NoEcho") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// The changes of parameter values: `deployed` as the stack has them (none when not deployed),
/// against `given` and the defaults the `new` template declares. `NoEcho` parameters are left out.
pub fn parameter_diff(
    deployed: Option<&BTreeMap<String, String>>,
    given: &[(String, String)],
    new: &Value,
) -> Vec<PropertyChange> {
    let empty = Map::new();
    let declared = new
        .get("Parameters")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let root = Path::default().key(PARAMETER_VALUES);
    let mut out = Vec::new();
    for (name, declaration) in declared {
        if hidden(declaration) {
            continue;
        }
        let wanted = given
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .or_else(|| default_of(declaration))
            .map(Value::String);
        let before = deployed
            .and_then(|d| d.get(name))
            .cloned()
            .map(Value::String);
        let path = root.key(name);
        match (before, wanted) {
            (Some(b), Some(w)) if b != w => {
                out.push(path.change(PropertyChangeKind::Modified, Some(&b), Some(&w)))
            }
            (None, Some(w)) => out.push(path.change(PropertyChangeKind::Added, None, Some(&w))),
            _ => {}
        }
    }
    for (name, value) in deployed.into_iter().flatten() {
        if !declared.contains_key(name) && value != "****" {
            let value = Value::String(value.clone());
            out.push(
                root.key(name)
                    .change(PropertyChangeKind::Removed, Some(&value), None),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests;
