//! An in-memory [`Cloud`] for the deployer's unit tests: stacks that pass through the statuses
//! CloudFormation gives them, one step per `DescribeStacks`, with the events each step emits; an
//! object store; change sets; a log of every call with the (paused) time it was made; and calls
//! that are sent but never answered, as from an endpoint that stopped talking; the buckets, log
//! groups and keys stacks make, retain and import.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Mutex;

use tokio::time::Instant;

mod calls;
mod change_set_calls;
pub mod drift_calls;
mod objects;
mod resources;
mod retained_calls;
pub mod world;

use super::aws_error::AwsError;
use super::cloud::{Call, Caller, Deployed, StackRequest, StackTemplate};
use super::progress::{Change, StackEvent, StackStatus};
use resources::Resources;

/// How the next create, update or delete goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// It succeeds after this many polls (at least one).
    Succeed(usize),
    /// It succeeds after this many polls, emitting a resource event at each one.
    SucceedChattily(usize),
    /// A resource fails with this reason; another one is cancelled; the stack rolls back.
    Fail {
        /// The failing resource.
        logical_id: String,
        /// Why.
        reason: String,
    },
    /// It never settles.
    Hang,
}

/// One step a stack takes when it is next described: the events it emits, then its new status.
type Tick = (
    Vec<(String, String, StackStatus, Option<String>)>,
    StackStatus,
);

#[derive(Debug)]
struct FakeStack {
    deployed: Deployed,
    template: String,
    events: Vec<StackEvent>,
    script: VecDeque<Tick>,
    change_sets: BTreeMap<String, (StackRequest, usize)>,
}

#[derive(Debug, Default)]
struct State {
    stacks: BTreeMap<String, FakeStack>,
    gone: BTreeMap<String, FakeStack>,
    buckets: BTreeSet<String>,
    /// URL → the newest body.
    objects: BTreeMap<String, String>,
    /// `<url>?versionId=<id>` → the body of that version.
    versions: BTreeMap<String, String>,
    /// No version ids, as from an unversioned bucket or emulator.
    unversioned: bool,
    /// What a racing writer puts over every template upload.
    racer: Option<String>,
    plans: VecDeque<Plan>,
    changes: Option<Vec<Change>>,
    throttled: BTreeMap<&'static str, usize>,
    hung: BTreeSet<String>,
    drops_protection: bool,
    calls: Vec<(Instant, String)>,
    next_event: usize,
    resources: Resources,
    drift: drift_calls::Drifts,
    /// The fake's clock: one tick per stack operation or change set made.
    clock: usize,
    /// Change set name → when it was made.
    made: BTreeMap<String, String>,
}

impl State {
    /// The next instant of the fake's clock, in RFC 3339.
    fn tick_clock(&mut self) -> String {
        self.clock += 1;
        change_set_calls::stamp(self.clock)
    }

    /// Stores a body under its URL as a new version; returns the version id unless unversioned.
    fn store(&mut self, url: &str, body: &str) -> Option<String> {
        self.objects.insert(url.to_owned(), body.to_owned());
        if self.unversioned {
            return None;
        }
        let version = format!("v{}", self.versions.len() + 1);
        self.versions
            .insert(format!("{url}?versionId={version}"), body.to_owned());
        Some(version)
    }

    /// The body a request's template names: inline, the pinned version, or the newest object.
    fn template_of(&self, template: &StackTemplate) -> Option<String> {
        match template {
            StackTemplate::Body(body) => Some(body.clone()),
            StackTemplate::Url(url) => self
                .versions
                .get(url)
                .or_else(|| self.objects.get(url))
                .cloned(),
        }
    }
}

/// The fake: every method takes the lock once; nothing awaits while holding it.
#[derive(Debug, Default)]
pub struct FakeCloud {
    state: Mutex<State>,
    /// Who the credentials are.
    pub caller: Caller,
}

fn not_found(stack: &str) -> AwsError {
    AwsError::Service {
        action: "cloudformation:DescribeStacks".into(),
        code: "ValidationError".into(),
        message: format!("Stack with id {stack} does not exist"),
    }
}

impl FakeCloud {
    /// A fake of account 123456789012 with the given template bucket.
    pub fn new(bucket: &str) -> FakeCloud {
        let fake = FakeCloud {
            caller: Caller {
                account: "123456789012".into(),
                arn: "arn:aws:iam::123456789012:user/test".into(),
            },
            ..FakeCloud::default()
        };
        fake.lock().buckets.insert(bucket.to_owned());
        fake
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A test that panicked while holding the lock has failed already.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues how the next operation goes (default: success after one poll).
    pub fn plan(&self, plan: Plan) {
        self.lock().plans.push_back(plan);
    }

    /// The changes the next change set finds (default: one modified resource).
    pub fn changes(&self, changes: Vec<Change>) {
        self.lock().changes = Some(changes);
    }

    /// Answers the next `times` calls of `operation` with throttling.
    pub fn throttle(&self, operation: &'static str, times: usize) {
        self.lock().throttled.insert(operation, times);
    }

    /// Every later call of `operation` is recorded and never answered.
    pub fn hang(&self, operation: &str) {
        self.lock().hung.insert(operation.to_owned());
    }

    /// The answer to a call of `operation`: at once, or never when it hangs.
    fn reply<'a, T: Send + 'a>(
        state: &State,
        operation: &str,
        answer: Result<T, AwsError>,
    ) -> Call<'a, T> {
        if state.hung.contains(operation) {
            return Box::pin(std::future::pending());
        }
        Box::pin(async move { answer })
    }

    /// Gives no version ids, as an unversioned bucket does.
    pub fn unversioned(&self) {
        self.lock().unversioned = true;
    }

    /// Overwrites every template right after it is uploaded, as a racing writer would.
    pub fn race_uploads(&self, body: &str) {
        self.lock().racer = Some(body.to_owned());
    }

    /// The template a stack of this name was created or updated with.
    pub fn template(&self, name: &str) -> Option<String> {
        self.lock().stacks.get(name).map(|s| s.template.clone())
    }

    /// Forgets termination protection on create, as LocalStack does.
    pub fn drop_protection_on_create(&self) {
        self.lock().drops_protection = true;
    }

    /// Removes every tag of a stack, as if another tool had made it.
    pub fn strip_tags(&self, name: &str) {
        if let Some(stack) = self.lock().stacks.get_mut(name) {
            stack.deployed.tags.clear();
        }
    }

    /// Every call made so far, by operation name.
    pub fn calls(&self) -> Vec<String> {
        self.lock().calls.iter().map(|(_, c)| c.clone()).collect()
    }

    /// The times of every call of one operation.
    pub fn times_of(&self, operation: &str) -> Vec<Instant> {
        let state = self.lock();
        state
            .calls
            .iter()
            .filter(|(_, c)| c == operation)
            .map(|(t, _)| *t)
            .collect()
    }

    /// Whether a stack of this name exists now, and its termination protection.
    pub fn protected(&self, name: &str) -> Option<bool> {
        self.lock().stacks.get(name).map(|s| s.deployed.protected)
    }

    /// Records a call; `Err` when it is to be throttled.
    fn call(&self, state: &mut State, operation: &'static str) -> Result<(), AwsError> {
        state.calls.push((Instant::now(), operation.to_owned()));
        if let Some(left) = state.throttled.get_mut(operation).filter(|n| **n > 0) {
            *left -= 1;
            return Err(AwsError::Throttled {
                action: format!("cloudformation:{operation}"),
            });
        }
        Ok(())
    }

    fn find<'s>(state: &'s mut State, stack: &str) -> Option<&'s mut FakeStack> {
        if state.stacks.contains_key(stack) {
            return state.stacks.get_mut(stack);
        }
        let name = state
            .stacks
            .iter()
            .chain(state.gone.iter())
            .find(|(_, s)| s.deployed.id == stack)
            .map(|(n, _)| n.clone())?;
        match state.stacks.contains_key(&name) {
            true => state.stacks.get_mut(&name),
            false => state.gone.get_mut(&name),
        }
    }

    /// The script of an operation: `verb` is CREATE, UPDATE or DELETE.
    fn script(plan: Plan, verb: &str) -> VecDeque<Tick> {
        let status = |s: &str| StackStatus::parse(&format!("{verb}_{s}"));
        let resource = |id: &str, s: StackStatus, why: Option<&str>| {
            (
                id.to_owned(),
                "AWS::SNS::Topic".to_owned(),
                s,
                why.map(str::to_owned),
            )
        };
        let done = if verb == "UPDATE" {
            StackStatus::UpdateComplete
        } else {
            status("COMPLETE")
        };
        let waiting = |n: usize, chatty: bool| {
            (1..n).map(move |i| {
                let events = if chatty {
                    vec![resource(&format!("R{i}"), status("IN_PROGRESS"), None)]
                } else {
                    Vec::new()
                };
                (events, status("IN_PROGRESS"))
            })
        };
        match plan {
            Plan::Succeed(n) | Plan::SucceedChattily(n) => {
                let chatty = matches!(plan, Plan::SucceedChattily(_));
                let mut script: VecDeque<Tick> = waiting(n.max(1), chatty).collect();
                script.push_back((vec![resource("Topic", status("COMPLETE"), None)], done));
                script
            }
            Plan::Hang => {
                std::iter::repeat_n((Vec::new(), status("IN_PROGRESS")), 10_000).collect()
            }
            Plan::Fail { logical_id, reason } => {
                let (rolling, rolled) = if verb == "CREATE" {
                    (
                        StackStatus::RollbackInProgress,
                        StackStatus::RollbackComplete,
                    )
                } else {
                    (
                        StackStatus::UpdateRollbackInProgress,
                        StackStatus::UpdateRollbackComplete,
                    )
                };
                VecDeque::from([
                    (
                        vec![
                            resource(&logical_id, status("FAILED"), Some(&reason)),
                            resource(
                                "Other",
                                status("FAILED"),
                                Some("Resource creation cancelled"),
                            ),
                        ],
                        rolling,
                    ),
                    (
                        vec![resource(&logical_id, StackStatus::DeleteComplete, None)],
                        rolled,
                    ),
                ])
            }
        }
    }

    fn start(state: &mut State, name: &str, verb: &str) {
        let plan = state.plans.pop_front().unwrap_or(Plan::Succeed(1));
        let script = Self::script(plan, verb);
        let first = StackStatus::parse(&format!("{verb}_IN_PROGRESS"));
        let id = state.next_event;
        state.next_event += 1;
        let now = state.tick_clock();
        if let Some(stack) = state.stacks.get_mut(name) {
            stack.deployed.status = first.clone();
            stack.deployed.last_change = now;
            stack.script = script;
            stack.events.push(StackEvent {
                id: format!("e{id}"),
                time: String::new(),
                logical_id: name.to_owned(),
                resource_type: "AWS::CloudFormation::Stack".into(),
                status: first,
                reason: None,
            });
        }
    }

    /// One step of a stack's script, when it is described.
    fn tick(state: &mut State, name: &str) {
        let Some(stack) = state.stacks.get_mut(name) else {
            return;
        };
        let Some((events, status)) = stack.script.pop_front() else {
            return;
        };
        for (logical_id, resource_type, s, reason) in events {
            // Numbered as `start` numbers its event: ids stay unique per stack, as CloudFormation's are.
            let id = state.next_event;
            state.next_event += 1;
            stack.events.push(StackEvent {
                id: format!("e{id}"),
                time: String::new(),
                logical_id,
                resource_type,
                status: s,
                reason,
            });
        }
        stack.deployed.status = status.clone();
        if status == StackStatus::CreateComplete || status == StackStatus::UpdateComplete {
            stack.deployed.outputs = outputs_of(&stack.template);
        }
        if status == StackStatus::DeleteComplete {
            if let Some(gone) = state.stacks.remove(name) {
                state.resources.release(name, &gone.template);
                state.gone.insert(name.to_owned(), gone);
            }
        }
    }
}

/// `<key>-value` for every output the template declares.
fn outputs_of(template: &str) -> BTreeMap<String, String> {
    let json: serde_json::Value = serde_json::from_str(template).unwrap_or_default();
    json["Outputs"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| (k.clone(), format!("{k}-value")))
        .collect()
}
