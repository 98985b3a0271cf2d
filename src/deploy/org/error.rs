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
    /// Ctrl-C came before this write was sent: nothing of it went out.
    #[error("baseline {baseline}: stopped before {before} (Ctrl-C); it was not sent. Go on with: hydrate org {again} --org {org}")]
    Stopped {
        /// The baseline.
        baseline: String,
        /// The write that was not made.
        before: String,
        /// The command that goes on (`up`, `delete`, `status --drift`).
        again: String,
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
    /// A delegated administrator the organization file names is not an active member account.
    #[error("DelegatedAdministrators.{service} in organization.json: account {account} {why}; write the id of an active member account (the audit account, as a rule)")]
    AdminNotMember {
        /// The service's field.
        service: String,
        /// The account as written.
        account: String,
        /// What it is instead.
        why: String,
    },
    /// A service already has another administrator: replacing it silently would take the
    /// organization's findings away from whoever reads them there.
    #[error("{}", taken_text(.0))]
    AdminTaken(Vec<Taken>),
    /// The template bucket is not there.
    #[error("template bucket {bucket} does not exist; run `hydrate --account <management account> bootstrap` first, or set TemplateBucket in the management account's account.json")]
    NoTemplateBucket {
        /// The bucket.
        bucket: String,
    },
}

impl OrgError {
    /// Whether a Ctrl-C ended this baseline's run (watching stopped, or a write not sent).
    pub fn is_interrupt(&self) -> bool {
        matches!(
            self,
            OrgError::Interrupted { .. } | OrgError::Stopped { .. }
        )
    }
}

fn listing(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!(" (there: {})", names.join(", "))
    }
}

/// One service (and region) whose administrator is another account than the one asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    /// The service's field in organization.json.
    pub service: String,
    /// The service principal.
    pub principal: String,
    /// The region, for a regional service.
    pub region: Option<String>,
    /// The administrators now.
    pub current: Vec<String>,
    /// The one asked for.
    pub wanted: String,
}

impl Taken {
    /// The command that removes the current administrator, run as the management account.
    fn removal(&self, current: &str) -> String {
        let region = self.region.as_deref().unwrap_or_default();
        match self.service.as_str() {
            "GuardDuty" => format!("aws guardduty disable-organization-admin-account --admin-account-id {current} --region {region}"),
            "SecurityHub" => format!("aws securityhub disable-organization-admin-account --admin-account-id {current} --region {region}"),
            _ => format!("aws organizations deregister-delegated-administrator --account-id {current} --service-principal {}", self.principal),
        }
    }
}

fn taken_text(taken: &[Taken]) -> String {
    let mut text = String::from("refusing to replace a delegated administrator (its owners would stop seeing the organization's findings):");
    for t in taken {
        let at = t
            .region
            .as_deref()
            .map(|r| format!(" in {r}"))
            .unwrap_or_default();
        let removal: Vec<String> = t.current.iter().map(|c| t.removal(c)).collect();
        text.push_str(&format!(
            "\n  {} ({}){at} is administered by {}, not {}: keep it by writing DelegatedAdministrators.{} = \"{}\" in organization.json, or move it on purpose: tell its readers, then `{}` and run `hydrate org up` again",
            t.service,
            t.principal,
            t.current.join(", "),
            t.wanted,
            t.service,
            t.current.first().map(String::as_str).unwrap_or_default(),
            removal.join("` and `"),
        ));
    }
    text
}
