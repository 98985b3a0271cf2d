//! The AWS calls the deployer makes, as one narrow trait over only those operations. The SDK clients
//! implement it (`cloud_sdk.rs`); the deployer's tests implement it in memory, so no-op
//! detection, back-off, failure summaries and Ctrl-C are unit-tested, and the emulator tests prove
//! the wire.

use std::collections::BTreeMap;

use futures_util::future::BoxFuture;

use super::aws_error::AwsError;
use super::progress::{Change, StackEvent, StackStatus};

/// The answer of one call.
pub type Call<'a, T> = BoxFuture<'a, Result<T, AwsError>>;

/// A deployed stack as CloudFormation describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployed {
    /// The stack id (ARN).
    pub id: String,
    /// Its status.
    pub status: StackStatus,
    /// The reason CloudFormation gives for the status, if any.
    pub reason: Option<String>,
    /// When it last changed (RFC 3339).
    pub last_change: String,
    /// Its outputs.
    pub outputs: BTreeMap<String, String>,
    /// Its parameter values.
    pub parameters: BTreeMap<String, String>,
    /// Its tags.
    pub tags: BTreeMap<String, String>,
    /// Termination protection.
    pub protected: bool,
    /// The service role CloudFormation acts as (`RoleARN`), if any.
    pub role_arn: Option<String>,
    /// The topics stack events go to (`NotificationARNs`).
    pub notification_arns: Vec<String>,
    /// CloudFormation's last drift detection (`DriftInformation`), when it reports one.
    pub drift: Option<DriftInfo>,
}

/// A stack's `DriftInformation`: the result of its last drift detection and when it ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriftInfo {
    /// `IN_SYNC`, `DRIFTED`, `NOT_CHECKED` or `UNKNOWN`.
    pub status: String,
    /// When drift was last checked (RFC 3339), `None` when never.
    pub last_check: Option<String>,
}

/// Where a drift detection stands (`DescribeStackDriftDetectionStatus`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetectionState {
    /// Still running.
    Running,
    /// Finished: every resource that supports drift detection was checked.
    Complete,
    /// It ended without checking everything, with CloudFormation's reason.
    Failed(String),
}

/// One property of a resource that differs from the template (`PropertyDifference`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyDrift {
    /// The property's path, e.g. `/Policies/0/PolicyDocument/Statement/0/Action/3`.
    pub path: String,
    /// The value the template gives.
    pub expected: String,
    /// The value found.
    pub actual: String,
    /// `ADD`, `REMOVE` or `NOT_EQUAL`.
    pub difference: String,
}

/// One resource CloudFormation's drift detection found changed (`StackResourceDrift`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceDrift {
    /// Its logical id.
    pub logical_id: String,
    /// Its physical id.
    pub physical_id: String,
    /// Its type, e.g. `AWS::IAM::Role`.
    pub resource_type: String,
    /// `MODIFIED` or `DELETED`.
    pub status: String,
    /// The properties that differ (none for a deleted resource).
    pub properties: Vec<PropertyDrift>,
}

/// The template a create or change set sends: pinned, so what CloudFormation runs is what hydrate
/// uploaded even when someone overwrites the object in between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StackTemplate {
    /// The body itself (`TemplateBody`), when it fits CloudFormation's inline limit.
    Body(String),
    /// Where it was uploaded (`TemplateURL`), with `?versionId=` when the bucket gave a version.
    Url(String),
}

impl Default for StackTemplate {
    fn default() -> Self {
        StackTemplate::Body(String::new())
    }
}

/// What a create or a change set is made of.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StackRequest {
    /// The stack name.
    pub stack_name: String,
    /// The template, inline or by pinned URL.
    pub template: StackTemplate,
    /// Parameter values.
    pub parameters: Vec<(String, String)>,
    /// Capabilities acknowledged (`CAPABILITY_IAM`, …).
    pub capabilities: Vec<String>,
    /// Stack tags.
    pub tags: Vec<(String, String)>,
    /// Create timeout.
    pub timeout_in_minutes: Option<u32>,
    /// Termination protection on create.
    pub termination_protection: Option<bool>,
    /// Service role.
    pub role_arn: Option<String>,
    /// Event topics.
    pub notification_arns: Vec<String>,
    /// A change set's description: hydrate's fingerprint of what it deploys.
    pub change_set_description: Option<String>,
}

/// Where a change set stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeSetState {
    /// Still being computed.
    Pending,
    /// Ready, with its changes.
    Ready(Vec<Change>),
    /// CloudFormation could not make it, with its reason.
    Failed(String),
}

/// A change set made earlier, as `DescribeChangeSet` answers: what `stack execute` checks before
/// it runs one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeptChangeSet {
    /// `CREATE_COMPLETE` once computed (`CREATE_PENDING`, `FAILED`, …).
    pub status: String,
    /// `AVAILABLE` while it can run (`OBSOLETE` once the stack changed, `EXECUTE_COMPLETE`, …).
    pub execution_status: String,
    /// Why it has its status, if CloudFormation says.
    pub reason: Option<String>,
    /// When it was made (RFC 3339).
    pub created: String,
    /// Its description: the fingerprint hydrate gave it.
    pub description: Option<String>,
    /// The parameter values it deploys.
    pub parameters: BTreeMap<String, String>,
    /// Its changes, every page.
    pub changes: Vec<Change>,
}

/// The caller's account and ARN.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caller {
    /// Account id.
    pub account: String,
    /// Caller ARN.
    pub arn: String,
}

/// A KMS key as `DescribeKey` answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    /// The key id (what an `AWS::KMS::Key` import is identified by).
    pub key_id: String,
    /// Scheduled for deletion: such a key is not imported.
    pub pending_deletion: bool,
}

/// One existing resource an IMPORT change set brings into a stack (`ResourceToImport`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceImport {
    /// The resource type, e.g. `AWS::S3::Bucket`.
    pub resource_type: String,
    /// Its logical id in the template.
    pub logical_id: String,
    /// The identifier property of the type (`BucketName`, `LogGroupName`, `KeyId`).
    pub identifier_key: String,
    /// The existing resource's value of it.
    pub identifier: String,
}

/// The CloudFormation, S3, CloudWatch Logs, KMS and STS operations the deployer and `drift` use.
pub trait Cloud: Send + Sync {
    /// The stack of a name or id, `None` when there is none.
    fn describe_stack<'a>(&'a self, stack: &'a str) -> Call<'a, Option<Deployed>>;
    /// Every stack of the account and region (not the deleted ones), by name: one paginated
    /// DescribeStacks, so a whole account is read in one call per hundred stacks.
    fn describe_all_stacks(&self) -> Call<'_, Vec<(String, Deployed)>>;
    /// The template body of a deployed stack.
    fn get_template<'a>(&'a self, stack_id: &'a str) -> Call<'a, String>;
    /// Creates a stack; returns its id.
    fn create_stack<'a>(&'a self, request: &'a StackRequest) -> Call<'a, String>;
    /// Creates an update change set of a stack.
    fn create_change_set<'a>(
        &'a self,
        stack_id: &'a str,
        name: &'a str,
        request: &'a StackRequest,
    ) -> Call<'a, ()>;
    /// Where a change set stands.
    fn describe_change_set<'a>(
        &'a self,
        stack_id: &'a str,
        name: &'a str,
    ) -> Call<'a, ChangeSetState>;
    /// A change set made earlier, with every page of its changes.
    fn kept_change_set<'a>(&'a self, stack_id: &'a str, name: &'a str) -> Call<'a, KeptChangeSet>;
    /// Runs a change set.
    fn execute_change_set<'a>(&'a self, stack_id: &'a str, name: &'a str) -> Call<'a, ()>;
    /// Deletes a change set.
    fn delete_change_set<'a>(&'a self, stack_id: &'a str, name: &'a str) -> Call<'a, ()>;
    /// Starts deleting a stack.
    fn delete_stack<'a>(&'a self, stack_id: &'a str) -> Call<'a, ()>;
    /// Turns termination protection on or off.
    fn set_termination_protection<'a>(&'a self, stack_id: &'a str, on: bool) -> Call<'a, ()>;
    /// Events of a stack newer than `marker` (every event when `None`), oldest first.
    fn events_since<'a>(
        &'a self,
        stack: &'a str,
        marker: Option<&'a str>,
    ) -> Call<'a, Vec<StackEvent>>;
    /// The newest event's id; `None` when the stack has none or does not exist.
    fn latest_event_id<'a>(&'a self, stack: &'a str) -> Call<'a, Option<String>>;
    /// Logical id → physical id of every resource of a stack.
    fn physical_ids<'a>(&'a self, stack_id: &'a str) -> Call<'a, BTreeMap<String, String>>;
    /// Uploads an object; returns the version S3 gave it (`None` from an unversioned bucket).
    fn put_object<'a>(
        &'a self,
        bucket: &'a str,
        key: &'a str,
        body: &'a str,
    ) -> Call<'a, Option<String>>;
    /// Creates an object only if there is none under the key (`If-None-Match: *`); `false` when
    /// one exists already.
    fn create_object<'a>(&'a self, bucket: &'a str, key: &'a str, body: &'a str) -> Call<'a, bool>;
    /// An object's text, `None` when there is none.
    fn get_object<'a>(&'a self, bucket: &'a str, key: &'a str) -> Call<'a, Option<String>>;
    /// Deletes an object (nothing there is no error).
    fn delete_object<'a>(&'a self, bucket: &'a str, key: &'a str) -> Call<'a, ()>;
    /// The URL CloudFormation reads an uploaded object from.
    fn object_url(&self, bucket: &str, key: &str) -> String;
    /// Who the credentials are.
    fn caller(&self) -> Call<'_, Caller>;
    /// Whether a bucket of this name exists (`HeadBucket`).
    fn bucket_exists<'a>(&'a self, bucket: &'a str) -> Call<'a, bool>;
    /// Whether a log group of exactly this name exists.
    fn log_group_exists<'a>(&'a self, name: &'a str) -> Call<'a, bool>;
    /// A KMS key by id, ARN or `alias/…`; `None` when there is none.
    fn describe_key<'a>(&'a self, key: &'a str) -> Call<'a, Option<KeyInfo>>;
    /// Creates an IMPORT change set that makes the stack `request.stack_name` (in
    /// REVIEW_IN_PROGRESS until executed) owning `resources`; returns the stack id.
    fn create_import_change_set<'a>(
        &'a self,
        name: &'a str,
        request: &'a StackRequest,
        resources: &'a [ResourceImport],
    ) -> Call<'a, String>;
    /// Starts CloudFormation's drift detection of a stack (`DetectStackDrift`); returns the
    /// detection id.
    fn detect_stack_drift<'a>(&'a self, stack_id: &'a str) -> Call<'a, String>;
    /// Where a drift detection stands.
    fn drift_detection_status<'a>(&'a self, detection_id: &'a str) -> Call<'a, DetectionState>;
    /// The resources of a stack the last detection found modified or deleted, every page.
    fn resource_drifts<'a>(&'a self, stack_id: &'a str) -> Call<'a, Vec<ResourceDrift>>;
}
