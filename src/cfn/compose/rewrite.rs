//! Rewriting one part's JSON into the composite's names: every `Ref`, `Fn::GetAtt` (both forms),
//! `Fn::Sub` variable (both forms; `${!Literal}` stays), `Fn::If`, `{"Condition": …}` and
//! `Fn::FindInMap` map name, and a bound parameter replaced by the expression it is bound to.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::names::Renames;
use super::{ComposeError, ComposeErrorKind};

/// What a parameter bound in the stack file stands for in the composite.
#[derive(Debug, Clone)]
pub(super) struct Bound {
    /// The expression; `None` while the outputs it reads are not composed yet.
    pub(super) value: Option<Value>,
    /// Conditions under which alone the expression is valid (the resources it reads exist).
    pub(super) requires: Vec<String>,
    /// A `List<…>`/`CommaDelimitedList` parameter: the text is split at commas.
    pub(super) list: bool,
}

/// One part's renames and bound parameters.
pub(super) struct Scope<'a> {
    /// The part's name, for errors.
    pub(super) part: &'a str,
    /// Resources and unbound parameters.
    pub(super) ids: &'a Renames,
    /// Conditions.
    pub(super) conditions: &'a Renames,
    /// Mappings.
    pub(super) mappings: &'a Renames,
    /// Parameters bound in the stack file.
    pub(super) bound: &'a HashMap<String, Bound>,
    /// The composed name of a bound parameter, used as a `Fn::Sub` variable.
    pub(super) prefix: &'a str,
}

fn renamed(map: &Renames, name: &str) -> String {
    map.get(name).cloned().unwrap_or_else(|| name.to_owned())
}

impl Scope<'_> {
    /// `value` in the composite's names; `guard` holds the conditions true wherever it is evaluated.
    pub(super) fn walk(&self, value: &Value, guard: &[String]) -> Result<Value, ComposeError> {
        match value {
            Value::Array(items) => items
                .iter()
                .map(|item| self.walk(item, guard))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            Value::Object(map) if map.len() == 1 => {
                let Some((key, arg)) = map.iter().next() else {
                    return Ok(value.clone());
                };
                match (key.as_str(), arg) {
                    ("Ref", Value::String(name)) => self.reference(name, guard),
                    ("Fn::GetAtt", Value::Array(parts)) => {
                        let mut parts = parts.clone();
                        if let Some(Value::String(id)) = parts.first_mut() {
                            *id = renamed(self.ids, id);
                        }
                        Ok(json!({ "Fn::GetAtt": parts }))
                    }
                    ("Fn::GetAtt", Value::String(dotted)) => {
                        let text = match dotted.split_once('.') {
                            Some((id, attribute)) => {
                                format!("{}.{attribute}", renamed(self.ids, id))
                            }
                            None => renamed(self.ids, dotted),
                        };
                        Ok(json!({ "Fn::GetAtt": text }))
                    }
                    ("Fn::Sub", Value::String(text)) => self.sub(text, Map::new(), guard),
                    ("Fn::Sub", Value::Array(parts)) => {
                        let text = parts.first().and_then(Value::as_str).unwrap_or_default();
                        let vars = match parts.get(1) {
                            Some(Value::Object(vars)) => vars
                                .iter()
                                .map(|(k, v)| Ok((k.clone(), self.walk(v, guard)?)))
                                .collect::<Result<Map<_, _>, ComposeError>>()?,
                            _ => Map::new(),
                        };
                        self.sub(text, vars, guard)
                    }
                    ("Fn::If", Value::Array(parts)) => {
                        let condition = parts
                            .first()
                            .and_then(Value::as_str)
                            .map(|c| renamed(self.conditions, c))
                            .unwrap_or_default();
                        let mut when_true = guard.to_vec();
                        when_true.push(condition.clone());
                        let mut out = vec![Value::String(condition)];
                        for (i, branch) in parts.iter().enumerate().skip(1) {
                            out.push(self.walk(branch, if i == 1 { &when_true } else { guard })?);
                        }
                        Ok(json!({ "Fn::If": out }))
                    }
                    ("Condition", Value::String(name)) => {
                        Ok(json!({ "Condition": renamed(self.conditions, name) }))
                    }
                    ("Fn::FindInMap", Value::Array(parts)) => {
                        let mut out = Vec::new();
                        for (i, item) in parts.iter().enumerate() {
                            out.push(match (i, item) {
                                (0, Value::String(name)) => {
                                    Value::String(renamed(self.mappings, name))
                                }
                                _ => self.walk(item, guard)?,
                            });
                        }
                        Ok(json!({ "Fn::FindInMap": out }))
                    }
                    _ => self.members(map, guard),
                }
            }
            Value::Object(map) => self.members(map, guard),
            _ => Ok(value.clone()),
        }
    }

    fn members(&self, map: &Map<String, Value>, guard: &[String]) -> Result<Value, ComposeError> {
        map.iter()
            .map(|(k, v)| Ok((k.clone(), self.walk(v, guard)?)))
            .collect::<Result<Map<_, _>, ComposeError>>()
            .map(Value::Object)
    }

    fn reference(&self, name: &str, guard: &[String]) -> Result<Value, ComposeError> {
        match self.bound.get(name) {
            Some(bound) => self.substitute(name, bound, guard),
            None => Ok(json!({ "Ref": renamed(self.ids, name) })),
        }
    }

    /// A bound parameter's expression at a place guarded by `guard`: wrapped in `Fn::If` for
    /// every condition it needs that the place does not already guarantee, so it is valid in every
    /// region the composite is deployed to.
    fn substitute(
        &self,
        name: &str,
        bound: &Bound,
        guard: &[String],
    ) -> Result<Value, ComposeError> {
        let Some(value) = &bound.value else {
            return Err(ComposeError::new(
                ComposeErrorKind::Unsupported,
                self.part,
                format!("Parameters.{name}"),
                format!(
                    "`{name}` reads another stack's output and the template uses it in a condition; a condition cannot read a resource, so give `{name}` a literal value to bundle this stack"
                ),
            ));
        };
        let mut value = if bound.list {
            json!({ "Fn::Split": [",", value] })
        } else {
            value.clone()
        };
        for condition in bound.requires.iter().rev() {
            if !guard.contains(condition) {
                value = json!({ "Fn::If": [condition, value, { "Ref": "AWS::NoValue" }] });
            }
        }
        Ok(value)
    }

    /// A `Fn::Sub` in composed names; a bound parameter becomes a variable of the two-argument
    /// form holding its expression.
    fn sub(
        &self,
        text: &str,
        mut vars: Map<String, Value>,
        guard: &[String],
    ) -> Result<Value, ComposeError> {
        let local: Vec<String> = vars.keys().cloned().collect();
        let mut added = Vec::new();
        let text = map_sub_variables(text, |name| {
            if local.iter().any(|l| l == name) || name.starts_with("AWS::") {
                return Ok(name.to_owned());
            }
            if let Some((id, attribute)) = name.split_once('.') {
                return Ok(format!("{}.{attribute}", renamed(self.ids, id)));
            }
            match self.bound.get(name) {
                Some(bound) => {
                    let var = format!("{}{name}", self.prefix);
                    added.push((var.clone(), self.substitute(name, bound, guard)?));
                    Ok(var)
                }
                None => Ok(renamed(self.ids, name)),
            }
        })?;
        if vars.is_empty() && added.is_empty() {
            return Ok(json!({ "Fn::Sub": text }));
        }
        vars.extend(added);
        Ok(json!({ "Fn::Sub": [text, vars] }))
    }
}

/// `text` with each `${Name}` replaced by `${f(Name)}`; escapes (`${!…}`) and the rest unchanged.
fn map_sub_variables(
    text: &str,
    mut f: impl FnMut(&str) -> Result<String, ComposeError>,
) -> Result<String, ComposeError> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let name = &after[..end];
        out.push_str("${");
        if name.starts_with('!') {
            out.push_str(name);
        } else {
            out.push_str(&f(name.trim())?);
        }
        out.push('}');
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `{"Condition": …}` references renamed through `renames` (after conditions merge).
pub(super) fn rename_condition_refs(value: &mut Value, renames: &Renames) {
    match value {
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| rename_condition_refs(v, renames)),
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                match item {
                    Value::String(name) if key == "Condition" => {
                        if let Some(new) = renames.get(name.as_str()) {
                            *name = new.clone();
                        }
                    }
                    _ => rename_condition_refs(item, renames),
                }
            }
        }
        _ => {}
    }
}
