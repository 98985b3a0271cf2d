//! `AWS::SNS::*` resources: topics, subscriptions and topic policies.

use serde::Serialize;

use super::resource::{Handle, ResourceType};
use crate::expr::Expr;
use crate::iam::PolicyDocument;

/// `AWS::SNS::Topic`
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Topic {
    /// The topic's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic_name: Option<String>,
    /// Sender name of email notifications.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// KMS key that encrypts messages at rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_master_key_id: Option<Expr>,
}

impl ResourceType for Topic {
    const TYPE: &'static str = "AWS::SNS::Topic";
}

impl Handle<Topic> {
    /// `Fn::GetAtt` `TopicArn`: the topic's ARN, the same value its `Ref` returns.
    pub fn topic_arn(&self) -> Expr {
        self.attribute("TopicArn")
    }

    /// `Fn::GetAtt` `TopicName`: the topic's name.
    pub fn topic_name(&self) -> Expr {
        self.attribute("TopicName")
    }
}

/// `AWS::SNS::Subscription`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subscription {
    /// The topic.
    pub topic_arn: Expr,
    /// How messages reach the endpoint.
    pub protocol: Protocol,
    /// The address.
    pub endpoint: Expr,
}

impl ResourceType for Subscription {
    const TYPE: &'static str = "AWS::SNS::Subscription";
}

/// How a subscription delivers messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Protocol {
    /// Email with the message text.
    Email,
    /// Email with the message as JSON.
    EmailJson,
    /// HTTP POST.
    Http,
    /// HTTPS POST.
    Https,
    /// An SQS queue.
    Sqs,
    /// A Lambda function.
    Lambda,
    /// A Data Firehose delivery stream.
    Firehose,
    /// A text message.
    Sms,
    /// A mobile push endpoint.
    Application,
}

/// `AWS::SNS::TopicPolicy`
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TopicPolicy {
    /// The topics it applies to.
    pub topics: Vec<Expr>,
    /// The statements.
    pub policy_document: PolicyDocument,
}

impl ResourceType for TopicPolicy {
    const TYPE: &'static str = "AWS::SNS::TopicPolicy";
}
