use serde_json::json;

use super::*;
use crate::deploy::fake_cloud::world::example;

const ADMIN: &str = "arn:aws:iam::123456789012:role/hydrate/hydrate-admin";

fn step(writers: &[&str]) -> BucketPolicy {
    BucketPolicy {
        bucket: "b".into(),
        partition: "aws".into(),
        writers: writers.iter().map(|w| (*w).to_owned()).collect(),
    }
}

#[test]
fn the_example_accounts_admin_role_is_a_writer_with_its_path() {
    assert_eq!(admin_roles(&example(), "aws"), vec![ADMIN.to_owned()]);
}

#[test]
fn a_role_session_stands_for_its_role_at_any_path_and_nothing_else() {
    assert_eq!(
        caller_principals("arn:aws:sts::123456789012:assumed-role/ci-deployer/run-42"),
        vec![
            "arn:aws:iam::123456789012:role/ci-deployer",
            "arn:aws:iam::123456789012:role/*/ci-deployer"
        ]
    );
    for own in [
        "arn:aws:iam::123456789012:user/alice",
        "arn:aws:iam::123456789012:root",
        "arn:aws:sts::123456789012:federated-user/bob",
    ] {
        assert_eq!(caller_principals(own), vec![own.to_owned()]);
    }
    assert_eq!(
        partition_of("arn:aws-cn:sts::123456789012:assumed-role/r/s"),
        "aws-cn"
    );
}

#[test]
fn the_caller_is_added_once_and_not_when_it_is_a_named_role() {
    let named = vec![ADMIN.to_owned()];
    assert_eq!(
        writers(
            &named,
            "arn:aws:sts::123456789012:assumed-role/hydrate-admin/s"
        ),
        named
    );
    assert_eq!(
        writers(&named, "arn:aws:iam::123456789012:user/alice"),
        vec![ADMIN, "arn:aws:iam::123456789012:user/alice"]
    );
    // A user named like the admin role is another principal.
    assert_eq!(
        writers(&named, "arn:aws:iam::123456789012:user/hydrate-admin").len(),
        2
    );
}

#[test]
fn the_policy_denies_only_writes_to_everyone_but_the_writers() {
    let wanted = step(&[ADMIN]).wanted();
    let deny = &wanted["Statement"][1];
    assert_eq!(deny["Effect"], "Deny");
    assert_eq!(deny["Principal"], "*");
    assert_eq!(deny["Condition"]["ArnNotLike"]["aws:PrincipalArn"], ADMIN);
    assert_eq!(
        deny["Resource"],
        json!(["arn:aws:s3:::b", "arn:aws:s3:::b/*"])
    );
    let actions: Vec<&str> = deny["Action"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    assert!(actions.contains(&"s3:Put*") && actions.contains(&"s3:Delete*"));
    assert!(
        actions
            .iter()
            .all(|a| !a.starts_with("s3:Get") && !a.starts_with("s3:List") && *a != "s3:*"),
        "{actions:?}"
    );
    assert_eq!(wanted["Statement"][0]["Sid"], "DenyInsecureTransport");
}

#[test]
fn the_policy_is_right_in_any_order_and_spelling() {
    let policy = step(&[ADMIN, "arn:aws:iam::123456789012:user/alice"]);
    let wanted = policy.wanted();
    assert!(policy.is_right(&Some(wanted.clone())));
    let mut reordered = wanted.clone();
    if let Some(statements) = reordered["Statement"].as_array_mut() {
        statements.reverse();
    }
    if let Some(actions) = reordered["Statement"][0]["Action"].as_array_mut() {
        actions.reverse();
        actions[0] = Value::from(actions[0].as_str().unwrap_or_default().to_uppercase());
    }
    let tests = reordered["Statement"][0]["Condition"]["ArnNotLike"]
        .as_object_mut()
        .expect("the writers test");
    let values = tests.remove("aws:PrincipalArn").expect("the key");
    tests.insert("AWS:PrincipalArn".into(), json!([values[1], values[0]]));
    reordered["Statement"][1]["Action"] = json!("s3:*");
    assert!(
        policy.is_right(&Some(reordered)),
        "order and spelling do not matter"
    );
}

#[test]
fn a_drifted_policy_is_rewritten() {
    let policy = step(&[ADMIN]);
    let wanted = policy.wanted();
    assert!(!policy.is_right(&None));
    let drifts: [fn(&mut Value); 5] = [
        |p| {
            p["Statement"][1]["Condition"]["ArnNotLike"]["aws:PrincipalArn"] = json!([
                ADMIN,
                "arn:aws:iam::123456789012:role/hydrate/hydrate-operator"
            ])
        },
        |p| p["Statement"][1]["Effect"] = "Allow".into(),
        |p| {
            if let Some(s) = p["Statement"].as_array_mut() {
                s.pop();
            }
        },
        |p| {
            if let Some(s) = p["Statement"].as_array_mut() {
                s.push(json!({"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}));
            }
        },
        |p| p["Statement"][1]["Action"] = json!(["s3:PutObject"]),
    ];
    for (i, drift) in drifts.iter().enumerate() {
        let mut live = wanted.clone();
        drift(&mut live);
        assert!(!policy.is_right(&Some(live)), "drift {i}");
    }
}
