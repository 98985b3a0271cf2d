//! `budgetAlarm`: a monthly cost budget that notifies the alert topic when actual spend or the
//! month's forecast crosses a share of the amount.

use schemars::JsonSchema;
use serde::Deserialize;

use super::option_checks::OptionError;
use crate::cfn::budgets::{
    Budget, BudgetData, BudgetType, ComparisonOperator, Notification, NotificationType,
    NotificationWithSubscribers, Spend, Subscriber, SubscriptionType, ThresholdType, TimeUnit,
};
use crate::cfn::{Output, Parameter, Template};

/// Render-time choices for `budgetAlarm`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct BudgetAlarmOptions {
    /// The budget's name.
    pub budget_name: String,
}

impl Default for BudgetAlarmOptions {
    fn default() -> Self {
        BudgetAlarmOptions {
            budget_name: "hydrate-monthly-cost".to_owned(),
        }
    }
}

/// Builds the `budgetAlarm` template.
pub fn build(o: &BudgetAlarmOptions) -> Result<Template, OptionError> {
    if o.budget_name.is_empty() || o.budget_name.len() > 100 || o.budget_name.contains([':', '\\'])
    {
        return Err(OptionError::new(
            "budgetName",
            format!(
                "`{}` is not a budget name; use 1 to 100 characters without `:` or `\\`",
                o.budget_name
            ),
        ));
    }
    let mut t = Template::new("hydrate budgetAlarm: monthly cost budget notifying the alert topic on actual and forecast spend");
    let amount = t.parameter(
        "BudgetAmount",
        Parameter::number()
            .description("monthly budget, in BudgetCurrency")
            .range(1.0, 1_000_000_000.0),
    );
    let currency = t.parameter(
        "BudgetCurrency",
        Parameter::string()
            .description("currency of the amount")
            .default_value("USD")
            .allowed_pattern(
                "^[A-Z]{3}$",
                "must be a three-letter currency code such as USD",
            ),
    );
    let actual = t.parameter(
        "ActualThresholdPercent",
        Parameter::number()
            .description("notify when actual spend passes this percentage of the budget")
            .default_value(80)
            .range(1.0, 1000.0),
    );
    let forecast = t.parameter(
        "ForecastThresholdPercent",
        Parameter::number()
            .description("notify when the month's forecast passes this percentage of the budget")
            .default_value(100)
            .range(1.0, 1000.0),
    );
    let topic =
        super::alarms::topic_parameter(&mut t, "the topic notified (snsNotify output TopicArn)");
    let notify =
        |kind: NotificationType, threshold: crate::cfn::Expr| NotificationWithSubscribers {
            notification: Notification {
                notification_type: kind,
                comparison_operator: ComparisonOperator::GreaterThan,
                threshold,
                threshold_type: ThresholdType::Percentage,
            },
            subscribers: vec![Subscriber {
                subscription_type: SubscriptionType::Sns,
                address: topic.r#ref(),
            }],
        };
    let budget = t.add(
        "Budget",
        Budget {
            budget: BudgetData {
                budget_name: Some(o.budget_name.clone()),
                budget_type: BudgetType::Cost,
                time_unit: TimeUnit::Monthly,
                budget_limit: Spend {
                    amount: amount.r#ref(),
                    unit: currency.r#ref(),
                },
            },
            notifications_with_subscribers: vec![
                notify(NotificationType::Actual, actual.r#ref()),
                notify(NotificationType::Forecasted, forecast.r#ref()),
            ],
        },
    );
    t.output(
        "BudgetName",
        Output::new(budget.r#ref()).description("the budget's name"),
    );
    Ok(t)
}
