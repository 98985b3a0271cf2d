//! What a change set does to each resource, and why: the action, whether it replaces the
//! resource, and the properties, attributes or tags that cause it (CloudFormation's `Details`).

use serde::Serialize;

/// What a change set does to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ChangeAction {
    /// A new resource.
    Add,
    /// A changed resource.
    Modify,
    /// A removed resource.
    Remove,
    /// A resource imported into the stack.
    Import,
    /// Decided only when the change set runs (nested stacks, macros).
    Dynamic,
}

impl ChangeAction {
    const ALL: [ChangeAction; 5] = [
        ChangeAction::Add,
        ChangeAction::Modify,
        ChangeAction::Remove,
        ChangeAction::Import,
        ChangeAction::Dynamic,
    ];

    /// CloudFormation's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeAction::Add => "Add",
            ChangeAction::Modify => "Modify",
            ChangeAction::Remove => "Remove",
            ChangeAction::Import => "Import",
            ChangeAction::Dynamic => "Dynamic",
        }
    }

    /// The action of CloudFormation's spelling; `None` for one hydrate does not know.
    pub fn parse(text: &str) -> Option<ChangeAction> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// Whether a modification replaces the resource (a new physical object, the old one deleted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Replacement {
    /// It is replaced.
    True,
    /// It is modified in place.
    False,
    /// It may be replaced, depending on values known only at run time.
    Conditional,
}

impl Replacement {
    /// CloudFormation's spelling; `None` for one hydrate does not know.
    pub fn parse(text: &str) -> Option<Replacement> {
        Some(match text {
            "True" => Replacement::True,
            "False" => Replacement::False,
            "Conditional" => Replacement::Conditional,
            _ => return None,
        })
    }
}

/// Whether changing a property recreates the resource (CloudFormation's `RequiresRecreation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Recreation {
    /// It is changed in place.
    Never,
    /// It is recreated depending on values known only at run time.
    Conditionally,
    /// It is recreated.
    Always,
}

impl Recreation {
    /// CloudFormation's spelling; `None` for one hydrate does not know.
    pub fn parse(text: &str) -> Option<Recreation> {
        Some(match text {
            "Never" => Recreation::Never,
            "Conditionally" => Recreation::Conditionally,
            "Always" => Recreation::Always,
            _ => return None,
        })
    }
}

/// One reason a resource changes: a property, attribute or tag, and what changed it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChangeDetail {
    /// The part of the resource: `Properties`, `Metadata`, `Tags`, `UpdatePolicy`, …
    pub attribute: String,
    /// The property's name, when the part is `Properties`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether this change recreates the resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requires_recreation: Option<Recreation>,
    /// What changed it: `DirectModification`, `ParameterReference`, `ResourceReference`,
    /// `ResourceAttribute`, `Automatic`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_source: Option<String>,
    /// The parameter, resource or `Resource.Attribute` that changed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub causing_entity: Option<String>,
    /// `Static` (known now) or `Dynamic` (known only when the change set runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<String>,
}

impl ChangeDetail {
    /// `BucketName changed (parameter NamePrefix, recreates)`: what, through what, and whether it
    /// recreates the resource.
    pub fn why(&self) -> String {
        let what = self.name.as_deref().unwrap_or(&self.attribute);
        let verb = if self.evaluation.as_deref() == Some("Dynamic") {
            "may change"
        } else {
            "changed"
        };
        let mut notes = Vec::new();
        let entity = self.causing_entity.as_deref().unwrap_or_default();
        match self.change_source.as_deref() {
            Some("ParameterReference") => notes.push(format!("parameter {entity}")),
            Some("ResourceReference") => notes.push(format!("Ref {entity}")),
            Some("ResourceAttribute") => notes.push(format!("GetAtt {entity}")),
            Some("Automatic") => notes.push("nested stack".to_owned()),
            _ => {}
        }
        match self.requires_recreation {
            Some(Recreation::Always) => notes.push("recreates".to_owned()),
            Some(Recreation::Conditionally) => notes.push("may recreate".to_owned()),
            _ => {}
        }
        if notes.is_empty() {
            format!("{what} {verb}")
        } else {
            format!("{what} {verb} ({})", notes.join(", "))
        }
    }
}

/// One change of a change set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What happens to the resource.
    pub action: ChangeAction,
    /// Logical id.
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// For modifications: whether it is replaced.
    pub replacement: Option<Replacement>,
    /// For modifications: the parts of the resource that change (`Properties`, `Tags`, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
    /// For modifications: each property, attribute or tag that changes, and what changed it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ChangeDetail>,
}

impl Change {
    /// A change with no details.
    pub fn new(action: ChangeAction, logical_id: &str, resource_type: &str) -> Change {
        Change {
            action,
            logical_id: logical_id.to_owned(),
            resource_type: resource_type.to_owned(),
            replacement: None,
            scope: Vec::new(),
            details: Vec::new(),
        }
    }

    /// True when the change deletes the resource's physical object (a removal, or a replacement).
    pub fn destroys(&self) -> bool {
        self.action == ChangeAction::Remove
            || matches!(
                self.replacement,
                Some(Replacement::True | Replacement::Conditional)
            )
    }

    /// Why it changes, the parts that recreate the resource first; each reason once (CloudFormation
    /// lists a property once per evaluation).
    pub fn reasons(&self) -> Vec<String> {
        let mut details: Vec<&ChangeDetail> = self.details.iter().collect();
        details.sort_by_key(|d| match d.requires_recreation {
            Some(Recreation::Always) => 0,
            Some(Recreation::Conditionally) => 1,
            _ => 2,
        });
        let mut seen = Vec::new();
        let mut reasons = Vec::new();
        for d in details {
            let key = (d.attribute.as_str(), d.name.as_deref());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            reasons.push(d.why());
        }
        reasons
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_the_property_what_changed_it_and_whether_it_recreates() {
        let mut change = Change::new(ChangeAction::Modify, "TrailBucket", "AWS::S3::Bucket");
        change.replacement = Some(Replacement::Conditional);
        let detail =
            |name: &str, recreation, source: &str, entity: Option<&str>, evaluation: &str| {
                ChangeDetail {
                    attribute: "Properties".into(),
                    name: Some(name.into()),
                    requires_recreation: Some(recreation),
                    change_source: Some(source.into()),
                    causing_entity: entity.map(str::to_owned),
                    evaluation: Some(evaluation.into()),
                }
            };
        change.details = vec![
            detail(
                "Tags",
                Recreation::Never,
                "DirectModification",
                None,
                "Static",
            ),
            detail(
                "BucketName",
                Recreation::Conditionally,
                "ParameterReference",
                Some("NamePrefix"),
                "Static",
            ),
            detail(
                "BucketName",
                Recreation::Conditionally,
                "ParameterReference",
                Some("NamePrefix"),
                "Dynamic",
            ),
            detail(
                "KMSMasterKeyID",
                Recreation::Never,
                "ResourceAttribute",
                Some("Key.Arn"),
                "Dynamic",
            ),
        ];
        assert_eq!(
            change.reasons(),
            [
                "BucketName changed (parameter NamePrefix, may recreate)",
                "Tags changed",
                "KMSMasterKeyID may change (GetAtt Key.Arn)",
            ]
        );
    }
}
