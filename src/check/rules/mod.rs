//! The baseline's access rules, one file per rule family; each turns a [`Scope`] into cells of
//! the access matrix (or, for `*:*`, into the statements at fault).

pub(crate) mod assume;
pub(crate) mod edges;
mod outcome;
pub(crate) mod outsiders;
pub(crate) mod reach;
mod scope;
pub(crate) mod self_edit;
pub(crate) mod sensitive;
pub(crate) mod star_star;
pub(crate) mod tamper;

pub(crate) use scope::Scope;
