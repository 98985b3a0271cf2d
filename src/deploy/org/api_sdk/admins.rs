//! The delegated-administrator calls of [`super::super::OrgCloud`] over the SDK: one account,
//! trusted access, and each service's administrator (GuardDuty and Security Hub through their own
//! regional APIs, Config through Organizations), every list paginated.

use super::super::api::{AdminTarget, Member};
use super::super::spec::AdminService;
use super::organizations::member;
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, recover, AwsError};

pub(super) async fn account(aws: &Aws, id: &str) -> Result<Option<Member>, AwsError> {
    match aws
        .organizations
        .describe_account()
        .account_id(id)
        .send()
        .await
    {
        Ok(out) => Ok(out.account().map(member)),
        Err(e) => recover(
            classify("organizations:DescribeAccount", e),
            |e| e.code() == Some("AccountNotFoundException"),
            None,
        ),
    }
}

pub(super) async fn service_access(aws: &Aws) -> Result<Vec<String>, AwsError> {
    let mut out = Vec::new();
    let mut pages = aws
        .organizations
        .list_aws_service_access_for_organization()
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| classify("organizations:ListAWSServiceAccessForOrganization", e))?;
        out.extend(
            page.enabled_service_principals()
                .iter()
                .filter_map(|p| p.service_principal().map(str::to_owned)),
        );
    }
    Ok(out)
}

pub(super) async fn enable_service_access(aws: &Aws, principal: &str) -> Result<(), AwsError> {
    aws.organizations
        .enable_aws_service_access()
        .service_principal(principal)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| classify("organizations:EnableAWSServiceAccess", e))
}

/// The clients of the target's region (the connection's own when it is that region).
fn regional(aws: &Aws, target: &AdminTarget) -> Aws {
    match &target.region {
        Some(r) if *r != aws.region => aws.in_region(r),
        _ => aws.clone(),
    }
}

pub(super) async fn admins(aws: &Aws, target: &AdminTarget) -> Result<Vec<String>, AwsError> {
    let mut out = Vec::new();
    match target.service {
        AdminService::GuardDuty => {
            let aws = regional(aws, target);
            let mut pages = aws
                .guardduty
                .list_organization_admin_accounts()
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page =
                    page.map_err(|e| classify("guardduty:ListOrganizationAdminAccounts", e))?;
                out.extend(
                    page.admin_accounts()
                        .iter()
                        .filter_map(|a| a.admin_account_id().map(str::to_owned)),
                );
            }
        }
        AdminService::SecurityHub => {
            let aws = regional(aws, target);
            let mut pages = aws
                .securityhub
                .list_organization_admin_accounts()
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page =
                    page.map_err(|e| classify("securityhub:ListOrganizationAdminAccounts", e))?;
                out.extend(
                    page.admin_accounts()
                        .iter()
                        .filter_map(|a| a.account_id().map(str::to_owned)),
                );
            }
        }
        AdminService::Config => {
            let mut pages = aws
                .organizations
                .list_delegated_administrators()
                .service_principal(target.principal)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page =
                    page.map_err(|e| classify("organizations:ListDelegatedAdministrators", e))?;
                out.extend(
                    page.delegated_administrators()
                        .iter()
                        .filter_map(|a| a.id().map(str::to_owned)),
                );
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

pub(super) async fn make_admin(
    aws: &Aws,
    target: &AdminTarget,
    account: &str,
) -> Result<(), AwsError> {
    match target.service {
        AdminService::GuardDuty => regional(aws, target)
            .guardduty
            .enable_organization_admin_account()
            .admin_account_id(account)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify("guardduty:EnableOrganizationAdminAccount", e)),
        AdminService::SecurityHub => regional(aws, target)
            .securityhub
            .enable_organization_admin_account()
            .admin_account_id(account)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify("securityhub:EnableOrganizationAdminAccount", e)),
        AdminService::Config => aws
            .organizations
            .register_delegated_administrator()
            .account_id(account)
            .service_principal(target.principal)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify("organizations:RegisterDelegatedAdministrator", e)),
    }
}
