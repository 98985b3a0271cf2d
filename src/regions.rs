//! The regions of the AWS partitions, one list for every check (the account file's `Region`,
//! iamSetup's `allowedRegions`), so a mistyped region is caught before any call.

use crate::suggest::closest;

/// Every region of the aws, aws-cn and aws-us-gov partitions, as of late 2026.
pub const KNOWN_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "mx-central-1",
    "sa-east-1",
    "cn-north-1",
    "cn-northwest-1",
    "us-gov-east-1",
    "us-gov-west-1",
];

/// `Ok` for a known region; else the problem with the nearest known one.
pub fn check_region(region: &str) -> Result<(), String> {
    if KNOWN_REGIONS.contains(&region) {
        return Ok(());
    }
    let hint = closest(region, KNOWN_REGIONS.iter().copied())
        .map(|r| format!("did you mean `{r}`? "))
        .unwrap_or_default();
    Err(format!(
        "`{region}` is not an AWS region; {hint}write one such as `us-east-1` or `eu-west-1`"
    ))
}

/// The partition a region belongs to (`aws`, `aws-cn`, `aws-us-gov`).
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_regions_pass_and_typos_get_the_nearest() {
        assert!(check_region("eu-west-1").is_ok());
        assert!(check_region("cn-north-1").is_ok());
        let problem = check_region("eu-wset-1").err().unwrap_or_default();
        assert!(problem.contains("did you mean `eu-west-1`?"), "{problem}");
        assert!(check_region("mars-north-1").is_err());
    }
}
