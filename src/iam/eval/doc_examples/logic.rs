//! IAM User Guide, "Policy evaluation logic" and "Cross-account policy evaluation logic";
//! STS API Reference and IAM User Guide on the STS actions that need no permission.

use serde_json::json;

use super::Want::{Allow, Deny, Implicit};
use super::{case, Case};
use crate::iam::eval::{Request, ResourceKind};

const LOGIC: &str = "IAM User Guide: Policy evaluation logic";
const CROSS: &str = "IAM User Guide: Cross-account policy evaluation logic";
const STS: &str =
    "STS API Reference: GetCallerIdentity; IAM User Guide: Permissions for GetSessionToken";

pub(super) fn cases() -> Vec<Case> {
    let carlos = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowS3ListRead", "Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "s3:HeadBucket"], "Resource": "*"},
        {"Sid": "AllowS3Self", "Effect": "Allow", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"]},
        {"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": ["arn:aws:s3:::*log*", "arn:aws:s3:::*log*/*"]}
    ]});
    let carlos_bucket = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",
        "Principal": {"AWS": "arn:aws:iam::111122223333:user/carlossalazar"}, "Resource": "*"}]});
    let carlos_arn = "arn:aws:iam::111122223333:user/carlossalazar";
    let admin_no_billing = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "aws-portal:*", "Resource": "*"}
    ]});
    let manage_users = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": [
        "iam:AttachUserPolicy", "iam:CreateUser", "iam:DeleteUser", "iam:DeleteUserPolicy", "iam:DetachUserPolicy",
        "iam:GetUser", "iam:GetUserPolicy", "iam:ListAttachedUserPolicies", "iam:ListUserPolicies", "iam:ListUsers",
        "iam:PutUserPolicy", "iam:UpdateUser"], "Resource": "*"}});
    let cross_carlos = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowS3ListRead", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},
        {"Sid": "AllowS3ProductionObjectActions", "Effect": "Allow", "Action": "s3:*Object*", "Resource": "arn:aws:s3:::Production/*"},
        {"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": ["arn:aws:s3:::*log*", "arn:aws:s3:::*log*/*"]}
    ]});
    let production = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["s3:GetObject*", "s3:PutObject*", "s3:ReplicateObject", "s3:RestoreObject"],
        "Principal": {"AWS": "arn:aws:iam::111111111111:user/carlossalazar"}, "Resource": "arn:aws:s3:::Production/*"}]});
    let cross_arn = "arn:aws:iam::111111111111:user/carlossalazar";
    let deny_all = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]});
    let put = |resource: &str, by: &str| Request::new("s3:PutObject", resource).by(by);
    vec![
        case(
            LOGIC,
            "Carlos saves to carlossalazar-logs: DenyS3Logs denies",
            vec![carlos.clone()],
        )
        .asks(put("arn:aws:s3:::carlossalazar-logs/f", carlos_arn))
        .wants(Deny),
        case(
            LOGIC,
            "Carlos saves to carlossalazar: both policies allow",
            vec![carlos.clone()],
        )
        .on(carlos_bucket.clone(), "111122223333", ResourceKind::Other)
        .asks(put("arn:aws:s3:::carlossalazar/f", carlos_arn))
        .wants(Allow),
        case(
            LOGIC,
            "one policy type allows and the other does not: still allowed",
            vec![],
        )
        .on(carlos_bucket.clone(), "111122223333", ResourceKind::Other)
        .asks(put("arn:aws:s3:::carlossalazar/f", carlos_arn))
        .wants(Allow),
        case(
            LOGIC,
            "an explicit deny in the identity policy overrides the bucket policy's allow",
            vec![carlos.clone()],
        )
        .on(
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",
                "Principal": {"AWS": carlos_arn}, "Resource": "*"}]}),
            "111122223333",
            ResourceKind::Other,
        )
        .asks(put("arn:aws:s3:::carlossalazar-logs/f", carlos_arn))
        .wants(Deny),
        case(
            LOGIC,
            "full access but billing: aws-portal is explicitly denied",
            vec![admin_no_billing.clone()],
        )
        .asks(Request::new("aws-portal:ViewBilling", "*"))
        .wants(Deny),
        case(
            LOGIC,
            "full access but billing: everything else is allowed",
            vec![admin_no_billing],
        )
        .asks(Request::new("ec2:RunInstances", "*"))
        .wants(Allow),
        case(
            LOGIC,
            "manage users: CreateUser allowed",
            vec![manage_users.clone()],
        )
        .asks(Request::new("iam:CreateUser", "*"))
        .wants(Allow),
        case(
            LOGIC,
            "manage users: groups are implicitly denied",
            vec![manage_users],
        )
        .asks(Request::new("iam:CreateGroup", "*"))
        .wants(Implicit),
        case(
            CROSS,
            "Carlos saves to Production-logs in 222222222222: denied in his own account",
            vec![cross_carlos.clone()],
        )
        .asks(put("arn:aws:s3:::Production-logs/f", cross_arn))
        .wants(Deny),
        case(
            CROSS,
            "Carlos saves to Production: both accounts allow",
            vec![cross_carlos.clone()],
        )
        .on(production.clone(), "222222222222", ResourceKind::Other)
        .asks(put("arn:aws:s3:::Production/f", cross_arn))
        .wants(Allow),
        case(
            CROSS,
            "he can create and edit, but not delete the objects",
            vec![cross_carlos],
        )
        .on(production.clone(), "222222222222", ResourceKind::Other)
        .asks(Request::new("s3:DeleteObject", "arn:aws:s3:::Production/f").by(cross_arn))
        .wants(Implicit),
        case(
            CROSS,
            "the requester must also have an identity-based policy",
            vec![],
        )
        .on(production, "222222222222", ResourceKind::Other)
        .asks(put("arn:aws:s3:::Production/f", cross_arn))
        .wants(Implicit),
        case(
            STS,
            "GetCallerIdentity: an explicit deny does not stop it",
            vec![deny_all.clone()],
        )
        .asks(Request::new("sts:GetCallerIdentity", "*"))
        .wants(Allow),
        case(STS, "GetSessionToken: no permission is required", vec![])
            .asks(Request::new("sts:GetSessionToken", "*"))
            .wants(Allow),
        case(
            STS,
            "GetSessionToken: a policy naming it does not affect it",
            vec![deny_all],
        )
        .asks(Request::new("sts:GetSessionToken", "*"))
        .wants(Allow),
    ]
}
