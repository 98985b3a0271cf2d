//! The fake's CloudFormation drift detection, and the knobs tests turn on it: a resource made to
//! drift, a detection that never finishes or fails, an endpoint that has no drift detection.

use std::collections::BTreeMap;

use super::{not_found, FakeCloud};
use crate::deploy::aws_error::AwsError;
use crate::deploy::cloud::{Call, DetectionState, DriftInfo, ResourceDrift};

/// How the fake's detections go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detecting {
    /// Complete after this many status polls (at least one).
    Finish(usize),
    /// Never complete.
    Never,
    /// Fail with this reason after one poll.
    Fail(String),
    /// Refused at the start, as LocalStack core answers.
    Unavailable,
}

impl Default for Detecting {
    fn default() -> Self {
        Detecting::Finish(2)
    }
}

/// The drift state of the fake.
#[derive(Debug, Default)]
pub(super) struct Drifts {
    /// Stack name → the drifts its detections find.
    found: BTreeMap<String, Vec<ResourceDrift>>,
    /// Detection id → the stack name and the polls it has had.
    detections: BTreeMap<String, (String, usize)>,
    /// Stack name → the drifts its last finished detection found.
    last: BTreeMap<String, Vec<ResourceDrift>>,
    how: Detecting,
}

impl FakeCloud {
    /// Makes a resource of a stack drift: the next detections find it.
    pub fn drift(&self, stack_name: &str, drift: ResourceDrift) {
        self.lock()
            .drift
            .found
            .entry(stack_name.to_owned())
            .or_default()
            .push(drift);
    }

    /// How the next detections go.
    pub fn detecting(&self, how: Detecting) {
        self.lock().drift.how = how;
    }

    pub(super) fn start_detection(&self, stack_id: &str) -> Call<'_, String> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "DetectStackDrift").and_then(|()| {
            if state.drift.how == Detecting::Unavailable {
                return Err(AwsError::Service {
                    action: "cloudformation:DetectStackDrift".into(),
                    code: "InternalFailure".into(),
                    message: "The API for service cloudformation is either not included in your current license plan or has not yet been emulated by LocalStack".into(),
                });
            }
            let name = Self::find(&mut state, stack_id)
                .map(|s| s.deployed.id.clone())
                .ok_or_else(|| not_found(stack_id))?;
            let id = format!("detection-{}", state.drift.detections.len() + 1);
            state
                .drift
                .detections
                .insert(id.clone(), (stack_name_of(&name), 0));
            Ok(id)
        });
        Self::reply(&state, "DetectStackDrift", answer)
    }

    pub(super) fn detection_state(&self, detection_id: &str) -> Call<'_, DetectionState> {
        let mut state = self.lock();
        let answer = self
            .call(&mut state, "DescribeStackDriftDetectionStatus")
            .and_then(|()| {
                let how = state.drift.how.clone();
                let (stack, polls) = state
                    .drift
                    .detections
                    .get_mut(detection_id)
                    .ok_or_else(|| not_found(detection_id))?;
                *polls += 1;
                let (stack, polls) = (stack.clone(), *polls);
                let done = match how {
                    Detecting::Finish(n) if polls >= n.max(1) => DetectionState::Complete,
                    Detecting::Fail(reason) => DetectionState::Failed(reason),
                    _ => return Ok(DetectionState::Running),
                };
                let found = state.drift.found.get(&stack).cloned().unwrap_or_default();
                let status = if found.is_empty() {
                    "IN_SYNC"
                } else {
                    "DRIFTED"
                };
                if let Some(s) = state.stacks.get_mut(&stack) {
                    s.deployed.drift = Some(DriftInfo {
                        status: status.into(),
                        last_check: Some("2026-12-01T12:00:00Z".into()),
                    });
                }
                state.drift.last.insert(stack, found);
                Ok(done)
            });
        Self::reply(&state, "DescribeStackDriftDetectionStatus", answer)
    }

    pub(super) fn drifted_resources(&self, stack_id: &str) -> Call<'_, Vec<ResourceDrift>> {
        let mut state = self.lock();
        let answer = self
            .call(&mut state, "DescribeStackResourceDrifts")
            .and_then(|()| {
                let id = Self::find(&mut state, stack_id)
                    .map(|s| s.deployed.id.clone())
                    .ok_or_else(|| not_found(stack_id))?;
                Ok(state
                    .drift
                    .last
                    .get(&stack_name_of(&id))
                    .cloned()
                    .unwrap_or_default())
            });
        Self::reply(&state, "DescribeStackResourceDrifts", answer)
    }
}

/// The stack name of a fake stack id (`arn:aws:cloudformation:stack/<name>/<n>`).
fn stack_name_of(id: &str) -> String {
    id.split('/').nth(1).unwrap_or(id).to_owned()
}
