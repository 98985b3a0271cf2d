//! `hydrate verify`: a read-only audit of the live account against the controls hydrate promises,
//! numbered by CIS AWS Foundations v5.0.0 (v1.4 for the monitoring set and the controls v5.0
//! dropped). One row per control — per region for the regional ones — with the evidence and the
//! fix. Every call is a Describe/Get/List through the connection's clients; a read that fails
//! makes its row MANUAL, never PASS, and never stops the others. Against an emulator, evidence it
//! only fakes is MANUAL too.
//!
//! Numbers were checked against the v5.0.0 control list (Security Hub's CIS v5.0.0 standard and
//! the benchmark's public control lists); v5.0 has no control for GuardDuty, for the trail's
//! CloudWatch Logs delivery or for its bucket being private, so those rows carry no v5.0 number.

mod config;
mod control;
mod coverage;
mod iam;
mod keys;
mod logging;
mod monitoring;
mod pattern;
mod principals;
mod regional;
mod selectors;
mod storage;

use futures_util::future::{join, join3, join4, join5};
use futures_util::stream::{self, StreamExt};

use super::aws::Aws;
use crate::params::AccountDir;

pub use control::{Control, Spec, Status, Summary, GLOBAL};
pub use pattern::same_meaning;
pub use principals::allows_everything;

/// The emulator's URL when the connection points at one: its fakes are not evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Emulator(pub Option<String>);

/// Up to ten names, then how many more.
fn listed(names: &[&str]) -> String {
    const SHOWN: usize = 10;
    let mut text = names
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}

/// The account-wide rows: identity, the S3 account block, the trail and the monitoring set, and
/// whether `regions` covers every enabled region.
async fn global(
    aws: &Aws,
    account_id: &str,
    partition: &str,
    regions: &[&str],
    emulator: &Emulator,
) -> Vec<Control> {
    let identity = join5(
        iam::password_policy(aws),
        iam::root(aws, emulator),
        principals::users(aws),
        principals::star_star(aws),
        iam::support_role(aws, partition),
    );
    let trail = async {
        let (mut rows, trail) = logging::trail(aws, account_id, emulator).await;
        rows.extend(monitoring::alarms(aws, &trail, emulator).await);
        rows
    };
    let ((password, root, users, star, support), block, trail, covered) = join4(
        identity,
        storage::public_access_block(aws, account_id),
        trail,
        coverage::regions_covered(aws, regions, emulator),
    )
    .await;
    let mut rows = Vec::new();
    rows.extend(password);
    rows.extend(root);
    rows.extend(users);
    rows.push(star);
    rows.push(support);
    rows.push(block);
    rows.extend(trail);
    rows.push(covered);
    rows
}

/// One region's rows.
async fn regional(aws: Aws) -> Vec<Control> {
    let services = join4(
        regional::guardduty(&aws),
        regional::access_analyzer(&aws),
        config::config(&aws),
        regional::security_hub(&aws),
    );
    let defaults = join3(
        storage::ebs_encryption(&aws),
        regional::imds_default(&aws),
        keys::kms_rotation(&aws),
    );
    let ((guardduty, analyzer, config, hub), (ebs, imds, kms)) = join(services, defaults).await;
    vec![guardduty, analyzer, config, hub, ebs, imds, kms]
}

/// Every control of the account: the global ones and each region of the account file's, `jobs`
/// regions at once. `caller_arn` (from the account guard) gives the partition.
pub async fn verify(
    aws: &Aws,
    account: &AccountDir,
    caller_arn: &str,
    jobs: usize,
) -> Vec<Control> {
    let regions = account.account.regions();
    let partition = caller_arn.split(':').nth(1).unwrap_or("aws");
    let emulator = Emulator(aws.endpoint_url.clone());
    let id = &account.account.account_id;
    let per_region = stream::iter(regions.iter().map(|r| regional(aws.in_region(r))))
        .buffer_unordered(jobs.max(1))
        .collect::<Vec<_>>();
    let (mut rows, per_region) =
        join(global(aws, id, partition, &regions, &emulator), per_region).await;
    rows.extend(iam::identity_center_mfa(account));
    rows.extend(per_region.into_iter().flatten());
    control::sort(&mut rows, &regions);
    rows
}
