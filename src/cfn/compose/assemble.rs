//! The composition's steps in order: name every part's declarations, merge the conditions,
//! rewrite each part after the parts it reads, then put the sections together and check the
//! result as a template of its own.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::conditions::{both, in_home_region, merge, simplify, IN_HOME_REGION};
use super::limits::check_limits;
use super::names::{Registry, Space};
use super::prepare::{join, order, prepare, Outputs, Prepared};
use super::{ComposeError, ComposeErrorKind, Composition, Part};
use crate::cfn::check_references;

/// Where the resources and outputs of a part live: the condition each gets, and the conditions
/// that then hold wherever it is evaluated.
struct Placement {
    condition: Option<String>,
    guard: Vec<String>,
}

/// The composite's conditions made by combining [`IN_HOME_REGION`] with a part's own.
#[derive(Default)]
struct Combined {
    bodies: IndexMap<String, Value>,
}

impl Combined {
    fn place(
        &mut self,
        registry: &mut Registry,
        part: &Prepared,
        own: Option<&str>,
    ) -> Result<Placement, ComposeError> {
        let own = own.map(|c| {
            part.conditions
                .get(c)
                .cloned()
                .unwrap_or_else(|| c.to_owned())
        });
        if !part.part.home_only {
            return Ok(Placement {
                guard: own.iter().cloned().collect(),
                condition: own,
            });
        }
        let Some(own) = own.filter(|c| c != IN_HOME_REGION) else {
            return Ok(Placement {
                condition: Some(IN_HOME_REGION.to_owned()),
                guard: vec![IN_HOME_REGION.to_owned()],
            });
        };
        let name = format!("{IN_HOME_REGION}And{own}");
        if !self.bodies.contains_key(&name) {
            registry.claim(Space::Condition, &part.part.name, &own, &name)?;
            self.bodies.insert(name.clone(), both(IN_HOME_REGION, &own));
        }
        Ok(Placement {
            condition: Some(name),
            guard: vec![IN_HOME_REGION.to_owned(), own],
        })
    }
}

/// One part's rewritten sections.
#[derive(Default)]
struct Rewritten {
    parameters: Map<String, Value>,
    mappings: Map<String, Value>,
    resources: Map<String, Value>,
    outputs: Map<String, Value>,
}

fn rewrite_part(
    p: &Prepared,
    registry: &mut Registry,
    combined: &mut Combined,
    outputs: &mut Outputs,
) -> Result<Rewritten, ComposeError> {
    let scope = p.scope();
    let mut out = Rewritten::default();
    for (name, declaration) in p.section("Parameters") {
        if let Some(new) = p.ids.get(name) {
            out.parameters.insert(new.clone(), declaration.clone());
        }
    }
    for (name, mapping) in p.section("Mappings") {
        out.mappings
            .insert(p.mappings[name].clone(), mapping.clone());
    }
    for (id, entry) in p.section("Resources") {
        let placed = combined.place(registry, p, entry["Condition"].as_str())?;
        let mut new = Map::new();
        for (key, value) in entry.as_object().into_iter().flatten() {
            let value = match (key.as_str(), value) {
                ("Condition", _) => continue,
                ("DependsOn", Value::String(dep)) => {
                    Value::String(p.ids.get(dep).cloned().unwrap_or_else(|| dep.clone()))
                }
                ("DependsOn", Value::Array(deps)) => Value::Array(
                    deps.iter()
                        .map(|d| match d.as_str().and_then(|d| p.ids.get(d)) {
                            Some(new) => Value::String(new.clone()),
                            None => d.clone(),
                        })
                        .collect(),
                ),
                ("Properties", properties) => scope.walk(properties, &placed.guard)?,
                _ => value.clone(),
            };
            new.insert(key.clone(), value);
            if key == "Type" {
                if let Some(condition) = &placed.condition {
                    new.insert("Condition".to_owned(), Value::String(condition.clone()));
                }
            }
        }
        out.resources.insert(p.ids[id].clone(), Value::Object(new));
    }
    for (key, output) in p.section("Outputs") {
        let placed = combined.place(registry, p, output["Condition"].as_str())?;
        let mut new = Map::new();
        for (field, value) in output.as_object().into_iter().flatten() {
            if field == "Condition" {
                continue;
            }
            new.insert(field.clone(), scope.walk(value, &placed.guard)?);
        }
        if let Some(condition) = &placed.condition {
            new.insert("Condition".to_owned(), Value::String(condition.clone()));
        }
        let value = new.get("Value").cloned().unwrap_or_default();
        outputs.insert((p.part.name.clone(), key.clone()), (value, placed.guard));
        out.outputs
            .insert(p.outputs[key].clone(), Value::Object(new));
    }
    Ok(out)
}

/// Drops every `Export` whose name two outputs share: kept, the composite would fail to create.
fn drop_shared_exports(outputs: &mut Map<String, Value>) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for output in outputs.values() {
        if let Some(name) = output.get("Export").and_then(|e| e.get("Name")) {
            *count.entry(name.to_string()).or_default() += 1;
        }
    }
    for output in outputs.values_mut() {
        let shared = output
            .get("Export")
            .and_then(|e| e.get("Name"))
            .is_some_and(|name| count.get(&name.to_string()).copied().unwrap_or(0) > 1);
        if shared {
            if let Some(map) = output.as_object_mut() {
                map.remove("Export");
            }
        }
    }
}

pub(super) fn compose(
    parts: &[Part],
    home: &str,
    description: &str,
    mut metadata: Map<String, Value>,
) -> Result<Composition, Vec<ComposeError>> {
    let mut registry = Registry::default();
    registry
        .claim(Space::Condition, "(bundle)", IN_HOME_REGION, IN_HOME_REGION)
        .map_err(|e| vec![e])?;
    let mut problems = Vec::new();
    let mut prepared = Vec::new();
    for part in parts {
        match prepare(part, &mut registry) {
            Ok(p) => prepared.push(p),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Conditions first: the names they merge into are what resources and `Fn::If` then use.
    let mut bodies = IndexMap::new();
    bodies.insert(IN_HOME_REGION.to_owned(), in_home_region(home));
    for p in &prepared {
        for (name, body) in p.section("Conditions") {
            let body = p.scope().walk(body, &[]).map_err(|e| vec![e])?;
            bodies.insert(p.conditions[name].clone(), simplify(body));
        }
    }
    let (kept, merged) = merge(bodies);
    for p in &mut prepared {
        for target in p.conditions.values_mut() {
            if let Some(new) = merged.get(target.as_str()) {
                *target = new.clone();
            }
        }
    }
    let mut combined = Combined::default();
    let mut outputs = Outputs::new();
    let mut rewritten: Vec<Option<Rewritten>> = (0..prepared.len()).map(|_| None).collect();
    for i in order(&prepared)? {
        let p = &mut prepared[i];
        for (param, pieces) in &p.part.bindings {
            if let Some(bound) = p.bound.get_mut(param) {
                let (value, requires) = join(pieces, &outputs);
                bound.value = Some(value);
                bound.requires = requires;
            }
        }
        let p = &prepared[i];
        rewritten[i] =
            Some(rewrite_part(p, &mut registry, &mut combined, &mut outputs).map_err(|e| vec![e])?);
    }
    let mut sections: IndexMap<&str, Map<String, Value>> = IndexMap::new();
    for name in [
        "Parameters",
        "Mappings",
        "Conditions",
        "Resources",
        "Outputs",
    ] {
        sections.insert(name, Map::new());
    }
    let used_home = prepared.iter().any(|p| p.part.home_only)
        || prepared
            .iter()
            .any(|p| p.conditions.values().any(|c| c == IN_HOME_REGION));
    for (name, body) in kept.into_iter().chain(combined.bodies) {
        if name != IN_HOME_REGION || used_home {
            sections["Conditions"].insert(name, body);
        }
    }
    for (p, r) in prepared.iter().zip(rewritten.into_iter().flatten()) {
        sections["Parameters"].extend(r.parameters);
        sections["Mappings"].extend(r.mappings);
        sections["Resources"].extend(r.resources);
        sections["Outputs"].extend(r.outputs);
        for (key, value) in p.section("Metadata") {
            match metadata.get(key) {
                Some(first) if first != value => problems.push(ComposeError::new(
                    ComposeErrorKind::Unsupported,
                    &p.part.name,
                    format!("Metadata.{key}"),
                    format!("another part's template has a different `Metadata.{key}`; a template has one, so make them equal or deploy this stack on its own"),
                )),
                _ => {
                    metadata.insert(key.clone(), value.clone());
                }
            }
        }
    }
    drop_shared_exports(&mut sections["Outputs"]);
    let mut template = Map::new();
    template.insert(
        "AWSTemplateFormatVersion".to_owned(),
        Value::String("2010-09-09".to_owned()),
    );
    template.insert(
        "Description".to_owned(),
        Value::String(description.to_owned()),
    );
    if !metadata.is_empty() {
        template.insert("Metadata".to_owned(), Value::Object(metadata));
    }
    for (name, section) in sections {
        if !section.is_empty() || name == "Resources" {
            template.insert(name.to_owned(), Value::Object(section));
        }
    }
    let template = Value::Object(template);
    // A Value holds only string keys, so pretty-printing it cannot fail.
    let mut body = serde_json::to_string_pretty(&template).unwrap_or_default();
    body.push('\n');
    problems.extend(
        check_references(&template)
            .into_iter()
            .map(|p| ComposeError::new(ComposeErrorKind::Dangling, "", "", p.to_string())),
    );
    problems.extend(check_limits(&template, &body));
    if problems.is_empty() {
        Ok(Composition { template, body })
    } else {
        Err(problems)
    }
}
