//! IAM User Guide, "AWS JSON policy elements: Principal" and "…: NotPrincipal"; the KMS
//! Developer Guide, "Key policies in AWS KMS" and "Default key policy".

use serde_json::{json, Value};

use super::Want::{Allow, Deny, Implicit};
use super::{case, Case};
use crate::iam::eval::{Request, ResourceKind};

const PRINCIPAL: &str = "IAM User Guide: AWS JSON policy elements: Principal";
const NOT: &str = "IAM User Guide: AWS JSON policy elements: NotPrincipal";
const KMS: &str = "KMS Developer Guide: Key policies in AWS KMS; Default key policy";
/// Role ARN principals admit the role's sessions: the IAM User Guide's "Role session
/// principals", and the evaluation-logic note on a role ARN as the principal of a resource policy.
const SESSIONS: &str = "IAM User Guide: Principal (role and role session principals)";

fn bucket(principal: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": principal,
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})
}

fn get(by: Option<&str>) -> Request {
    let r = Request::new("s3:GetObject", "arn:aws:s3:::b/k");
    match by {
        Some(p) => r.by(p),
        None => r,
    }
}

pub(super) fn cases() -> Vec<Case> {
    let alice = "arn:aws:iam::123456789012:user/alice";
    let may_get = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]});
    let services = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": ["elasticmapreduce.amazonaws.com", "datapipeline.amazonaws.com"]}, "Action": "sts:AssumeRole"}]});
    let assume =
        |by: &str| Request::new("sts:AssumeRole", "arn:aws:iam::123456789012:role/service").by(by);
    let not_bob = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
        "NotPrincipal": {"AWS": ["arn:aws:iam::444455556666:user/Bob", "arn:aws:iam::444455556666:root"]},
        "Action": "s3:*", "Resource": ["arn:aws:s3:::BUCKETNAME", "arn:aws:s3:::BUCKETNAME/*"]}]});
    let audit = "arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app";
    let not_audit = |listed: Value| {
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
        "NotPrincipal": {"AWS": listed}, "Action": "s3:*",
        "Resource": ["arn:aws:s3:::Bucket_AccountAudit", "arn:aws:s3:::Bucket_AccountAudit/*"]}]})
    };
    let audit_get =
        |by: &str| Request::new("s3:GetObject", "arn:aws:s3:::Bucket_AccountAudit/k").by(by);
    let key_policy = |principal: &str| {
        json!({"Version": "2012-10-17", "Statement": [{"Sid": "Enable IAM User Permissions",
        "Effect": "Allow", "Principal": {"AWS": principal}, "Action": "kms:*", "Resource": "*"}]})
    };
    let other_key = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/KeyAdmin"}, "Action": "kms:*", "Resource": "*"}]});
    let encrypt =
        |by: &str| Request::new("kms:Encrypt", "arn:aws:kms:us-east-1:111122223333:key/k").by(by);
    let may_encrypt = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]});
    let deny_encrypt = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "kms:Encrypt", "Resource": "*"}]});
    let dev = "arn:aws:iam::111122223333:user/dev";
    let session = "arn:aws:sts::111122223333:assumed-role/Reader/alice";
    let role = "arn:aws:iam::111122223333:role/Reader";
    let b = "111122223333";
    vec![
        case(
            PRINCIPAL,
            "an account principal delegates: no IAM permission, no access",
            vec![],
        )
        .on(
            bucket(json!({"AWS": "123456789012"})),
            "123456789012",
            ResourceKind::Other,
        )
        .asks(get(Some(alice)))
        .wants(Implicit),
        case(
            PRINCIPAL,
            "an account principal delegates: with IAM permission, access",
            vec![may_get.clone()],
        )
        .on(
            bucket(json!({"AWS": "arn:aws:iam::123456789012:root"})),
            "123456789012",
            ResourceKind::Other,
        )
        .asks(get(Some(alice)))
        .wants(Allow),
        case(
            PRINCIPAL,
            "a named IAM user: allowed by the resource policy alone",
            vec![],
        )
        .on(
            bucket(json!({"AWS": alice})),
            "123456789012",
            ResourceKind::Other,
        )
        .asks(get(Some(alice)))
        .wants(Allow),
        case(PRINCIPAL, "the user name is case sensitive", vec![])
            .on(
                bucket(json!({"AWS": "arn:aws:iam::123456789012:user/Alice"})),
                "123456789012",
                ResourceKind::Other,
            )
            .asks(get(Some(alice)))
            .wants(Implicit),
        case(PRINCIPAL, "\"*\": anonymous (public) access", vec![])
            .on(bucket(json!("*")), "123456789012", ResourceKind::Other)
            .asks(get(None))
            .wants(Allow),
        case(PRINCIPAL, "{\"AWS\": \"*\"} is equivalent to \"*\"", vec![])
            .on(
                bucket(json!({"AWS": "*"})),
                "123456789012",
                ResourceKind::Other,
            )
            .asks(get(None))
            .wants(Allow),
        case(
            PRINCIPAL,
            "anonymous requests: an account principal does not admit them",
            vec![may_get.clone()],
        )
        .on(
            bucket(json!({"AWS": "123456789012"})),
            "123456789012",
            ResourceKind::Other,
        )
        .asks(get(None))
        .wants(Implicit),
        case(
            PRINCIPAL,
            "a service principal in a trust policy",
            vec![services.clone()],
        )
        .asks(assume("datapipeline.amazonaws.com"))
        .wants(Allow),
        case(PRINCIPAL, "a service not listed", vec![services])
            .asks(assume("ec2.amazonaws.com"))
            .wants(Implicit),
        case(PRINCIPAL, "a specific assumed-role session", vec![])
            .on(bucket(json!({"AWS": session})), b, ResourceKind::Other)
            .asks(get(Some(session)))
            .wants(Allow),
        case(
            PRINCIPAL,
            "a session principal names one session, not all",
            vec![],
        )
        .on(bucket(json!({"AWS": session})), b, ResourceKind::Other)
        .asks(get(Some(
            "arn:aws:sts::111122223333:assumed-role/Reader/bob",
        )))
        .wants(Implicit),
        case(
            SESSIONS,
            "a role principal admits the role's sessions",
            vec![],
        )
        .on(bucket(json!({"AWS": role})), b, ResourceKind::Other)
        .asks(get(Some(session)))
        .wants(Allow),
        case(SESSIONS, "… and not another role's", vec![])
            .on(
                bucket(json!({"AWS": "arn:aws:iam::111122223333:role/Writer"})),
                b,
                ResourceKind::Other,
            )
            .asks(get(Some(session)))
            .wants(Implicit),
        case(
            NOT,
            "all principals except Bob are explicitly denied",
            vec![],
        )
        .on(not_bob.clone(), "111122223333", ResourceKind::Other)
        .asks(
            Request::new("s3:GetObject", "arn:aws:s3:::BUCKETNAME/k")
                .by("arn:aws:iam::444455556666:user/Alice"),
        )
        .wants(Deny),
        case(NOT, "Bob is not denied, and not allowed either", vec![])
            .on(not_bob, "111122223333", ResourceKind::Other)
            .asks(
                Request::new("s3:GetObject", "arn:aws:s3:::BUCKETNAME/k")
                    .by("arn:aws:iam::444455556666:user/Bob"),
            )
            .wants(Implicit),
        case(
            NOT,
            "the session, its role and its account listed: not denied",
            vec![],
        )
        .on(
            not_audit(json!([
                audit,
                "arn:aws:iam::444455556666:role/cross-account-read-only-role",
                "arn:aws:iam::444455556666:root"
            ])),
            b,
            ResourceKind::Other,
        )
        .asks(audit_get(audit))
        .wants(Implicit),
        case(
            NOT,
            "missing the role's ARN: the session might be denied",
            vec![],
        )
        .on(
            not_audit(json!([audit, "arn:aws:iam::444455556666:root"])),
            b,
            ResourceKind::Other,
        )
        .asks(audit_get(audit))
        .wants(Deny),
        case(NOT, "another session of the role is denied", vec![])
            .on(
                not_audit(json!([
                    audit,
                    "arn:aws:iam::444455556666:role/cross-account-read-only-role",
                    "arn:aws:iam::444455556666:root"
                ])),
                b,
                ResourceKind::Other,
            )
            .asks(audit_get(
                "arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/other",
            ))
            .wants(Deny),
        case(
            KMS,
            "the default key policy enables IAM policies: an IAM allow works",
            vec![may_encrypt.clone()],
        )
        .on(
            key_policy("arn:aws:iam::111122223333:root"),
            b,
            ResourceKind::KmsKey,
        )
        .asks(encrypt(dev))
        .wants(Allow),
        case(
            KMS,
            "without permission from the key policy, IAM allows have no effect",
            vec![may_encrypt.clone()],
        )
        .on(other_key.clone(), b, ResourceKind::KmsKey)
        .asks(encrypt(dev))
        .wants(Implicit),
        case(
            KMS,
            "an IAM policy can deny without permission from the key policy",
            vec![deny_encrypt],
        )
        .on(other_key, b, ResourceKind::KmsKey)
        .asks(encrypt(dev))
        .wants(Deny),
        case(
            KMS,
            "the root principal alone grants no one: IAM must allow",
            vec![],
        )
        .on(
            key_policy("arn:aws:iam::111122223333:root"),
            b,
            ResourceKind::KmsKey,
        )
        .asks(encrypt(dev))
        .wants(Implicit),
        case(
            KMS,
            "a key policy naming the principal allows it directly",
            vec![],
        )
        .on(key_policy(dev), b, ResourceKind::KmsKey)
        .asks(encrypt(dev))
        .wants(Allow),
        case(
            KMS,
            "another account named by the key policy still needs its IAM allow",
            vec![],
        )
        .on(
            key_policy("arn:aws:iam::444455556666:root"),
            b,
            ResourceKind::KmsKey,
        )
        .asks(encrypt("arn:aws:iam::444455556666:user/ext"))
        .wants(Implicit),
        case(KMS, "… and with it, access", vec![may_encrypt])
            .on(
                key_policy("arn:aws:iam::444455556666:root"),
                b,
                ResourceKind::KmsKey,
            )
            .asks(encrypt("arn:aws:iam::444455556666:user/ext"))
            .wants(Allow),
    ]
}
