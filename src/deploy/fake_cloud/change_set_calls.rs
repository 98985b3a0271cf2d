//! The fake's answers to the calls that read a change set made earlier (`stack execute`), and
//! the knob that changes a stack behind hydrate's back.

use super::{not_found, FakeCloud};
use crate::deploy::cloud::{Call, KeptChangeSet};
use crate::deploy::progress::{Change, ChangeAction};

/// The fake clock's instant `n` in RFC 3339: one second per tick from 2026-01-01.
pub(super) fn stamp(n: usize) -> String {
    format!(
        "2026-01-01T{:02}:{:02}:{:02}Z",
        n / 3600 % 24,
        n / 60 % 60,
        n % 60
    )
}

impl FakeCloud {
    /// Someone else updated the stack: its last change is now.
    pub fn touch(&self, name: &str) {
        let mut state = self.lock();
        let now = state.tick_clock();
        if let Some(stack) = state.stacks.get_mut(name) {
            stack.deployed.last_change = now;
        }
    }

    pub(super) fn kept(&self, stack_id: &str, name: &str) -> Call<'_, KeptChangeSet> {
        let mut state = self.lock();
        let changes = state.changes.clone().unwrap_or_else(|| {
            vec![Change::new(
                ChangeAction::Modify,
                "Topic",
                "AWS::SNS::Topic",
            )]
        });
        let created = state.made.get(name).cloned().unwrap_or_default();
        let answer = self.call(&mut state, "DescribeChangeSet").and_then(|()| {
            let stack = Self::find(&mut state, stack_id).ok_or_else(|| not_found(stack_id))?;
            let (request, polls) = stack.change_sets.get(name).ok_or_else(|| not_found(name))?;
            let ready = *polls > 1;
            Ok(KeptChangeSet {
                status: if ready {
                    "CREATE_COMPLETE"
                } else {
                    "CREATE_PENDING"
                }
                .into(),
                execution_status: if ready { "AVAILABLE" } else { "UNAVAILABLE" }.into(),
                reason: None,
                description: request.change_set_description.clone(),
                created,
                parameters: request.parameters.iter().cloned().collect(),
                changes,
            })
        });
        Self::reply(&state, "DescribeChangeSet", answer)
    }
}
