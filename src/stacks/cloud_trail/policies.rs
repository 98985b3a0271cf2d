//! The policies of `cloudTrail`: the trail key's policy, the two bucket policies, and the role
//! CloudTrail writes to the log group with. Each admits its service for this trail and account only.

use crate::cfn::iam::InlinePolicy;
use crate::cfn::logs::LogGroup;
use crate::cfn::s3::Bucket;
use crate::cfn::Handle;
use crate::expr::{account_id, sub, Expr};
use crate::iam::{deny_insecure_transport, Condition, PolicyDocument, Principal, Statement};
use crate::stacks::guard::{self, bucket_and_objects, AdminRole};

/// The account administers a key through IAM (and the key's Deny of tampering to non-admin roles).
pub(super) fn administered_by_account() -> Statement {
    Statement::allow(["kms:*"])
        .sid("AccountAdministersKeyThroughIam")
        .principal(Principal::this_account())
        .on_all()
}

/// The KMS key of the trail's log files: CloudTrail encrypts log files for this trail only; the
/// account's IAM policies govern everything else.
pub(super) fn trail_key_policy(trail_arn: &Expr) -> PolicyDocument {
    PolicyDocument::new([
        administered_by_account(),
        Statement::allow(["kms:GenerateDataKey*"])
            .sid("CloudTrailEncryptsThisTrailsLogs")
            .principal(Principal::service("cloudtrail.amazonaws.com"))
            .on_all()
            .when(Condition::new(
                "StringEquals",
                "aws:SourceArn",
                [trail_arn.clone()],
            ))
            .when(Condition::new(
                "StringLike",
                "kms:EncryptionContext:aws:cloudtrail:arn",
                [sub(
                    "arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*",
                )],
            )),
        Statement::allow(["kms:DescribeKey"])
            .sid("CloudTrailDescribesKey")
            .principal(Principal::service("cloudtrail.amazonaws.com"))
            .on_all()
            .when(Condition::new(
                "StringEquals",
                "aws:SourceArn",
                [trail_arn.clone()],
            )),
    ])
}

/// The KMS key of the trail's log group, apart from the log files' key so that disabling one
/// cannot blind both deliveries: CloudWatch Logs encrypts this log group only.
pub(super) fn log_group_key_policy(log_group_arn: &Expr) -> PolicyDocument {
    PolicyDocument::new([
        administered_by_account(),
        Statement::allow([
            "kms:Decrypt*",
            "kms:Describe*",
            "kms:Encrypt*",
            "kms:GenerateDataKey*",
            "kms:ReEncrypt*",
        ])
        .sid("CloudWatchLogsEncryptsThisLogGroup")
        .principal(Principal::service(sub("logs.${AWS::Region}.amazonaws.com")))
        .on_all()
        .when(Condition::new(
            "ArnEquals",
            "kms:EncryptionContext:aws:logs:arn",
            [log_group_arn.clone()],
        )),
    ])
}

/// Bucket settings, bucket policy and stored objects: changed by the admin role alone.
fn deny_bucket_tampering(bucket: &Handle<Bucket>, admin: &AdminRole) -> Statement {
    guard::deny_bucket_tampering(bucket, admin, [])
}

/// The access-log bucket: S3 server access logging writes the trail bucket's logs, nothing else.
pub(super) fn access_log_bucket_policy(
    logs: &Handle<Bucket>,
    trail_bucket: &Handle<Bucket>,
    admin: &AdminRole,
) -> PolicyDocument {
    PolicyDocument::new([
        Statement::allow(["s3:PutObject"])
            .sid("S3WritesAccessLogsOfTheTrailBucket")
            .principal(Principal::service("logging.s3.amazonaws.com"))
            .on([sub(format!("{}/trail-bucket/*", logs.arn_in_sub()))])
            .when(Condition::new(
                "ArnLike",
                "aws:SourceArn",
                [trail_bucket.arn()],
            ))
            .when(Condition::new(
                "StringEquals",
                "aws:SourceAccount",
                [account_id()],
            )),
        deny_insecure_transport(&["s3:*"], bucket_and_objects(logs)),
        deny_bucket_tampering(logs, admin),
    ])
}

/// The trail bucket: CloudTrail checks its ACL and writes this account's logs of this trail.
pub(super) fn trail_bucket_policy(
    trail_bucket: &Handle<Bucket>,
    trail_arn: &Expr,
    admin: &AdminRole,
) -> PolicyDocument {
    PolicyDocument::new([
        Statement::allow(["s3:GetBucketAcl"])
            .sid("CloudTrailChecksBucketAcl")
            .principal(Principal::service("cloudtrail.amazonaws.com"))
            .on([trail_bucket.arn()])
            .when(Condition::new(
                "StringEquals",
                "aws:SourceArn",
                [trail_arn.clone()],
            )),
        Statement::allow(["s3:PutObject"])
            .sid("CloudTrailWritesThisAccountsLogs")
            .principal(Principal::service("cloudtrail.amazonaws.com"))
            .on([sub(format!(
                "{}/AWSLogs/${{AWS::AccountId}}/*",
                trail_bucket.arn_in_sub()
            ))])
            .when(Condition::new(
                "StringEquals",
                "s3:x-amz-acl",
                ["bucket-owner-full-control"],
            ))
            .when(Condition::new(
                "StringEquals",
                "aws:SourceArn",
                [trail_arn.clone()],
            ))
            .when(Condition::new(
                "StringEquals",
                "aws:SourceAccount",
                [account_id()],
            )),
        deny_insecure_transport(&["s3:*"], bucket_and_objects(trail_bucket)),
        deny_bucket_tampering(trail_bucket, admin),
    ])
}

/// What the log-delivery role may do: write events to the trail's log group only.
pub(super) fn log_writer_policy(log_group: &Handle<LogGroup>) -> InlinePolicy {
    InlinePolicy {
        policy_name: "write-trail-log-group".to_owned(),
        policy_document: PolicyDocument::new([Statement::allow([
            "logs:CreateLogStream",
            "logs:PutLogEvents",
        ])
        .sid("WriteThisLogGroupOnly")
        .on([log_group.arn()])]),
    }
}

/// Who may assume the log-delivery role: CloudTrail, for this trail.
pub(super) fn log_writer_trust(trail_arn: &Expr) -> PolicyDocument {
    PolicyDocument::new([Statement::allow(["sts:AssumeRole"])
        .sid("CloudTrailForThisTrail")
        .principal(Principal::service("cloudtrail.amazonaws.com"))
        .when(Condition::new(
            "StringEquals",
            "aws:SourceArn",
            [trail_arn.clone()],
        ))])
}
