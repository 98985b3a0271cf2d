//! Everything that calls AWS: clients, the account check, bootstrap, stack operations and waiting.
//! Nothing here prints: progress goes to a [`progress::Reporter`].

pub mod audit;
pub mod aws;
pub mod bootstrap;
pub mod error;
pub mod identity;
pub mod mfa;
pub mod progress;
pub mod stack;
pub mod status;
pub mod up;
pub mod wait;

pub use aws::{Aws, AwsError, Connection};
pub use error::DeployError;
pub use progress::{Progress, Reporter};
pub use stack::{Action, Deployer, Options, Outcome};
