//! `hydrate profiles`: the `~/.aws/config` profiles of an account's roles, rendered from
//! `templates/profiles.ini.hbs`, each with `role_arn`, `source_profile` and `mfa_serial`.

use handlebars::Handlebars;
use serde::Serialize;
use serde_json::json;

use super::{AccountDir, TemplateSource};
use crate::cfn::IdentityKind;

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
    stack
        .template
        .identities()
        .iter()
        .filter(|i| i.kind == IdentityKind::Role)
        .filter_map(|role| {
            Some(RoleProfile {
                level: role.logical_id.trim_end_matches("Role").to_lowercase(),
                arn: format!(
                    "arn:aws:iam::{}:role{}{}",
                    account.vars.id,
                    role.path.as_deref().unwrap_or("/"),
                    role.name.as_deref()?
                ),
                duration: role.max_session_duration.unwrap_or(3600),
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
