//! The delegated administrators against the in-memory [`super::fake::FakeOrg`]: made so once,
//! then no write; another administrator refused before any write; members checked.

use super::fake::{admin_key, FakeOrg};
use super::tests::run;
use super::*;
use crate::deploy::fake_cloud::world::Recorder;
use crate::deploy::interrupt::Interrupt;

const AUDIT: &str = "333333333333";
const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

fn org() -> FakeOrg {
    FakeOrg::new(
        &[("ou-a", "Audit", "r-root")],
        &[
            (AUDIT, "ou-a"),
            ("444444444444", "ou-a"),
            ("999999999999", "r-root"),
        ],
    )
}

fn spec(admins: &[(AdminService, &str)]) -> OrgSpec {
    OrgSpec {
        management_account_id: "999999999999".to_owned(),
        admins: admins
            .iter()
            .map(|(service, account)| WantedAdmin {
                service: *service,
                account: (*account).to_owned(),
            })
            .collect(),
        regions: REGIONS.iter().map(|r| (*r).to_owned()).collect(),
        ..OrgSpec::default()
    }
}

fn writes(cloud: &FakeOrg) -> usize {
    cloud.count("EnableAWSServiceAccess") + cloud.count("MakeAdmin")
}

const ALL: [(AdminService, &str); 3] = [
    (AdminService::GuardDuty, AUDIT),
    (AdminService::SecurityHub, AUDIT),
    (AdminService::Config, AUDIT),
];

#[tokio::test]
async fn up_makes_every_administrator_then_a_second_run_writes_nothing() {
    let cloud = org();
    let spec = spec(&ALL);
    let (rec, never) = (Recorder::default(), Interrupt::Never);
    let before = run(&cloud, &spec, &rec, &never)
        .admins_status()
        .await
        .expect("status");
    // GuardDuty and Security Hub in each region, Config's two principals once each.
    assert_eq!(before.len(), 6, "{before:?}");
    assert!(before.iter().all(AdminRow::differs), "{before:?}");

    let rows = run(&cloud, &spec, &rec, &never)
        .admins_up()
        .await
        .expect("up");
    assert!(rows.iter().all(|r| r.state == ADMIN_SET), "{rows:?}");
    assert_eq!(cloud.count("EnableAWSServiceAccess"), 4);
    assert_eq!(cloud.count("MakeAdmin"), 6);
    let access = cloud.access.lock().expect("lock").clone();
    for p in [
        "guardduty.amazonaws.com",
        "securityhub.amazonaws.com",
        "config.amazonaws.com",
        "config-multiaccountsetup.amazonaws.com",
    ] {
        assert!(access.contains(&p.to_owned()), "{p}: {access:?}");
    }
    let gd_eu = AdminTarget {
        service: AdminService::GuardDuty,
        principal: "guardduty.amazonaws.com",
        region: Some("eu-west-1".to_owned()),
    };
    assert_eq!(
        cloud.admins.lock().expect("lock").get(&admin_key(&gd_eu)),
        Some(&vec![AUDIT.to_owned()])
    );

    let before = writes(&cloud);
    let rows = run(&cloud, &spec, &rec, &never)
        .admins_up()
        .await
        .expect("up again");
    assert_eq!(writes(&cloud), before, "a no-change run writes nothing");
    assert!(rows.iter().all(|r| r.state == ADMIN_OK), "{rows:?}");
    let status = run(&cloud, &spec, &rec, &never)
        .admins_status()
        .await
        .expect("status");
    assert!(status.iter().all(|r| r.state == ADMIN_OK), "{status:?}");
}

#[tokio::test]
async fn no_administrators_asked_for_makes_no_call() {
    let cloud = org();
    let spec = spec(&[]);
    let (rec, never) = (Recorder::default(), Interrupt::Never);
    let rows = run(&cloud, &spec, &rec, &never)
        .admins_up()
        .await
        .expect("up");
    assert!(rows.is_empty());
    assert!(cloud.calls.lock().expect("lock").is_empty());
}

#[tokio::test]
async fn another_administrator_is_refused_before_any_write_and_named_with_the_fix() {
    let cloud = org();
    let taken = AdminTarget {
        service: AdminService::SecurityHub,
        principal: "securityhub.amazonaws.com",
        region: Some("eu-west-1".to_owned()),
    };
    cloud
        .admins
        .lock()
        .expect("lock")
        .insert(admin_key(&taken), vec!["444444444444".to_owned()]);
    let spec = spec(&ALL);
    let (rec, never) = (Recorder::default(), Interrupt::Never);
    let err = run(&cloud, &spec, &rec, &never)
        .admins_up()
        .await
        .expect_err("refused");
    assert_eq!(writes(&cloud), 0, "nothing written");
    let text = err.to_string();
    for part in [
        "SecurityHub (securityhub.amazonaws.com) in eu-west-1 is administered by 444444444444, not 333333333333",
        "aws securityhub disable-organization-admin-account --admin-account-id 444444444444 --region eu-west-1",
        "DelegatedAdministrators.SecurityHub = \"444444444444\"",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    let status = run(&cloud, &spec, &rec, &never)
        .admins_status()
        .await
        .expect("status");
    let row = status
        .iter()
        .find(|r| r.service == "SecurityHub" && r.region == "eu-west-1")
        .expect("row");
    assert_eq!(row.actual, ["444444444444"]);
    assert_eq!(row.state, ADMIN_DIFFERS);
}

#[tokio::test]
async fn the_administrator_must_be_an_active_member_account() {
    let (rec, never) = (Recorder::default(), Interrupt::Never);
    let cloud = org();
    let outsider = spec(&[(AdminService::GuardDuty, "555555555555")]);
    let err = run(&cloud, &outsider, &rec, &never)
        .admins_up()
        .await
        .expect_err("outsider");
    assert!(
        err.to_string()
            .contains("DelegatedAdministrators.GuardDuty in organization.json: account 555555555555 is not in the organization"),
        "{err}"
    );
    let management = spec(&[(AdminService::Config, "999999999999")]);
    let err = run(&cloud, &management, &rec, &never)
        .admins_up()
        .await
        .expect_err("management");
    assert!(
        err.to_string().contains("is the management account"),
        "{err}"
    );
    cloud
        .accounts
        .lock()
        .expect("lock")
        .iter_mut()
        .for_each(|a| a.2 = "SUSPENDED".to_owned());
    let suspended = spec(&[(AdminService::GuardDuty, AUDIT)]);
    let err = run(&cloud, &suspended, &rec, &never)
        .admins_up()
        .await
        .expect_err("suspended");
    assert!(err.to_string().contains("is SUSPENDED"), "{err}");
    assert_eq!(writes(&cloud), 0);
}
