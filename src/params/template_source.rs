//! Where a stack's template comes from: a catalog template rendered with the stack file's options
//! (account values filled in), the file of `Hydrate.TemplateFile`, or the kit's
//! `Littleware.TemplatePath`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::error::{ErrorKind, ParamsError};
use super::files::StackFile;
use super::layout::read_capped;
use super::values::{self, AccountVars, NoOutputs};
use crate::cfn::RenderedTemplate;
use crate::stacks::{self, BuildError};
use crate::suggest::closest;

/// The largest template CloudFormation accepts (from S3), in bytes.
const MAX_TEMPLATE_BYTES: u64 = 1_000_000;

/// Where a stack's template comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateSource {
    /// A catalog template rendered with these options.
    Catalog {
        /// The catalog name.
        name: &'static str,
        /// The options, account values filled in.
        options: Value,
    },
    /// A template file deployed unchanged.
    File(PathBuf),
    /// A template hydrate makes from this file (organization.json's Identity Center assignments).
    Generated(PathBuf),
}

/// The template file of the kit's `Littleware.TemplatePath`: under `$LITTLE_HOME`, else under the
/// nearest ancestor of the stack file that has it.
fn kit_template(stack_file: &Path, template_path: &str) -> Result<PathBuf, String> {
    let mut tried = Vec::new();
    if let Ok(home) = std::env::var("LITTLE_HOME") {
        let candidate = Path::new(&home).join(template_path);
        if candidate.is_file() {
            return Ok(candidate);
        }
        tried.push(candidate);
    }
    for ancestor in stack_file.ancestors().skip(1) {
        let candidate = ancestor.join(template_path);
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    tried.push(PathBuf::from(format!(
        "<each folder above {}>/{template_path}",
        stack_file.display()
    )));
    Err(format!(
        "template file not found (looked in {}); set LITTLE_HOME to the kit's folder or fix the path",
        tried.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    ))
}

/// Fills account values into every string of an options object.
fn fill_strings(value: &Value, vars: &AccountVars, at: &str) -> Result<Value, (String, String)> {
    Ok(match value {
        Value::String(s) => {
            Value::String(values::render(s, vars, &NoOutputs).map_err(|e| (at.to_owned(), e))?)
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| fill_strings(v, vars, &format!("{at}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    Ok::<_, (String, String)>((
                        k.clone(),
                        fill_strings(v, vars, &format!("{at}.{k}"))?,
                    ))
                })
                .collect::<Result<_, _>>()?,
        ),
        other => other.clone(),
    })
}

/// Finds and reads the template of one stack file: where it comes from, and the template.
pub(super) fn template_of(
    key: &str,
    file: &Path,
    sf: &StackFile,
    vars: &AccountVars,
) -> Result<(TemplateSource, RenderedTemplate), ParamsError> {
    let err = |kind, field: &str, problem: String| ParamsError::new(kind, file, field, problem);
    let hydrate = sf.hydrate.clone().unwrap_or_default();
    let kit_path = sf.littleware.as_ref().and_then(|l| l.template_path.clone());
    let from_file = |path: PathBuf, field: &str| {
        // CloudFormation takes templates of at most 1 MB (from S3); a larger file is not one.
        let body = read_capped(&path, MAX_TEMPLATE_BYTES).map_err(|problem| {
            err(
                ErrorKind::Unreadable,
                field,
                format!("{}: {problem}", path.display()),
            )
        })?;
        let template = RenderedTemplate::parse(body).map_err(|e| {
            err(
                ErrorKind::MalformedJson,
                field,
                format!(
                    "{} is not a JSON template ({}); hydrate checks JSON templates only",
                    path.display(),
                    e.0
                ),
            )
        })?;
        // The references a catalog template is checked for at render time, checked here too: a
        // `Ref` that names nothing would otherwise surface only as a failed CreateStack.
        let problems = crate::cfn::check_references(template.json());
        if let Some(first) = problems.first() {
            let more = match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            return Err(err(
                ErrorKind::InvalidValue,
                field,
                format!("{}: {first}{more}", path.display()),
            ));
        }
        Ok((TemplateSource::File(path), template))
    };
    if let Some(template_file) = &hydrate.template_file {
        if hydrate.template.is_some() || hydrate.options.is_some() {
            return Err(err(
                ErrorKind::InvalidValue,
                "Hydrate.TemplateFile",
                "a template file is deployed unchanged; remove Hydrate.Template and Hydrate.Options, or the file".into(),
            ));
        }
        let base = file.parent().unwrap_or(Path::new("."));
        return from_file(base.join(template_file), "Hydrate.TemplateFile");
    }
    let name = match (&hydrate.template, &kit_path) {
        (Some(name), _) => name.clone(),
        (None, Some(path)) => {
            let path = kit_template(file, path)
                .map_err(|p| err(ErrorKind::Unreadable, "Littleware.TemplatePath", p))?;
            return from_file(path, "Littleware.TemplatePath");
        }
        (None, None) => key.to_owned(),
    };
    let Some(entry) = stacks::find(&name) else {
        let field = if hydrate.template.is_some() {
            "Hydrate.Template"
        } else {
            ""
        };
        let hint = closest(&name, stacks::names())
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        let problem = if hydrate.template.is_some() {
            format!(
                "unknown template `{name}`{hint}; the catalog has: {}",
                stacks::names().join(", ")
            )
        } else {
            format!(
                "no template: the file name `{key}` is not a catalog template{hint}; add \"Hydrate\": {{\"Template\": \"<name>\"}} (one of: {}) or \"TemplateFile\"",
                stacks::names().join(", ")
            )
        };
        return Err(err(ErrorKind::UnknownTemplate, field, problem));
    };
    let options = hydrate
        .options
        .clone()
        .unwrap_or_else(|| Value::Object(Default::default()));
    // serde would take `[]` for an options struct whose fields all have defaults.
    if !options.is_object() {
        return Err(err(
            ErrorKind::WrongType,
            "Hydrate.Options",
            format!("the options are {options}, not an object; write {{ \"option\": value, … }} or leave Options out"),
        ));
    }
    let options = fill_strings(&options, vars, "Hydrate.Options")
        .map_err(|(at, problem)| err(ErrorKind::BadTemplateValue, &at, problem))?;
    let body = entry.render(&options).map_err(|e| match e {
        BuildError::Options { path, source, .. } => {
            let (kind, problem) = super::error::describe(&source.to_string());
            let at = if path.is_empty() {
                "Hydrate.Options".to_owned()
            } else {
                format!("Hydrate.Options.{path}")
            };
            err(kind, &at, problem)
        }
        BuildError::Invalid { source, .. } => err(
            ErrorKind::InvalidValue,
            &format!("Hydrate.Options.{}", source.field),
            source.problem,
        ),
        BuildError::Render { source, .. } => {
            err(ErrorKind::InvalidValue, "Hydrate", source.to_string())
        }
    })?;
    // The catalog writes its templates with serde_json: text that does not parse back is a bug.
    let template = RenderedTemplate::parse(body).map_err(|e| {
        err(
            ErrorKind::InvalidValue,
            "Hydrate",
            format!(
                "the catalog template `{}` rendered text that is not JSON ({}); this is a bug in hydrate, please report it",
                entry.name, e.0
            ),
        )
    })?;
    let source = TemplateSource::Catalog {
        name: entry.name,
        options,
    };
    Ok((source, template))
}
