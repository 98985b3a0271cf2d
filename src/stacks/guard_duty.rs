//! `guardDuty`: the region's GuardDuty detector and a rule that emails findings at or above a
//! severity, reshaped into a message a person can read; outside the home region the rule forwards
//! them to the home region's bus instead (`alert_path`).

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::alert_path::alert_path;
use super::option_checks::OptionError;
use crate::cfn::events::{InputTransformer, Rule, RuleState};
use crate::cfn::guardduty::{Detector, FindingPublishingFrequency};
use crate::cfn::{account_id, equals, if_, Expr, Output, Parameter, Template};

/// How often GuardDuty publishes updates of existing findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PublishingFrequency {
    /// Every 15 minutes.
    FifteenMinutes,
    /// Every hour.
    OneHour,
    /// Every six hours (GuardDuty's default).
    SixHours,
}

impl From<PublishingFrequency> for FindingPublishingFrequency {
    fn from(frequency: PublishingFrequency) -> Self {
        match frequency {
            PublishingFrequency::FifteenMinutes => FindingPublishingFrequency::FifteenMinutes,
            PublishingFrequency::OneHour => FindingPublishingFrequency::OneHour,
            PublishingFrequency::SixHours => FindingPublishingFrequency::SixHours,
        }
    }
}

/// Render-time choices for `guardDuty`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct GuardDutyOptions {
    /// How often updates of existing findings are published.
    pub finding_publishing_frequency: PublishingFrequency,
    /// The rule's name.
    pub rule_name: String,
}

impl Default for GuardDutyOptions {
    fn default() -> Self {
        GuardDutyOptions {
            finding_publishing_frequency: PublishingFrequency::FifteenMinutes,
            rule_name: "hydrate-guardduty-findings".to_owned(),
        }
    }
}

/// GuardDuty's severity bands and the lowest score of each.
const SEVERITIES: &[(&str, f64)] = &[
    ("LOW", 1.0),
    ("MEDIUM", 4.0),
    ("HIGH", 7.0),
    ("CRITICAL", 9.0),
];

/// A rule name EventBridge accepts, or the option error naming `ruleName`.
pub(super) fn check_rule_name(name: &str) -> Result<(), OptionError> {
    let name_ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if name_ok {
        return Ok(());
    }
    Err(OptionError::new(
        "ruleName",
        format!("`{name}` is not a rule name; use up to 64 letters, digits, `.`, `_` or `-`"),
    ))
}

/// Builds the `guardDuty` template.
pub fn build(o: &GuardDutyOptions) -> Result<Template, OptionError> {
    check_rule_name(&o.rule_name)?;
    let mut t = Template::new(
        "hydrate guardDuty: the GuardDuty detector and readable alerts for its findings",
    );
    let severity = t.parameter(
        "MinSeverity",
        Parameter::string()
            .description("alert on findings of this severity and above")
            .default_value("MEDIUM")
            .allowed_values(SEVERITIES.iter().map(|(name, _)| *name)),
    );
    let topic =
        super::alarms::topic_parameter(&mut t, "the topic notified (snsNotify output TopicArn)");
    // Event patterns need the score as a number, which a Ref to a String parameter would not
    // give; pick among literal scores instead, from the highest band down.
    let mut min_score = Expr::Json(json!(SEVERITIES[0].1));
    for (name, score) in &SEVERITIES[1..] {
        let condition = t.condition(
            &format!("Min{}{}", &name[..1], name[1..].to_lowercase()),
            equals(severity.r#ref(), *name),
        );
        min_score = if_(condition, Expr::Json(json!(score)), min_score);
    }
    // This account's findings only: an account let onto the bus must not reach the topic.
    let event_pattern = json!({
        "source": ["aws.guardduty"],
        "account": [account_id()],
        "detail-type": ["GuardDuty Finding"],
        "detail": { "severity": [{ "numeric": [">=", min_score] }] }
    });
    let detector = t.add(
        "Detector",
        Detector {
            enable: true,
            finding_publishing_frequency: Some(o.finding_publishing_frequency.into()),
        },
    );
    let path = alert_path(&mut t, topic, &o.rule_name);
    let paths: IndexMap<String, String> = [
        ("severity", "$.detail.severity"),
        ("type", "$.detail.type"),
        ("title", "$.detail.title"),
        ("description", "$.detail.description"),
        ("account", "$.account"),
        ("region", "$.region"),
        ("id", "$.detail.id"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let template = [
        r#""GuardDuty finding, severity <severity>: <title>""#,
        r#""Type: <type>""#,
        r#""Account <account>, region <region>""#,
        r#""<description>""#,
        r#""https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?search=id%3D<id>""#,
    ]
    .join("\n");
    let rule = t.add(
        "FindingsRule",
        Rule {
            name: Some(o.rule_name.clone()),
            description: "GuardDuty findings at or above MinSeverity, to the alert topic"
                .to_owned(),
            state: RuleState::Enabled,
            event_pattern: event_pattern.into(),
            targets: vec![path.target(InputTransformer {
                input_paths_map: paths,
                input_template: template,
            })],
        },
    );
    t.output(
        "DetectorId",
        Output::new(detector.r#ref())
            .description("the GuardDuty detector")
            .exported("DetectorId"),
    );
    t.output(
        "RuleArn",
        Output::new(rule.arn()).description("the findings rule"),
    );
    Ok(t)
}
