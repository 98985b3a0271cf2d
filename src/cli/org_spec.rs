//! The organization directory as the deployer's [`OrgSpec`]: each baseline's stack files bundled
//! into one template, its OUs, regions, auto-deployment and preferences carried over, the template
//! bucket the management account's (its account.json's `TemplateBucket`, else bootstrap's name).

use std::path::PathBuf;

use hydrate::deploy::org::{self, OrgSpec, StackSetSpec};
use hydrate::deploy::stack::template_bucket;
use hydrate::params::bundle::{bundle, BundleTarget};
use hydrate::params::org::assignments::permission_sets_stack;
use hydrate::params::org::{locate_org, org_arg, Amount, CallAs, IdentityCenter, OuTarget};
use hydrate::params::{AccountDir, OrgDir};

use super::Usage;

/// What `org` commands need from the organization directory.
pub struct Loaded {
    /// The `--org` value that names it, for advice.
    pub arg: String,
    /// The home region.
    pub region: String,
    /// The management account's own account directory, when `Management` names one.
    pub management_dir: Option<PathBuf>,
    /// The stack sets (an empty template bucket: the caller's bootstrap bucket).
    pub spec: OrgSpec,
    /// The Identity Center assignments, when organization.json has them (they need Management).
    pub identity_center: Option<Assignments>,
}

/// What the Identity Center assignments are made from, checked before any call.
pub struct Assignments {
    /// The organization file, which errors name.
    pub file: PathBuf,
    /// The entries.
    pub ic: IdentityCenter,
    /// The management account's directory, with the identityCenter stack in it.
    pub management: AccountDir,
}

/// OU targets as the deployer takes them.
pub fn ou_targets(targets: &[OuTarget]) -> Vec<org::OuTarget> {
    targets
        .iter()
        .map(|t| match t {
            OuTarget::Id(id) => org::OuTarget::Id(id.clone()),
            OuTarget::Path(names) => org::OuTarget::Path(names.clone()),
        })
        .collect()
}

fn amount(a: Amount) -> org::Amount {
    match a {
        Amount::Count(n) => org::Amount::Count(i32::try_from(n).unwrap_or(i32::MAX)),
        Amount::Percentage(n) => org::Amount::Percentage(i32::try_from(n).unwrap_or(100)),
    }
}

/// `DelegatedAdministrators`, in the deployer's terms.
fn admins(org_dir: &OrgDir) -> Vec<org::WantedAdmin> {
    let d = &org_dir.delegated_administrators;
    [
        (org::AdminService::GuardDuty, &d.guard_duty),
        (org::AdminService::SecurityHub, &d.security_hub),
        (org::AdminService::Config, &d.config),
    ]
    .into_iter()
    .filter_map(|(service, account)| {
        account.as_ref().map(|a| org::WantedAdmin {
            service,
            account: a.clone(),
        })
    })
    .collect()
}

/// Loads `--org` (or the only organization under params/) and bundles every baseline.
pub fn load(org: Option<&str>) -> anyhow::Result<Loaded> {
    let dir = locate_org(org).map_err(Usage)?;
    let org_dir = OrgDir::load(&dir)?;
    let management_dir = org_dir.management_dir();
    // SELF: the management account's bucket, named as bootstrap names it unless its account file
    // says otherwise. DELEGATED_ADMIN: the caller's own bootstrap bucket, known once connected.
    let template_bucket = match (&management_dir, org_dir.call_as) {
        (Some(dir), CallAs::SelfAccount) => template_bucket(&AccountDir::load(dir)?),
        (None, CallAs::SelfAccount) => format!(
            "hydrate-templates-{}-{}",
            org_dir.management_account_id, org_dir.region
        ),
        (_, CallAs::DelegatedAdmin) => String::new(),
    };
    let mut stack_sets = Vec::new();
    for b in &org_dir.baselines {
        let bundled = bundle(&b.account, BundleTarget::StackSet)?;
        let mut tags: Vec<(String, String)> = org_dir
            .tags
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in &bundled.tags {
            if !tags.iter().any(|(key, _)| key == k) {
                tags.push((k.clone(), v.clone()));
            }
        }
        stack_sets.push(StackSetSpec {
            baseline: b.name.clone(),
            name: b.stack_set_name.clone(),
            body: bundled.body,
            parameters: Vec::new(),
            capabilities: bundled
                .capabilities
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            tags,
            ous: ou_targets(&b.organizational_units),
            regions: org_dir.regions.clone(),
            auto_deployment: org::AutoDeployment {
                enabled: b.auto_deployment.enabled,
                retain_stacks_on_account_removal: b
                    .auto_deployment
                    .retain_stacks_on_account_removal,
            },
            preferences: org::Preferences {
                max_concurrent: Some(amount(b.preferences.max_concurrent)),
                failure_tolerance: Some(amount(b.preferences.failure_tolerance)),
                region_concurrency_type: Some(b.preferences.region_concurrency.as_str().to_owned()),
                concurrency_mode: Some(b.preferences.concurrency_mode.as_str().to_owned()),
            },
        });
    }
    let identity_center = match (&org_dir.identity_center, &management_dir) {
        (Some(ic), Some(mdir)) => {
            let management = AccountDir::load(mdir)?;
            permission_sets_stack(ic, &management, &org_dir.file())?;
            Some(Assignments {
                file: org_dir.file(),
                ic: ic.clone(),
                management,
            })
        }
        _ => None,
    };
    Ok(Loaded {
        identity_center,
        arg: org_arg(&dir),
        region: org_dir.region.clone(),
        management_dir,
        spec: OrgSpec {
            management_account_id: org_dir.management_account_id.clone(),
            call_as: match org_dir.call_as {
                CallAs::SelfAccount => org::CallAs::SelfAccount,
                CallAs::DelegatedAdmin => org::CallAs::DelegatedAdmin,
            },
            template_bucket,
            stack_sets,
            admins: admins(&org_dir),
            regions: org_dir.regions.clone(),
        },
    })
}
