//! The CloudFormation template model: templates, intrinsic functions, and typed resources per service.
//! Nothing here calls AWS.

mod expr;
pub mod iam;
mod template;
mod validate;

pub use expr::{
    account_id, equals, get_att, if_, import_value, join, no_value, not, partition, r#ref, region,
    select, split, stack_name, sub, sub_with, Expr, Pseudo,
};
pub use template::{
    Handle, Output, ParamType, Parameter, Policy, Resource, ResourceType, Template,
};
pub use validate::{check_references, sub_variables, Problem, RenderError};

#[cfg(test)]
mod tests;
