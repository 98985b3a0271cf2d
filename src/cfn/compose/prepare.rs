//! Each part before it is rewritten: its sections and parameters checked, every declaration
//! given its composed name, its bindings as pieces; the order parts are rewritten in; and the
//! value a binding's pieces make.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::names::{prefix, prefixed, Registry, Renames, Space};
use super::rewrite::{Bound, Scope};
use super::{ComposeError, ComposeErrorKind, Part, Piece};

/// The top-level sections a part may have.
const SECTIONS: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Mappings",
    "Conditions",
    "Resources",
    "Outputs",
];

/// One part with its names decided.
pub(super) struct Prepared<'a> {
    pub(super) part: &'a Part,
    pub(super) prefix: String,
    pub(super) ids: Renames,
    pub(super) conditions: Renames,
    pub(super) mappings: Renames,
    pub(super) outputs: Renames,
    pub(super) bound: HashMap<String, Bound>,
}

impl Prepared<'_> {
    pub(super) fn scope(&self) -> Scope<'_> {
        Scope {
            part: &self.part.name,
            ids: &self.ids,
            conditions: &self.conditions,
            mappings: &self.mappings,
            bound: &self.bound,
            prefix: &self.prefix,
        }
    }

    pub(super) fn section(&self, name: &str) -> impl Iterator<Item = (&String, &Value)> {
        self.part.template[name].as_object().into_iter().flatten()
    }
}

fn keys<'a>(template: &'a Value, section: &str) -> Vec<&'a String> {
    template[section]
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default()
}

fn is_list(declaration: &Value) -> bool {
    let kind = declaration["Type"].as_str().unwrap_or_default();
    kind == "CommaDelimitedList" || kind.starts_with("List<")
}

/// Names every declaration of a part and checks its sections and parameters.
pub(super) fn prepare<'a>(
    part: &'a Part,
    registry: &mut Registry,
) -> Result<Prepared<'a>, Vec<ComposeError>> {
    let name = part.name.as_str();
    let t = &part.template;
    let mut problems = Vec::new();
    for section in t.as_object().into_iter().flatten().map(|(k, _)| k) {
        if !SECTIONS.contains(&section.as_str()) {
            problems.push(ComposeError::new(
                ComposeErrorKind::Unsupported,
                name,
                section.as_str(),
                format!("a bundle cannot compose a template's `{section}` section (macros and rules apply to a whole template); deploy this stack on its own"),
            ));
        }
    }
    let declared = t["Parameters"].as_object().cloned().unwrap_or_default();
    for bound in part.bindings.keys().filter(|b| !declared.contains_key(*b)) {
        problems.push(ComposeError::new(
            ComposeErrorKind::Unsupported,
            name,
            format!("Parameters.{bound}"),
            format!("the template declares no parameter `{bound}`; remove it from Parameters"),
        ));
    }
    let mut unbound = Vec::new();
    for (param, declaration) in &declared {
        if part.bindings.contains_key(param) {
            continue;
        }
        if declaration.get("Default").is_none() {
            problems.push(ComposeError::new(
                ComposeErrorKind::MissingParameter,
                name,
                format!("Parameters.{param}"),
                format!("the template requires parameter `{param}` and it has no default; give it a value in Parameters"),
            ));
        }
        unbound.push(param);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let ids_of = keys(t, "Resources").into_iter().chain(unbound);
    let named = (|| {
        Ok::<_, ComposeError>((
            prefixed(registry, Space::Id, name, ids_of)?,
            prefixed(registry, Space::Condition, name, keys(t, "Conditions"))?,
            prefixed(registry, Space::Mapping, name, keys(t, "Mappings"))?,
            prefixed(registry, Space::Output, name, keys(t, "Outputs"))?,
        ))
    })();
    let (ids, conditions, mappings, outputs) = named.map_err(|e| vec![e])?;
    let bound = part
        .bindings
        .iter()
        .map(|(param, pieces)| {
            let literal = pieces.iter().all(|p| !matches!(p, Piece::Output { .. }));
            let value = literal.then(|| join(pieces, &HashMap::new()).0);
            let list = declared.get(param).is_some_and(is_list);
            (
                param.clone(),
                Bound {
                    value,
                    requires: Vec::new(),
                    list,
                },
            )
        })
        .collect();
    Ok(Prepared {
        part,
        prefix: prefix(name),
        ids,
        conditions,
        mappings,
        outputs,
        bound,
    })
}

/// Composed outputs by (part, output key): the expression and the conditions it needs.
pub(super) type Outputs = HashMap<(String, String), (Value, Vec<String>)>;

/// The value the pieces make: one string, one expression, or their `Fn::Join`; with the
/// conditions of every output read.
pub(super) fn join(pieces: &[Piece], outputs: &Outputs) -> (Value, Vec<String>) {
    let mut items: Vec<Value> = Vec::new();
    let mut requires: Vec<String> = Vec::new();
    for piece in pieces {
        let item = match piece {
            Piece::Text(text) => {
                if let Some(Value::String(last)) = items.last_mut() {
                    last.push_str(text);
                    continue;
                }
                Value::String(text.clone())
            }
            Piece::AccountId => json!({ "Ref": "AWS::AccountId" }),
            Piece::Output { part, output } => {
                let (value, needs) = outputs
                    .get(&(part.clone(), output.clone()))
                    .cloned()
                    .unwrap_or_default();
                requires.extend(
                    needs
                        .into_iter()
                        .filter(|n| !requires.contains(n))
                        .collect::<Vec<_>>(),
                );
                value
            }
        };
        items.push(item);
    }
    let value = match items.len() {
        0 => Value::String(String::new()),
        1 => items.into_iter().next().unwrap_or_default(),
        _ => json!({ "Fn::Join": ["", items] }),
    };
    (value, requires)
}

/// The order parts are composed in: a part after every part whose outputs it reads.
pub(super) fn order(parts: &[Prepared]) -> Result<Vec<usize>, Vec<ComposeError>> {
    let index: HashMap<&str, usize> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.part.name.as_str(), i))
        .collect();
    let mut problems = Vec::new();
    let mut reads: Vec<Vec<usize>> = vec![Vec::new(); parts.len()];
    for (i, p) in parts.iter().enumerate() {
        for (param, pieces) in &p.part.bindings {
            for piece in pieces {
                let Piece::Output { part, output } = piece else {
                    continue;
                };
                let field = format!("Parameters.{param}");
                match index.get(part.as_str()) {
                    None => problems.push(ComposeError::new(
                        ComposeErrorKind::UnknownOutput,
                        &p.part.name,
                        field,
                        format!("reads an output of `{part}`, which is not a part of the bundle; add its stack file or give a literal value"),
                    )),
                    Some(&j) if !parts[j].outputs.contains_key(output) => {
                        let has: Vec<&str> = parts[j].outputs.keys().map(String::as_str).collect();
                        problems.push(ComposeError::new(
                            ComposeErrorKind::UnknownOutput,
                            &p.part.name,
                            field,
                            format!("stack {part} declares no output {output} (it has: {})", has.join(", ")),
                        ));
                    }
                    Some(&j) => reads[i].push(j),
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Depth first; a part seen again while it is being visited closes a circle.
    fn visit(i: usize, reads: &[Vec<usize>], state: &mut [u8], out: &mut Vec<usize>) -> bool {
        match state[i] {
            2 => return true,
            1 => return false,
            _ => {}
        }
        state[i] = 1;
        if !reads[i].iter().all(|&j| visit(j, reads, state, out)) {
            return false;
        }
        state[i] = 2;
        out.push(i);
        true
    }
    let mut state = vec![0u8; parts.len()];
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if !visit(i, &reads, &mut state, &mut out) {
            return Err(vec![ComposeError::new(
                ComposeErrorKind::Unsupported,
                &p.part.name,
                "Parameters",
                "parts read each other's outputs in a circle; give one of the parameters a literal value",
            )]);
        }
    }
    Ok(out)
}
