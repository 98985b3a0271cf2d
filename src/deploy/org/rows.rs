//! The per-account result table of a stack set: one row per account × region from its instances,
//! the last operations' reasons where the instance has none, every reached account × region
//! without an instance as MISSING; failures last, grouped by reason with a count.

use std::collections::BTreeMap;

use serde::Serialize;

use super::api::{Instance, OperationResult};
use super::targets::Reached;

/// The status of a row for an account × region that should have an instance and has none.
pub const MISSING: &str = "MISSING";

/// One account × region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The account id.
    pub account: String,
    /// The OU it was reached through (the instance's, else the account's own).
    pub ou: String,
    /// The region.
    pub region: String,
    /// `CURRENT`, `OUTDATED`, `INOPERABLE`, or [`MISSING`].
    pub status: String,
    /// `StackInstanceStatus.DetailedStatus`, or the operation result's status.
    pub detailed: String,
    /// Why, when AWS says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The instance's drift as of the last detection, when the endpoint reports it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drift: Option<String>,
}

impl Row {
    /// Whether the row is a failure: an instance that failed or cannot be operated, or none.
    pub fn failed(&self) -> bool {
        matches!(self.status.as_str(), "INOPERABLE" | MISSING)
            || matches!(
                self.detailed.as_str(),
                "FAILED" | "FAILED_IMPORT" | "CANCELLED" | "INOPERABLE"
            )
    }

    /// Whether the last drift detection found the instance's resources changed outside hydrate.
    pub fn drifted(&self) -> bool {
        self.drift.as_deref() == Some("DRIFTED")
    }

    /// Whether the instance runs an older template than the stack set's.
    pub fn outdated(&self) -> bool {
        self.status == "OUTDATED"
    }
}

/// The rows of one stack set: its instances with the results of the operations just run merged in,
/// and what the reached accounts lack. Successes first, failures last (by reason, then account).
pub fn rows(
    instances: &[Instance],
    results: &[OperationResult],
    reached: &[Reached],
    regions: &[String],
) -> Vec<Row> {
    let ou_of: BTreeMap<&str, &str> = reached
        .iter()
        .map(|a| (a.id.as_str(), a.ou.as_str()))
        .collect();
    let result_of: BTreeMap<(&str, &str), &OperationResult> = results
        .iter()
        .map(|r| ((r.account.as_str(), r.region.as_str()), r))
        .collect();
    let ou = |account: &str, reported: Option<&String>| {
        reported
            .cloned()
            .or_else(|| ou_of.get(account).map(|o| (*o).to_owned()))
            .unwrap_or_default()
    };
    let mut out: Vec<Row> = instances
        .iter()
        .map(|i| {
            let result = result_of.get(&(i.account.as_str(), i.region.as_str()));
            Row {
                account: i.account.clone(),
                ou: ou(&i.account, i.ou.as_ref()),
                region: i.region.clone(),
                status: i.status.clone(),
                detailed: i
                    .detailed
                    .clone()
                    .or_else(|| result.map(|r| r.status.clone()))
                    .unwrap_or_default(),
                reason: i
                    .reason
                    .clone()
                    .filter(|r| !r.is_empty())
                    .or_else(|| result.and_then(|r| r.reason.clone())),
                drift: i.drift.clone(),
            }
        })
        .collect();
    for account in reached {
        for region in regions {
            let has = |r: &Row| r.account == account.id && &r.region == region;
            if out.iter().any(has) {
                continue;
            }
            let result = result_of.get(&(account.id.as_str(), region.as_str()));
            out.push(Row {
                account: account.id.clone(),
                ou: account.ou.clone(),
                region: region.clone(),
                status: MISSING.to_owned(),
                detailed: result.map(|r| r.status.clone()).unwrap_or_default(),
                reason: result.and_then(|r| r.reason.clone()),
                drift: None,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.failed(), &a.reason, &a.account, &a.region).cmp(&(
            b.failed(),
            &b.reason,
            &b.account,
            &b.region,
        ))
    });
    out
}

/// The failed rows' reasons with how many rows each, most first.
pub fn failure_groups(rows: &[Row]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.failed()) {
        let why = row.reason.clone().unwrap_or_else(|| {
            if row.status == MISSING {
                "no stack instance".to_owned()
            } else {
                format!("{} {} (no reason given)", row.status, row.detailed)
            }
        });
        *counts.entry(why).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}
