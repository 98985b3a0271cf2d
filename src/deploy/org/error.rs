//! Why an `org` command stopped, one variant per situation a caller branches on, each with the fix.

use std::time::Duration;

use crate::deploy::aws_error::AwsError;

/// An `org` command's failure.
#[derive(Debug, thiserror::Error)]
pub enum OrgError {
    /// An AWS call failed.
    #[error(transparent)]
    Aws(#[from] AwsError),
    /// An OU the organization file names is not in the organization.
    #[error("baseline {baseline}: OU {target} is not in the organization{}; fix OrganizationalUnits in organization.json", listing(.known))]
    UnknownOu {
        /// The baseline.
        baseline: String,
        /// The OU as written.
        target: String,
        /// The OUs at the level where the lookup failed (for a path).
        known: Vec<String>,
    },
    /// The credentials are not the identity `CallAs` says.
    #[error("{0}")]
    WrongCaller(String),
    /// Ctrl-C while waiting: the operation goes on.
    #[error("stopped watching stack set {stack_set} (operation {operation}); the operation goes on in CloudFormation. See where it stands with: hydrate org status --org {org}")]
    Interrupted {
        /// The stack set.
        stack_set: String,
        /// The operation id.
        operation: String,
        /// The `--org` value, as the advice prints it.
        org: String,
    },
    /// The operation did not finish within the poll limit.
    #[error("stack set {stack_set}: operation {operation} still {status} after {}s; it goes on in CloudFormation. See where it stands with: hydrate org status --org {org}", .after.as_secs())]
    TimedOut {
        /// The stack set.
        stack_set: String,
        /// The operation id.
        operation: String,
        /// Its last status.
        status: String,
        /// How long hydrate waited.
        after: Duration,
        /// The `--org` value.
        org: String,
    },
    /// The template bucket is not there.
    #[error("template bucket {bucket} does not exist; run `hydrate --account <management account> bootstrap` first, or set TemplateBucket in the management account's account.json")]
    NoTemplateBucket {
        /// The bucket.
        bucket: String,
    },
}

fn listing(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!(" (there: {})", names.join(", "))
    }
}
