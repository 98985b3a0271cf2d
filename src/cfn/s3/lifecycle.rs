//! Bucket lifecycle rules: moves of objects to cheaper storage classes, and their expiry.

use serde::Serialize;

/// Lifecycle rules.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LifecycleConfiguration {
    /// The rules.
    pub rules: Vec<LifecycleRule>,
}

/// One lifecycle rule.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LifecycleRule {
    /// Rule name.
    pub id: String,
    /// Whether the rule applies.
    pub status: RuleStatus,
    /// Moves of current versions to cheaper storage.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transitions: Vec<Transition>,
    /// Moves of noncurrent versions to cheaper storage.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub noncurrent_version_transitions: Vec<NoncurrentVersionTransition>,
    /// Deletes current versions after this many days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_in_days: Option<u32>,
    /// Cleans up abandoned multipart uploads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abort_incomplete_multipart_upload: Option<AbortIncompleteMultipartUpload>,
}

/// A move of current objects to another storage class.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Transition {
    /// Where current versions go.
    pub storage_class: StorageClass,
    /// Days after creation.
    pub transition_in_days: u32,
}

/// A move of noncurrent versions to another storage class.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NoncurrentVersionTransition {
    /// Where noncurrent versions go.
    pub storage_class: StorageClass,
    /// Days after becoming noncurrent.
    pub transition_in_days: u32,
}

/// Whether a lifecycle rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RuleStatus {
    /// It applies.
    Enabled,
    /// It is kept but does nothing.
    Disabled,
}

/// A storage class a lifecycle rule moves objects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StorageClass {
    /// S3 Standard-IA.
    #[serde(rename = "STANDARD_IA")]
    StandardIa,
    /// S3 One Zone-IA.
    #[serde(rename = "ONEZONE_IA")]
    OneZoneIa,
    /// S3 Intelligent-Tiering.
    IntelligentTiering,
    /// S3 Glacier Instant Retrieval.
    #[serde(rename = "GLACIER_IR")]
    GlacierIr,
    /// S3 Glacier Flexible Retrieval.
    Glacier,
    /// S3 Glacier Deep Archive.
    DeepArchive,
}

/// Abort multipart uploads left unfinished.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AbortIncompleteMultipartUpload {
    /// Days after initiation.
    pub days_after_initiation: u32,
}
