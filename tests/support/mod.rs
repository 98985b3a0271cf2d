//! Shared harness of the deployer tests: real emulator processes on 127.0.0.1 (LocalStack core
//! for CloudFormation, moto server for plain APIs), scratch account directories, and the binary
//! run with credentials that can only reach them.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use assert_cmd::Command;

pub mod org;

/// The emulators' URLs.
pub struct Endpoints {
    /// LocalStack core in fallback mode: CloudFormation and the services it deploys.
    pub cfn: String,
    /// LocalStack core in strict mode: types it cannot create fail the stack.
    pub strict: String,
    /// moto server: plain API calls.
    pub api: String,
}

/// Starts the emulators once per test binary (reusing running ones) and returns their URLs.
/// `scripts/test` starts them before the suite and stops them after.
pub fn endpoints() -> &'static Endpoints {
    static ENDPOINTS: OnceLock<Endpoints> = OnceLock::new();
    ENDPOINTS.get_or_init(|| {
        let var = |name: &str| std::env::var(name).ok();
        if let (Some(cfn), Some(strict), Some(api)) = (
            var("HYDRATE_TEST_CFN_ENDPOINT"),
            var("HYDRATE_TEST_STRICT_ENDPOINT"),
            var("HYDRATE_TEST_API_ENDPOINT"),
        ) {
            return Endpoints { cfn, strict, api };
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = std::process::Command::new("bash")
            .arg(root.join("scripts/emulator.sh"))
            .arg("start")
            .output()
            .expect("scripts/emulator.sh runs");
        assert!(
            out.status.success(),
            "emulators did not start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let value = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("export {name}=")))
                .unwrap_or_else(|| panic!("{name} missing from: {text}"))
                .to_owned()
        };
        Endpoints {
            cfn: value("HYDRATE_TEST_CFN_ENDPOINT"),
            strict: value("HYDRATE_TEST_STRICT_ENDPOINT"),
            api: value("HYDRATE_TEST_API_ENDPOINT"),
        }
    })
}

/// A name no earlier run or other test used: emulator state outlives tests, retained resources too.
pub fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{prefix}-{:x}",
        (nanos ^ u128::from(std::process::id())) & 0xffff_ffff_ffff
    )
}

/// The account id both emulators use (LocalStack takes it from a 12-digit access key).
pub const ACCOUNT: &str = "123456789012";

/// A scratch account directory.
pub struct Scratch {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
}

impl Scratch {
    /// An account directory with the given account id and no stacks.
    pub fn new(account_id: &str) -> Scratch {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("params/test");
        std::fs::create_dir_all(&dir).expect("mkdir");
        let scratch = Scratch { tmp, dir };
        scratch.write(
            "account.json",
            // A template bucket of its own: its lease is then its own, so tests run side by
            // side in one emulator account as different accounts would.
            &format!(
                r#"{{"AccountId": "{account_id}", "Region": "us-east-1", "TemplateBucket": "{}", "Tags": {{"project": "hydrate-tests"}}}}"#,
                unique("tpl")
            ),
        );
        scratch
    }

    /// Writes a file of the account directory.
    pub fn write(&self, name: &str, text: &str) {
        let path = self.dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }

    /// `hydrate --account <dir> --endpoint-url <url> ARGS` with emulator-only credentials.
    pub fn hydrate(&self, endpoint: &str) -> Command {
        Command::from_std(self.hydrate_process(endpoint))
    }

    /// The same as a plain process, for a test that signals it while it runs.
    pub fn hydrate_process(&self, endpoint: &str) -> std::process::Command {
        let bin = assert_cmd::cargo::cargo_bin("hydrate");
        let mut cmd = std::process::Command::new(bin);
        cmd.current_dir(self.tmp.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.tmp.path())
            .env("AWS_ACCESS_KEY_ID", ACCOUNT)
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", self.tmp.path().join("aws-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.tmp.path().join("aws-credentials"),
            )
            .arg("--account")
            .arg(&self.dir)
            .arg("--endpoint-url")
            .arg(endpoint);
        cmd
    }
}

/// stdout and stderr of a run, for assertions.
pub fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A CloudFormation client on an emulator, for checking what hydrate did from the outside.
pub fn cfn(endpoint: &str) -> aws_sdk_cloudformation::Client {
    cfn_in(endpoint, "us-east-1")
}

/// The same in another region.
#[allow(dead_code)] // not every test binary reads other regions
pub fn cfn_in(endpoint: &str, region: &str) -> aws_sdk_cloudformation::Client {
    let creds =
        aws_sdk_cloudformation::config::Credentials::new(ACCOUNT, "test", None, None, "tests");
    let config = aws_sdk_cloudformation::Config::builder()
        .behavior_version(aws_sdk_cloudformation::config::BehaviorVersion::latest())
        .region(aws_sdk_cloudformation::config::Region::new(
            region.to_owned(),
        ))
        .endpoint_url(endpoint)
        .credentials_provider(creds)
        .build();
    aws_sdk_cloudformation::Client::from_conf(config)
}

/// Runs a future on a fresh runtime.
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(f)
}

/// An IAM client on an emulator.
pub fn iam(endpoint: &str) -> aws_sdk_iam::Client {
    let creds = aws_sdk_iam::config::Credentials::new(ACCOUNT, "test", None, None, "tests");
    let config = aws_sdk_iam::Config::builder()
        .behavior_version(aws_sdk_iam::config::BehaviorVersion::latest())
        .region(aws_sdk_iam::config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(creds)
        .build();
    aws_sdk_iam::Client::from_conf(config)
}

/// How many events a stack has: unchanged counts prove no create or update call was made.
pub fn event_count(endpoint: &str, stack: &str) -> usize {
    block_on(async {
        cfn(endpoint)
            .describe_stack_events()
            .stack_name(stack)
            .send()
            .await
            .expect("events")
            .stack_events()
            .len()
    })
}
