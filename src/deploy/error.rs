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
        "stack {stack_name} is in {status}: its creation failed and it cannot be updated; fix the cause shown by `hydrate stack events {key}`, then `hydrate stack create {key} --replace-failed` deletes it and creates it again"
    )]
    RollbackComplete {
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
    #[error("stopped watching {stack_name}; the operation goes on in CloudFormation. Resume with: hydrate stack events --follow {key}")]
    Interrupted {
        /// The stack file name.
        key: String,
        /// The stack name.
        stack_name: String,
    },
    /// `create` of a stack that exists and is usable.
    #[error("stack {stack_name} already exists ({status}); use `hydrate stack update {key}` or `deploy`")]
    AlreadyExists {
        /// The stack file name.
        key: String,
        /// The stack name.
        stack_name: String,
        /// Its status.
        status: StackStatus,
    },
    /// `update` of a stack that does not exist.
    #[error("stack {stack_name} does not exist; create it with `hydrate stack create {key}` (or `deploy`)")]
    NotDeployed {
        /// The stack file name.
        key: String,
        /// The stack name.
        stack_name: String,
    },
    /// An operation is already running on the stack.
    #[error("stack {stack_name} is busy ({status}); wait for it with `hydrate stack events --follow {key}`")]
    Busy {
        /// The stack file name.
        key: String,
        /// The stack name.
        stack_name: String,
        /// Its status.
        status: StackStatus,
    },
    /// The template bucket is missing.
    #[error("the template bucket {bucket} does not exist; run `hydrate bootstrap` first (or set TemplateBucket in account.json)")]
    NoTemplateBucket {
        /// The bucket name.
        bucket: String,
    },
    /// An update would destroy data and nobody confirmed it.
    #[error("not updated: the change would {changes} and was not confirmed (re-run with --yes to accept)")]
    DataLossNotConfirmed {
        /// The stack name.
        stack_name: String,
        /// The destroying changes, as a phrase.
        changes: String,
    },
    /// `delete` of a stack hydrate did not create.
    #[error("stack {stack_name} was not created by hydrate (it has no {tag} tag); delete it with the tool that made it")]
    NotManaged {
        /// The stack name.
        stack_name: String,
        /// The tag that marks hydrate's stacks.
        tag: &'static str,
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
