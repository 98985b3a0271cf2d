//! The bundle: an account directory's stacks composed into one template, for a StackSet (one
//! template for every account) or a single stack. This file knows stack files — which stacks,
//! their `{{output}}`/`{{account.*}}` values, tags and capabilities; `cfn::compose` does the JSON.

use std::collections::BTreeMap;
use std::sync::Mutex;

use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use super::account::AccountDir;
use super::error::{ErrorKind, ParamsError};
use super::files::Capability;
use super::problems::ParamsErrors;
use super::regional::file_key;
use super::stack::Stack;
use super::values::{self, AccountVars, OutputSource};
use crate::cfn::compose::{compose, ComposeError, ComposeErrorKind, Part, Piece};
use crate::cfn::RenderedTemplate;

/// Who the bundle is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleTarget {
    /// One account: `{{account.name}}` is the directory's name.
    Account,
    /// A StackSet: one template for every account, so no account's name exists.
    StackSet,
}

/// The composed template and what deploying it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// The template: pretty JSON with a trailing newline, like every rendered template.
    pub body: String,
    /// The capabilities to acknowledge: every part's.
    pub capabilities: Vec<Capability>,
    /// The tags every part agrees on (a key two parts set differently is listed in the body's
    /// `Metadata.Hydrate.PartTags` instead).
    pub tags: IndexMap<String, String>,
    /// The stack files composed, by file key, in the order their parts appear.
    pub parts: Vec<String>,
}

/// Markers for what a value reads, put into the rendered text by the handlebars helpers and split
/// out again: a NUL cannot come from a stack file's JSON text unescaped.
const MARK: char = '\u{0}';

/// Records each `{{output}}` and leaves a numbered marker in its place.
struct Marker(Mutex<Vec<(String, String)>>);

impl OutputSource for Marker {
    fn output(&self, stack: &str, key: &str) -> Result<String, String> {
        let mut seen = self
            .0
            .lock()
            .map_err(|_| "a lock was poisoned".to_owned())?;
        seen.push((stack.to_owned(), key.to_owned()));
        Ok(format!("{MARK}output{}{MARK}", seen.len() - 1))
    }
}

/// The pieces one stack-file value stands for in the bundle.
fn pieces(
    stack: &Stack,
    name: &str,
    value: &str,
    account: &AccountDir,
    target: BundleTarget,
) -> Result<Vec<Piece>, ParamsError> {
    let error = |problem: String| {
        ParamsError::new(
            ErrorKind::BadTemplateValue,
            &stack.file,
            format!("Parameters.{name}"),
            problem,
        )
    };
    if value.contains(MARK) {
        return Err(error(
            "the value holds a NUL character; remove it".to_owned(),
        ));
    }
    let vars = AccountVars {
        id: format!("{MARK}id{MARK}"),
        region: account.vars.region.clone(),
        name: match target {
            BundleTarget::Account => account.vars.name.clone(),
            BundleTarget::StackSet => format!("{MARK}name{MARK}"),
        },
    };
    let marker = Marker(Mutex::new(Vec::new()));
    let text = values::render(value, &vars, &marker).map_err(error)?;
    let outputs = marker.0.into_inner().unwrap_or_default();
    let mut found = Vec::new();
    for (i, piece) in text.split(MARK).enumerate() {
        if i % 2 == 0 {
            if !piece.is_empty() {
                found.push(Piece::Text(piece.to_owned()));
            }
            continue;
        }
        found.push(match piece {
            "id" => Piece::AccountId,
            "name" => return Err(error(
                "{{account.name}} has no value in a stack-set bundle: one template goes to every account, and no account's directory name exists there; write the value itself, or {{account.id}}, which each account fills in".to_owned(),
            )),
            marked => {
                let n: usize = marked.trim_start_matches("output").parse().unwrap_or(usize::MAX);
                let Some((part, output)) = outputs.get(n) else {
                    return Err(error("the value could not be split into its pieces; simplify it".to_owned()));
                };
                Piece::Output { part: part.clone(), output: output.clone() }
            }
        });
    }
    Ok(found)
}

/// The bundle's capabilities: every part's, in one order.
fn capabilities(stacks: &[&Stack]) -> Vec<Capability> {
    [
        Capability::Iam,
        Capability::NamedIam,
        Capability::AutoExpand,
    ]
    .into_iter()
    .filter(|c| {
        stacks
            .iter()
            .any(|s| s.capabilities.contains(c) || s.template.capabilities().contains(c))
    })
    .collect()
}

/// The tags every part agrees on, and for each key the parts set differently, every part's value.
fn tags(
    stacks: &[&Stack],
) -> (
    IndexMap<String, String>,
    BTreeMap<String, BTreeMap<String, String>>,
) {
    let mut values: IndexMap<String, BTreeMap<String, String>> = IndexMap::new();
    for stack in stacks {
        for (key, value) in &stack.tags {
            values
                .entry(key.clone())
                .or_default()
                .insert(file_key(&stack.key).to_owned(), value.clone());
        }
    }
    let mut agreed = IndexMap::new();
    let mut differing = BTreeMap::new();
    for (key, by_part) in values {
        let mut distinct: Vec<&String> = by_part.values().collect();
        distinct.dedup();
        if distinct.len() == 1 && by_part.len() == stacks.len() {
            agreed.insert(key, distinct[0].clone());
        } else {
            differing.insert(key, by_part);
        }
    }
    (agreed, differing)
}

fn located(account: &AccountDir, stacks: &[&Stack], e: ComposeError) -> ParamsError {
    let kind = match e.kind {
        ComposeErrorKind::MissingParameter => ErrorKind::MissingParameter,
        ComposeErrorKind::UnknownOutput => ErrorKind::UnknownOutput,
        _ => ErrorKind::InvalidValue,
    };
    let file = stacks
        .iter()
        .find(|s| file_key(&s.key) == e.part)
        .map_or(account.dir.as_path(), |s| s.file.as_path());
    let problem = if e.part.is_empty() {
        format!("in the bundle: {}", e.problem)
    } else {
        e.problem
    };
    ParamsError::new(kind, file, e.field, problem)
}

/// Composes every stack file of the account into one template.
pub fn bundle(account: &AccountDir, target: BundleTarget) -> Result<Bundle, ParamsErrors> {
    let errors = |problems| ParamsErrors {
        dir: account.dir.clone(),
        problems,
        not_checked: Vec::new(),
        account_broken: false,
    };
    // One part per stack file: a regional stack's instances share one template.
    let mut stacks: Vec<&Stack> = Vec::new();
    for stack in &account.stacks {
        if !stacks
            .iter()
            .any(|s| file_key(&s.key) == file_key(&stack.key))
        {
            stacks.push(stack);
        }
    }
    stacks.sort_by(|a, b| file_key(&a.key).cmp(file_key(&b.key)));
    let mut problems = Vec::new();
    let mut parts = Vec::new();
    for stack in &stacks {
        let key = file_key(&stack.key);
        let mut bindings = IndexMap::new();
        for (name, value) in &stack.parameters {
            match pieces(stack, name, value, account, target) {
                Ok(found) => {
                    bindings.insert(name.clone(), found);
                }
                Err(e) => problems.push(e),
            }
        }
        parts.push(Part {
            name: key.to_owned(),
            template: stack.template.json().clone(),
            bindings,
            home_only: !account.regions.regional.contains(key),
        });
    }
    if !problems.is_empty() {
        return Err(errors(problems));
    }
    let names: Vec<String> = parts.iter().map(|p| p.name.clone()).collect();
    let (agreed, differing) = tags(&stacks);
    let mut hydrate = Map::new();
    hydrate.insert("Parts".to_owned(), json!(names));
    if !differing.is_empty() {
        // A stack's tags go to its resources; one stack has one set, so a key the parts set
        // differently is recorded here rather than silently given one part's value.
        hydrate.insert("PartTags".to_owned(), json!(differing));
    }
    let mut metadata = Map::new();
    metadata.insert("Hydrate".to_owned(), Value::Object(hydrate));
    let description = format!(
        "hydrate bundle: {} stacks of the account baseline in one template (Metadata.Hydrate.Parts)",
        names.len()
    );
    let composed =
        compose(&parts, &account.vars.region, &description, metadata).map_err(|found| {
            errors(
                found
                    .into_iter()
                    .map(|e| located(account, &stacks, e))
                    .collect(),
            )
        })?;
    // Read back as every rendered template is, so the bundle is what deploy would see.
    let rendered = RenderedTemplate::parse(composed.body).map_err(|e| {
        errors(vec![ParamsError::new(
            ErrorKind::InvalidValue,
            &account.dir,
            "",
            format!("the bundle is not a template: {e}"),
        )])
    })?;
    Ok(Bundle {
        body: rendered.body().to_owned(),
        capabilities: capabilities(&stacks),
        tags: agreed,
        parts: names,
    })
}

#[cfg(test)]
#[path = "bundle_tests.rs"]
mod tests;
