//! The SDK's shapes of what [`super::super::OrgCloud`] sends: preferences, auto-deployment,
//! deployment targets, parameters, tags, capabilities; and what an operation call's answer means.

use aws_sdk_cloudformation::types::{
    AutoDeployment as SdkAutoDeployment, CallAs as SdkCallAs, Capability, ConcurrencyMode,
    DeploymentTargets, Parameter, RegionConcurrencyType, StackSetOperationPreferences, Tag,
};

use super::super::spec::{Amount, AutoDeployment, CallAs, Preferences};
use crate::deploy::aws_error::{recover, AwsError};

pub(super) fn call_as(c: CallAs) -> SdkCallAs {
    SdkCallAs::from(c.as_api())
}

pub(super) fn preferences(p: &Preferences) -> StackSetOperationPreferences {
    let count = |a: Option<Amount>| match a {
        Some(Amount::Count(n)) => Some(n),
        _ => None,
    };
    let percentage = |a: Option<Amount>| match a {
        Some(Amount::Percentage(n)) => Some(n),
        _ => None,
    };
    StackSetOperationPreferences::builder()
        .set_max_concurrent_count(count(p.max_concurrent))
        .set_max_concurrent_percentage(percentage(p.max_concurrent))
        .set_failure_tolerance_count(count(p.failure_tolerance))
        .set_failure_tolerance_percentage(percentage(p.failure_tolerance))
        .set_region_concurrency_type(
            p.region_concurrency_type
                .as_deref()
                .map(RegionConcurrencyType::from),
        )
        .set_concurrency_mode(p.concurrency_mode.as_deref().map(ConcurrencyMode::from))
        .build()
}

pub(super) fn auto_deployment(a: AutoDeployment) -> SdkAutoDeployment {
    let builder = SdkAutoDeployment::builder().enabled(a.enabled);
    // AWS accepts RetainStacksOnAccountRemoval only together with Enabled.
    if a.enabled {
        builder
            .retain_stacks_on_account_removal(a.retain_stacks_on_account_removal)
            .build()
    } else {
        builder.build()
    }
}

pub(super) fn targets(ous: &[String]) -> DeploymentTargets {
    DeploymentTargets::builder()
        .set_organizational_unit_ids(Some(ous.to_vec()))
        .build()
}

pub(super) fn sdk_parameters(values: &[(String, String)]) -> Vec<Parameter> {
    values
        .iter()
        .map(|(k, v)| {
            Parameter::builder()
                .parameter_key(k)
                .parameter_value(v)
                .build()
        })
        .collect()
}

pub(super) fn sdk_tags(values: &[(String, String)]) -> Vec<Tag> {
    values
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect()
}

pub(super) fn sdk_capabilities(values: &[String]) -> Vec<Capability> {
    values
        .iter()
        .map(|c| Capability::from(c.as_str()))
        .collect()
}

/// The id an operation call answered with; ours when the answer has none.
pub(super) fn answered(id: Option<&str>, ours: &str) -> String {
    id.map_or_else(|| ours.to_owned(), str::to_owned)
}

/// A resent call whose first attempt landed: AWS refuses the same `OperationId` twice, which here
/// means the operation exists and is ours to wait on.
pub(super) fn landed(error: AwsError, ours: &str) -> Result<String, AwsError> {
    recover(
        error,
        |e| e.code() == Some("OperationIdAlreadyExistsException"),
        ours.to_owned(),
    )
}
