//! A local IAM policy evaluator over JSON policy documents: explicit Deny wins, then Allow, else
//! the implicit deny. Action/NotAction (case-insensitive) and Resource/NotResource (case-sensitive)
//! with `*`/`?` wildcards, policy variables such as `${aws:username}`, and the condition operators
//! the baseline uses. Principals in trust policies are matched by account.

use std::collections::BTreeMap;

use serde_json::Value;

/// A policy and where it comes from, for naming the statement that decided.
#[derive(Debug, Clone)]
pub struct NamedPolicy {
    /// E.g. `iamSetup.DeveloperRole/developer`.
    pub name: String,
    /// The policy document, intrinsics already resolved to strings.
    pub document: Value,
}

/// The request being evaluated.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// `service:Action`.
    pub action: String,
    /// The resource ARN (or `*`).
    pub resource: String,
    /// Condition keys and their values (`aws:MultiFactorAuthPresent` → `["true"]`); an absent key
    /// is absent from the request.
    pub context: BTreeMap<String, Vec<String>>,
    /// For trust policies: the calling principal's ARN.
    pub principal: Option<String>,
}

impl Request {
    /// A request for an action on a resource, with no context yet.
    pub fn new(action: &str, resource: &str) -> Self {
        Request {
            action: action.to_owned(),
            resource: resource.to_owned(),
            ..Request::default()
        }
    }

    /// Adds a context key.
    pub fn with(mut self, key: &str, value: &str) -> Self {
        self.context
            .entry(key.to_owned())
            .or_default()
            .push(value.to_owned());
        self
    }

    /// Sets the calling principal.
    pub fn by(mut self, principal: &str) -> Self {
        self.principal = Some(principal.to_owned());
        self
    }
}

/// Which statement decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    /// The policy's name.
    pub policy: String,
    /// The statement's Sid, or its position.
    pub statement: String,
}

impl std::fmt::Display for StatementRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} statement {}", self.policy, self.statement)
    }
}

/// The outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Allowed by this statement (and denied by none).
    Allow(StatementRef),
    /// Denied by this statement.
    Deny(StatementRef),
    /// No statement allows it.
    ImplicitDeny,
}

impl Decision {
    /// True when allowed.
    pub fn allowed(&self) -> bool {
        matches!(self, Decision::Allow(_))
    }
}

/// Glob match with `*` (any run) and `?` (one character).
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// Replaces `${key}` policy variables with the request's values (`${*}`, `${?}`, `${$}` escapes too).
fn substitute(pattern: &str, request: &Request) -> Option<String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}')?;
        let key = &after[..end];
        match key {
            "*" | "?" | "$" => out.push_str(key),
            _ => out.push_str(request.context.get(key)?.first()?),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::String(s) => vec![s.clone()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Number(n) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

fn action_matches(patterns: &[String], action: &str) -> bool {
    patterns
        .iter()
        .any(|p| glob(&p.to_lowercase(), &action.to_lowercase()))
}

fn resource_matches(patterns: &[String], request: &Request) -> bool {
    patterns
        .iter()
        .any(|p| substitute(p, request).is_some_and(|p| glob(&p, &request.resource)))
}

/// Principal match for trust policies: `*`, an exact ARN, or an account root (`…:root`, or a bare
/// account id) admitting every principal of that account.
fn principal_matches(principal: &Value, request: &Request) -> bool {
    let Some(caller) = &request.principal else {
        return true;
    };
    let account_of = |arn: &str| arn.split(':').nth(4).map(str::to_owned);
    let candidates = match principal {
        Value::String(s) if s == "*" => return true,
        Value::Object(map) => map.get("AWS").map(strings).unwrap_or_default(),
        _ => Vec::new(),
    };
    candidates.iter().any(|p| {
        p == "*"
            || p == caller
            || (p.ends_with(":root") && account_of(p) == account_of(caller))
            || (p.len() == 12
                && p.chars().all(|c| c.is_ascii_digit())
                && account_of(caller).as_deref() == Some(p))
    })
}

/// One condition operator applied to one key.
fn condition_holds(operator: &str, key: &str, wanted: &[String], request: &Request) -> bool {
    let (base, if_exists) = match operator.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (operator, false),
    };
    let Some(actual) = request.context.get(key) else {
        return match base {
            "Null" => wanted.iter().any(|w| w == "true"),
            _ if if_exists => true,
            // Negated operators hold when the key is absent.
            _ => base.contains("Not"),
        };
    };
    let any =
        |f: &dyn Fn(&str, &str) -> bool| actual.iter().any(|a| wanted.iter().any(|w| f(w, a)));
    let num = |s: &str| s.parse::<f64>().ok();
    let numeric = |f: fn(f64, f64) -> bool| {
        any(&|w, a| matches!((num(a), num(w)), (Some(a), Some(w)) if f(a, w)))
    };
    let arn_like = |w: &str, a: &str| substitute(w, request).is_some_and(|w| glob(&w, a));
    match base {
        "Null" => wanted.iter().any(|w| w == "false"),
        "Bool" => any(&|w, a| w.eq_ignore_ascii_case(a)),
        "StringEquals" | "ArnEquals" => any(&|w, a| substitute(w, request).is_some_and(|w| w == a)),
        "StringNotEquals" | "ArnNotEquals" => {
            !any(&|w, a| substitute(w, request).is_some_and(|w| w == a))
        }
        "StringEqualsIgnoreCase" => any(&|w, a| w.eq_ignore_ascii_case(a)),
        "StringLike" | "ArnLike" => any(&arn_like),
        "StringNotLike" | "ArnNotLike" => !any(&arn_like),
        "NumericEquals" => numeric(|a, w| a == w),
        "NumericNotEquals" => !numeric(|a, w| a == w),
        "NumericLessThan" => numeric(|a, w| a < w),
        "NumericLessThanEquals" => numeric(|a, w| a <= w),
        "NumericGreaterThan" => numeric(|a, w| a > w),
        "NumericGreaterThanEquals" => numeric(|a, w| a >= w),
        // An operator this evaluator does not know never grants: it fails the statement.
        _ => false,
    }
}

fn conditions_hold(condition: &Value, request: &Request) -> bool {
    let Some(operators) = condition.as_object() else {
        return true;
    };
    operators.iter().all(|(operator, tests)| {
        tests.as_object().is_some_and(|keys| {
            keys.iter()
                .all(|(key, values)| condition_holds(operator, key, &strings(values), request))
        })
    })
}

/// True when a statement applies to the request (ignoring its effect).
fn applies(statement: &Value, request: &Request) -> bool {
    let action_ok = match (statement.get("Action"), statement.get("NotAction")) {
        (Some(a), _) => action_matches(&strings(a), &request.action),
        (None, Some(n)) => !action_matches(&strings(n), &request.action),
        _ => false,
    };
    let resource_ok = match (statement.get("Resource"), statement.get("NotResource")) {
        (Some(r), _) => resource_matches(&strings(r), request),
        (None, Some(n)) => !resource_matches(&strings(n), request),
        // Trust policies name no resource: the role itself.
        (None, None) => true,
    };
    let principal_ok = statement
        .get("Principal")
        .is_none_or(|p| principal_matches(p, request));
    action_ok
        && resource_ok
        && principal_ok
        && conditions_hold(statement.get("Condition").unwrap_or(&Value::Null), request)
}

/// Evaluates a request against a set of policies.
pub fn evaluate(policies: &[NamedPolicy], request: &Request) -> Decision {
    let mut allow = None;
    for policy in policies {
        let statements = match &policy.document["Statement"] {
            Value::Array(items) => items.clone(),
            one @ Value::Object(_) => vec![one.clone()],
            _ => Vec::new(),
        };
        for (i, statement) in statements.iter().enumerate() {
            if !applies(statement, request) {
                continue;
            }
            let at = StatementRef {
                policy: policy.name.clone(),
                statement: statement["Sid"]
                    .as_str()
                    .map_or_else(|| format!("#{}", i + 1), str::to_owned),
            };
            match statement["Effect"].as_str() {
                Some("Deny") => return Decision::Deny(at),
                Some("Allow") if allow.is_none() => allow = Some(at),
                _ => {}
            }
        }
    }
    allow.map_or(Decision::ImplicitDeny, Decision::Allow)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn policy(document: Value) -> Vec<NamedPolicy> {
        vec![NamedPolicy {
            name: "p".into(),
            document,
        }]
    }

    #[test]
    fn wildcards_follow_iam_case_rules() {
        assert!(glob("iam:*", "iam:createuser"));
        assert!(glob("s3:Get?bject", "s3:GetObject"));
        assert!(!glob("s3:Get*", "s3:PutObject"));
        assert!(glob("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b"));
        let p = policy(
            json!({"Statement": [{"Effect": "Allow", "Action": "S3:getobject", "Resource": "arn:aws:s3:::B/*"}]}),
        );
        assert!(
            evaluate(&p, &Request::new("s3:GetObject", "arn:aws:s3:::B/k")).allowed(),
            "actions ignore case"
        );
        assert!(
            !evaluate(&p, &Request::new("s3:GetObject", "arn:aws:s3:::b/k")).allowed(),
            "resources do not"
        );
    }

    #[test]
    fn explicit_deny_beats_allow_and_nothing_is_implicitly_denied() {
        // The documentation's example: an Allow of s3:* with a Deny of DeleteBucket.
        let p = policy(json!({"Statement": [
            {"Sid": "All", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}
        ]}));
        assert_eq!(
            evaluate(&p, &Request::new("s3:DeleteBucket", "arn:aws:s3:::b")),
            Decision::Deny(StatementRef {
                policy: "p".into(),
                statement: "NoDelete".into()
            })
        );
        assert!(evaluate(&p, &Request::new("s3:ListBucket", "arn:aws:s3:::b")).allowed());
        assert_eq!(
            evaluate(&p, &Request::new("ec2:RunInstances", "*")),
            Decision::ImplicitDeny
        );
    }

    #[test]
    fn not_action_deny_unless_mfa_with_bool_if_exists() {
        let p = policy(json!({"Statement": [
            {"Sid": "Keys", "Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:EnableMFADevice"], "Resource": "arn:aws:iam::1:user/${aws:username}"},
            {"Sid": "NoMfa", "Effect": "Deny", "NotAction": ["iam:EnableMFADevice", "sts:GetSessionToken"], "Resource": "*",
             "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
        ]}));
        let alice = |action: &str| {
            Request::new(action, "arn:aws:iam::1:user/alice").with("aws:username", "alice")
        };
        // Long-term keys carry no MFA key at all: BoolIfExists treats the absent key as a match.
        assert!(matches!(
            evaluate(&p, &alice("iam:CreateAccessKey")),
            Decision::Deny(_)
        ));
        assert!(
            evaluate(&p, &alice("iam:EnableMFADevice")).allowed(),
            "NotAction exempts enrolment"
        );
        let with_mfa = alice("iam:CreateAccessKey").with("aws:MultiFactorAuthPresent", "true");
        assert!(evaluate(&p, &with_mfa).allowed());
        let without = alice("iam:CreateAccessKey").with("aws:MultiFactorAuthPresent", "false");
        assert!(matches!(evaluate(&p, &without), Decision::Deny(_)));
    }

    #[test]
    fn username_variables_limit_users_to_their_own_resources() {
        let p = policy(
            json!({"Statement": [{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::1:user/${aws:username}"}]}),
        );
        let req = |target: &str| {
            Request::new(
                "iam:CreateAccessKey",
                &format!("arn:aws:iam::1:user/{target}"),
            )
            .with("aws:username", "alice")
        };
        assert!(evaluate(&p, &req("alice")).allowed());
        assert!(!evaluate(&p, &req("bob")).allowed());
        // Without a username in the request the variable cannot resolve, and nothing matches.
        assert!(!evaluate(
            &p,
            &Request::new("iam:CreateAccessKey", "arn:aws:iam::1:user/alice")
        )
        .allowed());
    }

    #[test]
    fn bool_without_if_exists_needs_the_key_and_numeric_ages_compare() {
        let p = policy(
            json!({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}, "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}]}),
        );
        let base = Request::new("sts:AssumeRole", "arn:aws:iam::123456789012:role/r")
            .by("arn:aws:iam::123456789012:user/alice");
        assert!(
            !evaluate(&p, &base).allowed(),
            "absent MFA key does not match Bool"
        );
        let fresh = base
            .clone()
            .with("aws:MultiFactorAuthPresent", "true")
            .with("aws:MultiFactorAuthAge", "60");
        assert!(evaluate(&p, &fresh).allowed());
        let stale = base
            .clone()
            .with("aws:MultiFactorAuthPresent", "true")
            .with("aws:MultiFactorAuthAge", "7200");
        assert!(!evaluate(&p, &stale).allowed());
        let stranger = Request::new("sts:AssumeRole", "arn:aws:iam::123456789012:role/r")
            .by("arn:aws:iam::999999999999:user/mallory")
            .with("aws:MultiFactorAuthPresent", "true")
            .with("aws:MultiFactorAuthAge", "60");
        assert!(
            !evaluate(&p, &stranger).allowed(),
            "root principal admits its own account only"
        );
    }

    #[test]
    fn negated_and_null_operators_on_absent_keys() {
        let p = policy(
            json!({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}}]}),
        );
        assert!(matches!(
            evaluate(
                &p,
                &Request::new("s3:GetObject", "*").with("aws:RequestedRegion", "us-east-1")
            ),
            Decision::Deny(_)
        ));
        assert!(!matches!(
            evaluate(
                &p,
                &Request::new("s3:GetObject", "*").with("aws:RequestedRegion", "eu-west-1")
            ),
            Decision::Deny(_)
        ));
        let n = policy(
            json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Null": {"aws:TokenIssueTime": "true"}}}]}),
        );
        assert!(evaluate(&n, &Request::new("s3:GetObject", "*")).allowed());
        assert!(!evaluate(
            &n,
            &Request::new("s3:GetObject", "*").with("aws:TokenIssueTime", "x")
        )
        .allowed());
        let a = policy(
            json!({"Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:cloudwatch:*:1:alarm:*"}}}]}),
        );
        assert!(evaluate(
            &a,
            &Request::new("sns:Publish", "*")
                .with("aws:SourceArn", "arn:aws:cloudwatch:us-east-1:1:alarm:x")
        )
        .allowed());
    }
}
