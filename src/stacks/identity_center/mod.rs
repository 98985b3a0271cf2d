//! `identityCenter`: the human access levels of iamSetup (admin, operator, developer, readonly)
//! as IAM Identity Center permission sets, for organizations that sign people in through
//! Identity Center instead of IAM users and groups.
//!
//! Each permission set's one inline policy is built by iamSetup's own builders, and every level
//! but admin carries the `protect-baseline` statements, so an Identity Center session can undo
//! the baseline no more than the role of the same level can. Resource patterns name every account
//! (`*`): the set is declared in the management account and provisioned as a role into each
//! assigned one.
//!
//! MFA is not in the policies: an Identity Center session reaches the account through
//! `AssumeRoleWithSAML`, whose sessions carry no `aws:MultiFactorAuthPresent`, so an MFA condition
//! would deny everyone. Identity Center enforces MFA at sign-in, a setting of the instance that
//! CloudFormation cannot express; `check` reports it as MANUAL.

mod build;
mod options;

pub use build::build;
pub use options::IdentityCenterOptions;

#[cfg(test)]
mod tests;
