//! The SDK calls that find retained resources again and bring them back into a stack: `HeadBucket`,
//! `DescribeLogGroups`, `DescribeKey`, and `CreateChangeSet` of type IMPORT.

use aws_sdk_cloudformation::types::{ChangeSetType, ResourceToImport};
use aws_sdk_kms::types::KeyState;

use super::convert::{body_of, capabilities, parameters, tags, url_of};
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, recover, AwsError};
use crate::deploy::cloud::{KeyInfo, ResourceImport, StackRequest};

impl Aws {
    /// `HeadBucket`: a 404 is "no such bucket"; a 403 (someone else's bucket) is an error.
    pub(super) async fn head_bucket(&self, bucket: &str) -> Result<bool, AwsError> {
        let head = self
            .s3
            .head_bucket()
            .bucket(bucket)
            .set_expected_bucket_owner(self.expected_owner());
        match head.send().await {
            Ok(_) => Ok(true),
            Err(e) => recover(
                classify("s3:HeadBucket", e),
                |e| matches!(e.code(), Some("NotFound" | "NoSuchBucket")),
                false,
            ),
        }
    }

    /// `DescribeLogGroups` by prefix, every page, looking for the exact name.
    pub(super) async fn find_log_group(&self, name: &str) -> Result<bool, AwsError> {
        let mut groups = self
            .logs
            .describe_log_groups()
            .log_group_name_prefix(name)
            .into_paginator()
            .items()
            .send();
        while let Some(group) = groups.next().await {
            let group = group.map_err(|e| classify("logs:DescribeLogGroups", e))?;
            if group.log_group_name() == Some(name) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `DescribeKey`: `None` when KMS knows no such key or alias.
    pub(super) async fn key(&self, key: &str) -> Result<Option<KeyInfo>, AwsError> {
        match self.kms.describe_key().key_id(key).send().await {
            Ok(out) => Ok(out.key_metadata().map(|m| KeyInfo {
                key_id: m.key_id().to_owned(),
                pending_deletion: matches!(
                    m.key_state(),
                    Some(KeyState::PendingDeletion | KeyState::PendingReplicaDeletion)
                ),
            })),
            Err(e) => recover(
                classify("kms:DescribeKey", e),
                |e| e.code() == Some("NotFoundException"),
                None,
            ),
        }
    }

    /// `CreateChangeSet` with `ChangeSetType=IMPORT` and `ResourcesToImport`.
    pub(super) async fn import_change_set(
        &self,
        name: &str,
        request: &StackRequest,
        resources: &[ResourceImport],
    ) -> Result<String, AwsError> {
        let to_import = resources
            .iter()
            .map(|r| {
                ResourceToImport::builder()
                    .resource_type(&r.resource_type)
                    .logical_resource_id(&r.logical_id)
                    .resource_identifier(&r.identifier_key, &r.identifier)
                    .build()
            })
            .collect();
        let out = self
            .cfn
            .create_change_set()
            .stack_name(&request.stack_name)
            .change_set_name(name)
            .change_set_type(ChangeSetType::Import)
            .set_template_body(body_of(request))
            .set_template_url(url_of(request))
            .set_resources_to_import(Some(to_import))
            .set_parameters(Some(parameters(request)))
            .set_capabilities(Some(capabilities(request)))
            .set_tags(Some(tags(request)))
            .set_role_arn(request.role_arn.clone())
            .set_notification_arns(Some(request.notification_arns.clone()))
            .send()
            .await
            .map_err(|e| classify("cloudformation:CreateChangeSet", e))?;
        Ok(out.stack_id().unwrap_or(&request.stack_name).to_owned())
    }
}
