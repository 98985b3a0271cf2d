//! The Identity Center assignments of `org up` and `org status`: each entry's OUs resolved to
//! their accounts through Organizations (as the stack sets' are), then the management account's
//! own directory with one `hydrate-sso-<account>` stack per account, deployed or shown by the same
//! code as `hydrate up` and `hydrate status`.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::anyhow;
use hydrate::deploy::cloud::Cloud;
use hydrate::deploy::org::{self, resolve};
use hydrate::deploy::Aws;
use hydrate::params::org::assignments::{
    assignments_stack_name, grants_by_account, permission_sets_stack, with_assignments,
    ASSIGNMENTS_STACK_PREFIX,
};
use hydrate::params::org::identity_center::Grant;
use hydrate::params::AccountDir;

use super::connect::org_connection;
use super::org_spec::{ou_targets, Assignments, Loaded};
use super::report::{Console, Format};
use super::{Global, Usage};

/// The management account directory with its assignment stacks, and the assignment stacks
/// deployed for accounts no entry reaches any more (their people keep that access until the
/// stack is deleted).
pub struct Assigned {
    /// The management account's directory, one `sso-<account>` stack per reached account added.
    pub account: AccountDir,
    /// Deployed `hydrate-sso-<account>` stacks of accounts outside every entry's OUs.
    pub stale: Vec<String>,
}

/// The accounts each entry reaches, its OUs resolved, every account's grants, and the deployed
/// assignment stacks of accounts no entry reaches.
async fn grants(
    global: &Global,
    console: &Console,
    region: &str,
    management_id: &str,
    a: &Assignments,
) -> anyhow::Result<(BTreeMap<String, BTreeSet<Grant>>, Vec<String>)> {
    let aws = Aws::connect(&org_connection(global, region, console)).await?;
    let mut reached = Vec::new();
    for (i, rule) in a.ic.assignments.iter().enumerate() {
        let targets = ou_targets(&rule.ous);
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
    let grants = grants_by_account(reached);
    let wanted: BTreeSet<String> = grants.keys().map(|a| assignments_stack_name(a)).collect();
    let stale = aws
        .describe_all_stacks()
        .await?
        .into_iter()
        .map(|(name, _)| name)
        .filter(|n| n.starts_with(ASSIGNMENTS_STACK_PREFIX) && !wanted.contains(n))
        .collect();
    Ok((grants, stale))
}

/// The management account's directory with the assignment stacks of every reached account, and
/// the stale ones, said on the console with the command that removes each.
pub fn management_with_assignments(
    global: &Global,
    console: &Console,
    loaded: &Loaded,
    a: &Assignments,
) -> anyhow::Result<Assigned> {
    let (region, management_id) = (&loaded.region, &loaded.spec.management_account_id);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (grants, stale) = runtime.block_on(grants(global, console, region, management_id, a))?;
    drop(runtime);
    let sets = permission_sets_stack(&a.ic, &a.management, &a.file)?;
    let n: usize = grants.values().map(BTreeSet::len).sum();
    console.progress(&format!(
        "Identity Center: {n} assignment(s) in {} account(s), one stack each (hydrate-sso-<account>) in the management account",
        grants.len()
    ));
    for name in &stale {
        console.note(&format!(
            "{name}: its account is in no OU of IdentityCenter.Assignments any more, but its groups keep their permission sets there until the stack is deleted: aws cloudformation delete-stack --stack-name {name}"
        ));
    }
    Ok(Assigned {
        account: with_assignments(&a.management, sets, &grants, &a.file)?,
        stale,
    })
}

/// What `org status` found of the assignments that fails the run.
#[derive(Default)]
pub struct Found {
    /// Accounts whose assignment stack is missing or outdated.
    pub lacking: Vec<String>,
    /// Assignment stacks of accounts outside every assigned OU.
    pub stale: Vec<String>,
}

impl Found {
    /// The run's failure, when anything was found.
    pub fn verdict(&self) -> anyhow::Result<()> {
        if !self.lacking.is_empty() {
            return Err(anyhow!(
                "{} account(s) lack their Identity Center assignments; see the management account's rows above",
                self.lacking.len()
            ));
        }
        if !self.stale.is_empty() {
            return Err(anyhow!(
                "{} Identity Center assignment stack(s) of accounts outside every assigned OU still give access: {}; delete them (aws cloudformation delete-stack --stack-name NAME)",
                self.stale.len(),
                self.stale.join(", ")
            ));
        }
        Ok(())
    }
}

/// `org status`'s management account part: its stacks with the assignment stacks (read as `own`
/// says: the management account's directory and endpoint), and which accounts lack theirs or keep
/// ones they should not.
pub fn management_status(
    global: &Global,
    own: &Global,
    console: &Console,
    loaded: &Loaded,
    a: &Assignments,
) -> anyhow::Result<Found> {
    let assigned = management_with_assignments(global, console, loaded, a)?;
    let human = console.format() == Format::Human;
    if human {
        console.result(
            "management account (the Identity Center assignments are its hydrate-sso-<account> stacks):",
        );
    }
    let (_, behind) = super::status::status_of(own, &assigned.account)?;
    let lacking: Vec<String> = behind
        .into_iter()
        .filter_map(|k| k.strip_prefix("sso-").map(str::to_owned))
        .collect();
    if !human {
        console.result_json(
            "identity_center_assignments",
            &serde_json::json!({ "lacking": lacking, "stale": assigned.stale }),
        );
    } else if !lacking.is_empty() {
        console.result(&format!(
            "  {} account(s) lack their Identity Center assignments or have outdated ones: {}; `hydrate org up --org {}` deploys them",
            lacking.len(),
            lacking.join(", "),
            loaded.arg
        ));
    }
    if human && !assigned.stale.is_empty() {
        console.result(&format!(
            "  {} assignment stack(s) of accounts in no assigned OU any more still give access: {} (aws cloudformation delete-stack --stack-name NAME removes one)",
            assigned.stale.len(),
            assigned.stale.join(", ")
        ));
    }
    if human {
        console.result("");
    }
    Ok(Found {
        lacking,
        stale: assigned.stale,
    })
}
