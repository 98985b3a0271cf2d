//! The baseline against its own users: every action that would remove, blind or silence one of the
//! baseline's resources (`iam::tamper`), asked of every non-admin role that a person can assume,
//! on each resource as the account's templates render it. Each one must be denied.

use serde_json::Value;

use super::outcome::{decide, decide_on, judged};
use super::scope::{level_of, session_of, Scope};
use crate::check::identities::Identity;
use crate::check::report::{Cell, Expect};
use crate::check::resolve::Resolver;
use crate::iam::eval::{NamedPolicy, Request, ResourceKind, ResourcePolicy};
use crate::iam::tamper::{Guarded, GUARDED, IAM_WRITES_ASKED, KEY_ALIASES};

/// One baseline resource as a request names it.
pub(super) struct Target {
    pub(super) kind: Guarded,
    /// The resource ARN (or `*` where IAM knows no resource).
    pub(super) resource: String,
    /// Context keys the request carries for it (a key's aliases, a metric's namespace).
    pub(super) context: Vec<(&'static str, String)>,
    /// Its own policy (key, bucket or topic policy), evaluated with the caller's.
    pub(super) policy: Option<ResourcePolicy>,
}

/// The tamper cells of every non-admin role or permission set a person can take on (each
/// denied), and of iamSetup's admin role on the resources whose own policies deny tampering (not
/// denied: no lock-out). An Identity Center admin is, like the admin role, not asked the rest.
pub(crate) fn cells(scope: &Scope<'_>) -> Vec<Cell> {
    let targets = targets(scope);
    let mut cells = Vec::new();
    // The lock-out cells are iamSetup's admin role's: the one role the key, bucket and topic
    // policies exempt (an Identity Center admin is not exempt: README says so).
    let admin = scope
        .roles()
        .into_iter()
        .find(|r| r.stack == "iamSetup" && level_of(&r.id) == "admin");
    // (who, expected, only the resources with a policy of their own)
    let askers = people_roles(scope)
        .into_iter()
        .map(|r| (r, Expect::Deny, false))
        .chain(admin.map(|r| (r, Expect::NotDenied, true)));
    for (role, expect, policy_only) in askers {
        let guarded = targets
            .iter()
            .filter(|t| !policy_only || t.policy.is_some());
        for target in guarded {
            for action in target.kind.actions() {
                let request = target.context.iter().fold(
                    as_role(role, action, &target.resource, scope.region),
                    |r, (k, v)| r.with(k, v),
                );
                let outcome = match &target.policy {
                    Some(policy) => decide_on(&role.policies, policy, &request),
                    None => decide(&role.policies, &request),
                };
                let mut c = judged(&role.id, action, &target.resource, expect, outcome);
                c.group = Some(target.kind.label().to_owned());
                cells.push(c);
            }
        }
        if !policy_only {
            let any_role = format!("arn:aws:iam::{}:role/any", scope.account);
            for action in IAM_WRITES_ASKED {
                let request = as_role(role, action, &any_role, scope.region);
                let mut c = judged(
                    &role.id,
                    action,
                    &any_role,
                    expect,
                    decide(&role.policies, &request),
                );
                c.group = Some("iam".to_owned());
                cells.push(c);
            }
        }
    }
    cells
}

/// A session of `role`: the role's ARN as `aws:PrincipalArn`, as the resource policies read it.
fn as_role(role: &Identity, action: &str, resource: &str, region: &str) -> Request {
    let session_arn = role
        .arn
        .split_once(":role/")
        .map(|(head, path)| {
            let name = path.rsplit('/').next().unwrap_or(path);
            format!(
                "{}:assumed-role/{name}/alice",
                head.replace(":iam:", ":sts:")
            )
        })
        .unwrap_or_else(|| role.arn.clone());
    session_of(role, action, resource, region)
        .with("aws:PrincipalArn", &role.arn)
        .by(&session_arn)
}

/// Roles a person assumes, admin's excepted: every `iamSetup` level and `identityCenter`
/// permission set but admin, and any role of another template whose trust policy admits an AWS
/// principal.
fn people_roles<'a>(scope: &Scope<'a>) -> Vec<&'a Identity> {
    scope
        .identities
        .iter()
        .filter(|i| i.is_role() || i.is_permission_set())
        .filter(|i| {
            if i.stack == "iamSetup" || i.is_permission_set() {
                level_of(&i.id) != "admin"
            } else {
                i.trust
                    .as_ref()
                    .is_some_and(|t| t.document.to_string().contains("\"AWS\""))
            }
        })
        .collect()
}

/// Every baseline resource of the account's templates, with its kind.
pub(super) fn targets(scope: &Scope<'_>) -> Vec<Target> {
    let (account, region) = (scope.account, scope.region);
    let everywhere = |kind| Target {
        kind,
        resource: "*".to_owned(),
        context: Vec::new(),
        policy: None,
    };
    let mut out = Vec::new();
    for (name, template) in scope.templates {
        let r = Resolver::new(template, account, region).in_stack(&format!("hydrate-{name}"));
        let resources = template["Resources"].as_object().into_iter().flatten();
        for (id, resource) in resources {
            let props = &resource["Properties"];
            let at = |kind, resource: String| Target {
                kind,
                resource,
                context: Vec::new(),
                policy: None,
            };
            let own = |kind, (policy_id, document): (&str, &Value)| ResourcePolicy {
                policy: NamedPolicy {
                    name: format!("{name}.{policy_id}"),
                    document: r.resolve(document),
                },
                account: account.to_owned(),
                kind,
            };
            match resource["Type"].as_str().unwrap_or_default() {
                "AWS::CloudTrail::Trail" => out.push(at(Guarded::Trail, r.arn(id))),
                "AWS::S3::Bucket" => {
                    let bucket = r.arn(id);
                    let policy = policy_of(template, "AWS::S3::BucketPolicy", "Bucket", id)
                        .map(|p| own(ResourceKind::Other, p));
                    out.push(Target {
                        policy: policy.clone(),
                        ..at(Guarded::Bucket, bucket.clone())
                    });
                    out.push(Target {
                        policy,
                        ..at(
                            Guarded::BucketObjects,
                            format!("{bucket}/AWSLogs/{account}/CloudTrail/log.json.gz"),
                        )
                    });
                }
                "AWS::KMS::Key" => out.push(Target {
                    kind: Guarded::Key,
                    resource: r.arn(id),
                    context: aliases_of(template, id, &r)
                        .into_iter()
                        .map(|a| (KEY_ALIASES, a))
                        .collect(),
                    policy: Some(own(ResourceKind::KmsKey, (id, &props["KeyPolicy"]))),
                }),
                "AWS::KMS::Alias" => out.push(at(
                    Guarded::KeyAlias,
                    format!(
                        "arn:aws:kms:{region}:{account}:{}",
                        r.string(&props["AliasName"])
                    ),
                )),
                "AWS::Logs::LogGroup" => out.push(at(Guarded::LogGroup, r.arn(id))),
                "AWS::CloudWatch::Alarm" => {
                    out.push(at(Guarded::Alarm, r.arn(id)));
                    out.push(Target {
                        context: vec![("cloudwatch:namespace", r.string(&props["Namespace"]))],
                        ..everywhere(Guarded::MetricData)
                    });
                }
                "AWS::SNS::Topic" => out.push(Target {
                    policy: policy_of(template, "AWS::SNS::TopicPolicy", "Topics", id)
                        .map(|p| own(ResourceKind::Other, p)),
                    ..at(Guarded::Topic, r.arn(id))
                }),
                "AWS::Events::Rule" => out.push(at(Guarded::Rule, r.arn(id))),
                "AWS::GuardDuty::Detector" => out.push(at(Guarded::Detector, r.arn(id))),
                "AWS::Budgets::Budget" => out.push(at(Guarded::Budget, r.arn(id))),
                // Config's recorder and channel actions take no resource: asked on `*`.
                "AWS::Config::ConfigurationRecorder" => {
                    out.push(everywhere(Guarded::ConfigRecorder))
                }
                "AWS::Config::DeliveryChannel" => out.push(everywhere(Guarded::DeliveryChannel)),
                "AWS::AccessAnalyzer::Analyzer" => out.push(everywhere(Guarded::Analyzer)),
                "AWS::SecurityHub::Hub" => out.push(at(
                    Guarded::SecurityHub,
                    format!("arn:aws:securityhub:{region}:{account}:hub/default"),
                )),
                _ => {}
            }
        }
        out.push(at_stack(account, region, name));
    }
    // The template bucket bootstrap makes (its policy is bootstrap's, not a template's).
    let templates = format!("arn:aws:s3:::hydrate-templates-{account}-{region}");
    out.push(Target {
        resource: format!("{templates}/{account}/iamSetup/0123abcd.json"),
        ..everywhere(Guarded::BucketObjects)
    });
    out.push(Target {
        resource: templates,
        ..everywhere(Guarded::Bucket)
    });
    // Bootstrap's account settings: the EC2 defaults (every region) and the S3 account block;
    // their actions take no resource.
    out.push(everywhere(Guarded::Ec2Defaults));
    out.push(everywhere(Guarded::S3AccountBlock));
    if out.iter().any(|t| t.kind == Guarded::Rule) {
        out.push(Target {
            resource: format!("arn:aws:events:{region}:{account}:event-bus/default"),
            ..everywhere(Guarded::EventBus)
        });
    }
    if out.iter().any(|t| t.kind == Guarded::LogGroup) {
        out.push(everywhere(Guarded::LogsAccount));
    }
    // Where the templates make permission sets, who may change them or their assignments.
    let permission_sets = scope.templates.values().any(|t| {
        t["Resources"]
            .as_object()
            .is_some_and(|r| r.values().any(|x| x["Type"] == "AWS::SSO::PermissionSet"))
    });
    if permission_sets {
        out.push(everywhere(Guarded::IdentityCenter));
    }
    if out.iter().any(|t| t.kind == Guarded::Topic) {
        out.push(everywhere(Guarded::Subscription));
    }
    // Same alarm namespace everywhere: one metric-data target per namespace is enough.
    out.sort_by_key(|t| GUARDED.iter().position(|k| *k == t.kind));
    out.dedup_by(|a, b| {
        a.kind == Guarded::MetricData && a.kind == b.kind && a.context == b.context
    });
    out
}

/// The policy resource of `kind` whose `field` refers to resource `id`: its logical id and document.
fn policy_of<'t>(
    template: &'t Value,
    kind: &str,
    field: &str,
    id: &str,
) -> Option<(&'t str, &'t Value)> {
    let refers = |v: &Value| match v {
        Value::Array(items) => items.iter().any(|i| i["Ref"] == id),
        other => other["Ref"] == id,
    };
    template["Resources"]
        .as_object()?
        .iter()
        .find(|(_, res)| res["Type"] == kind && refers(&res["Properties"][field]))
        .map(|(policy_id, res)| (policy_id.as_str(), &res["Properties"]["PolicyDocument"]))
}

fn at_stack(account: &str, region: &str, template: &str) -> Target {
    Target {
        policy: None,
        kind: Guarded::Stack,
        resource: format!("arn:aws:cloudformation:{region}:{account}:stack/hydrate-{template}/1"),
        context: Vec::new(),
    }
}

/// The alias names of the template that point at key `id`.
fn aliases_of(template: &Value, id: &str, r: &Resolver<'_>) -> Vec<String> {
    template["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, res)| res["Type"] == "AWS::KMS::Alias")
        .filter(|(_, res)| res["Properties"]["TargetKeyId"]["Ref"] == id)
        .map(|(_, res)| r.string(&res["Properties"]["AliasName"]))
        .collect()
}
