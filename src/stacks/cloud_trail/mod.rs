//! `cloudTrail`: a multi-region trail of every management event (reads too: root sign-ins are
//! reads) into a protected, retained bucket and a retained CloudWatch Logs group that the alarms read.

mod build;
mod options;
mod org_bucket;
mod policies;
mod selectors;

pub use build::build;
pub use options::{
    CloudTrailOptions, DataEventKind, OrganizationTrail, S3DataEvents, TrailEncryption,
    RETENTION_DAYS,
};
pub use org_bucket::OrgTrailBucketOptions;

/// Builds the `orgTrailBucket` template.
pub use org_bucket::build as build_org_bucket;
