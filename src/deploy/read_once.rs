//! Read once: a [`Cloud`] that answers DescribeStacks from one paginated read of the whole
//! account, so a plan, its parameter values and its no-op checks do not describe the same stack
//! again and again. A stack's entry is dropped the moment hydrate writes to it, and a stack in
//! progress is always read afresh, so waiting and outputs after a change are never stale.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use super::cloud::{
    Call, Caller, ChangeSetState, Cloud, Deployed, DetectionState, KeptChangeSet, KeyInfo,
    ResourceDrift, ResourceImport, StackRequest,
};
use super::progress::{StackEvent, StackStatus};
use crate::params::AccountDir;

/// A [`Cloud`] whose DescribeStacks of the account's stacks is read once.
pub struct ReadOnce<'a> {
    inner: &'a dyn Cloud,
    /// Whose stacks are read.
    account: &'a AccountDir,
    /// By stack name: the stack as last read, or `None` for a stack that does not exist.
    known: Mutex<BTreeMap<String, Option<Deployed>>>,
}

impl<'a> ReadOnce<'a> {
    /// Reads every stack of the account and region in one paginated call; the account's stacks
    /// not among them are known not to exist. If that read fails, each is described when asked.
    pub async fn primed(inner: &'a dyn Cloud, account: &'a AccountDir) -> ReadOnce<'a> {
        let cache = ReadOnce {
            inner,
            account,
            known: Mutex::new(BTreeMap::new()),
        };
        cache.reprime().await;
        cache
    }

    /// One primed cache over each region's cloud.
    pub async fn primed_each<C: Cloud>(
        each: &'a [(String, C)],
        account: &'a AccountDir,
    ) -> Vec<(String, ReadOnce<'a>)> {
        let primed = each.iter().map(|(region, cloud)| async move {
            (region.clone(), ReadOnce::primed(cloud, account).await)
        });
        futures_util::future::join_all(primed).await
    }

    /// Forgets everything and reads the account again in one call (after another writer may have
    /// acted: the lease was just taken); if that read fails, each stack is described when asked.
    pub async fn reprime(&self) {
        self.forget_all();
        if let Ok(all) = self.inner.describe_all_stacks().await {
            let names: Vec<&str> = self
                .account
                .stacks
                .iter()
                .map(|s| s.stack_name.as_str())
                .collect();
            let wanted: BTreeSet<&str> = names.iter().copied().collect();
            let mut found: BTreeMap<String, Option<Deployed>> = BTreeMap::new();
            // A listing may hold deleted stacks too (emulators do), even beside a live one of
            // the same name: by name, a deleted stack does not exist.
            for (name, d) in all {
                if wanted.contains(name.as_str()) && d.status != StackStatus::DeleteComplete {
                    found.insert(name, Some(d));
                }
            }
            for name in &names {
                found.entry((*name).to_owned()).or_insert(None);
            }
            if let Ok(mut known) = self.known.lock() {
                *known = found;
            }
        }
    }

    /// Drops everything read: after another writer may have acted (the lease was just taken).
    pub fn forget_all(&self) {
        if let Ok(mut known) = self.known.lock() {
            known.clear();
        }
    }

    /// Drops the entry of the stack of this name or id: hydrate is about to change it.
    fn forget(&self, stack: &str) {
        if let Ok(mut known) = self.known.lock() {
            known.retain(|name, d| name != stack && d.as_ref().is_none_or(|d| d.id != stack));
        }
    }

    /// A write to `stack`: its entry dropped before the call and again once it answered, so a
    /// read racing the write cannot put back the state from before it.
    fn writing<'b, T: Send + 'b>(&'b self, stack: &'b str, write: Call<'b, T>) -> Call<'b, T> {
        self.forget(stack);
        Box::pin(async move {
            let answer = write.await;
            self.forget(stack);
            answer
        })
    }

    fn lookup(&self, stack: &str) -> Option<Option<Deployed>> {
        let known = self.known.lock().ok()?;
        known
            .get(stack)
            .cloned()
            .or_else(|| {
                known
                    .values()
                    .find(|d| d.as_ref().is_some_and(|d| d.id == stack))
                    .cloned()
            })
            // A stack at work changes by the second: never answered from memory.
            .filter(|d| d.as_ref().is_none_or(|d| !d.status.in_progress()))
    }
}

impl Cloud for ReadOnce<'_> {
    fn describe_stack<'b>(&'b self, stack: &'b str) -> Call<'b, Option<Deployed>> {
        Box::pin(async move {
            if let Some(known) = self.lookup(stack) {
                return Ok(known);
            }
            let fresh = self.inner.describe_stack(stack).await?;
            let settled = fresh.as_ref().is_some_and(|d| !d.status.in_progress());
            if settled && !stack.starts_with("arn:") {
                if let Ok(mut known) = self.known.lock() {
                    known.insert(stack.to_owned(), fresh.clone());
                }
            }
            Ok(fresh)
        })
    }

    fn describe_all_stacks(&self) -> Call<'_, Vec<(String, Deployed)>> {
        self.inner.describe_all_stacks()
    }

    fn get_template<'b>(&'b self, stack_id: &'b str) -> Call<'b, String> {
        self.inner.get_template(stack_id)
    }

    fn create_stack<'b>(&'b self, request: &'b StackRequest) -> Call<'b, String> {
        self.writing(&request.stack_name, self.inner.create_stack(request))
    }

    fn create_change_set<'b>(
        &'b self,
        stack_id: &'b str,
        name: &'b str,
        request: &'b StackRequest,
    ) -> Call<'b, ()> {
        self.inner.create_change_set(stack_id, name, request)
    }

    fn describe_change_set<'b>(
        &'b self,
        stack_id: &'b str,
        name: &'b str,
    ) -> Call<'b, ChangeSetState> {
        self.inner.describe_change_set(stack_id, name)
    }

    fn kept_change_set<'b>(&'b self, stack_id: &'b str, name: &'b str) -> Call<'b, KeptChangeSet> {
        self.inner.kept_change_set(stack_id, name)
    }

    fn execute_change_set<'b>(&'b self, stack_id: &'b str, name: &'b str) -> Call<'b, ()> {
        self.writing(stack_id, self.inner.execute_change_set(stack_id, name))
    }

    fn delete_change_set<'b>(&'b self, stack_id: &'b str, name: &'b str) -> Call<'b, ()> {
        self.inner.delete_change_set(stack_id, name)
    }

    fn delete_stack<'b>(&'b self, stack_id: &'b str) -> Call<'b, ()> {
        self.writing(stack_id, self.inner.delete_stack(stack_id))
    }

    fn set_termination_protection<'b>(&'b self, stack_id: &'b str, on: bool) -> Call<'b, ()> {
        self.writing(
            stack_id,
            self.inner.set_termination_protection(stack_id, on),
        )
    }

    fn events_since<'b>(
        &'b self,
        stack: &'b str,
        marker: Option<&'b str>,
    ) -> Call<'b, Vec<StackEvent>> {
        self.inner.events_since(stack, marker)
    }

    fn latest_event_id<'b>(&'b self, stack: &'b str) -> Call<'b, Option<String>> {
        self.inner.latest_event_id(stack)
    }

    fn physical_ids<'b>(&'b self, stack_id: &'b str) -> Call<'b, BTreeMap<String, String>> {
        self.inner.physical_ids(stack_id)
    }

    fn put_object<'b>(
        &'b self,
        bucket: &'b str,
        key: &'b str,
        body: &'b str,
    ) -> Call<'b, Option<String>> {
        self.inner.put_object(bucket, key, body)
    }

    fn create_object<'b>(&'b self, bucket: &'b str, key: &'b str, body: &'b str) -> Call<'b, bool> {
        self.inner.create_object(bucket, key, body)
    }

    fn get_object<'b>(&'b self, bucket: &'b str, key: &'b str) -> Call<'b, Option<String>> {
        self.inner.get_object(bucket, key)
    }

    fn delete_object<'b>(&'b self, bucket: &'b str, key: &'b str) -> Call<'b, ()> {
        self.inner.delete_object(bucket, key)
    }

    fn object_url(&self, bucket: &str, key: &str) -> String {
        self.inner.object_url(bucket, key)
    }

    fn caller(&self) -> Call<'_, Caller> {
        self.inner.caller()
    }

    fn bucket_exists<'b>(&'b self, bucket: &'b str) -> Call<'b, bool> {
        self.inner.bucket_exists(bucket)
    }

    fn log_group_exists<'b>(&'b self, name: &'b str) -> Call<'b, bool> {
        self.inner.log_group_exists(name)
    }

    fn describe_key<'b>(&'b self, key: &'b str) -> Call<'b, Option<KeyInfo>> {
        self.inner.describe_key(key)
    }

    fn create_import_change_set<'b>(
        &'b self,
        name: &'b str,
        request: &'b StackRequest,
        resources: &'b [ResourceImport],
    ) -> Call<'b, String> {
        self.forget(name);
        self.inner
            .create_import_change_set(name, request, resources)
    }

    fn detect_stack_drift<'b>(&'b self, stack_id: &'b str) -> Call<'b, String> {
        // A detection changes the stack's DriftInformation: read it afresh next time.
        self.forget(stack_id);
        self.inner.detect_stack_drift(stack_id)
    }

    fn drift_detection_status<'b>(&'b self, detection_id: &'b str) -> Call<'b, DetectionState> {
        self.inner.drift_detection_status(detection_id)
    }

    fn resource_drifts<'b>(&'b self, stack_id: &'b str) -> Call<'b, Vec<ResourceDrift>> {
        self.inner.resource_drifts(stack_id)
    }
}

#[cfg(test)]
#[path = "read_once_tests.rs"]
mod tests;
