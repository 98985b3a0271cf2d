//! Which accounts a baseline reaches: its OU paths resolved to ids (ids checked), every account
//! under each targeted OU and its child OUs (a parent OU target covers its children, as StackSets
//! deploy), the suspended ones skipped and said, the management account never (StackSets never
//! deploy there).

use std::collections::BTreeSet;

use super::api::{OrgCloud, Ou};
use super::error::OrgError;
use super::spec::OuTarget;

/// An account a baseline reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reached {
    /// The account id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The OU it sits in directly.
    pub ou: String,
}

/// An account under a targeted OU that gets no instance, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The account id.
    pub id: String,
    /// The OU it sits in.
    pub ou: String,
    /// Why it is skipped.
    pub why: String,
}

/// A baseline's targets, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resolved {
    /// The targeted OU ids, as written (in order, once each).
    pub ous: Vec<String>,
    /// The accounts that should have an instance in every region.
    pub accounts: Vec<Reached>,
    /// The accounts under the OUs that get none.
    pub skipped: Vec<Skipped>,
}

/// Resolves one target to its OU id.
async fn ou_id(
    cloud: &dyn OrgCloud,
    baseline: &str,
    target: &OuTarget,
) -> Result<String, OrgError> {
    let unknown = |known: Vec<String>| OrgError::UnknownOu {
        baseline: baseline.to_owned(),
        target: target.to_string(),
        known,
    };
    let roots = cloud.roots().await?;
    match target {
        OuTarget::Id(id) if id.starts_with("r-") => roots
            .iter()
            .find(|r| &r.id == id)
            .map(|r| r.id.clone())
            .ok_or_else(|| unknown(roots.iter().map(|r| r.id.clone()).collect())),
        OuTarget::Id(id) => match cloud.ou(id).await? {
            Some(ou) => Ok(ou.id),
            None => Err(unknown(Vec::new())),
        },
        OuTarget::Path(names) => {
            let mut at: Ou = roots.first().cloned().ok_or_else(|| unknown(Vec::new()))?;
            for name in names {
                let children = cloud.child_ous(&at.id).await?;
                at = match children.iter().find(|c| &c.name == name) {
                    Some(child) => child.clone(),
                    None => return Err(unknown(children.into_iter().map(|c| c.name).collect())),
                };
            }
            Ok(at.id)
        }
    }
}

/// Resolves a baseline's OUs and lists the accounts under them.
pub async fn resolve(
    cloud: &dyn OrgCloud,
    baseline: &str,
    targets: &[OuTarget],
    management: &str,
) -> Result<Resolved, OrgError> {
    let mut out = Resolved::default();
    for target in targets {
        let id = ou_id(cloud, baseline, target).await?;
        if !out.ous.contains(&id) {
            out.ous.push(id);
        }
    }
    let mut seen_ous = BTreeSet::new();
    let mut seen_accounts = BTreeSet::new();
    let mut queue: Vec<String> = out.ous.clone();
    while let Some(ou) = queue.pop() {
        if !seen_ous.insert(ou.clone()) {
            continue;
        }
        for member in cloud.accounts(&ou).await? {
            if !seen_accounts.insert(member.id.clone()) {
                continue;
            }
            if member.id == management {
                out.skipped.push(Skipped {
                    id: member.id,
                    ou: ou.clone(),
                    why: "the management account: StackSets never deploy to it (`org up` deploys its own baseline as plain stacks)".to_owned(),
                });
            } else if member.state != "ACTIVE" && !member.state.is_empty() {
                out.skipped.push(Skipped {
                    id: member.id,
                    ou: ou.clone(),
                    why: format!("{}: StackSets skip it", member.state),
                });
            } else {
                out.accounts.push(Reached {
                    id: member.id,
                    name: member.name,
                    ou: ou.clone(),
                });
            }
        }
        queue.extend(cloud.child_ous(&ou).await?.into_iter().map(|c| c.id));
    }
    out.accounts.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}
