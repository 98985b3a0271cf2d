//! IAM and the audit trail: only the admin role may change IAM or the trail, and no role may
//! delete the trail's bucket or log group (admin is merely not denied those).

use super::outcome::cell;
use super::scope::{level_of, session_of, Scope};
use crate::check::report::{Cell, Expect};
use crate::check::resolve::Resolver;

/// The cells of every `iamSetup` role against every sensitive write.
pub(crate) fn cells(scope: &Scope<'_>) -> Vec<Cell> {
    let sensitive = writes(scope);
    let mut cells = Vec::new();
    for role in scope.roles() {
        let admin = level_of(&role.id) == "admin";
        for (action, resource) in &sensitive {
            let expect =
                if admin && (action.starts_with("iam:") || action.starts_with("cloudtrail:")) {
                    Expect::Allow
                } else if admin {
                    Expect::NotDenied
                } else {
                    Expect::Deny
                };
            cells.push(cell(
                &role.id,
                action,
                resource,
                expect,
                &role.policies,
                &session_of(role, action, resource, scope.region),
            ));
        }
    }
    cells
}

/// The writes to IAM and to the audit trail, on the trail's own resources where `cloudTrail` is
/// rendered and on the baseline's default names otherwise.
fn writes(scope: &Scope<'_>) -> [(&'static str, String); 8] {
    let (account, region) = (scope.account, scope.region);
    let trail = scope
        .templates
        .get("cloudTrail")
        .map(|t| Resolver::new(t, account, region));
    let arn_or = |id: &str, fallback: String| {
        trail
            .as_ref()
            .filter(|r| r.declares(id))
            .map_or(fallback, |r| r.arn(id))
    };
    let trail_arn = arn_or(
        "Trail",
        format!("arn:aws:cloudtrail:{region}:{account}:trail/hydrate-management-events"),
    );
    let bucket_arn = arn_or("TrailBucket", "arn:aws:s3:::hydrate-trail-bucket".into());
    let log_group_arn = arn_or(
        "TrailLogGroup",
        format!("arn:aws:logs:{region}:{account}:log-group:/hydrate/cloudtrail:*"),
    );
    [
        (
            "iam:CreateUser",
            format!("arn:aws:iam::{account}:user/mallory"),
        ),
        (
            "iam:PutRolePolicy",
            format!("arn:aws:iam::{account}:role/any"),
        ),
        (
            "iam:AttachRolePolicy",
            format!("arn:aws:iam::{account}:role/any"),
        ),
        ("cloudtrail:StopLogging", trail_arn.clone()),
        ("cloudtrail:DeleteTrail", trail_arn.clone()),
        ("cloudtrail:UpdateTrail", trail_arn),
        ("s3:DeleteBucket", bucket_arn),
        ("logs:DeleteLogGroup", log_group_arn),
    ]
}
