//! `iamSetup`: admin, operator and developer groups, each paired with a role only assumable with
//! recent MFA, and a readonly role every group may assume.
//!
//! MFA is enforced on both sides: the role's trust policy admits this account's principals only
//! with MFA, and each group may assume only its own roles, again only with MFA. Either side alone
//! would leave a gap (a stray `sts:AssumeRole *` grant, or a trust policy edited by hand).

mod build;
mod options;
mod policies;
mod protection;

pub use build::build;
pub use options::IamSetupOptions;
pub(crate) use policies::{assume_policy, role_policies, role_trust, Level};
pub(crate) use protection::protect_baseline;
pub use protection::sid as protection_sid;
