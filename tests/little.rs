//! `little.sh`, the bash kit's commands mapped onto hydrate, run as a user would.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

use std::path::Path;
use std::process::Command;

fn little(args: &[&str]) -> std::process::Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Command::new("bash")
        .arg(root.join("little.sh"))
        .args(args)
        .current_dir(root)
        .env("HYDRATE_BIN", env!("CARGO_BIN_EXE_hydrate"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "123456789012")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .output()
        .expect("bash runs")
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

const KIT_SNS: &str =
    "tests/fixtures/kit/db/cloudformation/acme/accountSetup/snsNotify/stackParams.json";

#[test]
fn unknown_commands_print_the_mapping() {
    let out = little(&["stack", "frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("accountBootstrap                           hydrate bootstrap"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("stack make-change PATH"),
        "{}",
        text(&out)
    );
}

#[test]
fn filter_prints_the_template_the_kits_file_deploys() {
    let out = little(&["stack", "filter", KIT_SNS]);
    assert!(out.status.success(), "{}", text(&out));
    let template: serde_json::Value = serde_json::from_slice(&out.stdout).expect("template JSON");
    assert_eq!(template["Resources"]["SnsTopic"]["Type"], "AWS::SNS::Topic");
}

#[test]
fn create_and_bootstrap_reach_hydrate_which_guards_the_account() {
    // The kit fixture is for account 111122223333; these credentials are 123456789012's, so
    // hydrate stops before any change. That it says so proves the command reached `stack create`.
    for args in [&["stack", "create", KIT_SNS][..], &["accountBootstrap"][..]] {
        let mut full = args.to_vec();
        full.extend(["--endpoint-url", "http://127.0.0.1:9"]);
        let out = little(&full);
        assert!(!out.status.success());
        assert!(
            text(&out).contains("no answer from the endpoint")
                || text(&out).contains("belong to account"),
            "{}",
            text(&out)
        );
    }
}
