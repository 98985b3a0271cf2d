//! The Organizations reads of [`super::OrgCloud`] over the SDK: roots, child OUs, one OU, the
//! accounts under a parent, every list paginated.

use super::super::api::{Member, Ou};
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, recover, AwsError};

pub(super) async fn roots(aws: &Aws) -> Result<Vec<Ou>, AwsError> {
    let mut out = Vec::new();
    let mut pages = aws.organizations.list_roots().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify("organizations:ListRoots", e))?;
        out.extend(page.roots().iter().map(|r| Ou {
            id: r.id().unwrap_or_default().to_owned(),
            name: r.name().unwrap_or_default().to_owned(),
        }));
    }
    Ok(out)
}

pub(super) async fn child_ous(aws: &Aws, parent: &str) -> Result<Vec<Ou>, AwsError> {
    let mut out = Vec::new();
    let mut pages = aws
        .organizations
        .list_organizational_units_for_parent()
        .parent_id(parent)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| classify("organizations:ListOrganizationalUnitsForParent", e))?;
        out.extend(page.organizational_units().iter().map(|o| Ou {
            id: o.id().unwrap_or_default().to_owned(),
            name: o.name().unwrap_or_default().to_owned(),
        }));
    }
    Ok(out)
}

pub(super) async fn ou(aws: &Aws, id: &str) -> Result<Option<Ou>, AwsError> {
    match aws
        .organizations
        .describe_organizational_unit()
        .organizational_unit_id(id)
        .send()
        .await
    {
        Ok(out) => Ok(out.organizational_unit().map(|o| Ou {
            id: o.id().unwrap_or_default().to_owned(),
            name: o.name().unwrap_or_default().to_owned(),
        })),
        Err(e) => recover(
            classify("organizations:DescribeOrganizationalUnit", e),
            |e| e.code() == Some("OrganizationalUnitNotFoundException"),
            None,
        ),
    }
}

pub(super) async fn accounts(aws: &Aws, parent: &str) -> Result<Vec<Member>, AwsError> {
    let mut out = Vec::new();
    let mut pages = aws
        .organizations
        .list_accounts_for_parent()
        .parent_id(parent)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify("organizations:ListAccountsForParent", e))?;
        out.extend(page.accounts().iter().map(member));
    }
    Ok(out)
}

/// An account as [`Member`]: its `State`, else the older `Status`.
pub(super) fn member(a: &aws_sdk_organizations::types::Account) -> Member {
    Member {
        id: a.id().unwrap_or_default().to_owned(),
        name: a.name().unwrap_or_default().to_owned(),
        state: a
            .state()
            .map(|s| s.as_str().to_owned())
            .or_else(|| a.status().map(|s| s.as_str().to_owned()))
            .unwrap_or_default(),
    }
}
