//! hydrate's own drift check of one stack: the security-relevant properties of its resources read
//! live and compared with the deployed template, resolved — IAM here (roles: trust policy, inline
//! policies, attached managed policies; groups: inline and attached policies; managed policies:
//! the default version's document), the data-guarding types in `data.rs`. Policies are compared
//! as IAM reads them, not byte by byte.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::data::{self, Finding};
use super::expected::Expected;
use super::live::{Live, Principal};
use super::live_data::DATA;
use super::policy_diff::policy_changes;
use super::{Drifted, Source};
use crate::deploy::aws_error::AwsError;
use crate::deploy::cloud::{Cloud, Deployed};
use crate::params::AccountDir;

/// The resources compared and what drifted among them.
pub(super) async fn compare(
    cloud: &dyn Cloud,
    live: &dyn Live,
    account: &AccountDir,
    key: &str,
    deployed: &Deployed,
) -> Result<(usize, Vec<Drifted>), String> {
    let text = |e: AwsError| e.to_string();
    let body = cloud.get_template(&deployed.id).await.map_err(text)?;
    let template: Value = serde_json::from_str(&body).map_err(|e| {
        format!(
            "the deployed template is not JSON ({e}); hydrate compares only the JSON it deploys"
        )
    })?;
    let physical = cloud.physical_ids(&deployed.id).await.map_err(text)?;
    // `arn:<partition>:cloudformation:<region>:<account>:stack/…`, else the account file's.
    let parts: Vec<&str> = deployed.id.splitn(6, ':').collect();
    let (partition, region, account_id) = match parts.as_slice() {
        [_, p, _, r, a, _] if !r.is_empty() && !a.is_empty() => (*p, *r, *a),
        _ => (
            "aws",
            account.account.region.as_str(),
            account.account.account_id.as_str(),
        ),
    };
    let expected = Expected {
        template: &template,
        parameters: &deployed.parameters,
        physical: &physical,
        account: account_id,
        region,
        partition,
    };
    let resources = expected.resources();
    let attachments = attachments(&resources, &physical);
    let mut compared = 0;
    let mut found = Vec::new();
    for (id, kind, props) in &resources {
        let name = physical.get(id).cloned().unwrap_or_default();
        // (physical id, finding) of this resource: a topic policy reads every topic it is on.
        let mut of_this: Vec<(String, Finding)> = Vec::new();
        let gone = |at: &str| -> (String, Finding) {
            let f = (
                String::new(),
                "DELETED",
                "exists".into(),
                "not found".into(),
                Vec::new(),
            );
            (at.to_owned(), f)
        };
        match kind.as_str() {
            "AWS::IAM::ManagedPolicy" => match live.managed_policy(&name).await.map_err(text)? {
                None => of_this.push(gone(&name)),
                Some(doc) => {
                    let want = &props["PolicyDocument"];
                    let detail = policy_changes(want, &doc);
                    if !detail.is_empty() {
                        let f = (
                            "PolicyDocument".into(),
                            "NOT_EQUAL",
                            want.to_string(),
                            doc.to_string(),
                            detail,
                        );
                        of_this.push((name.clone(), f));
                    }
                }
            },
            "AWS::IAM::Role" | "AWS::IAM::Group" => {
                let now = if kind == "AWS::IAM::Role" {
                    live.role(&name).await.map_err(text)?
                } else {
                    live.group(&name).await.map_err(text)?
                };
                let attached_here = attachments.get(&(kind.clone(), name.clone()));
                match now {
                    None => of_this.push(gone(&name)),
                    Some(now) => of_this.extend(
                        principal_drifts(props, &now, attached_here)
                            .into_iter()
                            .map(|f| (name.clone(), f)),
                    ),
                }
            }
            k if DATA.contains(&k) => {
                for target in data::targets(k, props, &name) {
                    match data::drifts(live, k, &target, props).await.map_err(text)? {
                        None => of_this.push(gone(&target)),
                        Some(fs) => of_this.extend(fs.into_iter().map(|f| (target.clone(), f))),
                    }
                }
            }
            // Left to CloudFormation's detection.
            _ => continue,
        }
        compared += 1;
        found.extend(of_this.into_iter().map(
            |(physical_id, (property, difference, expected, actual, detail))| Drifted {
                stack: key.to_owned(),
                source: Source::Hydrate,
                logical_id: id.clone(),
                resource_type: kind.clone(),
                physical_id,
                property,
                difference: difference.to_owned(),
                expected,
                actual,
                detail,
            },
        ));
    }
    Ok((compared, found))
}

/// (type, physical name) of a role or group → the ARNs of the template's managed policies that
/// attach themselves to it (`AWS::IAM::ManagedPolicy` `Roles`, `Groups`).
fn attachments(
    resources: &[(String, String, Value)],
    physical: &BTreeMap<String, String>,
) -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut out: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for (id, kind, props) in resources {
        if kind != "AWS::IAM::ManagedPolicy" {
            continue;
        }
        let arn = physical.get(id).cloned().unwrap_or_default();
        for (field, target) in [("Roles", "AWS::IAM::Role"), ("Groups", "AWS::IAM::Group")] {
            for name in props[field]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                out.entry((target.to_owned(), name.to_owned()))
                    .or_default()
                    .insert(arn.clone());
            }
        }
    }
    out
}

/// The drifts of a role or group: trust policy, each inline policy, the attached set.
fn principal_drifts(
    props: &Value,
    now: &Principal,
    attached_by_template: Option<&BTreeSet<String>>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if let (Some(want), Some(have)) = (props.get("AssumeRolePolicyDocument"), &now.trust) {
        let detail = policy_changes(want, have);
        if !detail.is_empty() {
            out.push((
                "AssumeRolePolicyDocument".into(),
                "NOT_EQUAL",
                want.to_string(),
                have.to_string(),
                detail,
            ));
        }
    }
    let wanted: BTreeMap<String, Value> = props["Policies"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| {
            Some((
                p["PolicyName"].as_str()?.to_owned(),
                p["PolicyDocument"].clone(),
            ))
        })
        .collect();
    for (name, want) in &wanted {
        let property = format!("Policies/{name}");
        match now.inline.get(name) {
            None => out.push((
                property,
                "REMOVE",
                want.to_string(),
                "no such inline policy".into(),
                Vec::new(),
            )),
            Some(have) => {
                let detail = policy_changes(want, have);
                if !detail.is_empty() {
                    out.push((
                        property,
                        "NOT_EQUAL",
                        want.to_string(),
                        have.to_string(),
                        detail,
                    ));
                }
            }
        }
    }
    for (name, have) in now.inline.iter().filter(|(n, _)| !wanted.contains_key(*n)) {
        out.push((
            format!("Policies/{name}"),
            "ADD",
            "no such inline policy".into(),
            have.to_string(),
            Vec::new(),
        ));
    }
    let mut want: BTreeSet<String> = props["ManagedPolicyArns"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a.as_str().map(str::to_owned))
        .collect();
    want.extend(attached_by_template.into_iter().flatten().cloned());
    if want != now.attached {
        let detail: Vec<String> = want
            .difference(&now.attached)
            .map(|a| format!("- {a}"))
            .chain(now.attached.difference(&want).map(|a| format!("+ {a}")))
            .collect();
        let list = |s: &BTreeSet<String>| serde_json::to_string(s).unwrap_or_default();
        out.push((
            "ManagedPolicyArns".into(),
            "NOT_EQUAL",
            list(&want),
            list(&now.attached),
            detail,
        ));
    }
    out
}
