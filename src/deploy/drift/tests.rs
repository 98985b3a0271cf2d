//! `drift` over the in-memory cloud: a detection that completes, finds drift, never finishes, or
//! is not available; the direct comparison in sync and with an action added behind hydrate's back.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{json, Value};

use super::expected::Expected;
use super::*;
use crate::deploy::cloud::{Call, PropertyDrift, ResourceDrift};
use crate::deploy::fake_cloud::drift_calls::Detecting;
use crate::deploy::fake_cloud::world::World;

/// IAM as the fake live account has it: role and group name → principal, policy ARN → document.
#[derive(Default)]
pub(super) struct FakeIam {
    pub(super) principals: Mutex<BTreeMap<String, Principal>>,
    policies: Mutex<BTreeMap<String, Value>>,
    data: Mutex<BTreeMap<(String, String), Value>>,
}

impl Live for FakeIam {
    fn role<'a>(&'a self, name: &'a str) -> Call<'a, Option<Principal>> {
        let found = self
            .principals
            .lock()
            .ok()
            .and_then(|p| p.get(name).cloned());
        Box::pin(async move { Ok(found) })
    }
    fn group<'a>(&'a self, name: &'a str) -> Call<'a, Option<Principal>> {
        self.role(name)
    }
    fn managed_policy<'a>(&'a self, arn: &'a str) -> Call<'a, Option<Value>> {
        let found = self.policies.lock().ok().and_then(|p| p.get(arn).cloned());
        Box::pin(async move { Ok(found) })
    }
    fn properties<'a>(&'a self, kind: &'a str, id: &'a str) -> Call<'a, Option<Value>> {
        let found = self
            .data
            .lock()
            .ok()
            .and_then(|d| d.get(&(kind.to_owned(), id.to_owned())).cloned());
        Box::pin(async move { Ok(found) })
    }
}

/// The world with iamSetup and snsNotify deployed.
pub(super) async fn deployed() -> World {
    let w = World::new();
    for key in ["iamSetup", "snsNotify"] {
        let stack = w.stack(key).clone();
        w.deployer()
            .create(&stack)
            .await
            .expect("the stack is created");
    }
    w
}

/// The account exactly as the deployed iamSetup and snsNotify say, read through the same
/// resolution.
pub(super) async fn iam_as_deployed(w: &World) -> FakeIam {
    let iam = FakeIam::default();
    for stack in ["hydrate-iamSetup", "hydrate-snsNotify"] {
        live_as_deployed(w, stack, &iam).await;
    }
    iam
}

async fn live_as_deployed(w: &World, stack: &str, iam: &FakeIam) {
    let d = w
        .cloud
        .describe_stack(stack)
        .await
        .expect("described")
        .expect("deployed");
    let body = w.cloud.get_template(&d.id).await.expect("template");
    let template: Value = serde_json::from_str(&body).expect("JSON");
    let physical = w.cloud.physical_ids(&d.id).await.expect("ids");
    let expected = Expected {
        template: &template,
        parameters: &d.parameters,
        physical: &physical,
        account: &w.account.account.account_id,
        region: &w.account.account.region,
        partition: "aws",
    };
    let resources = expected.resources();
    for (id, kind, props) in &resources {
        let name = physical[id].clone();
        let inline = props["Policies"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                (
                    p["PolicyName"].as_str().unwrap_or_default().to_owned(),
                    p["PolicyDocument"].clone(),
                )
            })
            .collect();
        let attached = resources
            .iter()
            .filter(|(_, k, p)| {
                k == "AWS::IAM::ManagedPolicy"
                    && p["Roles"]
                        .as_array()
                        .is_some_and(|r| r.contains(&json!(name)))
            })
            .map(|(pid, _, _)| physical[pid].clone())
            .collect();
        match kind.as_str() {
            "AWS::IAM::Role" | "AWS::IAM::Group" => {
                iam.principals.lock().expect("lock").insert(
                    name,
                    Principal {
                        trust: props.get("AssumeRolePolicyDocument").cloned(),
                        inline,
                        attached,
                    },
                );
            }
            "AWS::IAM::ManagedPolicy" => {
                iam.policies
                    .lock()
                    .expect("lock")
                    .insert(name, props["PolicyDocument"].clone());
            }
            k if super::live_data::DATA.contains(&k) => {
                for target in super::data::targets(k, props, &name) {
                    iam.data
                        .lock()
                        .expect("lock")
                        .insert((k.to_owned(), target), props.clone());
                }
            }
            _ => {}
        }
    }
}

pub(super) fn run<'a>(w: &'a World, live: Option<&'a dyn Live>, limit: Duration) -> DriftRun<'a> {
    DriftRun {
        cloud: &w.cloud,
        live,
        regions: &[],
        account: &w.account,
        reporter: &w.reporter,
        interrupt: &w.interrupt,
        limit,
        jobs: 4,
    }
}

pub(super) const TEN_MINUTES: Duration = Duration::from_secs(600);

#[tokio::test(start_paused = true)]
async fn a_detection_that_completes_clean_is_in_sync_and_so_is_untouched_iam() {
    let w = deployed().await;
    let iam = iam_as_deployed(&w).await;
    let found = drift(&run(&w, Some(&iam), TEN_MINUTES), &["iamSetup".to_owned()]).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].cloudformation, Check::InSync { compared: None });
    assert_eq!(
        found[0].hydrate,
        Check::InSync { compared: Some(8) },
        "{:?}",
        found[0].drifted
    );
    let d = w
        .cloud
        .describe_stack("hydrate-iamSetup")
        .await
        .expect("ok")
        .expect("there");
    assert_eq!(d.drift.map(|x| x.status), Some("IN_SYNC".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn a_drifted_resource_is_named_with_its_property_expected_and_actual() {
    let w = deployed().await;
    w.cloud.drift(
        "hydrate-iamSetup",
        ResourceDrift {
            logical_id: "DeveloperRole".into(),
            physical_id: "hydrate-developer".into(),
            resource_type: "AWS::IAM::Role".into(),
            status: "MODIFIED".into(),
            properties: vec![PropertyDrift {
                path: "/MaxSessionDuration".into(),
                expected: "3600".into(),
                actual: "43200".into(),
                difference: "NOT_EQUAL".into(),
            }],
        },
    );
    let found = drift(&run(&w, None, TEN_MINUTES), &[]).await;
    let iam = found
        .iter()
        .find(|s| s.stack == "iamSetup")
        .expect("iamSetup checked");
    assert_eq!(iam.cloudformation, Check::Drifted { count: 1 });
    let d = &iam.drifted[0];
    assert_eq!(
        (d.logical_id.as_str(), d.property.as_str()),
        ("DeveloperRole", "/MaxSessionDuration")
    );
    assert_eq!((d.expected.as_str(), d.actual.as_str()), ("3600", "43200"));
    assert_eq!(d.source, Source::Cloudformation);
    // Stacks never deployed are not checked and not counted as problems.
    assert!(found
        .iter()
        .filter(|s| s.stack != "iamSetup" && s.stack != "snsNotify")
        .all(|s| s.cloudformation == Check::NotDeployed));
}

#[tokio::test(start_paused = true)]
async fn a_detection_that_never_finishes_ends_with_a_timeout_not_a_hang() {
    let w = deployed().await;
    w.cloud.detecting(Detecting::Never);
    let started = tokio::time::Instant::now();
    let found = drift(
        &run(&w, None, Duration::from_secs(120)),
        &["iamSetup".to_owned()],
    )
    .await;
    let Check::NotChecked { why } = &found[0].cloudformation else {
        panic!("not checked: {:?}", found[0].cloudformation);
    };
    assert!(why.contains("did not finish within 2m00s"), "{why}");
    assert!(started.elapsed() <= Duration::from_secs(121));
    assert!(found[0].cloudformation.is_problem());
}

#[tokio::test(start_paused = true)]
async fn an_endpoint_without_drift_detection_is_said_to_be_one_never_in_sync() {
    let w = deployed().await;
    w.cloud.detecting(Detecting::Unavailable);
    let found = drift(&run(&w, None, TEN_MINUTES), &["iamSetup".to_owned()]).await;
    let Check::NotChecked { why } = &found[0].cloudformation else {
        panic!("not checked: {:?}", found[0].cloudformation);
    };
    assert!(why.starts_with(NOT_AVAILABLE), "{why}");
}

#[tokio::test(start_paused = true)]
async fn a_failed_detection_without_findings_is_not_checked() {
    let w = deployed().await;
    w.cloud
        .detecting(Detecting::Fail("Role could not be read".into()));
    let found = drift(&run(&w, None, TEN_MINUTES), &["iamSetup".to_owned()]).await;
    assert!(
        matches!(&found[0].cloudformation, Check::NotChecked { why } if why.contains("Role could not be read"))
    );
}

#[tokio::test(start_paused = true)]
async fn an_action_added_to_the_developer_role_is_the_one_difference_shown() {
    let w = deployed().await;
    let iam = iam_as_deployed(&w).await;
    {
        let mut principals = iam.principals.lock().expect("lock");
        let developer = principals
            .get_mut("physical-DeveloperRole")
            .expect("the developer role");
        let doc = developer
            .inline
            .get_mut("developer")
            .expect("its inline policy");
        doc["Statement"][0]["Action"]
            .as_array_mut()
            .expect("a list of actions")
            .push(json!("iam:CreateAccessKey"));
        developer
            .attached
            .insert("arn:aws:iam::aws:policy/AdministratorAccess".into());
    }
    let found = drift(&run(&w, Some(&iam), TEN_MINUTES), &["iamSetup".to_owned()]).await;
    assert_eq!(
        found[0].hydrate,
        Check::Drifted { count: 2 },
        "{:?}",
        found[0].drifted
    );
    let policy = found[0]
        .drifted
        .iter()
        .find(|d| d.property == "Policies/developer")
        .expect("the policy drift");
    assert_eq!(policy.logical_id, "DeveloperRole");
    assert_eq!(
        policy.detail,
        vec!["+ Action iam:CreateAccessKey (statement DeployToServices)"]
    );
    let attached = found[0]
        .drifted
        .iter()
        .find(|d| d.property == "ManagedPolicyArns")
        .expect("the attachment");
    assert_eq!(
        attached.detail,
        vec!["+ arn:aws:iam::aws:policy/AdministratorAccess"]
    );
}

#[tokio::test(start_paused = true)]
async fn a_topic_policy_opened_to_everyone_and_a_key_without_rotation_are_named() {
    let w = deployed().await;
    let iam = iam_as_deployed(&w).await;
    let untouched = drift(&run(&w, Some(&iam), TEN_MINUTES), &["snsNotify".to_owned()]).await;
    assert_eq!(
        untouched[0].hydrate,
        Check::InSync { compared: Some(3) },
        "{:?}",
        untouched[0].drifted
    );
    {
        let mut data = iam.data.lock().expect("lock");
        for ((kind, _), props) in data.iter_mut() {
            match kind.as_str() {
                "AWS::SNS::TopicPolicy" => props["PolicyDocument"]["Statement"]
                    .as_array_mut()
                    .expect("statements")
                    .push(json!({"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": "*"})),
                "AWS::KMS::Key" => props["EnableKeyRotation"] = json!(false),
                _ => {}
            }
        }
    }
    let found = drift(&run(&w, Some(&iam), TEN_MINUTES), &["snsNotify".to_owned()]).await;
    let drifted = &found[0].drifted;
    assert_eq!(found[0].hydrate, Check::Drifted { count: 2 }, "{drifted:?}");
    let policy = drifted
        .iter()
        .find(|d| d.logical_id == "TopicPolicy")
        .expect("the topic policy");
    assert_eq!(policy.property, "PolicyDocument");
    assert!(
        policy.detail[0].starts_with("+ statement {") && policy.detail[0].contains("\"Open\""),
        "{:?}",
        policy.detail
    );
    let key = drifted
        .iter()
        .find(|d| d.logical_id == "TopicKey")
        .expect("the key");
    assert_eq!(
        (
            key.property.as_str(),
            key.expected.as_str(),
            key.actual.as_str()
        ),
        ("EnableKeyRotation", "true", "false")
    );
}

#[tokio::test(start_paused = true)]
async fn ctrl_c_stops_the_wait_and_starts_no_new_detection() {
    let (fire, interrupt) = crate::deploy::interrupt::Interrupt::channel();
    let mut w = deployed().await;
    w.interrupt = interrupt;
    w.cloud.detecting(Detecting::Never);
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(5)).await;
        fire.fire();
    });
    let mut r = run(&w, None, TEN_MINUTES);
    r.jobs = 1;
    let found = drift(&r, &["iamSetup".to_owned(), "snsNotify".to_owned()]).await;
    let why = |c: &Check| match c {
        Check::NotChecked { why } => why.clone(),
        other => format!("{other:?}"),
    };
    assert!(why(&found[0].cloudformation).starts_with("stopped waiting (Ctrl-C)"));
    assert!(why(&found[1].cloudformation).starts_with("not started"));
    assert_eq!(w.cloud.times_of("DetectStackDrift").len(), 1);
}
