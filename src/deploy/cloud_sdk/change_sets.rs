//! The SDK call that reads change sets: `DescribeChangeSet`, every page of changes with their
//! details.

use super::convert::{change_set_state, changes, kept};
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, AwsError};
use crate::deploy::cloud::{ChangeSetState, KeptChangeSet};
use crate::deploy::progress::Change;

const DESCRIBE: &str = "cloudformation:DescribeChangeSet";

impl Aws {
    /// Every page of a change set: the first page's answer and the changes of all of them.
    async fn pages(
        &self,
        stack_id: &str,
        name: &str,
    ) -> Result<
        Option<(
            aws_sdk_cloudformation::operation::describe_change_set::DescribeChangeSetOutput,
            Vec<Change>,
        )>,
        AwsError,
    > {
        let mut pages = self
            .cfn
            .describe_change_set()
            .stack_name(stack_id)
            .change_set_name(name)
            .into_paginator()
            .send();
        let mut first = None;
        let mut all = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| classify(DESCRIBE, e))?;
            all.extend(changes(&page));
            first.get_or_insert(page);
        }
        Ok(first.map(|f| (f, all)))
    }

    /// Where a change set stands; once computed, with every page of its changes.
    pub(super) async fn change_set_state(
        &self,
        stack_id: &str,
        name: &str,
    ) -> Result<ChangeSetState, AwsError> {
        Ok(match self.pages(stack_id, name).await? {
            Some((first, all)) => match change_set_state(&first) {
                ChangeSetState::Ready(_) => ChangeSetState::Ready(all),
                other => other,
            },
            None => ChangeSetState::Pending,
        })
    }

    /// A change set made earlier, every page of its changes.
    pub(super) async fn kept(&self, stack_id: &str, name: &str) -> Result<KeptChangeSet, AwsError> {
        match self.pages(stack_id, name).await? {
            Some((first, all)) => Ok(KeptChangeSet {
                changes: all,
                ..kept(&first)
            }),
            None => Ok(KeptChangeSet::default()),
        }
    }
}
