//! Typed `Fn::GetAtt`: a handle offers an attribute only if its resource type has it (as CDK's L1
//! `attrArn`), so asking a KMS alias for its ARN fails to compile instead of failing to deploy.
//!
//! `Arn`, which many types share, is the [`HasArn`] marker trait. An attribute of one type only is
//! an accessor on that type's handle, next to the type in its service file, e.g.
//! `Handle<Topic>::topic_name` in `sns.rs`.

use super::resource::{Handle, ResourceType};
use crate::expr::Expr;

/// A resource type whose `Fn::GetAtt` offers `Arn`.
///
/// A log group has an ARN:
///
/// ```
/// use hydrate::cfn::{logs::LogGroup, Template};
///
/// let mut t = Template::new("example");
/// let logs = t.add("Logs", LogGroup::default());
/// let _arn = logs.arn();
/// ```
///
/// A KMS alias has none, so its handle has no `arn()`:
///
/// ```compile_fail
/// use hydrate::cfn::{kms::Alias, Template};
///
/// let mut t = Template::new("example");
/// let alias = t.add(
///     "Alias",
///     Alias {
///         alias_name: "alias/example".to_owned(),
///         target_key_id: "key".into(),
///     },
/// );
/// let _arn = alias.arn();
/// ```
pub trait HasArn: ResourceType {}

impl<R: HasArn> Handle<R> {
    /// `Fn::GetAtt` of the `Arn` attribute.
    pub fn arn(&self) -> Expr {
        self.attribute("Arn")
    }

    /// `${<logical id>.Arn}`: the ARN inside a `Fn::Sub` string, e.g. `format!("{}/*", bucket.arn_in_sub())`.
    pub fn arn_in_sub(&self) -> String {
        format!("${{{}.Arn}}", self.id())
    }
}
