//! [`OrgCloud`] over the SDK clients: Organizations reads, StackSet calls (each with `CallAs`, every
//! list paginated) and the template upload, each failure classified.

use aws_sdk_cloudformation::types::{ManagedExecution, PermissionModels};

use super::api::{
    AdminTarget, Instance, Member, OperationResult, OperationState, OrgCloud, Ou, StackSetState,
    StackSetWrite, Targets,
};
use super::spec::{AutoDeployment, CallAs};
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, recover};
use crate::deploy::cloud::{Call, Cloud};
use crate::deploy::stack::query_escaped;

mod admins;
mod convert;
mod organizations;

use convert::{
    answered, auto_deployment, call_as, landed, preferences, sdk_capabilities, sdk_parameters,
    sdk_tags, targets,
};

impl OrgCloud for Aws {
    fn roots(&self) -> Call<'_, Vec<Ou>> {
        Box::pin(organizations::roots(self))
    }

    fn child_ous<'a>(&'a self, parent: &'a str) -> Call<'a, Vec<Ou>> {
        Box::pin(organizations::child_ous(self, parent))
    }

    fn ou<'a>(&'a self, id: &'a str) -> Call<'a, Option<Ou>> {
        Box::pin(organizations::ou(self, id))
    }

    fn accounts<'a>(&'a self, parent: &'a str) -> Call<'a, Vec<Member>> {
        Box::pin(organizations::accounts(self, parent))
    }

    fn stack_set<'a>(&'a self, name: &'a str, how: CallAs) -> Call<'a, Option<StackSetState>> {
        Box::pin(async move {
            let out = match self
                .cfn
                .describe_stack_set()
                .stack_set_name(name)
                .call_as(call_as(how))
                .send()
                .await
            {
                Ok(out) => out,
                Err(e) => {
                    return recover(
                        classify("cloudformation:DescribeStackSet", e),
                        |e| e.code() == Some("StackSetNotFoundException"),
                        None,
                    )
                }
            };
            // A deleted stack set is still described, with status DELETED: it is not there.
            let Some(set) = out
                .stack_set()
                .filter(|s| s.status().map(|st| st.as_str()) != Some("DELETED"))
            else {
                return Ok(None);
            };
            Ok(Some(StackSetState {
                body: set.template_body().unwrap_or_default().to_owned(),
                parameters: set
                    .parameters()
                    .iter()
                    .map(|p| {
                        (
                            p.parameter_key().unwrap_or_default().to_owned(),
                            p.parameter_value().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect(),
                capabilities: set
                    .capabilities()
                    .iter()
                    .map(|c| c.as_str().to_owned())
                    .collect(),
                tags: set
                    .tags()
                    .iter()
                    .map(|t| {
                        (
                            t.key().unwrap_or_default().to_owned(),
                            t.value().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect(),
                auto_deployment: set.auto_deployment().map(|a| AutoDeployment {
                    enabled: a.enabled().unwrap_or(false),
                    retain_stacks_on_account_removal: a
                        .retain_stacks_on_account_removal()
                        .unwrap_or(false),
                }),
                ous: set.organizational_unit_ids().to_vec(),
            }))
        })
    }

    fn create_stack_set<'a>(&'a self, write: &'a StackSetWrite, how: CallAs) -> Call<'a, ()> {
        Box::pin(async move {
            self.cfn
                .create_stack_set()
                .stack_set_name(&write.name)
                .template_url(&write.template_url)
                .set_parameters(Some(sdk_parameters(&write.parameters)))
                .set_capabilities(Some(sdk_capabilities(&write.capabilities)))
                .set_tags(Some(sdk_tags(&write.tags)))
                .permission_model(PermissionModels::ServiceManaged)
                .auto_deployment(auto_deployment(write.auto_deployment))
                .managed_execution(ManagedExecution::builder().active(true).build())
                // The same token on a resent create: the second attempt is not a second stack set.
                .client_request_token(&write.operation_id)
                .call_as(call_as(how))
                .send()
                .await
                .map(|_| ())
                .map_err(|e| classify("cloudformation:CreateStackSet", e))
        })
    }

    fn update_stack_set<'a>(&'a self, write: &'a StackSetWrite, how: CallAs) -> Call<'a, String> {
        Box::pin(async move {
            match self
                .cfn
                .update_stack_set()
                .stack_set_name(&write.name)
                .template_url(&write.template_url)
                .set_parameters(Some(sdk_parameters(&write.parameters)))
                .set_capabilities(Some(sdk_capabilities(&write.capabilities)))
                .set_tags(Some(sdk_tags(&write.tags)))
                .permission_model(PermissionModels::ServiceManaged)
                .auto_deployment(auto_deployment(write.auto_deployment))
                .managed_execution(ManagedExecution::builder().active(true).build())
                .operation_preferences(preferences(&write.preferences))
                .operation_id(&write.operation_id)
                .call_as(call_as(how))
                .send()
                .await
            {
                Ok(out) => Ok(answered(out.operation_id(), &write.operation_id)),
                Err(e) => landed(
                    classify("cloudformation:UpdateStackSet", e),
                    &write.operation_id,
                ),
            }
        })
    }

    fn create_instances<'a>(&'a self, t: &'a Targets, how: CallAs) -> Call<'a, String> {
        Box::pin(async move {
            match self
                .cfn
                .create_stack_instances()
                .stack_set_name(&t.stack_set)
                .deployment_targets(targets(&t.ous))
                .set_regions(Some(t.regions.clone()))
                .operation_preferences(preferences(&t.preferences))
                .operation_id(&t.operation_id)
                .call_as(call_as(how))
                .send()
                .await
            {
                Ok(out) => Ok(answered(out.operation_id(), &t.operation_id)),
                Err(e) => landed(
                    classify("cloudformation:CreateStackInstances", e),
                    &t.operation_id,
                ),
            }
        })
    }

    fn delete_instances<'a>(&'a self, t: &'a Targets, how: CallAs) -> Call<'a, String> {
        Box::pin(async move {
            match self
                .cfn
                .delete_stack_instances()
                .stack_set_name(&t.stack_set)
                .deployment_targets(targets(&t.ous))
                .set_regions(Some(t.regions.clone()))
                .retain_stacks(false)
                .operation_preferences(preferences(&t.preferences))
                .operation_id(&t.operation_id)
                .call_as(call_as(how))
                .send()
                .await
            {
                Ok(out) => Ok(answered(out.operation_id(), &t.operation_id)),
                Err(e) => landed(
                    classify("cloudformation:DeleteStackInstances", e),
                    &t.operation_id,
                ),
            }
        })
    }

    fn delete_stack_set<'a>(&'a self, name: &'a str, how: CallAs) -> Call<'a, ()> {
        Box::pin(async move {
            self.cfn
                .delete_stack_set()
                .stack_set_name(name)
                .call_as(call_as(how))
                .send()
                .await
                .map(|_| ())
                .map_err(|e| classify("cloudformation:DeleteStackSet", e))
        })
    }

    fn operation<'a>(
        &'a self,
        stack_set: &'a str,
        id: &'a str,
        how: CallAs,
    ) -> Call<'a, OperationState> {
        Box::pin(async move {
            let out = self
                .cfn
                .describe_stack_set_operation()
                .stack_set_name(stack_set)
                .operation_id(id)
                .call_as(call_as(how))
                .send()
                .await
                .map_err(|e| classify("cloudformation:DescribeStackSetOperation", e))?;
            let op = out.stack_set_operation();
            Ok(OperationState {
                status: op
                    .and_then(|o| o.status())
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
                reason: op.and_then(|o| o.status_reason()).map(str::to_owned),
            })
        })
    }

    fn operation_results<'a>(
        &'a self,
        stack_set: &'a str,
        id: &'a str,
        how: CallAs,
    ) -> Call<'a, Vec<OperationResult>> {
        Box::pin(async move {
            let mut out = Vec::new();
            let mut pages = self
                .cfn
                .list_stack_set_operation_results()
                .stack_set_name(stack_set)
                .operation_id(id)
                .call_as(call_as(how))
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page =
                    page.map_err(|e| classify("cloudformation:ListStackSetOperationResults", e))?;
                out.extend(page.summaries().iter().map(|s| {
                    OperationResult {
                        account: s.account().unwrap_or_default().to_owned(),
                        region: s.region().unwrap_or_default().to_owned(),
                        status: s
                            .status()
                            .map(|st| st.as_str().to_owned())
                            .unwrap_or_default(),
                        reason: s.status_reason().map(str::to_owned),
                        ou: s.organizational_unit_id().map(str::to_owned),
                    }
                }));
            }
            Ok(out)
        })
    }

    fn detect_drift<'a>(&'a self, t: &'a Targets, how: CallAs) -> Call<'a, String> {
        Box::pin(async move {
            match self
                .cfn
                .detect_stack_set_drift()
                .stack_set_name(&t.stack_set)
                .operation_preferences(preferences(&t.preferences))
                .operation_id(&t.operation_id)
                .call_as(call_as(how))
                .send()
                .await
            {
                Ok(out) => Ok(answered(out.operation_id(), &t.operation_id)),
                Err(e) => landed(
                    classify("cloudformation:DetectStackSetDrift", e),
                    &t.operation_id,
                ),
            }
        })
    }

    fn instances<'a>(&'a self, stack_set: &'a str, how: CallAs) -> Call<'a, Vec<Instance>> {
        Box::pin(async move {
            let mut out = Vec::new();
            let mut pages = self
                .cfn
                .list_stack_instances()
                .stack_set_name(stack_set)
                .call_as(call_as(how))
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| classify("cloudformation:ListStackInstances", e))?;
                out.extend(page.summaries().iter().map(|s| {
                    Instance {
                        account: s.account().unwrap_or_default().to_owned(),
                        region: s.region().unwrap_or_default().to_owned(),
                        status: s
                            .status()
                            .map(|st| st.as_str().to_owned())
                            .unwrap_or_default(),
                        detailed: s
                            .stack_instance_status()
                            .and_then(|d| d.detailed_status())
                            .map(|d| d.as_str().to_owned()),
                        reason: s.status_reason().map(str::to_owned),
                        ou: s.organizational_unit_id().map(str::to_owned),
                        drift: s.drift_status().map(|d| d.as_str().to_owned()),
                    }
                }));
            }
            Ok(out)
        })
    }

    fn account<'a>(&'a self, id: &'a str) -> Call<'a, Option<Member>> {
        Box::pin(admins::account(self, id))
    }

    fn service_access(&self) -> Call<'_, Vec<String>> {
        Box::pin(admins::service_access(self))
    }

    fn enable_service_access<'a>(&'a self, principal: &'a str) -> Call<'a, ()> {
        Box::pin(admins::enable_service_access(self, principal))
    }

    fn admins<'a>(&'a self, target: &'a AdminTarget) -> Call<'a, Vec<String>> {
        Box::pin(admins::admins(self, target))
    }

    fn make_admin<'a>(&'a self, target: &'a AdminTarget, account: &'a str) -> Call<'a, ()> {
        Box::pin(admins::make_admin(self, target, account))
    }

    fn upload<'a>(&'a self, bucket: &'a str, key: &'a str, body: &'a str) -> Call<'a, String> {
        Box::pin(async move {
            let version = self.put_object(bucket, key, body).await?;
            let url = self.object_url(bucket, key);
            Ok(match version {
                Some(v) => format!("{url}?versionId={}", query_escaped(&v)),
                None => url,
            })
        })
    }
}
