//! The resource-policy half of the tamper protection: key, bucket and topic policies deny the
//! actions of `iam::tamper` to every role but the admin role, so a role whose own policies were
//! widened (a later template, a hand-attached policy) still cannot undo the baseline.
//!
//! The Deny names roles only (`aws:PrincipalArn` like `…:role/*`): AWS service principals carry
//! no principal ARN and keep delivering logs and alerts, and the principal that deploys the
//! baseline before its admin role exists (an IAM user, or root) is not locked out of the key
//! policy it is creating — KMS refuses a key policy that would lock its creator out.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::cfn::s3::Bucket;
use crate::cfn::Handle;
use crate::expr::{sub, Expr};
use crate::iam::tamper::Guarded;
use crate::iam::{Condition, OperatorKind, Principal, Statement};
use crate::stacks::iam_setup::IamSetupOptions;
use crate::stacks::option_checks::{check_path, check_prefix, OptionError};

/// The roles the resource policies let administer the baseline: iamSetup's admin role,
/// `role<path><namePrefix>-admin` (it must be the account's own iamSetup's, or nobody but root can
/// administer the key, bucket or topic: the account's checks compare the two), and, for a stack
/// deployed by a stack set, the StackSets execution role that deploys and updates it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AdminRole {
    /// iamSetup's `path`.
    pub path: String,
    /// iamSetup's `namePrefix`.
    pub name_prefix: String,
    /// Also the StackSets execution roles (`role/stacksets-exec-*`, which service-managed StackSets
    /// creates in each member account and drives from the management account): required in a
    /// baseline, whose stacks that role creates and updates.
    pub stack_sets_execution: bool,
}

impl Default for AdminRole {
    fn default() -> Self {
        AdminRole::of(&IamSetupOptions::default())
    }
}

impl AdminRole {
    /// The admin role of iamSetup with these options.
    pub fn of(iam: &IamSetupOptions) -> AdminRole {
        AdminRole {
            path: iam.path.clone(),
            name_prefix: iam.name_prefix.clone(),
            stack_sets_execution: false,
        }
    }

    /// Its name after `role`, e.g. `/hydrate/hydrate-admin`.
    pub fn path_and_name(&self) -> String {
        format!("{}{}-admin", self.path, self.name_prefix)
    }

    /// Its ARN in the account the template deploys to.
    pub fn arn(&self) -> Expr {
        sub(format!(
            "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role{}",
            self.path_and_name()
        ))
    }

    /// Checks the path and prefix as iamSetup checks its own.
    pub fn validate(&self) -> Result<(), OptionError> {
        check_path("adminRole.path", &self.path)?;
        check_prefix("adminRole.namePrefix", &self.name_prefix)
    }
}

/// The action patterns denied for `kinds`, in order, each once.
pub(super) fn actions_of(kinds: &[Guarded]) -> Vec<&'static str> {
    let mut seen = Vec::new();
    kinds
        .iter()
        .flat_map(|k| k.patterns().iter().copied())
        .filter(|p| {
            let new = !seen.contains(p);
            seen.push(*p);
            new
        })
        .collect()
}

/// A Deny of `actions` on `resources` to every role of the account but `admin`.
pub(super) fn deny_roles_but_admin<E: Into<Expr>>(
    sid: &str,
    actions: &[&str],
    resources: impl IntoIterator<Item = E>,
    admin: &AdminRole,
) -> Statement {
    deny_roles_but(sid, actions, resources, admin, [])
}

/// A Deny of `actions` on `resources` to every role of the account but `admin`'s and the `also`
/// ones (service-linked roles).
pub(super) fn deny_roles_but<E: Into<Expr>>(
    sid: &str,
    actions: &[&str],
    resources: impl IntoIterator<Item = E>,
    admin: &AdminRole,
    also: impl IntoIterator<Item = Expr>,
) -> Statement {
    let exempt = std::iter::once(admin.arn()).chain(also);
    let statement = Statement::deny(actions)
        .sid(sid)
        .principal(Principal::Any)
        .on(resources)
        .when(Condition::new(
            OperatorKind::StringLike,
            "aws:PrincipalArn",
            [sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*")],
        ))
        .when(Condition::new(
            OperatorKind::StringNotEquals,
            "aws:PrincipalArn",
            exempt,
        ));
    // Only roles named so can pass: hydrate's roles may create none (`ProtectIam`), other
    // principals that may create roles can (README says so).
    match admin.stack_sets_execution {
        true => statement.when(Condition::new(
            OperatorKind::StringNotLike,
            "aws:PrincipalArn",
            [sub(STACK_SETS_EXECUTION)],
        )),
        false => statement,
    }
}

/// The StackSets execution roles of the account a stack set deploys to.
const STACK_SETS_EXECUTION: &str =
    "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/stacksets-exec-*";

/// The bucket's ARN and the ARN of every object in it.
pub(super) fn bucket_and_objects(bucket: &Handle<Bucket>) -> [Expr; 2] {
    [bucket.arn(), sub(format!("{}/*", bucket.arn_in_sub()))]
}

/// Bucket settings, bucket policy and stored objects: changed by `admin` (and `also`) alone, for
/// every bucket that holds audit data.
pub(super) fn deny_bucket_tampering(
    bucket: &Handle<Bucket>,
    admin: &AdminRole,
    also: impl IntoIterator<Item = Expr>,
) -> Statement {
    deny_roles_but(
        "DenyBucketTamperingButAdmin",
        &actions_of(&[Guarded::Bucket, Guarded::BucketObjects]),
        bucket_and_objects(bucket),
        admin,
        also,
    )
}
