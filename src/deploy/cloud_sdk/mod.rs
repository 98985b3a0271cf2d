//! [`Cloud`] over the AWS SDK clients: each operation one SDK call (paginated where the API pages),
//! its answer turned into hydrate's types and its failure classified.

mod change_sets;
mod convert;
mod drift;
mod objects;
mod retained;

use std::collections::BTreeMap;

use aws_sdk_cloudformation::types::ChangeSetType;

use convert::{body_of, capabilities, deployed, event, parameters, tags, url_of};

use super::aws::Aws;
use super::aws_error::{classify, recover, AwsError};
use super::cloud::{
    Call, Caller, ChangeSetState, Cloud, Deployed, DetectionState, KeptChangeSet, KeyInfo,
    ResourceDrift, ResourceImport, StackRequest,
};
use super::progress::StackEvent;

impl Cloud for Aws {
    fn describe_stack<'a>(&'a self, stack: &'a str) -> Call<'a, Option<Deployed>> {
        Box::pin(async move {
            match self.cfn.describe_stacks().stack_name(stack).send().await {
                Ok(out) => Ok(out.stacks().first().map(deployed)),
                Err(e) => recover(
                    classify("cloudformation:DescribeStacks", e),
                    AwsError::is_missing_stack,
                    None,
                ),
            }
        })
    }

    fn describe_all_stacks(&self) -> Call<'_, Vec<(String, Deployed)>> {
        Box::pin(async move {
            let mut all = Vec::new();
            let mut pages = self.cfn.describe_stacks().into_paginator().send();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| classify("cloudformation:DescribeStacks", e))?;
                for stack in page.stacks() {
                    all.push((
                        stack.stack_name().unwrap_or_default().to_owned(),
                        deployed(stack),
                    ));
                }
            }
            Ok(all)
        })
    }

    fn get_template<'a>(&'a self, stack_id: &'a str) -> Call<'a, String> {
        Box::pin(async move {
            let out = self
                .cfn
                .get_template()
                .stack_name(stack_id)
                .send()
                .await
                .map_err(|e| classify("cloudformation:GetTemplate", e))?;
            Ok(out.template_body().unwrap_or_default().to_owned())
        })
    }

    fn create_stack<'a>(&'a self, request: &'a StackRequest) -> Call<'a, String> {
        Box::pin(async move {
            let out = self
                .cfn
                .create_stack()
                .stack_name(&request.stack_name)
                .set_template_body(body_of(request))
                .set_template_url(url_of(request))
                .set_parameters(Some(parameters(request)))
                .set_capabilities(Some(capabilities(request)))
                .set_tags(Some(tags(request)))
                .set_timeout_in_minutes(request.timeout_in_minutes.map(|t| t as i32))
                .set_enable_termination_protection(request.termination_protection)
                .set_role_arn(request.role_arn.clone())
                .set_notification_arns(Some(request.notification_arns.clone()))
                .send()
                .await
                .map_err(|e| classify("cloudformation:CreateStack", e))?;
            Ok(out.stack_id().unwrap_or(&request.stack_name).to_owned())
        })
    }

    fn create_change_set<'a>(
        &'a self,
        stack_id: &'a str,
        name: &'a str,
        request: &'a StackRequest,
    ) -> Call<'a, ()> {
        Box::pin(async move {
            self.cfn
                .create_change_set()
                .stack_name(stack_id)
                .change_set_name(name)
                .change_set_type(ChangeSetType::Update)
                .set_description(request.change_set_description.clone())
                .set_template_body(body_of(request))
                .set_template_url(url_of(request))
                .set_parameters(Some(parameters(request)))
                .set_capabilities(Some(capabilities(request)))
                .set_tags(Some(tags(request)))
                .set_role_arn(request.role_arn.clone())
                .set_notification_arns(Some(request.notification_arns.clone()))
                .send()
                .await
                .map(|_| ())
                .map_err(|e| classify("cloudformation:CreateChangeSet", e))
        })
    }

    fn describe_change_set<'a>(
        &'a self,
        stack_id: &'a str,
        name: &'a str,
    ) -> Call<'a, ChangeSetState> {
        Box::pin(self.change_set_state(stack_id, name))
    }

    fn kept_change_set<'a>(&'a self, stack_id: &'a str, name: &'a str) -> Call<'a, KeptChangeSet> {
        Box::pin(self.kept(stack_id, name))
    }

    fn execute_change_set<'a>(&'a self, stack_id: &'a str, name: &'a str) -> Call<'a, ()> {
        Box::pin(async move {
            self.cfn
                .execute_change_set()
                .stack_name(stack_id)
                .change_set_name(name)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| classify("cloudformation:ExecuteChangeSet", e))
        })
    }

    fn delete_change_set<'a>(&'a self, stack_id: &'a str, name: &'a str) -> Call<'a, ()> {
        Box::pin(async move {
            self.cfn
                .delete_change_set()
                .stack_name(stack_id)
                .change_set_name(name)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| classify("cloudformation:DeleteChangeSet", e))
        })
    }

    fn delete_stack<'a>(&'a self, stack_id: &'a str) -> Call<'a, ()> {
        Box::pin(async move {
            self.cfn
                .delete_stack()
                .stack_name(stack_id)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| classify("cloudformation:DeleteStack", e))
        })
    }

    fn set_termination_protection<'a>(&'a self, stack_id: &'a str, on: bool) -> Call<'a, ()> {
        Box::pin(async move {
            self.cfn
                .update_termination_protection()
                .stack_name(stack_id)
                .enable_termination_protection(on)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| classify("cloudformation:UpdateTerminationProtection", e))
        })
    }

    fn events_since<'a>(
        &'a self,
        stack: &'a str,
        marker: Option<&'a str>,
    ) -> Call<'a, Vec<StackEvent>> {
        Box::pin(async move {
            let mut newest_first = Vec::new();
            let mut pages = self
                .cfn
                .describe_stack_events()
                .stack_name(stack)
                .into_paginator()
                .send();
            'pages: while let Some(page) = pages.next().await {
                let page = page.map_err(|e| classify("cloudformation:DescribeStackEvents", e))?;
                for e in page.stack_events() {
                    if marker.is_some() && e.event_id() == marker {
                        break 'pages;
                    }
                    newest_first.push(event(e));
                }
            }
            newest_first.reverse();
            Ok(newest_first)
        })
    }

    fn latest_event_id<'a>(&'a self, stack: &'a str) -> Call<'a, Option<String>> {
        Box::pin(async move {
            match self
                .cfn
                .describe_stack_events()
                .stack_name(stack)
                .send()
                .await
            {
                Ok(out) => Ok(out
                    .stack_events()
                    .first()
                    .and_then(|e| e.event_id())
                    .map(str::to_owned)),
                Err(e) => recover(
                    classify("cloudformation:DescribeStackEvents", e),
                    AwsError::is_missing_stack,
                    None,
                ),
            }
        })
    }

    fn physical_ids<'a>(&'a self, stack_id: &'a str) -> Call<'a, BTreeMap<String, String>> {
        Box::pin(async move {
            let mut physical = BTreeMap::new();
            let mut pages = self
                .cfn
                .list_stack_resources()
                .stack_name(stack_id)
                .into_paginator()
                .items()
                .send();
            while let Some(item) = pages.next().await {
                let item = item.map_err(|e| classify("cloudformation:ListStackResources", e))?;
                if let (Some(logical), Some(id)) =
                    (item.logical_resource_id(), item.physical_resource_id())
                {
                    physical.insert(logical.to_owned(), id.to_owned());
                }
            }
            Ok(physical)
        })
    }

    fn put_object<'a>(
        &'a self,
        bucket: &'a str,
        key: &'a str,
        body: &'a str,
    ) -> Call<'a, Option<String>> {
        Box::pin(self.s3_put_object(bucket, key, body))
    }

    fn create_object<'a>(&'a self, bucket: &'a str, key: &'a str, body: &'a str) -> Call<'a, bool> {
        Box::pin(self.s3_create_object(bucket, key, body))
    }

    fn get_object<'a>(&'a self, bucket: &'a str, key: &'a str) -> Call<'a, Option<String>> {
        Box::pin(self.s3_get_object(bucket, key))
    }

    fn delete_object<'a>(&'a self, bucket: &'a str, key: &'a str) -> Call<'a, ()> {
        Box::pin(self.s3_delete_object(bucket, key))
    }

    fn object_url(&self, bucket: &str, key: &str) -> String {
        match &self.endpoint_url {
            Some(endpoint) => format!("{}/{bucket}/{key}", endpoint.trim_end_matches('/')),
            None => format!("https://{bucket}.s3.{}.amazonaws.com/{key}", self.region),
        }
    }

    fn caller(&self) -> Call<'_, Caller> {
        Box::pin(async move {
            // The credentials never change under one set of clients: asked once (the guard,
            // then bootstrap's bucket policy, every region's clients share it).
            if let Some(known) = self.known_caller.get() {
                return Ok(known.clone());
            }
            let out = self
                .sts
                .get_caller_identity()
                .send()
                .await
                .map_err(|e| classify("sts:GetCallerIdentity", e))?;
            let caller = Caller {
                account: out.account().unwrap_or_default().to_owned(),
                arn: out.arn().unwrap_or_default().to_owned(),
            };
            let _ = self.known_caller.set(caller.clone());
            Ok(caller)
        })
    }

    fn bucket_exists<'a>(&'a self, bucket: &'a str) -> Call<'a, bool> {
        Box::pin(self.head_bucket(bucket))
    }

    fn log_group_exists<'a>(&'a self, name: &'a str) -> Call<'a, bool> {
        Box::pin(self.find_log_group(name))
    }

    fn describe_key<'a>(&'a self, key: &'a str) -> Call<'a, Option<KeyInfo>> {
        Box::pin(self.key(key))
    }

    fn create_import_change_set<'a>(
        &'a self,
        name: &'a str,
        request: &'a StackRequest,
        resources: &'a [ResourceImport],
    ) -> Call<'a, String> {
        Box::pin(self.import_change_set(name, request, resources))
    }

    fn detect_stack_drift<'a>(&'a self, stack_id: &'a str) -> Call<'a, String> {
        Box::pin(self.start_drift_detection(stack_id))
    }

    fn drift_detection_status<'a>(&'a self, detection_id: &'a str) -> Call<'a, DetectionState> {
        Box::pin(self.detection_state(detection_id))
    }

    fn resource_drifts<'a>(&'a self, stack_id: &'a str) -> Call<'a, Vec<ResourceDrift>> {
        Box::pin(self.drifted_resources(stack_id))
    }
}
