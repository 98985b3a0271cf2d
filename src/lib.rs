//! hydrate: a typed AWS account security baseline, rendered as CloudFormation and deployed per
//! account. Data flows one way — account directory → model → rendered template → plan → deployer
//! → events — and each module uses only the ones listed before it (`tests/layering.rs`):
//!
//! - `suggest`: "did you mean" for names people mistype.
//! - [`regions`]: the regions of the AWS partitions, for every region check.
//! - [`expr`]: the intrinsic functions (Ref, GetAtt, Sub, Join, If, …) as typed values.
//! - [`iam`]: IAM policy documents, statements, condition operators and builders, and the local
//!   policy evaluator (`iam::eval`).
//! - [`cfn`]: the CloudFormation template model — typed resources and attributes, parameters,
//!   outputs, render-time reference checks — and [`cfn::RenderedTemplate`], a rendered body's facts
//!   read once.
//! - [`stacks`]: the catalog — one builder with typed options per template.
//! - [`check`]: `hydrate check`'s proofs over the rendered IAM of an account.
//! - [`params`]: account directories — files, values, checks, the plan.
//! - [`render`]: rendered templates into files, and `--check`.
//! - [`deploy`]: everything that calls AWS, behind the narrow [`deploy::Cloud`] trait; it emits
//!   typed progress events and never prints.
//!
//! The binary's `cli` module parses flags and prints; `ARCHITECTURE.md` has the whole map.

pub mod cfn;
pub mod check;
pub mod deploy;
pub mod expr;
pub mod iam;
pub mod params;
pub mod regions;
pub mod render;
pub mod stacks;
pub mod suggest;
