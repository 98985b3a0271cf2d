//! The storage controls: the account's S3 public access block (CIS v5.0 2.1.4) and EBS encryption
//! by default in each region (5.1.1).

use super::super::aws::Aws;
use super::super::aws_error::classify;
use super::control::{Control, Spec, GLOBAL};

/// 2.1.4.
pub const ACCOUNT_PUBLIC_ACCESS_BLOCK: Spec = Spec {
    name: "s3-account-public-access-block",
    cis: "2.1.4",
    cis_v1_4: "",
    title: "S3 Block Public Access is on for the account (all four settings)",
    fix: "`hydrate bootstrap` sets the account's public access block",
};
/// 5.1.1.
pub const EBS_ENCRYPTION: Spec = Spec {
    name: "ebs-default-encryption",
    cis: "5.1.1",
    cis_v1_4: "",
    title: "EBS volume encryption is on by default",
    fix: "`hydrate bootstrap` turns EBS encryption by default on in every region of account.json",
};

/// The four flags as `name true|false`, and whether all are on.
pub fn four_flags(
    acls: Option<bool>,
    ignore: Option<bool>,
    policy: Option<bool>,
    restrict: Option<bool>,
) -> (String, bool) {
    let flags = [
        ("BlockPublicAcls", acls),
        ("IgnorePublicAcls", ignore),
        ("BlockPublicPolicy", policy),
        ("RestrictPublicBuckets", restrict),
    ];
    let text = flags
        .iter()
        .map(|(n, v)| format!("{n} {}", v.unwrap_or(false)))
        .collect::<Vec<_>>()
        .join(", ");
    (text, flags.iter().all(|(_, v)| *v == Some(true)))
}

/// Reads the account's public access block: `Ok(None)` when it has none.
pub async fn account_block(
    aws: &Aws,
    account_id: &str,
) -> Result<Option<(String, bool)>, super::super::AwsError> {
    match aws
        .s3control
        .get_public_access_block()
        .account_id(account_id)
        .send()
        .await
    {
        Ok(out) => {
            let c = out.public_access_block_configuration();
            Ok(Some(four_flags(
                c.and_then(|c| c.block_public_acls()),
                c.and_then(|c| c.ignore_public_acls()),
                c.and_then(|c| c.block_public_policy()),
                c.and_then(|c| c.restrict_public_buckets()),
            )))
        }
        Err(e) => {
            let e = classify("s3control:GetPublicAccessBlock", e);
            match e.code() {
                Some("NoSuchPublicAccessBlockConfiguration") => Ok(None),
                _ => Err(e),
            }
        }
    }
}

/// The account public access block row.
pub async fn public_access_block(aws: &Aws, account_id: &str) -> Control {
    match account_block(aws, account_id).await {
        Ok(Some((text, ok))) => ACCOUNT_PUBLIC_ACCESS_BLOCK.judge(
            GLOBAL,
            ok,
            format!("GetPublicAccessBlock (account): {text}"),
        ),
        Ok(None) => ACCOUNT_PUBLIC_ACCESS_BLOCK.judge(
            GLOBAL,
            false,
            "GetPublicAccessBlock (account): the account has no public access block",
        ),
        Err(e) => ACCOUNT_PUBLIC_ACCESS_BLOCK.unread(GLOBAL, &e),
    }
}

/// The EBS default encryption row of one region.
pub async fn ebs_encryption(aws: &Aws) -> Control {
    match aws.ec2.get_ebs_encryption_by_default().send().await {
        Ok(out) => {
            let on = out.ebs_encryption_by_default().unwrap_or(false);
            EBS_ENCRYPTION.judge(
                &aws.region,
                on,
                format!("GetEbsEncryptionByDefault: EbsEncryptionByDefault {on}"),
            )
        }
        Err(e) => EBS_ENCRYPTION.unread(&aws.region, &classify("ec2:GetEbsEncryptionByDefault", e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_four_flags_or_nothing() {
        let (text, ok) = four_flags(Some(true), Some(true), Some(true), Some(true));
        assert!(ok);
        assert!(text.starts_with("BlockPublicAcls true"));
        let (text, ok) = four_flags(Some(true), None, Some(true), Some(true));
        assert!(!ok);
        assert!(text.contains("IgnorePublicAcls false"));
    }
}
