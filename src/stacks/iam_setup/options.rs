//! The options of `iamSetup` and their validation.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::regions::KNOWN_REGIONS;
use crate::stacks::option_checks::{check_path, check_prefix, check_range, OptionError};
use crate::stacks::services::{DataGuard, Service, ALL_GUARDS, DEFAULT_SERVICES};

/// Render-time choices for `iamSetup`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IamSetupOptions {
    /// Prefix of every group and role name: `<prefix>-admin`, `<prefix>-operator`, ….
    pub name_prefix: String,
    /// IAM path of the groups and roles; starts and ends with `/`.
    pub path: String,
    /// Longest role session, in seconds (3600 to 43200).
    pub max_session_duration: u32,
    /// How long ago, at most, the caller may have authenticated with MFA to assume a role, in seconds.
    pub max_mfa_age: u32,
    /// Services the operator role manages in full.
    pub operator_services: Vec<Service>,
    /// Services the developer role may deploy to (code, configuration, objects; no create or delete of infrastructure).
    pub developer_services: Vec<Service>,
    /// Regions the roles may act in; requests to other regions are denied (global services excepted). Empty: no restriction.
    pub allowed_regions: Vec<String>,
    /// Data whose deletion is denied to the operator and developer roles.
    pub deny_data_deletion: Vec<DataGuard>,
    /// Create the readonly role every group may assume.
    pub readonly_role: bool,
    /// IAM path of application roles that operators and developers may pass to services.
    pub app_role_path: String,
}

impl Default for IamSetupOptions {
    fn default() -> Self {
        IamSetupOptions {
            name_prefix: "hydrate".to_owned(),
            path: "/hydrate/".to_owned(),
            max_session_duration: 3600,
            max_mfa_age: 14_400,
            operator_services: DEFAULT_SERVICES.to_vec(),
            developer_services: DEFAULT_SERVICES.to_vec(),
            allowed_regions: Vec::new(),
            deny_data_deletion: ALL_GUARDS.to_vec(),
            readonly_role: true,
            app_role_path: "/hydrate/app/".to_owned(),
        }
    }
}

impl IamSetupOptions {
    /// Checks every option; the first problem is returned with its fix.
    pub fn validate(&self) -> Result<(), OptionError> {
        check_prefix("namePrefix", &self.name_prefix)?;
        check_path("path", &self.path)?;
        check_path("appRolePath", &self.app_role_path)?;
        // PassRole reaches every role under appRolePath: it must not reach the baseline's own
        // roles (under `path`) nor the roles other templates make at `/` (the trail's log writer).
        if self.app_role_path == "/" || self.path.starts_with(&self.app_role_path) {
            return Err(OptionError::new(
                "appRolePath",
                format!(
                    "`{}` would let operators and developers pass the baseline's own roles (under `{}`{}) to services; use a path of its own, e.g. `{}app/`",
                    self.app_role_path,
                    self.path,
                    if self.app_role_path == "/" { " and every role at `/`" } else { "" },
                    self.path
                ),
            ));
        }
        check_range(
            "maxSessionDuration",
            self.max_session_duration,
            3600,
            43_200,
            "seconds",
        )?;
        check_range("maxMfaAge", self.max_mfa_age, 300, 129_600, "seconds")?;
        if let Some(bad) = self
            .allowed_regions
            .iter()
            .find(|r| !KNOWN_REGIONS.contains(&r.as_str()))
        {
            return Err(OptionError::new(
                "allowedRegions",
                format!("`{bad}` is not an AWS region; use region codes such as `us-east-1`, `eu-west-1`"),
            ));
        }
        Ok(())
    }
}
