//! The fake's S3 objects: the template bucket's uploads (versioned), the lease's conditional
//! create, reads and deletes.

use super::FakeCloud;
use crate::deploy::aws_error::AwsError;
use crate::deploy::cloud::{Call, Cloud};

impl FakeCloud {
    pub(super) fn put<'a>(
        &'a self,
        bucket: &'a str,
        key: &'a str,
        body: &'a str,
    ) -> Call<'a, Option<String>> {
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
            let version = state.store(&url, body);
            // The racer overwrites a template right after it lands, before CloudFormation reads it.
            if let Some(swapped) = state.racer.clone().filter(|_| !key.ends_with(".lock.json")) {
                state.store(&url, &swapped);
            }
            Ok(version)
        });
        Self::reply(&state, "PutObject", answer)
    }

    pub(super) fn create<'a>(
        &'a self,
        bucket: &'a str,
        key: &'a str,
        body: &'a str,
    ) -> Call<'a, bool> {
        let mut state = self.lock();
        let url = self.object_url(bucket, key);
        let answer = self.call(&mut state, "PutObject").map(|()| {
            if state.objects.contains_key(&url) {
                return false;
            }
            state.objects.insert(url, body.to_owned());
            true
        });
        Self::reply(&state, "PutObject", answer)
    }

    pub(super) fn get<'a>(&'a self, bucket: &'a str, key: &'a str) -> Call<'a, Option<String>> {
        let mut state = self.lock();
        let url = self.object_url(bucket, key);
        let answer = self
            .call(&mut state, "GetObject")
            .map(|()| state.objects.get(&url).cloned());
        Self::reply(&state, "GetObject", answer)
    }

    pub(super) fn delete<'a>(&'a self, bucket: &'a str, key: &'a str) -> Call<'a, ()> {
        let mut state = self.lock();
        let url = self.object_url(bucket, key);
        let answer = self.call(&mut state, "DeleteObject").map(|()| {
            state.objects.remove(&url);
        });
        Self::reply(&state, "DeleteObject", answer)
    }
}
