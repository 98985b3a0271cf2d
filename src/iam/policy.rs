//! IAM policy documents and statements, built to read like the JSON they produce.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::condition::{insecure_transport, mfa_absent, Condition};
use crate::expr::{account_id, join, partition, sub, Expr};

/// The policy language version every document uses.
pub const POLICY_VERSION: &str = "2012-10-17";

/// A policy document: a list of statements.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyDocument {
    version: &'static str,
    statement: Vec<Statement>,
}

impl PolicyDocument {
    /// A document of the given statements.
    pub fn new(statements: impl IntoIterator<Item = Statement>) -> Self {
        PolicyDocument {
            version: POLICY_VERSION,
            statement: statements.into_iter().collect(),
        }
    }

    /// The statements, in order.
    pub fn statements(&self) -> &[Statement] {
        &self.statement
    }

    /// The same document for every account it is provisioned into: `${AWS::AccountId}` in a
    /// resource pattern becomes `*`. An Identity Center permission set is declared in the
    /// management account and becomes a role in each assigned account, where the template's own
    /// account id would name the wrong resources (a Deny of them would protect nothing).
    pub fn in_every_account(mut self) -> Self {
        for s in &mut self.statement {
            if let Some(Resources::Resource(r) | Resources::NotResource(r)) = &mut s.resources {
                for e in r.iter_mut() {
                    if let Expr::Sub(text, vars) = e {
                        if !vars.contains_key("AWS::AccountId") {
                            *text = text.replace("${AWS::AccountId}", "*");
                        }
                    }
                }
            }
        }
        self
    }
}

/// Allow or Deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Effect {
    /// Grants the actions.
    Allow,
    /// Refuses the actions, whatever else allows them.
    Deny,
}

/// `Action` (these actions) or `NotAction` (every action but these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Actions {
    /// The listed actions.
    Action(Vec<String>),
    /// Every action except the listed ones.
    NotAction(Vec<String>),
}

/// `Resource` (these resources) or `NotResource` (every resource but these).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Resources {
    /// The listed resources.
    Resource(Vec<Expr>),
    /// Every resource except the listed ones.
    NotResource(Vec<Expr>),
}

/// Who a resource-based or trust policy statement applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum Principal {
    /// Anyone (`"*"`).
    Any,
    /// AWS accounts, users or roles.
    Aws(Vec<Expr>),
    /// AWS services, e.g. `cloudtrail.amazonaws.com`.
    Service(Vec<Expr>),
}

impl Serialize for Principal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Principal::Any => s.serialize_str("*"),
            Principal::Aws(arns) => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("AWS", arns)?;
                map.end()
            }
            Principal::Service(names) => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("Service", names)?;
                map.end()
            }
        }
    }
}

impl Principal {
    /// Principals of this account only (`arn:<partition>:iam::<account>:root`).
    pub fn this_account() -> Self {
        Principal::Aws(vec![sub(
            "arn:${AWS::Partition}:iam::${AWS::AccountId}:root",
        )])
    }

    /// One AWS service.
    pub fn service(name: impl Into<Expr>) -> Self {
        Principal::Service(vec![name.into()])
    }
}

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    #[serde(skip_serializing_if = "Option::is_none")]
    sid: Option<String>,
    effect: Effect,
    #[serde(skip_serializing_if = "Option::is_none")]
    principal: Option<Principal>,
    #[serde(flatten)]
    actions: Actions,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    resources: Option<Resources>,
    #[serde(skip_serializing_if = "Condition::is_empty")]
    condition: Condition,
}

fn owned<S: AsRef<str>>(actions: impl IntoIterator<Item = S>) -> Vec<String> {
    actions.into_iter().map(|a| a.as_ref().to_owned()).collect()
}

impl Statement {
    fn with(effect: Effect, actions: Actions) -> Self {
        Statement {
            sid: None,
            effect,
            principal: None,
            actions,
            resources: None,
            condition: Condition::default(),
        }
    }

    /// Allows the listed actions.
    pub fn allow<S: AsRef<str>>(actions: impl IntoIterator<Item = S>) -> Self {
        Self::with(Effect::Allow, Actions::Action(owned(actions)))
    }

    /// Denies the listed actions.
    pub fn deny<S: AsRef<str>>(actions: impl IntoIterator<Item = S>) -> Self {
        Self::with(Effect::Deny, Actions::Action(owned(actions)))
    }

    /// Denies every action except the listed ones.
    pub fn deny_all_except<S: AsRef<str>>(actions: impl IntoIterator<Item = S>) -> Self {
        Self::with(Effect::Deny, Actions::NotAction(owned(actions)))
    }

    /// Names the statement.
    pub fn sid(mut self, sid: &str) -> Self {
        self.sid = Some(sid.to_owned());
        self
    }

    /// Applies to the listed resources.
    pub fn on<E: Into<Expr>>(mut self, resources: impl IntoIterator<Item = E>) -> Self {
        self.resources = Some(Resources::Resource(
            resources.into_iter().map(Into::into).collect(),
        ));
        self
    }

    /// Applies to every resource (`"*"`).
    pub fn on_all(self) -> Self {
        self.on(["*"])
    }

    /// Applies to every resource except the listed ones.
    pub fn not_on<E: Into<Expr>>(mut self, resources: impl IntoIterator<Item = E>) -> Self {
        self.resources = Some(Resources::NotResource(
            resources.into_iter().map(Into::into).collect(),
        ));
        self
    }

    /// Sets the principal (resource-based and trust policies).
    pub fn principal(mut self, principal: Principal) -> Self {
        self.principal = Some(principal);
        self
    }

    /// Adds a condition; all conditions must hold.
    pub fn when(mut self, condition: Condition) -> Self {
        self.condition = std::mem::take(&mut self.condition).and(condition);
        self
    }

    /// The effect.
    pub fn effect(&self) -> Effect {
        self.effect
    }

    /// The actions or not-actions.
    pub fn actions(&self) -> &Actions {
        &self.actions
    }

    /// The resources or not-resources, if any.
    pub fn resources(&self) -> Option<&Resources> {
        self.resources.as_ref()
    }

    /// The condition block.
    pub fn condition(&self) -> &Condition {
        &self.condition
    }
}

/// The ARN of the calling IAM user in this account (`user/${aws:username}`).
///
/// Users must sit at path `/`: `${aws:username}` carries no path, and a wildcard before it would
/// also match other users whose names end the same way.
pub fn own_user_arn() -> Expr {
    own_iam_arn("user")
}

/// The ARN of the calling user's virtual MFA device (`mfa/${aws:username}`).
pub fn own_mfa_arn() -> Expr {
    own_iam_arn("mfa")
}

/// `arn:<partition>:iam::<account>:<kind>/${aws:username}`, joined rather than substituted: the
/// policy variable must reach IAM as written, and a `${!…}` escape inside `Fn::Sub` is mishandled
/// by some CloudFormation implementations (LocalStack reads it as a resource reference).
fn own_iam_arn(kind: &str) -> Expr {
    join(
        "",
        [
            "arn:".into(),
            partition(),
            ":iam::".into(),
            account_id(),
            format!(":{kind}/${{aws:username}}").into(),
        ],
    )
}

/// Denies everything but `exceptions` to requests without MFA (long-term keys included).
pub fn deny_unless_mfa<S: AsRef<str>>(exceptions: impl IntoIterator<Item = S>) -> Statement {
    Statement::deny_all_except(exceptions)
        .on_all()
        .when(mfa_absent())
}

/// Denies `actions` on `resources` to anyone sending the request without TLS.
pub fn deny_insecure_transport<E: Into<Expr>>(
    actions: &[&str],
    resources: impl IntoIterator<Item = E>,
) -> Statement {
    Statement::deny(actions)
        .sid("DenyInsecureTransport")
        .principal(Principal::Any)
        .on(resources)
        .when(insecure_transport())
}
