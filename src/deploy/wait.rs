//! Waiting for a stack to settle: polls quickly, then backs off, reports each event of this
//! operation as it arrives, and collects the failures.

use std::time::Duration;

use aws_sdk_cloudformation::types::StackEvent as SdkEvent;

use super::aws::{classify, recover, Aws, AwsError};
use super::error::DeployError;
use super::progress::{category, Category, Failure, Progress, Reporter, StackEvent};

/// First poll interval.
pub const FIRST_POLL: Duration = Duration::from_millis(500);
/// Longest poll interval.
pub const MAX_POLL: Duration = Duration::from_secs(5);

/// The next poll interval: half as long again, up to [`MAX_POLL`].
pub fn next_poll(current: Duration) -> Duration {
    (current * 3 / 2).min(MAX_POLL)
}

fn convert(e: &SdkEvent) -> StackEvent {
    StackEvent {
        id: e.event_id().unwrap_or_default().to_owned(),
        time: e.timestamp().map(|t| t.to_string()).unwrap_or_default(),
        logical_id: e.logical_resource_id().unwrap_or_default().to_owned(),
        resource_type: e.resource_type().unwrap_or_default().to_owned(),
        status: e
            .resource_status()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        reason: e.resource_status_reason().map(str::to_owned),
    }
}

/// True when CloudFormation says the stack does not exist.
pub fn is_missing(error: &AwsError) -> bool {
    error.code() == Some("ValidationError") && error.message().contains("does not exist")
}

/// Events of a stack newer than `marker` (every event when `None`), oldest first.
pub async fn events_since(
    aws: &Aws,
    stack: &str,
    marker: Option<&str>,
) -> Result<Vec<StackEvent>, AwsError> {
    let mut newest_first = Vec::new();
    let mut pages = aws
        .cfn
        .describe_stack_events()
        .stack_name(stack)
        .into_paginator()
        .send();
    'pages: while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify("cloudformation:DescribeStackEvents", e))?;
        for e in page.stack_events() {
            if marker.is_some() && e.event_id() == marker {
                break 'pages;
            }
            newest_first.push(convert(e));
        }
    }
    newest_first.reverse();
    Ok(newest_first)
}

/// The newest event of a stack, to start the next operation's events after; `None` if it has none
/// or does not exist.
pub async fn latest_event_id(aws: &Aws, stack: &str) -> Result<Option<String>, AwsError> {
    match aws
        .cfn
        .describe_stack_events()
        .stack_name(stack)
        .send()
        .await
    {
        Ok(out) => Ok(out
            .stack_events()
            .first()
            .and_then(|e| e.event_id())
            .map(str::to_owned)),
        Err(e) => recover(
            classify("cloudformation:DescribeStackEvents", e),
            is_missing,
            None,
        ),
    }
}

/// How a stack settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    /// The final status (`DELETE_COMPLETE` when it is gone).
    pub status: String,
    /// The stack's own status reason.
    pub reason: Option<String>,
    /// Every event of the operation, oldest first.
    pub events: Vec<StackEvent>,
}

impl Settled {
    /// The failed resources with their reasons, oldest first. Failures without a reason, the
    /// stack's own echo of them and cancellations caused by another failure are left out, so the
    /// root cause stands out; the stack's own reason is kept only when nothing else has one.
    pub fn failures(&self) -> Vec<Failure> {
        let failed = |e: &&StackEvent| category(&e.status) == Category::Failed;
        let reason = |e: &StackEvent| e.reason.clone().unwrap_or_default();
        let to_failure = |e: &StackEvent| Failure {
            logical_id: e.logical_id.clone(),
            resource_type: e.resource_type.clone(),
            status: e.status.clone(),
            reason: reason(e),
        };
        let mut out: Vec<Failure> = Vec::new();
        for e in self.events.iter().filter(failed) {
            let why = reason(e);
            let stack_itself = e.resource_type == "AWS::CloudFormation::Stack";
            if why.is_empty() || stack_itself || why.contains("cancelled") {
                continue;
            }
            if !out
                .iter()
                .any(|f| f.logical_id == e.logical_id && f.reason == why)
            {
                out.push(to_failure(e));
            }
        }
        if out.is_empty() {
            out.extend(
                self.events
                    .iter()
                    .filter(failed)
                    .filter(|e| !reason(e).is_empty())
                    .map(to_failure)
                    .take(1),
            );
        }
        // Some endpoints put the cause only on the stack; a resource left in progress is the suspect.
        if out.is_empty() {
            if let Some(why) = self.reason.clone().filter(|r| !r.is_empty()) {
                let stuck = self.events.iter().rev().find(|e| {
                    category(&e.status) == Category::InProgress
                        && e.resource_type != "AWS::CloudFormation::Stack"
                });
                out.push(Failure {
                    logical_id: stuck.map_or_else(String::new, |e| e.logical_id.clone()),
                    resource_type: stuck.map_or_else(
                        || "AWS::CloudFormation::Stack".to_owned(),
                        |e| e.resource_type.clone(),
                    ),
                    status: self.status.clone(),
                    reason: why,
                });
            }
        }
        out
    }
}

/// The current status of a stack and its reason, `None` when it does not exist.
pub async fn stack_status(
    aws: &Aws,
    stack: &str,
) -> Result<Option<(String, Option<String>)>, AwsError> {
    match aws.cfn.describe_stacks().stack_name(stack).send().await {
        Ok(out) => Ok(out.stacks().first().map(|s| {
            (
                s.stack_status()
                    .map(|x| x.as_str().to_owned())
                    .unwrap_or_default(),
                s.stack_status_reason().map(str::to_owned),
            )
        })),
        Err(e) => recover(
            classify("cloudformation:DescribeStacks", e),
            is_missing,
            None,
        ),
    }
}

/// Follows a stack until it settles, reporting every event after `marker`. `stack` should be the
/// stack id when known: it keeps answering after a delete. Ctrl-C stops watching, not the stack.
pub async fn wait(
    aws: &Aws,
    key: &str,
    stack_name: &str,
    stack: &str,
    marker: Option<String>,
    reporter: &dyn Reporter,
) -> Result<Settled, DeployError> {
    let mut marker = marker;
    let mut seen = Vec::new();
    let mut delay = FIRST_POLL;
    loop {
        // The status first, then the events: every event up to a final status is then reported.
        let status = stack_status(aws, stack).await?;
        let fresh = match events_since(aws, stack, marker.as_deref()).await {
            Ok(events) => events,
            Err(e) if is_missing(&e) => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        if let Some(last) = fresh.last() {
            marker = Some(last.id.clone());
            delay = FIRST_POLL;
        }
        for event in fresh {
            reporter.report(Progress::Event {
                stack: key.to_owned(),
                event: event.clone(),
            });
            seen.push(event);
        }
        let (status, reason) = status.unwrap_or_else(|| ("DELETE_COMPLETE".to_owned(), None));
        if category(&status) != Category::InProgress {
            // Some endpoints pass through a final-looking status (LocalStack: DELETE_FAILED, then
            // DELETE_COMPLETE); settle only when a second look agrees.
            let again = stack_status(aws, stack)
                .await?
                .map(|(s, _)| s)
                .unwrap_or_else(|| "DELETE_COMPLETE".to_owned());
            if again == status {
                return Ok(Settled {
                    status,
                    reason,
                    events: seen,
                });
            }
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = tokio::signal::ctrl_c() => {
                return Err(DeployError::Interrupted { key: key.to_owned(), stack_name: stack_name.to_owned() });
            }
        }
        delay = next_poll(delay);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polling_backs_off_to_the_cap() {
        let mut d = FIRST_POLL;
        let mut steps = vec![d];
        for _ in 0..10 {
            d = next_poll(d);
            steps.push(d);
        }
        assert!(FIRST_POLL <= Duration::from_secs(1));
        assert!(steps.windows(2).all(|w| w[1] >= w[0]));
        assert_eq!(*steps.last().expect("steps"), MAX_POLL);
    }

    #[test]
    fn statuses_map_to_categories() {
        assert_eq!(category("CREATE_IN_PROGRESS"), Category::InProgress);
        assert_eq!(
            category("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"),
            Category::InProgress
        );
        assert_eq!(category("ROLLBACK_COMPLETE"), Category::RolledBack);
        assert_eq!(category("UPDATE_ROLLBACK_COMPLETE"), Category::RolledBack);
        assert_eq!(category("CREATE_FAILED"), Category::Failed);
        assert_eq!(category("DELETE_SKIPPED"), Category::Skipped);
        assert_eq!(category("UPDATE_COMPLETE"), Category::Complete);
    }

    #[test]
    fn failures_put_the_cause_before_cancellations() {
        let event = |id: &str, status: &str, reason: &str| StackEvent {
            id: id.into(),
            time: String::new(),
            logical_id: id.into(),
            resource_type: "AWS::S3::Bucket".into(),
            status: status.into(),
            reason: Some(reason.into()),
        };
        let settled = Settled {
            status: "ROLLBACK_COMPLETE".into(),
            reason: None,
            events: vec![
                event("A", "CREATE_FAILED", "Bucket name is not valid"),
                event("B", "CREATE_FAILED", "Resource creation cancelled"),
                event("A", "DELETE_COMPLETE", ""),
            ],
        };
        let failures = settled.failures();
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].reason, "Bucket name is not valid");
    }
}
