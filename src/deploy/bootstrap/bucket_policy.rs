//! The template bucket's policy: no request without TLS, and no write — of a template, of the
//! lease, of the bucket's own settings — by anyone but the template writers: iamSetup's admin
//! role, the principal running `bootstrap`, and the account file's `TemplateWriters`. Anyone else
//! with `s3:PutObject` could otherwise swap a template that CloudFormation then runs with the
//! deployer's rights.

use serde_json::Value;

use super::policy_compare::same_policy;
use super::{is_absent, Ensure};
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, recover, AwsError};
use crate::iam::{
    deny_insecure_transport, Condition, OperatorKind, PolicyDocument, Principal, Statement,
};
use crate::params::{AccountDir, TemplateSource};
use crate::stacks::iam_setup::IamSetupOptions;

/// Every write a bucket policy can name on a bucket and its objects. `Put*` and `Delete*` are
/// write actions by S3's naming (objects, versions, ACLs, tags, retention, and every bucket
/// setting: policy, versioning, encryption, public access block, lifecycle, ownership, …), and
/// they keep covering settings S3 adds later; the rest are the writes named otherwise. Reads
/// (`Get*`, `List*`) are not named: CloudFormation reads templates with the deployer's
/// credentials (`aws:CalledVia` cloudformation), which this policy leaves alone.
const WRITES: [&str; 10] = [
    "s3:Put*",
    "s3:Delete*",
    "s3:RestoreObject",
    "s3:AbortMultipartUpload",
    "s3:BypassGovernanceRetention",
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:ReplicateTags",
    "s3:ObjectOwnerOverrideToBucketOwner",
    "s3:InitiateReplication",
];

/// iamSetup's admin role of every iamSetup stack of the account (`<path><namePrefix>-admin`), or
/// the default one (`/hydrate/hydrate-admin`) when the account has none yet.
pub(super) fn admin_roles(account: &AccountDir, partition: &str) -> Vec<String> {
    let mut options: Vec<IamSetupOptions> = account
        .stacks
        .iter()
        .filter_map(|s| match &s.source {
            TemplateSource::Catalog { name, options } if *name == "iamSetup" => {
                // The options were checked when the account loaded; a failure here cannot happen.
                serde_json::from_value(options.clone()).ok()
            }
            _ => None,
        })
        .collect();
    if options.is_empty() {
        options.push(IamSetupOptions::default());
    }
    options
        .iter()
        .map(|o| {
            format!(
                "arn:{partition}:iam::{}:role{}{}-admin",
                account.account.account_id, o.path, o.name_prefix
            )
        })
        .collect()
}

/// The `aws:PrincipalArn` values that stand for the caller of `bootstrap`. A role session
/// (`arn:…:sts::A:assumed-role/R/S`) is its role, whose ARN carries a path the session ARN does
/// not: `role/R` and `role/*/R` match it at any path, and only it — role names hold no `/` and
/// are unique in an account whatever the path. Users, the root user and federated users are
/// their own ARN.
pub(super) fn caller_principals(caller_arn: &str) -> Vec<String> {
    let parts: Vec<&str> = caller_arn.splitn(6, ':').collect();
    if let [_, partition, "sts", _, account, resource] = parts.as_slice() {
        if let Some(role) = resource
            .strip_prefix("assumed-role/")
            .and_then(|rest| rest.split('/').next())
        {
            return vec![
                format!("arn:{partition}:iam::{account}:role/{role}"),
                format!("arn:{partition}:iam::{account}:role/*/{role}"),
            ];
        }
    }
    vec![caller_arn.to_owned()]
}

/// The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`); `aws` when it is not one.
pub(super) fn partition_of(arn: &str) -> &str {
    match arn.split(':').nth(1) {
        Some(p) if arn.starts_with("arn:") && p.starts_with("aws") => p,
        _ => "aws",
    }
}

/// The writers: the named roles, then the caller unless it is one of them already (the same role
/// name is the same role: names are unique in an account).
pub(super) fn writers(named: &[String], caller_arn: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in named {
        if !out.contains(w) {
            out.push(w.clone());
        }
    }
    let role_name = |arn: &str| -> Option<String> {
        let resource = arn.splitn(6, ':').nth(5)?;
        resource
            .strip_prefix("role/")
            .and_then(|r| r.rsplit('/').next())
            .map(str::to_owned)
    };
    let caller = caller_principals(caller_arn);
    let already = caller
        .first()
        .and_then(|c| role_name(c))
        .is_some_and(|name| out.iter().any(|w| role_name(w).as_deref() == Some(&name)))
        || out.iter().any(|w| w == caller_arn);
    if !already {
        out.extend(caller);
    }
    out
}

/// The bucket policy is exactly hydrate's: TLS only, writes by the writers only.
pub(super) struct BucketPolicy {
    /// The bucket.
    pub(super) bucket: String,
    /// Its partition.
    pub(super) partition: String,
    /// `aws:PrincipalArn` values that may write.
    pub(super) writers: Vec<String>,
}

impl BucketPolicy {
    /// The policy hydrate wants on the bucket.
    pub(super) fn wanted(&self) -> Value {
        let bucket = format!("arn:{}:s3:::{}", self.partition, self.bucket);
        let objects = format!("{bucket}/*");
        let doc = PolicyDocument::new([
            deny_insecure_transport(&["s3:*"], [bucket.clone(), objects.clone()]),
            Statement::deny(WRITES)
                .sid("DenyWritesButTemplateWriters")
                .principal(Principal::Any)
                .on([bucket, objects])
                .when(Condition::new(
                    OperatorKind::ArnNotLike,
                    "aws:PrincipalArn",
                    self.writers.iter().map(String::as_str),
                )),
        ]);
        serde_json::to_value(&doc).unwrap_or_default()
    }
}

impl Ensure for BucketPolicy {
    type Current = Option<Value>;

    fn name(&self) -> String {
        "template bucket policy (TLS only, template writers only)".into()
    }

    async fn read(&self, aws: &Aws) -> Result<Self::Current, AwsError> {
        match aws.s3.get_bucket_policy().bucket(&self.bucket).send().await {
            Ok(out) => Ok(out
                .policy()
                .and_then(|p| serde_json::from_str::<Value>(p).ok())),
            Err(e) => recover(classify("s3:GetBucketPolicy", e), is_absent, None),
        }
    }

    fn is_right(&self, current: &Self::Current) -> bool {
        current
            .as_ref()
            .is_some_and(|live| same_policy(live, &BucketPolicy::wanted(self)))
    }

    async fn write(&self, aws: &Aws, _: &Self::Current) -> Result<String, AwsError> {
        aws.s3
            .put_bucket_policy()
            .bucket(&self.bucket)
            .policy(BucketPolicy::wanted(self).to_string())
            .send()
            .await
            .map_err(|e| match classify("s3:PutBucketPolicy", e) {
                // The policy in place denies it: the caller is not a template writer.
                AwsError::AccessDenied { action, message } => AwsError::AccessDenied {
                    action,
                    message: format!(
                        "{message}; only a template writer may change the template bucket: run bootstrap as iamSetup's admin role, or have a writer add this role to TemplateWriters in account.json and run bootstrap"
                    ),
                },
                other => other,
            })?;
        Ok(format!(
            "requests without TLS denied; writes denied to all but {}",
            self.writers.join(", ")
        ))
    }

    fn wanted(&self) -> String {
        BucketPolicy::wanted(self).to_string()
    }

    fn shown(&self, current: &Self::Current) -> String {
        current
            .as_ref()
            .map_or_else(|| "no bucket policy".to_owned(), Value::to_string)
    }
}

#[cfg(test)]
#[path = "bucket_policy_tests.rs"]
mod tests;
