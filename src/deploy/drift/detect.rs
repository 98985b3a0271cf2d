//! CloudFormation's own drift detection of one stack: started, polled (backing off, raced against
//! the interrupt, given up after the detection limit), then its drifted resources read. An
//! endpoint without drift detection is said to be one, never read as "in sync".

use std::time::Duration;

use tokio::time::Instant;

use super::policy_diff::policy_changes;
use super::{Check, Drifted, Source};
use crate::deploy::aws_error::AwsError;
use crate::deploy::cloud::{Cloud, DetectionState, ResourceDrift};
use crate::deploy::heartbeat::span;
use crate::deploy::interrupt::Interrupt;
use crate::deploy::wait::{next_poll, FIRST_POLL};

/// What a stack's detection says: the check's verdict and the drifted properties.
pub(super) type Detected = (Check, Vec<Drifted>);

/// The message of a stack whose endpoint has no drift detection.
pub const NOT_AVAILABLE: &str = "CloudFormation drift detection not available at this endpoint";

/// True when the endpoint answers that it has no such API: LocalStack's "not included in your
/// license plan or not yet emulated", an HTTP 5xx that is not AWS speaking, an unknown operation.
pub fn not_available(e: &AwsError) -> bool {
    match e {
        AwsError::NotAws { status, .. } => *status >= 500 || *status == 404,
        AwsError::Service { code, message, .. } => {
            let message = message.to_ascii_lowercase();
            code.starts_with("UnknownOperation")
                || code == "InvalidAction"
                || code == "NotImplemented"
                || message.contains("not yet been emulated")
                || message.contains("not yet implemented")
                || message.contains("license plan")
        }
        _ => false,
    }
}

/// Runs CloudFormation's drift detection of `stack_id` (stack file `key`) and reads the result.
/// Never an error: a stack that could not be checked says why.
pub(super) async fn detect(
    cloud: &dyn Cloud,
    key: &str,
    stack_id: &str,
    limit: Duration,
    interrupt: &Interrupt,
) -> Detected {
    let not_checked = |why: String| (Check::NotChecked { why }, Vec::new());
    let detection = match cloud.detect_stack_drift(stack_id).await {
        Ok(id) => id,
        Err(e) if not_available(&e) => return not_checked(format!("{NOT_AVAILABLE} ({e})")),
        Err(e) => return not_checked(e.to_string()),
    };
    let deadline = Instant::now() + limit;
    let mut delay = FIRST_POLL;
    let failed = loop {
        let state = tokio::select! {
            state = cloud.drift_detection_status(&detection) => state,
            _ = interrupt.fired() => return not_checked(
                "stopped waiting (Ctrl-C); CloudFormation's detection goes on".to_owned(),
            ),
        };
        match state {
            Ok(DetectionState::Complete) => break None,
            Ok(DetectionState::Failed(reason)) => break Some(reason),
            Ok(DetectionState::Running) | Err(AwsError::Throttled { .. }) => {}
            Err(e) => return not_checked(e.to_string()),
        }
        if Instant::now() + delay > deadline {
            return not_checked(format!(
                "drift detection {detection} did not finish within {}; it may still be running in CloudFormation: re-run `drift` later (HYDRATE_TIMEOUT_SCALE stretches the wait)",
                span(limit)
            ));
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = interrupt.fired() => return not_checked(
                "stopped waiting (Ctrl-C); CloudFormation's detection goes on".to_owned(),
            ),
        }
        delay = next_poll(delay);
    };
    let resources = match cloud.resource_drifts(stack_id).await {
        Ok(resources) => resources,
        Err(e) => return not_checked(e.to_string()),
    };
    let drifted: Vec<Drifted> = resources.iter().flat_map(|r| findings(key, r)).collect();
    let check = match (failed, drifted.len()) {
        // A failed detection checked only some resources: what it found still counts.
        (Some(reason), 0) => Check::NotChecked {
            why: format!("CloudFormation's drift detection failed: {reason}"),
        },
        (_, 0) => Check::InSync { compared: None },
        (_, n) => Check::Drifted { count: n },
    };
    (check, drifted)
}

/// One finding per property difference of a resource (one for a deleted resource).
fn findings(key: &str, r: &ResourceDrift) -> Vec<Drifted> {
    let base = Drifted {
        stack: key.to_owned(),
        source: Source::Cloudformation,
        logical_id: r.logical_id.clone(),
        resource_type: r.resource_type.clone(),
        physical_id: r.physical_id.clone(),
        property: String::new(),
        difference: r.status.clone(),
        expected: String::new(),
        actual: String::new(),
        detail: Vec::new(),
    };
    if r.properties.is_empty() {
        return vec![base];
    }
    r.properties
        .iter()
        .map(|p| Drifted {
            property: p.path.clone(),
            difference: p.difference.clone(),
            expected: p.expected.clone(),
            actual: p.actual.clone(),
            detail: policy_detail(&p.expected, &p.actual),
            ..base.clone()
        })
        .collect()
}

/// When both values are policy documents: only the statements and values that differ.
pub(super) fn policy_detail(expected: &str, actual: &str) -> Vec<String> {
    let json = |t: &str| serde_json::from_str::<serde_json::Value>(t).ok();
    match (json(expected), json(actual)) {
        (Some(want), Some(have)) if want.get("Statement").is_some() => policy_changes(&want, &have),
        _ => Vec::new(),
    }
}
