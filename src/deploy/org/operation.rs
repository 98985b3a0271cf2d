//! Waiting on a stack-set operation: no SDK waiter exists, so `DescribeStackSetOperation` is polled
//! with back-off up to a limit; Ctrl-C stops watching (the operation goes on in CloudFormation) and
//! says how to look again. Also our own operation ids, so a resent call is recognised as the same.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

use super::api::{OperationState, OrgCloud};
use super::error::OrgError;
use super::spec::CallAs;
use crate::deploy::heartbeat::HEARTBEAT;
use crate::deploy::interrupt::Interrupt;
use crate::deploy::progress::{Progress, Reporter};
use crate::deploy::wait::{next_poll, FIRST_POLL};

/// How long `org` waits on one operation by default: StackSets at hundreds of accounts take long,
/// a stuck operation should still end the run with a clear message.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(3 * 60 * 60);

/// A fresh operation id: `hydrate-<what>-<time><pid><count>` (AWS's pattern
/// `[a-zA-Z0-9][-a-zA-Z0-9]*`, at most 128). Made once per call, so the SDK's own retries of that
/// call resend the same id.
pub fn operation_id(what: &str) -> String {
    static COUNT: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    format!("hydrate-{what}-{nanos:x}-{:x}-{n}", std::process::id())
}

/// Whether an operation status is final.
fn settled(status: &str) -> bool {
    matches!(status, "SUCCEEDED" | "FAILED" | "STOPPED")
}

/// What waiting needs.
pub struct Watch<'a> {
    /// The calls.
    pub cloud: &'a dyn OrgCloud,
    /// How they are made.
    pub call_as: CallAs,
    /// Where progress goes.
    pub reporter: &'a dyn Reporter,
    /// What stops watching.
    pub interrupt: &'a Interrupt,
    /// The longest wait on one operation.
    pub limit: Duration,
    /// The `--org` value, for the advice an interrupt or timeout prints.
    pub org: &'a str,
}

impl Watch<'_> {
    /// Waits until the operation settles; its final state.
    pub async fn wait(
        &self,
        baseline: &str,
        stack_set: &str,
        id: &str,
    ) -> Result<OperationState, OrgError> {
        let started = Instant::now();
        let mut quiet_since = Instant::now();
        let mut delay = FIRST_POLL;
        let mut last = String::new();
        loop {
            let state = tokio::select! {
                state = self.cloud.operation(stack_set, id, self.call_as) => state?,
                _ = self.interrupt.fired() => return Err(self.interrupted(stack_set, id)),
            };
            if settled(&state.status) {
                return Ok(state);
            }
            if state.status != last || quiet_since.elapsed() >= HEARTBEAT {
                self.reporter.report(Progress::Step {
                    stack: baseline.to_owned(),
                    message: format!("operation {id}: {}", state.status),
                });
                last.clone_from(&state.status);
                quiet_since = Instant::now();
            }
            if started.elapsed() >= self.limit {
                return Err(OrgError::TimedOut {
                    stack_set: stack_set.to_owned(),
                    operation: id.to_owned(),
                    status: state.status,
                    after: self.limit,
                    org: self.org.to_owned(),
                });
            }
            tokio::select! {
                _ = tokio::time::sleep(delay) => {}
                _ = self.interrupt.fired() => return Err(self.interrupted(stack_set, id)),
            }
            delay = next_poll(delay);
        }
    }

    fn interrupted(&self, stack_set: &str, id: &str) -> OrgError {
        OrgError::Interrupted {
            stack_set: stack_set.to_owned(),
            operation: id.to_owned(),
            org: self.org.to_owned(),
        }
    }
}
