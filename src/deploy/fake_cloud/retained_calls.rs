//! The fake's answers to the calls that find retained resources and import them, and the knobs
//! tests turn on them.

use std::collections::{BTreeMap, VecDeque};

use super::{FakeCloud, FakeStack};
use crate::deploy::aws_error::AwsError;
use crate::deploy::cloud::{Call, Deployed, KeyInfo, ResourceImport, StackRequest};
use crate::deploy::progress::{Change, ChangeAction, StackStatus};

impl FakeCloud {
    /// Refuses every IMPORT change set at the call, as LocalStack core does.
    pub fn refuse_imports(&self, message: &str) {
        self.lock().resources.refuse_imports = Some(message.to_owned());
    }

    /// Schedules a key for deletion.
    pub fn schedule_key_deletion(&self, key_id: &str) {
        self.lock()
            .resources
            .pending_deletion
            .insert(key_id.to_owned());
    }

    /// The physical id of a resource of a live stack.
    pub fn physical_of(&self, stack: &str, logical_id: &str) -> Option<String> {
        let state = self.lock();
        state
            .resources
            .physical
            .get(stack)?
            .get(logical_id)
            .cloned()
    }

    pub(super) fn head_bucket(&self, bucket: &str) -> Call<'_, bool> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "HeadBucket").map(|()| {
            state.buckets.contains(bucket) || state.resources.exists("AWS::S3::Bucket", bucket)
        });
        Self::reply(&state, "HeadBucket", answer)
    }

    pub(super) fn find_log_group(&self, name: &str) -> Call<'_, bool> {
        let mut state = self.lock();
        let answer = self
            .call(&mut state, "DescribeLogGroups")
            .map(|()| state.resources.exists("AWS::Logs::LogGroup", name));
        Self::reply(&state, "DescribeLogGroups", answer)
    }

    pub(super) fn key(&self, key: &str) -> Call<'_, Option<KeyInfo>> {
        let mut state = self.lock();
        let answer = self
            .call(&mut state, "DescribeKey")
            .map(|()| state.resources.key(key));
        Self::reply(&state, "DescribeKey", answer)
    }

    pub(super) fn import_change_set(
        &self,
        name: &str,
        request: &StackRequest,
        resources: &[ResourceImport],
    ) -> Call<'_, String> {
        let mut state = self.lock();
        let answer = self.call(&mut state, "CreateChangeSet").and_then(|()| {
            if state.stacks.contains_key(&request.stack_name) {
                return Err(AwsError::Service {
                    action: "cloudformation:CreateChangeSet".into(),
                    code: "ValidationError".into(),
                    message: format!("Stack [{}] already exists", request.stack_name),
                });
            }
            let template = state.template_of(&request.template).unwrap_or_default();
            let failure = state.resources.check_import(&template, resources)?;
            let id = format!(
                "arn:aws:cloudformation:stack/{}/{}",
                request.stack_name, state.next_event
            );
            state.next_event += 1;
            let mut change_sets = BTreeMap::new();
            change_sets.insert(name.to_owned(), (request.clone(), 0));
            state.stacks.insert(
                request.stack_name.clone(),
                FakeStack {
                    deployed: Deployed {
                        id: id.clone(),
                        status: StackStatus::ReviewInProgress,
                        reason: None,
                        last_change: String::new(),
                        outputs: BTreeMap::new(),
                        parameters: request.parameters.iter().cloned().collect(),
                        tags: request.tags.iter().cloned().collect(),
                        protected: false,
                        role_arn: request.role_arn.clone(),
                        notification_arns: request.notification_arns.clone(),
                        drift: None,
                    },
                    template,
                    events: Vec::new(),
                    script: VecDeque::new(),
                    change_sets,
                },
            );
            state
                .resources
                .imports
                .insert(name.to_owned(), (resources.to_vec(), failure));
            Ok(id)
        });
        Self::reply(&state, "CreateChangeSet", answer)
    }
}

/// The changes an IMPORT change set shows.
pub(super) fn import_changes(resources: &[ResourceImport]) -> Vec<Change> {
    resources
        .iter()
        .map(|r| Change::new(ChangeAction::Import, &r.logical_id, &r.resource_type))
        .collect()
}
