//! IAM policy documents, statements and conditions.

pub mod condition;
pub mod eval;
pub mod operator;
mod policy;
pub mod tamper;

pub use condition::Condition;
pub use operator::{ConditionOperator, OperatorKind, SetQualifier};
pub use policy::{
    deny_insecure_transport, deny_unless_mfa, own_mfa_arn, own_user_arn, Actions, Effect,
    PolicyDocument, Principal, Resources, Statement, POLICY_VERSION,
};
