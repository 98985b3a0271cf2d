//! `org` against moto server on 127.0.0.1: an organization of 21 accounts in 3 OUs built through
//! the Organizations API, two baselines as SERVICE_MANAGED stack sets, the instances checked per
//! account and region through CloudFormation's own API (not through hydrate's rows).
//!
//! What moto does not prove (and these tests do not claim): operations complete synchronously,
//! so polling, back-off and Ctrl-C are proved by the unit tests only; CreateStackInstances ignores
//! our OperationId; UpdateStackSet and DeleteStackInstances read only the top-level `Accounts`, so
//! an update does not reach existing instances and a delete through `DeploymentTargets` (the only
//! form AWS takes for SERVICE_MANAGED) deletes nothing there; there is no auto-deployment, and
//! instances carry no OrganizationalUnitId (hydrate fills the OU from the organization); moto does
//! not keep AutoDeployment (not compared when not reported) or Capabilities (an identical deployed
//! template that needs them proves them acknowledged: `deploy/org/plan.rs`).
//! moto reads a TemplateURL by its path only when the host is `localhost`: the clients here use
//! `localhost` instead of 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_organizations::types::OrganizationFeatureSet;
use hydrate::deploy::interrupt::Interrupt;
use hydrate::deploy::org::{CallAs, Org, OrgSpec, OuTarget, SetAction, StackSetSpec, MISSING};
use hydrate::deploy::{Aws, Connection};
use support::org::{Calls, Quiet};
use support::{endpoints, unique, ACCOUNT};

const BODY: &str = r#"{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}"#;
const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

fn localhost() -> String {
    endpoints().api.replace("127.0.0.1", "localhost")
}

async fn aws(calls: Arc<Calls>) -> Aws {
    let creds = aws_sdk_cloudformation::config::Credentials::new(ACCOUNT, "test", None, None, "t");
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(localhost())
        .credentials_provider(creds)
        .load()
        .await;
    let connection = Connection {
        profile: None,
        region: "us-east-1".to_owned(),
        endpoint_url: Some(localhost()),
        mfa_code: None,
        mfa_prompt: None,
        call_log: Some(calls),
        timeouts: Default::default(),
    };
    Aws::from_config(&config, &connection)
}

/// OUs (name, id) under the root, each with `n` new accounts; the organization is made if moto has
/// none yet (its state outlives tests: names are unique per run).
async fn organization(aws: &Aws, n: usize) -> (String, Vec<(String, String, Vec<String>)>) {
    let org = &aws.organizations;
    if org.describe_organization().send().await.is_err() {
        // Two tests may both find none: the second one's refusal means it is there.
        if let Err(e) = org
            .create_organization()
            .feature_set(OrganizationFeatureSet::All)
            .send()
            .await
        {
            let code = aws_sdk_organizations::error::ProvideErrorMetadata::code(&e);
            assert_eq!(code, Some("AlreadyInOrganizationException"), "{e:?}");
        }
    }
    let roots = org.list_roots().send().await.expect("roots");
    let root = roots.roots()[0].id().unwrap().to_owned();
    let mut ous = Vec::new();
    for kind in ["Workloads", "Sandbox", "Audit"] {
        let name = unique(kind);
        let ou = org
            .create_organizational_unit()
            .parent_id(&root)
            .name(&name)
            .send()
            .await
            .expect("ou");
        let id = ou.organizational_unit().unwrap().id().unwrap().to_owned();
        let mut accounts = Vec::new();
        for _ in 0..n {
            accounts.push(account(aws, &root, &id).await);
        }
        ous.push((name, id, accounts));
    }
    (root, ous)
}

async fn account(aws: &Aws, root: &str, ou: &str) -> String {
    support::org::account(&aws.organizations, root, ou, &unique("acct")).await
}

/// The (account, region) pairs of a stack set, as CloudFormation lists them.
async fn instances(aws: &Aws, stack_set: &str) -> Vec<(String, String)> {
    support::org::instances(&aws.cfn, stack_set).await
}

async fn operations(aws: &Aws, stack_set: &str) -> usize {
    aws.cfn
        .list_stack_set_operations()
        .stack_set_name(stack_set)
        .send()
        .await
        .expect("operations")
        .summaries()
        .len()
}

/// An `org` run over a copy of the spec (it changes between runs).
fn org<'a>(aws: &'a Aws, spec: OrgSpec, never: &'a Interrupt) -> Owned<'a> {
    Owned { aws, spec, never }
}

/// What an [`Org`] borrows, held.
struct Owned<'a> {
    aws: &'a Aws,
    spec: OrgSpec,
    never: &'a Interrupt,
}

impl Owned<'_> {
    fn org(&self) -> Org<'_> {
        Org {
            cloud: self.aws,
            spec: &self.spec,
            caller_account: ACCOUNT.to_owned(),
            reporter: &Quiet,
            interrupt: self.never,
            limit: Duration::from_secs(120),
            org: "test-org".to_owned(),
            jobs: 4,
        }
    }
}

fn expected(accounts: &[&String]) -> Vec<(String, String)> {
    support::org::expected(accounts, &REGIONS)
}

const WRITES: [&str; 6] = [
    "PutObject",
    "CreateStackSet",
    "UpdateStackSet",
    "CreateStackInstances",
    "DeleteStackInstances",
    "DeleteStackSet",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn org_up_reaches_every_account_then_changes_nothing_then_only_what_changed() {
    let calls = Arc::new(Calls::default());
    let aws = aws(calls.clone()).await;
    let (_, ous) = organization(&aws, 7).await;
    let bucket = unique("org-tpl");
    aws.s3
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("bucket");
    let set = |baseline: &str, targets: Vec<OuTarget>| StackSetSpec {
        baseline: baseline.to_owned(),
        name: unique(&format!("hydrate-{baseline}")),
        body: BODY.to_owned(),
        tags: vec![("project".to_owned(), "hydrate-tests".to_owned())],
        ous: targets,
        regions: REGIONS.iter().map(|r| (*r).to_owned()).collect(),
        ..StackSetSpec::default()
    };
    let mut spec = OrgSpec {
        management_account_id: ACCOUNT.to_owned(),
        call_as: CallAs::SelfAccount,
        template_bucket: bucket,
        stack_sets: vec![
            set(
                "workload",
                vec![
                    OuTarget::Path(vec![ous[0].0.clone()]),
                    OuTarget::Id(ous[1].1.clone()),
                ],
            ),
            set("audit", vec![OuTarget::Path(vec![ous[2].0.clone()])]),
        ],
        ..OrgSpec::default()
    };
    let never = Interrupt::Never;
    let run = |spec: &OrgSpec| org(&aws, spec.clone(), &never);

    // First run: every account of the targeted OUs, in both regions.
    let out = run(&spec).org().up().await;
    for (baseline, result) in &out {
        let o = result
            .as_ref()
            .unwrap_or_else(|e| panic!("{baseline}: {e}"));
        assert_eq!(o.action, SetAction::Created, "{baseline}");
        assert!(!o.failed(), "{baseline}: {:?}", o.rows);
    }
    let workload = &spec.stack_sets[0].name.clone();
    let audit = &spec.stack_sets[1].name.clone();
    let wl: Vec<&String> = ous[0].2.iter().chain(&ous[1].2).collect();
    assert_eq!(instances(&aws, workload).await, expected(&wl));
    assert_eq!(
        instances(&aws, audit).await,
        expected(&ous[2].2.iter().collect::<Vec<_>>())
    );
    calls.take();

    // Second run: no write call at all, not even the upload.
    let out = run(&spec).org().up().await;
    assert!(out
        .iter()
        .all(|(_, r)| matches!(r, Ok(o) if o.action == SetAction::Unchanged)));
    let log = calls.take();
    for write in WRITES {
        assert!(!log.iter().any(|c| c == write), "{write}: {log:?}");
    }

    // One option of one baseline: only that stack set gets an operation.
    let (wl_ops, audit_ops) = (
        operations(&aws, workload).await,
        operations(&aws, audit).await,
    );
    spec.stack_sets[1]
        .tags
        .push(("team".to_owned(), "audit".to_owned()));
    let out = run(&spec).org().up().await;
    assert_eq!(out[0].1.as_ref().unwrap().action, SetAction::Unchanged);
    assert_eq!(
        out[1].1.as_ref().unwrap().action,
        SetAction::Updated(vec!["tags".to_owned()])
    );
    assert_eq!(operations(&aws, workload).await, wl_ops);
    assert_eq!(operations(&aws, audit).await, audit_ops + 1);
    let log = calls.take();
    assert_eq!(
        log.iter().filter(|c| *c == "UpdateStackSet").count(),
        1,
        "{log:?}"
    );

    // A new account in a targeted OU: missing (moto has no auto-deployment; AWS would deploy it
    // on its own, and status still says missing until the instance exists).
    let roots = aws.organizations.list_roots().send().await.unwrap();
    let root = roots.roots()[0].id().unwrap().to_owned();
    let newcomer = account(&aws, &root, &ous[2].1).await;
    let status = run(&spec).org().status().await;
    let st = status[1].1.as_ref().unwrap();
    let missing: Vec<&str> = st
        .rows
        .iter()
        .filter(|r| r.status == MISSING)
        .map(|r| r.account.as_str())
        .collect();
    assert_eq!(
        missing,
        [newcomer.as_str(), newcomer.as_str()],
        "{:?}",
        st.rows
    );
    assert!(st.auto_deployment);

    // An account moved from one workload OU to the other stays covered; one moved into Audit is
    // missing there.
    let moved = ous[0].2[0].clone();
    aws.organizations
        .move_account()
        .account_id(&moved)
        .source_parent_id(&ous[0].1)
        .destination_parent_id(&ous[1].1)
        .send()
        .await
        .unwrap();
    let status = run(&spec).org().status().await;
    let wl_status = status[0].1.as_ref().unwrap();
    assert_eq!(wl_status.missing(), 0, "{:?}", wl_status.rows);
    assert!(wl_status
        .rows
        .iter()
        .filter(|r| r.account == moved)
        .all(|r| r.ou == ous[1].1));
    let into_audit = ous[1].2[0].clone();
    aws.organizations
        .move_account()
        .account_id(&into_audit)
        .source_parent_id(&ous[1].1)
        .destination_parent_id(&ous[2].1)
        .send()
        .await
        .unwrap();
    let status = run(&spec).org().status().await;
    let au = status[1].1.as_ref().unwrap();
    assert!(au
        .rows
        .iter()
        .any(|r| r.account == into_audit && r.status == MISSING));

    // org up covers both, and the audit stack set reaches the newcomers.
    let out = run(&spec).org().up().await;
    assert!(out
        .iter()
        .all(|(_, r)| r.as_ref().is_ok_and(|o| !o.failed())));
    let au_accounts: Vec<&String> = ous[2].2.iter().chain([&newcomer, &into_audit]).collect();
    assert_eq!(instances(&aws, audit).await, expected(&au_accounts));

    // Delete: the instances through their OUs, then the stack set. moto ignores DeploymentTargets
    // on DeleteStackInstances: it deletes nothing, and hydrate then keeps the stack set and says so.
    calls.take();
    let out = run(&spec).org().delete().await;
    let log = calls.take();
    assert_eq!(
        log.iter().filter(|c| *c == "DeleteStackInstances").count(),
        2,
        "{log:?}"
    );
    for (baseline, result) in &out {
        let d = result
            .as_ref()
            .unwrap_or_else(|e| panic!("{baseline}: {e}"));
        let left = instances(&aws, &d.stack_set).await;
        assert_eq!(d.remaining.len(), left.len(), "{baseline}");
        assert_eq!(d.deleted, left.is_empty(), "{baseline}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suspended_account_and_an_unknown_ou_are_said() {
    let aws = aws(Arc::new(Calls::default())).await;
    let (_, ous) = organization(&aws, 2).await;
    aws.organizations
        .close_account()
        .account_id(&ous[0].2[0])
        .send()
        .await
        .expect("close");
    let reached =
        hydrate::deploy::org::resolve(&aws, "w", &[OuTarget::Id(ous[0].1.clone())], ACCOUNT)
            .await
            .expect("resolves");
    assert_eq!(reached.accounts.len(), 1);
    assert!(
        reached.skipped[0].why.contains("SUSPENDED"),
        "{:?}",
        reached.skipped
    );
    let err = hydrate::deploy::org::resolve(
        &aws,
        "w",
        &[OuTarget::Path(vec!["NoSuchOu".to_owned()])],
        ACCOUNT,
    )
    .await
    .expect_err("unknown");
    assert!(err.to_string().contains("Root/NoSuchOu"), "{err}");
}

/// `hydrate org …` with emulator-only credentials, from `dir`.
fn hydrate_org(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("hydrate"))
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("AWS_ACCESS_KEY_ID", ACCOUNT)
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", dir.join("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("aws-credentials"))
        .arg("--endpoint-url")
        .arg(localhost())
        .args(args)
        .output()
        .expect("hydrate runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_deploys_an_organization_directory_and_a_second_run_writes_nothing() {
    let aws = aws(Arc::new(Calls::default())).await;
    let (_, ous) = organization(&aws, 3).await;
    // No Management: the bucket is bootstrap's name for the management account.
    let _ = aws
        .s3
        .create_bucket()
        .bucket(format!("hydrate-templates-{ACCOUNT}-us-east-1"))
        .send()
        .await;
    let tmp = tempfile::tempdir().expect("tempdir");
    let org_dir = tmp.path().join("params/test-org");
    let set_name = unique("hydrate-notify");
    std::fs::create_dir_all(org_dir.join("baselines/notify")).unwrap();
    std::fs::write(
        org_dir.join("organization.json"),
        format!(
            r#"{{"ManagementAccountId": "{ACCOUNT}", "Region": "us-east-1", "Regions": ["us-east-1", "eu-west-1"],
                "Tags": {{"project": "hydrate-tests"}},
                "Baselines": {{"notify": {{"StackSetName": "{set_name}", "OrganizationalUnits": ["Root/{}", "{}"]}}}}}}"#,
            ous[0].0, ous[1].1
        ),
    )
    .unwrap();
    std::fs::write(
        org_dir.join("baselines/notify/snsNotify.json"),
        r#"{"StackName": "hydrate-snsNotify", "Parameters": {"AlertEmail": "alerts@example.com"}, "Hydrate": {"Template": "snsNotify", "Options": {"adminRole": {"path": "/", "namePrefix": "ops", "stackSetsExecution": true}}}}"#,
    )
    .unwrap();
    let out = hydrate_org(tmp.path(), &["org", "up", "--org", "test-org"]);
    let text = support::text(&out);
    assert!(out.status.success(), "{text}");
    let accounts: Vec<&String> = ous[0].2.iter().chain(&ous[1].2).collect();
    assert_eq!(
        instances(&aws, &set_name).await,
        expected(&accounts),
        "{text}"
    );
    for a in &accounts {
        assert!(text.contains(a.as_str()), "{a}: {text}");
    }

    let calls = tmp.path().join("calls.log");
    let out = hydrate_org(
        tmp.path(),
        &[
            "--call-log",
            calls.to_str().unwrap(),
            "org",
            "up",
            "--org",
            "test-org",
        ],
    );
    assert!(out.status.success(), "{}", support::text(&out));
    let log = std::fs::read_to_string(&calls).expect("call log");
    for write in WRITES {
        assert!(
            !log.lines()
                .any(|l| l.split_whitespace().nth(1) == Some(write)),
            "{write}: {log}"
        );
    }
    assert!(support::text(&out).contains("up to date"));

    let out = hydrate_org(
        tmp.path(),
        &["--output", "json", "org", "status", "--org", "test-org"],
    );
    assert!(out.status.success(), "{}", support::text(&out));
    let line = String::from_utf8_lossy(&out.stdout);
    let status: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(status["kind"], "stack_set");
    assert_eq!(status["rows"].as_array().unwrap().len(), 12);

    let out = hydrate_org(tmp.path(), &["org", "status", "--org", "test-org"]);
    assert!(out.status.success(), "{}", support::text(&out));
    let bad = org_dir.join("organization.json");
    let text = std::fs::read_to_string(&bad)
        .unwrap()
        .replace(&ous[0].0, "NoSuchOu");
    std::fs::write(&bad, text).unwrap();
    let out = hydrate_org(tmp.path(), &["org", "status", "--org", "test-org"]);
    assert_eq!(out.status.code(), Some(2), "{}", support::text(&out));
    assert!(
        support::text(&out).contains("Root/NoSuchOu"),
        "{}",
        support::text(&out)
    );
}

/// The Identity Center assignments of organization.json against moto's Organizations: each
/// entry's OUs resolved to their accounts as the stack sets' are, one stack per account in the
/// management account, and an account added later changes no other account's stack. What moto
/// cannot show: the stacks are not deployed here (neither emulator creates AWS::SSO types).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_center_assignments_follow_each_ous_accounts() {
    use hydrate::params::org::assignments::{
        assignments_key, grants_by_account, permission_sets_stack, with_assignments,
    };
    use hydrate::params::org::{IdentityCenter, IdentityCenterFile};

    let aws = aws(Arc::new(Calls::default())).await;
    let (root, ous) = organization(&aws, 3).await;
    let group = "9067c1d2e3-a1b2c3d4-1a2b-3c4d-5e6f-0123456789ab";
    let file: IdentityCenterFile = serde_json::from_value(serde_json::json!({"Assignments": [
        {"OrganizationalUnits": [format!("Root/{}", ous[0].0)], "Groups": {group: ["developer", "readonly"]}},
        {"OrganizationalUnits": [ous[1].1.clone()], "Groups": {group: ["operator"]}},
    ]}))
    .unwrap();
    let ic = IdentityCenter::check(&file).unwrap();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("params/example");
    let management = hydrate::params::AccountDir::load(&example).unwrap();
    let org_file = example.join("../example-org/organization.json");
    let sets = permission_sets_stack(&ic, &management, &org_file).unwrap();
    let targets = [
        vec![OuTarget::Path(vec![ous[0].0.clone()])],
        vec![OuTarget::Id(ous[1].1.clone())],
    ];
    let assigned = || async {
        let mut reached = Vec::new();
        for (rule, t) in ic.assignments.iter().zip(&targets) {
            let r = hydrate::deploy::org::resolve(&aws, "t", t, ACCOUNT)
                .await
                .unwrap();
            reached.push((
                rule.grants.as_slice(),
                r.accounts.into_iter().map(|a| a.id).collect(),
            ));
        }
        with_assignments(&management, sets, &grants_by_account(reached), &org_file).unwrap()
    };
    let before = assigned().await;
    let body = |dir: &hydrate::params::AccountDir, account: &str| {
        let stack = dir
            .stack(&assignments_key(account))
            .map(|s| s.template.body().to_owned());
        stack.unwrap_or_else(|| panic!("{account} has no assignment stack"))
    };
    for a in &ous[0].2 {
        assert_eq!(
            body(&before, a).matches("AWS::SSO::Assignment").count(),
            2,
            "{a}"
        );
    }
    for a in &ous[1].2 {
        assert_eq!(
            body(&before, a).matches("AWS::SSO::Assignment").count(),
            1,
            "{a}"
        );
    }
    for a in &ous[2].2 {
        assert!(
            before.stack(&assignments_key(a)).is_none(),
            "{a} is in no entry's OU"
        );
    }
    let late = account(&aws, &root, &ous[0].1).await;
    let after = assigned().await;
    assert!(after.stack(&assignments_key(&late)).is_some(), "{late}");
    for a in ous[0].2.iter().chain(&ous[1].2) {
        assert_eq!(
            body(&before, a),
            body(&after, a),
            "{a} changed when {late} joined"
        );
    }
}
