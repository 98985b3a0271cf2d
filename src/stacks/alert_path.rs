//! The alert path of a regional findings stack (guardDuty, securityHub): findings reach the one
//! alert topic of the home region. An SNS topic takes EventBridge events from its own region only,
//! so in the home region the rule targets the topic, and in every other region it forwards the
//! findings to the home region's default event bus, where the home region's own rule (its pattern
//! has no region filter) delivers them to the topic.

use crate::cfn::events::{InputTransformer, RuleTarget, Target};
use crate::cfn::iam::{InlinePolicy, Role};
use crate::cfn::{equals, not, region, sub, Expr, Handle, Parameter, Resource, Template};
use crate::iam::{Condition, PolicyDocument, Principal, Statement};

/// The condition true in the home region (and where no `HomeRegion` is given).
pub(super) const IN_HOME_REGION: &str = "InHomeRegion";

/// The `HomeRegion` parameter and the [`IN_HOME_REGION`] condition. Empty means this region, so a
/// stack file written before regions existed deploys as it did.
pub(super) fn home_region(t: &mut Template, what_for: &str) -> Handle<Parameter> {
    let home = t.parameter(
        "HomeRegion",
        Parameter::string()
            .description(format!(
                "the account's home region ({{{{account.region}}}}), {what_for}; empty: this region"
            ))
            .default_value("")
            .allowed_pattern(
                r"^([a-z]{2}(-[a-z]+)+-\d)?$",
                "must be a region name or empty",
            ),
    );
    t.condition(
        IN_HOME_REGION,
        Expr::Or(vec![
            equals(home.r#ref(), ""),
            equals(home.r#ref(), region()),
        ]),
    );
    home
}

/// Where a findings rule delivers: the topic at home, the home region's bus elsewhere.
pub(super) struct AlertPath {
    topic: Handle<Parameter>,
    forward_role: Handle<Role>,
}

/// Adds the home region's parameter and conditions and the role that forwards findings of the
/// rule named `rule_name` to the home region's default event bus (created outside the home
/// region only).
pub(super) fn alert_path(t: &mut Template, topic: Handle<Parameter>, rule_name: &str) -> AlertPath {
    home_region(t, "where the alert topic is");
    let elsewhere = t.condition(
        "NotInHomeRegion",
        not(Expr::Condition(IN_HOME_REGION.to_owned())),
    );
    let rule_arn = sub(format!(
        "arn:${{AWS::Partition}}:events:${{AWS::Region}}:${{AWS::AccountId}}:rule/{rule_name}"
    ));
    let trust = PolicyDocument::new([Statement::allow(["sts:AssumeRole"])
        .sid("EventBridgeForThisRule")
        .principal(Principal::service("events.amazonaws.com"))
        .when(Condition::new("StringEquals", "aws:SourceArn", [rule_arn]))]);
    let forward = PolicyDocument::new([Statement::allow(["events:PutEvents"])
        .sid("PutEventsOnTheHomeRegionsBusOnly")
        .on([home_bus()])]);
    let forward_role = t.add(
        "ForwardRole",
        Resource::new(Role {
            description: Some(
                "EventBridge forwards this region's findings to the home region's default bus"
                    .to_owned(),
            ),
            policies: vec![InlinePolicy {
                policy_name: "forward-findings-home".to_owned(),
                policy_document: forward,
            }],
            ..Role::trusting(trust)
        })
        .condition(elsewhere),
    );
    AlertPath {
        topic,
        forward_role,
    }
}

/// The home region's default event bus.
fn home_bus() -> Expr {
    sub("arn:${AWS::Partition}:events:${HomeRegion}:${AWS::AccountId}:event-bus/default")
}

impl AlertPath {
    /// The rule's one target: the topic (`AlertTopic`, with the readable message) at home, the
    /// home region's bus (`HomeRegionBus`, the event unchanged) elsewhere.
    pub(super) fn target(&self, message: InputTransformer) -> RuleTarget {
        RuleTarget::when(
            IN_HOME_REGION,
            Target {
                arn: self.topic.r#ref(),
                id: "AlertTopic".to_owned(),
                input_transformer: Some(message),
                role_arn: None,
            },
            Target {
                arn: home_bus(),
                id: "HomeRegionBus".to_owned(),
                input_transformer: None,
                role_arn: Some(self.forward_role.arn()),
            },
        )
    }
}
