//! Organization directories: `params/<org>/organization.json` and one folder of stack files per
//! baseline (`baselines/<baseline>/<stack>.json`), each baseline one stack set deployed to OUs.
//! Every check here runs before any AWS call; the stack files are loaded by the account code.

pub mod assignments;
mod baseline;
mod baseline_entry;
mod delegated_admins;
pub mod identity_center;
mod management;
mod org_dir;
mod organization_file;
mod preferences;
mod targets;

pub(super) mod locate;
pub(super) mod stack_rules;

pub use baseline::{baseline_dir, BASELINE_ACCOUNT_ID};
pub use delegated_admins::DelegatedAdministrators;
pub use identity_center::{IdentityCenter, IdentityCenterFile};
pub use locate::{locate_org, org_arg, org_names, org_path, BASELINES_DIR, ORGANIZATION_FILE};
pub use org_dir::{Baseline, OrgDir};
pub use organization_file::{AutoDeployment, BaselineEntry, CallAs, OrganizationFile};
pub use preferences::{Amount, ConcurrencyMode, Preferences, PreferencesFile, RegionConcurrency};
pub use targets::{parse_targets, OuTarget, ROOT};

#[cfg(test)]
mod tests;
