//! The users and policies (CIS v5.0 1.9, 1.14, 1.15): console users without MFA, permissions
//! only through groups, no `*:*` customer policy attached. Every read is a List/Get call; the
//! credential report is not used (generating it is a write).

use serde_json::Value;

use super::super::aws::Aws;
use super::super::aws_error::{classify, AwsError};
use super::super::drift::policy_document;
use super::control::{Control, Spec, GLOBAL};
use super::listed;

/// 1.9.
pub const CONSOLE_MFA: Spec = Spec {
    name: "console-users-mfa",
    cis: "1.9",
    cis_v1_4: "",
    title: "MFA is enabled for every IAM user with a console password",
    fix: "each listed user enables MFA (iamSetup's self-edit group allows nothing else until then); `hydrate audit mfa` lists them",
};
/// 1.14.
pub const GROUPS_ONLY: Spec = Spec {
    name: "permissions-through-groups",
    cis: "1.14",
    cis_v1_4: "",
    title: "IAM users receive permissions only through groups",
    fix: "detach the users' own policies and add them to iamSetup's groups",
};
/// 1.15.
pub const NO_STAR_STAR: Spec = Spec {
    name: "no-admin-star-policy",
    cis: "1.15",
    cis_v1_4: "",
    title: "no IAM policy allowing full \"*:*\" privileges is attached",
    fix: "detach the policy or narrow its statement (hydrate's own policies: `hydrate check`)",
};

/// What one user has.
struct UserFacts {
    name: String,
    console: bool,
    mfa: bool,
    own_policies: usize,
}

async fn user_facts(aws: &Aws, name: String) -> Result<UserFacts, AwsError> {
    let console = match aws.iam.get_login_profile().user_name(&name).send().await {
        Ok(_) => true,
        Err(e) => {
            let e = classify("iam:GetLoginProfile", e);
            if e.code() != Some("NoSuchEntity") {
                return Err(e);
            }
            false
        }
    };
    let mfa = !aws
        .iam
        .list_mfa_devices()
        .user_name(&name)
        .send()
        .await
        .map_err(|e| classify("iam:ListMFADevices", e))?
        .mfa_devices()
        .is_empty();
    let mut own_policies = 0;
    let mut attached = aws
        .iam
        .list_attached_user_policies()
        .user_name(&name)
        .into_paginator()
        .items()
        .send();
    while let Some(p) = attached.next().await {
        p.map_err(|e| classify("iam:ListAttachedUserPolicies", e))?;
        own_policies += 1;
    }
    let mut inline = aws
        .iam
        .list_user_policies()
        .user_name(&name)
        .into_paginator()
        .items()
        .send();
    while let Some(p) = inline.next().await {
        p.map_err(|e| classify("iam:ListUserPolicies", e))?;
        own_policies += 1;
    }
    Ok(UserFacts {
        name,
        console,
        mfa,
        own_policies,
    })
}

/// Every user's facts, and the users that could not be read (with why).
async fn every_user(aws: &Aws) -> Result<(Vec<UserFacts>, Vec<String>), AwsError> {
    let mut names = Vec::new();
    let mut users = aws.iam.list_users().into_paginator().items().send();
    while let Some(user) = users.next().await {
        names.push(
            user.map_err(|e| classify("iam:ListUsers", e))?
                .user_name()
                .to_owned(),
        );
    }
    let mut facts = Vec::new();
    let mut unread = Vec::new();
    for name in names {
        match user_facts(aws, name.clone()).await {
            Ok(f) => facts.push(f),
            Err(e) => unread.push(format!("{name} ({e})")),
        }
    }
    Ok((facts, unread))
}

/// The console-MFA and groups-only rows.
pub async fn users(aws: &Aws) -> Vec<Control> {
    let (facts, unread) = match every_user(aws).await {
        Ok(read) => read,
        Err(e) => {
            return vec![
                CONSOLE_MFA.unread(GLOBAL, &e),
                GROUPS_ONLY.unread(GLOBAL, &e),
            ]
        }
    };
    let console: Vec<&str> = facts
        .iter()
        .filter(|u| u.console)
        .map(|u| u.name.as_str())
        .collect();
    let without: Vec<&str> = facts
        .iter()
        .filter(|u| u.console && !u.mfa)
        .map(|u| u.name.as_str())
        .collect();
    let own: Vec<&str> = facts
        .iter()
        .filter(|u| u.own_policies > 0)
        .map(|u| u.name.as_str())
        .collect();
    let mfa_said = if without.is_empty() {
        format!(
            "ListUsers, GetLoginProfile, ListMFADevices: {} of {} user(s) have a console password, each with MFA",
            console.len(),
            facts.len()
        )
    } else {
        format!(
            "GetLoginProfile, ListMFADevices: console password without MFA: {}",
            listed(&without)
        )
    };
    let own_said = if own.is_empty() {
        format!(
            "ListAttachedUserPolicies, ListUserPolicies: none of {} user(s) has a policy of its own",
            facts.len()
        )
    } else {
        format!(
            "ListAttachedUserPolicies, ListUserPolicies: policies of their own: {}",
            listed(&own)
        )
    };
    vec![
        CONSOLE_MFA.over(GLOBAL, without.is_empty(), mfa_said, &unread),
        GROUPS_ONLY.over(GLOBAL, own.is_empty(), own_said, &unread),
    ]
}

/// Whether a policy document allows every action on every resource.
pub fn allows_everything(document: &Value) -> bool {
    let has_star = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s == "*" || s == "*:*",
        Some(Value::Array(items)) => items
            .iter()
            .any(|i| i.as_str().is_some_and(|s| s == "*" || s == "*:*")),
        _ => false,
    };
    let statements = match document.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    statements.into_iter().any(|s| {
        s.get("Effect").and_then(Value::as_str) == Some("Allow")
            && has_star(s.get("Action"))
            && has_star(s.get("Resource"))
    })
}

/// What one policy's default version says: `*:*` or not, or why it cannot tell.
fn judge_document(text: Option<&str>) -> Result<bool, &'static str> {
    let Some(text) = text else {
        return Err("no document");
    };
    let document = policy_document(text);
    // A document hydrate cannot read is not a clean one.
    if !document.is_object() {
        return Err("document not a JSON object");
    }
    Ok(allows_everything(&document))
}

/// The attached customer policies read, those allowing `*:*`, and those not read (with why).
struct Admins {
    count: usize,
    found: Vec<String>,
    unread: Vec<String>,
}

async fn admin_policies(aws: &Aws) -> Result<Admins, AwsError> {
    let mut found = Vec::new();
    let mut unread = Vec::new();
    let mut count = 0;
    let mut pages = aws
        .iam
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .only_attached(true)
        .into_paginator()
        .items()
        .send();
    while let Some(policy) = pages.next().await {
        let policy = policy.map_err(|e| classify("iam:ListPolicies", e))?;
        count += 1;
        let arn = policy.arn().unwrap_or_default();
        let name = policy.policy_name().unwrap_or(arn).to_owned();
        let Some(version) = policy.default_version_id() else {
            unread.push(format!("{name} (no default version)"));
            continue;
        };
        let out = match aws
            .iam
            .get_policy_version()
            .policy_arn(arn)
            .version_id(version)
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) => {
                unread.push(format!("{name} ({})", classify("iam:GetPolicyVersion", e)));
                continue;
            }
        };
        match judge_document(out.policy_version().and_then(|v| v.document())) {
            Ok(true) => found.push(name),
            Ok(false) => {}
            Err(why) => unread.push(format!("{name} ({why})")),
        }
    }
    Ok(Admins {
        count,
        found,
        unread,
    })
}

/// The `*:*` row: customer managed policies attached to anything.
pub async fn star_star(aws: &Aws) -> Control {
    let admins = match admin_policies(aws).await {
        Ok(a) => a,
        Err(e) => return NO_STAR_STAR.unread(GLOBAL, &e),
    };
    let said = if admins.found.is_empty() {
        format!(
            "ListPolicies (local, attached), GetPolicyVersion: none of {} allows \"*\" on \"*\"",
            admins.count - admins.unread.len()
        )
    } else {
        let names: Vec<&str> = admins.found.iter().map(String::as_str).collect();
        format!(
            "GetPolicyVersion: allows \"*\" on \"*\" and is attached: {}",
            listed(&names)
        )
    };
    NO_STAR_STAR.over(GLOBAL, admins.found.is_empty(), said, &admins.unread)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_document_that_cannot_be_read_is_not_clean() {
        assert_eq!(judge_document(None), Err("no document"));
        assert_eq!(
            judge_document(Some("not json")),
            Err("document not a JSON object")
        );
        assert_eq!(
            judge_document(Some("[1]")),
            Err("document not a JSON object")
        );
        let star = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        assert_eq!(judge_document(Some(star)), Ok(true));
        assert_eq!(judge_document(Some(r#"{"Statement":[]}"#)), Ok(false));
    }

    #[test]
    fn only_an_allow_of_every_action_on_every_resource_is_star_star() {
        let star = json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        assert!(allows_everything(&star));
        let listed = json!({"Statement": {"Effect": "Allow", "Action": ["s3:Get*", "*"], "Resource": ["*"]}});
        assert!(allows_everything(&listed));
        for not in [
            json!({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}),
            json!({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}),
            json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b"}]}),
            json!({"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}),
            json!("not a document"),
        ] {
            assert!(!allows_everything(&not), "{not}");
        }
    }
}
