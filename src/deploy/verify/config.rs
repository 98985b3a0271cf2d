//! The AWS Config row of a region (CIS v5.0 3.3): a recorder of every supported resource type,
//! recording and not failing, a delivery channel, and what the channel's last deliveries say.

use aws_sdk_config::types::{
    ConfigExportDeliveryInfo, ConfigurationRecorder, ConfigurationRecorderStatus,
    DeliveryChannelStatus, DeliveryStatus, RecorderStatus, RecordingStrategyType,
};

use super::super::aws::Aws;
use super::super::aws_error::classify;
use super::control::{Control, Spec, Status};

/// 3.3.
pub const CONFIG: Spec = Spec {
    name: "config-recorder",
    cis: "3.3",
    cis_v1_4: "",
    title: "AWS Config is recording, with a delivery channel",
    fix: "deploy the configRecorder stack in this region (list it in account.json `Regions`; `hydrate up`)",
};
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
