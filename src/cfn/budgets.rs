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
    /// `COST`, `USAGE`, …
    pub budget_type: String,
    /// `MONTHLY`, …
    pub time_unit: String,
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
    /// `ACTUAL` or `FORECASTED`.
    pub notification_type: String,
    /// `GREATER_THAN`, …
    pub comparison_operator: String,
    /// The threshold.
    pub threshold: Expr,
    /// `PERCENTAGE` or `ABSOLUTE_VALUE`.
    pub threshold_type: String,
}

/// A notification target.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subscriber {
    /// `SNS` or `EMAIL`.
    pub subscription_type: String,
    /// Topic ARN or address.
    pub address: Expr,
}
