//! The CloudFormation template model: templates, and typed resources with typed attributes per
//! service. The intrinsics are [`crate::expr`]'s, re-exported here for builders. Nothing here calls
//! AWS.

pub mod accessanalyzer;
pub mod budgets;
mod capability;
pub mod cloudtrail;
pub mod cloudwatch;
pub mod compose;
pub mod config;
pub mod diff;
pub mod events;
mod get_att;
pub mod guardduty;
pub mod iam;
pub mod kms;
pub mod logs;
mod output;
mod parameter;
mod rendered;
mod resource;
pub mod s3;
pub mod securityhub;
pub mod sns;
pub mod sso;
mod template;
mod validate;

pub use crate::expr::{
    account_id, equals, get_att, if_, import_value, join, no_value, not, partition, r#ref, region,
    select, split, stack_name, sub, sub_with, Expr, Pseudo,
};
pub use capability::{required_capabilities, Capability};
pub use get_att::HasArn;
pub use output::Output;
pub use parameter::{ParamType, Parameter};
pub use rendered::{
    snapshots, IamIdentity, IdentityKind, IdentityPolicy, RenderedError, RenderedResource,
    RenderedTemplate, DATA_HOLDING_TYPES, FINDINGS_TYPES,
};
pub use resource::{DeletionPolicy, Handle, Resource, ResourceType};
pub use template::Template;
pub use validate::{check_references, sub_variables, Problem, RenderError};

#[cfg(test)]
mod tests;
