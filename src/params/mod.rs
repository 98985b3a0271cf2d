//! Account directories: `params/<account>/account.json` and one file per stack, their handlebars
//! values, and the order they deploy in. Every check here runs before any AWS call.

mod account;
mod error;
pub mod files;
mod plan;
pub mod profiles;
pub mod scaffold;
pub mod schema;
pub mod values;

pub use account::{
    account_path, locate, required_capabilities, AccountDir, ResolvedStack, Stack, TemplateSource,
    ACCOUNT_FILE, KIT_STACK_FILE,
};
pub use error::{ErrorKind, ParamsError, ParamsErrors};
pub use plan::Plan;
