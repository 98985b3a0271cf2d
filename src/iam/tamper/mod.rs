//! What it takes to undo the baseline quietly: for each kind of resource the baseline owns, the
//! write, delete, disable, policy and key-state actions that would remove, blind or silence it.
//!
//! One list, read by every policy that denies them (the roles' `protect-baseline` policy, the key,
//! bucket and topic policies) and by `hydrate check`, which asks each one of every non-admin role.
//! Actions are named one by one (no wildcards) so that a cell of `check` is one real API call;
//! the policies deny their verb patterns (`patterns.rs`).

mod iam_writes;
mod patterns;

pub use iam_writes::{IAM_WRITES, IAM_WRITES_ASKED};

/// A kind of baseline resource, by how IAM names it in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Guarded {
    /// The CloudTrail trail (CloudTrail writes are the admin's alone, account-wide).
    Trail,
    /// An audit or template bucket (`arn:aws:s3:::<name>`).
    Bucket,
    /// The objects of such a bucket (`arn:aws:s3:::<name>/*`).
    BucketObjects,
    /// A customer-managed key of the baseline, recognised by its `alias/hydrate/…` alias.
    Key,
    /// An alias of such a key.
    KeyAlias,
    /// The trail's log group, with its metric filters, streams and subscriptions.
    LogGroup,
    /// Account-wide CloudWatch Logs policies that act on every log group.
    LogsAccount,
    /// A CIS alarm.
    Alarm,
    /// The CIS alarms' metric namespace (forged data points would hide or fake an alarm).
    MetricData,
    /// The alert topic.
    Topic,
    /// Subscriptions of the alert topic (IAM knows no subscription resource: account-wide).
    Subscription,
    /// The EventBridge rule forwarding GuardDuty findings.
    Rule,
    /// The GuardDuty detector (GuardDuty writes are the admin's alone, account-wide).
    Detector,
    /// The budget (budget writes are the admin's alone, account-wide).
    Budget,
    /// A hydrate CloudFormation stack.
    Stack,
    /// CloudFormation extensions (hooks run on every stack operation, the admin's repairs too).
    StackTypes,
    /// The AWS Config recorder of a region (Config names no recorder resource: account-wide).
    ConfigRecorder,
    /// Its delivery channel, which says where the recordings go.
    DeliveryChannel,
    /// The Security Hub of a region, its standards, controls and findings.
    SecurityHub,
    /// The EC2 account defaults bootstrap sets in every region: EBS encryption by default, its key,
    /// IMDSv2 for new instances (EC2 names no resource for them: account-wide).
    Ec2Defaults,
    /// The account-wide S3 Block Public Access bootstrap sets (it takes no resource).
    S3AccountBlock,
    /// The IAM Access Analyzer of a region, its archive rules and findings.
    Analyzer,
    /// Who may send events to the default event bus, where the findings rules listen.
    EventBus,
    /// IAM Identity Center: its permission sets (the protection of every account they reach),
    /// account assignments and group memberships (Identity Center names them by instance and
    /// store; the writes are the admin's alone, account-wide).
    IdentityCenter,
}

/// Every kind, in the order `check` reports them.
pub const GUARDED: &[Guarded] = &[
    Guarded::Trail,
    Guarded::Bucket,
    Guarded::BucketObjects,
    Guarded::Key,
    Guarded::KeyAlias,
    Guarded::LogGroup,
    Guarded::LogsAccount,
    Guarded::Alarm,
    Guarded::MetricData,
    Guarded::Topic,
    Guarded::Subscription,
    Guarded::Rule,
    Guarded::Detector,
    Guarded::Budget,
    Guarded::Stack,
    Guarded::StackTypes,
    Guarded::ConfigRecorder,
    Guarded::DeliveryChannel,
    Guarded::SecurityHub,
    Guarded::Ec2Defaults,
    Guarded::S3AccountBlock,
    Guarded::Analyzer,
    Guarded::EventBus,
    Guarded::IdentityCenter,
];

impl Guarded {
    /// The actions that would undo a resource of this kind.
    pub fn actions(self) -> &'static [&'static str] {
        match self {
            Guarded::Trail => &[
                "cloudtrail:AddTags",
                "cloudtrail:CreateTrail",
                "cloudtrail:DeleteTrail",
                "cloudtrail:PutEventSelectors",
                "cloudtrail:PutInsightSelectors",
                "cloudtrail:RemoveTags",
                "cloudtrail:StartLogging",
                "cloudtrail:StopLogging",
                "cloudtrail:UpdateTrail",
            ],
            Guarded::Bucket => &[
                "s3:DeleteBucket",
                "s3:DeleteBucketPolicy",
                "s3:PutBucketAcl",
                "s3:PutBucketLogging",
                "s3:PutBucketNotification",
                "s3:PutBucketObjectLockConfiguration",
                "s3:PutBucketOwnershipControls",
                "s3:PutBucketPolicy",
                "s3:PutBucketPublicAccessBlock",
                "s3:PutBucketRequestPayment",
                "s3:PutBucketTagging",
                "s3:PutBucketVersioning",
                "s3:PutEncryptionConfiguration",
                "s3:PutLifecycleConfiguration",
                "s3:PutReplicationConfiguration",
            ],
            Guarded::BucketObjects => &[
                "s3:BypassGovernanceRetention",
                "s3:DeleteObject",
                "s3:DeleteObjectVersion",
                "s3:PutObject",
                "s3:PutObjectAcl",
                "s3:PutObjectLegalHold",
                "s3:PutObjectRetention",
                "s3:PutObjectVersionAcl",
            ],
            Guarded::Key => &[
                "kms:CreateGrant",
                "kms:DeleteImportedKeyMaterial",
                "kms:DisableKey",
                "kms:DisableKeyRotation",
                "kms:PutKeyPolicy",
                "kms:ReplicateKey",
                "kms:RevokeGrant",
                "kms:ScheduleKeyDeletion",
                "kms:TagResource",
                "kms:UntagResource",
                "kms:UpdateKeyDescription",
                "kms:UpdatePrimaryRegion",
            ],
            Guarded::KeyAlias => &["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
            Guarded::LogGroup => &[
                "logs:AssociateKmsKey",
                "logs:CreateLogStream",
                "logs:DeleteDataProtectionPolicy",
                "logs:DeleteLogGroup",
                "logs:DeleteLogStream",
                "logs:DeleteMetricFilter",
                "logs:DeleteRetentionPolicy",
                "logs:DeleteSubscriptionFilter",
                "logs:DeleteTransformer",
                "logs:DisassociateKmsKey",
                "logs:PutDataProtectionPolicy",
                "logs:PutLogEvents",
                "logs:PutMetricFilter",
                "logs:PutRetentionPolicy",
                "logs:PutSubscriptionFilter",
                "logs:PutTransformer",
                "logs:TagLogGroup",
                "logs:TagResource",
                "logs:UntagLogGroup",
                "logs:UntagResource",
            ],
            Guarded::LogsAccount => &["logs:DeleteAccountPolicy", "logs:PutAccountPolicy"],
            Guarded::Alarm => &[
                "cloudwatch:DeleteAlarms",
                "cloudwatch:DisableAlarmActions",
                "cloudwatch:PutAlarmMuteRule",
                "cloudwatch:PutMetricAlarm",
                "cloudwatch:SetAlarmState",
                "cloudwatch:TagResource",
                "cloudwatch:UntagResource",
            ],
            Guarded::MetricData => &["cloudwatch:PutMetricData"],
            Guarded::Topic => &[
                "sns:AddPermission",
                "sns:DeleteTopic",
                "sns:Publish",
                "sns:PutDataProtectionPolicy",
                "sns:RemovePermission",
                "sns:SetTopicAttributes",
                "sns:Subscribe",
                "sns:TagResource",
                "sns:UntagResource",
            ],
            Guarded::Subscription => &["sns:SetSubscriptionAttributes", "sns:Unsubscribe"],
            Guarded::Rule => &[
                "events:DeleteRule",
                "events:DisableRule",
                "events:PutRule",
                "events:PutTargets",
                "events:RemoveTargets",
                "events:TagResource",
                "events:UntagResource",
            ],
            Guarded::Detector => &[
                "guardduty:AcceptAdministratorInvitation",
                "guardduty:ArchiveFindings",
                "guardduty:CreateFilter",
                "guardduty:CreateIPSet",
                "guardduty:DeleteDetector",
                "guardduty:DeleteFilter",
                "guardduty:DeletePublishingDestination",
                "guardduty:DeleteThreatIntelSet",
                "guardduty:DisassociateFromAdministratorAccount",
                "guardduty:DisassociateFromMasterAccount",
                "guardduty:StopMonitoringMembers",
                "guardduty:TagResource",
                "guardduty:UntagResource",
                "guardduty:UpdateDetector",
                "guardduty:UpdateFilter",
                "guardduty:UpdateFindingsFeedback",
                "guardduty:UpdateIPSet",
                "guardduty:UpdateMemberDetectors",
                "guardduty:UpdateThreatIntelSet",
            ],
            Guarded::Budget => &[
                "budgets:CreateBudgetAction",
                "budgets:DeleteBudgetAction",
                "budgets:ExecuteBudgetAction",
                "budgets:ModifyBudget",
                "budgets:UpdateBudgetAction",
            ],
            Guarded::Stack => &[
                "cloudformation:CancelUpdateStack",
                "cloudformation:ContinueUpdateRollback",
                "cloudformation:CreateChangeSet",
                "cloudformation:CreateStack",
                "cloudformation:DeleteStack",
                "cloudformation:ExecuteChangeSet",
                "cloudformation:RollbackStack",
                "cloudformation:SetStackPolicy",
                "cloudformation:SignalResource",
                "cloudformation:TagResource",
                "cloudformation:UntagResource",
                "cloudformation:UpdateStack",
                "cloudformation:UpdateTerminationProtection",
            ],
            Guarded::StackTypes => &[
                "cloudformation:ActivateType",
                "cloudformation:DeactivateType",
                "cloudformation:DeregisterType",
                "cloudformation:RegisterType",
                "cloudformation:SetTypeConfiguration",
                "cloudformation:SetTypeDefaultVersion",
            ],
            Guarded::ConfigRecorder => &[
                "config:AssociateResourceTypes",
                "config:DeleteConfigurationRecorder",
                "config:DeleteRetentionConfiguration",
                "config:DeleteServiceLinkedConfigurationRecorder",
                "config:DisassociateResourceTypes",
                "config:PutConfigurationRecorder",
                "config:PutRetentionConfiguration",
                "config:StopConfigurationRecorder",
                "config:TagResource",
                "config:UntagResource",
            ],
            Guarded::DeliveryChannel => {
                &["config:DeleteDeliveryChannel", "config:PutDeliveryChannel"]
            }
            Guarded::SecurityHub => &[
                "securityhub:AcceptAdministratorInvitation",
                "securityhub:BatchDisableStandards",
                "securityhub:BatchImportFindings",
                "securityhub:BatchUpdateAutomationRules",
                "securityhub:BatchUpdateFindings",
                "securityhub:BatchUpdateStandardsAssociations",
                "securityhub:CreateAutomationRule",
                "securityhub:DeleteFindingAggregator",
                "securityhub:DeleteInsight",
                "securityhub:DisableImportFindingsForProduct",
                "securityhub:DisableSecurityHub",
                "securityhub:DisassociateFromAdministratorAccount",
                "securityhub:InviteMembers",
                "securityhub:TagResource",
                "securityhub:UntagResource",
                "securityhub:UpdateFindingAggregator",
                "securityhub:UpdateSecurityControl",
                "securityhub:UpdateSecurityHubConfiguration",
                "securityhub:UpdateStandardsControl",
            ],
            Guarded::Ec2Defaults => &[
                "ec2:DisableEbsEncryptionByDefault",
                "ec2:ModifyEbsDefaultKmsKeyId",
                "ec2:ModifyInstanceMetadataDefaults",
                "ec2:ResetEbsDefaultKmsKeyId",
            ],
            Guarded::S3AccountBlock => &["s3:PutAccountPublicAccessBlock"],
            Guarded::Analyzer => &[
                "access-analyzer:ApplyArchiveRule",
                "access-analyzer:CreateArchiveRule",
                "access-analyzer:DeleteAnalyzer",
                "access-analyzer:DeleteArchiveRule",
                "access-analyzer:TagResource",
                "access-analyzer:UntagResource",
                "access-analyzer:UpdateAnalyzer",
                "access-analyzer:UpdateArchiveRule",
                "access-analyzer:UpdateFindings",
            ],
            // Another account allowed onto the bus could send its own (sample) findings here,
            // and the home rule would mail them.
            Guarded::EventBus => &["events:PutPermission", "events:RemovePermission"],
            // Each one changes who gets which permission set, or what a permission set allows,
            // in every account it reaches.
            Guarded::IdentityCenter => &[
                "identitystore:CreateGroupMembership",
                "identitystore:DeleteGroupMembership",
                "identitystore:UpdateGroup",
                "sso-directory:AddMemberToGroup",
                "sso-directory:RemoveMemberFromGroup",
                "sso:AttachCustomerManagedPolicyReferenceToPermissionSet",
                "sso:AttachManagedPolicyToPermissionSet",
                "sso:CreateAccountAssignment",
                "sso:CreatePermissionSet",
                "sso:DeleteAccountAssignment",
                "sso:DeleteInlinePolicyFromPermissionSet",
                "sso:DeletePermissionSet",
                "sso:DetachManagedPolicyFromPermissionSet",
                "sso:ProvisionPermissionSet",
                "sso:PutInlinePolicyToPermissionSet",
                "sso:PutPermissionsBoundaryToPermissionSet",
                "sso:UpdatePermissionSet",
            ],
        }
    }

    /// How `check` names the kind.
    pub fn label(self) -> &'static str {
        match self {
            Guarded::Trail => "trail",
            Guarded::Bucket => "bucket",
            Guarded::BucketObjects => "bucket objects",
            Guarded::Key => "key",
            Guarded::KeyAlias => "key alias",
            Guarded::LogGroup => "log group",
            Guarded::LogsAccount => "logs account policy",
            Guarded::Alarm => "alarm",
            Guarded::MetricData => "alarm metrics",
            Guarded::Topic => "alert topic",
            Guarded::Subscription => "alert subscriptions",
            Guarded::Rule => "findings rule",
            Guarded::Detector => "detector",
            Guarded::Budget => "budget",
            Guarded::Stack => "stack",
            Guarded::StackTypes => "stack extensions",
            Guarded::ConfigRecorder => "config recorder",
            Guarded::DeliveryChannel => "config delivery channel",
            Guarded::SecurityHub => "security hub",
            Guarded::Ec2Defaults => "ec2 account defaults",
            Guarded::S3AccountBlock => "s3 account public access block",
            Guarded::Analyzer => "access analyzer",
            Guarded::EventBus => "default event bus",
            Guarded::IdentityCenter => "identity center",
        }
    }
}

/// The prefix of every name the baseline gives its resources: `hydrate-…` stacks, buckets, alarms,
/// topic and rule, `/hydrate/…` log groups, `alias/hydrate/…` keys.
pub const BASELINE_PREFIX: &str = "hydrate";

/// The KMS condition key listing a key's aliases: the only stable name a key has.
pub const KEY_ALIASES: &str = "kms:ResourceAliases";
