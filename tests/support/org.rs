//! An organization in moto for the `org` tests: accounts made and moved into an OU, the
//! instances of a stack set as CloudFormation lists them (every page), a call log of operation
//! names and a reporter that asks nothing.

use std::sync::Mutex;

use aws_sdk_organizations::types::CreateAccountState;
use hydrate::deploy::connection::{ApiCall, CallLog};
use hydrate::deploy::progress::{Progress, Reporter};

/// Every call's operation name.
#[derive(Default)]
pub struct Calls(Mutex<Vec<String>>);

impl CallLog for Calls {
    fn call(&self, call: &ApiCall) {
        self.0.lock().unwrap().push(call.operation.clone());
    }
}

impl Calls {
    /// The names logged since the last take.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// Progress is not what these tests check; every question is answered no.
pub struct Quiet;

impl Reporter for Quiet {
    fn report(&self, _: Progress) {}
    fn confirm(&self, _: &str) -> bool {
        false
    }
    fn confirm_typed(&self, _: &str, _: &str) -> bool {
        false
    }
}

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
