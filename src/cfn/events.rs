//! `AWS::Events::Rule`

use indexmap::IndexMap;
use serde::Serialize;

use super::get_att::HasArn;
use super::resource::ResourceType;
use crate::expr::Expr;

/// `AWS::Events::Rule`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Rule {
    /// The rule's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What it forwards.
    pub description: String,
    /// Whether the rule forwards events.
    pub state: RuleState,
    /// The event pattern (may hold intrinsics such as `Fn::If`).
    pub event_pattern: Expr,
    /// Where matches go.
    pub targets: Vec<RuleTarget>,
}

impl ResourceType for Rule {
    const TYPE: &'static str = "AWS::Events::Rule";
}

impl HasArn for Rule {}

/// Whether a rule forwards events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RuleState {
    /// It forwards matching events.
    Enabled,
    /// It forwards nothing.
    Disabled,
    /// It also matches management events CloudTrail delivers without a trail.
    EnabledWithAllCloudtrailManagementEvents,
}

/// One target of a rule.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Target {
    /// The target's ARN.
    pub arn: Expr,
    /// Unique within the rule.
    pub id: String,
    /// Reshapes the event before delivery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_transformer: Option<InputTransformer>,
    /// The role EventBridge delivers with (another event bus needs one).
    #[serde(rename = "RoleArn", skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<Expr>,
}

/// One entry of a rule's `Targets`: a target, or one of two chosen by a condition.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RuleTarget {
    /// Always this target.
    Always(Box<Target>),
    /// `Fn::If`: the first target where the condition holds, else the second.
    If(Box<IfTarget>),
}

impl From<Target> for RuleTarget {
    fn from(target: Target) -> Self {
        RuleTarget::Always(Box::new(target))
    }
}

impl RuleTarget {
    /// `then` where `condition` holds, `otherwise` elsewhere.
    pub fn when(condition: impl Into<String>, then: Target, otherwise: Target) -> Self {
        RuleTarget::If(Box::new(IfTarget {
            branches: (condition.into(), then, otherwise),
        }))
    }
}

/// `{"Fn::If": [condition, target, target]}`.
#[derive(Debug, Clone, Serialize)]
pub struct IfTarget {
    #[serde(rename = "Fn::If")]
    branches: (String, Target, Target),
}

/// Picks fields from the event and fills them into a template.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InputTransformer {
    /// Name → JSON path in the event.
    pub input_paths_map: IndexMap<String, String>,
    /// The delivered text, with `<name>` placeholders.
    pub input_template: String,
}
