//! An in-memory [`Cloud`] for the deployer's unit tests: stacks that pass through the statuses
//! CloudFormation gives them, one step per `DescribeStacks`, with the events each step emits; an
//! object store; change sets; and a log of every call with the (paused) time it was made.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Mutex;

use tokio::time::Instant;

use super::aws_error::AwsError;
use super::cloud::{Call, Caller, ChangeSetState, Cloud, Deployed, StackRequest};
use super::progress::{Change, ChangeAction, StackEvent, StackStatus};

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
    objects: BTreeMap<String, String>,
    plans: VecDeque<Plan>,
    changes: Option<Vec<Change>>,
    throttled: BTreeMap<&'static str, usize>,
    drops_protection: bool,
    calls: Vec<(Instant, String)>,
    next_event: usize,
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
        if let Some(stack) = state.stacks.get_mut(name) {
            stack.deployed.status = first.clone();
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
            state.next_event += 1;
            stack.events.push(StackEvent {
                id: format!("e{}", state.next_event),
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

fn deployed_of(request: &StackRequest, id: String, protected: bool) -> Deployed {
    Deployed {
        id,
        status: StackStatus::CreateInProgress,
        reason: None,
        last_change: String::new(),
        outputs: BTreeMap::new(),
        parameters: request.parameters.iter().cloned().collect(),
        tags: request.tags.iter().cloned().collect(),
        protected,
    }
}

impl Cloud for FakeCloud {
    fn describe_stack<'a>(&'a self, stack: &'a str) -> Call<'a, Option<Deployed>> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "DescribeStacks").map(|()| {
            if state.stacks.contains_key(stack) {
                Self::tick(&mut state, stack);
            } else if let Some(name) = state
                .stacks
                .iter()
                .find(|(_, s)| s.deployed.id == stack)
                .map(|(n, _)| n.clone())
            {
                Self::tick(&mut state, &name);
            }
            match state.stacks.get(stack) {
                Some(s) => Some(s.deployed.clone()),
                // By id, a deleted stack answers DELETE_COMPLETE, as CloudFormation's does.
                None => Self::find(&mut state, stack).map(|s| s.deployed.clone()),
            }
        });
        Box::pin(async move { answer })
    }

    fn get_template<'a>(&'a self, stack_id: &'a str) -> Call<'a, String> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "GetTemplate").and_then(|()| {
            Self::find(&mut state, stack_id)
                .map(|s| s.template.clone())
                .ok_or_else(|| not_found(stack_id))
        });
        Box::pin(async move { answer })
    }

    fn create_stack<'a>(&'a self, request: &'a StackRequest) -> Call<'a, String> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "CreateStack").and_then(|()| {
            let template = state
                .objects
                .get(&request.template_url)
                .cloned()
                .ok_or_else(|| AwsError::Service {
                    action: "cloudformation:CreateStack".into(),
                    code: "ValidationError".into(),
                    message: format!("no template at {}", request.template_url),
                })?;
            let id = format!(
                "arn:aws:cloudformation:stack/{}/{}",
                request.stack_name, state.next_event
            );
            let protected = request.termination_protection == Some(true) && !state.drops_protection;
            state.stacks.insert(
                request.stack_name.clone(),
                FakeStack {
                    deployed: deployed_of(request, id.clone(), protected),
                    template,
                    events: Vec::new(),
                    script: VecDeque::new(),
                    change_sets: BTreeMap::new(),
                },
            );
            Self::start(&mut state, &request.stack_name, "CREATE");
            Ok(id)
        });
        Box::pin(async move { answer })
    }

    fn create_change_set<'a>(
        &'a self,
        stack_id: &'a str,
        name: &'a str,
        request: &'a StackRequest,
    ) -> Call<'a, ()> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "CreateChangeSet").and_then(|()| {
            let stack = Self::find(&mut state, stack_id).ok_or_else(|| not_found(stack_id))?;
            stack
                .change_sets
                .insert(name.to_owned(), (request.clone(), 0));
            Ok(())
        });
        Box::pin(async move { answer })
    }

    fn describe_change_set<'a>(
        &'a self,
        stack_id: &'a str,
        name: &'a str,
    ) -> Call<'a, ChangeSetState> {
        let mut state = self.lock();
        let changes = state.changes.clone().unwrap_or_else(|| {
            vec![Change {
                action: ChangeAction::Modify,
                logical_id: "Topic".into(),
                resource_type: "AWS::SNS::Topic".into(),
                replacement: None,
            }]
        });
        let answer = self.call(&mut state, "DescribeChangeSet").and_then(|()| {
            let stack = Self::find(&mut state, stack_id).ok_or_else(|| not_found(stack_id))?;
            let (_, polls) = stack
                .change_sets
                .get_mut(name)
                .ok_or_else(|| not_found(name))?;
            *polls += 1;
            // Pending once, as CloudFormation is while it computes.
            Ok(match (*polls, changes.is_empty()) {
                (1, _) => ChangeSetState::Pending,
                (_, true) => ChangeSetState::Failed(
                    "The submitted information didn't contain changes.".into(),
                ),
                (_, false) => ChangeSetState::Ready(changes),
            })
        });
        Box::pin(async move { answer })
    }

    fn execute_change_set<'a>(&'a self, stack_id: &'a str, name: &'a str) -> Call<'a, ()> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "ExecuteChangeSet").and_then(|()| {
            let url = {
                let stack = Self::find(&mut state, stack_id).ok_or_else(|| not_found(stack_id))?;
                let (request, _) = stack
                    .change_sets
                    .remove(name)
                    .ok_or_else(|| not_found(name))?;
                stack.deployed.parameters = request.parameters.iter().cloned().collect();
                stack.deployed.tags = request.tags.iter().cloned().collect();
                request.template_url
            };
            let template = state.objects.get(&url).cloned().unwrap_or_default();
            let stack = Self::find(&mut state, stack_id).ok_or_else(|| not_found(stack_id))?;
            stack.template = template;
            let name = request_name(stack);
            Self::start(&mut state, &name, "UPDATE");
            Ok(())
        });
        Box::pin(async move { answer })
    }

    fn delete_change_set<'a>(&'a self, stack_id: &'a str, name: &'a str) -> Call<'a, ()> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "DeleteChangeSet").map(|()| {
            if let Some(stack) = Self::find(&mut state, stack_id) {
                stack.change_sets.remove(name);
            }
        });
        Box::pin(async move { answer })
    }

    fn delete_stack<'a>(&'a self, stack_id: &'a str) -> Call<'a, ()> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "DeleteStack").and_then(|()| {
            let stack = Self::find(&mut state, stack_id).ok_or_else(|| not_found(stack_id))?;
            if stack.deployed.protected {
                return Err(AwsError::Service {
                    action: "cloudformation:DeleteStack".into(),
                    code: "ValidationError".into(),
                    message: "Stack cannot be deleted while TerminationProtection is enabled"
                        .into(),
                });
            }
            let name = request_name(stack);
            Self::start(&mut state, &name, "DELETE");
            Ok(())
        });
        Box::pin(async move { answer })
    }

    fn set_termination_protection<'a>(&'a self, stack_id: &'a str, on: bool) -> Call<'a, ()> {
        let mut state = self.lock();
        let answer = self
            .call(&mut state, "UpdateTerminationProtection")
            .and_then(|()| {
                let stack = Self::find(&mut state, stack_id).ok_or_else(|| not_found(stack_id))?;
                stack.deployed.protected = on;
                Ok(())
            });
        Box::pin(async move { answer })
    }

    fn events_since<'a>(
        &'a self,
        stack: &'a str,
        marker: Option<&'a str>,
    ) -> Call<'a, Vec<StackEvent>> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "DescribeStackEvents").and_then(|()| {
            let s = Self::find(&mut state, stack).ok_or_else(|| not_found(stack))?;
            let start = marker
                .and_then(|m| s.events.iter().position(|e| e.id == m))
                .map_or(0, |i| i + 1);
            Ok(s.events[start..].to_vec())
        });
        Box::pin(async move { answer })
    }

    fn latest_event_id<'a>(&'a self, stack: &'a str) -> Call<'a, Option<String>> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "DescribeStackEvents").map(|()| {
            Self::find(&mut state, stack).and_then(|s| s.events.last().map(|e| e.id.clone()))
        });
        Box::pin(async move { answer })
    }

    fn physical_ids<'a>(&'a self, stack_id: &'a str) -> Call<'a, BTreeMap<String, String>> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "ListStackResources").and_then(|()| {
            let stack = Self::find(&mut state, stack_id).ok_or_else(|| not_found(stack_id))?;
            let json: serde_json::Value = serde_json::from_str(&stack.template).unwrap_or_default();
            Ok(json["Resources"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(id, _)| (id.clone(), format!("physical-{id}")))
                .collect())
        });
        Box::pin(async move { answer })
    }

    fn put_object<'a>(&'a self, bucket: &'a str, key: &'a str, body: &'a str) -> Call<'a, ()> {
        let mut state = self.lock();
        let url = self.object_url(bucket, key);
        let answer = self.call(&mut state, "PutObject").and_then(|()| {
            if !state.buckets.contains(bucket) {
                return Err(AwsError::Service {
                    action: "s3:PutObject".into(),
                    code: "NoSuchBucket".into(),
                    message: "The specified bucket does not exist".into(),
                });
            }
            state.objects.insert(url, body.to_owned());
            Ok(())
        });
        Box::pin(async move { answer })
    }

    fn object_url(&self, bucket: &str, key: &str) -> String {
        format!("fake://{bucket}/{key}")
    }

    fn caller(&self) -> Call<'_, Caller> {
        let mut state = self.lock();
        let answer = self
            .call(&mut state, "GetCallerIdentity")
            .map(|()| self.caller.clone());
        Box::pin(async move { answer })
    }
}

/// The stack name of a fake stack (the part of its id after `stack/`).
fn request_name(stack: &FakeStack) -> String {
    stack
        .deployed
        .id
        .split('/')
        .nth(1)
        .unwrap_or_default()
        .to_owned()
}
