//! One stack of an account, checked: its stack file loaded, its template found, its parameters,
//! capabilities and tags checked against the template and filled with account values.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::constraints::check_value;
use super::error::{parse_json, ErrorKind, ParamsError};
use super::files::{AccountFile, Capability, StackFile};
use super::layout::read;
use super::limits::{
    check_parameter_size, check_role_arn, check_tags, check_timeout, check_topic_arn,
};
use super::org::stack_rules::{baseline_problems, org_trail_in_baseline};
use super::template_source::{template_of, TemplateSource};
use super::values::{self, AccountVars, NoOutputs, Reference};
use crate::cfn::RenderedTemplate;
use crate::suggest::closest;

/// One stack of the account, checked.
#[derive(Debug, Clone)]
pub struct Stack {
    /// The stack file's name: what `{{output "<key>" …}}` refers to.
    pub key: String,
    /// The stack file.
    pub file: PathBuf,
    /// The CloudFormation stack name, account values filled in.
    pub stack_name: String,
    /// Capabilities to acknowledge.
    pub capabilities: Vec<Capability>,
    /// Create timeout.
    pub timeout_in_minutes: Option<u32>,
    /// Termination protection.
    pub termination_protection: Option<bool>,
    /// Service role.
    pub role_arn: Option<String>,
    /// Event topics.
    pub notification_arns: Vec<String>,
    /// Parameter values, still handlebars templates (outputs resolve at deploy time).
    pub parameters: IndexMap<String, String>,
    /// Tags: the account's, then the stack's over them, account values filled in.
    pub tags: IndexMap<String, String>,
    /// Where the template comes from.
    pub source: TemplateSource,
    /// The template that is deployed, with what it declares.
    pub template: RenderedTemplate,
    /// `{{output}}` references, with the parameter they appear in; each names the key of the stack
    /// it reads (a regional stack's in the same region).
    pub references: Vec<(String, Reference)>,
    /// The region of a regional stack's instance (`key` is then `<file>@<region>`); `None`: the
    /// home region.
    pub region: Option<String>,
}

/// Who deploys a directory's stack files, which decides what they may say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// One account's own stacks, deployed by `up`.
    Account,
    /// An organization's baseline: one template per stack set, for accounts not known here.
    Baseline,
}

impl Scope {
    /// The file the shared tags come from, as errors name it.
    fn tags_file(self) -> &'static str {
        match self {
            Scope::Account => "account.json Tags",
            Scope::Baseline => "organization.json Tags",
        }
    }
}

/// Loads one stack file and checks it against its template; every independent problem found.
pub(super) fn load_stack(
    key: &str,
    file: &Path,
    account: &AccountFile,
    vars: &AccountVars,
    scope: Scope,
) -> Result<Stack, Vec<ParamsError>> {
    // A file that does not parse, or whose template is not known, cannot be checked further.
    let sf: StackFile = read(file)
        .and_then(|text| parse_json(file, &text))
        .map_err(|e| vec![e])?;
    // A baseline's refusals come first: its per-account values would otherwise render as the
    // placeholder account into the template and pass every later check.
    let mut problems = match scope {
        Scope::Account => Vec::new(),
        Scope::Baseline => baseline_problems(file, &sf),
    };
    let (source, template) = match template_of(key, file, &sf, vars) {
        Ok(found) => found,
        Err(e) => {
            problems.push(e);
            return Err(problems);
        }
    };
    if scope == Scope::Baseline {
        problems.extend(org_trail_in_baseline(file, &template));
    }
    let mut err = |kind, field: &str, problem: String| {
        problems.push(ParamsError::new(kind, file, field, problem));
    };
    let (stack_name, name_renders) = match values::render(&sf.stack_name, vars, &NoOutputs) {
        Ok(name) => (name, true),
        Err(e) => {
            err(ErrorKind::BadTemplateValue, "StackName", e);
            (sf.stack_name.clone(), false)
        }
    };
    let name_ok = !stack_name.is_empty()
        && stack_name.len() <= 128
        && stack_name.starts_with(|c: char| c.is_ascii_alphabetic())
        && stack_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if name_renders && !name_ok {
        err(
            ErrorKind::InvalidValue,
            "StackName",
            format!("`{stack_name}` is not a stack name; start with a letter, then letters, digits and `-` (at most 128)"),
        );
    }
    let mut references = Vec::new();
    for (name, value) in &sf.parameters.0 {
        let at = format!("Parameters.{name}");
        let found = match values::references(value, vars) {
            Ok(found) => found,
            Err(e) => {
                err(ErrorKind::BadTemplateValue, &at, e);
                continue;
            }
        };
        let reads_outputs = !found.is_empty();
        references.extend(found.into_iter().map(|r| (at.clone(), r)));
        let Some(declaration) = template.parameters().get(name) else {
            let names: Vec<&str> = template.parameters().keys().map(String::as_str).collect();
            let hint = closest(name, names.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            err(
                ErrorKind::UnknownParameter,
                &at,
                format!(
                    "the template declares no parameter `{name}`; {hint}it has: {}",
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                ),
            );
            continue;
        };
        // A value that reads no output is known now: check it as CloudFormation will see it,
        // account values filled in.
        if !reads_outputs {
            let checked = values::render(value, vars, &NoOutputs)
                .map_err(|e| (ErrorKind::BadTemplateValue, e))
                .and_then(|filled| {
                    check_parameter_size(&filled)
                        .and_then(|()| check_value(declaration, &filled))
                        .map_err(|p| (ErrorKind::InvalidValue, p))
                });
            if let Err((kind, problem)) = checked {
                err(kind, &at, problem);
            }
        }
    }
    for missing in template
        .parameters()
        .iter()
        .filter(|(name, decl)| {
            decl.get("Default").is_none() && !sf.parameters.0.contains_key(*name)
        })
        .map(|(name, _)| name)
    {
        err(
            ErrorKind::MissingParameter,
            &format!("Parameters.{missing}"),
            format!("the template requires parameter `{missing}` and it has no default; add it to Parameters"),
        );
    }
    if let Some(needed) = template
        .capabilities()
        .iter()
        .find(|c| !sf.capabilities.contains(c))
    {
        err(
            ErrorKind::InvalidValue,
            "Capabilities",
            format!(
                "the template creates IAM resources{}; add \"{}\" to Capabilities",
                if *needed == Capability::NamedIam {
                    " with custom names"
                } else {
                    ""
                },
                needed.as_str()
            ),
        );
    }
    if let Err(p) = check_timeout(sf.timeout_in_minutes) {
        err(ErrorKind::InvalidValue, "TimeoutInMinutes", p);
    }
    if let Some(Err(p)) = sf.role_arn.as_deref().map(check_role_arn) {
        err(ErrorKind::InvalidValue, "RoleARN", p);
    }
    for (i, topic) in sf.notification_arns.iter().enumerate() {
        if let Err(p) = check_topic_arn(topic) {
            err(
                ErrorKind::InvalidValue,
                &format!("NotificationARNs[{i}]"),
                p,
            );
        }
    }
    let mut tags = IndexMap::new();
    let mut source_of = IndexMap::new();
    let mut tags_render = true;
    for (source, pairs) in [(scope.tags_file(), &account.tags), ("Tags", &sf.tags)] {
        for (k, v) in &pairs.0 {
            match values::render(v, vars, &NoOutputs) {
                Ok(value) => {
                    tags.insert(k.clone(), value);
                }
                Err(e) => {
                    tags_render = false;
                    err(ErrorKind::BadTemplateValue, &format!("{source}.{k}"), e);
                }
            }
            source_of.insert(k.clone(), source);
        }
    }
    if let (true, Err((key, problem))) = (tags_render, check_tags(&tags)) {
        let field = match source_of.get(&key) {
            Some(source) => format!("{source}.{key}"),
            None => "Tags".to_owned(),
        };
        err(ErrorKind::InvalidValue, &field, problem);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Stack {
        key: key.to_owned(),
        file: file.to_owned(),
        stack_name,
        capabilities: sf.capabilities,
        timeout_in_minutes: sf.timeout_in_minutes,
        termination_protection: sf.enable_termination_protection,
        role_arn: sf.role_arn,
        notification_arns: sf.notification_arns,
        parameters: sf.parameters.0,
        tags,
        source,
        template,
        references,
        region: None,
    })
}
