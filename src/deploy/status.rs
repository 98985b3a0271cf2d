//! `hydrate status`: every stack of the account, its state, whether the deployed template is
//! the one hydrate renders now, and CloudFormation's last drift detection (from `DescribeStacks`,
//! no extra call).

use std::collections::BTreeMap;

use serde::Serialize;

use super::error::DeployError;
use super::progress::StackStatus;
use super::stack::Deployer;

/// How the deployed template compares with the one rendered now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateState {
    /// The same template.
    Current,
    /// Different: a deploy would change the stack's template.
    Differs,
    /// Nothing deployed.
    NotDeployed,
    /// Not read: the row's `error` says why.
    Unread,
}

/// One stack of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusRow {
    /// The stack file name.
    pub stack: String,
    /// The stack name.
    pub stack_name: String,
    /// The region it is deployed in.
    pub region: String,
    /// CloudFormation status, if deployed.
    pub status: Option<StackStatus>,
    /// When it last changed.
    pub last_change: Option<String>,
    /// Deployed template vs rendered.
    pub template: TemplateState,
    /// The last drift detection's result (`IN_SYNC`, `DRIFTED`, `NOT_CHECKED`, `UNKNOWN`), when
    /// CloudFormation reports one.
    pub drift: Option<String>,
    /// When drift was last detected.
    pub drift_checked: Option<String>,
    /// Why the stack could not be read (its region did not answer, access denied, …).
    pub error: Option<String>,
}

/// The status of every stack, in plan order, each read in its own region. A stack that cannot be
/// read is a row with its error, not the end of the survey; once a read in a region fails, that
/// region's later stacks are not asked (an unreachable region would cost a timeout per stack).
pub async fn account_status(deployer: &Deployer<'_>) -> Result<Vec<StatusRow>, DeployError> {
    let account = deployer.account;
    let mut rows = Vec::new();
    let mut failed: BTreeMap<String, String> = BTreeMap::new();
    for key in account.plan.order() {
        let Some(stack) = account.stack(key) else {
            continue;
        };
        let cloud = deployer.at(stack)?.cloud;
        let region = stack
            .region
            .clone()
            .unwrap_or_else(|| account.account.region.clone());
        let row = StatusRow {
            stack: key.to_owned(),
            stack_name: stack.stack_name.clone(),
            region: region.clone(),
            status: None,
            last_change: None,
            template: TemplateState::NotDeployed,
            drift: None,
            drift_checked: None,
            error: None,
        };
        if let Some(first) = failed.get(&region) {
            rows.push(unread(
                row,
                format!("not asked: a read in {region} failed ({first})"),
            ));
            continue;
        }
        let read = async {
            let Some(d) = cloud.describe_stack(&stack.stack_name).await? else {
                return Ok(None);
            };
            let body = cloud.get_template(&d.id).await?;
            Ok::<_, DeployError>(Some((d, body)))
        };
        match read.await {
            Ok(None) => rows.push(row),
            Ok(Some((d, body))) => {
                let deployed = serde_json::from_str::<serde_json::Value>(&body).ok();
                let same = deployed.as_ref() == Some(stack.template.json());
                let drift = d.drift.clone();
                rows.push(StatusRow {
                    status: Some(d.status),
                    last_change: Some(d.last_change),
                    template: if same {
                        TemplateState::Current
                    } else {
                        TemplateState::Differs
                    },
                    drift: drift.as_ref().map(|x| x.status.clone()),
                    drift_checked: drift.and_then(|x| x.last_check),
                    ..row
                });
            }
            Err(e) => {
                let reason = e.to_string();
                failed.insert(region, reason.clone());
                rows.push(unread(row, reason));
            }
        }
    }
    Ok(rows)
}

fn unread(row: StatusRow, error: String) -> StatusRow {
    StatusRow {
        template: TemplateState::Unread,
        error: Some(error),
        ..row
    }
}
