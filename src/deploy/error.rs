//! Why a deploy operation stopped, each with what to do next.

use super::aws::AwsError;
use super::progress::Failure;
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
        status: String,
    },
    /// The operation ended in a failed or rolled-back state.
    #[error("stack {stack_name} ended {status}{}", failure_summary(.failures))]
    Failed {
        /// The stack file name.
        key: String,
        /// The stack name.
        stack_name: String,
        /// The final status.
        status: String,
        /// The failed resources and their reasons, oldest first.
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
    /// hydrate will not do this (and says why and how to do it anyway).
    #[error("{0}")]
    Refused(String),
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
