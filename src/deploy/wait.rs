//! Waiting for a stack to settle: polls quickly, then backs off, reports each event of this
//! operation once as it arrives, says it is still waiting when nothing happens for a while, and
//! collects the failures with the root cause first. An interrupt ends the wait at once, even in
//! the middle of a call.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use super::aws_error::AwsError;
use super::cloud::Cloud;
use super::error::DeployError;
use super::heartbeat::Quiet;
use super::interrupt::Interrupt;
use super::progress::{Category, Failure, Progress, Reporter, StackEvent, StackStatus};

/// First poll interval.
pub const FIRST_POLL: Duration = Duration::from_millis(500);
/// Longest poll interval.
pub const MAX_POLL: Duration = Duration::from_secs(5);

/// The most looks in a row a wait makes without reading the stack's status.
const STATUS_AT_LEAST_EVERY: usize = 4;

/// The next poll interval: half as long again, up to [`MAX_POLL`].
pub fn next_poll(current: Duration) -> Duration {
    (current * 3 / 2).min(MAX_POLL)
}

/// How a stack settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    /// The final status (`DELETE_COMPLETE` when it is gone).
    pub status: StackStatus,
    /// The stack's own status reason.
    pub reason: Option<String>,
    /// Every event of the operation, oldest first.
    pub events: Vec<StackEvent>,
}

impl Settled {
    /// The failed resources with their reasons, oldest (the root cause) first. Failures without a
    /// reason, the stack's own echo of them and cancellations caused by another failure are left
    /// out, so the root cause stands out; the stack's own reason is kept only when nothing else has one.
    pub fn failures(&self) -> Vec<Failure> {
        let failed = |e: &&StackEvent| e.status.category() == Category::Failed;
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
                    e.status.in_progress() && e.resource_type != "AWS::CloudFormation::Stack"
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

/// Follows stacks: where the calls go, where the events go, and what stops it.
pub struct Watcher<'a> {
    /// The AWS calls.
    pub cloud: &'a dyn Cloud,
    /// Where events go.
    pub reporter: &'a dyn Reporter,
    /// What stops watching.
    pub interrupt: &'a Interrupt,
    /// The `--account` argument of the account, for the advice on resuming.
    pub account: String,
}

/// One look at a stack: its status and reason (`None` when gone; not read while the events show
/// the operation still going) and the events since the marker.
type Look = (
    Option<Option<(StackStatus, Option<String>)>>,
    Vec<StackEvent>,
);

/// True for the stack's own event that ends an operation (its resources' events never do).
fn ends_operation(event: &StackEvent, stack_name: &str) -> bool {
    event.resource_type == "AWS::CloudFormation::Stack"
        && event.logical_id == stack_name
        && !event.status.in_progress()
}

impl Watcher<'_> {
    async fn status(&self, stack: &str) -> Result<Option<(StackStatus, Option<String>)>, AwsError> {
        Ok(self
            .cloud
            .describe_stack(stack)
            .await?
            .map(|d| (d.status, d.reason)))
    }

    async fn events(&self, stack: &str, marker: Option<&str>) -> Result<Vec<StackEvent>, AwsError> {
        match self.cloud.events_since(stack, marker).await {
            Ok(events) => Ok(events),
            Err(e) if e.is_missing_stack() => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// The events first; the status only when they show the operation may have ended (the
    /// stack's own final event, or no news at all): a busy stack costs one call per poll, not two.
    async fn look(
        &self,
        stack: &str,
        stack_name: &str,
        marker: Option<&str>,
        status_due: bool,
    ) -> Result<Look, AwsError> {
        let mut fresh = self.events(stack, marker).await?;
        let ended = fresh.iter().any(|e| ends_operation(e, stack_name));
        if !fresh.is_empty() && !ended && !status_due {
            return Ok((None, fresh));
        }
        let status = self.status(stack).await?;
        // A final status read after the events: the events between the two calls are still to
        // be reported, so every event up to the final status is.
        let settled = status.as_ref().is_none_or(|(s, _)| !s.in_progress());
        if settled && !ended {
            let marker = fresh
                .last()
                .map(|e| e.id.clone())
                .or(marker.map(str::to_owned));
            fresh.extend(self.events(stack, marker.as_deref()).await?);
        }
        Ok((Some(status), fresh))
    }

    /// `work`'s result; `Err` when the interrupt fires first. Every call and every sleep of the
    /// wait goes through here, so Ctrl-C answers at once even while a call hangs.
    async fn unless_interrupted<T>(
        &self,
        key: &str,
        stack_name: &str,
        work: impl Future<Output = T>,
    ) -> Result<T, DeployError> {
        tokio::select! {
            out = work => Ok(out),
            _ = self.interrupt.fired() => Err(DeployError::Interrupted {
                account: self.account.clone(),
                key: key.to_owned(),
                stack_name: stack_name.to_owned(),
            }),
        }
    }

    /// Sleeps `delay`; `Err` when the interrupt fires first.
    async fn pause(&self, key: &str, stack_name: &str, delay: Duration) -> Result<(), DeployError> {
        self.unless_interrupted(key, stack_name, tokio::time::sleep(delay))
            .await
    }

    /// Follows a stack until it settles, reporting every event after `marker`. `stack` should be
    /// the stack id when known: it keeps answering after a delete. An interrupt stops watching,
    /// not the stack; throttled polls are reported and retried later.
    pub async fn wait(
        &self,
        key: &str,
        stack_name: &str,
        stack: &str,
        marker: Option<String>,
    ) -> Result<Settled, DeployError> {
        let mut marker = marker;
        let mut seen: Vec<StackEvent> = Vec::new();
        let mut delay = FIRST_POLL;
        let mut quiet = Quiet::new(Instant::now());
        let mut looks_without_status = 0;
        loop {
            // The status is read at least every few looks, whatever the events say: an endpoint
            // whose events never show the stack's own end cannot keep the wait going forever.
            let status_due = looks_without_status + 1 >= STATUS_AT_LEAST_EVERY;
            let look = self.look(stack, stack_name, marker.as_deref(), status_due);
            let (status, fresh) = match self.unless_interrupted(key, stack_name, look).await? {
                Ok(look) => look,
                Err(AwsError::Throttled { action }) => {
                    delay = (delay * 2).min(MAX_POLL * 2);
                    self.reporter.report(Progress::Note {
                        stack: key.to_owned(),
                        message: format!(
                            "{action} throttled; polling again in {:.1}s",
                            delay.as_secs_f64()
                        ),
                    });
                    self.pause(key, stack_name, delay).await?;
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            if let Some(last) = fresh.last() {
                marker = Some(last.id.clone());
                delay = FIRST_POLL;
                quiet.event(Instant::now());
            }
            for event in fresh {
                self.reporter.report(Progress::Event {
                    stack: key.to_owned(),
                    event: event.clone(),
                });
                seen.push(event);
            }
            let Some(status) = status else {
                looks_without_status += 1;
                self.pause(key, stack_name, delay).await?;
                delay = next_poll(delay);
                continue;
            };
            looks_without_status = 0;
            let (status, reason) = status.unwrap_or((StackStatus::DeleteComplete, None));
            if status.category() == Category::Complete {
                return Ok(Settled {
                    status,
                    reason,
                    events: seen,
                });
            }
            if !status.in_progress() {
                // Some endpoints pass through a final-looking failure (LocalStack: DELETE_FAILED,
                // then DELETE_COMPLETE); a failure settles only when a second look agrees. A
                // completed operation is final: looking again would cost every stack a call.
                let again = self
                    .unless_interrupted(key, stack_name, self.status(stack))
                    .await??
                    .map_or(StackStatus::DeleteComplete, |(s, _)| s);
                if again == status {
                    return Ok(Settled {
                        status,
                        reason,
                        events: seen,
                    });
                }
                continue;
            }
            if let Some(message) = quiet.note(Instant::now(), stack_name, &status, seen.last()) {
                self.reporter.report(Progress::Note {
                    stack: key.to_owned(),
                    message,
                });
            }
            self.pause(key, stack_name, delay).await?;
            delay = next_poll(delay);
        }
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
        assert_eq!(steps.last().copied(), Some(MAX_POLL));
    }

    #[test]
    fn failures_put_the_cause_before_cancellations() {
        let event = |id: &str, status: StackStatus, reason: &str| StackEvent {
            id: id.into(),
            time: String::new(),
            logical_id: id.into(),
            resource_type: "AWS::S3::Bucket".into(),
            status,
            reason: Some(reason.into()),
        };
        let settled = Settled {
            status: StackStatus::RollbackComplete,
            reason: None,
            events: vec![
                event("A", StackStatus::CreateFailed, "Bucket name is not valid"),
                event(
                    "B",
                    StackStatus::CreateFailed,
                    "Resource creation cancelled",
                ),
                event("A", StackStatus::DeleteComplete, ""),
            ],
        };
        let failures = settled.failures();
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].reason, "Bucket name is not valid");
    }
}
