//! The logging controls: the account's trail — multi-region and logging (CIS v5.0 3.1), log file
//! validation (3.2), KMS encryption (3.5), delivery to CloudWatch Logs (v1.4 3.4), its bucket not
//! public (v1.4 3.3) and with access logging (3.4).

use std::time::{SystemTime, UNIX_EPOCH};

use super::super::aws::Aws;
use super::super::aws_error::{classify, AwsError};
use super::control::{Control, Spec, Status, GLOBAL};
use super::selectors::all_management_events;
use super::storage::{account_block, four_flags};
use super::Emulator;

/// 3.1.
pub const TRAIL_MULTI_REGION: Spec = Spec {
    name: "trail-multi-region",
    cis: "3.1",
    cis_v1_4: "",
    title: "a multi-region CloudTrail trail is logging",
    fix: "deploy the cloudTrail stack (`hydrate up`)",
};
/// 3.2.
pub const TRAIL_VALIDATION: Spec = Spec {
    name: "trail-log-file-validation",
    cis: "3.2",
    cis_v1_4: "",
    title: "CloudTrail log file validation is on",
    fix: "deploy the cloudTrail stack (it turns validation on)",
};
/// 3.5.
pub const TRAIL_KMS: Spec = Spec {
    name: "trail-kms-encryption",
    cis: "3.5",
    cis_v1_4: "",
    title: "CloudTrail logs are encrypted at rest with a KMS key",
    fix: "deploy the cloudTrail stack (it encrypts with its own key)",
};
/// v1.4 3.4; CIS v5.0 has no such control.
pub const TRAIL_CLOUDWATCH: Spec = Spec {
    name: "trail-cloudwatch-logs",
    cis: "",
    cis_v1_4: "3.4",
    title: "the trail delivers to CloudWatch Logs (the monitoring set reads it)",
    fix: "deploy the cloudTrail stack (it sends the trail to its log group)",
};
/// v1.4 3.3; CIS v5.0 has no such control.
pub const TRAIL_BUCKET_PRIVATE: Spec = Spec {
    name: "trail-bucket-not-public",
    cis: "",
    cis_v1_4: "3.3",
    title: "the trail's S3 bucket is not publicly accessible",
    fix: "deploy the cloudTrail stack (its bucket blocks public access), or `hydrate bootstrap` for the account's block",
};
/// 3.4.
pub const TRAIL_BUCKET_LOGGING: Spec = Spec {
    name: "trail-bucket-access-logging",
    cis: "3.4",
    cis_v1_4: "",
    title: "server access logging is on for the trail's S3 bucket",
    fix: "deploy the cloudTrail stack (it logs access to its bucket)",
};

/// The trail the other controls look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trail {
    /// Its name.
    pub name: String,
    /// Its home region.
    pub region: String,
    /// Its CloudWatch Logs group ARN.
    pub log_group_arn: Option<String>,
}

impl Trail {
    /// The log group's name and region, from its ARN (`arn:aws:logs:R:A:log-group:NAME:*`).
    pub fn log_group(&self) -> Option<(String, String)> {
        let arn = self.log_group_arn.as_deref()?;
        let parts: Vec<&str> = arn.splitn(7, ':').collect();
        let name = parts.get(6)?.trim_end_matches(":*");
        Some((name.to_owned(), (*parts.get(3)?).to_owned()))
    }
}

const ALL_TRAIL_ROWS: [Spec; 6] = [
    TRAIL_MULTI_REGION,
    TRAIL_VALIDATION,
    TRAIL_KMS,
    TRAIL_CLOUDWATCH,
    TRAIL_BUCKET_PRIVATE,
    TRAIL_BUCKET_LOGGING,
];

/// The trail the rows looked at: none, or why the trails could not be read.
pub type Found = Result<Option<Trail>, String>;

/// The trail rows, and the trail they looked at.
pub async fn trail(aws: &Aws, account_id: &str, emulator: &Emulator) -> (Vec<Control>, Found) {
    let trails = match aws.cloudtrail.describe_trails().send().await {
        Ok(out) => out.trail_list().to_vec(),
        Err(e) => {
            let e = classify("cloudtrail:DescribeTrails", e);
            return (
                ALL_TRAIL_ROWS
                    .iter()
                    .map(|s| s.unread(GLOBAL, &e))
                    .collect(),
                Err(format!("not checked: {e}")),
            );
        }
    };
    // The trail that counts: multi-region and logging if there is one.
    let mut chosen = None;
    for t in &trails {
        let home = t.home_region().unwrap_or(&aws.region).to_owned();
        let status = aws
            .in_region(&home)
            .cloudtrail
            .get_trail_status()
            .name(t.trail_arn().or(t.name()).unwrap_or_default())
            .send()
            .await
            .map_err(|e| classify("cloudtrail:GetTrailStatus", e));
        let logging = status
            .as_ref()
            .ok()
            .and_then(|s| s.is_logging())
            .unwrap_or(false);
        let rank = u8::from(t.is_multi_region_trail().unwrap_or(false)) * 2 + u8::from(logging);
        if chosen.as_ref().is_none_or(|(r, _, _, _)| rank > *r) {
            chosen = Some((rank, t.clone(), home, status));
        }
    }
    let Some((_, t, home, status)) = chosen else {
        let why = "DescribeTrails: the account has no trail";
        return (
            ALL_TRAIL_ROWS
                .iter()
                .map(|s| s.judge(GLOBAL, false, why))
                .collect(),
            Ok(None),
        );
    };
    let name = t.name().unwrap_or_default().to_owned();
    let mut rows = Vec::new();
    let multi = t.is_multi_region_trail().unwrap_or(false);
    let selectors = aws
        .in_region(&home)
        .cloudtrail
        .get_event_selectors()
        .trail_name(t.trail_arn().or(t.name()).unwrap_or_default())
        .send()
        .await
        .map_err(|e| classify("cloudtrail:GetEventSelectors", e));
    rows.push(multi_region_row(&name, multi, &status, &selectors));
    let validation = t.log_file_validation_enabled().unwrap_or(false);
    rows.push(TRAIL_VALIDATION.judge(
        GLOBAL,
        validation,
        format!("DescribeTrails {name}: LogFileValidationEnabled {validation}"),
    ));
    let key = t.kms_key_id().unwrap_or_default();
    rows.push(TRAIL_KMS.judge(
        GLOBAL,
        !key.is_empty(),
        match key {
            "" => format!("DescribeTrails {name}: no KmsKeyId (SSE-S3 only)"),
            k => format!("DescribeTrails {name}: KmsKeyId {k}"),
        },
    ));
    let log_group_arn = t.cloud_watch_logs_log_group_arn().map(str::to_owned);
    rows.push(cloudwatch_row(
        &name,
        log_group_arn.as_deref(),
        &status,
        emulator,
    ));
    let bucket = t.s3_bucket_name().unwrap_or_default().to_owned();
    let bucket_aws = aws.in_region(&home);
    rows.push(bucket_private(&bucket_aws, &bucket, account_id).await);
    rows.push(bucket_logging(&bucket_aws, &bucket).await);
    let trail = Trail {
        name,
        region: home,
        log_group_arn,
    };
    (rows, Ok(Some(trail)))
}

type StatusRead =
    Result<aws_sdk_cloudtrail::operation::get_trail_status::GetTrailStatusOutput, AwsError>;
type SelectorsRead =
    Result<aws_sdk_cloudtrail::operation::get_event_selectors::GetEventSelectorsOutput, AwsError>;

/// 3.1: multi-region, logging, and recording every management event.
fn multi_region_row(
    name: &str,
    multi: bool,
    status: &StatusRead,
    selectors: &SelectorsRead,
) -> Control {
    let s = match status {
        Ok(s) => s,
        Err(e) => return TRAIL_MULTI_REGION.unread(GLOBAL, e),
    };
    let logging = s.is_logging().unwrap_or(false);
    // Logging on while S3 refuses every delivery (a broken bucket policy or key) records nothing.
    let delivery_error = s.latest_delivery_error().filter(|e| !e.is_empty());
    let delivering = delivery_error.is_none();
    let said = format!(
        "DescribeTrails {name}: IsMultiRegionTrail {multi}; GetTrailStatus: IsLogging {logging}{}",
        delivery_error.map_or(String::new(), |e| format!(", LatestDeliveryError {e}"))
    );
    match selectors {
        Ok(out) => {
            let (all, what) = all_management_events(out);
            TRAIL_MULTI_REGION.judge(
                GLOBAL,
                multi && logging && delivering && all,
                format!("{said}; GetEventSelectors: {what}"),
            )
        }
        // Already failing whatever the selectors say.
        Err(_) if !(multi && logging && delivering) => {
            TRAIL_MULTI_REGION.judge(GLOBAL, false, said)
        }
        Err(e) => {
            TRAIL_MULTI_REGION.row(GLOBAL, Status::Manual, format!("not checked: {e} ({said})"))
        }
    }
}

/// A day, in seconds: CIS v1.4 asks for a delivery within the last one.
const DAY: i64 = 86_400;

fn cloudwatch_row(
    name: &str,
    arn: Option<&str>,
    status: &StatusRead,
    emulator: &Emulator,
) -> Control {
    let Some(arn) = arn.filter(|a| !a.is_empty()) else {
        return TRAIL_CLOUDWATCH.judge(
            GLOBAL,
            false,
            format!("DescribeTrails {name}: no CloudWatchLogsLogGroupArn"),
        );
    };
    if let Some(url) = &emulator.0 {
        return TRAIL_CLOUDWATCH.faked(
            GLOBAL,
            url,
            "trail delivery (no log event ever reaches the group)",
            &format!("CloudWatchLogsLogGroupArn {arn}"),
        );
    }
    let status = match status {
        Ok(s) => s,
        Err(e) => return TRAIL_CLOUDWATCH.unread(GLOBAL, e),
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or_default();
    match status.latest_cloud_watch_logs_delivery_time() {
        Some(t) => {
            let ago = now.saturating_sub(t.secs());
            TRAIL_CLOUDWATCH.judge(
                GLOBAL,
                ago <= DAY,
                format!(
                    "GetTrailStatus: LatestCloudWatchLogsDeliveryTime {} hour(s) ago, into {arn}",
                    ago / 3600
                ),
            )
        }
        None => TRAIL_CLOUDWATCH.judge(
            GLOBAL,
            false,
            format!("GetTrailStatus: no CloudWatch Logs delivery yet into {arn}"),
        ),
    }
}

async fn bucket_private(aws: &Aws, bucket: &str, account_id: &str) -> Control {
    let bucket_block = match aws.s3.get_public_access_block().bucket(bucket).send().await {
        Ok(out) => {
            let c = out.public_access_block_configuration();
            Some(four_flags(
                c.and_then(|c| c.block_public_acls()),
                c.and_then(|c| c.ignore_public_acls()),
                c.and_then(|c| c.block_public_policy()),
                c.and_then(|c| c.restrict_public_buckets()),
            ))
        }
        Err(e) => {
            let e = classify("s3:GetPublicAccessBlock", e);
            if e.code() != Some("NoSuchPublicAccessBlockConfiguration") {
                return TRAIL_BUCKET_PRIVATE.unread(GLOBAL, &e);
            }
            None
        }
    };
    if let Some((text, true)) = &bucket_block {
        return TRAIL_BUCKET_PRIVATE.judge(
            GLOBAL,
            true,
            format!("GetPublicAccessBlock {bucket}: {text}"),
        );
    }
    // The account's block covers every bucket.
    let bucket_said = match &bucket_block {
        Some((text, _)) => format!("GetPublicAccessBlock {bucket}: {text}"),
        None => format!("GetPublicAccessBlock {bucket}: none"),
    };
    match account_block(aws, account_id).await {
        Ok(Some((text, ok))) => TRAIL_BUCKET_PRIVATE.judge(
            GLOBAL,
            ok,
            format!("{bucket_said}; GetPublicAccessBlock (account): {text}"),
        ),
        Ok(None) => TRAIL_BUCKET_PRIVATE.judge(
            GLOBAL,
            false,
            format!("{bucket_said}; the account has no public access block either"),
        ),
        Err(e) => TRAIL_BUCKET_PRIVATE.unread(GLOBAL, &e),
    }
}

async fn bucket_logging(aws: &Aws, bucket: &str) -> Control {
    match aws.s3.get_bucket_logging().bucket(bucket).send().await {
        Ok(out) => match out.logging_enabled() {
            Some(l) => TRAIL_BUCKET_LOGGING.judge(
                GLOBAL,
                true,
                format!(
                    "GetBucketLogging {bucket}: into {}/{}",
                    l.target_bucket(),
                    l.target_prefix()
                ),
            ),
            None => TRAIL_BUCKET_LOGGING.judge(
                GLOBAL,
                false,
                format!("GetBucketLogging {bucket}: logging off"),
            ),
        },
        Err(e) => TRAIL_BUCKET_LOGGING.unread(GLOBAL, &classify("s3:GetBucketLogging", e)),
    }
}

#[cfg(test)]
#[path = "logging_tests.rs"]
mod tests;
