//! hydrate: a typed AWS account security baseline, rendered as CloudFormation.
//!
//! Data flows one way: the catalog in [`stacks`] builds [`cfn::Template`]s from typed options, using
//! the policy model in [`iam`]; both write their values with the intrinsics in [`expr`]; the CLI
//! renders the templates into `stacks/`.

pub mod cfn;
pub mod check;
pub mod deploy;
pub mod expr;
pub mod iam;
pub mod params;
pub mod render;
pub mod stacks;
mod suggest;
