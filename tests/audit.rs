//! `hydrate profiles` and `hydrate audit mfa`, against moto server on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

mod support;

use serde_json::Value;
use support::{block_on, endpoints, iam, text, unique, Scratch, ACCOUNT};

#[test]
fn audit_lists_users_groups_mfa_and_key_ages() {
    let e = endpoints();
    let (with_mfa, without_mfa, group) = (unique("alice"), unique("bob"), unique("devs"));
    block_on(async {
        let c = iam(&e.api);
        c.create_group()
            .group_name(&group)
            .send()
            .await
            .expect("group");
        for user in [&with_mfa, &without_mfa] {
            c.create_user().user_name(user).send().await.expect("user");
            c.add_user_to_group()
                .user_name(user)
                .group_name(&group)
                .send()
                .await
                .expect("member");
        }
        c.create_access_key()
            .user_name(&without_mfa)
            .send()
            .await
            .expect("key");
        let device = c
            .create_virtual_mfa_device()
            .virtual_mfa_device_name(&with_mfa)
            .send()
            .await
            .expect("device");
        let serial = device
            .virtual_mfa_device()
            .map(|d| d.serial_number().to_owned())
            .expect("serial");
        c.enable_mfa_device()
            .user_name(&with_mfa)
            .serial_number(serial)
            .authentication_code1("123456")
            .authentication_code2("654321")
            .send()
            .await
            .expect("enabled");
    });
    let s = Scratch::new(ACCOUNT);
    let out = s
        .hydrate(&e.api)
        .args(["--output", "json", "audit", "mfa"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    let rows: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let row = |user: &str| {
        rows.iter()
            .find(|r| r["user"] == user)
            .unwrap_or_else(|| panic!("{user} missing: {rows:?}"))
            .clone()
    };
    assert_eq!(row(&with_mfa)["mfa"], true);
    assert_eq!(row(&without_mfa)["mfa"], false);
    assert_eq!(row(&without_mfa)["groups"], serde_json::json!([group]));
    assert_eq!(
        row(&without_mfa)["access_keys"][0][0],
        0,
        "a key made today is 0 days old"
    );
    let out = s
        .hydrate(&e.api)
        .args(["audit", "mfa"])
        .output()
        .expect("runs");
    assert!(
        text(&out)
            .lines()
            .any(|l| l.starts_with(&without_mfa) && l.contains(" NO ")),
        "{}",
        text(&out)
    );
}

#[test]
fn profiles_name_every_role_with_its_mfa_serial_and_work_with_hydrate() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = assert_cmd::Command::cargo_bin("hydrate")
        .expect("binary")
        .current_dir(root)
        .args(["--account", "params/example", "profiles", "--user", "alice"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    let config = String::from_utf8_lossy(&out.stdout).to_string();
    for level in ["admin", "operator", "developer", "readonly"] {
        let profile = hydrate::deploy::mfa::parse_profile(&config, &format!("example-{level}"))
            .expect("profile written");
        assert_eq!(
            profile["role_arn"],
            format!("arn:aws:iam::{ACCOUNT}:role/hydrate/hydrate-{level}")
        );
        assert_eq!(
            profile["mfa_serial"],
            format!("arn:aws:iam::{ACCOUNT}:mfa/alice")
        );
        assert_eq!(profile["source_profile"], "example-alice");
    }

    // The written profiles drive hydrate's own MFA flow: add the user's keys and use one.
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    let with_keys = config.replace(
        "[profile example-alice]\n",
        &format!("[profile example-alice]\naws_access_key_id = {ACCOUNT}\naws_secret_access_key = test\n"),
    );
    std::fs::write(s.tmp.path().join("aws-config"), with_keys).expect("config");
    let out = s
        .hydrate(&e.api)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args([
            "--profile",
            "example-readonly",
            "--mfa-code",
            "123456",
            "audit",
            "mfa",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    // The cache is named after the profile and a digest of the role, source and endpoint.
    let cached = std::fs::read_dir(s.tmp.path().join(".cache/hydrate/mfa"))
        .expect("cache dir")
        .filter_map(Result::ok)
        .any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("example-readonly-") && name.ends_with(".json")
        });
    assert!(cached);
}

fn sns(endpoint: &str) -> aws_sdk_sns::Client {
    let creds = aws_sdk_sns::config::Credentials::new(ACCOUNT, "test", None, None, "tests");
    let config = aws_sdk_sns::Config::builder()
        .behavior_version(aws_sdk_sns::config::BehaviorVersion::latest())
        .region(aws_sdk_sns::config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(creds)
        .build();
    aws_sdk_sns::Client::from_conf(config)
}

#[test]
fn a_subscription_is_confirmed_signed_from_its_link_and_a_foreign_link_is_refused() {
    // moto confirms any token and marks every subscription authenticated: this proves the call
    // over the wire (topic and token read from the link, AuthenticateOnUnsubscribe sent), not
    // SNS's unsubscribe rules.
    let e = endpoints();
    let name = unique("alerts");
    let topic = block_on(async {
        let c = sns(&e.api);
        let topic = c
            .create_topic()
            .name(&name)
            .send()
            .await
            .expect("topic")
            .topic_arn()
            .expect("arn")
            .to_owned();
        c.subscribe()
            .topic_arn(&topic)
            .protocol("email")
            .endpoint("alerts@example.com")
            .send()
            .await
            .expect("subscribed");
        topic
    });
    let link = format!(
        "https://sns.us-east-1.amazonaws.com/confirmation.html?TopicArn={}&Token=2336412f37fb687f&Endpoint=alerts%40example.com&Action=ConfirmSubscription",
        topic.replace(':', "%3A")
    );
    let s = Scratch::new(ACCOUNT);
    let out = s
        .hydrate(&e.api)
        .args(["--output", "json", "confirm-subscription", &link])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    let line: Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    assert_eq!(line["kind"], "confirmed");
    assert_eq!(line["topic"], topic.as_str());
    assert!(line["subscription"]
        .as_str()
        .is_some_and(|a| a.starts_with(&format!("{topic}:"))));

    let foreign = link.replace(ACCOUNT, "210987654321");
    let out = s
        .hydrate(&e.api)
        .args(["confirm-subscription", &foreign])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(
        text(&out).contains("a topic of account 210987654321, not of"),
        "{}",
        text(&out)
    );
}
