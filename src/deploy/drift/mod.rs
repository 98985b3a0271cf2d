//! `hydrate drift`: what changed in the account behind hydrate's back. Two checks per stack, run
//! for the stacks in parallel: CloudFormation's own drift detection (`detect.rs`, the authority
//! on AWS), and hydrate's direct comparison of the security-relevant properties of the stack's
//! resources with its deployed template (`direct.rs`, over the reads in `live.rs`). The settings
//! bootstrap makes are compared by `bootstrap::verify`. Read-only: nothing here writes.

mod data;
mod detect;
mod direct;
mod expected;
mod live;
mod live_data;
mod policy_diff;

use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use futures_util::FutureExt;
use serde::Serialize;

use super::bootstrap::Setting;
use super::cloud::Cloud;
use super::interrupt::Interrupt;
use super::progress::{Progress, Reporter};
use crate::params::AccountDir;

pub use detect::{not_available, NOT_AVAILABLE};
/// A policy document as IAM answers it (URL-encoded JSON), parsed; `verify` reads them too.
pub(crate) use live::document as policy_document;
pub use live::{Live, Principal};
pub use policy_diff::policy_changes;

/// Which check found a drift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// CloudFormation's drift detection.
    Cloudformation,
    /// hydrate's own comparison of the live resource with the deployed template.
    Hydrate,
    /// hydrate's comparison of a bootstrap setting with what bootstrap makes.
    Bootstrap,
}

/// One drifted property of a resource or setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drifted {
    /// The stack file name (`bootstrap` for the account settings).
    pub stack: String,
    /// Which check found it.
    pub source: Source,
    /// The resource's logical id (the setting's name for bootstrap).
    pub logical_id: String,
    /// The resource type (empty for a bootstrap setting).
    pub resource_type: String,
    /// The physical id.
    pub physical_id: String,
    /// The property's path (empty when the whole resource is gone).
    pub property: String,
    /// `NOT_EQUAL`, `ADD`, `REMOVE` or `DELETED`.
    pub difference: String,
    /// The value the template (or bootstrap) gives.
    pub expected: String,
    /// The value found.
    pub actual: String,
    /// For policies: only what differs, one line each (`+ Action sqs:SendMessage (statement X)`).
    pub detail: Vec<String>,
}

/// The verdict of one check of one stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Check {
    /// Checked, nothing drifted; `compared` counts the resources hydrate compared (`None` for
    /// CloudFormation's detection, which counts its own).
    InSync {
        /// Resources compared.
        compared: Option<usize>,
    },
    /// Checked: this many properties drifted.
    Drifted {
        /// Drifted properties.
        count: usize,
    },
    /// Not checked, and why.
    NotChecked {
        /// Why.
        why: String,
    },
    /// The stack is not deployed: nothing to check.
    NotDeployed,
}

impl Check {
    /// True when the check found drift or could not run (the command exits 1).
    pub fn is_problem(&self) -> bool {
        matches!(self, Check::Drifted { .. } | Check::NotChecked { .. })
    }
}

/// Both checks of one stack and what they found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackDrift {
    /// The stack file name.
    pub stack: String,
    /// The stack name.
    pub stack_name: String,
    /// CloudFormation's drift detection.
    pub cloudformation: Check,
    /// hydrate's direct comparison.
    pub hydrate: Check,
    /// Every drifted property either found.
    pub drifted: Vec<Drifted>,
}

/// What a drift run needs.
pub struct DriftRun<'a> {
    /// The CloudFormation calls.
    pub cloud: &'a dyn Cloud,
    /// The reads of the direct comparison; `None` skips it.
    pub live: Option<&'a dyn Live>,
    /// Both, for each other region of the account's regional stacks.
    pub regions: &'a [(String, &'a dyn Cloud, &'a dyn Live)],
    /// The account.
    pub account: &'a AccountDir,
    /// Where progress goes.
    pub reporter: &'a dyn Reporter,
    /// What stops waiting.
    pub interrupt: &'a Interrupt,
    /// How long one stack's detection may take.
    pub limit: Duration,
    /// Stacks checked at once.
    pub jobs: usize,
}

impl<'a> DriftRun<'a> {
    /// The calls and reads of the region `key` is deployed in; `None` when it has no connection.
    fn at(&self, key: &str) -> Option<(&'a dyn Cloud, Option<&'a dyn Live>)> {
        let region = self.account.stack(key).and_then(|s| s.region.as_deref());
        match region {
            None => Some((self.cloud, self.live)),
            Some(r) if r == self.account.account.region => Some((self.cloud, self.live)),
            Some(r) => self
                .regions
                .iter()
                .find(|(name, _, _)| name == r)
                .map(|(_, cloud, live)| (*cloud, self.live.map(|_| *live))),
        }
    }
}

/// Checks the named stacks (every stack of the account when `keys` is empty), in plan order,
/// `jobs` at a time. Unknown names are the caller's to reject first.
pub async fn drift(run: &DriftRun<'_>, keys: &[String]) -> Vec<StackDrift> {
    let chosen: Vec<&str> = run
        .account
        .plan
        .order()
        .filter(|k| keys.is_empty() || keys.iter().any(|w| w == k))
        .collect();
    stream::iter(chosen)
        .map(|key| stack_drift(run, key))
        .buffered(run.jobs.max(1))
        .collect()
        .await
}

/// Both checks of one stack.
async fn stack_drift(run: &DriftRun<'_>, key: &str) -> StackDrift {
    let stack_name = run
        .account
        .stack(key)
        .map_or_else(|| key.to_owned(), |s| s.stack_name.clone());
    let mut out = StackDrift {
        stack: key.to_owned(),
        stack_name: stack_name.clone(),
        cloudformation: Check::NotDeployed,
        hydrate: Check::NotDeployed,
        drifted: Vec::new(),
    };
    let step = |message: &str| {
        run.reporter.report(Progress::Step {
            stack: key.to_owned(),
            message: message.to_owned(),
        })
    };
    let Some((cloud, live)) = run.at(key) else {
        let why = "no connection to the stack's region".to_owned();
        out.cloudformation = Check::NotChecked { why: why.clone() };
        out.hydrate = Check::NotChecked { why };
        return out;
    };
    let deployed = match cloud.describe_stack(&stack_name).await {
        Ok(Some(d)) => d,
        Ok(None) => return out,
        Err(e) => {
            let why = e.to_string();
            out.cloudformation = Check::NotChecked { why: why.clone() };
            out.hydrate = Check::NotChecked { why };
            return out;
        }
    };
    // After a Ctrl-C no new detection starts: each would be abandoned at once.
    if run.interrupt.fired().now_or_never().is_some() {
        let why = "not started: interrupted (Ctrl-C)".to_owned();
        out.cloudformation = Check::NotChecked { why: why.clone() };
        out.hydrate = Check::NotChecked { why };
        return out;
    }
    step("detecting drift");
    let (check, found) = detect::detect(cloud, key, &deployed.id, run.limit, run.interrupt).await;
    out.cloudformation = check;
    out.drifted.extend(found);
    out.hydrate = match live {
        None => Check::NotChecked {
            why: "the direct comparison was not asked for".to_owned(),
        },
        Some(live) => {
            step("comparing resources with the deployed template");
            match direct::compare(cloud, live, run.account, key, &deployed).await {
                Ok((compared, found)) if found.is_empty() => Check::InSync {
                    compared: Some(compared),
                },
                Ok((_, found)) => {
                    let count = found.len();
                    out.drifted.extend(found);
                    Check::Drifted { count }
                }
                Err(why) => Check::NotChecked { why },
            }
        }
    };
    step("drift checked");
    out
}

/// The bootstrap settings that are not as bootstrap makes them, as findings of stack
/// `bootstrap`; a policy's finding lists only the statements and values that differ.
pub fn settings_drift(settings: &[Setting]) -> Vec<Drifted> {
    settings
        .iter()
        .filter(|s| !s.right)
        .map(|s| Drifted {
            stack: "bootstrap".to_owned(),
            source: Source::Bootstrap,
            logical_id: s.name.clone(),
            resource_type: String::new(),
            physical_id: String::new(),
            property: String::new(),
            difference: "NOT_EQUAL".to_owned(),
            expected: s.expected.clone(),
            actual: s.actual.clone(),
            detail: detect::policy_detail(&s.expected, &s.actual),
        })
        .collect()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
#[path = "settings_tests.rs"]
mod settings_tests;

#[cfg(test)]
#[path = "status_tests.rs"]
mod status_tests;
