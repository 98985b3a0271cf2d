//! `hydrate check`: proves the baseline's access rules by evaluating the rendered IAM policies
//! locally (no AWS): who can assume which role and with what MFA, who can touch IAM and the audit
//! trail, what a self-edit member can do before and after MFA, and that nothing allows `*:*`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::iam::eval::{evaluate, Decision, NamedPolicy, Request};

/// Intrinsic functions of a rendered template turned into the strings CloudFormation would make.
struct Resolver<'a> {
    template: &'a Value,
    account: &'a str,
    region: &'a str,
}

impl Resolver<'_> {
    fn props(&self, id: &str) -> &Value {
        &self.template["Resources"][id]["Properties"]
    }

    fn kind(&self, id: &str) -> &str {
        self.template["Resources"][id]["Type"]
            .as_str()
            .unwrap_or_default()
    }

    fn reference(&self, name: &str) -> String {
        match name {
            "AWS::AccountId" => self.account.to_owned(),
            "AWS::Partition" => "aws".to_owned(),
            "AWS::Region" => self.region.to_owned(),
            "AWS::URLSuffix" => "amazonaws.com".to_owned(),
            _ => {
                let p = self.props(name);
                let named = [
                    "RoleName",
                    "GroupName",
                    "TopicName",
                    "LogGroupName",
                    "BucketName",
                    "TrailName",
                ]
                .iter()
                .find_map(|k| p[*k].as_str());
                named.map_or_else(|| name.to_lowercase(), str::to_owned)
            }
        }
    }

    fn arn(&self, id: &str) -> String {
        let p = self.props(id);
        let name = self.reference(id);
        let path = p["Path"].as_str().unwrap_or("/");
        let (account, region) = (self.account, self.region);
        match self.kind(id) {
            "AWS::IAM::Role" => format!("arn:aws:iam::{account}:role{path}{name}"),
            "AWS::IAM::Group" => format!("arn:aws:iam::{account}:group{path}{name}"),
            "AWS::Logs::LogGroup" => format!("arn:aws:logs:{region}:{account}:log-group:{name}:*"),
            "AWS::S3::Bucket" => format!("arn:aws:s3:::{name}"),
            "AWS::SNS::Topic" => format!("arn:aws:sns:{region}:{account}:{name}"),
            "AWS::CloudTrail::Trail" => {
                format!("arn:aws:cloudtrail:{region}:{account}:trail/{name}")
            }
            "AWS::KMS::Key" => format!("arn:aws:kms:{region}:{account}:key/{}", id.to_lowercase()),
            other => format!("arn:aws:{other}:{region}:{account}:{name}"),
        }
    }

    fn sub(&self, text: &str, vars: &serde_json::Map<String, Value>) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else { break };
            let name = &after[..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str(&format!("${{{literal}}}"));
            } else if let Some(v) = vars.get(name) {
                out.push_str(&self.string(v));
            } else if let Some((id, _)) = name.split_once('.') {
                out.push_str(&self.arn(id));
            } else {
                out.push_str(&self.reference(name));
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    fn string(&self, v: &Value) -> String {
        match self.resolve(v) {
            Value::String(s) => s,
            other => other.to_string(),
        }
    }

    fn resolve(&self, v: &Value) -> Value {
        match v {
            Value::Object(m) if m.len() == 1 => {
                let (key, arg) = m
                    .iter()
                    .next()
                    .map(|(k, a)| (k.as_str(), a))
                    .unwrap_or(("", v));
                match key {
                    "Ref" => Value::String(self.reference(arg.as_str().unwrap_or_default())),
                    "Fn::GetAtt" => Value::String(self.arn(arg[0].as_str().unwrap_or_default())),
                    "Fn::Sub" => match arg {
                        Value::String(t) => Value::String(self.sub(t, &Default::default())),
                        Value::Array(parts) => Value::String(self.sub(
                            parts[0].as_str().unwrap_or_default(),
                            parts[1].as_object().unwrap_or(&Default::default()),
                        )),
                        _ => Value::Null,
                    },
                    "Fn::Join" => Value::String(
                        arg[1]
                            .as_array()
                            .map(|parts| parts.iter().map(|p| self.string(p)).collect::<Vec<_>>())
                            .unwrap_or_default()
                            .join(arg[0].as_str().unwrap_or_default()),
                    ),
                    _ => Value::Object(
                        m.iter()
                            .map(|(k, v)| (k.clone(), self.resolve(v)))
                            .collect(),
                    ),
                }
            }
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), self.resolve(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|i| self.resolve(i)).collect()),
            other => other.clone(),
        }
    }
}

/// A role or group of the baseline with its resolved policies.
#[derive(Debug, Clone)]
struct Identity {
    stack: String,
    id: String,
    kind: String,
    arn: String,
    policies: Vec<NamedPolicy>,
    trust: Option<NamedPolicy>,
}

/// The identities (roles, groups) of rendered templates, intrinsics resolved; also AWS managed
/// policies met on the way, which are opaque to a local evaluator.
fn identities(
    templates: &BTreeMap<String, Value>,
    account: &str,
    region: &str,
) -> (Vec<Identity>, Vec<String>) {
    let mut out = Vec::new();
    let mut opaque = Vec::new();
    for (stack, template) in templates {
        let r = Resolver {
            template,
            account,
            region,
        };
        let resources = template["Resources"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for (id, res) in &resources {
            let kind = res["Type"].as_str().unwrap_or_default();
            if kind != "AWS::IAM::Role" && kind != "AWS::IAM::Group" {
                continue;
            }
            let props = &res["Properties"];
            let mut policies: Vec<NamedPolicy> = props["Policies"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| NamedPolicy {
                    name: format!(
                        "{stack}.{id}/{}",
                        p["PolicyName"].as_str().unwrap_or("inline")
                    ),
                    document: r.resolve(&p["PolicyDocument"]),
                })
                .collect();
            // Customer-managed policies attached to this identity.
            let attach_key = if kind == "AWS::IAM::Role" {
                "Roles"
            } else {
                "Groups"
            };
            for (pid, p) in &resources {
                let attached = p["Properties"][attach_key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|t| t.get("Ref").and_then(Value::as_str) == Some(id));
                if p["Type"] == "AWS::IAM::ManagedPolicy" && attached {
                    policies.push(NamedPolicy {
                        name: format!("{stack}.{pid}"),
                        document: r.resolve(&p["Properties"]["PolicyDocument"]),
                    });
                }
            }
            for arn in props["ManagedPolicyArns"].as_array().into_iter().flatten() {
                opaque.push(format!(
                    "{stack}.{id}: {} (an AWS managed policy, not evaluated)",
                    r.string(arn)
                ));
            }
            out.push(Identity {
                stack: stack.clone(),
                id: id.clone(),
                kind: kind.to_owned(),
                arn: r.arn(id),
                trust: (kind == "AWS::IAM::Role").then(|| NamedPolicy {
                    name: format!("{stack}.{id}/trust"),
                    document: r.resolve(&props["AssumeRolePolicyDocument"]),
                }),
                policies,
            });
        }
    }
    (out, opaque)
}

/// What a rule expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// Allowed.
    Allow,
    /// Denied (explicitly or implicitly).
    Deny,
    /// Not explicitly denied (for actions that need no permission, such as `sts:GetSessionToken`).
    NotDenied,
}

/// One cell of the access matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Who asks.
    pub principal: String,
    /// The action.
    pub action: String,
    /// On what.
    pub resource: String,
    /// What the baseline's rules require.
    pub expect: Expect,
    /// What the policies decide: `allow`, `deny` or `implicit deny`.
    pub got: String,
    /// The statement(s) that decided.
    pub by: Option<String>,
    /// Whether the decision meets the rule.
    pub ok: bool,
}

/// The result of a check.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Every evaluated cell.
    pub cells: Vec<Cell>,
    /// Statements that allow every action on every resource.
    pub star_star: Vec<String>,
    /// Policies the evaluator cannot read.
    pub opaque: Vec<String>,
}

impl Report {
    /// The cells that break a rule, and the `*:*` statements, as messages.
    pub fn violations(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .cells
            .iter()
            .filter(|c| !c.ok)
            .map(|c| {
                let by =
                    c.by.as_deref()
                        .map(|b| format!(" by {b}"))
                        .unwrap_or_default();
                format!(
                    "{} {} {} on {}: expected {}, got {}{by}",
                    c.principal,
                    if c.got == "allow" { "can" } else { "cannot" },
                    c.action,
                    c.resource,
                    match c.expect {
                        Expect::Allow => "allow",
                        Expect::Deny => "deny",
                        Expect::NotDenied => "not denied",
                    },
                    c.got
                )
            })
            .collect();
        out.extend(
            self.star_star
                .iter()
                .map(|s| format!("{s} allows every action on every resource (*:*)")),
        );
        out
    }
}

fn decide(policies: &[NamedPolicy], request: &Request) -> (String, Option<String>, bool, bool) {
    match evaluate(policies, request) {
        Decision::Allow(s) => ("allow".into(), Some(s.to_string()), true, false),
        Decision::Deny(s) => ("deny".into(), Some(s.to_string()), false, true),
        Decision::ImplicitDeny => ("implicit deny".into(), None, false, false),
    }
}

fn cell(
    principal: &str,
    action: &str,
    resource: &str,
    expect: Expect,
    policies: &[NamedPolicy],
    request: &Request,
) -> Cell {
    let (got, by, allowed, denied) = decide(policies, request);
    let ok = match expect {
        Expect::Allow => allowed,
        Expect::Deny => !allowed,
        Expect::NotDenied => !denied,
    };
    Cell {
        principal: principal.to_owned(),
        action: action.to_owned(),
        resource: resource.to_owned(),
        expect,
        got,
        by,
        ok,
    }
}

/// A role session: assumed with MFA a minute ago, in the account's region, over TLS.
fn session(action: &str, resource: &str, region: &str) -> Request {
    Request::new(action, resource)
        .with("aws:MultiFactorAuthPresent", "true")
        .with("aws:MultiFactorAuthAge", "60")
        .with("aws:RequestedRegion", region)
        .with("aws:SecureTransport", "true")
}

fn level_of(id: &str) -> String {
    id.trim_end_matches("Role")
        .trim_end_matches("Group")
        .to_lowercase()
}

/// Checks the rendered templates of an account (template name → JSON).
pub fn check_templates(templates: &BTreeMap<String, Value>, account: &str, region: &str) -> Report {
    let (ids, opaque) = identities(templates, account, region);
    let mut cells = Vec::new();
    let alice = format!("arn:aws:iam::{account}:user/alice");
    let roles: Vec<&Identity> = ids
        .iter()
        .filter(|i| i.kind == "AWS::IAM::Role" && i.stack == "iamSetup")
        .collect();
    let groups: Vec<&Identity> = ids
        .iter()
        .filter(|i| i.kind == "AWS::IAM::Group" && i.stack == "iamSetup")
        .collect();

    // 1. Who may assume which role: both the group's policy and the role's trust must allow it.
    for group in &groups {
        for role in &roles {
            let Some(trust) = &role.trust else { continue };
            let own = level_of(&group.id) == "admin"
                || level_of(&role.id) == level_of(&group.id)
                || level_of(&role.id) == "readonly";
            let limit = trust.document["Statement"]
                .as_array()
                .into_iter()
                .flatten()
                .find_map(|s| {
                    s["Condition"]["NumericLessThan"]["aws:MultiFactorAuthAge"]
                        .as_str()
                        .and_then(|v| v.parse::<u64>().ok())
                });
            let who = format!("user in {}", group.id);
            let scenarios: Vec<(&str, Request, Expect)> = vec![
                (
                    "with recent MFA",
                    Request::new("sts:AssumeRole", &role.arn)
                        .by(&alice)
                        .with("aws:MultiFactorAuthPresent", "true")
                        .with("aws:MultiFactorAuthAge", "60"),
                    if own { Expect::Allow } else { Expect::Deny },
                ),
                (
                    "without MFA",
                    Request::new("sts:AssumeRole", &role.arn).by(&alice),
                    Expect::Deny,
                ),
                (
                    "with MFA past the age limit",
                    Request::new("sts:AssumeRole", &role.arn)
                        .by(&alice)
                        .with("aws:MultiFactorAuthPresent", "true")
                        .with(
                            "aws:MultiFactorAuthAge",
                            &(limit.unwrap_or(u64::MAX / 2) + 1).to_string(),
                        ),
                    Expect::Deny,
                ),
            ];
            for (label, request, expect) in scenarios {
                let (g_got, g_by, g_allowed, g_denied) = decide(&group.policies, &request);
                let (t_got, t_by, t_allowed, t_denied) =
                    decide(std::slice::from_ref(trust), &request);
                let allowed = g_allowed && t_allowed;
                let ok = match expect {
                    Expect::Allow => allowed,
                    _ => !allowed,
                };
                let by = if allowed {
                    // An allow needs both: name the two statements that let it through.
                    Some(format!(
                        "{} and {}",
                        g_by.unwrap_or_default(),
                        t_by.unwrap_or_default()
                    ))
                } else if expect == Expect::Allow {
                    Some(format!("group: {g_got}, trust: {t_got}"))
                } else if g_denied {
                    g_by
                } else if t_denied {
                    t_by
                } else if !g_allowed {
                    Some("the group's policies grant no such assumption".to_owned())
                } else {
                    Some(format!("{}'s trust policy does not admit it", role.id))
                };
                cells.push(Cell {
                    principal: who.clone(),
                    action: format!("sts:AssumeRole {} {label}", role.id),
                    resource: role.arn.clone(),
                    expect,
                    got: if allowed {
                        "allow".into()
                    } else {
                        "deny".into()
                    },
                    by,
                    ok,
                });
            }
            if limit.is_none() {
                cells.push(Cell {
                    principal: role.id.clone(),
                    action: "sts:AssumeRole".into(),
                    resource: role.arn.clone(),
                    expect: Expect::Deny,
                    got: "no MFA age limit".into(),
                    by: Some(trust.name.clone()),
                    ok: false,
                });
            }
        }
    }

    // 2. IAM and the audit trail: only admin may change them.
    let trail = templates.get("cloudTrail").map(|t| Resolver {
        template: t,
        account,
        region,
    });
    let arn_or = |id: &str, fallback: String| {
        trail
            .as_ref()
            .filter(|r| r.template["Resources"].get(id).is_some())
            .map_or(fallback, |r| r.arn(id))
    };
    let trail_arn = arn_or(
        "Trail",
        format!("arn:aws:cloudtrail:{region}:{account}:trail/hydrate-management-events"),
    );
    let bucket_arn = arn_or("TrailBucket", "arn:aws:s3:::hydrate-trail-bucket".into());
    let log_group_arn = arn_or(
        "TrailLogGroup",
        format!("arn:aws:logs:{region}:{account}:log-group:/hydrate/cloudtrail:*"),
    );
    let sensitive = [
        (
            "iam:CreateUser",
            format!("arn:aws:iam::{account}:user/mallory"),
        ),
        (
            "iam:PutRolePolicy",
            format!("arn:aws:iam::{account}:role/any"),
        ),
        (
            "iam:AttachRolePolicy",
            format!("arn:aws:iam::{account}:role/any"),
        ),
        ("cloudtrail:StopLogging", trail_arn.clone()),
        ("cloudtrail:DeleteTrail", trail_arn.clone()),
        ("cloudtrail:UpdateTrail", trail_arn),
        ("s3:DeleteBucket", bucket_arn),
        ("logs:DeleteLogGroup", log_group_arn),
    ];
    for role in &roles {
        let admin = level_of(&role.id) == "admin";
        for (action, resource) in &sensitive {
            let expect =
                if admin && (action.starts_with("iam:") || action.starts_with("cloudtrail:")) {
                    Expect::Allow
                } else if admin {
                    Expect::NotDenied
                } else {
                    Expect::Deny
                };
            cells.push(cell(
                &role.id,
                action,
                resource,
                expect,
                &role.policies,
                &session(action, resource, region),
            ));
        }
    }

    // 3. Self-edit members: their own credentials only; nothing but MFA set-up before MFA.
    if let Some(member) = ids
        .iter()
        .find(|i| i.stack == "selfEdit" && i.kind == "AWS::IAM::Group")
    {
        let own_user = alice.clone();
        let other_user = format!("arn:aws:iam::{account}:user/bob");
        let own_mfa = format!("arn:aws:iam::{account}:mfa/alice");
        let as_alice = |action: &str, resource: &str, mfa: bool| {
            let r = Request::new(action, resource)
                .with("aws:username", "alice")
                .by(&alice);
            if mfa {
                r.with("aws:MultiFactorAuthPresent", "true")
                    .with("aws:MultiFactorAuthAge", "60")
            } else {
                r
            }
        };
        let without = "self-edit member without MFA";
        let with = "self-edit member with MFA";
        let rows: Vec<(&str, &str, String, bool, Expect)> = vec![
            (
                without,
                "iam:CreateVirtualMFADevice",
                own_mfa.clone(),
                false,
                Expect::Allow,
            ),
            (
                without,
                "iam:EnableMFADevice",
                own_user.clone(),
                false,
                Expect::Allow,
            ),
            (
                without,
                "iam:ChangePassword",
                own_user.clone(),
                false,
                Expect::Allow,
            ),
            (
                without,
                "sts:GetSessionToken",
                "*".into(),
                false,
                Expect::NotDenied,
            ),
            (
                without,
                "iam:CreateAccessKey",
                own_user.clone(),
                false,
                Expect::Deny,
            ),
            (
                without,
                "iam:DeactivateMFADevice",
                own_user.clone(),
                false,
                Expect::Deny,
            ),
            (
                without,
                "s3:ListAllMyBuckets",
                "*".into(),
                false,
                Expect::Deny,
            ),
            (without, "iam:ListUsers", "*".into(), false, Expect::Deny),
            (
                with,
                "iam:CreateAccessKey",
                own_user.clone(),
                true,
                Expect::Allow,
            ),
            (
                with,
                "iam:CreateAccessKey",
                other_user.clone(),
                true,
                Expect::Deny,
            ),
            (
                with,
                "iam:ChangePassword",
                other_user.clone(),
                true,
                Expect::Deny,
            ),
            (
                with,
                "iam:DeactivateMFADevice",
                other_user.clone(),
                true,
                Expect::Deny,
            ),
            (
                with,
                "iam:DeactivateMFADevice",
                own_user.clone(),
                true,
                Expect::Allow,
            ),
            (with, "iam:CreateUser", other_user, true, Expect::Deny),
        ];
        for (who, action, resource, mfa, expect) in rows {
            cells.push(cell(
                who,
                action,
                &resource,
                expect,
                &member.policies,
                &as_alice(action, &resource, mfa),
            ));
        }
    }

    // 4. No statement anywhere allows every action on every resource.
    let mut star_star = Vec::new();
    for identity in &ids {
        for policy in &identity.policies {
            for (i, s) in policy.document["Statement"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                let all = |key: &str| match &s[key] {
                    Value::String(v) => v == "*",
                    Value::Array(items) => items.iter().any(|v| v == "*"),
                    _ => false,
                };
                if s["Effect"] == "Allow" && all("Action") && all("Resource") {
                    let sid = s["Sid"]
                        .as_str()
                        .map_or_else(|| format!("#{}", i + 1), str::to_owned);
                    star_star.push(format!("{} statement {sid}", policy.name));
                }
            }
        }
    }
    Report {
        cells,
        star_star,
        opaque,
    }
}

/// Checks an account directory: its catalog stacks, rendered with their options.
pub fn check_account(account: &crate::params::AccountDir) -> Report {
    let templates: BTreeMap<String, Value> = account
        .stacks
        .iter()
        .filter_map(|s| match &s.source {
            crate::params::TemplateSource::Catalog { name, .. } => Some((
                (*name).to_owned(),
                serde_json::from_str(&s.template_body).ok()?,
            )),
            crate::params::TemplateSource::File(_) => None,
        })
        .collect();
    check_templates(&templates, &account.vars.id, &account.vars.region)
}
