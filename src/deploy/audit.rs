//! `hydrate audit mfa`: every IAM user with their groups, whether they have an MFA device, and the
//! age of their access keys.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use super::aws::Aws;
use super::aws_error::classify;
use super::error::DeployError;

/// One user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserRow {
    /// The user name.
    pub user: String,
    /// Its groups.
    pub groups: Vec<String>,
    /// Whether an MFA device is enabled.
    pub mfa: bool,
    /// Age in days of each access key, with its status.
    pub access_keys: Vec<(u64, String)>,
}

fn days_since(t: &aws_sdk_iam::primitives::DateTime) -> u64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    now.saturating_sub(u64::try_from(t.secs()).unwrap_or_default()) / 86_400
}

/// Lists every user of the account.
pub async fn audit_mfa(aws: &Aws) -> Result<Vec<UserRow>, DeployError> {
    let mut rows = Vec::new();
    let mut users = aws.iam.list_users().into_paginator().items().send();
    while let Some(user) = users.next().await {
        let user = user.map_err(|e| classify("iam:ListUsers", e))?;
        let name = user.user_name().to_owned();
        let mut groups = Vec::new();
        let mut pages = aws
            .iam
            .list_groups_for_user()
            .user_name(&name)
            .into_paginator()
            .items()
            .send();
        while let Some(g) = pages.next().await {
            groups.push(
                g.map_err(|e| classify("iam:ListGroupsForUser", e))?
                    .group_name()
                    .to_owned(),
            );
        }
        let mfa = !aws
            .iam
            .list_mfa_devices()
            .user_name(&name)
            .send()
            .await
            .map_err(|e| classify("iam:ListMFADevices", e))?
            .mfa_devices()
            .is_empty();
        let keys = aws
            .iam
            .list_access_keys()
            .user_name(&name)
            .send()
            .await
            .map_err(|e| classify("iam:ListAccessKeys", e))?;
        let access_keys = keys
            .access_key_metadata()
            .iter()
            .map(|k| {
                (
                    k.create_date().map(days_since).unwrap_or_default(),
                    k.status()
                        .map(|s| s.as_str().to_owned())
                        .unwrap_or_default(),
                )
            })
            .collect();
        rows.push(UserRow {
            user: name,
            groups,
            mfa,
            access_keys,
        });
    }
    rows.sort_by(|a, b| a.user.cmp(&b.user));
    Ok(rows)
}
