//! The SDK's types turned into hydrate's, and requests into the SDK's.

use std::collections::BTreeMap;

use aws_sdk_cloudformation::operation::describe_change_set::DescribeChangeSetOutput;
use aws_sdk_cloudformation::types::{
    Capability, ChangeSetStatus, Parameter, ResourceChange, ResourceChangeDetail,
    Stack as SdkStack, StackEvent as SdkEvent, Tag,
};

use crate::deploy::cloud::{
    ChangeSetState, Deployed, DriftInfo, KeptChangeSet, StackRequest, StackTemplate,
};
use crate::deploy::progress::{
    Change, ChangeAction, ChangeDetail, Recreation, Replacement, StackEvent, StackStatus,
};

pub(super) fn deployed(s: &SdkStack) -> Deployed {
    let pairs = |items: Vec<(Option<&str>, Option<&str>)>| -> BTreeMap<String, String> {
        items
            .into_iter()
            .filter_map(|(k, v)| Some((k?.to_owned(), v?.to_owned())))
            .collect()
    };
    Deployed {
        id: s.stack_id().unwrap_or_default().to_owned(),
        status: StackStatus::parse(s.stack_status().map(|x| x.as_str()).unwrap_or_default()),
        reason: s.stack_status_reason().map(str::to_owned),
        last_change: s
            .last_updated_time()
            .or(s.creation_time())
            .map(|t| t.to_string())
            .unwrap_or_default(),
        parameters: pairs(
            s.parameters()
                .iter()
                .map(|p| (p.parameter_key(), p.parameter_value()))
                .collect(),
        ),
        outputs: pairs(
            s.outputs()
                .iter()
                .map(|o| (o.output_key(), o.output_value()))
                .collect(),
        ),
        tags: pairs(s.tags().iter().map(|t| (t.key(), t.value())).collect()),
        protected: s.enable_termination_protection().unwrap_or(false),
        role_arn: s.role_arn().map(str::to_owned),
        notification_arns: s.notification_arns().to_vec(),
        drift: s.drift_information().map(|d| DriftInfo {
            status: d
                .stack_drift_status()
                .map_or("UNKNOWN", |x| x.as_str())
                .to_owned(),
            last_check: d.last_check_timestamp().map(|t| t.to_string()),
        }),
    }
}

pub(super) fn event(e: &SdkEvent) -> StackEvent {
    StackEvent {
        id: e.event_id().unwrap_or_default().to_owned(),
        time: e.timestamp().map(|t| t.to_string()).unwrap_or_default(),
        logical_id: e.logical_resource_id().unwrap_or_default().to_owned(),
        resource_type: e.resource_type().unwrap_or_default().to_owned(),
        status: StackStatus::parse(e.resource_status().map(|s| s.as_str()).unwrap_or_default()),
        reason: e.resource_status_reason().map(str::to_owned),
    }
}

pub(super) fn parameters(request: &StackRequest) -> Vec<Parameter> {
    request
        .parameters
        .iter()
        .map(|(k, v)| {
            Parameter::builder()
                .parameter_key(k)
                .parameter_value(v)
                .build()
        })
        .collect()
}

pub(super) fn tags(request: &StackRequest) -> Vec<Tag> {
    request
        .tags
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect()
}

pub(super) fn capabilities(request: &StackRequest) -> Vec<Capability> {
    request
        .capabilities
        .iter()
        .map(|c| Capability::from(c.as_str()))
        .collect()
}

/// `TemplateBody` of a request that sends the body inline.
pub(super) fn body_of(request: &StackRequest) -> Option<String> {
    match &request.template {
        StackTemplate::Body(body) => Some(body.clone()),
        StackTemplate::Url(_) => None,
    }
}

/// `TemplateURL` of a request that sends a URL.
pub(super) fn url_of(request: &StackRequest) -> Option<String> {
    match &request.template {
        StackTemplate::Url(url) => Some(url.clone()),
        StackTemplate::Body(_) => None,
    }
}

/// One resource change of a change set, with why it changes.
pub(super) fn change(rc: &ResourceChange) -> Change {
    Change {
        // An action this SDK does not know is decided at run time for all hydrate can tell.
        action: rc
            .action()
            .and_then(|a| ChangeAction::parse(a.as_str()))
            .unwrap_or(ChangeAction::Dynamic),
        logical_id: rc.logical_resource_id().unwrap_or_default().to_owned(),
        resource_type: rc.resource_type().unwrap_or_default().to_owned(),
        replacement: rc
            .replacement()
            .and_then(|r| Replacement::parse(r.as_str())),
        scope: rc.scope().iter().map(|a| a.as_str().to_owned()).collect(),
        details: rc.details().iter().map(detail).collect(),
    }
}

fn detail(d: &ResourceChangeDetail) -> ChangeDetail {
    let target = d.target();
    ChangeDetail {
        attribute: target
            .and_then(|t| t.attribute())
            .map(|a| a.as_str().to_owned())
            .unwrap_or_default(),
        name: target.and_then(|t| t.name()).map(str::to_owned),
        requires_recreation: target
            .and_then(|t| t.requires_recreation())
            .and_then(|r| Recreation::parse(r.as_str())),
        change_source: d.change_source().map(|c| c.as_str().to_owned()),
        causing_entity: d.causing_entity().map(str::to_owned),
        evaluation: d.evaluation().map(|e| e.as_str().to_owned()),
    }
}

/// The resource changes of one page of a described change set.
pub(super) fn changes(out: &DescribeChangeSetOutput) -> Vec<Change> {
    out.changes()
        .iter()
        .filter_map(|c| c.resource_change())
        .map(change)
        .collect()
}

/// Where a described change set stands (its changes filled in by the caller, every page).
pub(super) fn change_set_state(out: &DescribeChangeSetOutput) -> ChangeSetState {
    match out.status() {
        Some(ChangeSetStatus::CreateComplete) => ChangeSetState::Ready(changes(out)),
        Some(ChangeSetStatus::Failed) => {
            ChangeSetState::Failed(out.status_reason().unwrap_or_default().to_owned())
        }
        _ => ChangeSetState::Pending,
    }
}

/// A change set made earlier, as its first page describes it.
pub(super) fn kept(out: &DescribeChangeSetOutput) -> KeptChangeSet {
    KeptChangeSet {
        status: out
            .status()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        execution_status: out
            .execution_status()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        reason: out.status_reason().map(str::to_owned),
        description: out.description().map(str::to_owned),
        created: out
            .creation_time()
            .map(|t| t.to_string())
            .unwrap_or_default(),
        parameters: out
            .parameters()
            .iter()
            .filter_map(|p| {
                Some((
                    p.parameter_key()?.to_owned(),
                    p.parameter_value()?.to_owned(),
                ))
            })
            .collect(),
        changes: changes(out),
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_cloudformation::types::{
        ChangeAction as SdkAction, ChangeSource, EvaluationType, Replacement as SdkReplacement,
        RequiresRecreation, ResourceAttribute, ResourceTargetDefinition,
    };

    use super::*;

    #[test]
    fn a_resource_change_keeps_its_scope_and_why() {
        let target = ResourceTargetDefinition::builder()
            .attribute(ResourceAttribute::Properties)
            .name("BucketName")
            .requires_recreation(RequiresRecreation::Always)
            .build();
        let rc = ResourceChange::builder()
            .action(SdkAction::Modify)
            .logical_resource_id("TrailBucket")
            .resource_type("AWS::S3::Bucket")
            .replacement(SdkReplacement::True)
            .scope(ResourceAttribute::Properties)
            .details(
                ResourceChangeDetail::builder()
                    .target(target)
                    .evaluation(EvaluationType::Static)
                    .change_source(ChangeSource::ParameterReference)
                    .causing_entity("NamePrefix")
                    .build(),
            )
            .build();
        let c = change(&rc);
        assert_eq!(c.replacement, Some(Replacement::True));
        assert_eq!(c.scope, ["Properties"]);
        assert_eq!(
            c.details,
            [ChangeDetail {
                attribute: "Properties".into(),
                name: Some("BucketName".into()),
                requires_recreation: Some(Recreation::Always),
                change_source: Some("ParameterReference".into()),
                causing_entity: Some("NamePrefix".into()),
                evaluation: Some("Static".into()),
            }]
        );
        assert_eq!(
            c.reasons(),
            ["BucketName changed (parameter NamePrefix, recreates)"]
        );
    }
}
