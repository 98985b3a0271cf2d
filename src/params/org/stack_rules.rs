//! What a baseline's stack file may not say. A stack set deploys one template, with one set of
//! tags, to accounts hydrate never sees, and names each instance itself: a per-account value or a
//! setting StackSets do not have is refused with the fix, never dropped.

use std::path::Path;

use serde_json::Value;

use crate::cfn::RenderedTemplate;
use crate::params::error::{ErrorKind, ParamsError};
use crate::params::files::StackFile;
use crate::params::values::per_account_value;

/// Why a per-account value cannot be filled at `field`.
fn why_not(field: &str) -> &'static str {
    if field == "StackName" {
        "a stack set names each instance itself (StackSet-<StackSetName>-<id>), so the name is only checked; write it without the value"
    } else if field.starts_with("Tags") {
        "one set of tags goes to every account's instance; write the tag without it"
    } else if field.starts_with("Parameters") {
        "no account name exists inside a stack set; write the value without it"
    } else {
        "options are rendered into the one template every account gets; write the value without it (a template reads its own account as AWS::AccountId)"
    }
}

/// Every string of an options value, with its JSON path.
fn strings<'a>(value: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::String(s) => out.push((at, s)),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                strings(v, format!("{at}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                strings(v, format!("{at}.{k}"), out);
            }
        }
        _ => {}
    }
}

/// The problems of a baseline's stack file that an account's stack file would not have.
pub(in crate::params) fn baseline_problems(file: &Path, sf: &StackFile) -> Vec<ParamsError> {
    let mut problems = Vec::new();
    let mut texts: Vec<(String, &str)> = vec![("StackName".to_owned(), sf.stack_name.as_str())];
    texts.extend(
        sf.tags
            .0
            .iter()
            .map(|(k, v)| (format!("Tags.{k}"), v.as_str())),
    );
    if let Some(options) = sf.hydrate.as_ref().and_then(|h| h.options.as_ref()) {
        strings(options, "Hydrate.Options".to_owned(), &mut texts);
    }
    for (field, text) in texts {
        if let Some(value) = per_account_value(text) {
            problems.push(ParamsError::new(
                ErrorKind::BadTemplateValue,
                file,
                field.as_str(),
                format!(
                    "`{{{{{value}}}}}` has no value in a baseline: {}",
                    why_not(&field)
                ),
            ));
        }
    }
    // The id stays in parameters for the bundle (AWS::AccountId); a name has no counterpart.
    for (name, text) in &sf.parameters.0 {
        if per_account_value(text) == Some("account.name") {
            let field = format!("Parameters.{name}");
            problems.push(ParamsError::new(
                ErrorKind::BadTemplateValue,
                file,
                field.as_str(),
                format!(
                    "`{{{{account.name}}}}` has no value in a baseline: {}",
                    why_not(&field)
                ),
            ));
        }
    }
    let mut refuse = |field: &str, problem: &str| {
        problems.push(ParamsError::new(
            ErrorKind::InvalidValue,
            file,
            field,
            problem.to_owned(),
        ));
    };
    if sf.timeout_in_minutes.is_some() {
        refuse(
            "TimeoutInMinutes",
            "a stack set has no create timeout (its Preferences in organization.json say when an operation stops); remove TimeoutInMinutes",
        );
    }
    if sf.enable_termination_protection == Some(true) {
        refuse(
            "EnableTerminationProtection",
            "StackSets cannot protect their instances from deletion; remove EnableTerminationProtection (AutoDeployment.RetainStacksOnAccountRemoval keeps an account's stacks when it leaves)",
        );
    }
    if sf.role_arn.is_some() {
        refuse(
            "RoleARN",
            "a service-managed stack set acts through the roles AWS Organizations creates in each account; remove RoleARN",
        );
    }
    if !sf.notification_arns.is_empty() {
        refuse(
            "NotificationARNs",
            "StackSets send no stack events to SNS topics; remove NotificationARNs",
        );
    }
    problems
}

/// An organization trail in a baseline: a stack set never deploys to the management account, and
/// CloudTrail lets only the management account (or CloudTrail's delegated administrator) create
/// one, so every instance would fail.
pub(in crate::params) fn org_trail_in_baseline(
    file: &Path,
    template: &RenderedTemplate,
) -> Option<ParamsError> {
    let resources = template.json().get("Resources")?.as_object()?;
    let (id, _) = resources.iter().find(|(_, r)| {
        r.get("Type").and_then(Value::as_str) == Some("AWS::CloudTrail::Trail")
            && r.pointer("/Properties/IsOrganizationTrail") == Some(&Value::Bool(true))
    })?;
    Some(ParamsError::new(
        ErrorKind::InvalidValue,
        file,
        "Hydrate.Options.organization",
        format!("trail {id} is an organization trail (IsOrganizationTrail), which only the management account can create, and a stack set never deploys there; put this stack file in the management account's directory (Management in organization.json) and remove it from the baseline, whose accounts the organization trail records already"),
    ))
}
