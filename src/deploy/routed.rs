//! A region's [`Cloud`] for its regional stacks: CloudFormation, Logs, KMS and the probe of a
//! retained bucket go to that region; S3 object calls (the template bucket, retained records, the
//! lease) and STS go to the home
//! region, where the one template bucket of the account lives. Templates up to 51,200 bytes go
//! inline (every regional template of the catalog is far smaller); a larger one goes by a
//! `TemplateURL` of the home bucket, which CloudFormation reads from any region of the `aws`
//! partition (not in China or GovCloud, where the bucket must be in the stack's region).

use std::collections::{BTreeMap, BTreeSet};

use super::aws::Aws;
use super::cloud::{
    Call, Caller, ChangeSetState, Cloud, Deployed, DetectionState, KeptChangeSet, KeyInfo,
    ResourceDrift, ResourceImport, StackRequest,
};
use super::progress::StackEvent;
use crate::params::AccountDir;

/// The calls of one region, with S3 and STS sent to the home region.
pub struct Routed<'a, C> {
    /// The home region's calls.
    pub home: &'a dyn Cloud,
    /// This region's calls.
    pub region: C,
}

/// The calls of every other region the account's stacks are deployed in, by region.
pub fn other_regions<'a>(home: &'a Aws, account: &AccountDir) -> Vec<(String, Routed<'a, Aws>)> {
    let regions: BTreeSet<&String> = account
        .stacks
        .iter()
        .filter_map(|s| s.region.as_ref())
        .filter(|r| **r != account.account.region)
        .collect();
    regions
        .into_iter()
        .map(|r| {
            let routed = Routed {
                home,
                region: home.in_region(r),
            };
            (r.clone(), routed)
        })
        .collect()
}

/// Every region's calls by region, home first, as a [`Deployer`](super::Deployer)'s `regions`
/// takes them; empty when no stack is deployed outside the home region.
pub fn as_clouds<'a, C: Cloud>(
    home: &'a dyn Cloud,
    account: &AccountDir,
    others: &'a [(String, C)],
) -> Vec<(String, &'a dyn Cloud)> {
    if others.is_empty() {
        return Vec::new();
    }
    let mut all = vec![(account.account.region.clone(), home)];
    all.extend(others.iter().map(|(r, c)| (r.clone(), c as &dyn Cloud)));
    all
}

impl<C: Cloud> Cloud for Routed<'_, C> {
    fn describe_stack<'b>(&'b self, stack: &'b str) -> Call<'b, Option<Deployed>> {
        self.region.describe_stack(stack)
    }

    fn describe_all_stacks(&self) -> Call<'_, Vec<(String, Deployed)>> {
        self.region.describe_all_stacks()
    }

    fn get_template<'b>(&'b self, stack_id: &'b str) -> Call<'b, String> {
        self.region.get_template(stack_id)
    }

    fn create_stack<'b>(&'b self, request: &'b StackRequest) -> Call<'b, String> {
        self.region.create_stack(request)
    }

    fn create_change_set<'b>(
        &'b self,
        stack_id: &'b str,
        name: &'b str,
        request: &'b StackRequest,
    ) -> Call<'b, ()> {
        self.region.create_change_set(stack_id, name, request)
    }

    fn describe_change_set<'b>(
        &'b self,
        stack_id: &'b str,
        name: &'b str,
    ) -> Call<'b, ChangeSetState> {
        self.region.describe_change_set(stack_id, name)
    }

    fn kept_change_set<'b>(&'b self, stack_id: &'b str, name: &'b str) -> Call<'b, KeptChangeSet> {
        self.region.kept_change_set(stack_id, name)
    }

    fn execute_change_set<'b>(&'b self, stack_id: &'b str, name: &'b str) -> Call<'b, ()> {
        self.region.execute_change_set(stack_id, name)
    }

    fn delete_change_set<'b>(&'b self, stack_id: &'b str, name: &'b str) -> Call<'b, ()> {
        self.region.delete_change_set(stack_id, name)
    }

    fn delete_stack<'b>(&'b self, stack_id: &'b str) -> Call<'b, ()> {
        self.region.delete_stack(stack_id)
    }

    fn set_termination_protection<'b>(&'b self, stack_id: &'b str, on: bool) -> Call<'b, ()> {
        self.region.set_termination_protection(stack_id, on)
    }

    fn events_since<'b>(
        &'b self,
        stack: &'b str,
        marker: Option<&'b str>,
    ) -> Call<'b, Vec<StackEvent>> {
        self.region.events_since(stack, marker)
    }

    fn latest_event_id<'b>(&'b self, stack: &'b str) -> Call<'b, Option<String>> {
        self.region.latest_event_id(stack)
    }

    fn physical_ids<'b>(&'b self, stack_id: &'b str) -> Call<'b, BTreeMap<String, String>> {
        self.region.physical_ids(stack_id)
    }

    fn put_object<'b>(
        &'b self,
        bucket: &'b str,
        key: &'b str,
        body: &'b str,
    ) -> Call<'b, Option<String>> {
        self.home.put_object(bucket, key, body)
    }

    fn create_object<'b>(&'b self, bucket: &'b str, key: &'b str, body: &'b str) -> Call<'b, bool> {
        self.home.create_object(bucket, key, body)
    }

    fn get_object<'b>(&'b self, bucket: &'b str, key: &'b str) -> Call<'b, Option<String>> {
        self.home.get_object(bucket, key)
    }

    fn delete_object<'b>(&'b self, bucket: &'b str, key: &'b str) -> Call<'b, ()> {
        self.home.delete_object(bucket, key)
    }

    fn object_url(&self, bucket: &str, key: &str) -> String {
        self.home.object_url(bucket, key)
    }

    fn caller(&self) -> Call<'_, Caller> {
        self.home.caller()
    }

    fn bucket_exists<'b>(&'b self, bucket: &'b str) -> Call<'b, bool> {
        // Asked of a regional stack's retained buckets, which live in its region (S3 answers a
        // client of another region with a redirect, not with the answer).
        self.region.bucket_exists(bucket)
    }

    fn log_group_exists<'b>(&'b self, name: &'b str) -> Call<'b, bool> {
        self.region.log_group_exists(name)
    }

    fn describe_key<'b>(&'b self, key: &'b str) -> Call<'b, Option<KeyInfo>> {
        self.region.describe_key(key)
    }

    fn create_import_change_set<'b>(
        &'b self,
        name: &'b str,
        request: &'b StackRequest,
        resources: &'b [ResourceImport],
    ) -> Call<'b, String> {
        self.region
            .create_import_change_set(name, request, resources)
    }

    fn detect_stack_drift<'b>(&'b self, stack_id: &'b str) -> Call<'b, String> {
        self.region.detect_stack_drift(stack_id)
    }

    fn drift_detection_status<'b>(&'b self, detection_id: &'b str) -> Call<'b, DetectionState> {
        self.region.drift_detection_status(detection_id)
    }

    fn resource_drifts<'b>(&'b self, stack_id: &'b str) -> Call<'b, Vec<ResourceDrift>> {
        self.region.resource_drifts(stack_id)
    }
}
