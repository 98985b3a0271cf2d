//! `hydrate init`: a new account directory from the handlebars templates in `templates/init/`,
//! one stack file per catalog template, with the outputs between them already wired.

use std::fs;
use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use indexmap::IndexMap;
use serde_json::{json, Value};

use super::layout::ACCOUNT_FILE;
use crate::cfn::required_capabilities;
use crate::stacks;

const ACCOUNT_TEMPLATE: &str = include_str!("../../templates/init/account.json.hbs");
const STACK_TEMPLATE: &str = include_str!("../../templates/init/stack.json.hbs");

/// Placeholders that fail validation until they are replaced.
pub const ACCOUNT_ID_PLACEHOLDER: &str = "REPLACE-WITH-12-DIGIT-ACCOUNT-ID";
/// See [`ACCOUNT_ID_PLACEHOLDER`].
pub const REGION_PLACEHOLDER: &str = "REPLACE-WITH-REGION";
/// See [`ACCOUNT_ID_PLACEHOLDER`].
pub const EMAIL_PLACEHOLDER: &str = "REPLACE-WITH-ALERT-EMAIL";

/// What a new account needs: its id, region and the address alerts go to.
#[derive(Debug, Clone, Default)]
pub struct NewAccount {
    /// The 12-digit id (a placeholder when absent).
    pub account_id: Option<String>,
    /// The region (a placeholder when absent).
    pub region: Option<String>,
    /// The alert address (a placeholder when absent).
    pub email: Option<String>,
}

/// How each required parameter of the catalog is wired in a new account.
pub fn wiring(parameter: &str, email: &str) -> Option<String> {
    Some(match parameter {
        "LogGroupName" => r#"{{output "cloudTrail" "LogGroupName"}}"#.to_owned(),
        "AlarmTopicArn" => r#"{{output "snsNotify" "TopicArn"}}"#.to_owned(),
        "AlertEmail" => email.to_owned(),
        "BudgetAmount" => "100".to_owned(),
        _ => return None,
    })
}

/// The `role` tag of a template (the kit's tagging scheme).
fn role_tag(template: &str) -> &'static str {
    match template {
        "iamSetup" | "selfEdit" => "authz",
        "snsNotify" => "notify",
        _ => "monitoring",
    }
}

fn registry() -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    // Values land inside JSON strings.
    hb.register_escape_fn(|s| {
        let quoted = serde_json::to_string(s).unwrap_or_default();
        quoted[1..quoted.len() - 1].to_owned()
    });
    hb
}

/// Renders a template and normalises it to hydrate's JSON layout.
fn render(hb: &Handlebars<'_>, template: &str, data: &Value) -> Result<String, String> {
    let text = hb
        .render_template(template, data)
        .map_err(|e| e.to_string())?;
    let value: Value =
        serde_json::from_str(&text).map_err(|e| format!("scaffold template is not JSON: {e}"))?;
    let mut pretty = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
    pretty.push('\n');
    Ok(pretty)
}

/// The files of a new account directory: (relative path, contents).
pub fn scaffold(name: &str, new: &NewAccount) -> Result<Vec<(PathBuf, String)>, String> {
    let hb = registry();
    let email = new.email.as_deref().unwrap_or(EMAIL_PLACEHOLDER);
    let mut files = vec![(
        PathBuf::from(ACCOUNT_FILE),
        render(
            &hb,
            ACCOUNT_TEMPLATE,
            &json!({
                "name": name,
                "accountId": new.account_id.as_deref().unwrap_or(ACCOUNT_ID_PLACEHOLDER),
                "region": new.region.as_deref().unwrap_or(REGION_PLACEHOLDER),
            }),
        )?,
    )];
    for entry in stacks::catalog() {
        let template: Value = entry
            .build(&json!({}))
            .and_then(|t| {
                t.to_value().map_err(|source| stacks::BuildError::Render {
                    template: entry.name,
                    source,
                })
            })
            .map_err(|e| e.to_string())?;
        let mut parameters = IndexMap::new();
        for (param, decl) in template["Parameters"].as_object().into_iter().flatten() {
            if decl.get("Default").is_none() {
                let value = wiring(param, email).ok_or_else(|| {
                    format!(
                        "template {} parameter {param} has no wiring for new accounts",
                        entry.name
                    )
                })?;
                parameters.insert(param.clone(), value);
            }
        }
        let capabilities: Vec<&str> = required_capabilities(&template)
            .iter()
            .map(|c| c.as_str())
            .collect();
        let data = json!({
            "template": entry.name,
            "capabilities": capabilities,
            "protect": matches!(entry.name, "iamSetup" | "selfEdit" | "cloudTrail" | "snsNotify"),
            "parameters": parameters,
            "role": role_tag(entry.name),
        });
        files.push((
            PathBuf::from(format!("{}.json", entry.name)),
            render(&hb, STACK_TEMPLATE, &data)?,
        ));
    }
    Ok(files)
}

/// Writes a new account directory under `params_root`; refuses to touch an existing one.
pub fn init(params_root: &Path, name: &str, new: &NewAccount) -> Result<Vec<PathBuf>, String> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        return Err(format!(
            "`{name}` is not a usable account name; use letters, digits, `-` and `_`"
        ));
    }
    let dir = params_root.join(name);
    if dir.exists() {
        return Err(format!(
            "{} already exists; hydrate init never overwrites an account",
            dir.display()
        ));
    }
    let files = scaffold(name, new)?;
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (relative, contents) in files {
        let path = dir.join(relative);
        fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
