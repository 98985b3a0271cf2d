//! The catalog: template name → builder, options type and options schema.

use std::sync::LazyLock;

use schemars::schema::RootSchema;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::option_checks::OptionError;
use super::{
    access_analyzer, alarms, budget_alarm, cloud_trail, config_aggregator, config_recorder,
    guard_duty, iam_setup, identity_center, security_hub, self_edit, sns_notify, support_role,
};
use crate::cfn::{RenderError, Template};

/// Why a catalog template could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The options are not of the template's options type (unknown key, wrong type).
    #[error("options of `{template}`: {}{source}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
    Options {
        /// The template name.
        template: &'static str,
        /// JSON path of the bad option inside the options object; empty for the whole object.
        path: String,
        /// serde's message.
        source: serde_json::Error,
    },
    /// An option value is out of range or malformed.
    #[error("options of `{template}`: {source}")]
    Invalid {
        /// The template name.
        template: &'static str,
        /// The option and the fix.
        source: OptionError,
    },
    /// The built template has a dangling or duplicate reference (a bug in the builder).
    #[error("template `{template}` cannot be rendered:\n{source}")]
    Render {
        /// The template name.
        template: &'static str,
        /// Every problem found.
        source: RenderError,
    },
}

/// Builds a template from options given as JSON.
type BuildFn = Box<dyn Fn(&Value) -> Result<Template, BuildError> + Send + Sync>;

/// Where a template's stack is deployed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Once, in the account's home region: account-wide resources (IAM, the trail, the alert
    /// topic and the alarms on the trail's log group).
    Global,
    /// In every region the account file lists: a regional service watches only its own region.
    Regional,
}

/// One template of the catalog.
pub struct Entry {
    /// The template name; also the stack file and `stacks/<name>.json` name.
    pub name: &'static str,
    /// One line on what it creates.
    pub summary: String,
    /// Where its stack is deployed.
    pub scope: Scope,
    /// Only for one account of an organization (the log-archive account, a delegated
    /// administrator), never for every account: `init` leaves it out.
    pub organization_only: bool,
    build: BuildFn,
    schema: fn() -> RootSchema,
}

impl Entry {
    fn new<O: DeserializeOwned + JsonSchema + 'static>(
        name: &'static str,
        summary: impl Into<String>,
        build: impl Fn(&O) -> Result<Template, OptionError> + Send + Sync + 'static,
    ) -> Self {
        Entry {
            name,
            summary: summary.into(),
            scope: Scope::Global,
            organization_only: false,
            build: Box::new(move |options| {
                let options: O =
                    serde_path_to_error::deserialize(options.clone()).map_err(|e| {
                        let path = e.path().to_string();
                        BuildError::Options {
                            template: name,
                            path: if path == "." { String::new() } else { path },
                            source: e.into_inner(),
                        }
                    })?;
                build(&options).map_err(|source| BuildError::Invalid {
                    template: name,
                    source,
                })
            }),
            schema: || schemars::schema_for!(O),
        }
    }

    /// The same entry, deployed in every listed region.
    fn regional(self) -> Self {
        Entry {
            scope: Scope::Regional,
            ..self
        }
    }

    /// The same entry, for one account of an organization only.
    fn organization_only(self) -> Self {
        Entry {
            organization_only: true,
            ..self
        }
    }

    /// Builds the template from options given as JSON (`{}` for the defaults).
    pub fn build(&self, options: &Value) -> Result<Template, BuildError> {
        (self.build)(options)
    }

    /// Renders the template with options given as JSON.
    pub fn render(&self, options: &Value) -> Result<String, BuildError> {
        self.build(options)?
            .render()
            .map_err(|source| BuildError::Render {
                template: self.name,
                source,
            })
    }

    /// Renders the template with its default options.
    pub fn render_default(&self) -> Result<String, BuildError> {
        self.render(&Value::Object(serde_json::Map::new()))
    }

    /// The JSON Schema of the options.
    pub fn options_schema(&self) -> RootSchema {
        (self.schema)()
    }
}

/// Every template, in the order `hydrate up` would first deploy them.
static CATALOG: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    let mut entries = vec![
        Entry::new(
            "iamSetup",
            "admin, operator and developer groups with MFA-only roles, and a readonly role",
            iam_setup::build,
        ),
        Entry::new(
            "selfEdit",
            "a group whose members manage only their own credentials, MFA first",
            self_edit::build,
        ),
        Entry::new(
            "supportRole",
            "a role with AWSSupportAccess, assumable with MFA by its group",
            support_role::build,
        ),
        Entry::new(
            "identityCenter",
            "admin, operator, developer and readonly IAM Identity Center permission sets with iamSetup's policies",
            identity_center::build,
        )
        .organization_only(),
        Entry::new(
            "cloudTrail",
            "multi-region trail into a retained, encrypted bucket and log group",
            cloud_trail::build,
        ),
        Entry::new(
            "orgTrailBucket",
            "the log-archive account's retained, encrypted bucket of the organization trail",
            cloud_trail::build_org_bucket,
        )
        .organization_only(),
        Entry::new(
            "snsNotify",
            "the encrypted alert topic and its email subscription",
            sns_notify::build,
        ),
        Entry::new(
            "budgetAlarm",
            "monthly cost budget alerting on actual and forecast spend",
            budget_alarm::build,
        ),
        Entry::new(
            "guardDuty",
            "GuardDuty detector and readable alerts for its findings",
            guard_duty::build,
        )
        .regional(),
        Entry::new(
            "accessAnalyzer",
            "IAM Access Analyzer over the account (unused access optional)",
            access_analyzer::build,
        )
        .regional(),
        Entry::new(
            "configRecorder",
            "AWS Config recorder into a retained, encrypted bucket of its own",
            config_recorder::build,
        )
        .regional(),
        Entry::new(
            "securityHub",
            "Security Hub with CIS v5.0.0 and readable alerts for failed controls",
            security_hub::build,
        )
        .regional(),
        Entry::new(
            "configAggregator",
            "organization-wide AWS Config aggregator, for Config's delegated administrator",
            config_aggregator::build,
        )
        .organization_only(),
    ];
    entries.extend(alarms::CIS_ALARMS.iter().map(|spec| {
        Entry::new(
            spec.name,
            format!("{} alarm: {}", spec.control(), spec.title),
            move |o| alarms::build(spec, o),
        )
    }));
    entries
});

/// Every template of the catalog.
pub fn catalog() -> &'static [Entry] {
    &CATALOG
}

/// The catalog entry of a template name, or of one of the seed kit's alias names.
pub fn find(name: &str) -> Option<&'static Entry> {
    let canonical = alarms::ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, target)| *target);
    catalog().iter().find(|e| e.name == canonical)
}

/// The template names, for error messages.
pub fn names() -> Vec<&'static str> {
    catalog().iter().map(|e| e.name).collect()
}
