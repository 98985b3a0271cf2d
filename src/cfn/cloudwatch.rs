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
    /// How datapoints of a period are combined.
    pub statistic: Statistic,
    /// Seconds per datapoint.
    pub period: u32,
    /// Datapoints compared.
    pub evaluation_periods: u32,
    /// The threshold.
    pub threshold: f64,
    /// How the statistic is compared with the threshold.
    pub comparison_operator: ComparisonOperator,
    /// What a period without datapoints counts as.
    pub treat_missing_data: TreatMissingData,
    /// Notified when it fires.
    pub alarm_actions: Vec<Expr>,
}

impl ResourceType for Alarm {
    const TYPE: &'static str = "AWS::CloudWatch::Alarm";
}

impl HasArn for Alarm {}

/// How an alarm combines the datapoints of one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Statistic {
    /// The number of datapoints.
    SampleCount,
    /// The mean.
    Average,
    /// The total.
    Sum,
    /// The lowest value.
    Minimum,
    /// The highest value.
    Maximum,
}

/// How an alarm compares its statistic with the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ComparisonOperator {
    /// `>=`
    GreaterThanOrEqualToThreshold,
    /// `>`
    GreaterThanThreshold,
    /// `<`
    LessThanThreshold,
    /// `<=`
    LessThanOrEqualToThreshold,
    /// Outside an anomaly-detection band.
    LessThanLowerOrGreaterThanUpperThreshold,
    /// Below an anomaly-detection band.
    LessThanLowerThreshold,
    /// Above an anomaly-detection band.
    GreaterThanUpperThreshold,
}

/// What an alarm makes of a period without datapoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TreatMissingData {
    /// It breaches the threshold.
    Breaching,
    /// It is within the threshold.
    NotBreaching,
    /// The alarm keeps its state.
    Ignore,
    /// It is missing: enough of them move the alarm to `INSUFFICIENT_DATA`.
    Missing,
}
