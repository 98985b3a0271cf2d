//! The reads of hydrate's direct comparison, as one narrow trait (tests implement it in memory),
//! and its IAM half over the SDK (the data resources' half is `live_data.rs`): every list call paginated, every policy document
//! decoded (IAM answers them URL-encoded) and parsed.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, AwsError};
use crate::deploy::cloud::Call;

/// An IAM role or group as IAM has it now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Principal {
    /// The trust policy (roles only).
    pub trust: Option<Value>,
    /// Inline policies: name → document.
    pub inline: BTreeMap<String, Value>,
    /// ARNs of the attached managed policies.
    pub attached: BTreeSet<String>,
}

/// The IAM reads the direct comparison makes; `None` when IAM has no such entity.
pub trait Live: Send + Sync {
    /// A role by name.
    fn role<'a>(&'a self, name: &'a str) -> Call<'a, Option<Principal>>;
    /// A group by name.
    fn group<'a>(&'a self, name: &'a str) -> Call<'a, Option<Principal>>;
    /// The default version's document of a managed policy.
    fn managed_policy<'a>(&'a self, arn: &'a str) -> Call<'a, Option<Value>>;
    /// The live properties of a bucket, bucket policy (by bucket), topic, topic policy (by
    /// topic), log group or key, in CloudFormation's property shape.
    fn properties<'a>(&'a self, kind: &'a str, id: &'a str) -> Call<'a, Option<Value>>;
}

/// A policy document as IAM returns it: URL-encoded JSON (some emulators send it plain).
pub(crate) fn document(text: &str) -> Value {
    serde_json::from_str(text)
        .or_else(|_| serde_json::from_str(&percent_decoded(text)))
        .unwrap_or_else(|_| Value::String(text.to_owned()))
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `None` for IAM's "no such entity", else the error.
fn absent<T>(error: AwsError) -> Result<Option<T>, AwsError> {
    if error.code() == Some("NoSuchEntity") {
        Ok(None)
    } else {
        Err(error)
    }
}

impl Aws {
    async fn read_role(&self, name: &str) -> Result<Option<Principal>, AwsError> {
        let role = match self.iam.get_role().role_name(name).send().await {
            Ok(out) => out,
            Err(e) => return absent(classify("iam:GetRole", e)),
        };
        let trust = role
            .role()
            .and_then(|r| r.assume_role_policy_document())
            .map(document);
        let mut inline = BTreeMap::new();
        let mut names = self
            .iam
            .list_role_policies()
            .role_name(name)
            .into_paginator()
            .items()
            .send();
        while let Some(policy) = names.next().await {
            let policy = policy.map_err(|e| classify("iam:ListRolePolicies", e))?;
            let out = self
                .iam
                .get_role_policy()
                .role_name(name)
                .policy_name(&policy)
                .send()
                .await
                .map_err(|e| classify("iam:GetRolePolicy", e))?;
            inline.insert(policy, document(out.policy_document()));
        }
        let mut attached = BTreeSet::new();
        let mut pages = self
            .iam
            .list_attached_role_policies()
            .role_name(name)
            .into_paginator()
            .items()
            .send();
        while let Some(policy) = pages.next().await {
            let policy = policy.map_err(|e| classify("iam:ListAttachedRolePolicies", e))?;
            attached.extend(policy.policy_arn().map(str::to_owned));
        }
        Ok(Some(Principal {
            trust,
            inline,
            attached,
        }))
    }

    async fn read_group(&self, name: &str) -> Result<Option<Principal>, AwsError> {
        // GetGroup's first page says whether the group exists; its members are not compared.
        if let Err(e) = self.iam.get_group().group_name(name).send().await {
            return absent(classify("iam:GetGroup", e));
        }
        let mut inline = BTreeMap::new();
        let mut names = self
            .iam
            .list_group_policies()
            .group_name(name)
            .into_paginator()
            .items()
            .send();
        while let Some(policy) = names.next().await {
            let policy = policy.map_err(|e| classify("iam:ListGroupPolicies", e))?;
            let out = self
                .iam
                .get_group_policy()
                .group_name(name)
                .policy_name(&policy)
                .send()
                .await
                .map_err(|e| classify("iam:GetGroupPolicy", e))?;
            inline.insert(policy, document(out.policy_document()));
        }
        let mut attached = BTreeSet::new();
        let mut pages = self
            .iam
            .list_attached_group_policies()
            .group_name(name)
            .into_paginator()
            .items()
            .send();
        while let Some(policy) = pages.next().await {
            let policy = policy.map_err(|e| classify("iam:ListAttachedGroupPolicies", e))?;
            attached.extend(policy.policy_arn().map(str::to_owned));
        }
        Ok(Some(Principal {
            trust: None,
            inline,
            attached,
        }))
    }

    async fn read_managed_policy(&self, arn: &str) -> Result<Option<Value>, AwsError> {
        let policy = match self.iam.get_policy().policy_arn(arn).send().await {
            Ok(out) => out,
            Err(e) => return absent(classify("iam:GetPolicy", e)),
        };
        let Some(version) = policy.policy().and_then(|p| p.default_version_id()) else {
            return Ok(None);
        };
        let out = match self
            .iam
            .get_policy_version()
            .policy_arn(arn)
            .version_id(version)
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) => return absent(classify("iam:GetPolicyVersion", e)),
        };
        Ok(out
            .policy_version()
            .and_then(|v| v.document())
            .map(document))
    }
}

impl Live for Aws {
    fn role<'a>(&'a self, name: &'a str) -> Call<'a, Option<Principal>> {
        Box::pin(self.read_role(name))
    }

    fn group<'a>(&'a self, name: &'a str) -> Call<'a, Option<Principal>> {
        Box::pin(self.read_group(name))
    }

    fn managed_policy<'a>(&'a self, arn: &'a str) -> Call<'a, Option<Value>> {
        Box::pin(self.read_managed_policy(arn))
    }

    fn properties<'a>(&'a self, kind: &'a str, id: &'a str) -> Call<'a, Option<Value>> {
        Box::pin(self.data_properties(kind, id))
    }
}
