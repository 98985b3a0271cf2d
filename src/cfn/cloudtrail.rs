//! `AWS::CloudTrail::Trail`

use serde::Serialize;

use super::get_att::HasArn;
use super::resource::{Handle, ResourceType};
use crate::expr::Expr;

/// `AWS::CloudTrail::Trail`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Trail {
    /// The trail's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trail_name: Option<String>,
    /// Whether it is recording.
    pub is_logging: bool,
    /// The bucket that receives log files.
    pub s3_bucket_name: Expr,
    /// KMS key that encrypts log files.
    #[serde(rename = "KMSKeyId", skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<Expr>,
    /// Record every region.
    pub is_multi_region_trail: bool,
    /// Record global services (IAM, STS, CloudFront).
    pub include_global_service_events: bool,
    /// Write digest files so tampering can be detected.
    pub enable_log_file_validation: bool,
    /// Log group that also receives the events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_watch_logs_log_group_arn: Option<Expr>,
    /// Role CloudTrail writes to the log group with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_watch_logs_role_arn: Option<Expr>,
    /// Which events are recorded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub event_selectors: Vec<EventSelector>,
}

impl ResourceType for Trail {
    const TYPE: &'static str = "AWS::CloudTrail::Trail";
}

impl HasArn for Trail {}

impl Handle<Trail> {
    /// `Fn::GetAtt` `SnsTopicArn`: the topic the trail notifies of new log files, if it has one.
    pub fn sns_topic_arn(&self) -> Expr {
        self.attribute("SnsTopicArn")
    }
}

/// Which events a trail records.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventSelector {
    /// Management (control-plane) events.
    pub include_management_events: bool,
    /// Reads, writes or both.
    pub read_write_type: ReadWriteType,
}

/// Which management events a selector records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ReadWriteType {
    /// Reads and writes.
    All,
    /// Reads only.
    ReadOnly,
    /// Writes only.
    WriteOnly,
}
