//! The stack catalog: one builder per template, each with typed options.

pub mod catalog;
pub mod iam_setup;
mod naming;
pub mod self_edit;
pub mod services;

pub use catalog::{find, names, BuildError, Entry, CATALOG};
pub use naming::OptionError;
