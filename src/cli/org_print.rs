//! How `org` prints: one table per stack set (account, OU, region, status, reason; failures
//! grouped last), the template diff and the accounts it would change, the delegated administrators.

use hydrate::deploy::org::{failure_groups, AdminRow, Row, SetDiff};

use super::report::{Console, Format};

/// The delegated administrators, one row per service × region (or organization-wide principal).
pub(super) fn print_admins(console: &Console, rows: &[AdminRow]) {
    if console.format() == Format::Json {
        for r in rows {
            console.result_json("delegated_admin", r);
        }
        return;
    }
    console.result("delegated administrators:");
    console.result(&format!(
        "  {:<12} {:<40} {:<16} {:<14} {:<14} state",
        "service", "principal", "region", "wanted", "actual"
    ));
    for r in rows {
        let actual = if r.actual.is_empty() {
            "none".to_owned()
        } else {
            r.actual.join(",")
        };
        let access = if r.trusted_access {
            ""
        } else {
            " (trusted access off)"
        };
        console.result(&format!(
            "  {:<12} {:<40} {:<16} {:<14} {:<14} {}{access}",
            r.service, r.principal, r.region, r.wanted, actual, r.state
        ));
    }
    console.result("");
}

pub(super) fn print_set<T: serde::Serialize>(
    console: &Console,
    baseline: &str,
    stack_set: &str,
    state: &str,
    rows: &[Row],
    whole: &T,
) {
    if console.format() == Format::Json {
        console.result_json("stack_set", whole);
        return;
    }
    console.result(&format!("{baseline} ({stack_set}): {state}"));
    // The drift column only where the endpoint reports drift (moto does not).
    let drift = |cell: &str| match rows.iter().any(|r| r.drift.is_some()) {
        true => format!("{cell:<12} "),
        false => String::new(),
    };
    console.result(&format!(
        "  {:<14} {:<20} {:<16} {:<11} {:<26} {}reason",
        "account",
        "ou",
        "region",
        "status",
        "detailed",
        drift("drift")
    ));
    for r in rows {
        console.result(&format!(
            "  {:<14} {:<20} {:<16} {:<11} {:<26} {}{}",
            r.account,
            r.ou,
            r.region,
            r.status,
            r.detailed,
            drift(r.drift.as_deref().unwrap_or("-")),
            r.reason.as_deref().unwrap_or("")
        ));
    }
    let groups = failure_groups(rows);
    if !groups.is_empty() {
        console.result("  failures:");
        for (why, n) in groups {
            console.result(&format!("    {n} × {why}"));
        }
    }
    console.result("");
}

pub(super) fn print_diff(console: &Console, d: &SetDiff) {
    if console.format() == Format::Json {
        console.result_json("stack_set_diff", d);
        return;
    }
    console.result(&format!("{} ({}): {}", d.baseline, d.stack_set, d.action));
    for c in &d.template {
        console.result(&format!("  {} {}", c.change.mark(), c.path));
    }
    let pairs = |what: &str, list: &[(String, String)]| {
        if !list.is_empty() {
            let shown: Vec<String> = list.iter().map(|(a, r)| format!("{a}/{r}")).collect();
            console.result(&format!("  {what} {}: {}", list.len(), shown.join(", ")));
        }
    };
    pairs("create", &d.create);
    pairs("update", &d.update);
    pairs("delete", &d.delete);
    console.result("");
}
