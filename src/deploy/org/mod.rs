//! A whole organization through CloudFormation StackSets: one SERVICE_MANAGED stack set per
//! baseline, targeted at OUs × regions, created or updated only when it differs, every operation
//! waited on, the result as one row per account × region. Nothing here prints.

mod admins;
mod api;
mod api_sdk;
mod delete;
mod error;
mod operation;
mod plan;
mod rows;
mod spec;
mod status;
mod targets;
mod up;

#[cfg(test)]
mod admins_tests;
#[cfg(test)]
mod drift_tests;
#[cfg(test)]
mod fake;
#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod tests;

pub use admins::{AdminRow, ADMIN_DIFFERS, ADMIN_OK, ADMIN_SET};
pub use api::{
    AdminTarget, Instance, Member, OperationResult, OperationState, OrgCloud, Ou, StackSetState,
    StackSetWrite, Targets,
};
pub use delete::SetDeleted;
pub use error::{OrgError, Taken};
pub use operation::{operation_id, Watch, DEFAULT_LIMIT};
pub use plan::{set_change, template_key, SetChange};
pub use rows::{failure_groups, Row, MISSING};
pub use spec::{
    AdminService, Amount, AutoDeployment, CallAs, OrgSpec, OuTarget, Preferences, StackSetSpec,
    WantedAdmin,
};
pub use status::{SetDiff, SetStatus};
pub use targets::{resolve, Reached, Resolved, Skipped};
pub use up::{Org, SetAction, SetOutcome};

/// Refuses credentials that are not the identity `CallAs` says: SELF needs the management account,
/// DELEGATED_ADMIN any other (a delegated administrator of StackSets).
pub fn guard_caller(caller_account: &str, spec: &OrgSpec) -> Result<(), OrgError> {
    let management = &spec.management_account_id;
    match spec.call_as {
        CallAs::SelfAccount if caller_account != management => Err(OrgError::WrongCaller(format!(
            "these credentials are account {caller_account}, but CallAs SELF needs the management account {management}; use its credentials (--profile), or set CallAs to DELEGATED_ADMIN in organization.json if {caller_account} is a delegated administrator of StackSets"
        ))),
        CallAs::DelegatedAdmin if caller_account == management => {
            Err(OrgError::WrongCaller(format!(
                "these credentials are the management account {management}, but CallAs is DELEGATED_ADMIN; set CallAs to SELF in organization.json, or use a delegated administrator's credentials"
            )))
        }
        _ => Ok(()),
    }
}
