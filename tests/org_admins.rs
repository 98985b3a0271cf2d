//! `org up`'s delegated administrators against moto server on 127.0.0.1, in an account of its
//! own (STS AssumeRole into a fresh id, so its organization, GuardDuty and Security Hub state
//! are this test's alone), checked through the services' own APIs, not hydrate's rows; and the
//! binary's `org status` (DIFFERS, exit 1), `org up`, `org status` (OK) on an organization
//! directory.
//!
//! What moto does not prove (and this test does not claim): moto's GuardDuty
//! EnableOrganizationAdminAccount checks nothing (not the caller, not membership) and keeps
//! every id it is sent; its Security Hub has EnableOrganizationAdminAccount (which checks the
//! caller is the management account and the account a member) but no
//! ListOrganizationAdminAccounts, so Security Hub's read, refusal and no-change run are proved
//! on the in-memory fake only; its Organizations refuses `config.amazonaws.com` as a delegated
//! administrator's service principal (AWS documents it for aggregators), so only
//! `config-multiaccountsetup.amazonaws.com` is registered here. Trusted access is a list moto
//! keeps; it enables nothing with it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_organizations::types::{CreateAccountState, OrganizationFeatureSet};
use hydrate::deploy::interrupt::Interrupt;
use hydrate::deploy::org::{
    AdminService, AdminTarget, Org, OrgCloud, OrgSpec, WantedAdmin, ADMIN_OK, ADMIN_SET,
};
use hydrate::deploy::{Aws, Connection};
use support::org::{Calls, Quiet};
use support::{endpoints, unique, ACCOUNT};

const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

/// A fresh account's session: key, secret, token.
type Session = (String, String, String);

/// Clients of a fresh account of moto's (its own organization, its own services' state).
async fn fresh(calls: Arc<Calls>) -> (Aws, String) {
    let (aws, account, _) = fresh_session(calls).await;
    (aws, account)
}

/// The same, with the session's credentials for the binary.
async fn fresh_session(calls: Arc<Calls>) -> (Aws, String, Session) {
    let api = endpoints().api.clone();
    let account = format!(
        "{:012}",
        u64::from_str_radix(&unique("a")[2..], 16).unwrap_or(7) % 1_000_000_000_000
    );
    let base = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(&api)
        .credentials_provider(aws_sdk_sts::config::Credentials::new(
            ACCOUNT, "test", None, None, "t",
        ))
        .load()
        .await;
    let out = aws_sdk_sts::Client::new(&base)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/org-admins"))
        .role_session_name("org-admins")
        .send()
        .await
        .expect("assume role");
    let c = out.credentials().expect("credentials");
    let session = (
        c.access_key_id().to_owned(),
        c.secret_access_key().to_owned(),
        c.session_token().to_owned(),
    );
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(&api)
        .credentials_provider(aws_sdk_sts::config::Credentials::new(
            c.access_key_id(),
            c.secret_access_key(),
            Some(c.session_token().to_owned()),
            None,
            "t",
        ))
        .load()
        .await;
    let connection = Connection {
        profile: None,
        region: "us-east-1".to_owned(),
        endpoint_url: Some(api),
        mfa_code: None,
        mfa_prompt: None,
        call_log: Some(calls),
        timeouts: Default::default(),
    };
    (Aws::from_config(&config, &connection), account, session)
}

/// An organization of the fresh account with two member accounts: (audit, other).
async fn organization(aws: &Aws) -> (String, String) {
    let org = &aws.organizations;
    org.create_organization()
        .feature_set(OrganizationFeatureSet::All)
        .send()
        .await
        .expect("organization");
    let mut ids = Vec::new();
    for _ in 0..2 {
        let name = unique("acct");
        let made = org
            .create_account()
            .account_name(&name)
            .email(format!("{name}@example.com"))
            .send()
            .await
            .expect("account");
        let status = made.create_account_status().unwrap();
        assert_eq!(status.state(), Some(&CreateAccountState::Succeeded));
        ids.push(status.account_id().unwrap().to_owned());
    }
    (ids[0].clone(), ids[1].clone())
}

fn org<'a>(aws: &'a Aws, spec: &'a OrgSpec, management: &str, never: &'a Interrupt) -> Org<'a> {
    Org {
        cloud: aws,
        spec,
        caller_account: management.to_owned(),
        reporter: &Quiet,
        interrupt: never,
        limit: Duration::from_secs(60),
        org: "test-org".to_owned(),
        jobs: 2,
    }
}

async fn guardduty_admins(aws: &Aws, region: &str) -> Vec<String> {
    aws.in_region(region)
        .guardduty
        .list_organization_admin_accounts()
        .send()
        .await
        .expect("guardduty admins")
        .admin_accounts()
        .iter()
        .filter_map(|a| a.admin_account_id().map(str::to_owned))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn org_up_makes_the_guardduty_administrator_in_every_region_then_writes_nothing() {
    let calls = Arc::new(Calls::default());
    let (aws, management) = fresh(calls.clone()).await;
    let (audit, other) = organization(&aws).await;
    let spec = OrgSpec {
        management_account_id: management.clone(),
        admins: vec![WantedAdmin {
            service: AdminService::GuardDuty,
            account: audit.clone(),
        }],
        regions: REGIONS.iter().map(|r| (*r).to_owned()).collect(),
        ..OrgSpec::default()
    };
    let never = Interrupt::Never;
    let rows = org(&aws, &spec, &management, &never)
        .admins_up()
        .await
        .expect("up");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|r| r.state == ADMIN_SET), "{rows:?}");
    // Through the services' own APIs: the administrator in both regions, trusted access on.
    for region in REGIONS {
        assert_eq!(
            guardduty_admins(&aws, region).await,
            std::slice::from_ref(&audit),
            "{region}"
        );
    }
    let access = aws
        .organizations
        .list_aws_service_access_for_organization()
        .send()
        .await
        .expect("access");
    assert!(access
        .enabled_service_principals()
        .iter()
        .any(|p| p.service_principal() == Some("guardduty.amazonaws.com")));

    // Second run: reads only.
    calls.take();
    let rows = org(&aws, &spec, &management, &never)
        .admins_up()
        .await
        .expect("up again");
    assert!(rows.iter().all(|r| r.state == ADMIN_OK), "{rows:?}");
    let log = calls.take();
    for write in [
        "EnableAWSServiceAccess",
        "EnableOrganizationAdminAccount",
        "RegisterDelegatedAdministrator",
    ] {
        assert!(!log.iter().any(|c| c == write), "{write}: {log:?}");
    }

    // Another account asked for: refused, named, nothing written.
    let mut wants_other = spec.clone();
    wants_other.admins[0].account = other.clone();
    calls.take();
    let err = org(&aws, &wants_other, &management, &never)
        .admins_up()
        .await
        .expect_err("refused");
    let text = err.to_string();
    assert!(
        text.contains(&format!("is administered by {audit}, not {other}")),
        "{text}"
    );
    assert!(!calls
        .take()
        .iter()
        .any(|c| c == "EnableOrganizationAdminAccount"));
    for region in REGIONS {
        assert_eq!(
            guardduty_admins(&aws, region).await,
            std::slice::from_ref(&audit),
            "{region}"
        );
    }

    // An account outside the organization: refused by hydrate's DescribeAccount check.
    let mut outsider = spec.clone();
    outsider.admins[0].account = "000011112222".to_owned();
    let err = org(&aws, &outsider, &management, &never)
        .admins_up()
        .await
        .expect_err("outsider");
    assert!(
        err.to_string()
            .contains("000011112222 is not in the organization"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_config_and_security_hub_calls_reach_the_wire() {
    let (aws, _) = fresh(Arc::new(Calls::default())).await;
    let (audit, _) = organization(&aws).await;
    let rules = AdminTarget {
        service: AdminService::Config,
        principal: "config-multiaccountsetup.amazonaws.com",
        region: None,
    };
    assert!(aws.admins(&rules).await.expect("none yet").is_empty());
    aws.make_admin(&rules, &audit).await.expect("register");
    assert_eq!(
        aws.admins(&rules).await.expect("read"),
        std::slice::from_ref(&audit)
    );
    let listed = aws
        .organizations
        .list_delegated_administrators()
        .service_principal("config-multiaccountsetup.amazonaws.com")
        .send()
        .await
        .expect("list");
    assert_eq!(
        listed.delegated_administrators()[0].id(),
        Some(audit.as_str())
    );

    // Security Hub: moto checks the caller is the management account and the account a member.
    let hub = AdminTarget {
        service: AdminService::SecurityHub,
        principal: "securityhub.amazonaws.com",
        region: Some("eu-west-1".to_owned()),
    };
    aws.make_admin(&hub, &audit)
        .await
        .expect("security hub admin");
    let refused = aws.make_admin(&hub, "000011112222").await;
    assert!(refused.is_err(), "a non-member is refused: {refused:?}");
    assert!(aws.account("000011112222").await.expect("read").is_none());
    assert_eq!(
        aws.account(&audit).await.expect("read").map(|m| m.state),
        Some("ACTIVE".to_owned())
    );
}

/// `hydrate org …` as the fresh account, from `dir` (moto reads a TemplateURL by its path only
/// when the host is `localhost`).
fn hydrate_org(dir: &std::path::Path, session: &Session, args: &[&str]) -> std::process::Output {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("hydrate"))
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("AWS_ACCESS_KEY_ID", &session.0)
        .env("AWS_SECRET_ACCESS_KEY", &session.1)
        .env("AWS_SESSION_TOKEN", &session.2)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", dir.join("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("aws-credentials"))
        .arg("--endpoint-url")
        .arg(endpoints().api.replace("127.0.0.1", "localhost"))
        .args(args)
        .output()
        .expect("hydrate runs")
}

/// The `delegated_admin` rows of a JSON run.
fn admin_rows(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["kind"] == "delegated_admin")
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_shows_the_administrators_differ_then_makes_them_so() {
    let (aws, management, session) = fresh_session(Arc::new(Calls::default())).await;
    let (audit, _) = organization(&aws).await;
    let roots = aws.organizations.list_roots().send().await.unwrap();
    let root = roots.roots()[0].id().unwrap().to_owned();
    let ou = aws
        .organizations
        .create_organizational_unit()
        .parent_id(&root)
        .name(unique("Empty"))
        .send()
        .await
        .expect("ou");
    let ou = ou.organizational_unit().unwrap().id().unwrap().to_owned();
    aws.s3
        .create_bucket()
        .bucket(format!("hydrate-templates-{management}-us-east-1"))
        .send()
        .await
        .expect("bucket");
    let tmp = tempfile::tempdir().expect("tempdir");
    let org_dir = tmp.path().join("params/test-org");
    std::fs::create_dir_all(org_dir.join("baselines/notify")).unwrap();
    std::fs::write(
        org_dir.join("organization.json"),
        serde_json::json!({
            "ManagementAccountId": management,
            "Region": "us-east-1",
            "Regions": REGIONS,
            "DelegatedAdministrators": {"GuardDuty": audit},
            "Baselines": {"notify": {"StackSetName": unique("hydrate-notify"), "OrganizationalUnits": [ou]}}
        })
        .to_string(),
    )
    .unwrap();
    std::fs::write(
        org_dir.join("baselines/notify/snsNotify.json"),
        r#"{"StackName": "hydrate-snsNotify", "Parameters": {"AlertEmail": "alerts@example.com"}, "Hydrate": {"Template": "snsNotify", "Options": {"adminRole": {"path": "/", "namePrefix": "ops", "stackSetsExecution": true}}}}"#,
    )
    .unwrap();
    let json = ["--output", "json", "org"];
    let status = |dir: &std::path::Path| {
        hydrate_org(
            dir,
            &session,
            &[&json[..], &["status", "--org", "test-org"]].concat(),
        )
    };

    let out = status(tmp.path());
    assert_eq!(out.status.code(), Some(1), "{}", support::text(&out));
    let rows = admin_rows(&out);
    assert_eq!(rows.len(), 2, "{}", support::text(&out));
    assert!(rows.iter().all(|r| r["state"] == "DIFFERS"), "{rows:?}");

    let out = hydrate_org(tmp.path(), &session, &["org", "up", "--org", "test-org"]);
    let text = support::text(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("delegated administrators:"), "{text}");
    for region in REGIONS {
        assert_eq!(
            guardduty_admins(&aws, region).await,
            std::slice::from_ref(&audit),
            "{region}"
        );
    }

    let out = status(tmp.path());
    assert!(out.status.success(), "{}", support::text(&out));
    let rows = admin_rows(&out);
    assert_eq!(rows.len(), 2, "{}", support::text(&out));
    assert!(
        rows.iter()
            .all(|r| r["state"] == "OK" && r["actual"] == serde_json::json!([audit])),
        "{rows:?}"
    );
}
