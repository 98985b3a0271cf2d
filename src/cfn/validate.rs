//! Render-time checks: every `Ref`, `Fn::GetAtt`, `Fn::Sub` variable, `Fn::If`, `Condition` and
//! `DependsOn` must name something the template declares, and no logical id may be declared twice.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use crate::expr::Pseudo;

/// One thing wrong with a template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// Two declarations share a logical id.
    #[error("logical id `{id}` is declared twice: first as {first}, then as {second}; rename one of them")]
    DuplicateId {
        /// The logical id.
        id: String,
        /// What it was declared as first.
        first: String,
        /// What it was declared as second.
        second: String,
    },
    /// A reference names nothing the template declares.
    #[error("{at}: {function} names `{target}`, which is not {expected} of this template; declare it or fix the name")]
    Dangling {
        /// JSON path of the reference.
        at: String,
        /// The intrinsic or attribute that refers (`Ref`, `Fn::GetAtt`, …).
        function: &'static str,
        /// The name it refers to.
        target: String,
        /// What kind of declaration it needs.
        expected: &'static str,
    },
    /// A resource's properties could not be turned into JSON.
    #[error("resource `{id}`: its properties cannot be written as JSON: {message}")]
    Unserializable {
        /// The logical id.
        id: String,
        /// serde's message.
        message: String,
    },
}

/// Why a template could not be rendered: every problem found, not only the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    /// The problems, in template order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.problems.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

impl std::error::Error for RenderError {}

/// The names a template declares, by kind.
struct Declared {
    parameters: BTreeSet<String>,
    resources: BTreeSet<String>,
    conditions: BTreeSet<String>,
}

fn keys(template: &Value, section: &str) -> BTreeSet<String> {
    template
        .get(section)
        .and_then(Value::as_object)
        .map(|map| map.keys().cloned().collect())
        .unwrap_or_default()
}

/// Finds every reference in a rendered template that names nothing declared.
pub fn check_references(template: &Value) -> Vec<Problem> {
    let declared = Declared {
        parameters: keys(template, "Parameters"),
        resources: keys(template, "Resources"),
        conditions: keys(template, "Conditions"),
    };
    let mut problems = Vec::new();
    if let Some(conditions) = template.get("Conditions").and_then(Value::as_object) {
        for (name, expr) in conditions {
            declared.walk(expr, &format!("Conditions.{name}"), &mut problems);
        }
    }
    if let Some(resources) = template.get("Resources").and_then(Value::as_object) {
        for (id, entry) in resources {
            let at = format!("Resources.{id}");
            if let Some(cond) = entry.get("Condition").and_then(Value::as_str) {
                declared.need_condition(
                    cond,
                    &format!("{at}.Condition"),
                    "Condition",
                    &mut problems,
                );
            }
            for (i, dep) in entry
                .get("DependsOn")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let target = dep.as_str().unwrap_or_default();
                if !declared.resources.contains(target) {
                    problems.push(Problem::Dangling {
                        at: format!("{at}.DependsOn[{i}]"),
                        function: "DependsOn",
                        target: target.to_owned(),
                        expected: "a resource",
                    });
                }
            }
            if let Some(properties) = entry.get("Properties") {
                declared.walk(properties, &format!("{at}.Properties"), &mut problems);
            }
        }
    }
    if let Some(outputs) = template.get("Outputs").and_then(Value::as_object) {
        for (name, output) in outputs {
            declared.walk(output, &format!("Outputs.{name}"), &mut problems);
        }
    }
    problems
}

impl Declared {
    fn need_condition(&self, name: &str, at: &str, function: &'static str, out: &mut Vec<Problem>) {
        if !self.conditions.contains(name) {
            out.push(Problem::Dangling {
                at: at.to_owned(),
                function,
                target: name.to_owned(),
                expected: "a condition",
            });
        }
    }

    fn need_ref(&self, name: &str, at: &str, function: &'static str, out: &mut Vec<Problem>) {
        let pseudo = Pseudo::ALL.iter().any(|p| p.name() == name);
        if !pseudo && !self.parameters.contains(name) && !self.resources.contains(name) {
            out.push(Problem::Dangling {
                at: at.to_owned(),
                function,
                target: name.to_owned(),
                expected: "a parameter, resource or pseudo parameter",
            });
        }
    }

    fn need_resource(&self, name: &str, at: &str, function: &'static str, out: &mut Vec<Problem>) {
        if !self.resources.contains(name) {
            out.push(Problem::Dangling {
                at: at.to_owned(),
                function,
                target: name.to_owned(),
                expected: "a resource",
            });
        }
    }

    fn walk(&self, value: &Value, at: &str, out: &mut Vec<Problem>) {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, &format!("{at}[{i}]"), out);
                }
            }
            Value::Object(map) if map.len() == 1 => {
                let (key, arg) = map
                    .iter()
                    .next()
                    .map(|(k, v)| (k.as_str(), v))
                    .unwrap_or(("", value));
                let here = format!("{at}.{key}");
                match (key, arg) {
                    ("Ref", Value::String(name)) => self.need_ref(name, &here, "Ref", out),
                    ("Condition", Value::String(name)) => {
                        self.need_condition(name, &here, "Condition", out)
                    }
                    ("Fn::GetAtt", Value::Array(parts)) => {
                        if let Some(name) = parts.first().and_then(Value::as_str) {
                            self.need_resource(name, &here, "Fn::GetAtt", out);
                        }
                    }
                    ("Fn::If", Value::Array(parts)) => {
                        if let Some(name) = parts.first().and_then(Value::as_str) {
                            self.need_condition(name, &here, "Fn::If", out);
                        }
                        for (i, part) in parts.iter().enumerate().skip(1) {
                            self.walk(part, &format!("{here}[{i}]"), out);
                        }
                    }
                    ("Fn::Sub", Value::String(text)) => self.check_sub(text, &[], &here, out),
                    ("Fn::Sub", Value::Array(parts)) => {
                        let vars: Vec<&str> = parts
                            .get(1)
                            .and_then(Value::as_object)
                            .map(|m| m.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        if let Some(text) = parts.first().and_then(Value::as_str) {
                            self.check_sub(text, &vars, &here, out);
                        }
                        if let Some(var_values) = parts.get(1) {
                            self.walk(var_values, &format!("{here}[1]"), out);
                        }
                    }
                    _ => self.walk_members(map, at, out),
                }
            }
            Value::Object(map) => self.walk_members(map, at, out),
            _ => {}
        }
    }

    fn walk_members(&self, map: &serde_json::Map<String, Value>, at: &str, out: &mut Vec<Problem>) {
        for (key, item) in map {
            self.walk(item, &format!("{at}.{key}"), out);
        }
    }

    /// Checks each `${Name}` / `${Name.Attr}` of a `Fn::Sub` string; `${!Literal}` is an escape.
    fn check_sub(&self, text: &str, vars: &[&str], at: &str, out: &mut Vec<Problem>) {
        for name in sub_variables(text) {
            if vars.contains(&name) {
                continue;
            }
            match name.split_once('.') {
                Some((resource, _attribute)) => self.need_resource(resource, at, "Fn::Sub", out),
                None => self.need_ref(name, at, "Fn::Sub", out),
            }
        }
    }
}

/// The variable names of a `Fn::Sub` string, escapes (`${!…}`) left out.
pub fn sub_variables(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.starts_with('!') {
            names.push(name.trim());
        }
        rest = &after[end + 1..];
    }
    names
}
