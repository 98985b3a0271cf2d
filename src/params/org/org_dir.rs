//! Loading and checking one organization directory: `organization.json`, then every baseline's
//! stack files, every problem found in one pass.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::baseline::BASELINE_ACCOUNT_ID;
use super::baseline::{baseline_dir, check_baseline_dir, load_baseline, unlisted_baselines};
use super::baseline_entry::{check_entry, is_baseline_name};
use super::delegated_admins::{check_delegated_admins, DelegatedAdministrators};
use super::identity_center::IdentityCenter;
use super::locate::ORGANIZATION_FILE;
use super::management::check_management;
use super::organization_file::{AutoDeployment, CallAs, OrganizationFile};
use super::preferences::Preferences;
use super::targets::OuTarget;
use crate::params::account::{check_regions, AccountDir};
use crate::params::error::{parse_json, ErrorKind, ParamsError};
use crate::params::json_position::position_of;
use crate::params::layout::{read, ACCOUNT_FILE};
use crate::params::limits::check_tags;
use crate::params::problems::{NotChecked, ParamsErrors};
use crate::params::values::{per_account_value, render, AccountVars, NoOutputs};

/// A loaded, checked organization directory.
#[derive(Debug, Clone)]
pub struct OrgDir {
    /// The directory.
    pub dir: PathBuf,
    /// The directory's name.
    pub name: String,
    /// The management account's id; StackSets never deploy to it.
    pub management_account_id: String,
    /// The account directory (a name under the same `params/`) of the management account's own
    /// baseline, deployed as plain stacks; its AccountId is `management_account_id`.
    pub management: Option<String>,
    /// The home region: where the stack sets live.
    pub region: String,
    /// Every region the baselines are deployed in, home region first (never empty).
    pub regions: Vec<String>,
    /// Whose permissions the StackSets calls use.
    pub call_as: CallAs,
    /// Tags on every stack set, as written (the stacks' own tags are in each baseline's stacks).
    pub tags: IndexMap<String, String>,
    /// The member accounts that administer GuardDuty, Security Hub and Config for the
    /// organization (checked for form; membership is checked at `org up`).
    pub delegated_administrators: DelegatedAdministrators,
    /// The baselines, in the file's order.
    pub baselines: Vec<Baseline>,
    /// Who gets which permission set where, when the file says.
    pub identity_center: Option<IdentityCenter>,
}

/// One baseline: a stack set from the stack files of `baselines/<name>/`.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The name (the key under `Baselines`, and the folder's name).
    pub name: String,
    /// The stack set's name.
    pub stack_set_name: String,
    /// The OUs it is deployed to (never empty, none inside another).
    pub organizational_units: Vec<OuTarget>,
    /// Deployment to accounts that join later.
    pub auto_deployment: AutoDeployment,
    /// The operation preferences.
    pub preferences: Preferences,
    /// The stack files, loaded like an account's (account id [`super::BASELINE_ACCOUNT_ID`]).
    pub account: AccountDir,
}

impl OrgDir {
    /// The organization file.
    pub fn file(&self) -> PathBuf {
        self.dir.join(ORGANIZATION_FILE)
    }

    /// The management account's directory, when `Management` names one.
    pub fn management_dir(&self) -> Option<PathBuf> {
        let params = self.dir.parent().unwrap_or(Path::new("."));
        self.management.as_ref().map(|m| params.join(m))
    }

    /// The baseline of a name.
    pub fn baseline(&self, name: &str) -> Option<&Baseline> {
        self.baselines.iter().find(|b| b.name == name)
    }
}

/// Checks the organization's tags once, as every stack gets them (the home region filled in),
/// rather than once per stack file.
fn check_org_tags(org: &OrganizationFile) -> Vec<(String, String)> {
    let vars = AccountVars {
        id: BASELINE_ACCOUNT_ID.to_owned(),
        region: org.region.clone(),
        name: String::new(),
    };
    let mut tags = IndexMap::new();
    let mut problems = Vec::new();
    for (key, value) in &org.tags.0 {
        match render(value, &vars, &NoOutputs) {
            Ok(value) => {
                tags.insert(key.clone(), value);
            }
            Err(e) => problems.push((format!("Tags.{key}"), e)),
        }
    }
    if problems.is_empty() {
        if let Err((key, problem)) = check_tags(&tags) {
            let field = if key.is_empty() {
                "Tags".to_owned()
            } else {
                format!("Tags.{key}")
            };
            problems.push((field, problem));
        }
    }
    problems
}

/// Gives each problem found after parsing the line and column of its field, read from its file
/// (each file read once).
fn locate_fields(problems: &mut [ParamsError]) {
    let mut texts: BTreeMap<PathBuf, Option<String>> = BTreeMap::new();
    for p in problems
        .iter_mut()
        .filter(|p| p.position.is_none() && !p.field.is_empty())
    {
        let text = texts
            .entry(p.file.clone())
            .or_insert_with(|| read(&p.file).ok());
        p.position = text.as_deref().and_then(|t| position_of(t, &p.field));
    }
}

impl OrgDir {
    /// Loads and checks an organization directory; every problem found is returned.
    pub fn load(dir: &Path) -> Result<OrgDir, ParamsErrors> {
        let file = dir.join(ORGANIZATION_FILE);
        let stop = |problems: Vec<ParamsError>| ParamsErrors {
            dir: dir.to_owned(),
            problems,
            not_checked: Vec::new(),
            account_broken: false,
        };
        if fs::symlink_metadata(&file).is_err() {
            let text = if dir.join(ACCOUNT_FILE).is_file() {
                format!("this is an account directory ({ACCOUNT_FILE}), not an organization; use --account for it")
            } else if dir.is_dir() {
                format!("no {ORGANIZATION_FILE} here; copy params/example-org/{ORGANIZATION_FILE} and edit it")
            } else {
                "no such organization directory".to_owned()
            };
            return Err(stop(vec![ParamsError::new(
                ErrorKind::NoAccountDir,
                dir,
                "",
                text,
            )]));
        }
        let org: OrganizationFile = read(&file)
            .and_then(|text| parse_json(&file, &text))
            .map_err(|e| stop(vec![e]))?;
        let mut problems = Vec::new();
        let mut problem = |field: String, text: String| {
            problems.push(ParamsError::new(
                ErrorKind::InvalidValue,
                &file,
                field,
                text,
            ));
        };
        let id = &org.management_account_id;
        if id.len() != 12 || !id.chars().all(|c| c.is_ascii_digit()) {
            problem(
                "ManagementAccountId".into(),
                format!("`{id}` is not an account id; write the 12 digits of the management account (aws organizations describe-organization shows it)"),
            );
        }
        for (field, text) in check_delegated_admins(&org.delegated_administrators, id) {
            problem(field, text);
        }
        // Every baseline's stacks take these: with one broken no stack file is checked.
        let mut shared = check_regions(&org.region, &org.regions);
        for (key, value) in &org.tags.0 {
            if let Some(v) = per_account_value(value) {
                shared.push((
                    format!("Tags.{key}"),
                    format!("`{{{{{v}}}}}` has no value here: one set of tags goes to every account's instance; write the tag without it"),
                ));
            }
        }
        if shared.is_empty() {
            shared.extend(check_org_tags(&org));
        }
        let shared_broken = !shared.is_empty();
        for (field, text) in shared {
            problem(field, text);
        }
        if org.baselines.is_empty() {
            problem(
                "Baselines".into(),
                "no baseline; add one, e.g. \"workload\": { \"OrganizationalUnits\": [\"Root/Workloads\"] }, with its stack files in baselines/workload/".into(),
            );
        }
        let mut checked = Vec::new();
        let mut stack_set_names: IndexMap<String, String> = IndexMap::new();
        for (name, entry) in &org.baselines {
            let Some((stack_set_name, targets, preferences)) =
                check_entry(name, entry, &mut problem)
            else {
                continue;
            };
            if let Some(other) = stack_set_names.insert(stack_set_name.clone(), name.clone()) {
                problem(
                    format!("Baselines.{name}.StackSetName"),
                    format!("`{stack_set_name}` is also baseline {other}'s stack set; give each baseline a stack set of its own"),
                );
                continue;
            }
            checked.push((
                name.clone(),
                stack_set_name,
                targets,
                preferences,
                entry.auto_deployment,
            ));
        }
        problems.extend(check_management(dir, &file, &org));
        let mut invalid = |field: String, text: String| {
            problems.push(ParamsError::new(
                ErrorKind::InvalidValue,
                &file,
                field,
                text,
            ));
        };
        let identity_center = match &org.identity_center {
            None => None,
            Some(_) if org.management.is_none() => {
                invalid(
                    "IdentityCenter".into(),
                    "the permission sets live in the management account's identityCenter stack: set Management to its account directory".into(),
                );
                None
            }
            Some(ic) => match IdentityCenter::check(ic) {
                Ok(ic) => Some(ic),
                Err(found) => {
                    for (field, text) in found {
                        invalid(field, text);
                    }
                    None
                }
            },
        };
        problems.extend(unlisted_baselines(dir, &org, &file));
        let mut not_checked = Vec::new();
        let mut loaded: IndexMap<String, AccountDir> = IndexMap::new();
        // A name that cannot name a folder has had its problem; its folder would only repeat it.
        for name in org.baselines.keys().filter(|n| is_baseline_name(n)) {
            let bdir = baseline_dir(dir, name);
            if let Some(p) = check_baseline_dir(&bdir, &format!("Baselines.{name}"), &file) {
                problems.push(p);
                continue;
            }
            if shared_broken {
                not_checked.push(NotChecked {
                    file: bdir,
                    depends_on: vec![ORGANIZATION_FILE.to_owned()],
                });
                continue;
            }
            match load_baseline(dir, &org, name) {
                Ok(account) => {
                    loaded.insert(name.clone(), account);
                }
                Err(e) => {
                    problems.extend(e.problems);
                    not_checked.extend(e.not_checked);
                }
            }
        }
        if !problems.is_empty() || !not_checked.is_empty() {
            locate_fields(&mut problems);
            return Err(ParamsErrors {
                dir: dir.to_owned(),
                problems,
                not_checked,
                account_broken: false,
            });
        }
        let baselines = checked
            .into_iter()
            .filter_map(
                |(name, stack_set_name, organizational_units, preferences, auto_deployment)| {
                    Some(Baseline {
                        account: loaded.swap_remove(&name)?,
                        name,
                        stack_set_name,
                        organizational_units,
                        auto_deployment,
                        preferences,
                    })
                },
            )
            .collect();
        let name = dir
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default();
        let regions = if org.regions.is_empty() {
            vec![org.region.clone()]
        } else {
            org.regions.clone()
        };
        Ok(OrgDir {
            dir: dir.to_owned(),
            name,
            management_account_id: org.management_account_id,
            management: org.management,
            region: org.region,
            regions,
            call_as: org.call_as,
            tags: org.tags.0,
            delegated_administrators: org.delegated_administrators,
            baselines,
            identity_center,
        })
    }
}
