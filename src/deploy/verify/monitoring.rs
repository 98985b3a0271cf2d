//! The monitoring set (CIS v5.0 4.1–4.15, the same numbers as v1.4, and hydrate's MFA-device
//! alarm): for each, a metric filter with the control's pattern (compared by meaning) on the
//! trail's log group, an alarm on the filter's metric, and an SNS action whose topic has a
//! confirmed subscription.

use std::collections::BTreeMap;

use super::super::alerts::subscriptions;
use super::super::aws::Aws;
use super::super::aws_error::classify;
use super::control::{Control, Status, GLOBAL};
use super::logging::Found;
use super::pattern::same_meaning;
use super::Emulator;
use crate::stacks::alarms::{AlarmSpec, CIS_ALARMS};

/// Patterns other tools deploy for the same control, accepted besides hydrate's own: CIS v1.4's
/// texts where hydrate's differs.
const ALSO: &[(&str, &str)] = &[
    (
        "unauthorizedApiCalls",
        r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
    ),
    (
        "organizationsChanges",
        "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }",
    ),
];

/// Whether a live pattern is one this control accepts.
pub fn matches(spec: &AlarmSpec, live: &str) -> bool {
    same_meaning(live, spec.pattern)
        || ALSO
            .iter()
            .any(|(name, p)| *name == spec.name && same_meaning(live, p))
}

fn row(spec: &AlarmSpec, status: Status, evidence: String) -> Control {
    Control {
        name: spec.name.to_owned(),
        id: spec.cis,
        cis_v1_4: spec.cis,
        title: format!(
            "monitored: {} (metric filter → alarm → confirmed subscription)",
            spec.title
        ),
        region: GLOBAL.to_owned(),
        status,
        evidence,
        fix: format!(
            "deploy the {} stack (`hydrate up`), and confirm the alert subscription (`hydrate confirm-subscription`)",
            spec.name
        ),
    }
}

/// A metric filter: its name, pattern and the metrics it counts.
struct Filter {
    name: String,
    pattern: String,
    metrics: Vec<Emitted>,
}

/// One metric a filter emits: its namespace and name, what one matching event adds to it, the
/// names of its dimensions (sorted) and its unit (`None` when the filter sets none). An alarm
/// watches the metric of exactly its dimensions' values and unit.
#[derive(Debug, Clone, PartialEq)]
struct Emitted {
    metric: (String, String),
    value: String,
    dimensions: Vec<String>,
    unit: String,
}

/// An alarm: its name, metric, SNS actions, whether its actions run, and when it fires.
struct Alarm {
    name: String,
    metric: (String, String),
    /// The names of its metric's dimensions, sorted.
    dimensions: Vec<String>,
    /// The unit it asks for; empty when it names none (then any unit matches).
    unit: String,
    topics: Vec<String>,
    actions_enabled: bool,
    comparison: String,
    threshold: Option<f64>,
    /// How many periods it looks at, and how many of them must breach (absent: all of them).
    evaluation_periods: Option<i32>,
    datapoints_to_alarm: Option<i32>,
}

impl Alarm {
    /// Why the alarm would not notify on the first event the filter matches, if it would not:
    /// its actions are disabled, it watches the metric with other dimensions than the filter
    /// emits (a metric that never gets data), one event does not add a number, or what one event
    /// adds does not reach its threshold.
    fn flaw(&self, emitted: &Emitted) -> Option<String> {
        if !self.actions_enabled {
            return Some("ActionsEnabled false (it notifies no one)".to_owned());
        }
        let (namespace, name) = &emitted.metric;
        // With dimensions, each combination of their values is a metric of its own: one alarm
        // sees the events of one combination only (an alarm on User=root misses everyone else).
        if !emitted.dimensions.is_empty() {
            return Some(format!(
                "the filter emits {namespace}/{name} with dimensions {}: each combination of their values is its own metric, so no one alarm sees every matching event (CIS's filters have none)",
                emitted.dimensions.join(", ")
            ));
        }
        if !self.dimensions.is_empty() {
            return Some(format!(
                "Dimensions {}: the filter emits {namespace}/{name} without dimensions, so the alarm's metric never gets a data point",
                self.dimensions.join(", ")
            ));
        }
        if !self.unit.is_empty() && self.unit != emitted.unit {
            return Some(format!(
                "Unit {}: the filter emits {namespace}/{name} in unit {}, so the alarm's metric never gets a data point",
                self.unit, emitted.unit
            ));
        }
        let Ok(per_event) = emitted.value.trim().parse::<f64>() else {
            return Some(format!(
                "the filter's MetricValue is `{}`, not a number: a matching event is not counted as one (CIS asks for MetricValue 1)",
                emitted.value
            ));
        };
        // One event lands in one period: an alarm that needs several breaching periods waits for
        // more events, or never fires.
        let needed = self
            .datapoints_to_alarm
            .or(self.evaluation_periods)
            .unwrap_or(1);
        if needed > 1 {
            return Some(format!(
                "EvaluationPeriods {} DatapointsToAlarm {}: it needs {needed} breaching periods, so a single event does not fire it (CIS asks for one)",
                self.evaluation_periods.map_or("none".to_owned(), |n| n.to_string()),
                self.datapoints_to_alarm.map_or("none".to_owned(), |n| n.to_string()),
            ));
        }
        let fires = match (self.comparison.as_str(), self.threshold) {
            ("GreaterThanOrEqualToThreshold", Some(t)) => per_event >= t,
            ("GreaterThanThreshold", Some(t)) => per_event > t,
            _ => false,
        };
        if fires && per_event > 0.0 {
            return None;
        }
        let threshold = self
            .threshold
            .map_or_else(|| "none".to_owned(), |t| t.to_string());
        let adds = if per_event == 1.0 {
            String::new()
        } else {
            format!(" and the filter's MetricValue {}", emitted.value)
        };
        Some(format!(
            "ComparisonOperator {} Threshold {threshold}{adds}: it does not fire on a single event (CIS asks for >= 1)",
            if self.comparison.is_empty() { "none" } else { &self.comparison }
        ))
    }
}

/// What one topic's subscriptions say: confirmed and all, or why they could not be read.
type Delivery = Result<(usize, usize), String>;

/// Every row of the monitoring set.
pub async fn alarms(aws: &Aws, trail: &Found, emulator: &Emulator) -> Vec<Control> {
    let all = |status: Status, why: String| -> Vec<Control> {
        CIS_ALARMS
            .iter()
            .map(|s| row(s, status, why.clone()))
            .collect()
    };
    // Unread trails prove nothing either way.
    let trail = match trail {
        Ok(trail) => trail,
        Err(why) => return all(Status::Manual, why.clone()),
    };
    let Some(trail) = trail else {
        return all(
            Status::Fail,
            "DescribeTrails: no trail, so no log group to watch".to_owned(),
        );
    };
    let Some((group, region)) = trail.log_group() else {
        return all(
            Status::Fail,
            format!(
                "DescribeTrails {}: the trail sends nothing to CloudWatch Logs",
                trail.name
            ),
        );
    };
    let here = aws.in_region(&region);
    let filters = match read_filters(&here, &group).await {
        Ok(f) => f,
        Err(why) => return all(Status::Manual, why),
    };
    // A filter that is missing is a FAIL even when the alarms cannot be read.
    let alarms = read_alarms(&here).await;
    let mut deliveries: BTreeMap<String, Delivery> = BTreeMap::new();
    let topics = alarms.iter().flatten().flat_map(|a| a.topics.iter());
    for topic in topics {
        if deliveries.contains_key(topic) {
            continue;
        }
        let topic_region = topic.split(':').nth(3).unwrap_or(&region);
        let found = subscriptions(&aws.in_region(topic_region), topic)
            .await
            .map(|subs| (subs.iter().filter(|s| !s.pending).count(), subs.len()))
            .map_err(|e| format!("not checked: {e}"));
        deliveries.insert(topic.clone(), found);
    }
    CIS_ALARMS
        .iter()
        .map(|spec| judge(spec, &group, &filters, &alarms, &deliveries, emulator))
        .collect()
}

fn judge(
    spec: &AlarmSpec,
    group: &str,
    filters: &[Filter],
    alarms: &Result<Vec<Alarm>, String>,
    deliveries: &BTreeMap<String, Delivery>,
    emulator: &Emulator,
) -> Control {
    let Some(filter) = filters.iter().find(|f| matches(spec, &f.pattern)) else {
        return row(
            spec,
            Status::Fail,
            format!(
                "DescribeMetricFilters {group}: none of its {} filter(s) has this control's pattern",
                filters.len()
            ),
        );
    };
    let alarms = match alarms {
        Ok(alarms) => alarms,
        Err(why) => {
            return row(
                spec,
                Status::Manual,
                format!("filter {} found; {why}", filter.name),
            )
        }
    };
    let on_metric: Vec<(&Alarm, &Emitted)> = alarms
        .iter()
        .filter_map(|a| Some((a, filter.metrics.iter().find(|e| e.metric == a.metric)?)))
        .collect();
    // The alarm that counts: one that fires on a single event and notifies, if any does.
    let chosen = on_metric
        .iter()
        .find(|(a, e)| a.flaw(e).is_none())
        .or(on_metric.first());
    let Some((alarm, emitted)) = chosen else {
        return row(
            spec,
            Status::Fail,
            format!(
                "filter {} counts {}; DescribeAlarms: no alarm on that metric",
                filter.name,
                filter
                    .metrics
                    .iter()
                    .map(|e| format!("{}/{}", e.metric.0, e.metric.1))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    };
    let chain = format!("filter {} → alarm {}", filter.name, alarm.name);
    if let Some(flaw) = alarm.flaw(emitted) {
        return row(
            spec,
            Status::Fail,
            format!("{chain}: DescribeAlarms: {flaw}"),
        );
    }
    let Some(topic) = alarm.topics.first() else {
        return row(
            spec,
            Status::Fail,
            format!("{chain}: the alarm notifies no SNS topic"),
        );
    };
    // A topic with a confirmed subscription, if any of the alarm's topics has one.
    let best = alarm
        .topics
        .iter()
        .find(|t| matches!(deliveries.get(*t), Some(Ok((c, _))) if *c > 0))
        .unwrap_or(topic);
    match deliveries.get(best) {
        Some(Ok((0, total))) => row(
            spec,
            Status::Fail,
            format!("{chain} → topic {best}: ListSubscriptionsByTopic: none of {total} subscription(s) confirmed"),
        ),
        Some(Ok((confirmed, _))) => match &emulator.0 {
            Some(url) => row(
                spec,
                Status::Manual,
                format!(
                    "the emulator at {url} fakes SNS subscription confirmation (it confirms every subscription itself); {chain} → topic {best}: {confirmed} \"confirmed\""
                ),
            ),
            None => row(
                spec,
                Status::Pass,
                format!("{chain} → topic {best}: {confirmed} confirmed subscription(s)"),
            ),
        },
        Some(Err(why)) => row(spec, Status::Manual, why.clone()),
        None => row(spec, Status::Manual, format!("{chain}: topic {best} not read")),
    }
}

fn sorted(names: Option<Vec<String>>) -> Vec<String> {
    let mut names = names.unwrap_or_default();
    names.sort();
    names
}

async fn read_filters(aws: &Aws, group: &str) -> Result<Vec<Filter>, String> {
    let mut out = Vec::new();
    let mut pages = aws
        .logs
        .describe_metric_filters()
        .log_group_name(group)
        .into_paginator()
        .items()
        .send();
    while let Some(f) = pages.next().await {
        let f =
            f.map_err(|e| format!("not checked: {}", classify("logs:DescribeMetricFilters", e)))?;
        out.push(Filter {
            name: f.filter_name().unwrap_or_default().to_owned(),
            pattern: f.filter_pattern().unwrap_or_default().to_owned(),
            metrics: f
                .metric_transformations()
                .iter()
                .map(|m| Emitted {
                    metric: (m.metric_namespace().to_owned(), m.metric_name().to_owned()),
                    value: m.metric_value().to_owned(),
                    dimensions: sorted(m.dimensions().map(|d| d.keys().cloned().collect())),
                    unit: m.unit().map_or("None", |u| u.as_str()).to_owned(),
                })
                .collect(),
        });
    }
    Ok(out)
}

async fn read_alarms(aws: &Aws) -> Result<Vec<Alarm>, String> {
    let mut out = Vec::new();
    let mut pages = aws.cloudwatch.describe_alarms().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| format!("not checked: {}", classify("cloudwatch:DescribeAlarms", e)))?;
        for a in page.metric_alarms() {
            out.push(Alarm {
                name: a.alarm_name().unwrap_or_default().to_owned(),
                metric: (
                    a.namespace().unwrap_or_default().to_owned(),
                    a.metric_name().unwrap_or_default().to_owned(),
                ),
                unit: a.unit().map(|u| u.as_str().to_owned()).unwrap_or_default(),
                dimensions: sorted(Some(
                    a.dimensions()
                        .iter()
                        .filter_map(|d| d.name().map(str::to_owned))
                        .collect(),
                )),
                topics: a
                    .alarm_actions()
                    .iter()
                    .filter(|t| t.split(':').nth(2) == Some("sns"))
                    .cloned()
                    .collect(),
                // An absent flag means the default, enabled.
                actions_enabled: a.actions_enabled() != Some(false),
                comparison: a
                    .comparison_operator()
                    .map(|c| c.as_str().to_owned())
                    .unwrap_or_default(),
                threshold: a.threshold(),
                evaluation_periods: a.evaluation_periods(),
                datapoints_to_alarm: a.datapoints_to_alarm(),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
#[path = "monitoring_tests.rs"]
mod tests;
