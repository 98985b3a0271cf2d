//! Which retained resources of a template may still exist after its stack was deleted, under which
//! identifier, and the import-only template that brings them back. Pure: no AWS call.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::cfn::{DeletionPolicy, RenderedTemplate};

/// The types hydrate imports back, with the property that identifies one (`ResourceIdentifier`).
pub const IMPORTABLE: &[(&str, &str)] = &[
    ("AWS::S3::Bucket", "BucketName"),
    ("AWS::Logs::LogGroup", "LogGroupName"),
    ("AWS::KMS::Key", "KeyId"),
];

/// How to look for a retained resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// By its identifier: a bucket or log group name, a key id.
    Id(String),
    /// A key by the alias the template gives it (`alias/…`).
    KeyAlias(String),
}

/// A retained resource of the template that may still exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Its logical id.
    pub logical_id: String,
    /// Its type.
    pub resource_type: String,
    /// The identifier property of its type.
    pub identifier_key: &'static str,
    /// Where to look.
    pub lookup: Lookup,
}

/// The retained resources of `template` whose identifier is known: from the template's own name
/// (resolved with `values`: parameters and `AWS::…` pseudo parameters), else from `recorded`
/// (logical id → physical id, as written when hydrate deleted the stack), else — for a key — from
/// an `AWS::KMS::Alias` of the template that targets it.
pub fn candidates(
    template: &RenderedTemplate,
    values: &BTreeMap<String, String>,
    recorded: &BTreeMap<String, String>,
) -> Vec<Candidate> {
    let resources = &template.json()["Resources"];
    template
        .resources()
        .iter()
        .filter(|r| r.deletion_policy == Some(DeletionPolicy::Retain))
        .filter_map(|r| {
            let (_, key) = IMPORTABLE.iter().find(|(t, _)| *t == r.resource_type)?;
            let named = resolve(&resources[&r.logical_id]["Properties"][*key], values);
            let lookup = match (named, recorded.get(&r.logical_id)) {
                (Some(name), _) => Lookup::Id(name),
                (None, Some(physical)) => Lookup::Id(physical.clone()),
                (None, None) if r.resource_type == "AWS::KMS::Key" => {
                    Lookup::KeyAlias(alias_of(resources, &r.logical_id, values)?)
                }
                (None, None) => return None,
            };
            Some(Candidate {
                logical_id: r.logical_id.clone(),
                resource_type: r.resource_type.clone(),
                identifier_key: key,
                lookup,
            })
        })
        .collect()
}

/// The resolved `AliasName` of an alias whose `TargetKeyId` is `{"Ref": key}`.
fn alias_of(resources: &Value, key: &str, values: &BTreeMap<String, String>) -> Option<String> {
    resources.as_object()?.values().find_map(|r| {
        let props = &r["Properties"];
        (r["Type"] == "AWS::KMS::Alias" && props["TargetKeyId"]["Ref"] == key)
            .then(|| resolve(&props["AliasName"], values))
            .flatten()
    })
}

/// A string-valued expression with every name known: a string, `Ref`, `Fn::Sub`, `Fn::Join`.
pub fn resolve(value: &Value, values: &BTreeMap<String, String>) -> Option<String> {
    if let Some(text) = value.as_str() {
        return Some(text.to_owned());
    }
    let object = value.as_object().filter(|o| o.len() == 1)?;
    let (function, argument) = object.iter().next()?;
    match function.as_str() {
        "Ref" => values.get(argument.as_str()?).cloned(),
        "Fn::Sub" => {
            let (text, own) = match argument {
                Value::String(text) => (text.as_str(), None),
                Value::Array(parts) => (parts.first()?.as_str()?, parts.get(1)),
                _ => return None,
            };
            let mut local = values.clone();
            for (name, v) in own.and_then(Value::as_object).into_iter().flatten() {
                local.insert(name.clone(), resolve(v, values)?);
            }
            substitute(text, &local)
        }
        "Fn::Join" => {
            let delimiter = argument.get(0)?.as_str()?;
            let parts: Option<Vec<String>> = argument
                .get(1)?
                .as_array()?
                .iter()
                .map(|p| resolve(p, values))
                .collect();
            Some(parts?.join(delimiter))
        }
        _ => None,
    }
}

/// `${Name}` replaced by its value, `${!Literal}` by `${Literal}`; `None` when a name is unknown.
fn substitute(text: &str, values: &BTreeMap<String, String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}')? + start;
        let name = &rest[start + 2..end];
        match name.strip_prefix('!') {
            Some(literal) => out.push_str(&format!("${{{literal}}}")),
            None => out.push_str(values.get(name)?),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The resources other than `imported` that the imported ones refer to (`Ref`, `Fn::GetAtt`,
/// `${…}` in `Fn::Sub`), as `(imported, referenced)`: an import template cannot hold them.
pub fn dangling(template: &Value, imported: &BTreeSet<&str>) -> Vec<(String, String)> {
    let Some(resources) = template["Resources"].as_object() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for id in imported {
        let mut refs = BTreeSet::new();
        references(&resources[*id]["Properties"], &mut refs);
        for r in refs {
            if resources.contains_key(&r) && !imported.contains(r.as_str()) {
                found.push(((*id).to_owned(), r));
            }
        }
    }
    found
}

fn references(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(o) => {
            if let Some(name) = o.get("Ref").and_then(Value::as_str) {
                out.insert(name.to_owned());
            }
            if let Some(name) = o.get("Fn::GetAtt").and_then(|a| a.get(0)?.as_str()) {
                out.insert(name.to_owned());
            }
            let sub = o.get("Fn::Sub");
            let text = sub.and_then(|s| s.as_str().or_else(|| s.get(0)?.as_str()));
            for part in text.unwrap_or_default().split("${").skip(1) {
                let name = part.split(['}', '.']).next().unwrap_or_default();
                out.insert(name.to_owned());
            }
            o.values().for_each(|v| references(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// The template of the IMPORT change set: the full template with only the imported resources and
/// no `Outputs` (an import may not add outputs); `DependsOn` on a resource left out is dropped.
pub fn import_template(template: &Value, imported: &BTreeSet<&str>) -> Value {
    let mut out = template.clone();
    if let Some(o) = out.as_object_mut() {
        o.shift_remove("Outputs");
    }
    if let Some(resources) = out["Resources"].as_object_mut() {
        resources.retain(|id, _| imported.contains(id.as_str()));
        for resource in resources.values_mut() {
            let Some(r) = resource.as_object_mut() else {
                continue;
            };
            let keep = |d: &Value| d.as_str().is_some_and(|d| imported.contains(d));
            match r.get_mut("DependsOn") {
                Some(Value::Array(on)) => on.retain(keep),
                Some(on) if !keep(on) => {
                    r.shift_remove("DependsOn");
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "retained_tests.rs"]
mod tests;
