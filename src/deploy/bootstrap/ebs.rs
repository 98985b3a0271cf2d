//! EBS encryption by default in one region, and the KMS key it uses when the account file names
//! one (`Bootstrap.EbsKmsKeyId`).

use super::Ensure;
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::{classify, AwsError};

/// New EBS volumes and snapshot copies of one region are encrypted.
pub(super) struct EbsEncryption {
    /// The region.
    pub region: String,
}

impl Ensure for EbsEncryption {
    type Current = bool;

    fn name(&self) -> String {
        format!("EBS encryption by default in {}", self.region)
    }

    async fn read(&self, aws: &Aws) -> Result<bool, AwsError> {
        let out = aws
            .ec2
            .get_ebs_encryption_by_default()
            .send()
            .await
            .map_err(|e| classify("ec2:GetEbsEncryptionByDefault", e))?;
        Ok(out.ebs_encryption_by_default().unwrap_or(false))
    }

    fn is_right(&self, current: &bool) -> bool {
        *current
    }

    async fn write(&self, aws: &Aws, _: &bool) -> Result<String, AwsError> {
        aws.ec2
            .enable_ebs_encryption_by_default()
            .send()
            .await
            .map_err(|e| classify("ec2:EnableEbsEncryptionByDefault", e))?;
        Ok("turned on".into())
    }

    fn wanted(&self) -> String {
        "on".into()
    }

    fn shown(&self, current: &bool) -> String {
        if *current { "on" } else { "off" }.into()
    }
}

/// The KMS key EBS encryption by default uses in one region.
pub(super) struct EbsDefaultKey {
    /// The region.
    pub region: String,
    /// The key as the account file names it: alias, key id or ARN.
    pub key: String,
}

/// The default key as EBS names it (an ARN), and the ARN the wanted key has in this region when
/// the two names differ in form (an alias that EBS reports as the key it points at).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DefaultKey {
    current: String,
    wanted_arn: Option<String>,
}

/// True when `current` (an ARN, as EBS reports it) is the key `wanted` names: the same text, or
/// an ARN ending in the alias (`…:alias/x`) or key id (`…:key/<id>`) that `wanted` is.
pub(super) fn names_key(wanted: &str, current: &str) -> bool {
    current == wanted
        || current.ends_with(&format!(":{wanted}"))
        || current.ends_with(&format!(":key/{wanted}"))
}

impl Ensure for EbsDefaultKey {
    type Current = DefaultKey;

    fn name(&self) -> String {
        format!("EBS default KMS key in {}", self.region)
    }

    async fn read(&self, aws: &Aws) -> Result<DefaultKey, AwsError> {
        let out = aws
            .ec2
            .get_ebs_default_kms_key_id()
            .send()
            .await
            .map_err(|e| classify("ec2:GetEbsDefaultKmsKeyId", e))?;
        let current = out.kms_key_id().unwrap_or_default().to_owned();
        if names_key(&self.key, &current) {
            return Ok(DefaultKey {
                current,
                wanted_arn: None,
            });
        }
        // An alias may be reported as the key it points at: ask KMS which key that is here. A
        // key that does not exist in this region fails here, named, before anything is written.
        let key = aws
            .kms
            .describe_key()
            .key_id(&self.key)
            .send()
            .await
            .map_err(|e| classify("kms:DescribeKey", e))?;
        Ok(DefaultKey {
            current,
            wanted_arn: key
                .key_metadata()
                .map(|m| m.arn().unwrap_or_default().to_owned()),
        })
    }

    fn is_right(&self, current: &DefaultKey) -> bool {
        names_key(&self.key, &current.current)
            || current
                .wanted_arn
                .as_deref()
                .is_some_and(|arn| !arn.is_empty() && arn == current.current)
    }

    async fn write(&self, aws: &Aws, current: &DefaultKey) -> Result<String, AwsError> {
        aws.ec2
            .modify_ebs_default_kms_key_id()
            .kms_key_id(&self.key)
            .send()
            .await
            .map_err(|e| classify("ec2:ModifyEbsDefaultKmsKeyId", e))?;
        Ok(format!("set to {} (was {})", self.key, self.shown(current)))
    }

    fn wanted(&self) -> String {
        self.key.clone()
    }

    fn shown(&self, current: &DefaultKey) -> String {
        if current.current.is_empty() {
            "none reported".into()
        } else {
            current.current.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(key: &str) -> EbsDefaultKey {
        EbsDefaultKey {
            region: "eu-west-1".into(),
            key: key.into(),
        }
    }

    fn found(current: &str, wanted_arn: Option<&str>) -> DefaultKey {
        DefaultKey {
            current: current.into(),
            wanted_arn: wanted_arn.map(str::to_owned),
        }
    }

    const KEY_ARN: &str =
        "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    #[test]
    fn an_alias_a_key_id_or_an_arn_names_the_key_ebs_reports() {
        assert!(names_key(
            "alias/hydrate/ebs",
            "arn:aws:kms:eu-west-1:123456789012:alias/hydrate/ebs"
        ));
        assert!(names_key("1234abcd-12ab-34cd-56ef-1234567890ab", KEY_ARN));
        assert!(names_key(KEY_ARN, KEY_ARN));
        assert!(!names_key(
            "alias/hydrate/ebs",
            "arn:aws:kms:eu-west-1:123456789012:alias/aws/ebs"
        ));
        assert!(!names_key(
            "alias/ebs",
            "arn:aws:kms:eu-west-1:1:alias/hydrate/ebs2"
        ));
    }

    #[test]
    fn an_alias_reported_as_its_key_is_right() {
        let s = step("alias/hydrate/ebs");
        assert!(s.is_right(&found(KEY_ARN, Some(KEY_ARN))));
        assert!(!s.is_right(&found(
            "arn:aws:kms:eu-west-1:123456789012:alias/aws/ebs",
            Some(KEY_ARN)
        )));
        assert!(!s.is_right(&found("", Some(""))));
    }

    #[test]
    fn encryption_by_default_is_right_only_when_on() {
        let s = EbsEncryption {
            region: "us-east-1".into(),
        };
        assert!(s.is_right(&true));
        assert!(!s.is_right(&false));
        assert_eq!(s.name(), "EBS encryption by default in us-east-1");
        assert_eq!(s.shown(&false), "off");
    }
}
