//! `hydrate profiles`: the `~/.aws/config` profiles of an account's roles, rendered from
//! `templates/profiles.ini.hbs`, each with `role_arn`, `source_profile` and `mfa_serial`.

use handlebars::Handlebars;
use serde::Serialize;
use serde_json::{json, Value};

use super::{AccountDir, TemplateSource};

const PROFILES_TEMPLATE: &str = include_str!("../../templates/profiles.ini.hbs");

/// One assumable role of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleProfile {
    /// `admin`, `operator`, …
    pub level: String,
    /// The role's ARN.
    pub arn: String,
    /// Its longest session, in seconds.
    pub duration: u64,
}

/// The human roles of the account's iamSetup stack, from its rendered template.
pub fn roles(account: &AccountDir) -> Vec<RoleProfile> {
    let Some(stack) = account.stacks.iter().find(|s| {
        matches!(
            s.source,
            TemplateSource::Catalog {
                name: "iamSetup",
                ..
            }
        )
    }) else {
        return Vec::new();
    };
    let template: Value = serde_json::from_str(&stack.template_body).unwrap_or_default();
    template["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, r)| r["Type"] == "AWS::IAM::Role")
        .filter_map(|(id, r)| {
            let p = &r["Properties"];
            Some(RoleProfile {
                level: id.trim_end_matches("Role").to_lowercase(),
                arn: format!(
                    "arn:aws:iam::{}:role{}{}",
                    account.vars.id,
                    p["Path"].as_str().unwrap_or("/"),
                    p["RoleName"].as_str()?
                ),
                duration: p["MaxSessionDuration"].as_u64().unwrap_or(3600),
            })
        })
        .collect()
}

/// The profiles text for `user`.
pub fn render(account: &AccountDir, user: &str) -> Result<String, String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    let source = format!("{}-{user}", account.vars.name);
    hb.render_template(
        PROFILES_TEMPLATE,
        &json!({
            "account": account.vars.id,
            "name": account.vars.name,
            "region": account.vars.region,
            "user": user,
            "source": source,
            "roles": roles(account),
        }),
    )
    .map_err(|e| e.to_string())
}
