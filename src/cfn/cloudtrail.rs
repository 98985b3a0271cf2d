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
    /// Record every account of the organization (only the management account can create it).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_organization_trail: bool,
    /// Log group that also receives the events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_watch_logs_log_group_arn: Option<Expr>,
    /// Role CloudTrail writes to the log group with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_watch_logs_role_arn: Option<Expr>,
    /// Which events are recorded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub event_selectors: Vec<EventSelector>,
    /// Which events are recorded, by field (data events need them); never with `event_selectors`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub advanced_event_selectors: Vec<AdvancedEventSelector>,
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

/// One advanced event selector: an event is recorded when every field selector matches.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdvancedEventSelector {
    /// What the selector records, for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The conditions, all of which hold.
    pub field_selectors: Vec<FieldSelector>,
}

/// One field of an advanced event selector and the values it matches.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FieldSelector {
    /// `eventCategory`, `resources.type`, `resources.ARN`, `readOnly`, ….
    pub field: String,
    /// The field equals one of these.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub equals: Vec<Expr>,
    /// The field starts with one of these.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub starts_with: Vec<Expr>,
    /// The field starts with none of these.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_starts_with: Vec<Expr>,
}

impl FieldSelector {
    /// `field` equals one of `values`.
    pub fn equals<E: Into<Expr>>(field: &str, values: impl IntoIterator<Item = E>) -> Self {
        FieldSelector {
            field: field.to_owned(),
            equals: values.into_iter().map(Into::into).collect(),
            ..FieldSelector::default()
        }
    }
}
