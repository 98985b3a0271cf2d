//! The Organizations, StackSet and S3 calls `org` makes, as one narrow trait, so the logic is
//! unit-tested in memory (`fake.rs`) and the emulator tests prove the wire (`api_sdk.rs`).

use crate::deploy::cloud::Call;

use super::spec::{AdminService, AutoDeployment, CallAs, Preferences};

/// An organizational unit (or the root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ou {
    /// `ou-…` or `r-…`.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// An account directly under an OU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The account id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `ACTIVE`, `SUSPENDED`, … (`State`, else the older `Status`).
    pub state: String,
}

/// A stack set as `DescribeStackSet` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StackSetState {
    /// The template it deploys.
    pub body: String,
    /// Its parameter values.
    pub parameters: Vec<(String, String)>,
    /// Its capabilities.
    pub capabilities: Vec<String>,
    /// Its tags.
    pub tags: Vec<(String, String)>,
    /// Its auto-deployment, when the endpoint reports one.
    pub auto_deployment: Option<AutoDeployment>,
    /// The OUs it has deployed to.
    pub ous: Vec<String>,
}

/// What a create or update of a stack set sends.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StackSetWrite {
    /// The stack set's name.
    pub name: String,
    /// Where the template was uploaded.
    pub template_url: String,
    /// Parameter values.
    pub parameters: Vec<(String, String)>,
    /// Capabilities.
    pub capabilities: Vec<String>,
    /// Tags.
    pub tags: Vec<(String, String)>,
    /// Auto-deployment.
    pub auto_deployment: AutoDeployment,
    /// Preferences (updates only).
    pub preferences: Preferences,
    /// Our own operation id (updates only): a resent call is recognised as the same.
    pub operation_id: String,
}

/// Which instances an instance operation is about: OUs × regions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Targets {
    /// The stack set's name.
    pub stack_set: String,
    /// `DeploymentTargets.OrganizationalUnitIds`.
    pub ous: Vec<String>,
    /// The regions.
    pub regions: Vec<String>,
    /// Preferences.
    pub preferences: Preferences,
    /// Our own operation id.
    pub operation_id: String,
}

/// Where an operation stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationState {
    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `STOPPING`, `STOPPED`, `QUEUED`.
    pub status: String,
    /// AWS's reason, if any.
    pub reason: Option<String>,
}

/// One account × region of an operation (`ListStackSetOperationResults`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationResult {
    /// The account.
    pub account: String,
    /// The region.
    pub region: String,
    /// `PENDING`, `RUNNING`, `SUCCEEDED`, `FAILED`, `CANCELLED`.
    pub status: String,
    /// AWS's reason, if any.
    pub reason: Option<String>,
    /// The OU the account was reached through, when reported.
    pub ou: Option<String>,
}

/// One stack instance (`ListStackInstances`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// The account.
    pub account: String,
    /// The region.
    pub region: String,
    /// `CURRENT`, `OUTDATED` or `INOPERABLE`.
    pub status: String,
    /// `StackInstanceStatus.DetailedStatus` (`SUCCEEDED`, `FAILED`, `SKIPPED_SUSPENDED_ACCOUNT`, …).
    pub detailed: Option<String>,
    /// AWS's reason, if any.
    pub reason: Option<String>,
    /// The OU it was deployed through, when reported.
    pub ou: Option<String>,
    /// Its drift as of the stack set's last drift detection (`DRIFTED`, `IN_SYNC`, `UNKNOWN`,
    /// `NOT_CHECKED`), when reported.
    pub drift: Option<String>,
}

/// Where one service's organization administrator is read and set: GuardDuty and Security Hub
/// per region through their own APIs, Config through Organizations' delegated administrators of
/// a service principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminTarget {
    /// The service.
    pub service: AdminService,
    /// The service principal (the delegated administrator's, for Config).
    pub principal: &'static str,
    /// The region, for a regional service.
    pub region: Option<String>,
}

/// The calls `org` makes. StackSet calls carry `CallAs`.
pub trait OrgCloud: Send + Sync {
    /// The organization's roots (`ListRoots`).
    fn roots(&self) -> Call<'_, Vec<Ou>>;
    /// The OUs directly under a parent (`ListOrganizationalUnitsForParent`, every page).
    fn child_ous<'a>(&'a self, parent: &'a str) -> Call<'a, Vec<Ou>>;
    /// An OU by id; `None` when there is none (`DescribeOrganizationalUnit`).
    fn ou<'a>(&'a self, id: &'a str) -> Call<'a, Option<Ou>>;
    /// The accounts directly under a parent (`ListAccountsForParent`, every page).
    fn accounts<'a>(&'a self, parent: &'a str) -> Call<'a, Vec<Member>>;
    /// The stack set; `None` when there is none (`DescribeStackSet`).
    fn stack_set<'a>(&'a self, name: &'a str, call_as: CallAs) -> Call<'a, Option<StackSetState>>;
    /// Creates a SERVICE_MANAGED stack set (`CreateStackSet`, managed execution on).
    fn create_stack_set<'a>(&'a self, write: &'a StackSetWrite, call_as: CallAs) -> Call<'a, ()>;
    /// Updates it (`UpdateStackSet`); the operation's id.
    fn update_stack_set<'a>(
        &'a self,
        write: &'a StackSetWrite,
        call_as: CallAs,
    ) -> Call<'a, String>;
    /// Creates instances (`CreateStackInstances`); the operation's id.
    fn create_instances<'a>(&'a self, targets: &'a Targets, call_as: CallAs) -> Call<'a, String>;
    /// Deletes instances (`DeleteStackInstances`, stacks not retained); the operation's id.
    fn delete_instances<'a>(&'a self, targets: &'a Targets, call_as: CallAs) -> Call<'a, String>;
    /// Deletes the empty stack set (`DeleteStackSet`).
    fn delete_stack_set<'a>(&'a self, name: &'a str, call_as: CallAs) -> Call<'a, ()>;
    /// Where an operation stands (`DescribeStackSetOperation`).
    fn operation<'a>(
        &'a self,
        stack_set: &'a str,
        id: &'a str,
        call_as: CallAs,
    ) -> Call<'a, OperationState>;
    /// An operation's per-account results (`ListStackSetOperationResults`, every page).
    fn operation_results<'a>(
        &'a self,
        stack_set: &'a str,
        id: &'a str,
        call_as: CallAs,
    ) -> Call<'a, Vec<OperationResult>>;
    /// Starts drift detection on every instance (`DetectStackSetDrift`); the operation's id.
    fn detect_drift<'a>(&'a self, targets: &'a Targets, call_as: CallAs) -> Call<'a, String>;
    /// The stack set's instances (`ListStackInstances`, every page).
    fn instances<'a>(&'a self, stack_set: &'a str, call_as: CallAs) -> Call<'a, Vec<Instance>>;
    /// An account of the organization; `None` when it is not in it (`DescribeAccount`).
    fn account<'a>(&'a self, id: &'a str) -> Call<'a, Option<Member>>;
    /// The service principals with trusted access (`ListAWSServiceAccessForOrganization`).
    fn service_access(&self) -> Call<'_, Vec<String>>;
    /// Gives a service principal trusted access (`EnableAWSServiceAccess`).
    fn enable_service_access<'a>(&'a self, principal: &'a str) -> Call<'a, ()>;
    /// The accounts that administer a service now (GuardDuty's or Security Hub's
    /// `ListOrganizationAdminAccounts` in the region; `ListDelegatedAdministrators` for Config).
    fn admins<'a>(&'a self, target: &'a AdminTarget) -> Call<'a, Vec<String>>;
    /// Makes an account the administrator (`EnableOrganizationAdminAccount` in the region;
    /// `RegisterDelegatedAdministrator` for Config).
    fn make_admin<'a>(&'a self, target: &'a AdminTarget, account: &'a str) -> Call<'a, ()>;
    /// Uploads a template; the URL to pass, pinned to the version when the bucket keeps versions.
    fn upload<'a>(&'a self, bucket: &'a str, key: &'a str, body: &'a str) -> Call<'a, String>;
}
