//! `securityHub`: the region's Security Hub with consolidated control findings, the standards the
//! options turn on, and a rule that emails failed control findings at or above a severity (through
//! the home region's topic: `alert_path`).

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::alert_path::alert_path;
use super::option_checks::OptionError;
use crate::cfn::events::{InputTransformer, Rule, RuleState};
use crate::cfn::securityhub::{ControlFindingGenerator, Hub, Standard};
use crate::cfn::{account_id, sub, Output, Resource, Template};

/// The lowest severity of a control finding that is emailed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    /// Low and above.
    Low,
    /// Medium and above.
    Medium,
    /// High and critical.
    High,
    /// Critical only.
    Critical,
}

/// Security Hub's severity labels, lowest first (`INFORMATIONAL`, the label of passed controls, is
/// never emailed).
const LABELS: &[(Severity, &str)] = &[
    (Severity::Low, "LOW"),
    (Severity::Medium, "MEDIUM"),
    (Severity::High, "HIGH"),
    (Severity::Critical, "CRITICAL"),
];

/// Render-time choices for `securityHub`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct SecurityHubOptions {
    /// Run the CIS AWS Foundations Benchmark v5.0.0 standard.
    pub cis_v5: bool,
    /// Run the AWS Foundational Security Best Practices v1.0.0 standard (many more controls, each
    /// a paid check).
    pub foundational_best_practices: bool,
    /// Email failed control findings of this severity and above.
    pub min_severity: Severity,
    /// The findings rule's name.
    pub rule_name: String,
}

impl Default for SecurityHubOptions {
    fn default() -> Self {
        SecurityHubOptions {
            cis_v5: true,
            foundational_best_practices: false,
            min_severity: Severity::High,
            rule_name: "hydrate-securityhub-findings".to_owned(),
        }
    }
}

/// The standards of the options: logical id, ARN path after `standards/`.
fn standards(o: &SecurityHubOptions) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if o.cis_v5 {
        out.push(("CisStandard", "cis-aws-foundations-benchmark/v/5.0.0"));
    }
    if o.foundational_best_practices {
        out.push((
            "FoundationalStandard",
            "aws-foundational-security-best-practices/v/1.0.0",
        ));
    }
    out
}

/// Builds the `securityHub` template.
pub fn build(o: &SecurityHubOptions) -> Result<Template, OptionError> {
    super::guard_duty::check_rule_name(&o.rule_name)?;
    let mut t = Template::new(
        "hydrate securityHub: Security Hub, its standards and readable alerts for failed controls",
    );
    let topic =
        super::alarms::topic_parameter(&mut t, "the topic notified (snsNotify output TopicArn)");
    let hub = t.add(
        "Hub",
        Hub {
            enable_default_standards: false,
            control_finding_generator: ControlFindingGenerator::SecurityControl,
            auto_enable_controls: true,
        },
    );
    for (id, path) in standards(o) {
        t.add(
            id,
            Resource::new(Standard {
                standards_arn: sub(format!(
                    "arn:${{AWS::Partition}}:securityhub:${{AWS::Region}}::standards/{path}"
                )),
            })
            .depends_on(&hub),
        );
    }
    let path = alert_path(&mut t, topic, &o.rule_name);
    let labels: Vec<&str> = LABELS
        .iter()
        .skip_while(|(s, _)| *s != o.min_severity)
        .map(|(_, label)| *label)
        .collect();
    // Security Hub's own control findings only: GuardDuty's findings, which Security Hub imports
    // too, already reach the topic through the guardDuty stack.
    // This account's findings only: an account let onto the bus must not reach the topic.
    let event_pattern = json!({
        "source": ["aws.securityhub"],
        "account": [account_id()],
        "detail-type": ["Security Hub Findings - Imported"],
        "detail": { "findings": {
            "ProductName": ["Security Hub"],
            "Compliance": { "Status": ["FAILED"] },
            "RecordState": ["ACTIVE"],
            "Workflow": { "Status": ["NEW"] },
            "Severity": { "Label": labels }
        } }
    });
    let paths: IndexMap<String, String> = [
        ("severity", "$.detail.findings[0].Severity.Label"),
        (
            "control",
            "$.detail.findings[0].Compliance.SecurityControlId",
        ),
        ("title", "$.detail.findings[0].Title"),
        ("resource", "$.detail.findings[0].Resources[0].Id"),
        ("account", "$.account"),
        ("region", "$.region"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let template = [
        r#""Security Hub control <control> failed, severity <severity>: <title>""#,
        r#""Resource: <resource>""#,
        r#""Account <account>, region <region>""#,
        r#""https://console.aws.amazon.com/securityhub/home?region=<region>#/controls/<control>""#,
    ]
    .join("\n");
    let rule = t.add(
        "FindingsRule",
        Rule {
            name: Some(o.rule_name.clone()),
            description:
                "failed Security Hub controls at or above the severity option, to the alert topic"
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
        "HubArn",
        Output::new(hub.r#ref())
            .description("the Security Hub of this region")
            .exported("HubArn"),
    );
    t.output(
        "RuleArn",
        Output::new(rule.arn()).description("the findings rule"),
    );
    Ok(t)
}
