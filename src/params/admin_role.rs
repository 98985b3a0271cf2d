//! Who may administer what the guarded stacks protect. Their key, bucket and topic policies deny
//! every role but the admin role (and, in a baseline, the StackSets execution role), so:
//! - the admin role they name must be the one the account's iamSetup creates: under another name
//!   nobody but root could administer them, and `up` would deploy that lock-out without a word;
//! - in a baseline without an iamSetup the name must be given on purpose: a role nobody creates can
//!   be created by whoever may create roles, and would then be the one administrator;
//! - a baseline's stacks are created and updated by the StackSets execution role: without its
//!   exemption KMS refuses to create the keys (their policy would lock their creator out).

use super::error::{ErrorKind, ParamsError};
use super::stack::{Scope, Stack};
use super::template_source::TemplateSource;
use crate::stacks::iam_setup::IamSetupOptions;
use crate::stacks::AdminRole;

/// The catalog templates whose resource policies exempt `adminRole`.
const GUARDED: &[&str] = &[
    "cloudTrail",
    "snsNotify",
    "configRecorder",
    "orgTrailBucket",
];

const FIELD: &str = "Hydrate.Options.adminRole";

/// The catalog options of `stack` when it renders `template`.
fn options_of<'a>(stack: &'a Stack, template: &str) -> Option<&'a serde_json::Value> {
    match &stack.source {
        TemplateSource::Catalog { name, options } if *name == template => Some(options),
        _ => None,
    }
}

fn problem(stack: &Stack, text: String) -> ParamsError {
    ParamsError::new(ErrorKind::InvalidValue, &stack.file, FIELD, text)
}

/// One problem per guarded stack whose `adminRole` breaks a rule of the module's, and per
/// iamSetup that names a second admin role.
pub(super) fn check_admin_role(stacks: &[Stack], scope: Scope) -> Vec<ParamsError> {
    let mut problems = Vec::new();
    // Options that do not parse were reported by the stack's own load.
    let admins: Vec<(&Stack, AdminRole)> = stacks
        .iter()
        .filter_map(|s| {
            let options = options_of(s, "iamSetup")?;
            let options: IamSetupOptions = serde_json::from_value(options.clone()).ok()?;
            Some((s, AdminRole::of(&options)))
        })
        .collect();
    let admin = admins.first();
    for (s, other) in admins.iter().skip(1) {
        if let Some((first, one)) =
            admin.filter(|(_, a)| a.path_and_name() != other.path_and_name())
        {
            problems.push(ParamsError::new(
                ErrorKind::InvalidValue,
                &s.file,
                "Hydrate.Options",
                format!(
                    "its admin role `{}` is a second one beside `{}` of {}: the guarded stacks can exempt one; give both the same namePrefix and path",
                    other.path_and_name(),
                    one.path_and_name(),
                    first.file.display()
                ),
            ));
        }
    }
    for s in stacks {
        let Some(options) = GUARDED.iter().find_map(|t| options_of(s, t)) else {
            continue;
        };
        let given = options.get("adminRole");
        // The admin role named on purpose: its path or prefix written, not just left default.
        let named = given.is_some_and(|v| v.get("path").is_some() || v.get("namePrefix").is_some());
        let Ok(theirs) = given.map_or(Ok(AdminRole::default()), |v| {
            serde_json::from_value::<AdminRole>(v.clone())
        }) else {
            continue;
        };
        match admin {
            Some((iam, admin)) if theirs.path_and_name() != admin.path_and_name() => {
                problems.push(problem(s, format!(
                    "its policies let only the role `{}` administer what it guards, but the admin role of {} is `{}`, so nobody but root could; set \"adminRole\": {{ \"path\": \"{}\", \"namePrefix\": \"{}\" }}",
                    theirs.path_and_name(),
                    iam.file.display(),
                    admin.path_and_name(),
                    admin.path,
                    admin.name_prefix
                )));
            }
            // An account may leave its admin role to the person (README says what that risks); a
            // baseline reaches accounts whose roles nobody here sees.
            None if !named && scope == Scope::Baseline => problems.push(problem(s, format!(
                "no iamSetup in this baseline creates the role `{}` its policies let administer what it guards: in each account whoever may create roles could create it and be that administrator; add an iamSetup stack to the baseline, or name the admin role its accounts have in \"adminRole\"",
                theirs.path_and_name()
            ))),
            _ => {}
        }
        if scope == Scope::Baseline && !theirs.stack_sets_execution {
            problems.push(problem(s, "a stack set creates and updates this stack as the StackSets execution role, which its key, bucket and topic policies would deny (KMS refuses to create a key whose policy locks its creator out); set \"adminRole\": { \"stackSetsExecution\": true, … }".to_owned()));
        }
    }
    problems
}
