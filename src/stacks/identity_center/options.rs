//! The options of `identityCenter` and their validation (the policy options are iamSetup's).

use schemars::JsonSchema;
use serde::Deserialize;

use crate::stacks::iam_setup::IamSetupOptions;
use crate::stacks::option_checks::{check_range, OptionError};
use crate::stacks::services::{DataGuard, Service};

/// Render-time choices for `identityCenter`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IdentityCenterOptions {
    /// Prefix of every permission set name: `<prefix>-admin`, `<prefix>-operator`, … (Identity
    /// Center allows 32 characters, so at most 22 here).
    pub name_prefix: String,
    /// IAM path of iamSetup's roles in the assigned accounts: the permission sets may not pass
    /// them to a service.
    pub path: String,
    /// Longest session, in seconds (3600 to 43200, whole minutes); short by default.
    pub session_duration: u32,
    /// Services the operator permission set manages in full.
    pub operator_services: Vec<Service>,
    /// Services the developer permission set may deploy to (code, configuration, objects; no create or delete of infrastructure).
    pub developer_services: Vec<Service>,
    /// Regions the permission sets may act in; requests to other regions are denied (global services excepted). Empty: no restriction.
    pub allowed_regions: Vec<String>,
    /// Data whose deletion is denied to the operator and developer permission sets.
    pub deny_data_deletion: Vec<DataGuard>,
    /// Create the readonly permission set.
    pub readonly_permission_set: bool,
    /// IAM path of application roles that operators and developers may pass to services.
    pub app_role_path: String,
}

impl Default for IdentityCenterOptions {
    fn default() -> Self {
        let roles = IamSetupOptions::default();
        IdentityCenterOptions {
            name_prefix: roles.name_prefix,
            path: roles.path,
            session_duration: 3600,
            operator_services: roles.operator_services,
            developer_services: roles.developer_services,
            allowed_regions: roles.allowed_regions,
            deny_data_deletion: roles.deny_data_deletion,
            readonly_permission_set: true,
            app_role_path: roles.app_role_path,
        }
    }
}

/// The longest level name, `developer`, and its dash.
const LONGEST_SUFFIX: usize = "-developer".len();

/// Identity Center's limit on a permission set name.
const NAME_LIMIT: usize = 32;

impl IdentityCenterOptions {
    /// iamSetup's options with these policy choices: the permission sets get the roles' policies
    /// from the same builders.
    pub(crate) fn as_roles(&self) -> IamSetupOptions {
        IamSetupOptions {
            name_prefix: self.name_prefix.clone(),
            path: self.path.clone(),
            operator_services: self.operator_services.clone(),
            developer_services: self.developer_services.clone(),
            allowed_regions: self.allowed_regions.clone(),
            deny_data_deletion: self.deny_data_deletion.clone(),
            readonly_role: self.readonly_permission_set,
            app_role_path: self.app_role_path.clone(),
            ..IamSetupOptions::default()
        }
    }

    /// Checks every option; the first problem is returned with its fix.
    pub fn validate(&self) -> Result<(), OptionError> {
        // The shared options are checked by iamSetup's rules (same field names).
        self.as_roles().validate()?;
        if self.name_prefix.len() + LONGEST_SUFFIX > NAME_LIMIT {
            return Err(OptionError::new(
                "namePrefix",
                format!(
                    "`{}` is {} characters; a permission set name (`{}-developer`) may have {NAME_LIMIT}, so use at most {} for the prefix",
                    self.name_prefix,
                    self.name_prefix.len(),
                    self.name_prefix,
                    NAME_LIMIT - LONGEST_SUFFIX
                ),
            ));
        }
        check_range(
            "sessionDuration",
            self.session_duration,
            3600,
            43_200,
            "seconds",
        )?;
        if !self.session_duration.is_multiple_of(60) {
            return Err(OptionError::new(
                "sessionDuration",
                format!(
                    "{} is not whole minutes; use a multiple of 60, e.g. {}",
                    self.session_duration,
                    self.session_duration / 60 * 60
                ),
            ));
        }
        Ok(())
    }

    /// The session duration as Identity Center writes it: `PT1H`, `PT1H30M`.
    pub fn session_duration_iso(&self) -> String {
        let (hours, minutes) = (
            self.session_duration / 3600,
            self.session_duration % 3600 / 60,
        );
        match minutes {
            0 => format!("PT{hours}H"),
            m => format!("PT{hours}H{m}M"),
        }
    }
}
