//! Loading and checking one account directory: the account file, every stack file in both layouts,
//! each stack's template and options, parameters, and the `{{output}}` references between stacks.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde_json::Value;

use super::error::{parse_json, ErrorKind, ParamsError, ParamsErrors};
use super::files::{AccountFile, Capability, StackFile};
use super::plan::{plan, Plan};
use super::values::{self, AccountVars, NoOutputs, OutputSource, Reference};
use crate::stacks::{self, BuildError};
use crate::suggest::closest;

/// The file name of the account file.
pub const ACCOUNT_FILE: &str = "account.json";
/// Files ending so are templates (for `Hydrate.TemplateFile`), not stack files.
pub const TEMPLATE_SUFFIX: &str = ".template.json";
/// The bash kit's stack file name (`<group>/<stack>/stackParams.json`).
pub const KIT_STACK_FILE: &str = "stackParams.json";

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
}

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
    /// The template body that is deployed.
    pub template_body: String,
    /// Output keys the template declares.
    pub outputs: Vec<String>,
    /// `{{output}}` references, with the parameter they appear in.
    pub references: Vec<(String, Reference)>,
}

/// A loaded, checked account directory.
#[derive(Debug, Clone)]
pub struct AccountDir {
    /// The directory.
    pub dir: PathBuf,
    /// The account file as written.
    pub account: AccountFile,
    /// The values templates may use.
    pub vars: AccountVars,
    /// Every stack, by file name.
    pub stacks: Vec<Stack>,
    /// The order they deploy in.
    pub plan: Plan,
}

/// The values of one stack once the outputs it reads are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedStack {
    /// Parameter values.
    pub parameters: IndexMap<String, String>,
}

/// Finds `params/<name>` for a bare name, or takes a path as it is.
pub fn account_path(name_or_dir: &str) -> PathBuf {
    let as_path = Path::new(name_or_dir);
    if name_or_dir.contains(std::path::MAIN_SEPARATOR)
        || as_path.is_dir() && as_path.join(ACCOUNT_FILE).exists()
    {
        as_path.to_owned()
    } else {
        Path::new("params").join(name_or_dir)
    }
}

/// The account directory a command works on, and the stack a path names: a stack file's account
/// is the nearest folder above it with an `account.json`; else `--account`; else the only account
/// under `params/`.
pub fn locate(
    account: Option<&str>,
    target: Option<&str>,
) -> Result<(PathBuf, Option<String>), String> {
    if let Some(file) = target.map(Path::new).filter(|p| p.is_file()) {
        let key = if file.file_name().is_some_and(|n| n == KIT_STACK_FILE) {
            file.parent().and_then(Path::file_name)
        } else {
            file.file_stem()
        }
        .map(|k| k.to_string_lossy().into_owned());
        let dir = file
            .ancestors()
            .skip(1)
            .find(|d| d.join(ACCOUNT_FILE).is_file())
            .ok_or_else(|| {
                format!(
                    "{}: no {ACCOUNT_FILE} in any folder above it",
                    file.display()
                )
            })?;
        return Ok((dir.to_owned(), key));
    }
    let key = target.map(str::to_owned);
    if let Some(account) = account {
        return Ok((account_path(account), key));
    }
    let found = siblings(&Path::new("params").join("_"));
    match found.as_slice() {
        [only] => Ok((Path::new("params").join(only), key)),
        [] => Err(
            "no account directory under params/; pass --account DIR or run `hydrate init NAME`"
                .to_owned(),
        ),
        many => Err(format!(
            "several accounts under params/ ({}); choose one with --account or HYDRATE_ACCOUNT",
            many.join(", ")
        )),
    }
}

fn read(file: &Path) -> Result<String, ParamsError> {
    fs::read_to_string(file).map_err(|e| {
        ParamsError::new(
            ErrorKind::Unreadable,
            file,
            "",
            format!("cannot be read: {e}"),
        )
    })
}

/// The account directories next to `dir`, for the error that names the ones that exist.
fn siblings(dir: &Path) -> Vec<String> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut names: Vec<String> = fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join(ACCOUNT_FILE).is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn check_account(file: &Path, account: &AccountFile) -> Result<(), ParamsError> {
    if account.account_id.len() != 12 || !account.account_id.chars().all(|c| c.is_ascii_digit()) {
        return Err(ParamsError::new(
            ErrorKind::InvalidValue,
            file,
            "AccountId",
            format!(
                "`{}` is not an account id; write the 12 digits of the account (aws sts get-caller-identity shows them)",
                account.account_id
            ),
        ));
    }
    let parts: Vec<&str> = account.region.split('-').collect();
    let region_ok = parts.len() >= 3
        && parts[0].len() == 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
    if !region_ok {
        return Err(ParamsError::new(
            ErrorKind::InvalidValue,
            file,
            "Region",
            format!(
                "`{}` is not a region code; write one such as `us-east-1` or `eu-west-1`",
                account.region
            ),
        ));
    }
    Ok(())
}

/// Every stack file of the directory, with its key: `<stack>.json`, or
/// `<group>/<stack>/stackParams.json` (the kit's layout, any depth).
fn stack_files(dir: &Path) -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, top: bool, out: &mut Vec<(String, PathBuf)>) {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if path.is_dir() {
                walk(&path, false, out);
            } else if name == KIT_STACK_FILE {
                let key = dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                out.push((key, path));
            } else if top
                && name.ends_with(".json")
                && name != ACCOUNT_FILE
                && !name.ends_with(TEMPLATE_SUFFIX)
            {
                out.push((name.trim_end_matches(".json").to_owned(), path));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, true, &mut out);
    out
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

/// The template of one stack file: source, body, declared parameters, outputs, capabilities needed.
struct Resolved {
    source: TemplateSource,
    body: String,
    parameters: IndexMap<String, Value>,
    outputs: Vec<String>,
    capabilities: Vec<Capability>,
}

fn template_of(
    key: &str,
    file: &Path,
    sf: &StackFile,
    vars: &AccountVars,
) -> Result<Resolved, ParamsError> {
    let err = |kind, field: &str, problem: String| ParamsError::new(kind, file, field, problem);
    let hydrate = sf.hydrate.clone().unwrap_or_default();
    let kit_path = sf.littleware.as_ref().and_then(|l| l.template_path.clone());
    let from_file = |path: PathBuf, field: &str| -> Result<Resolved, ParamsError> {
        let body = fs::read_to_string(&path).map_err(|e| {
            err(
                ErrorKind::Unreadable,
                field,
                format!("{}: {e}", path.display()),
            )
        })?;
        let json: Value = serde_json::from_str(&body).map_err(|e| {
            err(
                ErrorKind::MalformedJson,
                field,
                format!(
                    "{} is not a JSON template ({e}); hydrate checks JSON templates only",
                    path.display()
                ),
            )
        })?;
        Ok(Resolved {
            source: TemplateSource::File(path),
            parameters: declared_parameters(&json),
            outputs: declared_outputs(&json),
            capabilities: required_capabilities(&json),
            body,
        })
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
    let json: Value = serde_json::from_str(&body).unwrap_or_default();
    Ok(Resolved {
        source: TemplateSource::Catalog {
            name: entry.name,
            options,
        },
        parameters: declared_parameters(&json),
        outputs: declared_outputs(&json),
        capabilities: required_capabilities(&json),
        body,
    })
}

fn declared_parameters(template: &Value) -> IndexMap<String, Value> {
    template["Parameters"]
        .as_object()
        .map(|m| m.iter().map(|(k, p)| (k.clone(), p.clone())).collect())
        .unwrap_or_default()
}

/// The capabilities CloudFormation will demand for a template: IAM resources need
/// `CAPABILITY_IAM`, and `CAPABILITY_NAMED_IAM` when they carry their own names.
pub fn required_capabilities(template: &Value) -> Vec<Capability> {
    let mut iam = false;
    let mut named = false;
    for resource in template["Resources"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
    {
        let kind = resource["Type"].as_str().unwrap_or_default();
        if kind.starts_with("AWS::IAM::") {
            iam = true;
            let props = &resource["Properties"];
            named |= [
                "RoleName",
                "GroupName",
                "UserName",
                "ManagedPolicyName",
                "InstanceProfileName",
            ]
            .iter()
            .any(|k| props.get(*k).is_some());
        }
    }
    match (iam, named) {
        (_, true) => vec![Capability::NamedIam],
        (true, false) => vec![Capability::Iam],
        _ => Vec::new(),
    }
}

/// Checks a literal parameter value against the template's declaration, as CloudFormation would.
fn check_value(declaration: &Value, value: &str) -> Result<(), String> {
    let why = declaration["ConstraintDescription"]
        .as_str()
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    if let Some(allowed) = declaration["AllowedValues"].as_array() {
        let allowed: Vec<String> = allowed
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect();
        if !allowed.iter().any(|a| a == value) {
            return Err(format!(
                "`{value}` is not allowed; use one of: {}",
                allowed.join(", ")
            ));
        }
    }
    if let Some(pattern) = declaration["AllowedPattern"].as_str() {
        // CloudFormation matches the whole value.
        if let Ok(re) = regex::Regex::new(&format!("^(?:{pattern})$")) {
            if !re.is_match(value) {
                return Err(format!(
                    "`{value}` does not match the template's pattern `{pattern}`{why}"
                ));
            }
        }
    }
    if declaration["Type"] == "Number" {
        let n: f64 = value
            .parse()
            .map_err(|_| format!("`{value}` is not a number"))?;
        let min = declaration["MinValue"].as_f64().unwrap_or(f64::MIN);
        let max = declaration["MaxValue"].as_f64().unwrap_or(f64::MAX);
        if n < min || n > max {
            return Err(format!("{value} is out of range; use {min} to {max}"));
        }
    }
    let len = value.chars().count() as u64;
    if declaration["MinLength"].as_u64().is_some_and(|m| len < m)
        || declaration["MaxLength"].as_u64().is_some_and(|m| len > m)
    {
        return Err(format!(
            "`{value}` has {len} characters, outside the template's length limits"
        ));
    }
    Ok(())
}

fn declared_outputs(template: &Value) -> Vec<String> {
    template["Outputs"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn load_stack(
    key: &str,
    file: &Path,
    account: &AccountFile,
    vars: &AccountVars,
) -> Result<Stack, ParamsError> {
    let sf: StackFile = parse_json(file, &read(file)?)?;
    let err = |kind, field: &str, problem: String| ParamsError::new(kind, file, field, problem);
    let template = template_of(key, file, &sf, vars)?;
    let stack_name = values::render(&sf.stack_name, vars, &NoOutputs)
        .map_err(|e| err(ErrorKind::BadTemplateValue, "StackName", e))?;
    let name_ok = !stack_name.is_empty()
        && stack_name.len() <= 128
        && stack_name.starts_with(|c: char| c.is_ascii_alphabetic())
        && stack_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !name_ok {
        return Err(err(
            ErrorKind::InvalidValue,
            "StackName",
            format!("`{stack_name}` is not a stack name; start with a letter, then letters, digits and `-` (at most 128)"),
        ));
    }
    let mut references = Vec::new();
    for (name, value) in &sf.parameters.0 {
        let at = format!("Parameters.{name}");
        let found = values::references(value, vars)
            .map_err(|e| err(ErrorKind::BadTemplateValue, &at, e))?;
        references.extend(found.into_iter().map(|r| (at.clone(), r)));
        let Some(declaration) = template.parameters.get(name) else {
            let names: Vec<&str> = template.parameters.keys().map(String::as_str).collect();
            let hint = closest(name, names.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            return Err(err(
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
            ));
        };
        if !value.contains("{{") {
            check_value(declaration, value).map_err(|p| err(ErrorKind::InvalidValue, &at, p))?;
        }
    }
    if let Some(missing) = template
        .parameters
        .iter()
        .find(|(name, decl)| decl.get("Default").is_none() && !sf.parameters.0.contains_key(*name))
        .map(|(name, _)| name)
    {
        return Err(err(
            ErrorKind::MissingParameter,
            &format!("Parameters.{missing}"),
            format!("the template requires parameter `{missing}` and it has no default; add it to Parameters"),
        ));
    }
    if let Some(needed) = template
        .capabilities
        .iter()
        .find(|c| !sf.capabilities.contains(c))
    {
        return Err(err(
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
        ));
    }
    let mut tags = IndexMap::new();
    for (source, pairs) in [("account.json Tags", &account.tags), ("Tags", &sf.tags)] {
        for (k, v) in &pairs.0 {
            let value = values::render(v, vars, &NoOutputs)
                .map_err(|e| err(ErrorKind::BadTemplateValue, &format!("{source}.{k}"), e))?;
            tags.insert(k.clone(), value);
        }
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
        source: template.source,
        template_body: template.body,
        outputs: template.outputs,
        references,
    })
}

/// Checks the references and names across stacks.
fn check_across(stacks: &[Stack]) -> Vec<ParamsError> {
    let mut problems = Vec::new();
    let mut by_name: BTreeMap<&str, &Stack> = BTreeMap::new();
    let mut by_key: BTreeMap<&str, &Stack> = BTreeMap::new();
    for s in stacks {
        if let Some(first) = by_key.insert(&s.key, s) {
            problems.push(ParamsError::new(
                ErrorKind::DuplicateStack,
                &s.file,
                "",
                format!(
                    "stack `{}` is also defined by {}; keep one of the two files",
                    s.key,
                    first.file.display()
                ),
            ));
        }
        if let Some(first) = by_name.insert(&s.stack_name, s) {
            problems.push(ParamsError::new(
                ErrorKind::DuplicateStack,
                &s.file,
                "StackName",
                format!(
                    "`{}` is also the StackName of {}; each file must deploy its own stack",
                    s.stack_name,
                    first.file.display()
                ),
            ));
        }
    }
    for s in stacks {
        for (at, r) in &s.references {
            let shown = format!("{{{{output \"{}\" \"{}\"}}}}", r.stack, r.output);
            match by_key.get(r.stack.as_str()) {
                None => {
                    let hint = closest(&r.stack, by_key.keys().copied())
                        .map(|k| format!("did you mean `{k}`? "))
                        .unwrap_or_default();
                    problems.push(ParamsError::new(
                        ErrorKind::UnknownStack,
                        &s.file,
                        at,
                        format!(
                            "{shown} — there is no stack `{}` in this account; {hint}stacks: {}",
                            r.stack,
                            by_key.keys().copied().collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
                Some(target) if !target.outputs.contains(&r.output) => {
                    let hint = closest(&r.output, target.outputs.iter().map(String::as_str))
                        .map(|k| format!("did you mean `{k}`? "))
                        .unwrap_or_default();
                    problems.push(ParamsError::new(
                        ErrorKind::UnknownOutput,
                        &s.file,
                        at,
                        format!(
                            "{shown} — stack {} declares no output {}; {hint}it has: {}",
                            r.stack,
                            r.output,
                            if target.outputs.is_empty() {
                                "none".to_owned()
                            } else {
                                target.outputs.join(", ")
                            }
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    problems
}

impl AccountDir {
    /// Loads and checks an account directory; every problem found is returned.
    pub fn load(dir: &Path) -> Result<AccountDir, ParamsErrors> {
        let account_file = dir.join(ACCOUNT_FILE);
        if !account_file.is_file() {
            let existing = siblings(dir);
            let problem = if dir.is_dir() {
                format!(
                    "no {ACCOUNT_FILE} here; create one (hydrate init NAME scaffolds a directory)"
                )
            } else if existing.is_empty() {
                "no such account directory, and none exists beside it; run `hydrate init NAME`"
                    .to_owned()
            } else {
                format!(
                    "no such account directory; the ones that exist: {}",
                    existing.join(", ")
                )
            };
            return Err(ParamsErrors(vec![ParamsError::new(
                ErrorKind::NoAccountDir,
                dir,
                "",
                problem,
            )]));
        }
        let one = |e: ParamsError| ParamsErrors(vec![e]);
        let account: AccountFile =
            parse_json(&account_file, &read(&account_file).map_err(one)?).map_err(one)?;
        check_account(&account_file, &account).map_err(one)?;
        let name = dir
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default();
        let vars = AccountVars {
            id: account.account_id.clone(),
            region: account.region.clone(),
            name,
        };
        let mut stacks = Vec::new();
        let mut problems = Vec::new();
        for (key, file) in stack_files(dir) {
            match load_stack(&key, &file, &account, &vars) {
                Ok(stack) => stacks.push(stack),
                Err(e) => problems.push(e),
            }
        }
        problems.extend(check_across(&stacks));
        if !problems.is_empty() {
            return Err(ParamsErrors(problems));
        }
        let plan = plan(&stacks).map_err(|cycle| {
            // Each step names the file and the parameter that reads the next stack.
            let step = |pair: &[String]| {
                let stack = stacks.iter().find(|s| s.key == pair[0]);
                let field = stack
                    .and_then(|s| s.references.iter().find(|(_, r)| r.stack == pair[1]))
                    .map(|(at, _)| at.as_str())
                    .unwrap_or_default();
                let file = stack.and_then(|s| s.file.file_name()).map(|f| f.to_string_lossy().into_owned());
                format!("{} ({} {field})", pair[0], file.unwrap_or_default())
            };
            let mut path: Vec<String> = cycle.windows(2).map(step).collect();
            path.push(cycle.last().cloned().unwrap_or_default());
            let first = stacks.iter().find(|s| Some(&s.key) == cycle.first());
            ParamsErrors(vec![ParamsError::new(
                ErrorKind::Cycle,
                first.map_or(dir, |s| s.file.as_path()),
                "",
                format!(
                    "stacks read each other's outputs in a circle: {}; break it by giving one of these parameters a literal value",
                    path.join(" → ")
                ),
            )])
        })?;
        Ok(AccountDir {
            dir: dir.to_owned(),
            account,
            vars,
            stacks,
            plan,
        })
    }

    /// The stack of a file name.
    pub fn stack(&self, key: &str) -> Option<&Stack> {
        self.stacks.iter().find(|s| s.key == key)
    }

    /// The parameter values of a stack with its `{{output}}` references read from `outputs`.
    pub fn resolve(
        &self,
        stack: &Stack,
        outputs: &dyn OutputSource,
    ) -> Result<ResolvedStack, ParamsError> {
        let mut parameters = IndexMap::new();
        for (name, value) in &stack.parameters {
            let resolved = values::render(value, &self.vars, outputs).map_err(|e| {
                ParamsError::new(
                    ErrorKind::BadTemplateValue,
                    &stack.file,
                    format!("Parameters.{name}"),
                    e,
                )
            })?;
            parameters.insert(name.clone(), resolved);
        }
        Ok(ResolvedStack { parameters })
    }
}
