//! The evaluator against the documentation's examples and the baseline's own conditions.

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
    let p = policy(json!({"Version": "2012-10-17", "Statement": [
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
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::1:user/${aws:username}"}]}),
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

#[test]
fn unknown_operators_and_malformed_conditions_are_unknown_not_false() {
    let decision = |operator: &str, value: Value, request: &Request| {
        let p = policy(
            json!({"Version": "2012-10-17", "Statement": [{"Sid": "S", "Effect": "Allow",
            "Action": "*", "Resource": "*", "Condition": {operator: {"k": value}}}]}),
        );
        evaluate(&p, request)
    };
    let unknown = Decision::Unknown(StatementRef {
        policy: "p".into(),
        statement: "S".into(),
    });
    let with_k = Request::new("s3:GetObject", "*").with("k", "v");
    let without_k = Request::new("s3:GetObject", "*");
    assert_eq!(decision("DateLessThen", json!("v"), &with_k), unknown);
    assert_eq!(decision("NumericLessThan", json!("ten"), &with_k), unknown);
    assert_eq!(
        decision("IpAddress", json!("300.1.1.1/8"), &with_k),
        unknown
    );
    assert_eq!(decision("Null", json!("maybe"), &with_k), unknown);
    assert_eq!(decision("NullIfExists", json!("true"), &without_k), unknown);
    assert_eq!(
        decision("StringEquals", json!({"nested": 1}), &with_k),
        unknown
    );
    // A definite mismatch elsewhere in the statement decides without the unknown part.
    let p = policy(
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "ec2:*", "Resource": "*", "Condition": {"Frobnicate": {"k": "v"}}}]}),
    );
    assert_eq!(evaluate(&p, &with_k), Decision::ImplicitDeny);
    // An unknown Deny blocks an allow from being proven; a known Deny still wins.
    let p = policy(json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "All", "Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Sid": "Odd", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Frobnicate": {"k": "v"}}}
    ]}));
    assert!(matches!(evaluate(&p, &with_k), Decision::Unknown(s) if s.statement == "Odd"));
    let mut both = p.clone();
    both.push(NamedPolicy {
        name: "q".into(),
        document: json!({"Statement": {"Sid": "No", "Effect": "Deny", "Action": "*", "Resource": "*"}}),
    });
    assert!(matches!(evaluate(&both, &with_k), Decision::Deny(s) if s.statement == "No"));
    // An unknown Version, and an unknown Effect, cannot be decided either.
    let v = policy(
        json!({"Version": "2012-10-18", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
    );
    assert!(matches!(evaluate(&v, &with_k), Decision::Unknown(_)));
    let e = policy(json!({"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}));
    assert!(matches!(evaluate(&e, &with_k), Decision::Unknown(_)));
}

#[test]
fn actions_that_need_no_permission() {
    let deny_all = policy(
        json!({"Statement": [{"Sid": "None", "Effect": "Deny", "Action": "*", "Resource": "*"}]}),
    );
    let nothing = policy(json!({"Statement": []}));
    let who = Request::new("sts:GetCallerIdentity", "*");
    assert!(
        evaluate(&deny_all, &who).allowed(),
        "answered even when denied"
    );
    assert!(evaluate(&nothing, &who).allowed());
    let token = Request::new("sts:GetSessionToken", "*");
    assert!(evaluate(&nothing, &token).allowed(), "needs no Allow");
    assert!(
        evaluate(&deny_all, &token).allowed(),
        "and a policy naming it does not affect it"
    );
    assert_eq!(
        evaluate(&nothing, &token).to_string_ref(),
        "sts:GetSessionToken needs no permission"
    );
}

trait RefText {
    fn to_string_ref(&self) -> String;
}

impl RefText for Decision {
    fn to_string_ref(&self) -> String {
        match self {
            Decision::Allow(s) | Decision::Deny(s) | Decision::Unknown(s) => s.to_string(),
            Decision::ImplicitDeny => String::new(),
        }
    }
}

#[test]
fn ignore_case_operators_variables_and_epoch_dates() {
    let p = |condition: Value| {
        policy(
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*",
            "Resource": "*", "Condition": condition}]}),
        )
    };
    let r = Request::new("s3:GetObject", "*")
        .with("aws:username", "Alice")
        .with("s3:prefix", "ALICE/")
        .with("aws:EpochTime", "1585699200")
        .with("aws:SourceIp", "10.1.2.3");
    let allowed = |c: Value| evaluate(&p(c), &r).allowed();
    assert!(allowed(
        json!({"StringEqualsIgnoreCase": {"s3:prefix": "${aws:username}/"}})
    ));
    assert!(!allowed(
        json!({"StringEquals": {"s3:prefix": "${aws:username}/"}})
    ));
    assert!(allowed(
        json!({"StringEqualsIgnoreCase": {"S3:Prefix": "${AWS:UserName}/"}})
    ));
    assert!(!allowed(
        json!({"StringNotEqualsIgnoreCase": {"s3:prefix": "alice/"}})
    ));
    assert!(allowed(
        json!({"StringNotEqualsIgnoreCase": {"s3:prefix": "bob/"}})
    ));
    assert!(allowed(
        json!({"DateLessThan": {"aws:EpochTime": "2020-04-01T00:00:01Z"}})
    ));
    assert!(!allowed(
        json!({"DateGreaterThanEquals": {"aws:EpochTime": "2021-01-01"}})
    ));
    assert!(allowed(
        json!({"DateEquals": {"aws:EpochTime": "2020-04-01T00:00:00Z"}})
    ));
    assert!(allowed(
        json!({"NotIpAddress": {"aws:SourceIp": "192.168.0.0/16"}})
    ));
    assert!(allowed(
        json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})
    ));
    assert!(allowed(
        json!({"IpAddressIfExists": {"aws:VpcSourceIp": "10.0.0.0/8"}})
    ));
    assert!(!allowed(
        json!({"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}})
    ));
    // ForAllValues with a negated test: every request value must match none of the policy's.
    let tags = Request::new("s3:GetObject", "*")
        .with("aws:TagKeys", "team")
        .with("aws:TagKeys", "cost");
    let with_tags = |c: Value| evaluate(&p(c), &tags).allowed();
    assert!(with_tags(
        json!({"ForAllValues:StringNotEquals": {"aws:TagKeys": "owner"}})
    ));
    assert!(!with_tags(
        json!({"ForAllValues:StringNotEquals": {"aws:TagKeys": "cost"}})
    ));
    assert!(with_tags(
        json!({"ForAnyValue:StringNotEquals": {"aws:TagKeys": "cost"}})
    ));
    assert!(with_tags(
        json!({"ForAnyValue:StringLike": {"aws:TagKeys": "te*"}})
    ));
    assert!(!with_tags(
        json!({"ForAllValues:StringLike": {"aws:TagKeys": "te*"}})
    ));
}

#[test]
fn resource_policies_with_identity_policies() {
    let resource = |statement: Value, account: &str| ResourcePolicy {
        policy: NamedPolicy {
            name: "bucket".into(),
            document: json!({"Version": "2012-10-17", "Statement": [statement]}),
        },
        account: account.into(),
        kind: ResourceKind::Other,
    };
    let trail = resource(
        json!({"Sid": "Trail", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
        "Action": "s3:PutObject", "Resource": "arn:aws:s3:::trail/*"}),
        "111122223333",
    );
    let put = Request::new("s3:PutObject", "arn:aws:s3:::trail/AWSLogs/x");
    let by_service = put.clone().by("cloudtrail.amazonaws.com");
    assert!(evaluate_with(&[], Some(&trail), &by_service).allowed());
    assert!(!evaluate_with(&[], Some(&trail), &put.clone().by("config.amazonaws.com")).allowed());
    assert!(
        !evaluate_with(&[], Some(&trail), &put).allowed(),
        "anonymous"
    );
    // A Deny in the resource policy wins over the caller's own allow, in any account.
    let deny = resource(
        json!({"Sid": "NoDelete", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket", "Resource": "*"}),
        "111122223333",
    );
    let admin = policy(json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}));
    let delete = Request::new("s3:DeleteBucket", "arn:aws:s3:::trail")
        .by("arn:aws:iam::111122223333:role/Admin");
    assert!(matches!(
        evaluate_with(&admin, Some(&deny), &delete),
        Decision::Deny(s) if s.statement == "NoDelete"
    ));
    assert!(
        evaluate_with(&admin, None, &delete).allowed(),
        "no resource policy: identity decides"
    );
    // Same account, a resource policy silent on the request: the identity policy decides.
    assert!(evaluate_with(&admin, Some(&trail), &delete).allowed());
    // Cross-account with only the caller's allow: implicitly denied.
    let outsider =
        Request::new("s3:PutObject", "arn:aws:s3:::trail/x").by("arn:aws:iam::999999999999:user/m");
    assert_eq!(
        evaluate_with(&admin, Some(&trail), &outsider),
        Decision::ImplicitDeny
    );
}
