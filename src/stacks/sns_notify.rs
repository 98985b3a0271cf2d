//! `snsNotify`: the alert topic every alarm, budget and GuardDuty rule notifies, encrypted with a
//! customer-managed key that those services may use, and one email subscription.

use schemars::JsonSchema;
use serde::Deserialize;

use super::guard::{deny_roles_but_admin, AdminRole};
use super::keys::retained_key;
use super::option_checks::OptionError;
use crate::cfn::sns::{Protocol, Subscription, Topic, TopicPolicy};
use crate::cfn::{account_id, sub, Output, Parameter, Template};
use crate::iam::{deny_insecure_transport, Condition, PolicyDocument, Principal, Statement};

/// Render-time choices for `snsNotify`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct SnsNotifyOptions {
    /// The topic's name.
    pub topic_name: String,
    /// Sender name shown in alert emails.
    pub display_name: String,
    /// The name prefix of the alarms and EventBridge rules that may publish to the topic
    /// (`<prefix>-*`): the alarm stacks' `namePrefix`, the start of the findings stacks' `ruleName`.
    pub source_prefix: String,
    /// The iamSetup admin role that alone may administer the topic and its key (iamSetup's
    /// `path` and `namePrefix`).
    pub admin_role: AdminRole,
}

impl Default for SnsNotifyOptions {
    fn default() -> Self {
        SnsNotifyOptions {
            topic_name: "hydrate-alerts".to_owned(),
            display_name: "hydrate alerts".to_owned(),
            source_prefix: "hydrate".to_owned(),
            admin_role: AdminRole::default(),
        }
    }
}

/// The services that publish alerts.
const PUBLISHERS: &[&str] = &[
    "budgets.amazonaws.com",
    "cloudwatch.amazonaws.com",
    "events.amazonaws.com",
];

/// The topic-changing actions a topic policy can name (SNS refuses the others there); tagging
/// and data protection are denied by the roles' own `protect-baseline` policy. Publishing and
/// subscribing too: a role could bury real alerts or read every one of them as it happens.
const TOPIC_POLICY_TAMPERING: &[&str] = &[
    "sns:AddPermission",
    "sns:DeleteTopic",
    "sns:Publish",
    "sns:RemovePermission",
    "sns:SetTopicAttributes",
    "sns:Subscribe",
];

fn key_policy() -> PolicyDocument {
    // No source conditions: EventBridge deliveries carry none, and a conditioned grant would make
    // SNS drop every GuardDuty notification without an error.
    PolicyDocument::new([
        Statement::allow(["kms:*"])
            .sid("AccountAdministersKeyThroughIam")
            .principal(Principal::this_account())
            .on_all(),
        Statement::allow(["kms:Decrypt", "kms:GenerateDataKey*"])
            .sid("AlertPublishersEncryptMessages")
            .principal(Principal::Service(
                PUBLISHERS.iter().map(|&s| s.into()).collect(),
            ))
            .on_all(),
    ])
}

/// Builds the `snsNotify` template.
pub fn build(o: &SnsNotifyOptions) -> Result<Template, OptionError> {
    o.admin_role.validate()?;
    let name_ok = !o.topic_name.is_empty()
        && o.topic_name.len() <= 256
        && o.topic_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !name_ok {
        return Err(OptionError::new(
            "topicName",
            format!(
                "`{}` is not a topic name; use up to 256 letters, digits, `-` or `_`",
                o.topic_name
            ),
        ));
    }
    super::option_checks::check_prefix("sourcePrefix", &o.source_prefix)?;
    if o.display_name.len() > 100 {
        return Err(OptionError::new(
            "displayName",
            "use at most 100 characters",
        ));
    }
    let mut t =
        Template::new("hydrate snsNotify: the encrypted alert topic and its email subscription");
    let email = t.parameter(
        "AlertEmail",
        Parameter::string()
            .description("address that receives alerts; it must confirm the subscription email")
            .allowed_pattern(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", "must be an email address"),
    );
    let key = retained_key(
        &mut t,
        "TopicKey",
        &o.topic_name,
        format!("hydrate: encrypts messages of the {} topic", o.topic_name),
        key_policy(),
        &o.admin_role,
    );
    let topic = t.add(
        "Topic",
        Topic {
            topic_name: Some(o.topic_name.clone()),
            display_name: Some(o.display_name.clone()),
            kms_master_key_id: Some(key.arn()),
        },
    );
    t.add(
        "EmailSubscription",
        Subscription {
            topic_arn: topic.r#ref(),
            protocol: Protocol::Email,
            endpoint: email.r#ref(),
        },
    );
    let on_topic = || [topic.r#ref()];
    // Only the baseline's alarms and rules: any other alarm or rule of the account (an operator
    // has cloudwatch:* and events:*) would otherwise mail the security inbox whatever it likes.
    let prefix = &o.source_prefix;
    t.add(
        "TopicPolicy",
        TopicPolicy {
            topics: vec![topic.r#ref()],
            policy_document: PolicyDocument::new([
                // A topic policy replaces the default one: keep the owner's rights, or the account
                // loses its own topic.
                Statement::allow([
                    "sns:AddPermission",
                    "sns:DeleteTopic",
                    "sns:GetTopicAttributes",
                    "sns:ListSubscriptionsByTopic",
                    "sns:Publish",
                    "sns:RemovePermission",
                    "sns:SetTopicAttributes",
                    "sns:Subscribe",
                ])
                .sid("AccountOwnerDefaults")
                .principal(Principal::this_account())
                .on(on_topic()),
                Statement::allow(["sns:Publish"])
                    .sid("CloudWatchAlarmsPublish")
                    .principal(Principal::service("cloudwatch.amazonaws.com"))
                    .on(on_topic())
                    .when(Condition::new(
                        "ArnLike",
                        "aws:SourceArn",
                        [sub(format!("arn:${{AWS::Partition}}:cloudwatch:${{AWS::Region}}:${{AWS::AccountId}}:alarm:{prefix}-*"))],
                    )),
                Statement::allow(["sns:Publish"])
                    .sid("EventBridgeRulesPublish")
                    .principal(Principal::service("events.amazonaws.com"))
                    .on(on_topic())
                    .when(Condition::new(
                        "ArnLike",
                        "aws:SourceArn",
                        [sub(format!("arn:${{AWS::Partition}}:events:${{AWS::Region}}:${{AWS::AccountId}}:rule/{prefix}-*"))],
                    )),
                Statement::allow(["sns:Publish"])
                    .sid("BudgetsPublish")
                    .principal(Principal::service("budgets.amazonaws.com"))
                    .on(on_topic())
                    .when(Condition::new("StringEquals", "aws:SourceAccount", [account_id()])),
                deny_insecure_transport(&["sns:Publish"], on_topic()),
                deny_roles_but_admin("DenyTopicTamperingButAdmin", TOPIC_POLICY_TAMPERING, on_topic(), &o.admin_role),
            ]),
        },
    );
    t.output(
        "TopicArn",
        Output::new(topic.r#ref())
            .description("the alert topic")
            .exported("TopicArn"),
    );
    t.output(
        "TopicName",
        Output::new(topic.topic_name())
            .description("name of the alert topic")
            .exported("TopicName"),
    );
    t.output(
        "KeyArn",
        Output::new(key.arn())
            .description("KMS key of the alert topic")
            .exported("KeyArn"),
    );
    Ok(t)
}
