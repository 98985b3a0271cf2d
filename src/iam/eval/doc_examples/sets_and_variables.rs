//! IAM User Guide, "Creating a condition with multiple keys or values" (ForAllValues /
//! ForAnyValue and their empty sets) and "IAM policy elements: Variables and tags" (versions,
//! defaults, special characters, key case).

use serde_json::{json, Value};

use super::conditions::one;
use super::Want::{Allow, Deny, Implicit};
use super::{case, Case};
use crate::iam::eval::Request;

const MULTI: &str = "IAM User Guide: Creating a condition with multiple keys or values";
const VARS: &str = "IAM User Guide: IAM policy elements: Variables and tags";

fn keys_with(action: &str, resource: &str, key: &str, values: &[&str]) -> Request {
    values
        .iter()
        .fold(Request::new(action, resource), |r, v| r.with(key, v))
}

pub(super) fn cases() -> Vec<Case> {
    let key = |r: Request| r.with("aws:username", "David");
    let attrs = |q: &str, effect: &str, action: &str, values: Value| {
        one(json!({"Effect": effect, "Action": action,
        "Resource": "arn:aws:dynamodb:*:*:table/Thread", "Condition": {q: {"dynamodb:Attributes": values}}}))
    };
    let get_only = attrs(
        "ForAllValues:StringEquals",
        "Allow",
        "dynamodb:GetItem",
        json!(["ID", "Message", "Tags"]),
    );
    let no_put = attrs(
        "ForAnyValue:StringEquals",
        "Deny",
        "dynamodb:PutItem",
        json!(["ID", "PostDateTime"]),
    );
    let thread = "arn:aws:dynamodb:us-east-1:111122223333:table/Thread";
    let get =
        |values: &[&str]| keys_with("dynamodb:GetItem", thread, "dynamodb:Attributes", values);
    let put =
        |values: &[&str]| keys_with("dynamodb:PutItem", thread, "dynamodb:Attributes", values);
    let own_keys = |version: Option<&str>| {
        let mut doc = json!({"Statement": [{"Action": ["iam:*AccessKey*"], "Effect": "Allow",
            "Resource": ["arn:aws:iam::account-id:user/${aws:username}"]}]});
        if let Some(v) = version {
            doc["Version"] = json!(v);
        }
        vec![doc]
    };
    let david = key(Request::new(
        "iam:CreateAccessKey",
        "arn:aws:iam::account-id:user/David",
    ));
    let anonymous_default = one(
        json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"StringEquals": {"aws:Resource": "arn:aws:s3:::/bucket/${aws:userid, 'anonymous'}"}}}),
    );
    let star = one(
        json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/a${*}"}),
    );
    let window = one(
        json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {
        "DateGreaterThan": {"AWS:currenttime": "2019-07-16T12:00:00Z"},
        "DateLessThan": {"aws:CurrentTime": "2019-07-16T15:00:00Z"},
        "IpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]}}}),
    );
    let at = |time: &str, ip: &str| {
        Request::new("sqs:SendMessage", "*")
            .with("aws:CurrentTime", time)
            .with("aws:SourceIp", ip)
    };
    vec![
        case(
            MULTI,
            "ForAllValues: Message and Tags are all listed",
            get_only.clone(),
        )
        .asks(get(&["ID", "Message", "Tags"]))
        .wants(Allow),
        case(
            MULTI,
            "ForAllValues: UserName is not listed",
            get_only.clone(),
        )
        .asks(get(&["ID", "Message", "UserName"]))
        .wants(Implicit),
        case(
            MULTI,
            "ForAllValues: true when there are no keys in the request",
            get_only.clone(),
        )
        .asks(Request::new("dynamodb:GetItem", thread))
        .wants(Allow),
        case(MULTI, "ForAllValues: true for an empty string", get_only)
            .asks(get(&[""]))
            .wants(Allow),
        case(
            MULTI,
            "ForAnyValue: PostDateTime matches, denied",
            no_put.clone(),
        )
        .asks(put(&["PostDateTime", "Message"]))
        .wants(Deny),
        case(
            MULTI,
            "ForAnyValue: UserName alone matches nothing",
            no_put.clone(),
        )
        .asks(put(&["UserName"]))
        .wants(Implicit),
        case(
            MULTI,
            "ForAnyValue: false for no matching key",
            no_put.clone(),
        )
        .asks(Request::new("dynamodb:PutItem", thread))
        .wants(Implicit),
        case(MULTI, "ForAnyValue: false for a null data set", no_put)
            .asks(Request::new("dynamodb:PutItem", thread).with_empty("dynamodb:Attributes"))
            .wants(Implicit),
        case(
            MULTI,
            "three operators ANDed, two SourceIp values ORed: inside the window",
            window.clone(),
        )
        .asks(at("2019-07-16T13:00:00Z", "203.0.113.9"))
        .wants(Allow),
        case(MULTI, "three operators ANDed: after 3 p.m.", window)
            .asks(at("2019-07-16T16:00:00Z", "192.0.2.1"))
            .wants(Implicit),
        case(
            VARS,
            "Version 2012-10-17: ${aws:username} is David",
            own_keys(Some("2012-10-17")),
        )
        .asks(david.clone())
        .wants(Allow),
        case(
            VARS,
            "no Version: the variable is a literal string",
            own_keys(None),
        )
        .asks(david.clone())
        .wants(Implicit),
        case(
            VARS,
            "Version 2008-10-17: the variable is a literal string",
            own_keys(Some("2008-10-17")),
        )
        .asks(key(Request::new(
            "iam:CreateAccessKey",
            "arn:aws:iam::account-id:user/${aws:username}",
        )))
        .wants(Allow),
        case(
            VARS,
            "a key that is not present: any attempt to match it fails",
            own_keys(Some("2012-10-17")),
        )
        .asks(Request::new(
            "iam:CreateAccessKey",
            "arn:aws:iam::account-id:user/David",
        ))
        .wants(Implicit),
        case(
            VARS,
            "a default value: anonymous users",
            anonymous_default.clone(),
        )
        .asks(
            Request::new("s3:GetObject", "*")
                .with("aws:Resource", "arn:aws:s3:::/bucket/anonymous"),
        )
        .wants(Allow),
        case(
            VARS,
            "a default value: not used when the key is present",
            anonymous_default,
        )
        .asks(
            Request::new("s3:GetObject", "*")
                .with("aws:Resource", "arn:aws:s3:::/bucket/anonymous")
                .with("aws:userid", "AIDAEXAMPLE"),
        )
        .wants(Implicit),
        case(VARS, "${*} is a literal asterisk", star.clone())
            .asks(Request::new("s3:GetObject", "arn:aws:s3:::bucket/a*"))
            .wants(Allow),
        case(VARS, "${*} is not a wildcard", star)
            .asks(Request::new("s3:GetObject", "arn:aws:s3:::bucket/ab"))
            .wants(Implicit),
    ]
}
