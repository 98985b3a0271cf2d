//! A baseline's entry in organization.json, checked: its name, stack set name, targets,
//! auto-deployment and preferences.

use super::organization_file::BaselineEntry;
use super::preferences::Preferences;
use super::targets::{parse_targets, OuTarget};

/// A baseline name: letters, digits and `-`, starting with a letter or digit, since it names a
/// folder and the default stack set name `hydrate-<baseline>`.
pub(super) fn is_baseline_name(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A stack set name: a letter, then letters, digits and `-`, at most 128.
fn is_stack_set_name(name: &str) -> bool {
    name.len() <= 128
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Checks a baseline entry: its name, stack set name, targets, auto-deployment and preferences.
pub(super) fn check_entry(
    name: &str,
    entry: &BaselineEntry,
    problem: &mut dyn FnMut(String, String),
) -> Option<(String, Vec<OuTarget>, Preferences)> {
    let at = format!("Baselines.{name}");
    let mut ok = true;
    let name_ok = is_baseline_name(name);
    if !name_ok {
        ok = false;
        problem(
            at.clone(),
            format!("`{name}` cannot name a baseline: it names its folder and its stack set (hydrate-<baseline>); use letters, digits and `-`, starting with a letter or digit"),
        );
    }
    let stack_set_name = entry
        .stack_set_name
        .clone()
        .unwrap_or_else(|| format!("hydrate-{name}"));
    if name_ok && !is_stack_set_name(&stack_set_name) {
        ok = false;
        let field = if entry.stack_set_name.is_some() {
            format!("{at}.StackSetName")
        } else {
            at.clone()
        };
        problem(
            field,
            format!("`{stack_set_name}` is not a stack set name; start with a letter, then letters, digits and `-` (at most 128)"),
        );
    }
    let targets = match parse_targets(&entry.organizational_units) {
        Ok(targets) => Some(targets),
        Err(found) => {
            for (i, text) in found {
                let field = match i {
                    Some(i) => format!("{at}.OrganizationalUnits[{i}]"),
                    None => format!("{at}.OrganizationalUnits"),
                };
                problem(field, text);
            }
            None
        }
    };
    let auto = entry.auto_deployment;
    if auto.retain_stacks_on_account_removal && !auto.enabled {
        ok = false;
        problem(
            format!("{at}.AutoDeployment.RetainStacksOnAccountRemoval"),
            "keeping an account's stacks when it leaves is part of automatic deployment, which is off; set Enabled to true or remove RetainStacksOnAccountRemoval".to_owned(),
        );
    }
    let preferences = match Preferences::from_file(&entry.preferences) {
        Ok(p) => Some(p),
        Err(found) => {
            for (field, text) in found {
                problem(format!("{at}.Preferences.{field}"), text);
            }
            None
        }
    };
    match (ok, targets, preferences) {
        (true, Some(targets), Some(preferences)) => Some((stack_set_name, targets, preferences)),
        _ => None,
    }
}
