//! The admin role the guarded stacks' key, bucket and topic policies exempt must be the account's
//! own iamSetup admin role: with another name (a custom iamSetup `namePrefix` or `path`), nobody
//! but root could administer them, and `up` would deploy that lock-out without a word.

use super::error::{ErrorKind, ParamsError};
use super::stack::Stack;
use super::template_source::TemplateSource;
use crate::stacks::iam_setup::IamSetupOptions;
use crate::stacks::AdminRole;

/// The catalog templates whose resource policies exempt `adminRole`.
const GUARDED: &[&str] = &["cloudTrail", "snsNotify", "configRecorder"];

/// The catalog options of `stack` when it renders `template`.
fn options_of<'a>(stack: &'a Stack, template: &str) -> Option<&'a serde_json::Value> {
    match &stack.source {
        TemplateSource::Catalog { name, options } if *name == template => Some(options),
        _ => None,
    }
}

/// One problem per guarded stack whose `adminRole` is not the account's iamSetup admin role;
/// none when the account has no catalog iamSetup (its admin role is then the person's own).
pub(super) fn check_admin_role(stacks: &[Stack]) -> Vec<ParamsError> {
    let Some((iam_file, admin)) = stacks.iter().find_map(|s| {
        let options = options_of(s, "iamSetup")?;
        // Options that do not parse were reported by the stack's own load.
        let options: IamSetupOptions = serde_json::from_value(options.clone()).ok()?;
        Some((&s.file, AdminRole::of(&options)))
    }) else {
        return Vec::new();
    };
    stacks
        .iter()
        .filter_map(|s| {
            let options = GUARDED.iter().find_map(|t| options_of(s, t))?;
            let theirs = match options.get("adminRole") {
                Some(v) => serde_json::from_value(v.clone()).ok()?,
                None => AdminRole::default(),
            };
            (theirs != admin).then(|| {
                ParamsError::new(
                    ErrorKind::InvalidValue,
                    &s.file,
                    "Hydrate.Options.adminRole",
                    format!(
                        "its policies let only the role `{}` administer what it guards, but the admin role of {} is `{}`, so nobody but root could; set \"adminRole\": {{ \"path\": \"{}\", \"namePrefix\": \"{}\" }}",
                        theirs.path_and_name(),
                        iam_file.display(),
                        admin.path_and_name(),
                        admin.path,
                        admin.name_prefix
                    ),
                )
            })
        })
        .collect()
}
