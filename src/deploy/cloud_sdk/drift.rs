//! The SDK calls of CloudFormation's drift detection: `DetectStackDrift`,
//! `DescribeStackDriftDetectionStatus` and `DescribeStackResourceDrifts` (every page).

use aws_sdk_cloudformation::types::{
    StackDriftDetectionStatus, StackResourceDrift, StackResourceDriftStatus,
};

use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, AwsError};
use crate::deploy::cloud::{DetectionState, PropertyDrift, ResourceDrift};

impl Aws {
    /// `DetectStackDrift`: the detection id.
    pub(super) async fn start_drift_detection(&self, stack_id: &str) -> Result<String, AwsError> {
        let out = self
            .cfn
            .detect_stack_drift()
            .stack_name(stack_id)
            .send()
            .await
            .map_err(|e| classify("cloudformation:DetectStackDrift", e))?;
        Ok(out
            .stack_drift_detection_id()
            .unwrap_or_default()
            .to_owned())
    }

    /// `DescribeStackDriftDetectionStatus`.
    pub(super) async fn detection_state(
        &self,
        detection_id: &str,
    ) -> Result<DetectionState, AwsError> {
        let out = self
            .cfn
            .describe_stack_drift_detection_status()
            .stack_drift_detection_id(detection_id)
            .send()
            .await
            .map_err(|e| classify("cloudformation:DescribeStackDriftDetectionStatus", e))?;
        Ok(match out.detection_status() {
            Some(StackDriftDetectionStatus::DetectionComplete) => DetectionState::Complete,
            Some(StackDriftDetectionStatus::DetectionFailed) => DetectionState::Failed(
                out.detection_status_reason()
                    .unwrap_or("no reason given")
                    .to_owned(),
            ),
            _ => DetectionState::Running,
        })
    }

    /// `DescribeStackResourceDrifts` of the modified and deleted resources, every page.
    pub(super) async fn drifted_resources(
        &self,
        stack_id: &str,
    ) -> Result<Vec<ResourceDrift>, AwsError> {
        let mut pages = self
            .cfn
            .describe_stack_resource_drifts()
            .stack_name(stack_id)
            .stack_resource_drift_status_filters(StackResourceDriftStatus::Modified)
            .stack_resource_drift_status_filters(StackResourceDriftStatus::Deleted)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| classify("cloudformation:DescribeStackResourceDrifts", e))?;
            out.extend(page.stack_resource_drifts().iter().map(resource_drift));
        }
        Ok(out)
    }
}

fn resource_drift(d: &StackResourceDrift) -> ResourceDrift {
    ResourceDrift {
        logical_id: d.logical_resource_id().unwrap_or_default().to_owned(),
        physical_id: d.physical_resource_id().unwrap_or_default().to_owned(),
        resource_type: d.resource_type().unwrap_or_default().to_owned(),
        status: d
            .stack_resource_drift_status()
            .map_or("MODIFIED", |x| x.as_str())
            .to_owned(),
        properties: d
            .property_differences()
            .iter()
            .map(|p| PropertyDrift {
                path: p.property_path().unwrap_or_default().to_owned(),
                expected: p.expected_value().unwrap_or_default().to_owned(),
                actual: p.actual_value().unwrap_or_default().to_owned(),
                difference: p
                    .difference_type()
                    .map_or("NOT_EQUAL", |x| x.as_str())
                    .to_owned(),
            })
            .collect(),
    }
}
