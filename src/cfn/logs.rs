//! `AWS::Logs::*` resources: log groups and metric filters.

use serde::Serialize;

use super::get_att::HasArn;
use super::resource::ResourceType;
use crate::expr::Expr;

/// `AWS::Logs::LogGroup`
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogGroup {
    /// The group's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_group_name: Option<Expr>,
    /// Days to keep events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_in_days: Option<Expr>,
    /// KMS key ARN that encrypts the events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<Expr>,
}

impl ResourceType for LogGroup {
    const TYPE: &'static str = "AWS::Logs::LogGroup";
}

impl HasArn for LogGroup {}

/// `AWS::Logs::MetricFilter`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricFilter {
    /// The filter's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_name: Option<String>,
    /// The log group it reads.
    pub log_group_name: Expr,
    /// The CloudWatch Logs filter pattern (at most 1,024 characters).
    pub filter_pattern: String,
    /// The metric each match increments.
    pub metric_transformations: Vec<MetricTransformation>,
}

impl ResourceType for MetricFilter {
    const TYPE: &'static str = "AWS::Logs::MetricFilter";
}

/// The metric a filter publishes.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricTransformation {
    /// Metric name.
    pub metric_name: String,
    /// Metric namespace.
    pub metric_namespace: String,
    /// Value published per match.
    pub metric_value: String,
}
