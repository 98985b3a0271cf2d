//! An organization in moto for the `org` tests: accounts made and moved into an OU, and the
//! instances of a stack set as CloudFormation lists them (every page).

use aws_sdk_organizations::types::CreateAccountState;

/// A new account named `name`, moved from the root into `ou`; its id.
pub async fn account(
    org: &aws_sdk_organizations::Client,
    root: &str,
    ou: &str,
    name: &str,
) -> String {
    let made = org
        .create_account()
        .account_name(name)
        .email(format!("{name}@example.com"))
        .send()
        .await
        .expect("account");
    let status = made.create_account_status().unwrap();
    assert_eq!(status.state(), Some(&CreateAccountState::Succeeded));
    let id = status.account_id().unwrap().to_owned();
    org.move_account()
        .account_id(&id)
        .source_parent_id(root)
        .destination_parent_id(ou)
        .send()
        .await
        .expect("move");
    id
}

/// The (account, region) pairs of a stack set, as CloudFormation lists them, sorted.
pub async fn instances(
    cfn: &aws_sdk_cloudformation::Client,
    stack_set: &str,
) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = cfn
        .list_stack_instances()
        .stack_set_name(stack_set)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("instances")
        .iter()
        .map(|s| {
            (
                s.account().unwrap().to_owned(),
                s.region().unwrap().to_owned(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}

/// Every account in every region, sorted like [`instances`].
pub fn expected(accounts: &[&String], regions: &[&str]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = accounts
        .iter()
        .flat_map(|a| regions.iter().map(move |r| ((*a).clone(), (*r).to_owned())))
        .collect();
    pairs.sort();
    pairs
}
