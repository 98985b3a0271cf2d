//! What `org up` is asked to make true, in the deployer's own terms: one stack set per baseline,
//! its template, its targets and preferences. The organization directory's loader is turned into
//! this at the CLI's edge, so the StackSet logic knows nothing of files.

use std::fmt;

/// Which identity the StackSet calls are made as (`CallAs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CallAs {
    /// The organization's management account (`SELF`).
    #[default]
    SelfAccount,
    /// A delegated administrator of StackSets (`DELEGATED_ADMIN`).
    DelegatedAdmin,
}

impl CallAs {
    /// The API's spelling.
    pub fn as_api(self) -> &'static str {
        match self {
            CallAs::SelfAccount => "SELF",
            CallAs::DelegatedAdmin => "DELEGATED_ADMIN",
        }
    }
}

/// An OU to target: its id, or its path of names from the root.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OuTarget {
    /// `ou-…` or `r-…`.
    Id(String),
    /// Names from the root down, `Root` left out, e.g. `["Workloads", "Prod"]` (empty: the root).
    Path(Vec<String>),
}

impl fmt::Display for OuTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OuTarget::Id(id) => f.write_str(id),
            OuTarget::Path(names) => {
                f.write_str("Root")?;
                for name in names {
                    write!(f, "/{name}")?;
                }
                Ok(())
            }
        }
    }
}

/// `AutoDeployment`: whether AWS deploys to accounts that join a targeted OU later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoDeployment {
    /// On by default: new accounts get the baseline without a run of hydrate.
    pub enabled: bool,
    /// Keep an account's stacks when it leaves the OU (audit stacks).
    pub retain_stacks_on_account_removal: bool,
}

impl Default for AutoDeployment {
    fn default() -> Self {
        AutoDeployment {
            enabled: true,
            retain_stacks_on_account_removal: false,
        }
    }
}

/// A limit of the operation preferences: a count or a percentage, never both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    /// So many accounts (`…Count`).
    Count(i32),
    /// This percentage of the accounts in a region (`…Percentage`).
    Percentage(i32),
}

/// `OperationPreferences` of every operation on the stack set; `None` leaves AWS's default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preferences {
    /// `MaxConcurrentCount` or `MaxConcurrentPercentage`.
    pub max_concurrent: Option<Amount>,
    /// `FailureToleranceCount` or `FailureTolerancePercentage`.
    pub failure_tolerance: Option<Amount>,
    /// `RegionConcurrencyType`: `SEQUENTIAL` or `PARALLEL`.
    pub region_concurrency_type: Option<String>,
    /// `ConcurrencyMode`: `STRICT_FAILURE_TOLERANCE` or `SOFT_FAILURE_TOLERANCE`.
    pub concurrency_mode: Option<String>,
}

/// One stack set: a baseline of the organization.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StackSetSpec {
    /// The baseline's name (progress and rows name it).
    pub baseline: String,
    /// The stack set's name.
    pub name: String,
    /// The template, one body for the whole baseline.
    pub body: String,
    /// Parameter values the stack set passes (none for a bundle with defaults).
    pub parameters: Vec<(String, String)>,
    /// Capabilities the template needs (`CAPABILITY_NAMED_IAM`, …).
    pub capabilities: Vec<String>,
    /// Stack set tags.
    pub tags: Vec<(String, String)>,
    /// The OUs it targets; a parent OU covers its children.
    pub ous: Vec<OuTarget>,
    /// The regions it deploys to.
    pub regions: Vec<String>,
    /// New accounts of a targeted OU.
    pub auto_deployment: AutoDeployment,
    /// Concurrency and failure tolerance.
    pub preferences: Preferences,
}

/// A service whose organization-wide administrator `org up` sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum AdminService {
    /// GuardDuty: one administrator per region.
    GuardDuty,
    /// Security Hub: one administrator per region.
    SecurityHub,
    /// AWS Config: a delegated administrator of Organizations, organization-wide.
    Config,
}

impl AdminService {
    /// The name organization.json and the rows use.
    pub fn name(self) -> &'static str {
        match self {
            AdminService::GuardDuty => "GuardDuty",
            AdminService::SecurityHub => "SecurityHub",
            AdminService::Config => "Config",
        }
    }

    /// The service principals that need trusted access in Organizations, as AWS documents them:
    /// Config's aggregator uses `config.amazonaws.com`, its organization rules and conformance
    /// packs `config-multiaccountsetup.amazonaws.com`.
    pub fn principals(self) -> &'static [&'static str] {
        match self {
            AdminService::GuardDuty => &["guardduty.amazonaws.com"],
            AdminService::SecurityHub => &["securityhub.amazonaws.com"],
            AdminService::Config => &[
                "config.amazonaws.com",
                "config-multiaccountsetup.amazonaws.com",
            ],
        }
    }

    /// Whether the administrator is set per region (GuardDuty and Security Hub are regional).
    pub fn regional(self) -> bool {
        !matches!(self, AdminService::Config)
    }
}

/// A delegated administrator the organization file asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WantedAdmin {
    /// The service.
    pub service: AdminService,
    /// The member account.
    pub account: String,
}

/// The whole organization run: who calls, where templates go, and the stack sets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrgSpec {
    /// The organization's management account id.
    pub management_account_id: String,
    /// How the calls are made.
    pub call_as: CallAs,
    /// The bucket stack-set templates are uploaded to.
    pub template_bucket: String,
    /// One per baseline.
    pub stack_sets: Vec<StackSetSpec>,
    /// The delegated administrators to make so (none: left alone).
    pub admins: Vec<WantedAdmin>,
    /// The regions a regional administrator is set in (GuardDuty, Security Hub).
    pub regions: Vec<String>,
}
