//! `AWS::Budgets::Budget`

use serde::Serialize;

use super::resource::ResourceType;
use crate::expr::Expr;

/// `AWS::Budgets::Budget` with its notifications.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Budget {
    /// What is budgeted.
    pub budget: BudgetData,
    /// Who is told, and when.
    pub notifications_with_subscribers: Vec<NotificationWithSubscribers>,
}

impl ResourceType for Budget {
    const TYPE: &'static str = "AWS::Budgets::Budget";
}

/// The budget itself.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BudgetData {
    /// The budget's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_name: Option<String>,
    /// What is measured.
    pub budget_type: BudgetType,
    /// The period the amount covers.
    pub time_unit: TimeUnit,
    /// The amount.
    pub budget_limit: Spend,
}

/// An amount of money.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Spend {
    /// The amount.
    pub amount: Expr,
    /// The currency, e.g. `USD`.
    pub unit: Expr,
}

/// One notification and its subscribers.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NotificationWithSubscribers {
    /// When to notify.
    pub notification: Notification,
    /// Whom to notify.
    pub subscribers: Vec<Subscriber>,
}

/// When a budget notifies.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Notification {
    /// Spend so far or the period's forecast.
    pub notification_type: NotificationType,
    /// How spend is compared with the threshold.
    pub comparison_operator: ComparisonOperator,
    /// The threshold.
    pub threshold: Expr,
    /// Whether the threshold is a share of the budget or an amount.
    pub threshold_type: ThresholdType,
}

/// A notification target.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subscriber {
    /// A topic or an email address.
    pub subscription_type: SubscriptionType,
    /// Topic ARN or address.
    pub address: Expr,
}

/// What a budget measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BudgetType {
    /// Cost, in the budget's currency.
    Cost,
    /// Usage, in the usage type's unit.
    Usage,
    /// Reserved Instance utilization.
    RiUtilization,
    /// Reserved Instance coverage.
    RiCoverage,
    /// Savings Plans utilization.
    SavingsPlansUtilization,
    /// Savings Plans coverage.
    SavingsPlansCoverage,
}

/// The period a budget's amount covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TimeUnit {
    /// One day.
    Daily,
    /// One calendar month.
    Monthly,
    /// Three calendar months.
    Quarterly,
    /// One year.
    Annually,
}

/// Which spend a notification compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NotificationType {
    /// Spend so far.
    Actual,
    /// The period's forecast.
    Forecasted,
}

/// How a notification compares spend with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ComparisonOperator {
    /// Spend above the threshold.
    GreaterThan,
    /// Spend below the threshold.
    LessThan,
    /// Spend at the threshold.
    EqualTo,
}

/// What a notification's threshold is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ThresholdType {
    /// A percentage of the budgeted amount.
    Percentage,
    /// An amount in the budget's currency.
    AbsoluteValue,
}

/// How a subscriber is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SubscriptionType {
    /// An SNS topic.
    Sns,
    /// An email address.
    Email,
}
