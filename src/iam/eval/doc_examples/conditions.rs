//! IAM User Guide, "IAM JSON policy elements: Condition operators": one case per operator family,
//! `...IfExists` and `Null`.

use serde_json::{json, Value};

use super::Want::{Allow, Deny, Implicit};
use super::{case, Case};
use crate::iam::eval::Request;

const OPS: &str = "IAM User Guide: IAM JSON policy elements: Condition operators";

/// A one-statement policy of the 2012-10-17 language.
pub(super) fn one(statement: Value) -> Vec<Value> {
    vec![json!({"Version": "2012-10-17", "Statement": statement})]
}

pub(super) fn cases() -> Vec<Case> {
    let tagged = one(
        json!({"Effect": "Allow", "Action": "iam:*AccessKey*", "Resource": "arn:aws:iam::111122223333:user/*",
        "Condition": {"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}}}),
    );
    let key = |r: Request| r.with("aws:username", "David");
    let home = one(
        json!({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::BUCKET-NAME",
        "Condition": {"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/"]}}}),
    );
    let list = |prefix: &str| {
        key(Request::new("s3:ListBucket", "arn:aws:s3:::BUCKET-NAME").with("s3:prefix", prefix))
    };
    let max_keys = one(
        json!({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::example_bucket",
        "Condition": {"NumericLessThanEquals": {"s3:max-keys": "10"}}}),
    );
    let fresh = one(
        json!({"Effect": "Allow", "Action": "iam:*AccessKey*", "Resource": "arn:aws:iam::111122223333:user/*",
        "Condition": {"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}}}),
    );
    let tls = one(
        json!([{"Sid": "BooleanExample", "Action": "s3:*", "Effect": "Deny",
        "Resource": ["arn:aws:s3:::DOC-EXAMPLE-BUCKET", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]),
    );
    let binary = one(json!({"Effect": "Allow", "Action": "*", "Resource": "*",
        "Condition": {"BinaryEquals": {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}}));
    let ip = one(
        json!({"Effect": "Allow", "Action": "someservice:*", "Resource": "*",
        "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}}}),
    );
    let from = |address: &str| Request::new("someservice:Do", "*").with("aws:SourceIp", address);
    let arn_pattern = "arn:aws:someservice:*:111122223333:finance/*";
    let nested =
        "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
    let like = |op: &str| {
        one(
            json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {op: {"aws:SourceArn": arn_pattern}}}),
        )
    };
    let sqs = one(
        json!({"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "SQS:SendMessage",
        "Resource": "arn:aws:sqs:REGION:123456789012:QUEUE-ID",
        "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:REGION:123456789012:TOPIC-ID"}}}),
    );
    let send = Request::new(
        "sqs:SendMessage",
        "arn:aws:sqs:REGION:123456789012:QUEUE-ID",
    )
    .by("arn:aws:iam::123456789012:user/u");
    let run = |op: &str| {
        one(
            json!({"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*",
        "Condition": {op: {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}}),
        )
    };
    let no_temp = one(
        json!({"Action": "ec2:*", "Effect": "Allow", "Resource": "*", "Condition": {"Null": {"aws:TokenIssueTime": "true"}}}),
    );
    vec![
        case(
            OPS,
            "StringEquals: a principal tagged iamuser-admin",
            tagged.clone(),
        )
        .asks(
            Request::new("iam:CreateAccessKey", "arn:aws:iam::111122223333:user/x")
                .with("aws:PrincipalTag/job-category", "iamuser-admin"),
        )
        .wants(Allow),
        case(
            OPS,
            "StringEquals: a user without the tag is implicitly denied",
            tagged,
        )
        .asks(Request::new(
            "iam:CreateAccessKey",
            "arn:aws:iam::111122223333:user/x",
        ))
        .wants(Implicit),
        case(
            OPS,
            "StringLike with a policy variable: the user's own home prefix",
            home.clone(),
        )
        .asks(list("home/David/"))
        .wants(Allow),
        case(
            OPS,
            "StringLike with a policy variable: another user's prefix",
            home.clone(),
        )
        .asks(list("home/Bob/"))
        .wants(Implicit),
        case(OPS, "StringLike: the empty prefix is listed", home)
            .asks(list(""))
            .wants(Allow),
        case(
            OPS,
            "NumericLessThanEquals: up to 10 keys",
            max_keys.clone(),
        )
        .asks(
            Request::new("s3:ListBucket", "arn:aws:s3:::example_bucket").with("s3:max-keys", "10"),
        )
        .wants(Allow),
        case(OPS, "NumericLessThanEquals: 11 keys", max_keys)
            .asks(
                Request::new("s3:ListBucket", "arn:aws:s3:::example_bucket")
                    .with("s3:max-keys", "11"),
            )
            .wants(Implicit),
        case(
            OPS,
            "DateGreaterThan: credentials issued in 2020",
            fresh.clone(),
        )
        .asks(
            Request::new("iam:ListAccessKeys", "arn:aws:iam::111122223333:user/x")
                .with("aws:TokenIssueTime", "2020-06-01T00:00:00Z"),
        )
        .wants(Allow),
        case(
            OPS,
            "DateGreaterThan: access keys carry no TokenIssueTime, denied",
            fresh,
        )
        .asks(Request::new(
            "iam:ListAccessKeys",
            "arn:aws:iam::111122223333:user/x",
        ))
        .wants(Implicit),
        case(OPS, "Bool: a request without SSL is denied", tls.clone())
            .asks(
                Request::new("s3:GetObject", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/k")
                    .with("aws:SecureTransport", "false"),
            )
            .wants(Deny),
        case(OPS, "Bool: this policy does not allow any actions", tls)
            .asks(
                Request::new("s3:GetObject", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/k")
                    .with("aws:SecureTransport", "true"),
            )
            .wants(Implicit),
        case(
            OPS,
            "BinaryEquals: byte for byte against the base64 value",
            binary.clone(),
        )
        .asks(Request::new("s3:GetObject", "*").with("key", "QmluYXJ5VmFsdWVJbkJhc2U2NA=="))
        .wants(Allow),
        case(OPS, "BinaryEquals: other bytes", binary)
            .asks(Request::new("s3:GetObject", "*").with("key", "T3RoZXJWYWx1ZQ=="))
            .wants(Implicit),
        case(OPS, "IpAddress: inside 203.0.113.0/24", ip.clone())
            .asks(from("203.0.113.7"))
            .wants(Allow),
        case(OPS, "IpAddress: outside the ranges", ip.clone())
            .asks(from("198.51.100.1"))
            .wants(Implicit),
        case(OPS, "IpAddress: inside 2001:DB8:1234:5678::/64", ip.clone())
            .asks(from("2001:db8:1234:5678::1"))
            .wants(Allow),
        case(OPS, "IpAddress: another IPv6 /64", ip)
            .asks(from("2001:db8:1234:5679::1"))
            .wants(Implicit),
        case(
            OPS,
            "StringLike: the first * runs across colons",
            like("StringLike"),
        )
        .asks(Request::new("s3:GetObject", "*").with("aws:SourceArn", nested))
        .wants(Allow),
        case(
            OPS,
            "ArnLike: components are matched between colons",
            like("ArnLike"),
        )
        .asks(Request::new("s3:GetObject", "*").with("aws:SourceArn", nested))
        .wants(Implicit),
        case(
            OPS,
            "ArnEquals: SNS sends on behalf of the named topic",
            sqs.clone(),
        )
        .asks(
            send.clone()
                .with("aws:SourceArn", "arn:aws:sns:REGION:123456789012:TOPIC-ID"),
        )
        .wants(Allow),
        case(
            OPS,
            "ArnEquals: a user sending directly has no SourceArn",
            sqs,
        )
        .asks(send)
        .wants(Implicit),
        case(
            OPS,
            "StringLike without IfExists fails on resources without the key",
            run("StringLike"),
        )
        .asks(Request::new(
            "ec2:RunInstances",
            "arn:aws:ec2:us-east-1::image/ami-1",
        ))
        .wants(Implicit),
        case(
            OPS,
            "StringLikeIfExists: a resource without the key",
            run("StringLikeIfExists"),
        )
        .asks(Request::new(
            "ec2:RunInstances",
            "arn:aws:ec2:us-east-1::image/ami-1",
        ))
        .wants(Allow),
        case(
            OPS,
            "StringLikeIfExists: an instance type not listed",
            run("StringLikeIfExists"),
        )
        .asks(Request::new("ec2:RunInstances", "*").with("ec2:InstanceType", "m5.large"))
        .wants(Implicit),
        case(
            OPS,
            "Null: long-term credentials carry no TokenIssueTime",
            no_temp.clone(),
        )
        .asks(Request::new("ec2:DescribeInstances", "*"))
        .wants(Allow),
        case(OPS, "Null: temporary credentials do", no_temp)
            .asks(
                Request::new("ec2:DescribeInstances", "*")
                    .with("aws:TokenIssueTime", "2020-06-01T00:00:00Z"),
            )
            .wants(Implicit),
    ]
}
