//! Account directories: `params/<account>/account.json` and one file per stack, their handlebars
//! values, and the order they deploy in; organization directories (`org/`), whose baselines are
//! stack files loaded the same way. Every check here runs before any AWS call.

mod account;
mod admin_role;
mod bootstrap_block;
pub mod bundle;
mod constraints;
mod cross_checks;
mod error;
pub mod files;
mod json_position;
mod layout;
pub mod limits;
mod locate;
pub mod org;
mod plan;
mod problems;
pub mod profiles;
mod regional;
pub mod scaffold;
pub mod schema;
mod stack;
mod template_source;
pub mod values;

pub use crate::cfn::required_capabilities;
pub use account::{AccountDir, ResolvedStack};
pub use bundle::{bundle, Bundle, BundleTarget};
pub use error::{ErrorKind, ParamsError};
pub use layout::{stack_keys, ACCOUNT_FILE, KIT_STACK_FILE};
pub use locate::{account_arg, account_names, account_path, locate};
pub use org::{OrgDir, ORGANIZATION_FILE};
pub use plan::{Cycle, Plan};
pub use problems::{NotChecked, ParamsErrors};
pub use regional::{file_key, regional_key, Regions, REGION_SEPARATOR};
pub use stack::Stack;
pub use template_source::TemplateSource;
