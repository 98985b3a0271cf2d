//! The per-region account defaults, in every region of the account file (a few regions at once):
//! EBS encryption by default (with the account's key when it names one), IMDSv2 for new
//! instances, and, when asked, default security groups without rules. A region that fails is
//! reported by name with what to do; the other regions still run.

use futures_util::stream::{self, StreamExt};

use super::default_groups::{default_groups, DefaultGroup};
use super::ebs::{EbsDefaultKey, EbsEncryption};
use super::imds::InstanceMetadataDefaults;
use super::{ensure, Found, Item, Mode, Setting, State};
use crate::deploy::aws::Aws;
use crate::deploy::aws_error::AwsError;
use crate::params::files::BootstrapBlock;

/// Regions worked on at once: each region's calls are few and sequential, so a handful in
/// parallel brings seventeen regions down to a few seconds without bursting EC2's rate limits.
const REGION_JOBS: usize = 4;

/// Runs the per-region steps in every region; the results in the order of `regions`.
pub(super) async fn ensure_regions(
    aws: &Aws,
    regions: &[&str],
    block: &BootstrapBlock,
    mode: Mode,
) -> Vec<Found> {
    stream::iter(regions.iter().map(|r| (*r).to_owned()))
        .map(|region| async move {
            let aws = aws.in_region(&region);
            let mut found = Found::new(mode);
            if let Err(e) = one_region(&aws, &region, block, &mut found).await {
                found.region_failed(&region, region_failure(&region, &e));
            }
            found
        })
        .buffered(REGION_JOBS)
        .collect()
        .await
}

/// The steps of one region, in order; the first failure stops the region.
async fn one_region(
    aws: &Aws,
    region: &str,
    block: &BootstrapBlock,
    out: &mut Found,
) -> Result<(), AwsError> {
    let region = region.to_owned();
    out.region = Some(region.clone());
    ensure(
        EbsEncryption {
            region: region.clone(),
        },
        aws,
        out,
    )
    .await?;
    if let Some(key) = &block.ebs_kms_key_id {
        ensure(
            EbsDefaultKey {
                region: region.clone(),
                key: key.clone(),
            },
            aws,
            out,
        )
        .await?;
    }
    ensure(
        InstanceMetadataDefaults {
            region: region.clone(),
            hop_limit: block.instance_metadata_hop_limit,
        },
        aws,
        out,
    )
    .await?;
    if block.restrict_default_security_groups {
        for (group_id, vpc_id) in default_groups(aws).await? {
            ensure(
                DefaultGroup {
                    region: region.clone(),
                    group_id,
                    vpc_id,
                },
                aws,
                out,
            )
            .await?;
        }
    }
    Ok(())
}

/// How to enable a region, or leave it out.
fn enable_or_remove(region: &str) -> String {
    format!(
        "enable it for the account (AWS console: Account → AWS Regions, or `aws account enable-region --region-name {region}`) or remove it from Regions in account.json"
    )
}

/// What went wrong in a region and what to do. EC2 answers a region the account has not enabled
/// with `OptInRequired` or `AuthFailure` (or `UnauthorizedOperation`, which is also a missing
/// permission: both fixes are given then).
pub(super) fn region_failure(region: &str, error: &AwsError) -> String {
    match error {
        AwsError::Service { code, .. } if code == "OptInRequired" || code == "AuthFailure" => {
            format!(
                "{region} is not enabled for this account ({error}); {}",
                enable_or_remove(region)
            )
        }
        AwsError::AccessDenied { .. } | AwsError::BadCredentials { .. } => format!(
            "in {region}: {error}; if {region} is not enabled for this account, {}",
            enable_or_remove(region)
        ),
        other => format!("in {region}: {other}"),
    }
}

impl Found {
    /// Records that a region's settings could not all be read or made.
    fn region_failed(&mut self, region: &str, why: String) {
        let name = format!("settings in {region}");
        match self.mode {
            Mode::Fix => self.items.push(Item {
                name,
                region: Some(region.to_owned()),
                state: State::Failed(why),
            }),
            Mode::Look => self.settings.push(Setting {
                name,
                region: Some(region.to_owned()),
                right: false,
                expected: "readable, as bootstrap makes them".into(),
                actual: format!("not read: {why}"),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(code: &str) -> AwsError {
        AwsError::Service {
            action: "ec2:GetEbsEncryptionByDefault".into(),
            code: code.into(),
            message: "You are not subscribed to this service.".into(),
        }
    }

    #[test]
    fn a_region_not_enabled_is_named_with_both_fixes() {
        for code in ["OptInRequired", "AuthFailure"] {
            let text = region_failure("ap-east-1", &service(code));
            assert!(text.starts_with("ap-east-1 is not enabled"), "{text}");
            assert!(
                text.contains("enable-region --region-name ap-east-1"),
                "{text}"
            );
            assert!(text.contains("remove it from Regions"), "{text}");
        }
        let denied = AwsError::AccessDenied {
            action: "ec2:GetEbsEncryptionByDefault".into(),
            message: "You are not authorized to perform this operation.".into(),
        };
        let text = region_failure("me-south-1", &denied);
        assert!(text.starts_with("in me-south-1: "), "{text}");
        assert!(text.contains("remove it from Regions"), "{text}");
    }

    #[test]
    fn other_failures_name_the_region() {
        let text = region_failure("eu-west-1", &service("InternalError"));
        assert!(
            text.starts_with("in eu-west-1: ec2:GetEbsEncryptionByDefault"),
            "{text}"
        );
        assert!(!text.contains("enable"), "{text}");
    }
}
