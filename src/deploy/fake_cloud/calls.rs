//! The fake's answers to each [`Cloud`] call.

use std::collections::{BTreeMap, VecDeque};

use super::retained_calls::import_changes;
use super::{not_found, FakeCloud, FakeStack, Plan};
use crate::deploy::aws_error::AwsError;
use crate::deploy::cloud::{
    Call, Caller, ChangeSetState, Cloud, Deployed, DetectionState, KeptChangeSet, KeyInfo,
    ResourceDrift, ResourceImport, StackRequest,
};
use crate::deploy::progress::{Change, ChangeAction, StackEvent, StackStatus};

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
        role_arn: request.role_arn.clone(),
        notification_arns: request.notification_arns.clone(),
        drift: None,
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
        Self::reply(&state, "DescribeStacks", answer)
    }

    fn describe_all_stacks(&self) -> Call<'_, Vec<(String, Deployed)>> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "DescribeStacks").map(|()| {
            let names: Vec<String> = state.stacks.keys().cloned().collect();
            for name in &names {
                Self::tick(&mut state, name);
            }
            state
                .stacks
                .iter()
                .map(|(name, s)| (name.clone(), s.deployed.clone()))
                .collect()
        });
        Self::reply(&state, "DescribeStacks", answer)
    }

    fn get_template<'a>(&'a self, stack_id: &'a str) -> Call<'a, String> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "GetTemplate").and_then(|()| {
            Self::find(&mut state, stack_id)
                .map(|s| s.template.clone())
                .ok_or_else(|| not_found(stack_id))
        });
        Self::reply(&state, "GetTemplate", answer)
    }

    fn create_stack<'a>(&'a self, request: &'a StackRequest) -> Call<'a, String> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "CreateStack").and_then(|()| {
            let template =
                state
                    .template_of(&request.template)
                    .ok_or_else(|| AwsError::Service {
                        action: "cloudformation:CreateStack".into(),
                        code: "ValidationError".into(),
                        message: format!("no template at {:?}", request.template),
                    })?;
            let id = format!(
                "arn:aws:cloudformation:stack/{}/{}",
                request.stack_name, state.next_event
            );
            let protected = request.termination_protection == Some(true) && !state.drops_protection;
            if let Err((logical_id, reason)) =
                state.resources.create(&request.stack_name, &template)
            {
                state.plans.push_front(Plan::Fail { logical_id, reason });
            }
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
        Self::reply(&state, "CreateStack", answer)
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
            let now = state.tick_clock();
            state.made.insert(name.to_owned(), now);
            Ok(())
        });
        Self::reply(&state, "CreateChangeSet", answer)
    }

    fn describe_change_set<'a>(
        &'a self,
        stack_id: &'a str,
        name: &'a str,
    ) -> Call<'a, ChangeSetState> {
        let mut state = self.lock();
        let changes = state.changes.clone().unwrap_or_else(|| {
            vec![Change::new(
                ChangeAction::Modify,
                "Topic",
                "AWS::SNS::Topic",
            )]
        });
        let answer = self.call(&mut state, "DescribeChangeSet").and_then(|()| {
            let stack = Self::find(&mut state, stack_id).ok_or_else(|| not_found(stack_id))?;
            let (_, polls) = stack
                .change_sets
                .get_mut(name)
                .ok_or_else(|| not_found(name))?;
            *polls += 1;
            let polls = *polls;
            if let Some((resources, failure)) = state.resources.imports.get(name) {
                return Ok(match (polls, failure) {
                    (1, _) => ChangeSetState::Pending,
                    (_, Some(reason)) => ChangeSetState::Failed(reason.clone()),
                    (_, None) => ChangeSetState::Ready(import_changes(resources)),
                });
            }
            // Pending once, as CloudFormation is while it computes.
            Ok(match (polls, changes.is_empty()) {
                (1, _) => ChangeSetState::Pending,
                (_, true) => ChangeSetState::Failed(
                    "The submitted information didn't contain changes.".into(),
                ),
                (_, false) => ChangeSetState::Ready(changes),
            })
        });
        Self::reply(&state, "DescribeChangeSet", answer)
    }

    fn kept_change_set<'a>(&'a self, stack_id: &'a str, name: &'a str) -> Call<'a, KeptChangeSet> {
        self.kept(stack_id, name)
    }

    fn execute_change_set<'a>(&'a self, stack_id: &'a str, name: &'a str) -> Call<'a, ()> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "ExecuteChangeSet").and_then(|()| {
            let sent = {
                let stack = Self::find(&mut state, stack_id).ok_or_else(|| not_found(stack_id))?;
                let (request, _) = stack
                    .change_sets
                    .remove(name)
                    .ok_or_else(|| not_found(name))?;
                // CloudFormation drops every other change set of a stack once one runs.
                stack.change_sets.clear();
                stack.deployed.parameters = request.parameters.iter().cloned().collect();
                stack.deployed.tags = request.tags.iter().cloned().collect();
                stack.deployed.role_arn = request.role_arn.clone();
                stack.deployed.notification_arns = request.notification_arns.clone();
                request.template
            };
            let template = state.template_of(&sent).unwrap_or_default();
            let stack = Self::find(&mut state, stack_id).ok_or_else(|| not_found(stack_id))?;
            stack.template = template.clone();
            let stack_name = request_name(stack);
            match state.resources.imports.remove(name) {
                Some((resources, _)) => {
                    state.resources.adopt(&stack_name, &resources);
                    Self::start(&mut state, &stack_name, "IMPORT");
                }
                None => {
                    state.resources.update(&stack_name, &template);
                    Self::start(&mut state, &stack_name, "UPDATE");
                }
            }
            Ok(())
        });
        Self::reply(&state, "ExecuteChangeSet", answer)
    }

    fn delete_change_set<'a>(&'a self, stack_id: &'a str, name: &'a str) -> Call<'a, ()> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "DeleteChangeSet").map(|()| {
            if let Some(stack) = Self::find(&mut state, stack_id) {
                stack.change_sets.remove(name);
            }
        });
        Self::reply(&state, "DeleteChangeSet", answer)
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
        Self::reply(&state, "DeleteStack", answer)
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
        Self::reply(&state, "UpdateTerminationProtection", answer)
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
        Self::reply(&state, "DescribeStackEvents", answer)
    }

    fn latest_event_id<'a>(&'a self, stack: &'a str) -> Call<'a, Option<String>> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "DescribeStackEvents").map(|()| {
            Self::find(&mut state, stack).and_then(|s| s.events.last().map(|e| e.id.clone()))
        });
        Self::reply(&state, "DescribeStackEvents", answer)
    }

    fn physical_ids<'a>(&'a self, stack_id: &'a str) -> Call<'a, BTreeMap<String, String>> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "ListStackResources").and_then(|()| {
            let stack = Self::find(&mut state, stack_id).ok_or_else(|| not_found(stack_id))?;
            let json: serde_json::Value = serde_json::from_str(&stack.template).unwrap_or_default();
            let name = request_name(stack);
            let known = state.resources.physical.get(&name);
            Ok(json["Resources"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(id, _)| {
                    let physical = known.and_then(|k| k.get(id)).cloned();
                    (
                        id.clone(),
                        physical.unwrap_or_else(|| format!("physical-{id}")),
                    )
                })
                .collect())
        });
        Self::reply(&state, "ListStackResources", answer)
    }

    fn put_object<'a>(
        &'a self,
        bucket: &'a str,
        key: &'a str,
        body: &'a str,
    ) -> Call<'a, Option<String>> {
        self.put(bucket, key, body)
    }

    fn create_object<'a>(&'a self, bucket: &'a str, key: &'a str, body: &'a str) -> Call<'a, bool> {
        self.create(bucket, key, body)
    }

    fn get_object<'a>(&'a self, bucket: &'a str, key: &'a str) -> Call<'a, Option<String>> {
        self.get(bucket, key)
    }

    fn delete_object<'a>(&'a self, bucket: &'a str, key: &'a str) -> Call<'a, ()> {
        self.delete(bucket, key)
    }

    fn object_url(&self, bucket: &str, key: &str) -> String {
        format!("fake://{bucket}/{key}")
    }

    fn caller(&self) -> Call<'_, Caller> {
        let mut state = self.lock();
        let answer = self
            .call(&mut state, "GetCallerIdentity")
            .map(|()| self.caller.clone());
        Self::reply(&state, "GetCallerIdentity", answer)
    }

    fn bucket_exists<'a>(&'a self, bucket: &'a str) -> Call<'a, bool> {
        self.head_bucket(bucket)
    }

    fn log_group_exists<'a>(&'a self, name: &'a str) -> Call<'a, bool> {
        self.find_log_group(name)
    }

    fn describe_key<'a>(&'a self, key: &'a str) -> Call<'a, Option<KeyInfo>> {
        self.key(key)
    }

    fn create_import_change_set<'a>(
        &'a self,
        name: &'a str,
        request: &'a StackRequest,
        resources: &'a [ResourceImport],
    ) -> Call<'a, String> {
        self.import_change_set(name, request, resources)
    }

    fn detect_stack_drift<'a>(&'a self, stack_id: &'a str) -> Call<'a, String> {
        self.start_detection(stack_id)
    }

    fn drift_detection_status<'a>(&'a self, detection_id: &'a str) -> Call<'a, DetectionState> {
        self.detection_state(detection_id)
    }

    fn resource_drifts<'a>(&'a self, stack_id: &'a str) -> Call<'a, Vec<ResourceDrift>> {
        self.drifted_resources(stack_id)
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
