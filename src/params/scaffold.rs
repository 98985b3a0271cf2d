//! `hydrate init`: a new account directory from the handlebars templates in `templates/init/`,
//! one stack file per catalog template, with the outputs between them already wired.

use std::fs;
use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use indexmap::IndexMap;
use serde_json::{json, Value};

use super::layout::ACCOUNT_FILE;
use crate::cfn::required_capabilities;
use crate::regions::check_region;
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

/// The longest account name `init` accepts: it becomes a folder and the `org` tag.
const MAX_NAME: usize = 64;

/// `Ok` for an address of the shape snsNotify's `AlertEmail` pattern accepts
/// (`^[^@\s]+@[^@\s]+\.[^@\s]+$`): a check here beats a failed render after the files exist.
fn check_email(text: &str) -> Result<(), String> {
    let plain =
        |part: &str| !part.is_empty() && !part.contains(|c: char| c == '@' || c.is_whitespace());
    let shaped = text.split_once('@').is_some_and(|(local, domain)| {
        plain(local)
            && plain(domain)
            && domain
                .char_indices()
                .any(|(i, c)| c == '.' && i > 0 && i + 1 < domain.len())
    });
    if shaped {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is not an e-mail address; write one such as `ops@example.com`"
        ))
    }
}

/// Every problem with the name and flags given to `init`, each naming its flag.
pub fn check_flags(name: &str, new: &NewAccount) -> Vec<String> {
    let mut problems = Vec::new();
    let name_ok = !name.is_empty()
        && name.len() <= MAX_NAME
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !name_ok {
        problems.push(format!(
            "NAME: `{name}` is not a usable account name; use letters, digits, `-` and `_` (at most {MAX_NAME}, starting with a letter or digit)"
        ));
    }
    if let Some(id) = &new.account_id {
        if id.len() != 12 || !id.chars().all(|c| c.is_ascii_digit()) {
            problems.push(format!(
                "--account-id: `{id}` is not an account id; write the 12 digits of the account (aws sts get-caller-identity shows them)"
            ));
        }
    }
    if let Some(Err(problem)) = new.region.as_deref().map(check_region) {
        problems.push(format!("--region: {problem}"));
    }
    if let Some(Err(problem)) = new.email.as_deref().map(check_email) {
        problems.push(format!("--email: {problem}"));
    }
    problems
}

/// How each required parameter of the catalog is wired in a new account.
pub fn wiring(parameter: &str, email: &str) -> Option<String> {
    Some(match parameter {
        "LogGroupName" => r#"{{output "cloudTrail" "LogGroupName"}}"#.to_owned(),
        "AlarmTopicArn" => r#"{{output "snsNotify" "TopicArn"}}"#.to_owned(),
        "ProtectBaselinePolicyArn" => {
            r#"{{output "iamSetup" "ProtectBaselinePolicyArn"}}"#.to_owned()
        }
        "HomeRegion" => "{{account.region}}".to_owned(),
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
    // An organization's own pieces (the log-archive bucket, the aggregator) are not every account's.
    for entry in stacks::catalog().iter().filter(|e| !e.organization_only) {
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
            if decl.get("Default").is_some() {
                // A default stands unless the account has a value of its own for it.
                if let Some(value) = wiring(param, email).filter(|_| param == "HomeRegion") {
                    parameters.insert(param.clone(), value);
                }
            } else {
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

/// Writes a new account directory under `params_root` after [`check_flags`]; refuses to touch
/// an existing one.
pub fn init(params_root: &Path, name: &str, new: &NewAccount) -> Result<Vec<PathBuf>, String> {
    let problems = check_flags(name, new);
    if !problems.is_empty() {
        return Err(problems.join("\n"));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_flag_is_named_once() {
        let new = NewAccount {
            account_id: Some("1234".into()),
            region: Some("eu-wset-1".into()),
            email: Some("ops@example".into()),
        };
        let problems = check_flags("acme corp", &new);
        assert_eq!(problems.len(), 4, "{problems:?}");
        for (problem, flag) in problems
            .iter()
            .zip(["NAME", "--account-id", "--region", "--email"])
        {
            assert!(problem.starts_with(flag), "{problem}");
        }
        assert!(
            problems[2].contains("did you mean `eu-west-1`?"),
            "{}",
            problems[2]
        );
    }

    #[test]
    fn good_flags_and_absent_ones_pass() {
        let new = NewAccount {
            account_id: Some("111122223333".into()),
            region: Some("eu-west-1".into()),
            email: Some("ops+alerts@acme.example".into()),
        };
        assert!(check_flags("acme-prod_1", &new).is_empty());
        assert!(check_flags("acme", &NewAccount::default()).is_empty());
        for bad in ["a@b", "@b.co", "a@.co", "a@b.", "a b@c.co", "a@b@c.co", ""] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }
}
