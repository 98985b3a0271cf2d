//! `stack execute`: runs a change set `stack diff --keep` made, once it is sure the change set is
//! still what a deploy would do now — computed and available, made after the stack's last change,
//! and of the parameter values, template and tags the account directory renders now (the
//! fingerprint in its description). Then the approval gate, the run and the wait are an update's.

use super::{Deployer, Outcome};
use crate::deploy::cloud::{Deployed, KeptChangeSet};
use crate::deploy::error::DeployError;
use crate::deploy::progress::Progress;
use crate::params::Stack;

/// An RFC 3339 instant as a key that sorts in time: `…SS` then the fraction padded to nine digits
/// (the SDK writes `12:00:00Z` and `12:00:00.5Z` for times in the same second).
fn sortable(time: &str) -> (String, String) {
    let time = time.trim_end_matches('Z');
    let (seconds, fraction) = time.split_once('.').unwrap_or((time, ""));
    (seconds.to_owned(), format!("{fraction:0<9}"))
}

/// Why a kept change set cannot run as made, if it cannot.
fn staleness(kept: &KeptChangeSet, current: &Deployed) -> Option<String> {
    if kept.status != "CREATE_COMPLETE" || kept.execution_status != "AVAILABLE" {
        let reason = kept
            .reason
            .as_deref()
            .filter(|r| !r.is_empty())
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        return Some(format!(
            "it is {} and {}{reason}, not CREATE_COMPLETE and AVAILABLE",
            kept.status, kept.execution_status
        ));
    }
    let known = !kept.created.is_empty() && !current.last_change.is_empty();
    if known && sortable(&current.last_change) > sortable(&kept.created) {
        return Some(format!(
            "the stack changed at {} after it was made at {}",
            current.last_change, kept.created
        ));
    }
    None
}

impl Deployer<'_> {
    /// Runs the kept change set `name` of a stack after checking it is still current; the
    /// approval gate applies as to an update (a refused change set is kept, to run with `--yes`).
    pub async fn execute(&self, stack: &Stack, name: &str) -> Result<Outcome, DeployError> {
        let current = self.existing(stack).await?;
        self.step(
            stack,
            format!("checking change set {name} is still current"),
        );
        let kept = self.cloud.kept_change_set(&current.id, name).await?;
        let stale = |why: String| DeployError::StaleChangeSet {
            diff: format!(
                "hydrate --account {} stack diff {} --keep",
                self.account_arg(),
                stack.key
            ),
            stack_name: stack.stack_name.clone(),
            change_set: name.to_owned(),
            why,
        };
        if let Some(why) = staleness(&kept, &current) {
            return Err(stale(why));
        }
        let parameters = self.parameters(stack).await?;
        let differing: Vec<&str> = parameters
            .iter()
            .filter(|(k, v)| kept.parameters.get(k) != Some(v))
            .map(|(k, _)| k.as_str())
            .collect();
        if !differing.is_empty() {
            return Err(stale(format!(
                "the value of {} differs from the one it deploys",
                differing.join(", ")
            )));
        }
        // GetTemplate of a change set is not honoured everywhere (LocalStack answers with the
        // stack's template): the fingerprint hydrate wrote into the description is what is compared.
        match kept.description.as_deref() {
            Some(made) if made == Self::fingerprint(stack, &parameters) => {}
            Some(made) if made.starts_with("hydrate:") => {
                return Err(stale(
                    "the template or tags hydrate renders now differ from the ones it deploys"
                        .to_owned(),
                ))
            }
            _ => {
                return Err(stale(
                    "it was not made by `hydrate stack diff --keep` (its description has no fingerprint)"
                        .to_owned(),
                ))
            }
        }
        self.align_protection(stack, &current).await?;
        self.reporter.report(Progress::Changes {
            stack: stack.key.clone(),
            changes: kept.changes.clone(),
        });
        self.approve(stack, &current, None, &kept.changes).await?;
        self.run_change_set(stack, &current, name).await
    }
}

#[cfg(test)]
mod tests {
    use super::sortable;

    #[test]
    fn instants_sort_in_time_whatever_their_fraction() {
        assert!(sortable("2026-12-01T12:00:00.5Z") > sortable("2026-12-01T12:00:00Z"));
        assert!(sortable("2026-12-01T12:00:01Z") > sortable("2026-12-01T12:00:00.999Z"));
        assert_eq!(
            sortable("2026-12-01T12:00:00.500Z"),
            sortable("2026-12-01T12:00:00.5Z")
        );
    }
}
