//! The alert topic's subscriptions. SNS cancels a subscription on an unsigned `Unsubscribe` — the
//! link at the foot of every alert email — unless it was confirmed with
//! `AuthenticateOnUnsubscribe`. So hydrate confirms subscriptions itself, signed, from the
//! confirmation link the subscriber received, and audits each one: can anyone holding one of its
//! emails silence the alerts?

use serde::Serialize;

use super::aws::Aws;
use super::aws_error::classify;
use super::error::DeployError;

/// A subscription confirmation: the topic and the token SNS mailed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    /// The topic ARN.
    pub topic_arn: String,
    /// The confirmation token.
    pub token: String,
}

/// Why a confirmation link cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// Not the link SNS mails.
    #[error("`{0}` is not an SNS confirmation link; copy the whole \"Confirm subscription\" link from the email (it starts with https://sns. and has Action=ConfirmSubscription), without opening it")]
    NotALink(String),
    /// The link's topic is in another account.
    #[error("the link confirms a subscription to {topic}, a topic of account {found}, not of {expected}")]
    OtherAccount {
        /// The topic ARN.
        topic: String,
        /// Its account.
        found: String,
        /// The account file's.
        expected: String,
    },
}

/// Reads topic and token from a confirmation link, which must name a topic of `account`.
pub fn parse_link(link: &str, account: &str) -> Result<Confirmation, LinkError> {
    let not_a_link = || LinkError::NotALink(link.to_owned());
    let query = link
        .trim()
        .strip_prefix("https://sns.")
        .and_then(|rest| rest.split_once('?'))
        .map(|(_, q)| q)
        .ok_or_else(not_a_link)?;
    let mut topic = None;
    let mut token = None;
    let mut action = None;
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = percent_decode(v).ok_or_else(not_a_link)?;
        match k {
            "TopicArn" => topic = Some(v),
            "Token" => token = Some(v),
            "Action" => action = Some(v),
            _ => {}
        }
    }
    let (Some(topic_arn), Some(token), Some("ConfirmSubscription")) =
        (topic, token, action.as_deref())
    else {
        return Err(not_a_link());
    };
    let found = topic_arn.split(':').nth(4).unwrap_or_default().to_owned();
    if found != account {
        return Err(LinkError::OtherAccount {
            topic: topic_arn,
            found,
            expected: account.to_owned(),
        });
    }
    Ok(Confirmation { topic_arn, token })
}

/// `%XX` escapes decoded (`+` is not a space in these links); `None` on a broken escape.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Confirms a subscription, signed, so that cancelling it needs a signed request too; returns the
/// subscription's ARN.
pub async fn confirm(aws: &Aws, c: &Confirmation) -> Result<String, DeployError> {
    let out = aws
        .sns
        .confirm_subscription()
        .topic_arn(&c.topic_arn)
        .token(&c.token)
        .authenticate_on_unsubscribe("true")
        .send()
        .await
        .map_err(|e| classify("sns:ConfirmSubscription", e))?;
    Ok(out.subscription_arn().unwrap_or_default().to_owned())
}

/// One subscription of the topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubscriptionState {
    /// Its ARN, or `PendingConfirmation`.
    pub arn: String,
    /// `email`, `sqs`, ….
    pub protocol: String,
    /// Where it delivers.
    pub endpoint: String,
    /// Not confirmed yet: it delivers nothing.
    pub pending: bool,
    /// Cancelling it needs a signed request (confirmed with `AuthenticateOnUnsubscribe`).
    pub unsubscribe_needs_signature: bool,
}

impl SubscriptionState {
    /// What is wrong with it, if anything.
    pub fn problem(&self) -> Option<&'static str> {
        if self.pending {
            Some("not confirmed: it delivers no alerts")
        } else if !self.unsubscribe_needs_signature {
            Some("anyone holding one of its alert emails can cancel it (confirmed from the link, not signed)")
        } else {
            None
        }
    }
}

/// The alert topic's ARN: the `TopicArn` output of the deployed stack `stack_name`.
pub async fn topic_of(aws: &Aws, stack_name: &str) -> Result<Option<String>, DeployError> {
    let out = aws
        .cfn
        .describe_stacks()
        .stack_name(stack_name)
        .send()
        .await
        .map_err(|e| classify("cloudformation:DescribeStacks", e))?;
    Ok(out
        .stacks()
        .iter()
        .flat_map(|s| s.outputs())
        .find(|o| o.output_key() == Some("TopicArn"))
        .and_then(|o| o.output_value())
        .map(str::to_owned))
}

/// Every subscription of the topic, with whether an unsigned request can cancel it.
pub async fn subscriptions(
    aws: &Aws,
    topic_arn: &str,
) -> Result<Vec<SubscriptionState>, DeployError> {
    let mut out = Vec::new();
    let mut pages = aws
        .sns
        .list_subscriptions_by_topic()
        .topic_arn(topic_arn)
        .into_paginator()
        .items()
        .send();
    while let Some(s) = pages.next().await {
        let s = s.map_err(|e| classify("sns:ListSubscriptionsByTopic", e))?;
        let arn = s.subscription_arn().unwrap_or_default().to_owned();
        let pending = !arn.starts_with("arn:");
        let signed = if pending {
            false
        } else {
            let attributes = aws
                .sns
                .get_subscription_attributes()
                .subscription_arn(&arn)
                .send()
                .await
                .map_err(|e| classify("sns:GetSubscriptionAttributes", e))?;
            attributes
                .attributes()
                .and_then(|a| a.get("ConfirmationWasAuthenticated"))
                .is_some_and(|v| v == "true")
        };
        out.push(SubscriptionState {
            arn,
            protocol: s.protocol().unwrap_or_default().to_owned(),
            endpoint: s.endpoint().unwrap_or_default().to_owned(),
            pending,
            unsubscribe_needs_signature: signed,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://sns.us-east-1.amazonaws.com/confirmation.html?TopicArn=arn:aws:sns:us-east-1:123456789012:hydrate-alerts&Token=2336412f37fb687f5d51e6e2425c464de257e%2Bab&Endpoint=alerts@example.com&Action=ConfirmSubscription";

    #[test]
    fn a_confirmation_link_gives_topic_and_token() {
        let c = parse_link(LINK, "123456789012").expect("parses");
        assert_eq!(
            c.topic_arn,
            "arn:aws:sns:us-east-1:123456789012:hydrate-alerts"
        );
        assert_eq!(c.token, "2336412f37fb687f5d51e6e2425c464de257e+ab");
    }

    #[test]
    fn other_links_and_other_accounts_are_refused() {
        assert!(matches!(
            parse_link(LINK, "210987654321"),
            Err(LinkError::OtherAccount { .. })
        ));
        for bad in [
            "2336412f37fb",
            "https://evil.example.com/?Action=ConfirmSubscription&TopicArn=a&Token=b",
            "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=x",
            "https://sns.us-east-1.amazonaws.com/?TopicArn=%ZZ&Token=t&Action=ConfirmSubscription",
        ] {
            assert!(
                matches!(parse_link(bad, "123456789012"), Err(LinkError::NotALink(_))),
                "{bad}"
            );
        }
    }
}
