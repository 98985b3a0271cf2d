//! The stack catalog: one builder per template, each with typed options.

pub mod access_analyzer;
pub mod alarms;
mod alert_path;
pub mod budget_alarm;
pub mod catalog;
pub mod cloud_trail;
pub mod config_aggregator;
pub mod config_recorder;
mod guard;
pub mod guard_duty;
pub mod iam_setup;
pub mod identity_center;
mod keys;
mod option_checks;
pub mod security_hub;
pub mod self_edit;
pub mod services;
pub mod sns_notify;
pub mod support_role;

pub use catalog::{catalog, find, names, BuildError, Entry, Scope};
pub use guard::AdminRole;
pub use option_checks::OptionError;
