use super::*;
use aws_sdk_cloudtrail::operation::get_event_selectors::GetEventSelectorsOutput;
use aws_sdk_cloudtrail::operation::get_trail_status::GetTrailStatusOutput;
use aws_sdk_cloudtrail::types::{EventSelector, ReadWriteType};

#[test]
fn the_multi_region_row_reads_the_event_selectors() {
    let on: StatusRead = Ok(GetTrailStatusOutput::builder().is_logging(true).build());
    let all: SelectorsRead = Ok(GetEventSelectorsOutput::builder()
        .event_selectors(
            EventSelector::builder()
                .include_management_events(true)
                .read_write_type(ReadWriteType::All)
                .build(),
        )
        .build());
    let r = multi_region_row("t", true, &on, &all);
    assert_eq!(r.status, Status::Pass, "{}", r.evidence);
    let refused: StatusRead = Ok(GetTrailStatusOutput::builder()
        .is_logging(true)
        .latest_delivery_error("AccessDenied")
        .build());
    let r = multi_region_row("t", true, &refused, &all);
    assert_eq!(r.status, Status::Fail);
    assert!(
        r.evidence.contains("LatestDeliveryError AccessDenied"),
        "{}",
        r.evidence
    );
    let write_only: SelectorsRead = Ok(GetEventSelectorsOutput::builder()
        .event_selectors(
            EventSelector::builder()
                .include_management_events(true)
                .read_write_type(ReadWriteType::WriteOnly)
                .build(),
        )
        .build());
    let r = multi_region_row("t", true, &on, &write_only);
    assert_eq!(r.status, Status::Fail);
    assert!(r.evidence.contains("GetEventSelectors"), "{}", r.evidence);
    let unread: SelectorsRead = Err(AwsError::Throttled {
        action: "cloudtrail:GetEventSelectors".to_owned(),
    });
    let r = multi_region_row("t", true, &on, &unread);
    assert_eq!(r.status, Status::Manual);
    assert!(
        r.evidence.contains("cloudtrail:GetEventSelectors"),
        "{}",
        r.evidence
    );
    // A single-region trail fails even when its selectors cannot be read.
    let r = multi_region_row("t", false, &on, &unread);
    assert_eq!(r.status, Status::Fail);
}

#[test]
fn the_log_group_comes_from_the_trail_s_arn() {
    let t = Trail {
        name: "t".to_owned(),
        region: "us-east-1".to_owned(),
        log_group_arn: Some(
            "arn:aws:logs:eu-west-1:123456789012:log-group:hydrate/trail:*".to_owned(),
        ),
    };
    assert_eq!(
        t.log_group(),
        Some(("hydrate/trail".to_owned(), "eu-west-1".to_owned()))
    );
    let none = Trail {
        log_group_arn: None,
        ..t
    };
    assert_eq!(none.log_group(), None);
}
