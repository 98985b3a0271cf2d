//! `AWS::Config::*` resources: the configuration recorder and its delivery channel.

use serde::Serialize;

use super::resource::ResourceType;
use crate::expr::Expr;

/// `AWS::Config::ConfigurationRecorder`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfigurationRecorder {
    /// The recorder's name (one recorder per region).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The role AWS Config reads resources with.
    #[serde(rename = "RoleARN")]
    pub role_arn: Expr,
    /// Which resource types are recorded.
    pub recording_group: RecordingGroup,
}

/// `RecordingGroup`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordingGroup {
    /// Every resource type AWS Config supports in the region, new ones included.
    pub all_supported: bool,
    /// Also the global types (IAM): one region per account should, or each change is recorded
    /// once per region.
    pub include_global_resource_types: Expr,
}

impl ResourceType for ConfigurationRecorder {
    const TYPE: &'static str = "AWS::Config::ConfigurationRecorder";
}

/// `AWS::Config::DeliveryChannel`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeliveryChannel {
    /// The channel's name (one channel per region).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The bucket that receives history files and snapshots.
    pub s3_bucket_name: Expr,
    /// How often configuration snapshots are delivered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_snapshot_delivery_properties: Option<SnapshotDeliveryProperties>,
}

/// `ConfigSnapshotDeliveryProperties`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnapshotDeliveryProperties {
    /// How often a snapshot is delivered.
    pub delivery_frequency: DeliveryFrequency,
}

/// How often AWS Config delivers a configuration snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DeliveryFrequency {
    /// Every hour.
    #[serde(rename = "One_Hour")]
    OneHour,
    /// Every 3 hours.
    #[serde(rename = "Three_Hours")]
    ThreeHours,
    /// Every 6 hours.
    #[serde(rename = "Six_Hours")]
    SixHours,
    /// Every 12 hours.
    #[serde(rename = "Twelve_Hours")]
    TwelveHours,
    /// Every 24 hours.
    #[serde(rename = "TwentyFour_Hours")]
    TwentyFourHours,
}

impl ResourceType for DeliveryChannel {
    const TYPE: &'static str = "AWS::Config::DeliveryChannel";
}

/// `AWS::Config::ConfigurationAggregator`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfigurationAggregator {
    /// The aggregator's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configuration_aggregator_name: Option<String>,
    /// Aggregation from every account of the organization.
    pub organization_aggregation_source: OrganizationAggregationSource,
}

/// `OrganizationAggregationSource`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrganizationAggregationSource {
    /// The role AWS Config reads the organization with (`AWSConfigRoleForOrganizations`).
    #[serde(rename = "RoleArn")]
    pub role_arn: Expr,
    /// Every region, new ones included.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub all_aws_regions: bool,
    /// These regions only (with `all_aws_regions` false).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aws_regions: Vec<String>,
}

impl ResourceType for ConfigurationAggregator {
    const TYPE: &'static str = "AWS::Config::ConfigurationAggregator";
}
