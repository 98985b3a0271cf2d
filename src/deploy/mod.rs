//! Everything that calls AWS: clients, the account guard, bootstrap, stack operations and waiting.
//! Nothing here prints: progress goes to a [`progress::Reporter`], MFA prompts to the injected
//! [`connection::MfaPrompt`], the call log to the injected [`connection::CallLog`].

pub mod alerts;
pub mod audit;
pub mod aws;
pub mod aws_error;
pub mod bootstrap;
mod call_log;
mod change;
pub mod cloud;
mod cloud_sdk;
pub mod connection;
mod credentials_chain;
pub mod down;
pub mod drift;
pub mod error;
#[cfg(test)]
mod fake_cloud;
pub mod heartbeat;
pub mod identity;
pub mod interrupt;
pub mod lease;
pub mod mfa;
pub mod org;
pub mod progress;
pub mod read_once;
pub mod routed;
mod schedule;
pub mod stack;
mod stack_status;
pub mod status;
mod teardown;
pub mod timeouts;
mod two_stage;
pub mod up;
pub mod verify;
pub mod wait;

pub use aws::Aws;
pub use aws_error::AwsError;
pub use cloud::Cloud;
pub use connection::Connection;
pub use error::DeployError;
pub use interrupt::Interrupt;
pub use progress::{Progress, Reporter};
pub use stack::{Action, Deployer, Options, Outcome};
