//! The Identity Center assignments of `org up` and `org status`: each entry's OUs resolved to
//! their accounts through Organizations (as the stack sets' are), then the management account's
//! own directory with one `hydrate-sso-<account>` stack per account, deployed or shown by the same
//! code as `hydrate up` and `hydrate status`.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::anyhow;
use hydrate::deploy::org::{self, resolve};
use hydrate::deploy::Aws;
use hydrate::params::org::assignments::{
    grants_by_account, permission_sets_stack, with_assignments,
};
use hydrate::params::org::identity_center::Grant;
use hydrate::params::org::OuTarget;
use hydrate::params::AccountDir;

use super::connect::org_connection;
use super::org_spec::Assignments;
use super::report::Console;
use super::{Global, Usage};

/// The accounts each entry reaches, its OUs resolved, and every account's grants.
async fn grants(
    global: &Global,
    console: &Console,
    region: &str,
    management_id: &str,
    a: &Assignments,
) -> anyhow::Result<BTreeMap<String, BTreeSet<Grant>>> {
    let aws = Aws::connect(&org_connection(global, region, console)).await?;
    let mut reached = Vec::new();
    for (i, rule) in a.ic.assignments.iter().enumerate() {
        let targets: Vec<org::OuTarget> = rule
            .ous
            .iter()
            .map(|t| match t {
                OuTarget::Id(id) => org::OuTarget::Id(id.clone()),
                OuTarget::Path(names) => org::OuTarget::Path(names.clone()),
            })
            .collect();
        let at = format!("IdentityCenter.Assignments[{i}]");
        let resolved = resolve(&aws, &at, &targets, management_id)
            .await
            .map_err(|e| match e {
                org::OrgError::UnknownOu { .. } => anyhow!(Usage(e.to_string())),
                other => anyhow!(other),
            })?;
        for s in &resolved.skipped {
            // The management account's own access is not given by OU: Identity Center there is
            // administered by whoever holds the management account.
            let why = if s.id == management_id {
                "the management account: assign its permission sets by hand, not by OU"
            } else {
                s.why.as_str()
            };
            console.note(&format!(
                "{at}: account {} ({}) gets no assignment: {why}",
                s.id, s.ou
            ));
        }
        let accounts = resolved.accounts.into_iter().map(|r| r.id).collect();
        reached.push((rule.grants.as_slice(), accounts));
    }
    Ok(grants_by_account(reached))
}

/// The management account's directory with the assignment stacks of every reached account.
pub fn management_with_assignments(
    global: &Global,
    console: &Console,
    region: &str,
    management_id: &str,
    a: &Assignments,
) -> anyhow::Result<AccountDir> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let grants = runtime.block_on(grants(global, console, region, management_id, a))?;
    drop(runtime);
    let sets = permission_sets_stack(&a.ic, &a.management, &a.file)?;
    let n: usize = grants.values().map(BTreeSet::len).sum();
    console.progress(&format!(
        "Identity Center: {n} assignment(s) in {} account(s), one stack each (hydrate-sso-<account>) in the management account",
        grants.len()
    ));
    Ok(with_assignments(&a.management, sets, &grants, &a.file)?)
}
