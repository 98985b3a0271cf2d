//! `hydrate bootstrap` in every region of the account file, against LocalStack core on 127.0.0.1
//! (its EC2 is moto's; moto server itself cannot serve a whole bootstrap, see `tests/deploy.rs`).
//! What is asserted is read back through the EC2 and IAM APIs, not from hydrate's output.
//! Neither emulator implements GetInstanceMetadataDefaults / ModifyInstanceMetadataDefaults or
//! GetEbsDefaultKmsKeyId: those steps are reported as not available here and proved only by
//! unit tests (README, Local emulators).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test states what it expects by panicking

mod support;

use aws_sdk_ec2::types::Filter;
use serde_json::{json, Value};
use support::{block_on, endpoints, iam, text, unique, Scratch, ACCOUNT};

/// Regions no other test bootstraps, so turning a setting off here races nobody.
const REGIONS: [&str; 3] = ["ca-central-1", "ap-southeast-2", "sa-east-1"];

fn ec2(endpoint: &str, region: &str) -> aws_sdk_ec2::Client {
    let creds = aws_sdk_ec2::config::Credentials::new(ACCOUNT, "test", None, None, "tests");
    let config = aws_sdk_ec2::Config::builder()
        .behavior_version(aws_sdk_ec2::config::BehaviorVersion::latest())
        .region(aws_sdk_ec2::config::Region::new(region.to_owned()))
        .endpoint_url(endpoint)
        .credentials_provider(creds)
        .build();
    aws_sdk_ec2::Client::from_conf(config)
}

/// The default security groups of a region's VPCs.
async fn default_groups(c: &aws_sdk_ec2::Client) -> Vec<String> {
    let out = c
        .describe_security_groups()
        .filters(
            Filter::builder()
                .name("group-name")
                .values("default")
                .build(),
        )
        .send()
        .await
        .expect("groups");
    out.security_groups()
        .iter()
        .filter(|g| g.vpc_id().is_some())
        .filter_map(|g| g.group_id().map(str::to_owned))
        .collect()
}

/// How many rules a group has.
async fn rule_count(c: &aws_sdk_ec2::Client, group: &str) -> usize {
    c.describe_security_group_rules()
        .filters(Filter::builder().name("group-id").values(group).build())
        .send()
        .await
        .expect("rules")
        .security_group_rules()
        .len()
}

async fn ebs_on(c: &aws_sdk_ec2::Client) -> bool {
    c.get_ebs_encryption_by_default()
        .send()
        .await
        .expect("ebs default")
        .ebs_encryption_by_default()
        .unwrap_or(false)
}

#[test]
fn bootstrap_sets_every_region_then_changes_nothing_and_drift_names_the_region_turned_off() {
    let e = endpoints();
    let s = Scratch::new(ACCOUNT);
    s.write(
        "account.json",
        &json!({
            "AccountId": ACCOUNT,
            "Region": REGIONS[0],
            "Regions": REGIONS,
            "TemplateBucket": unique("hydrate-regions"),
            "Bootstrap": {"RestrictDefaultSecurityGroups": true},
            "Tags": {"project": "t"},
        })
        .to_string(),
    );
    // drift loads the account with its stacks; `drift bootstrap` reads none of them.
    s.write(
        "snsNotify.json",
        &json!({
            "StackName": unique("hydrate-sns"),
            "Parameters": {"AlertEmail": "alerts@example.com"},
            "Hydrate": {"Template": "snsNotify"},
        })
        .to_string(),
    );
    // Each region starts wrong: encryption off, an inbound rule in every default group.
    block_on(async {
        for region in REGIONS {
            let c = ec2(&e.cfn, region);
            c.disable_ebs_encryption_by_default()
                .send()
                .await
                .expect("off");
            let groups = default_groups(&c).await;
            assert!(!groups.is_empty(), "{region} has a default VPC");
            for group in groups {
                c.authorize_security_group_ingress()
                    .group_id(&group)
                    .ip_protocol("tcp")
                    .from_port(22)
                    .to_port(22)
                    .cidr_ip("10.0.0.0/8")
                    .send()
                    .await
                    .expect("a rule");
            }
        }
    });
    let run = |args: &[&str]| s.hydrate(&e.cfn).args(args).output().expect("runs");

    let out = run(&["bootstrap"]);
    assert!(out.status.success(), "{}", text(&out));
    let first = text(&out);
    for region in REGIONS {
        assert!(
            first.contains(&format!(
                "changed  EBS encryption by default in {region}: turned on"
            )),
            "{region}: {first}"
        );
        assert!(
            first.contains(&format!(
                "n/a      instance metadata defaults (IMDSv2) in {region}: the endpoint does not implement this call"
            )),
            "{region}: {first}"
        );
        assert!(
            first.contains(&format!(") in {region}: removed ")),
            "{region}: {first}"
        );
    }
    assert!(first.contains("ingress tcp 22 from 10.0.0.0/8"), "{first}");
    block_on(async {
        for region in REGIONS {
            let c = ec2(&e.cfn, region);
            assert!(ebs_on(&c).await, "{region}: EBS encryption by default");
            for group in default_groups(&c).await {
                assert_eq!(rule_count(&c, &group).await, 0, "{region} {group}");
            }
        }
        let role = iam(&e.cfn)
            .get_role()
            .role_name("AWSServiceRoleForConfig")
            .send()
            .await
            .expect("AWS Config's service-linked role");
        assert_eq!(
            role.role().map(|r| r.path()),
            Some("/aws-service-role/config.amazonaws.com/")
        );
    });

    let out = run(&["bootstrap"]);
    assert!(out.status.success(), "{}", text(&out));
    let second = text(&out);
    assert!(!second.contains("changed "), "{second}");
    assert!(second.contains("bootstrap: nothing changed"), "{second}");
    for region in REGIONS {
        assert!(
            second.contains(&format!("ok       EBS encryption by default in {region}")),
            "{region}: {second}"
        );
    }

    block_on(async {
        ec2(&e.cfn, REGIONS[1])
            .disable_ebs_encryption_by_default()
            .send()
            .await
            .expect("off");
    });
    let out = run(&["--output", "json", "drift", "bootstrap"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let found: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["kind"] == "drift")
        .collect();
    let ebs: Vec<&Value> = found
        .iter()
        .filter(|d| {
            d["logical_id"]
                .as_str()
                .is_some_and(|id| id.starts_with("EBS encryption by default"))
        })
        .collect();
    assert_eq!(ebs.len(), 1, "{}", text(&out));
    assert_eq!(
        ebs[0]["logical_id"],
        format!("EBS encryption by default in {}", REGIONS[1])
    );
    assert_eq!(ebs[0]["expected"], "on");
    assert_eq!(ebs[0]["actual"], "off");
}
