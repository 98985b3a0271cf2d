//! The verb patterns the protecting policies deny for each kind of baseline resource: the writes
//! of [`Guarded::actions`] as the service names them by verb, so a write AWS adds next year is
//! denied too.

use super::Guarded;

impl Guarded {
    /// What the protecting policies deny: the actions above as verb patterns where the service
    /// names its writes by verb, so a write AWS adds next year is denied too. Every action of
    /// [`Guarded::actions`] matches one of them (a test holds it).
    pub fn patterns(self) -> &'static [&'static str] {
        match self {
            Guarded::Trail => &[
                "cloudtrail:Add*",
                "cloudtrail:Cancel*",
                "cloudtrail:Create*",
                "cloudtrail:Delete*",
                "cloudtrail:Deregister*",
                "cloudtrail:Disable*",
                "cloudtrail:Enable*",
                "cloudtrail:Put*",
                "cloudtrail:Register*",
                "cloudtrail:Remove*",
                "cloudtrail:Restore*",
                "cloudtrail:StartLogging",
                "cloudtrail:Stop*",
                "cloudtrail:Update*",
            ],
            Guarded::Bucket | Guarded::BucketObjects => &[
                "s3:Bypass*",
                "s3:Delete*",
                "s3:InitiateReplication",
                "s3:ObjectOwnerOverrideToBucketOwner",
                "s3:Put*",
                "s3:Replicate*",
                "s3:RestoreObject",
            ],
            Guarded::Key => &[
                "kms:Create*",
                "kms:Delete*",
                "kms:Disable*",
                "kms:Import*",
                "kms:Put*",
                "kms:Replicate*",
                "kms:Retire*",
                "kms:Revoke*",
                "kms:Schedule*",
                "kms:Tag*",
                "kms:Untag*",
                "kms:Update*",
            ],
            Guarded::LogGroup => &[
                "logs:Associate*",
                "logs:Create*",
                "logs:Delete*",
                "logs:Disassociate*",
                "logs:Put*",
                "logs:Tag*",
                "logs:Untag*",
            ],
            Guarded::Alarm => &[
                "cloudwatch:Delete*",
                "cloudwatch:Disable*",
                "cloudwatch:Put*",
                "cloudwatch:Set*",
                "cloudwatch:Tag*",
                "cloudwatch:Untag*",
            ],
            Guarded::Topic => &[
                "sns:AddPermission",
                "sns:Delete*",
                "sns:Publish",
                "sns:Put*",
                "sns:RemovePermission",
                "sns:Set*",
                "sns:Subscribe",
                "sns:Tag*",
                "sns:Untag*",
            ],
            Guarded::Rule => &[
                "events:Delete*",
                "events:Disable*",
                "events:Put*",
                "events:Remove*",
                "events:Tag*",
                "events:Untag*",
            ],
            Guarded::Detector => &[
                "guardduty:Accept*",
                "guardduty:Archive*",
                "guardduty:Create*",
                "guardduty:Decline*",
                "guardduty:Delete*",
                "guardduty:Disable*",
                "guardduty:Disassociate*",
                "guardduty:Enable*",
                "guardduty:Invite*",
                "guardduty:Start*",
                "guardduty:Stop*",
                "guardduty:Tag*",
                "guardduty:Unarchive*",
                "guardduty:Untag*",
                "guardduty:Update*",
            ],
            Guarded::Budget => &[
                "budgets:Create*",
                "budgets:Delete*",
                "budgets:Execute*",
                "budgets:Modify*",
                "budgets:Update*",
            ],
            Guarded::Stack => &[
                "cloudformation:CancelUpdateStack",
                "cloudformation:ContinueUpdateRollback",
                "cloudformation:Create*",
                "cloudformation:Delete*",
                "cloudformation:Execute*",
                "cloudformation:Import*",
                "cloudformation:Rollback*",
                "cloudformation:Set*",
                "cloudformation:SignalResource",
                "cloudformation:Tag*",
                "cloudformation:Untag*",
                "cloudformation:Update*",
            ],
            Guarded::ConfigRecorder | Guarded::DeliveryChannel => &[
                "config:Associate*",
                "config:Delete*",
                "config:Disassociate*",
                "config:Put*",
                "config:Stop*",
                "config:Tag*",
                "config:Untag*",
            ],
            Guarded::SecurityHub => &[
                "securityhub:Accept*",
                "securityhub:BatchDelete*",
                "securityhub:BatchDisable*",
                "securityhub:BatchImportFindings",
                "securityhub:BatchUpdate*",
                "securityhub:Create*",
                "securityhub:Delete*",
                "securityhub:Disable*",
                "securityhub:Disassociate*",
                "securityhub:Invite*",
                "securityhub:Tag*",
                "securityhub:Untag*",
                "securityhub:Update*",
            ],
            Guarded::Analyzer => &[
                "access-analyzer:Apply*",
                "access-analyzer:Create*",
                "access-analyzer:Delete*",
                "access-analyzer:Tag*",
                "access-analyzer:Untag*",
                "access-analyzer:Update*",
            ],
            Guarded::IdentityCenter => &[
                "identitystore:Create*",
                "identitystore:Delete*",
                "identitystore:Update*",
                "sso-directory:Add*",
                "sso-directory:Remove*",
                "sso:Attach*",
                "sso:Create*",
                "sso:Delete*",
                "sso:Detach*",
                "sso:Provision*",
                "sso:Put*",
                "sso:Update*",
            ],
            Guarded::KeyAlias
            | Guarded::LogsAccount
            | Guarded::MetricData
            | Guarded::Subscription
            | Guarded::StackTypes
            | Guarded::Ec2Defaults
            | Guarded::S3AccountBlock
            | Guarded::EventBus => self.actions(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use crate::iam::eval::glob;

    #[test]
    fn every_asked_action_is_denied_by_a_pattern_of_its_kind() {
        for kind in GUARDED {
            for action in kind.actions() {
                assert!(
                    kind.patterns().iter().any(|p| glob(p, action)),
                    "{kind:?}: {action} matches no pattern"
                );
            }
        }
        for action in IAM_WRITES_ASKED {
            assert!(IAM_WRITES.iter().any(|p| glob(p, action)), "{action}");
        }
    }
}
