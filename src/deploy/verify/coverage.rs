//! Whether the account's `Regions` cover every region the account has enabled: a region left out
//! has no detector, recorder, hub or EC2 defaults, so whatever runs there is unwatched.
//! hydrate's own row (CIS v5.0 asks GuardDuty, Config and Security Hub "in all regions" control
//! by control; this row says which regions those rows never looked at).

use super::super::aws::Aws;
use super::super::aws_error::classify;
use super::control::{Control, Spec, GLOBAL};
use super::{listed, Emulator};

/// hydrate's own.
pub const REGIONS_COVERED: Spec = Spec {
    name: "regions-covered",
    cis: "",
    cis_v1_4: "",
    title: "every region enabled in the account is in account.json `Regions`",
    fix: "add the regions to account.json `Regions` and `hydrate up` (each gets the regional stacks and bootstrap's EC2 defaults), or disable the opt-in ones in the account settings",
};

/// The row: the enabled regions (`ec2:DescribeRegions`, opted-in and default ones) against the
/// account file's list.
pub async fn regions_covered(aws: &Aws, listed_regions: &[&str], emulator: &Emulator) -> Control {
    let enabled = match aws.ec2.describe_regions().all_regions(false).send().await {
        Ok(out) => {
            let mut names: Vec<String> = out
                .regions()
                .iter()
                .filter_map(|r| r.region_name().map(str::to_owned))
                .collect();
            names.sort();
            names
        }
        Err(e) => return REGIONS_COVERED.unread(GLOBAL, &classify("ec2:DescribeRegions", e)),
    };
    let (said, ok) = judge(&enabled, listed_regions);
    match &emulator.0 {
        // An emulator answers every region it knows as enabled: not the account's.
        Some(url) => REGIONS_COVERED.faked(GLOBAL, url, "the enabled regions", &said),
        None => REGIONS_COVERED.judge(GLOBAL, ok, said),
    }
}

/// The evidence and the verdict: every enabled region listed.
fn judge(enabled: &[String], listed_regions: &[&str]) -> (String, bool) {
    let missing: Vec<&str> = enabled
        .iter()
        .filter(|r| !listed_regions.contains(&r.as_str()))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        let said = format!(
            "DescribeRegions: {} enabled region(s), all in Regions",
            enabled.len()
        );
        (said, true)
    } else {
        let said = format!(
            "DescribeRegions: {} of {} enabled region(s) not in Regions: {}",
            missing.len(),
            enabled.len(),
            listed(&missing)
        );
        (said, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    const HOME_AND_EU: &[&str] = &["us-east-1", "eu-west-1"];

    #[test]
    fn an_enabled_region_outside_regions_fails_and_is_named() {
        let enabled = names(&["eu-west-1", "us-east-1", "us-west-2"]);
        let (said, ok) = judge(&enabled, HOME_AND_EU);
        assert!(!ok);
        assert!(
            said.contains("1 of 3") && said.ends_with("us-west-2"),
            "{said}"
        );
        let (said, ok) = judge(&enabled, &["us-east-1", "eu-west-1", "us-west-2"]);
        assert!(ok, "{said}");
        // Listing a region that is not enabled is bootstrap's error to report, not a gap here.
        assert!(judge(&names(&["us-east-1"]), &["us-east-1", "af-south-1"]).1);
    }
}
