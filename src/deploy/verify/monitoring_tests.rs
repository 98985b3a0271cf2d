use super::*;

const TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:alerts";

/// What a CIS filter emits: 1 per event, no dimensions.
fn emitted(namespace: &str, name: &str) -> Emitted {
    Emitted {
        metric: (namespace.to_owned(), name.to_owned()),
        value: "1".to_owned(),
        dimensions: Vec::new(),
        unit: "None".to_owned(),
    }
}

fn chain(topics: &[&str], delivery: Delivery, emulator: Option<&str>) -> (Status, String) {
    let spec = &CIS_ALARMS[2];
    let filters = [Filter {
        name: "f".to_owned(),
        pattern: spec.pattern.replace(" = ", "="),
        metrics: vec![emitted("CISBenchmark", "root")],
    }];
    let alarms = Ok(vec![Alarm {
        name: "a".to_owned(),
        metric: ("CISBenchmark".to_owned(), "root".to_owned()),
        dimensions: Vec::new(),
        unit: String::new(),
        topics: topics.iter().map(|t| (*t).to_owned()).collect(),
        actions_enabled: true,
        comparison: "GreaterThanOrEqualToThreshold".to_owned(),
        threshold: Some(1.0),
        evaluation_periods: Some(1),
        datapoints_to_alarm: None,
    }]);
    let deliveries = BTreeMap::from([(TOPIC.to_owned(), delivery)]);
    let emulator = Emulator(emulator.map(str::to_owned));
    let r = judge(spec, "g", &filters, &alarms, &deliveries, &emulator);
    (r.status, r.evidence)
}

#[test]
fn filter_alarm_topic_and_a_confirmed_subscription_pass() {
    let (status, evidence) = chain(&[TOPIC], Ok((1, 2)), None);
    assert_eq!(status, Status::Pass, "{evidence}");
    assert!(
        evidence.contains("filter f → alarm a → topic"),
        "{evidence}"
    );
    let (status, _) = chain(&[TOPIC], Ok((0, 1)), None);
    assert_eq!(status, Status::Fail);
    let (status, evidence) = chain(&[], Ok((1, 1)), None);
    assert_eq!(status, Status::Fail);
    assert!(evidence.contains("no SNS topic"), "{evidence}");
    let (status, evidence) = chain(&[TOPIC], Ok((1, 1)), Some("http://127.0.0.1:5000"));
    assert_eq!(status, Status::Manual);
    assert!(evidence.contains("fakes SNS subscription confirmation"));
    let (status, _) = chain(&[TOPIC], Err("not checked: x".to_owned()), None);
    assert_eq!(status, Status::Manual);
}

fn alarm(enabled: bool, comparison: &str, threshold: Option<f64>) -> Alarm {
    Alarm {
        name: "a".to_owned(),
        metric: ("n".to_owned(), "m".to_owned()),
        dimensions: Vec::new(),
        unit: String::new(),
        topics: vec![TOPIC.to_owned()],
        actions_enabled: enabled,
        comparison: comparison.to_owned(),
        threshold,
        evaluation_periods: Some(1),
        datapoints_to_alarm: None,
    }
}

#[test]
fn an_alarm_with_actions_off_or_above_one_event_fails() {
    let ge = "GreaterThanOrEqualToThreshold";
    let gt = "GreaterThanThreshold";
    let one = emitted("n", "m");
    assert_eq!(alarm(true, ge, Some(1.0)).flaw(&one), None);
    let three_of_three = Alarm {
        evaluation_periods: Some(3),
        ..alarm(true, ge, Some(1.0))
    };
    assert!(three_of_three
        .flaw(&one)
        .is_some_and(|f| f.contains("needs 3 breaching periods")));
    let one_of_three = Alarm {
        evaluation_periods: Some(3),
        datapoints_to_alarm: Some(1),
        ..alarm(true, ge, Some(1.0))
    };
    assert_eq!(one_of_three.flaw(&one), None);
    assert_eq!(alarm(true, gt, Some(0.0)).flaw(&one), None);
    assert!(alarm(false, ge, Some(1.0))
        .flaw(&one)
        .is_some_and(|f| f.contains("ActionsEnabled false")));
    assert!(alarm(true, gt, Some(1.0))
        .flaw(&one)
        .is_some_and(|f| f.contains("Threshold 1")));
    assert!(alarm(true, ge, Some(5.0))
        .flaw(&one)
        .is_some_and(|f| f.contains("Threshold 5")));
    assert!(alarm(true, "LessThanThreshold", Some(1.0))
        .flaw(&one)
        .is_some());
    let spec = &CIS_ALARMS[0];
    let filters = [Filter {
        name: "f".to_owned(),
        pattern: spec.pattern.to_owned(),
        metrics: vec![emitted("n", "m")],
    }];
    let deliveries = BTreeMap::from([(TOPIC.to_owned(), Ok((1, 1)))]);
    let none = Emulator(None);
    let off = Ok(vec![alarm(false, ge, Some(1.0))]);
    let r = judge(spec, "g", &filters, &off, &deliveries, &none);
    assert_eq!(r.status, Status::Fail);
    assert!(
        r.evidence.contains("ActionsEnabled false"),
        "{}",
        r.evidence
    );
    // A good alarm beside a disabled one on the same metric counts.
    let both = Ok(vec![
        alarm(false, ge, Some(1.0)),
        alarm(true, ge, Some(1.0)),
    ]);
    let r = judge(spec, "g", &filters, &both, &deliveries, &none);
    assert_eq!(r.status, Status::Pass, "{}", r.evidence);
}

#[test]
fn a_missing_filter_fails_even_when_alarms_cannot_be_read() {
    let spec = &CIS_ALARMS[0];
    let none = Emulator(None);
    let unread = Err("not checked: DescribeAlarms".to_owned());
    let r = judge(spec, "g", &[], &unread, &BTreeMap::new(), &none);
    assert_eq!(r.status, Status::Fail);
    let filters = [Filter {
        name: "f".to_owned(),
        pattern: spec.pattern.to_owned(),
        metrics: vec![emitted("n", "m")],
    }];
    let r = judge(spec, "g", &filters, &unread, &BTreeMap::new(), &none);
    assert_eq!(r.status, Status::Manual);
    let r = judge(
        spec,
        "g",
        &filters,
        &Ok(Vec::new()),
        &BTreeMap::new(),
        &none,
    );
    assert_eq!(r.status, Status::Fail);
    assert!(
        r.evidence.contains("no alarm on that metric"),
        "{}",
        r.evidence
    );
}

#[test]
fn hydrate_s_patterns_and_cis_v1_4_s_texts_are_accepted() {
    let unauthorized = &CIS_ALARMS[0];
    assert!(matches(unauthorized, unauthorized.pattern));
    assert!(matches(
        unauthorized,
        r#"{($.errorCode="*UnauthorizedOperation")||($.errorCode="AccessDenied*")}"#
    ));
    // CIS v1.5's text, whose `||` lets almost every event through, is not.
    assert!(!matches(
        unauthorized,
        r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }"#
    ));
    let root = CIS_ALARMS.iter().find(|s| s.cis == "4.3").expect("4.3");
    assert!(!matches(root, unauthorized.pattern));
}

#[test]
fn an_alarm_on_other_dimensions_or_a_filter_that_adds_less_than_one_fails() {
    let ge = "GreaterThanOrEqualToThreshold";
    let one = emitted("n", "m");
    let good = alarm(true, ge, Some(1.0));
    assert_eq!(good.flaw(&one), None);
    // The alarm watches n/m{Trail}; the filter emits n/m without dimensions: never any data.
    let on_trail = Alarm {
        dimensions: vec!["Trail".to_owned()],
        ..alarm(true, ge, Some(1.0))
    };
    let flaw = on_trail.flaw(&one).unwrap_or_default();
    assert!(
        flaw.contains("Dimensions Trail: the filter emits n/m without dimensions"),
        "{flaw}"
    );
    // A filter with dimensions: an alarm on one value (User=root) misses every other user.
    let by_user = Emitted {
        dimensions: vec!["User".to_owned()],
        ..emitted("n", "m")
    };
    let on_root = Alarm {
        dimensions: vec!["User".to_owned()],
        ..alarm(true, ge, Some(1.0))
    };
    let flaw = on_root.flaw(&by_user).unwrap_or_default();
    assert!(
        flaw.contains("with dimensions User: each combination"),
        "{flaw}"
    );
    // An alarm asking for Seconds of a count without a unit never gets data; Count of None neither.
    let in_seconds = Alarm {
        unit: "Seconds".to_owned(),
        ..alarm(true, ge, Some(1.0))
    };
    let flaw = in_seconds.flaw(&one).unwrap_or_default();
    assert!(
        flaw.contains("Unit Seconds: the filter emits n/m in unit None"),
        "{flaw}"
    );
    let counted = Emitted {
        unit: "Count".to_owned(),
        ..emitted("n", "m")
    };
    let in_count = Alarm {
        unit: "Count".to_owned(),
        ..alarm(true, ge, Some(1.0))
    };
    assert_eq!(in_count.flaw(&counted), None);
    // MetricValue 0 adds nothing; a selector is not a count; 2 still reaches a threshold of 1.
    let zero = Emitted {
        value: "0".to_owned(),
        ..emitted("n", "m")
    };
    let flaw = good.flaw(&zero).unwrap_or_default();
    assert!(flaw.contains("MetricValue 0"), "{flaw}");
    let selector = Emitted {
        value: "$.bytes".to_owned(),
        ..emitted("n", "m")
    };
    let flaw = good.flaw(&selector).unwrap_or_default();
    assert!(flaw.contains("`$.bytes`, not a number"), "{flaw}");
    let two = Emitted {
        value: "2".to_owned(),
        ..emitted("n", "m")
    };
    assert_eq!(good.flaw(&two), None);
    // The same through judge: the row fails and names the dimensions.
    let spec = &CIS_ALARMS[0];
    let filters = [Filter {
        name: "f".to_owned(),
        pattern: spec.pattern.to_owned(),
        metrics: vec![one],
    }];
    let deliveries = BTreeMap::from([(TOPIC.to_owned(), Ok((1, 1)))]);
    let r = judge(
        spec,
        "g",
        &filters,
        &Ok(vec![on_trail]),
        &deliveries,
        &Emulator(None),
    );
    assert_eq!(r.status, Status::Fail);
    assert!(r.evidence.contains("Dimensions Trail"), "{}", r.evidence);
}
