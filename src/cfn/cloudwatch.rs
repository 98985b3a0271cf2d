//! `AWS::CloudWatch::Alarm`

use serde::Serialize;

use super::get_att::HasArn;
use super::resource::ResourceType;
use crate::expr::Expr;

/// `AWS::CloudWatch::Alarm` on one metric.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alarm {
    /// The alarm's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alarm_name: Option<String>,
    /// What it means when it fires.
    pub alarm_description: String,
    /// Metric namespace.
    pub namespace: String,
    /// Metric name.
    pub metric_name: String,
    /// `Sum`, `Average`, …
    pub statistic: String,
    /// Seconds per datapoint.
    pub period: u32,
    /// Datapoints compared.
    pub evaluation_periods: u32,
    /// The threshold.
    pub threshold: f64,
    /// E.g. `GreaterThanOrEqualToThreshold`.
    pub comparison_operator: String,
    /// `notBreaching`, `breaching`, `ignore` or `missing`.
    pub treat_missing_data: String,
    /// Notified when it fires.
    pub alarm_actions: Vec<Expr>,
}

impl ResourceType for Alarm {
    const TYPE: &'static str = "AWS::CloudWatch::Alarm";
}

impl HasArn for Alarm {}
