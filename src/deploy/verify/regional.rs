//! The regional services, one row per region each: IAM Access Analyzer (CIS v5.0 1.19), AWS
//! Config (3.3), Security Hub (4.16), GuardDuty (hydrate's own: no CIS v5.0 control), and the
//! instance metadata default, IMDSv2 required (hydrate's way to 5.7).

use aws_sdk_config::types::{
    ConfigExportDeliveryInfo, ConfigurationRecorder, ConfigurationRecorderStatus,
    DeliveryChannelStatus, DeliveryStatus, RecorderStatus, RecordingStrategyType,
};

use super::super::aws::Aws;
use super::super::aws_error::classify;
use super::control::{Control, Spec, Status};

/// 1.19.
pub const ACCESS_ANALYZER: Spec = Spec {
    name: "access-analyzer",
    cis: "1.19",
    cis_v1_4: "",
    title: "an IAM Access Analyzer (external access) is active",
    fix: "deploy the accessAnalyzer stack in this region (list it in account.json `Regions`; `hydrate up`)",
};
/// 3.3.
pub const CONFIG: Spec = Spec {
    name: "config-recorder",
    cis: "3.3",
    cis_v1_4: "",
    title: "AWS Config is recording, with a delivery channel",
    fix: "deploy the configRecorder stack in this region (list it in account.json `Regions`; `hydrate up`)",
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

/// The Config row of the region: a recorder of every supported resource type, recording and not
/// failing, and a delivery channel.
pub async fn config(aws: &Aws) -> Control {
    let r = &aws.region;
    let recorders = match aws.config.describe_configuration_recorders().send().await {
        Ok(out) => out.configuration_recorders().to_vec(),
        Err(e) => return CONFIG.unread(r, &classify("config:DescribeConfigurationRecorders", e)),
    };
    let statuses = match aws
        .config
        .describe_configuration_recorder_status()
        .send()
        .await
    {
        Ok(out) => out.configuration_recorders_status().to_vec(),
        Err(e) => {
            return CONFIG.unread(
                r,
                &classify("config:DescribeConfigurationRecorderStatus", e),
            )
        }
    };
    let channels = match aws.config.describe_delivery_channels().send().await {
        Ok(out) => out.delivery_channels().len(),
        Err(e) => return CONFIG.unread(r, &classify("config:DescribeDeliveryChannels", e)),
    };
    let delivery = match aws.config.describe_delivery_channel_status().send().await {
        Ok(out) => Delivery::Read(deliveries(out.delivery_channels_status())),
        Err(e) => Delivery::Unread(classify("config:DescribeDeliveryChannelStatus", e).to_string()),
    };
    judge_config(r, &recorders, &statuses, channels, &delivery)
}

/// What the delivery channels' status says.
#[derive(Debug)]
enum Delivery {
    /// What was read.
    Read(Deliveries),
    /// DescribeDeliveryChannelStatus failed: the row is MANUAL once the recorder is good.
    Unread(String),
}

/// The channels' last snapshot and history deliveries.
#[derive(Debug, Default)]
struct Deliveries {
    /// `<channel> <what> FAILURE (<code>)` for each failing one.
    failing: Vec<String>,
    /// How many reported SUCCESS.
    succeeded: usize,
}

/// The last snapshot and history deliveries of the channels.
fn deliveries(statuses: &[DeliveryChannelStatus]) -> Deliveries {
    let mut out = Deliveries::default();
    for c in statuses {
        let channel = c.name().unwrap_or_default();
        for (what, info) in [
            ("history delivery", c.config_history_delivery_info()),
            ("snapshot delivery", c.config_snapshot_delivery_info()),
        ] {
            match info.and_then(ConfigExportDeliveryInfo::last_status) {
                Some(DeliveryStatus::Failure) => out.failing.push(format!(
                    "{channel} {what} FAILURE ({})",
                    info.and_then(ConfigExportDeliveryInfo::last_error_code)
                        .unwrap_or("no error code")
                )),
                Some(DeliveryStatus::Success) => out.succeeded += 1,
                _ => {}
            }
        }
    }
    out
}

/// The Config verdict from what the three reads answered.
fn judge_config(
    region: &str,
    recorders: &[ConfigurationRecorder],
    statuses: &[ConfigurationRecorderStatus],
    channels: usize,
    delivery: &Delivery,
) -> Control {
    let mut good = false;
    let mut each = Vec::new();
    for rec in recorders {
        let name = rec.name().unwrap_or_default();
        let group = rec.recording_group();
        let all = group.is_some_and(|g| {
            g.all_supported()
                || g.recording_strategy().and_then(|s| s.use_only())
                    == Some(&RecordingStrategyType::AllSupportedResourceTypes)
        });
        // Global types (IAM) need recording in one region only, so either way is fine here.
        let global = group.is_some_and(|g| g.include_global_resource_types());
        let status = statuses.iter().find(|s| s.name() == Some(name));
        let recording = status.is_some_and(|s| s.recording());
        let failing = status.and_then(|s| s.last_status()) == Some(&RecorderStatus::Failure);
        good |= all && recording && !failing;
        let mut said = format!(
            "{name}: {}, {}, includeGlobalResourceTypes {global}",
            if all {
                "all supported types"
            } else {
                "not every supported type (allSupported false)"
            },
            if recording {
                "recording"
            } else {
                "not recording"
            }
        );
        if failing {
            let why = status
                .and_then(|s| s.last_error_code())
                .unwrap_or("no error code");
            said.push_str(&format!(", lastStatus FAILURE ({why})"));
        }
        each.push(said);
    }
    let said = format!(
        "DescribeConfigurationRecorders, DescribeConfigurationRecorderStatus: {}; DescribeDeliveryChannels: {channels} channel(s)",
        if each.is_empty() { "no recorder".to_owned() } else { each.join("; ") }
    );
    if !(good && channels > 0) {
        return CONFIG.judge(region, false, said);
    }
    match delivery {
        // A good recorder whose deliveries cannot be read may still deliver nothing.
        Delivery::Unread(why) => CONFIG.row(
            region,
            Status::Manual,
            format!("not checked: {why} ({said})"),
        ),
        Delivery::Read(d) if !d.failing.is_empty() => CONFIG.judge(
            region,
            false,
            format!(
                "{said}; DescribeDeliveryChannelStatus: {}",
                d.failing.join(", ")
            ),
        ),
        Delivery::Read(d) if d.succeeded == 0 => CONFIG.judge(
            region,
            true,
            format!("{said}; DescribeDeliveryChannelStatus: no delivery reported yet"),
        ),
        Delivery::Read(_) => CONFIG.judge(
            region,
            true,
            format!("{said}; DescribeDeliveryChannelStatus: delivering"),
        ),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_config::types::{RecordingGroup, RecordingStrategy};

    fn recorder(all: bool, strategy: bool) -> ConfigurationRecorder {
        let mut group = RecordingGroup::builder()
            .all_supported(all)
            .include_global_resource_types(false);
        if strategy {
            group = group.recording_strategy(
                RecordingStrategy::builder()
                    .use_only(RecordingStrategyType::AllSupportedResourceTypes)
                    .build(),
            );
        }
        ConfigurationRecorder::builder()
            .name("default")
            .recording_group(group.build())
            .build()
    }

    fn status(recording: bool, last: RecorderStatus) -> ConfigurationRecorderStatus {
        ConfigurationRecorderStatus::builder()
            .name("default")
            .recording(recording)
            .last_status(last)
            .last_error_code("AccessDenied")
            .build()
    }

    #[test]
    fn config_needs_every_supported_type_recording_without_failure() {
        let ok = [status(true, RecorderStatus::Success)];
        let delivering = Delivery::Read(Deliveries {
            failing: Vec::new(),
            succeeded: 2,
        });
        let r = judge_config("us-east-1", &[recorder(true, false)], &ok, 1, &delivering);
        assert_eq!(r.status, Status::Pass, "{}", r.evidence);
        assert!(r.evidence.contains("includeGlobalResourceTypes false"));
        let r = judge_config("us-east-1", &[recorder(false, true)], &ok, 1, &delivering);
        assert_eq!(r.status, Status::Pass, "{}", r.evidence);
        let r = judge_config("us-east-1", &[recorder(false, false)], &ok, 1, &delivering);
        assert_eq!(r.status, Status::Fail);
        assert!(r.evidence.contains("allSupported false"), "{}", r.evidence);
        let failing = [status(true, RecorderStatus::Failure)];
        let r = judge_config(
            "us-east-1",
            &[recorder(true, false)],
            &failing,
            1,
            &delivering,
        );
        assert_eq!(r.status, Status::Fail);
        assert!(r.evidence.contains("lastStatus FAILURE (AccessDenied)"));
        let r = judge_config("us-east-1", &[recorder(true, false)], &ok, 0, &delivering);
        assert_eq!(r.status, Status::Fail);
        let r = judge_config("us-east-1", &[], &[], 1, &delivering);
        assert!(r.evidence.contains("no recorder"));
    }

    #[test]
    fn a_channel_that_fails_to_deliver_fails_and_an_unread_status_is_said() {
        let ok = [status(true, RecorderStatus::Success)];
        let failing = DeliveryChannelStatus::builder()
            .name("default")
            .config_history_delivery_info(
                ConfigExportDeliveryInfo::builder()
                    .last_status(DeliveryStatus::Failure)
                    .last_error_code("NoSuchBucket")
                    .build(),
            )
            .build();
        let delivery = Delivery::Read(deliveries(&[failing]));
        let r = judge_config("us-east-1", &[recorder(true, false)], &ok, 1, &delivery);
        assert_eq!(r.status, Status::Fail);
        assert!(
            r.evidence
                .contains("default history delivery FAILURE (NoSuchBucket)"),
            "{}",
            r.evidence
        );
        let unread = Delivery::Unread("AccessDenied".to_owned());
        let r = judge_config("us-east-1", &[recorder(true, false)], &ok, 1, &unread);
        assert_eq!(r.status, Status::Manual, "{}", r.evidence);
        assert!(
            r.evidence.starts_with("not checked: AccessDenied"),
            "{}",
            r.evidence
        );
        // A stopped recorder fails whatever the deliveries say.
        let stopped = [status(false, RecorderStatus::Success)];
        let r = judge_config("us-east-1", &[recorder(true, false)], &stopped, 1, &unread);
        assert_eq!(r.status, Status::Fail, "{}", r.evidence);
        // Nothing delivered yet is said, not called delivering.
        let none = Delivery::Read(Deliveries::default());
        let r = judge_config("us-east-1", &[recorder(true, false)], &ok, 1, &none);
        assert_eq!(r.status, Status::Pass, "{}", r.evidence);
        assert!(
            r.evidence.contains("no delivery reported yet"),
            "{}",
            r.evidence
        );
    }
}
