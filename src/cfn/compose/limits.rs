//! CloudFormation's limits on one template, checked on the composite so a bundle too big to
//! deploy is refused with what to do instead of failing at CreateStack.

use serde_json::Value;

use super::{ComposeError, ComposeErrorKind};

/// Resources in one template.
pub const MAX_RESOURCES: usize = 500;
/// Parameters in one template.
pub const MAX_PARAMETERS: usize = 200;
/// Outputs in one template.
pub const MAX_OUTPUTS: usize = 200;
/// A template body uploaded to S3, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

fn count(template: &Value, section: &str) -> usize {
    template[section].as_object().map_or(0, |m| m.len())
}

/// Every limit the composite exceeds.
pub(super) fn check_limits(template: &Value, body: &str) -> Vec<ComposeError> {
    let fix = "bundle fewer stacks: deploy the rest as stacks of their own";
    let mut problems = Vec::new();
    for (section, max) in [
        ("Resources", MAX_RESOURCES),
        ("Parameters", MAX_PARAMETERS),
        ("Outputs", MAX_OUTPUTS),
    ] {
        let n = count(template, section);
        if n > max {
            problems.push(ComposeError::new(
                ComposeErrorKind::Limit,
                "",
                section,
                format!(
                    "the bundle has {n} {}, CloudFormation takes at most {max}; {fix}",
                    section.to_lowercase()
                ),
            ));
        }
    }
    if body.len() > MAX_BODY_BYTES {
        problems.push(ComposeError::new(
            ComposeErrorKind::Limit,
            "",
            "",
            format!(
                "the bundle's body has {} bytes, CloudFormation takes at most {MAX_BODY_BYTES} (from S3); {fix}",
                body.len()
            ),
        ));
    }
    problems
}
