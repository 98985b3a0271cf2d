//! Why a deploy operation stopped, each with what to do next. Every refusal is its own variant so a
//! caller (the CLI, `up`) can branch on it.

use super::aws_error::AwsError;
use super::progress::{Failure, StackStatus};
use crate::params::ParamsError;

/// A deploy operation's failure.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    /// An AWS call failed.
    #[error(transparent)]
    Aws(#[from] AwsError),
    /// A value of the account directory could not be resolved.
    #[error(transparent)]
    Params(#[from] ParamsError),
    /// The credentials are for another account.
    #[error(
        "these credentials belong to account {actual} ({arn}), but {file} is for account {expected}; use a profile of account {expected} (--profile) or fix AccountId"
    )]
    WrongAccount {
        /// The account file.
        file: String,
        /// Its AccountId.
        expected: String,
        /// The credentials' account.
        actual: String,
        /// The caller's ARN.
        arn: String,
    },
    /// A stack whose creation failed (ROLLBACK_COMPLETE and kin) cannot be updated.
    #[error(
        "stack {stack_name} is in {status}: its creation failed and it cannot be updated; fix the cause shown by `hydrate --account {account} stack events {key}`, then `hydrate --account {account} stack create {key} --replace-failed` deletes it and creates it again"
    )]
    RollbackComplete {
        /// The `--account` value that names the account, as advice commands print it.
        account: String,
        /// The stack file name.
        key: String,
        /// The stack name.
        stack_name: String,
        /// The status it is in.
        status: StackStatus,
    },
    /// The operation ended in a failed or rolled-back state.
    #[error("stack {stack_name} ended {status}{}", failure_summary(.failures))]
    Failed {
        /// The stack file name.
        key: String,
        /// The stack name.
        stack_name: String,
        /// The final status.
        status: StackStatus,
        /// The failed resources and their reasons, root cause first.
        failures: Vec<Failure>,
    },
    /// Ctrl-C while waiting: the operation goes on.
    #[error("stopped watching {stack_name}; the operation goes on in CloudFormation. Resume with: hydrate --account {account} stack events --follow {key}")]
    Interrupted {
        /// The `--account` value that names the account, as advice commands print it.
        account: String,
        /// The stack file name.
        key: String,
        /// The stack name.
        stack_name: String,
    },
    /// `create` of a stack that exists and is usable.
    #[error("stack {stack_name} already exists ({status}); use `hydrate --account {account} stack update {key}` or `hydrate --account {account} stack deploy {key}`")]
    AlreadyExists {
        /// The `--account` value that names the account, as advice commands print it.
        account: String,
        /// The stack file name.
        key: String,
        /// The stack name.
        stack_name: String,
        /// Its status.
        status: StackStatus,
    },
    /// `update` of a stack that does not exist.
    #[error("stack {stack_name} does not exist; create it with `hydrate --account {account} stack create {key}` (or `hydrate --account {account} stack deploy {key}`)")]
    NotDeployed {
        /// The `--account` value that names the account, as advice commands print it.
        account: String,
        /// The stack file name.
        key: String,
        /// The stack name.
        stack_name: String,
    },
    /// An operation is already running on the stack.
    #[error("stack {stack_name} is busy ({status}); wait for it with `hydrate --account {account} stack events --follow {key}`")]
    Busy {
        /// The `--account` value that names the account, as advice commands print it.
        account: String,
        /// The stack file name.
        key: String,
        /// The stack name.
        stack_name: String,
        /// Its status.
        status: StackStatus,
    },
    /// A regional stack's region has no connection (the caller built none for it).
    #[error("stack {key} is deployed in {region}, which this run has no connection to; list {region} in the account file's Regions")]
    NoRegion {
        /// The stack key.
        key: String,
        /// Its region.
        region: String,
    },
    /// The template bucket is missing.
    #[error("the template bucket {bucket} does not exist; run `hydrate --account {account} bootstrap` first (or set TemplateBucket in account.json)")]
    NoTemplateBucket {
        /// The `--account` value that names the account, as advice commands print it.
        account: String,
        /// The bucket name.
        bucket: String,
    },
    /// `stack execute` of a change set that no longer matches the stack or the account directory.
    #[error("change set {change_set} of stack {stack_name} is no longer current: {why}; diff again (`{diff}`) and execute the change set it keeps")]
    StaleChangeSet {
        /// The command that makes a current one: `hydrate --account … stack diff <key> --keep`.
        diff: String,
        /// The stack name.
        stack_name: String,
        /// The change set.
        change_set: String,
        /// What changed since it was made.
        why: String,
    },
    /// An update would destroy data and nobody confirmed it.
    #[error("not updated: the change would {changes} and was not confirmed (re-run with --yes to accept)")]
    DataLossNotConfirmed {
        /// The stack name.
        stack_name: String,
        /// The destroying changes, as a phrase.
        changes: String,
    },
    /// A change the approval gate holds and nobody could be asked (no terminal, no `--yes`).
    #[error("stack {stack_name} was not updated: the change would {reasons} and needs approval; there is no terminal to ask on (re-run with --yes to accept, or --require-approval never)")]
    NeedsApproval {
        /// The stack name.
        stack_name: String,
        /// Why it needs approval, as a phrase.
        reasons: String,
    },
    /// A change the approval gate held and the person said no to.
    #[error("stack {stack_name} was not updated: the change would {reasons} and was not approved")]
    NotApproved {
        /// The stack name.
        stack_name: String,
        /// Why it needed approval, as a phrase.
        reasons: String,
    },
    /// `delete` of a stack hydrate did not create.
    #[error("stack {stack_name} was not created by hydrate (it has no {tag} tag); delete it with the tool that made it")]
    NotManaged {
        /// The stack name.
        stack_name: String,
        /// The tag that marks hydrate's stacks.
        tag: &'static str,
    },
    /// `delete` of a stack whose deployed template would delete data-holding resources with it.
    #[error(
        "stack {stack_name} was not deleted: its deployed template does not retain {}, so deleting the stack would delete their data; {fix}",
        .resources.join(", ")
    )]
    WouldDeleteData {
        /// The stack name.
        stack_name: String,
        /// `LogicalId (Type)` of each resource the delete would destroy.
        resources: Vec<String>,
        /// What to do: deploy the current template first, or give them `DeletionPolicy: Retain`.
        fix: String,
    },
    /// `delete` of a stack whose deployed template cannot be read: what it would destroy is unknown.
    #[error(
        "stack {stack_name} was not deleted: its deployed template cannot be read ({reason}), so what deleting it would destroy is unknown; deploy the current template first (`hydrate --account {account} stack update {key}`)"
    )]
    UnreadableTemplate {
        /// The `--account` value that names the account, as advice commands print it.
        account: String,
        /// The stack file name.
        key: String,
        /// The stack name.
        stack_name: String,
        /// Why it cannot be read.
        reason: String,
    },
    /// `delete` of a stack with termination protection, without `--force`.
    #[error("stack {stack_name} has termination protection; re-run with --force to turn it off and delete it")]
    TerminationProtected {
        /// The stack name.
        stack_name: String,
    },
    /// `delete` that the person did not confirm.
    #[error("stack {stack_name} was not deleted")]
    DeleteNotConfirmed {
        /// The stack name.
        stack_name: String,
    },
    /// Another run holds the account's lease.
    #[error(transparent)]
    Locked(Box<LeaseHeld>),
    /// Retained resources of an earlier stack of this name exist but cannot be imported into the
    /// new one: nothing was created, and hydrate never deletes or replaces audit data.
    #[error(
        "stack {stack_name} was not created: retained resources of an earlier {stack_name} still exist ({resources}) and must be imported into it, but {reason}. Nothing was created and nothing was deleted. Import them by hand (CloudFormation console: Create stack → With existing resources, with the template of `hydrate --account {account} render`), or, only if their data is truly not needed, remove them yourself; then run `hydrate --account {account} stack create {key}` again"
    )]
    RetainedNotImported {
        /// The `--account` value that names the account, as advice commands print it.
        account: String,
        /// The stack file name.
        key: String,
        /// The stack name.
        stack_name: String,
        /// The retained resources found, `Logical (identifier)`.
        resources: String,
        /// Why they cannot be imported.
        reason: String,
    },
    /// `--break-lock` that the person did not confirm, or a lease that came back at once.
    #[error("the account's lease was not taken: nothing was changed")]
    LockNotBroken,
    /// The lease was taken by another run, or could not be renewed before it expired: this run
    /// stopped so that two writers never work on one account.
    #[error("this run stopped: {why}. Stacks it had started go on in CloudFormation; see `hydrate --account {account} status`, then run again")]
    LeaseLost {
        /// The `--account` value that names the account, as advice commands print it.
        account: String,
        /// Who has it now, or why it could not be kept.
        why: String,
    },
}

/// Who holds the account's lease, when another run is refused.
#[derive(Debug, thiserror::Error)]
#[error("this account is being changed by another run, `{command}` by {owner} on {host} (pid {pid}) since {since}, its lease runs to {expires} unless renewed; wait for it to end, or if that run is dead: hydrate --account {account} {command} --break-lock")]
pub struct LeaseHeld {
    /// The `--account` value that names the account, as advice commands print it.
    pub account: String,
    /// The holder's caller ARN.
    pub owner: String,
    /// The holder's machine.
    pub host: String,
    /// The holder's process id.
    pub pid: u32,
    /// The holder's command.
    pub command: String,
    /// Since when it holds the lease.
    pub since: String,
    /// When the lease ends unless renewed.
    pub expires: String,
}

fn failure_summary(failures: &[Failure]) -> String {
    match failures.first() {
        Some(f) => format!(
            ": {} ({}) {}: {}",
            f.logical_id, f.resource_type, f.status, f.reason
        ),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `hydrate …` command in `message`, from `hydrate` to the closing backtick or the end.
    fn commands(message: &str) -> Vec<&str> {
        message
            .match_indices("hydrate ")
            .map(|(at, _)| {
                let rest = &message[at..];
                rest.split('`').next().unwrap_or(rest)
            })
            .collect()
    }

    #[test]
    fn every_advice_command_names_the_account() {
        let account = || "params/acme".to_owned();
        let key = || "snsNotify".to_owned();
        let stack_name = || "acme-sns".to_owned();
        let errors = [
            DeployError::RollbackComplete {
                account: account(),
                key: key(),
                stack_name: stack_name(),
                status: StackStatus::RollbackComplete,
            },
            DeployError::Interrupted {
                account: account(),
                key: key(),
                stack_name: stack_name(),
            },
            DeployError::AlreadyExists {
                account: account(),
                key: key(),
                stack_name: stack_name(),
                status: StackStatus::CreateComplete,
            },
            DeployError::NotDeployed {
                account: account(),
                key: key(),
                stack_name: stack_name(),
            },
            DeployError::Busy {
                account: account(),
                key: key(),
                stack_name: stack_name(),
                status: StackStatus::UpdateInProgress,
            },
            DeployError::NoTemplateBucket {
                account: account(),
                bucket: "b".into(),
            },
            DeployError::Locked(Box::new(LeaseHeld {
                account: account(),
                owner: "arn:aws:iam::111122223333:user/alice".into(),
                host: "laptop".into(),
                pid: 7,
                command: "up".into(),
                since: "2026-12-01T08:00:00Z".into(),
                expires: "2026-12-01T08:05:00Z".into(),
            })),
        ];
        for error in errors {
            let message = error.to_string();
            let found = commands(&message);
            assert!(!found.is_empty(), "no advice command in: {message}");
            for command in found {
                assert!(
                    command.starts_with("hydrate --account params/acme "),
                    "`{command}` lacks --account in: {message}"
                );
            }
        }
        let interrupted = DeployError::Interrupted {
            account: "example".into(),
            key: key(),
            stack_name: stack_name(),
        };
        assert!(interrupted
            .to_string()
            .ends_with("Resume with: hydrate --account example stack events --follow snsNotify"));
    }
}
