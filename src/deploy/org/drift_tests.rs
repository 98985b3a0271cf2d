//! `org status --drift` against the in-memory [`super::fake::FakeOrg`]: one detection per deployed
//! stack set, waited on, each instance's drift in its row. moto has no DetectStackSetDrift (it
//! answers HTTP 500), so this is the only proof of it.

use super::tests::{org, path, run, set, spec, writes};
use super::*;
use crate::deploy::fake_cloud::world::Recorder;
use crate::deploy::interrupt::Interrupt;

#[tokio::test]
async fn status_with_drift_detects_waits_and_names_the_drifted_instance() {
    let mut cloud = org();
    cloud.drifted = vec![("333333333333".to_owned(), "eu-west-1".to_owned())];
    let s = spec(vec![
        set("audit", vec![OuTarget::Id("ou-a".to_owned())]),
        set("workload", vec![path(&["Workloads"])]),
    ]);
    let (rec, i) = (Recorder::default(), Interrupt::Never);
    run(&cloud, &s, &rec, &i).up().await;
    // Without --drift: the last detection's answer, none yet; no detection started.
    let plain = run(&cloud, &s, &rec, &i).status().await;
    let st = plain[0].1.as_ref().expect("status");
    assert_eq!((st.drifted(), st.failed()), (0, false));
    assert_eq!(cloud.count("DetectStackSetDrift"), 0);
    let before = writes(&cloud);
    let out = run(&cloud, &s, &rec, &i).drift_status().await;
    assert_eq!(cloud.count("DetectStackSetDrift"), 2, "one per stack set");
    let audit = out[0].1.as_ref().expect("status");
    assert_eq!(audit.drifted(), 1);
    assert!(audit.failed());
    let drifted: Vec<(&str, &str)> = audit
        .rows
        .iter()
        .filter(|r| r.drifted())
        .map(|r| (r.account.as_str(), r.region.as_str()))
        .collect();
    assert_eq!(drifted, [("333333333333", "eu-west-1")]);
    assert_eq!(
        audit.drift_detection.as_ref().map(|(_, s)| s.as_str()),
        Some("SUCCEEDED")
    );
    let workload = out[1].1.as_ref().expect("status");
    assert!(workload
        .rows
        .iter()
        .all(|r| r.drift.as_deref() == Some("IN_SYNC")));
    assert!(!workload.failed());
    assert_eq!(
        writes(&cloud),
        before,
        "a drift detection changes no resource"
    );
}

#[tokio::test]
async fn drift_of_a_stack_set_not_deployed_starts_no_detection() {
    let cloud = org();
    let s = spec(vec![set("audit", vec![OuTarget::Id("ou-a".to_owned())])]);
    let (rec, i) = (Recorder::default(), Interrupt::Never);
    let out = run(&cloud, &s, &rec, &i).drift_status().await;
    let st = out[0].1.as_ref().expect("status");
    assert!(!st.deployed && st.drift_detection.is_none());
    assert_eq!(cloud.count("DetectStackSetDrift"), 0);
}
