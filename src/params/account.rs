//! Loading and checking one account directory: its account file, then every stack, then the
//! checks across stacks and the deploy order.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::admin_role::check_admin_role;
use super::bootstrap_block::check_bootstrap;
use super::cross_checks::check_across;
use super::error::{parse_json, ErrorKind, ParamsError};
use super::files::AccountFile;
use super::layout::{read, stack_files, ACCOUNT_FILE};
use super::limits::{check_bucket_name, check_writer_arn};
use super::locate::siblings;
use super::org::locate::{org_arg, ORGANIZATION_FILE};
use super::plan::{plan, Cycle, Plan};
use super::problems::ParamsErrors;
use super::regional::{expand, home_region_checked, InRegion, Regions};
use super::stack::{load_stack, Scope, Stack};
use super::values::{self, AccountVars, OutputSource};
use crate::regions::{check_region, partition};

/// A loaded, checked account directory.
#[derive(Debug, Clone)]
pub struct AccountDir {
    /// The directory.
    pub dir: PathBuf,
    /// The account file as written.
    pub account: AccountFile,
    /// The values templates may use.
    pub vars: AccountVars,
    /// Every stack, by file name.
    pub stacks: Vec<Stack>,
    /// The order they deploy in.
    pub plan: Plan,
    /// The account's regions and which stacks are deployed in each.
    pub regions: Regions,
}

/// The values of one stack once the outputs it reads are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedStack {
    /// Parameter values.
    pub parameters: IndexMap<String, String>,
}

/// Checks a home region and the `Regions` list beside it (home region first, each once, one
/// partition); each problem as its field and text. Organization files share these rules.
pub(super) fn check_regions(region: &str, regions: &[String]) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    if let Err(text) = check_region(region) {
        problems.push(("Region".to_owned(), text));
    }
    for (i, listed) in regions.iter().enumerate() {
        let field = format!("Regions[{i}]");
        if let Err(text) = check_region(listed) {
            problems.push((field, text));
        } else if i == 0 && listed != region {
            problems.push((
                field,
                format!(
                    "the home region `{region}` comes first; write [\"{region}\", …] or leave Regions out for the home region alone"
                ),
            ));
        } else if regions[..i].contains(listed) {
            problems.push((
                field,
                format!("`{listed}` is listed twice; list each region once"),
            ));
        } else if partition(listed) != partition(region) {
            problems.push((
                field,
                format!(
                    "`{listed}` is in another partition than the home region `{region}`; one account lives in one partition"
                ),
            ));
        }
    }
    problems
}

/// Checks the account id, regions, bucket, writers and bootstrap options of the account file;
/// every problem found.
fn validate_account_file(file: &Path, account: &AccountFile) -> Vec<ParamsError> {
    let mut problems = Vec::new();
    let mut problem = |field: String, text: String| {
        problems.push(ParamsError::new(ErrorKind::InvalidValue, file, field, text));
    };
    if account.account_id.len() != 12 || !account.account_id.chars().all(|c| c.is_ascii_digit()) {
        problem(
            "AccountId".into(),
            format!(
                "`{}` is not an account id; write the 12 digits of the account (aws sts get-caller-identity shows them)",
                account.account_id
            ),
        );
    }
    for (field, text) in check_regions(&account.region, &account.regions) {
        problem(field, text);
    }
    if let Some(Err(text)) = account.template_bucket.as_deref().map(check_bucket_name) {
        problem("TemplateBucket".into(), text);
    }
    for (i, writer) in account.template_writers.iter().enumerate() {
        if let Err(text) = check_writer_arn(writer, &account.account_id) {
            problem(format!("TemplateWriters[{i}]"), text);
        }
    }
    for (field, text) in check_bootstrap(account) {
        problem(field, text);
    }
    problems
}

impl AccountDir {
    /// Loads and checks an account directory; every problem found is returned.
    pub fn load(dir: &Path) -> Result<AccountDir, ParamsErrors> {
        let account_file = dir.join(ACCOUNT_FILE);
        // Anything at that path (a FIFO, a device link) is read, and refused, by `read`.
        if fs::symlink_metadata(&account_file).is_err() {
            let existing = siblings(dir);
            let org = dir
                .ancestors()
                .take(3)
                .find(|d| d.join(ORGANIZATION_FILE).is_file());
            let problem = if let Some(org) = org {
                let what = if org == dir {
                    "an organization directory".to_owned()
                } else {
                    format!("a baseline of the organization {}", org.display())
                };
                format!(
                    "this is {what} ({ORGANIZATION_FILE}), not an account; the `org` commands take it (--org {})",
                    org_arg(org)
                )
            } else if dir.is_dir() {
                format!(
                    "no {ACCOUNT_FILE} here; create one (hydrate init NAME scaffolds a directory)"
                )
            } else if existing.is_empty() {
                "no such account directory, and none exists beside it; run `hydrate init NAME`"
                    .to_owned()
            } else {
                format!(
                    "no such account directory; the ones that exist: {}",
                    existing.join(", ")
                )
            };
            return Err(ParamsErrors::one(
                dir,
                ParamsError::new(ErrorKind::NoAccountDir, dir, "", problem),
            ));
        }
        // Every stack needs the account file: its problems stop the load, all of them named.
        let account_broken = |problems| ParamsErrors {
            dir: dir.to_owned(),
            problems,
            not_checked: Vec::new(),
            account_broken: true,
        };
        let one = |e: ParamsError| account_broken(vec![e]);
        let account: AccountFile =
            parse_json(&account_file, &read(&account_file).map_err(one)?).map_err(one)?;
        let problems = validate_account_file(&account_file, &account);
        if !problems.is_empty() {
            return Err(account_broken(problems));
        }
        let name = dir
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default();
        let vars = AccountVars {
            id: account.account_id.clone(),
            region: account.region.clone(),
            name,
        };
        AccountDir::load_with(dir, account, vars, Scope::Account)
    }

    /// Loads and checks the stack files of `dir` for an account file already read and checked
    /// (an organization's baseline synthesizes one); every problem found is returned.
    pub(super) fn load_with(
        dir: &Path,
        account: AccountFile,
        vars: AccountVars,
        scope: Scope,
    ) -> Result<AccountDir, ParamsErrors> {
        let mut stacks = Vec::new();
        let mut broken = BTreeSet::new();
        let (files, mut problems) = stack_files(dir);
        for (key, file) in files {
            match load_stack(&key, &file, &account, &vars, scope) {
                Ok(stack) => stacks.push(stack),
                Err(found) => {
                    broken.insert(key);
                    problems.extend(found);
                }
            }
        }
        let across = check_across(&stacks, &broken);
        problems.extend(across.problems);
        problems.extend(check_admin_role(&stacks, scope));
        if !problems.is_empty() {
            return Err(ParamsErrors {
                dir: dir.to_owned(),
                problems,
                not_checked: across.not_checked,
                account_broken: false,
            });
        }
        let (stacks, regions) = expand(stacks, &account.regions());
        let unset = home_region_checked(&stacks, &regions, &vars);
        if !unset.is_empty() {
            return Err(ParamsErrors {
                dir: dir.to_owned(),
                problems: unset,
                not_checked: Vec::new(),
                account_broken: false,
            });
        }
        let nodes = stacks.iter().map(|s| {
            let reads = s.references.iter().map(|(_, r)| r.stack.as_str());
            (s.key.as_str(), reads)
        });
        let plan = plan(nodes).map_err(|Cycle(cycle)| {
            // Each step names the file and the parameter that reads the next stack.
            let step = |pair: &[String]| {
                let stack = stacks.iter().find(|s| s.key == pair[0]);
                let field = stack
                    .and_then(|s| s.references.iter().find(|(_, r)| r.stack == pair[1]))
                    .map(|(at, _)| at.as_str())
                    .unwrap_or_default();
                let file = stack.and_then(|s| s.file.file_name()).map(|f| f.to_string_lossy().into_owned());
                format!("{} ({} {field})", pair[0], file.unwrap_or_default())
            };
            let mut path: Vec<String> = cycle.windows(2).map(step).collect();
            path.push(cycle.last().cloned().unwrap_or_default());
            let first = stacks.iter().find(|s| Some(&s.key) == cycle.first());
            ParamsErrors::one(
                dir,
                ParamsError::new(
                    ErrorKind::Cycle,
                    first.map_or(dir, |s| s.file.as_path()),
                    "",
                    format!(
                        "stacks read each other's outputs in a circle: {}; break it by giving one of these parameters a literal value",
                        path.join(" → ")
                    ),
                ),
            )
        })?;
        Ok(AccountDir {
            dir: dir.to_owned(),
            account,
            vars,
            stacks,
            plan,
            regions,
        })
    }

    /// Orders the stacks again after stacks were added (generated ones); a cycle is the error.
    pub(super) fn replan(&mut self) -> Result<(), String> {
        let nodes = self.stacks.iter().map(|s| {
            let reads = s.references.iter().map(|(_, r)| r.stack.as_str());
            (s.key.as_str(), reads)
        });
        self.plan = plan(nodes).map_err(|Cycle(cycle)| {
            format!(
                "stacks read each other's outputs in a circle: {}",
                cycle.join(" → ")
            )
        })?;
        Ok(())
    }

    /// The region a stack is deployed in.
    pub fn region_of<'a>(&'a self, stack: &'a Stack) -> &'a String {
        stack.region.as_ref().unwrap_or(&self.account.region)
    }

    /// The stack of a file name.
    pub fn stack(&self, key: &str) -> Option<&Stack> {
        self.stacks.iter().find(|s| s.key == key)
    }

    /// The parameter values of a stack with its `{{output}}` references read from `outputs`.
    pub fn resolve(
        &self,
        stack: &Stack,
        outputs: &dyn OutputSource,
    ) -> Result<ResolvedStack, ParamsError> {
        let outputs = InRegion {
            outputs,
            regions: &self.regions,
            region: stack.region.as_deref(),
        };
        let mut parameters = IndexMap::new();
        for (name, value) in &stack.parameters {
            let resolved = values::render(value, &self.vars, &outputs).map_err(|e| {
                ParamsError::new(
                    ErrorKind::BadTemplateValue,
                    &stack.file,
                    format!("Parameters.{name}"),
                    e,
                )
            })?;
            parameters.insert(name.clone(), resolved);
        }
        Ok(ResolvedStack { parameters })
    }
}
