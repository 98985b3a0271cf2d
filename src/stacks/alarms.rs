//! The CIS AWS Foundations v1.4 monitoring set (section 4), and hydrate's own MFA-device alarm:
//! one metric filter on the trail's log
//! group plus one alarm notifying the alert topic per control. One builder serves all of them;
//! the controls are rows of a table.

use schemars::JsonSchema;
use serde::Deserialize;

use super::option_checks::{check_prefix, check_range, OptionError};
use crate::cfn::cloudwatch::{Alarm, ComparisonOperator, Statistic, TreatMissingData};
use crate::cfn::logs::{MetricFilter, MetricTransformation};
use crate::cfn::{Handle, Output, Parameter, Template};

/// One CIS monitoring control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlarmSpec {
    /// Template name.
    pub name: &'static str,
    /// CIS v1.4 control id; empty for an alarm of hydrate's own beyond the CIS set.
    pub cis: &'static str,
    /// What the alarm watches.
    pub title: &'static str,
    /// CloudWatch Logs filter pattern.
    pub pattern: &'static str,
}

/// Every control, in CIS order, then hydrate's own.
pub const CIS_ALARMS: &[AlarmSpec] = &[
    AlarmSpec {
        name: "unauthorizedApiCalls",
        cis: "4.1",
        title: "unauthorized API calls",
        // The corrected form: CIS v1.5's `||` additions would match almost every event.
        pattern: r#"{(($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && (($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket"))}"#,
    },
    AlarmSpec {
        name: "consoleSigninWithoutMfa",
        cis: "4.2",
        title: "console sign-in without MFA",
        pattern: r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }"#,
    },
    AlarmSpec {
        name: "rootAccountUsage",
        cis: "4.3",
        title: "root account usage",
        pattern: r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#,
    },
    AlarmSpec {
        name: "iamPolicyChanges",
        cis: "4.4",
        title: "IAM policy changes",
        pattern: "{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }",
    },
    AlarmSpec {
        name: "cloudTrailChanges",
        cis: "4.5",
        title: "CloudTrail configuration changes",
        pattern: "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
    },
    AlarmSpec {
        name: "consoleAuthFailures",
        cis: "4.6",
        title: "console authentication failures",
        pattern: r#"{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }"#,
    },
    AlarmSpec {
        name: "cmkDisableOrDeletion",
        cis: "4.7",
        title: "disabling or scheduled deletion of customer-managed KMS keys",
        pattern: "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
    },
    AlarmSpec {
        name: "s3BucketPolicyChanges",
        cis: "4.8",
        title: "S3 bucket policy changes",
        pattern: "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }",
    },
    AlarmSpec {
        name: "configChanges",
        cis: "4.9",
        title: "AWS Config configuration changes",
        pattern: "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }",
    },
    AlarmSpec {
        name: "securityGroupChanges",
        cis: "4.10",
        title: "security group changes",
        pattern: "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
    },
    AlarmSpec {
        name: "naclChanges",
        cis: "4.11",
        title: "network ACL changes",
        pattern: "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
    },
    AlarmSpec {
        name: "networkGatewayChanges",
        cis: "4.12",
        title: "network gateway changes",
        pattern: "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
    },
    AlarmSpec {
        name: "routeTableChanges",
        cis: "4.13",
        title: "route table changes",
        pattern: "{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }",
    },
    AlarmSpec {
        name: "vpcChanges",
        cis: "4.14",
        title: "VPC changes",
        pattern: "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
    },
    AlarmSpec {
        name: "organizationsChanges",
        cis: "4.15",
        title: "AWS Organizations changes",
        // CIS v1.4's list, and the writes later texts and Security Hub add: handshakes cancelled,
        // an organization created or given all features, trusted access and delegated admins.
        pattern: "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName=AcceptHandshake) || ($.eventName=AttachPolicy) || ($.eventName=CancelHandshake) || ($.eventName=CloseAccount) || ($.eventName=CreateAccount) || ($.eventName=CreateOrganization) || ($.eventName=CreateOrganizationalUnit) || ($.eventName=CreatePolicy) || ($.eventName=DeclineHandshake) || ($.eventName=DeleteOrganization) || ($.eventName=DeleteOrganizationalUnit) || ($.eventName=DeletePolicy) || ($.eventName=DeregisterDelegatedAdministrator) || ($.eventName=DetachPolicy) || ($.eventName=DisableAWSServiceAccess) || ($.eventName=DisablePolicyType) || ($.eventName=EnableAllFeatures) || ($.eventName=EnableAWSServiceAccess) || ($.eventName=EnablePolicyType) || ($.eventName=InviteAccountToOrganization) || ($.eventName=LeaveOrganization) || ($.eventName=MoveAccount) || ($.eventName=RegisterDelegatedAdministrator) || ($.eventName=RemoveAccountFromOrganization) || ($.eventName=UpdateOrganizationalUnit) || ($.eventName=UpdatePolicy)) }",
    },
    AlarmSpec {
        name: "mfaDeviceChanges",
        cis: "",
        title: "MFA device changes",
        // Enrolling a device of one's own is how stolen keys become an MFA session; removing one
        // is how an account loses its second factor. Neither trips a CIS filter.
        pattern: "{ ($.eventSource = iam.amazonaws.com) && (($.eventName = CreateVirtualMFADevice) || ($.eventName = EnableMFADevice) || ($.eventName = DeactivateMFADevice) || ($.eventName = DeleteVirtualMFADevice) || ($.eventName = ResyncMFADevice)) }",
    },
];

impl AlarmSpec {
    /// Whose control it is: `CIS 4.3`, or `hydrate` for one beyond the CIS set.
    pub fn control(&self) -> String {
        if self.cis.is_empty() {
            "hydrate".to_owned()
        } else {
            format!("CIS {}", self.cis)
        }
    }
}

/// The seed kit's template names, kept as aliases of the matching CIS controls.
pub const ALIASES: &[(&str, &str)] = &[
    ("iamAlarm", "iamPolicyChanges"),
    ("rootAccountAlarm", "rootAccountUsage"),
];

/// CloudWatch Logs refuses longer filter patterns.
pub const MAX_PATTERN_LEN: usize = 1024;

/// Render-time choices shared by every CIS alarm template.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AlarmOptions {
    /// Prefix of the alarm name: `<prefix>-<template>`.
    pub name_prefix: String,
    /// Namespace of the metric; keep one per account.
    pub metric_namespace: String,
    /// Seconds per evaluated datapoint (60 or a multiple of 60).
    pub period: u32,
    /// Matches within one period that fire the alarm.
    pub threshold: u32,
}

impl Default for AlarmOptions {
    fn default() -> Self {
        AlarmOptions {
            name_prefix: "hydrate".to_owned(),
            metric_namespace: "CISBenchmark".to_owned(),
            period: 300,
            threshold: 1,
        }
    }
}

/// The `AlarmTopicArn` parameter every notifying template takes (wired to snsNotify's TopicArn).
pub(super) fn topic_parameter(t: &mut Template, description: &str) -> Handle<Parameter> {
    t.parameter(
        "AlarmTopicArn",
        Parameter::string()
            .description(description)
            .allowed_pattern(
                r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$",
                "must be an SNS topic ARN",
            ),
    )
}

/// `unauthorizedApiCalls` → `UnauthorizedApiCalls`.
fn metric_name(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Builds the template of one control.
pub fn build(spec: &AlarmSpec, o: &AlarmOptions) -> Result<Template, OptionError> {
    check_prefix("namePrefix", &o.name_prefix)?;
    check_range("period", o.period, 60, 86_400, "seconds")?;
    if !o.period.is_multiple_of(60) {
        return Err(OptionError::new(
            "period",
            format!("{} is not a multiple of 60", o.period),
        ));
    }
    check_range("threshold", o.threshold, 1, 1_000_000, "matches")?;
    if o.metric_namespace.is_empty()
        || o.metric_namespace.starts_with("AWS/")
        || o.metric_namespace.len() > 255
    {
        return Err(OptionError::new(
            "metricNamespace",
            format!(
                "`{}` cannot be used; pick your own, e.g. `CISBenchmark` (`AWS/` is reserved)",
                o.metric_namespace
            ),
        ));
    }
    let mut t = Template::new(format!(
        "hydrate {}: {} alarm on {} in the CloudTrail log group",
        spec.name,
        spec.control(),
        spec.title
    ));
    let log_group = t.parameter(
        "LogGroupName",
        Parameter::string()
            .description("the CloudTrail log group (cloudTrail output LogGroupName)")
            .length(1, 512),
    );
    let topic = topic_parameter(
        &mut t,
        "the topic the alarm notifies (snsNotify output TopicArn)",
    );
    let metric = metric_name(spec.name);
    t.add(
        "MetricFilter",
        MetricFilter {
            filter_name: Some(format!("{}-{}", o.name_prefix, spec.name)),
            log_group_name: log_group.r#ref(),
            filter_pattern: spec.pattern.to_owned(),
            metric_transformations: vec![MetricTransformation {
                metric_name: metric.clone(),
                metric_namespace: o.metric_namespace.clone(),
                metric_value: "1".to_owned(),
            }],
        },
    );
    let alarm = t.add(
        "Alarm",
        Alarm {
            alarm_name: Some(format!("{}-{}", o.name_prefix, spec.name)),
            alarm_description: format!("{}: {} recorded by CloudTrail", spec.control(), spec.title),
            namespace: o.metric_namespace.clone(),
            metric_name: metric,
            statistic: Statistic::Sum,
            period: o.period,
            evaluation_periods: 1,
            threshold: f64::from(o.threshold),
            comparison_operator: ComparisonOperator::GreaterThanOrEqualToThreshold,
            treat_missing_data: TreatMissingData::NotBreaching,
            alarm_actions: vec![topic.r#ref()],
        },
    );
    t.output(
        "AlarmName",
        Output::new(alarm.r#ref()).description("the alarm's name"),
    );
    Ok(t)
}
