//! Checks across the stacks of an account: no key or stack name twice, and every `{{output}}`
//! naming a stack of the account and an output its template declares. A reference to a stack
//! whose own file has problems is not checked: its errors would only repeat that stack's.

use std::collections::{BTreeMap, BTreeSet};

use super::error::{ErrorKind, ParamsError};
use super::problems::NotChecked;
use super::stack::Stack;
use crate::suggest::closest;

/// What the checks across stacks found.
pub(super) struct Across {
    /// Problems of the references and names.
    pub(super) problems: Vec<ParamsError>,
    /// Stacks whose references to a broken stack were skipped.
    pub(super) not_checked: Vec<NotChecked>,
}

/// Checks the references and names across the stacks that loaded; `broken` are the file names
/// of the stacks that did not.
pub(super) fn check_across(stacks: &[Stack], broken: &BTreeSet<String>) -> Across {
    let mut problems = Vec::new();
    let mut not_checked = Vec::new();
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
    // A stack with problems of its own still exists: name it among the ones a typo may mean.
    let keys: BTreeSet<&str> = by_key
        .keys()
        .copied()
        .chain(broken.iter().map(String::as_str))
        .collect();
    for s in stacks {
        let skipped: BTreeSet<&str> = s
            .references
            .iter()
            .map(|(_, r)| r.stack.as_str())
            .filter(|key| broken.contains(*key))
            .collect();
        if !skipped.is_empty() {
            not_checked.push(NotChecked {
                file: s.file.clone(),
                depends_on: skipped.iter().map(|k| (*k).to_owned()).collect(),
            });
        }
        for (at, r) in &s.references {
            if skipped.contains(r.stack.as_str()) {
                continue;
            }
            let shown = format!("{{{{output \"{}\" \"{}\"}}}}", r.stack, r.output);
            match by_key.get(r.stack.as_str()) {
                None => {
                    let hint = closest(&r.stack, keys.iter().copied())
                        .map(|k| format!("did you mean `{k}`? "))
                        .unwrap_or_default();
                    problems.push(ParamsError::new(
                        ErrorKind::UnknownStack,
                        &s.file,
                        at,
                        format!(
                            "{shown} — there is no stack `{}` in this account; {hint}stacks: {}",
                            r.stack,
                            keys.iter().copied().collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
                Some(target) if !target.template.outputs().contains(&r.output) => {
                    let hint = closest(
                        &r.output,
                        target.template.outputs().iter().map(String::as_str),
                    )
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
                            if target.template.outputs().is_empty() {
                                "none".to_owned()
                            } else {
                                target.template.outputs().join(", ")
                            }
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    Across {
        problems,
        not_checked,
    }
}
