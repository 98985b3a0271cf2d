//! Builds the `identityCenter` template: one permission set per level, each with the policies of
//! iamSetup's role of that level as its one inline policy.

use serde_json::Value;

use super::options::IdentityCenterOptions;
use crate::cfn::iam::Tag;
use crate::cfn::sso::PermissionSet;
use crate::cfn::{Output, Parameter, Resource, Template};
use crate::iam::{PolicyDocument, Statement};
use crate::stacks::iam_setup::{protect_baseline, role_policies, Level};
use crate::stacks::option_checks::OptionError;

/// The Identity Center instance ARN, as the SSO API patterns it.
const INSTANCE_PATTERN: &str =
    "arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}";

/// Identity Center's limits on a permission set's inline policy: 32,768 bytes, and 10,240
/// characters that are not white space (the role it becomes in each account holds it inline).
const POLICY_BYTES: usize = 32_768;
const POLICY_CHARACTERS: usize = 10_240;

/// The size of a document as the accounts store it, `Fn::Sub` resolved with the longest
/// partition name: (characters other than white space, bytes).
pub(super) fn resolved_size(doc: &PolicyDocument) -> (usize, usize) {
    fn resolve(v: &Value) -> Value {
        match v {
            Value::Object(o) if o.len() == 1 && o.contains_key("Fn::Sub") => Value::String(
                o["Fn::Sub"]
                    .as_str()
                    .unwrap_or_default()
                    .replace("${AWS::Partition}", "aws-us-gov"),
            ),
            Value::Object(o) => {
                Value::Object(o.iter().map(|(k, x)| (k.clone(), resolve(x))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(resolve).collect()),
            other => other.clone(),
        }
    }
    let text = serde_json::to_value(doc)
        .map(|v| resolve(&v).to_string())
        .unwrap_or_default();
    (
        text.chars().filter(|c| !c.is_whitespace()).count(),
        text.len(),
    )
}

/// The levels rendered, in order.
pub(super) fn levels(o: &IdentityCenterOptions) -> Vec<Level> {
    let mut levels = vec![Level::Admin, Level::Operator, Level::Developer];
    if o.readonly_permission_set {
        levels.push(Level::Readonly);
    }
    levels
}

/// The one inline policy of a level's permission set: the role's inline policies, and for every
/// level but admin the `protect-baseline` statements, as one document valid in every account.
pub(super) fn permission_set_policy(level: Level, o: &IdentityCenterOptions) -> PolicyDocument {
    let roles = o.as_roles();
    let mut statements: Vec<Statement> = role_policies(level, &roles)
        .into_iter()
        .flat_map(|p| p.policy_document.statements().to_vec())
        .collect();
    // As iamSetup: admin repairs the baseline, every other level is denied undoing it.
    if level != Level::Admin {
        let protect = protect_baseline(&format!("{}{}-", roles.path, roles.name_prefix));
        statements.extend(protect.statements().iter().cloned());
    }
    PolicyDocument::new(statements).in_every_account()
}

/// Builds the `identityCenter` template.
pub fn build(o: &IdentityCenterOptions) -> Result<Template, OptionError> {
    o.validate()?;
    let mut t = Template::new(
        "hydrate identityCenter: admin, operator, developer and readonly IAM Identity Center permission sets with iamSetup's policies and tamper protection",
    );
    let instance = t.parameter(
        "InstanceArn",
        Parameter::string()
            .description("the IAM Identity Center instance (aws sso-admin list-instances)")
            .allowed_pattern(
                INSTANCE_PATTERN,
                "an Identity Center instance ARN: arn:aws:sso:::instance/ssoins-0123456789abcdef",
            ),
    );
    t.output(
        "InstanceArn",
        Output::new(instance.r#ref()).description(
            "the Identity Center instance the permission sets belong to (assignments read it)",
        ),
    );
    for level in levels(o) {
        let name = format!("{}-{}", o.name_prefix, level.name());
        let policy = permission_set_policy(level, o);
        let (characters, bytes) = resolved_size(&policy);
        if characters > POLICY_CHARACTERS || bytes > POLICY_BYTES {
            return Err(OptionError::new(
                if level == Level::Developer { "developerServices" } else { "operatorServices" },
                format!(
                    "the {name} permission set's inline policy would be {characters} characters ({bytes} bytes); Identity Center allows {POLICY_CHARACTERS} ({POLICY_BYTES} bytes); list fewer services"
                ),
            ));
        }
        let set = t.add(
            &format!("{}PermissionSet", level.title()),
            Resource::new(PermissionSet {
                instance_arn: instance.r#ref(),
                name: name.clone(),
                description: Some(format!(
                    "hydrate {} access: the policies of iamSetup's {} role{}",
                    level.name(),
                    level.name(),
                    if level == Level::Admin {
                        ""
                    } else {
                        ", baseline protected"
                    }
                )),
                session_duration: Some(o.session_duration_iso()),
                inline_policy: Some(policy),
                tags: vec![Tag {
                    key: "hydrate:level".to_owned(),
                    value: level.name().into(),
                }],
            }),
        );
        t.output(
            &format!("{}PermissionSetArn", level.title()),
            Output::new(set.permission_set_arn())
                .description(format!(
                    "ARN of the {name} permission set (assign it to groups per OU)"
                ))
                .exported(&format!("{}PermissionSetArn", level.title())),
        );
    }
    Ok(t)
}
