//! The regional services, one row per region each: IAM Access Analyzer (CIS v5.0 1.19), Security
//! Hub (4.16), GuardDuty (hydrate's own: no CIS v5.0 control), and the instance metadata default,
//! IMDSv2 required (hydrate's way to 5.7); AWS Config (3.3) is `config.rs`.

use super::super::aws::Aws;
use super::super::aws_error::classify;
use super::control::{Control, Spec};

/// 1.19.
pub const ACCESS_ANALYZER: Spec = Spec {
    name: "access-analyzer",
    cis: "1.19",
    cis_v1_4: "",
    title: "an IAM Access Analyzer (external access) is active",
    fix: "deploy the accessAnalyzer stack in this region (list it in account.json `Regions`; `hydrate up`)",
};
/// 4.16.
pub const SECURITY_HUB: Spec = Spec {
    name: "security-hub",
    cis: "4.16",
    cis_v1_4: "",
    title: "AWS Security Hub is enabled",
    fix: "deploy the securityHub stack in this region (list it in account.json `Regions`; `hydrate up`)",
};
/// hydrate's own.
pub const GUARDDUTY: Spec = Spec {
    name: "guardduty",
    cis: "",
    cis_v1_4: "",
    title: "a GuardDuty detector is enabled",
    fix: "deploy the guardDuty stack in this region (list it in account.json `Regions`; `hydrate up`)",
};
/// 5.7, at the account level: new instances get IMDSv2 only.
pub const IMDS_DEFAULT: Spec = Spec {
    name: "imdsv2-default",
    cis: "5.7",
    cis_v1_4: "",
    title: "the account's instance metadata default requires IMDSv2 (CIS 5.7 asks it of every instance)",
    fix: "`hydrate bootstrap` requires IMDSv2 as the account default in every region of account.json",
};

/// The GuardDuty row of the region.
pub async fn guardduty(aws: &Aws) -> Control {
    let r = &aws.region;
    let ids = match aws.guardduty.list_detectors().send().await {
        Ok(out) => out.detector_ids().to_vec(),
        Err(e) => return GUARDDUTY.unread(r, &classify("guardduty:ListDetectors", e)),
    };
    let Some(id) = ids.first() else {
        return GUARDDUTY.judge(r, false, "ListDetectors: no detector");
    };
    match aws.guardduty.get_detector().detector_id(id).send().await {
        Ok(out) => {
            let status = out
                .status()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default();
            GUARDDUTY.judge(
                r,
                status == "ENABLED",
                format!("GetDetector {id}: Status {status}"),
            )
        }
        Err(e) => GUARDDUTY.unread(r, &classify("guardduty:GetDetector", e)),
    }
}

/// The Access Analyzer row of the region: an ACCOUNT (or ORGANIZATION) analyzer, ACTIVE.
pub async fn access_analyzer(aws: &Aws) -> Control {
    let r = &aws.region;
    let mut seen = Vec::new();
    let mut pages = aws
        .accessanalyzer
        .list_analyzers()
        .into_paginator()
        .items()
        .send();
    while let Some(a) = pages.next().await {
        let a = match a {
            Ok(a) => a,
            Err(e) => {
                return ACCESS_ANALYZER.unread(r, &classify("access-analyzer:ListAnalyzers", e))
            }
        };
        let kind = a.r#type().as_str().to_owned();
        let status = a.status().as_str().to_owned();
        if status == "ACTIVE" && (kind == "ACCOUNT" || kind == "ORGANIZATION") {
            return ACCESS_ANALYZER.judge(
                r,
                true,
                format!("ListAnalyzers: {} ({kind}) ACTIVE", a.name()),
            );
        }
        seen.push(format!("{} ({kind}) {status}", a.name()));
    }
    let said = match seen.is_empty() {
        true => "ListAnalyzers: no analyzer".to_owned(),
        false => format!(
            "ListAnalyzers: no active external-access analyzer: {}",
            seen.join(", ")
        ),
    };
    ACCESS_ANALYZER.judge(r, false, said)
}

/// The Security Hub row of the region.
pub async fn security_hub(aws: &Aws) -> Control {
    let r = &aws.region;
    match aws.securityhub.describe_hub().send().await {
        Ok(out) => SECURITY_HUB.judge(
            r,
            true,
            format!("DescribeHub: {}", out.hub_arn().unwrap_or("enabled")),
        ),
        Err(e) => {
            let e = classify("securityhub:DescribeHub", e);
            // What AWS answers an account that has not enabled it.
            match e.code() {
                Some("InvalidAccessException" | "ResourceNotFoundException") => SECURITY_HUB.judge(
                    r,
                    false,
                    format!(
                        "DescribeHub: {}: {}",
                        e.code().unwrap_or_default(),
                        e.message()
                    ),
                ),
                _ => SECURITY_HUB.unread(r, &e),
            }
        }
    }
}

/// The instance metadata default row of the region.
pub async fn imds_default(aws: &Aws) -> Control {
    let r = &aws.region;
    match aws.ec2.get_instance_metadata_defaults().send().await {
        Ok(out) => {
            let tokens = out
                .account_level()
                .and_then(|a| a.http_tokens())
                .map(|t| t.as_str().to_owned());
            match tokens {
                Some(t) => IMDS_DEFAULT.judge(
                    r,
                    t == "required",
                    format!("GetInstanceMetadataDefaults: AccountLevel HttpTokens {t}"),
                ),
                None => IMDS_DEFAULT.judge(
                    r,
                    false,
                    "GetInstanceMetadataDefaults: no account default (new instances allow IMDSv1)",
                ),
            }
        }
        Err(e) => IMDS_DEFAULT.unread(r, &classify("ec2:GetInstanceMetadataDefaults", e)),
    }
}
