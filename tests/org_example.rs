//! `hydrate org up --org params/example-org`, the real binary, end to end, on two fresh emulators
//! of its own (the example's OU names and stack names are fixed, so it cannot share state with
//! other tests): LocalStack core for the management account's own baseline (params/example, plain
//! stacks, through `--management-endpoint-url`) and moto for Organizations and StackSets.
//!
//! The organization is built through the Organizations API first: the three OUs the example
//! targets (Root/Workloads, Root/Sandbox, Root/Security) and one it does not. Checked through the
//! APIs, not through hydrate's rows: ListStackInstances per stack set (every account of the
//! targeted OUs in both regions, none of the other OU), the management account's stacks in
//! LocalStack; then a second run that makes no write call (the call log), then a new account
//! reported MISSING by `org status` and covered by the next `org up`.
//!
//! What this does not prove: moto is started as `moto-org` (scripts/moto_org_server.py), which
//! records each stack instance without running the baseline's template in the account, because
//! moto's CloudFormation answers CreateStackInstances with HTTP 500 on it; so nothing here shows the
//! baseline deploying inside a member account. moto completes operations at once and has no
//! auto-deployment (waiting and Ctrl-C are unit-tested against the fake).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use aws_sdk_organizations::types::OrganizationFeatureSet;
use support::org::{account, instances};
use support::{text, ACCOUNT};

const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh emulator instance of `scripts/emulator.sh fresh`, stopped (and its files removed) on
/// drop.
struct Fresh {
    name: String,
    url: String,
}

impl Fresh {
    fn start(kind: &str, name: &str) -> Fresh {
        let name = format!("{name}-{}", std::process::id());
        let out = Command::new("bash")
            .arg(root().join("scripts/emulator.sh"))
            .args(["fresh", kind, &name])
            .output()
            .expect("scripts/emulator.sh runs");
        assert!(
            out.status.success(),
            "{kind} did not start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let url = String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .expect("a URL")
            .trim()
            .to_owned();
        Fresh { name, url }
    }
}

impl Drop for Fresh {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(root().join("scripts/emulator.sh"))
            .args(["stop", &format!("fresh-{}", self.name)])
            .output();
    }
}

async fn config(endpoint: &str) -> aws_config::SdkConfig {
    let creds = aws_sdk_cloudformation::config::Credentials::new(ACCOUNT, "test", None, None, "t");
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(creds)
        .load()
        .await
}

fn expected(accounts: &[&String]) -> Vec<(String, String)> {
    support::org::expected(accounts, &REGIONS)
}

/// `hydrate --endpoint-url <moto> ARGS` from the repository, with emulator-only credentials.
fn hydrate(home: &Path, moto: &str, args: &[&str]) -> Output {
    Command::new(assert_cmd::cargo::cargo_bin("hydrate"))
        .current_dir(root())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("AWS_ACCESS_KEY_ID", ACCOUNT)
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.join("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("aws-credentials"))
        .arg("--endpoint-url")
        .arg(moto)
        .args(args)
        .output()
        .expect("hydrate runs")
}

/// The operations of a call log that write: any that is not Describe/Get/List/Head (the
/// benchmarks' rule), e.g. `CloudFormation CreateStack stack=…` → `CreateStack`.
fn writes(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .expect("call log")
        .lines()
        .filter_map(|line| {
            let call = line.split(" (retry:").next().unwrap_or(line);
            call.split_whitespace()
                .rfind(|w| !w.contains('='))
                .map(str::to_owned)
        })
        .filter(|op| {
            !["Describe", "Get", "List", "Head"]
                .iter()
                .any(|p| op.starts_with(p))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn org_up_on_the_example_organization_reaches_every_account_then_writes_nothing() {
    let localstack = Fresh::start("localstack", "org-example-localstack");
    let moto_instance = Fresh::start("moto-org", "org-example-moto");
    // moto reads a stack set's TemplateURL from its own S3 only when the host is `localhost`.
    let moto = moto_instance.url.replace("127.0.0.1", "localhost");
    let sdk = config(&moto).await;
    let org = aws_sdk_organizations::Client::new(&sdk);
    let cfn = aws_sdk_cloudformation::Client::new(&sdk);
    org.create_organization()
        .feature_set(OrganizationFeatureSet::All)
        .send()
        .await
        .expect("organization");
    let roots = org.list_roots().send().await.expect("roots");
    let root_id = roots.roots()[0].id().unwrap().to_owned();
    let mut ous = Vec::new();
    for (name, n) in [
        ("Workloads", 3),
        ("Sandbox", 2),
        ("Security", 2),
        ("Parked", 1),
    ] {
        let ou = org
            .create_organizational_unit()
            .parent_id(&root_id)
            .name(name)
            .send()
            .await
            .expect("ou");
        let id = ou.organizational_unit().unwrap().id().unwrap().to_owned();
        let mut accounts = Vec::new();
        for i in 0..n {
            accounts.push(account(&org, &root_id, &id, &format!("{name}-{i}")).await);
        }
        ous.push((id, accounts));
    }
    // In AWS the management account's `up` (bootstrap) makes the template bucket; that runs in
    // LocalStack here, so moto gets its own.
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&sdk)
            .force_path_style(true)
            .build(),
    )
    .create_bucket()
    .bucket(format!("hydrate-templates-{ACCOUNT}-us-east-1"))
    .send()
    .await
    .expect("bucket");

    let home = tempfile::tempdir().expect("tempdir");
    let org_up = [
        "org",
        "up",
        "--org",
        "params/example-org",
        "--management-endpoint-url",
        localstack.url.as_str(),
    ];
    let mut first = vec!["--yes"];
    first.extend(org_up);
    let out = hydrate(home.path(), &moto, &first);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("deploys as plain stacks"), "{said}");

    // Through the API: every account of Workloads and Sandbox gets the workload baseline, every
    // account of Security the audit one, in both regions; Parked's account neither.
    let workload: Vec<&String> = ous[0].1.iter().chain(&ous[1].1).collect();
    assert_eq!(
        instances(&cfn, "hydrate-workload").await,
        expected(&workload),
        "{said}"
    );
    let audit: Vec<&String> = ous[2].1.iter().collect();
    assert_eq!(
        instances(&cfn, "hydrate-audit").await,
        expected(&audit),
        "{said}"
    );
    for a in workload.iter().chain(&audit) {
        assert!(said.contains(a.as_str()), "{a}: {said}");
    }
    assert!(!said.contains(ous[3].1[0].as_str()), "{said}");
    // The management account's own stacks are in LocalStack, not in moto.
    let ls = aws_sdk_cloudformation::Client::new(&config(&localstack.url).await);
    let stacks = ls
        .describe_stacks()
        .stack_name("hydrate-iamSetup")
        .send()
        .await;
    let status = stacks.expect("iamSetup in LocalStack").stacks()[0]
        .stack_status()
        .unwrap()
        .as_str()
        .to_owned();
    assert_eq!(status, "CREATE_COMPLETE");
    assert!(
        cfn.describe_stacks()
            .stack_name("hydrate-iamSetup")
            .send()
            .await
            .is_err(),
        "nothing of the management baseline in moto"
    );

    // Second run: no write call anywhere, LocalStack or moto.
    let log: PathBuf = home.path().join("calls.log");
    let mut again = vec!["--call-log", log.to_str().unwrap()];
    again.extend(org_up);
    let out = hydrate(home.path(), &moto, &again);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert_eq!(writes(&log), Vec::<String>::new(), "{said}");
    assert_eq!(said.matches(": up to date").count(), 2, "{said}");

    // A new account in Security: MISSING in both regions (moto has no auto-deployment), exit 1.
    let newcomer = account(&org, &root_id, &ous[2].0, "Security-new").await;
    let out = hydrate(
        home.path(),
        &moto,
        &[
            "--output",
            "json",
            "org",
            "status",
            "--org",
            "params/example-org",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let audit_status = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json line"))
        .find(|v| v["stack_set"] == "hydrate-audit")
        .expect("the audit stack set");
    let missing: Vec<&str> = audit_status["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "MISSING")
        .map(|r| r["account"].as_str().unwrap())
        .collect();
    assert_eq!(missing, [newcomer.as_str(), newcomer.as_str()]);

    // The next `org up` covers it.
    let out = hydrate(home.path(), &moto, &org_up);
    assert!(out.status.success(), "{}", text(&out));
    let audit: Vec<&String> = ous[2].1.iter().chain([&newcomer]).collect();
    assert_eq!(instances(&cfn, "hydrate-audit").await, expected(&audit));
}
