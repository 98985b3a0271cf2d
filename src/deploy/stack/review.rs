//! `stack diff`: what a deploy would change, without changing it — the property-level diff of the
//! deployed template and parameter values against the new ones, and the change set's actions with
//! why (dropped, or kept for `stack execute`). For a stack not deployed every resource is added,
//! or imported when it was retained and still exists.

use serde::Serialize;

use super::import::names as import_names;
use super::Deployer;
use crate::cfn::diff::{parameter_diff, template_diff, PropertyChange};
use crate::deploy::cloud::Deployed;
use crate::deploy::error::DeployError;
use crate::deploy::progress::{Change, ChangeAction};
use crate::params::Stack;

/// What a deploy of one stack would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackDiff {
    /// The change set's changes, with why (every resource added when the stack is not deployed).
    pub changes: Vec<Change>,
    /// The property-level diff of the template and the parameter values.
    pub properties: Vec<PropertyChange>,
    /// The change set kept for `stack execute`, when asked to keep it and there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_set: Option<String>,
}

impl Deployer<'_> {
    /// The property-level diff of a stack: its deployed template and parameter values (none when
    /// not deployed) against the ones it would deploy now, with `parameters` its values now.
    pub async fn property_diff(
        &self,
        stack: &Stack,
        current: Option<&Deployed>,
        parameters: &[(String, String)],
    ) -> Result<Vec<PropertyChange>, DeployError> {
        let new = stack.template.json();
        let Some(current) = current else {
            let mut all = template_diff(None, new);
            all.extend(parameter_diff(None, parameters, new));
            return Ok(all);
        };
        let body = self.cloud.get_template(&current.id).await?;
        let mut all = match serde_json::from_str(&body) {
            Ok(deployed) => template_diff(Some(&deployed), new),
            Err(_) => {
                self.note(
                    stack,
                    "the deployed template is not JSON; its property diff is left out".to_owned(),
                );
                Vec::new()
            }
        };
        all.extend(parameter_diff(Some(&current.parameters), parameters, new));
        Ok(all)
    }

    /// The changes a deploy would make, without making them; with `keep`, the change set stays
    /// for `stack execute` and its name is returned.
    pub async fn diff(&self, stack: &Stack, keep: bool) -> Result<StackDiff, DeployError> {
        let Some(current) = self.deployed(stack).await? else {
            // Values that read stacks not deployed yet cannot name a retained resource: look anyway.
            let parameters = self.parameters(stack).await.unwrap_or_default();
            let found = self.retained_existing(stack, &parameters).await?;
            if !found.is_empty() {
                self.note(stack, format!("would import {}", import_names(&found)));
            }
            if keep {
                self.note(
                    stack,
                    "not deployed: no change set to keep (`stack create` creates it)".to_owned(),
                );
            }
            let changes = stack
                .template
                .resources()
                .iter()
                .map(|r| {
                    let action = if found.iter().any(|f| f.logical_id == r.logical_id) {
                        ChangeAction::Import
                    } else {
                        ChangeAction::Add
                    };
                    Change::new(action, &r.logical_id, &r.resource_type)
                })
                .collect();
            return Ok(StackDiff {
                changes,
                properties: self.property_diff(stack, None, &parameters).await?,
                change_set: None,
            });
        };
        let parameters = self.parameters(stack).await?;
        let properties = self
            .property_diff(stack, Some(&current), &parameters)
            .await?;
        let (changes, change_set) = match self.change_set(stack, &current).await? {
            Some((name, changes)) if keep => (changes, Some(name)),
            Some((name, changes)) => {
                self.drop_change_set(&current.id, &name).await;
                (changes, None)
            }
            None => {
                if keep {
                    self.note(stack, "no changes: no change set to keep".to_owned());
                }
                (Vec::new(), None)
            }
        };
        Ok(StackDiff {
            changes,
            properties,
            change_set,
        })
    }
}
