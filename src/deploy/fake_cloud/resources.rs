//! The fake's buckets, log groups, keys and aliases: made when a stack is created, kept or removed
//! by its delete as the template's `DeletionPolicy` says, and brought into a stack by an IMPORT
//! change set under CloudFormation's rules (only imported resources, each with a DeletionPolicy,
//! each existing and owned by no other stack; no outputs).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::deploy::aws_error::AwsError;
use crate::deploy::cloud::{KeyInfo, ResourceImport};

/// Physical resources of the fake account, and the imports waiting in change sets.
#[derive(Debug, Default)]
pub(super) struct Resources {
    /// (type, identifier) → the stack that owns it, `None` once retained by a delete.
    owner: BTreeMap<(String, String), Option<String>>,
    /// Key ids scheduled for deletion.
    pub(super) pending_deletion: BTreeSet<String>,
    /// `alias/…` → key id.
    aliases: BTreeMap<String, String>,
    /// Stack name → logical id → physical id.
    pub(super) physical: BTreeMap<String, BTreeMap<String, String>>,
    /// Change set name → its imports and, when CloudFormation would fail it, why.
    pub(super) imports: BTreeMap<String, (Vec<ResourceImport>, Option<String>)>,
    /// Every IMPORT is refused at the call with this message (LocalStack core's answer).
    pub(super) refuse_imports: Option<String>,
}

const OWNED_TYPES: &[&str] = &["AWS::S3::Bucket", "AWS::Logs::LogGroup", "AWS::KMS::Key"];

fn validation(message: String) -> AwsError {
    AwsError::Service {
        action: "cloudformation:CreateChangeSet".into(),
        code: "ValidationError".into(),
        message,
    }
}

impl Resources {
    /// Whether a resource of this type and identifier exists.
    pub(super) fn exists(&self, resource_type: &str, id: &str) -> bool {
        self.owner
            .contains_key(&(resource_type.to_owned(), id.to_owned()))
    }

    /// A key by id or alias.
    pub(super) fn key(&self, key: &str) -> Option<KeyInfo> {
        let id = self.aliases.get(key).map_or(key, String::as_str);
        self.exists("AWS::KMS::Key", id).then(|| KeyInfo {
            key_id: id.to_owned(),
            pending_deletion: self.pending_deletion.contains(id),
        })
    }

    /// Makes the resources of a new stack; `Err((logical id, reason))` when a named one exists
    /// already (then nothing is made, and the create is to fail on that resource).
    pub(super) fn create(&mut self, stack: &str, template: &str) -> Result<(), (String, String)> {
        let json: Value = serde_json::from_str(template).unwrap_or_default();
        let mut made = BTreeMap::new();
        for (id, r) in json["Resources"].as_object().into_iter().flatten() {
            let kind = r["Type"].as_str().unwrap_or_default();
            let named = |key: &str| r["Properties"][key].as_str().map(str::to_owned);
            let generated = format!("{stack}-{id}-{}", self.owner.len()).to_lowercase();
            let physical = match kind {
                "AWS::S3::Bucket" => named("BucketName").unwrap_or(generated),
                "AWS::Logs::LogGroup" => named("LogGroupName").unwrap_or(generated),
                "AWS::KMS::Key" => format!("key-{generated}"),
                "AWS::KMS::Alias" => named("AliasName").unwrap_or(generated),
                _ => format!("physical-{id}"),
            };
            if OWNED_TYPES.contains(&kind) && self.exists(kind, &physical) {
                return Err((
                    id.clone(),
                    format!(
                        "Resource of type '{kind}' with identifier '{physical}' already exists."
                    ),
                ));
            }
            made.insert(id.clone(), (kind.to_owned(), physical));
        }
        for (kind, physical) in made.values() {
            if OWNED_TYPES.contains(&kind.as_str()) {
                self.owner
                    .insert((kind.clone(), physical.clone()), Some(stack.to_owned()));
            }
        }
        for (id, r) in json["Resources"].as_object().into_iter().flatten() {
            let target = r["Properties"]["TargetKeyId"]["Ref"].as_str();
            if let (Some((_, alias)), Some((_, key))) =
                (made.get(id), target.and_then(|t| made.get(t)))
            {
                self.aliases.insert(alias.clone(), key.clone());
            }
        }
        self.physical.insert(
            stack.to_owned(),
            made.into_iter().map(|(id, (_, p))| (id, p)).collect(),
        );
        Ok(())
    }

    /// A deleted stack's resources: retained ones stay, owned by nobody; the rest are removed.
    pub(super) fn release(&mut self, stack: &str, template: &str) {
        let json: Value = serde_json::from_str(template).unwrap_or_default();
        for (id, physical) in self.physical.remove(stack).unwrap_or_default() {
            let r = &json["Resources"][&id];
            let kind = r["Type"].as_str().unwrap_or_default().to_owned();
            let retained = matches!(r["DeletionPolicy"].as_str(), Some("Retain"));
            let key = (kind.clone(), physical.clone());
            match (retained, self.owner.get_mut(&key)) {
                (true, Some(owner)) => *owner = None,
                _ => {
                    self.owner.remove(&key);
                }
            }
            if kind == "AWS::KMS::Alias" {
                self.aliases.remove(&physical);
            }
        }
    }

    /// CloudFormation's checks of an IMPORT change set: `Err` for what the call itself refuses,
    /// `Ok(Some(reason))` for what fails the change set.
    pub(super) fn check_import(
        &self,
        template: &str,
        resources: &[ResourceImport],
    ) -> Result<Option<String>, AwsError> {
        if let Some(message) = &self.refuse_imports {
            return Err(validation(message.clone()));
        }
        let json: Value = serde_json::from_str(template).unwrap_or_default();
        let wanted: BTreeSet<&str> = resources.iter().map(|r| r.logical_id.as_str()).collect();
        let declared = json["Resources"].as_object().cloned().unwrap_or_default();
        if let Some(extra) = declared.keys().find(|id| !wanted.contains(id.as_str())) {
            return Err(validation(format!(
                "Resource {extra} is not being imported: an IMPORT change set may only contain the resources to import"
            )));
        }
        if json.get("Outputs").is_some() {
            return Err(validation(
                "As part of the import operation, you cannot modify or add [Outputs]".into(),
            ));
        }
        for r in resources {
            let Some(declared) = declared.get(&r.logical_id) else {
                return Err(validation(format!(
                    "Resource {} is not in the template",
                    r.logical_id
                )));
            };
            if declared.get("DeletionPolicy").is_none() {
                return Err(validation(format!(
                    "DeletionPolicy must be specified for resources to import: {}",
                    r.logical_id
                )));
            }
        }
        for r in resources {
            match self
                .owner
                .get(&(r.resource_type.clone(), r.identifier.clone()))
            {
                None => {
                    return Ok(Some(format!(
                        "Resource {} ({}) does not exist",
                        r.logical_id, r.identifier
                    )))
                }
                Some(Some(stack)) => {
                    return Ok(Some(format!(
                        "Resource {} ({}) already belongs to stack {stack}",
                        r.logical_id, r.identifier
                    )))
                }
                Some(None) => {}
            }
        }
        Ok(None)
    }

    /// An executed import: the stack owns the resources now.
    pub(super) fn adopt(&mut self, stack: &str, resources: &[ResourceImport]) {
        let physical = self.physical.entry(stack.to_owned()).or_default();
        for r in resources {
            self.owner.insert(
                (r.resource_type.clone(), r.identifier.clone()),
                Some(stack.to_owned()),
            );
            physical.insert(r.logical_id.clone(), r.identifier.clone());
        }
    }

    /// The stack's update to a template: resources it did not own yet are made.
    pub(super) fn update(&mut self, stack: &str, template: &str) {
        let owned = self.physical.remove(stack).unwrap_or_default();
        let json: Value = serde_json::from_str(template).unwrap_or_default();
        let mut rest = json.clone();
        if let Some(resources) = rest["Resources"].as_object_mut() {
            resources.retain(|id, _| !owned.contains_key(id));
        }
        // New resources of an update are made as on create; a clash fails nothing here.
        let _ = self.create(stack, &rest.to_string());
        self.physical
            .entry(stack.to_owned())
            .or_default()
            .extend(owned);
    }
}
