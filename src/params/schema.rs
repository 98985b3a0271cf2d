//! JSON Schemas of the account, organization and stack files, each template's options included,
//! so editors complete and check them (`hydrate schema`; the shipped files point at
//! `schema/*.json`).

use serde_json::{json, Map, Value};

use super::files::{AccountFile, StackFile};
use super::org::OrganizationFile;
use crate::stacks;

fn to_value<T: serde::Serialize>(schema: &T) -> Value {
    serde_json::to_value(schema).unwrap_or_default()
}

/// The schema of `account.json`.
pub fn account_schema() -> Value {
    to_value(&schemars::schema_for!(AccountFile))
}

/// The schema of `organization.json`.
pub fn organization_schema() -> Value {
    to_value(&schemars::schema_for!(OrganizationFile))
}

/// The schema of a stack file; `Hydrate.Options` is checked against the chosen template's options.
pub fn stack_schema() -> Value {
    let mut root = to_value(&schemars::schema_for!(StackFile));
    let mut definitions = root["definitions"].as_object().cloned().unwrap_or_default();
    let mut cases = Vec::new();
    let mut names = Vec::new();
    let aliases = stacks::alarms::ALIASES
        .iter()
        .map(|(alias, target)| (*alias, *target));
    let all = stacks::catalog()
        .iter()
        .map(|e| (e.name, e.name))
        .chain(aliases);
    for (name, target) in all {
        let Some(entry) = stacks::find(target) else {
            continue;
        };
        names.push(name);
        let options = to_value(&entry.options_schema());
        let title = options["title"].as_str().unwrap_or(target).to_owned();
        if let Some(defs) = options["definitions"].as_object() {
            definitions.extend(defs.clone());
        }
        let mut body: Map<String, Value> = options.as_object().cloned().unwrap_or_default();
        body.remove("definitions");
        body.remove("$schema");
        definitions.insert(title.clone(), Value::Object(body));
        cases.push(json!({
            "if": { "properties": { "Template": { "const": name } }, "required": ["Template"] },
            "then": { "properties": { "Options": { "$ref": format!("#/definitions/{title}") } } }
        }));
    }
    if let Some(block) = definitions.get_mut("HydrateBlock") {
        block["properties"]["Template"] = json!({
            "description": "A catalog template name (default: the stack file's own name).",
            "type": ["string", "null"],
            "enum": names,
        });
        block["allOf"] = Value::Array(cases);
    }
    root["definitions"] = Value::Object(definitions);
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organization_schema_describes_baselines_and_the_api_values() {
        let schema = organization_schema();
        let required = schema["required"].as_array().expect("required");
        assert!(required.contains(&json!("Baselines")) && required.contains(&json!("Region")));
        let text = schema.to_string();
        for value in ["DELEGATED_ADMIN", "SOFT_FAILURE_TOLERANCE", "SEQUENTIAL"] {
            assert!(text.contains(value), "{value}");
        }
        let entry = &schema["definitions"]["BaselineEntry"]["properties"];
        assert!(entry["OrganizationalUnits"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("Root/")));
    }

    #[test]
    fn stack_schema_knows_every_template_and_its_options() {
        let schema = stack_schema();
        let block = &schema["definitions"]["HydrateBlock"];
        let names = block["properties"]["Template"]["enum"]
            .as_array()
            .expect("enum");
        assert!(names.contains(&json!("iamSetup")) && names.contains(&json!("iamAlarm")));
        assert_eq!(block["allOf"].as_array().map(Vec::len), Some(names.len()));
        let iam = &schema["definitions"]["IamSetupOptions"]["properties"]["maxMfaAge"];
        assert!(
            iam["description"]
                .as_str()
                .is_some_and(|d| d.contains("MFA")),
            "{iam}"
        );
    }
}
