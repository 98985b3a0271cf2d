//! `Principal` and `NotPrincipal` of trust and resource policies: `"*"` (anyone, anonymous
//! included), account ids and roots (which delegate to the account's own IAM policies), users,
//! roles (whose `assumed-role` sessions they also name), sessions, and `Service` principals.
//! `Federated` entries are read but name no caller this evaluator models; any other kind
//! (`CanonicalUser`, …) cannot be decided.

use serde_json::Value;

use super::matching::strings;
use super::request::{account_of, Caller};

/// How a `Principal` element reaches the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Reach {
    /// It does not name the caller.
    No,
    /// It names the caller's account only: access is delegated to that account's IAM policies.
    Account,
    /// It cannot be decided.
    Unknown,
    /// It names the caller itself (or everyone).
    Direct,
}

/// The role ARN's account and name, from `arn:aws:iam::ACCT:role/path/NAME`.
fn role_of(arn: &str) -> Option<(&str, &str)> {
    let resource = arn.splitn(6, ':').nth(5)?;
    let path = resource.strip_prefix("role/")?;
    Some((account_of(arn)?, path.rsplit('/').next()?))
}

/// The session's account and role name, from `arn:aws:sts::ACCT:assumed-role/NAME/SESSION`.
fn session_of(arn: &str) -> Option<(&str, &str)> {
    let resource = arn.splitn(6, ':').nth(5)?;
    let rest = resource.strip_prefix("assumed-role/")?;
    Some((account_of(arn)?, rest.split('/').next()?))
}

/// True when an `AWS` entry names the account: `arn:…:iam::ACCT:root` or a bare 12-digit id.
fn names_account(entry: &str, account: &str) -> bool {
    let bare = entry.len() == 12 && entry.bytes().all(|b| b.is_ascii_digit());
    (bare && entry == account) || (entry.ends_with(":root") && account_of(entry) == Some(account))
}

/// How one `AWS` entry reaches an IAM caller.
fn aws_entry(entry: &str, caller: &str) -> Reach {
    if entry == "*" || entry == caller {
        return Reach::Direct;
    }
    if let (Some(role), Some(session)) = (role_of(entry), session_of(caller)) {
        if role == session {
            return Reach::Direct;
        }
    }
    match account_of(caller) {
        Some(account) if names_account(entry, account) => Reach::Account,
        _ => Reach::No,
    }
}

/// How a `Principal` element reaches the caller (the best of its entries).
pub(super) fn reach(principal: &Value, caller: Caller<'_>) -> Reach {
    let map = match principal {
        Value::String(s) if s == "*" => return Reach::Direct,
        Value::Object(map) => map,
        _ => return Reach::Unknown,
    };
    map.iter()
        .map(|(kind, entries)| {
            let Some(entries) = strings(entries) else {
                return Reach::Unknown;
            };
            let best =
                |f: &dyn Fn(&str) -> Reach| entries.iter().map(|e| f(e)).max().unwrap_or(Reach::No);
            match (kind.as_str(), caller) {
                ("AWS", Caller::Aws(arn)) => best(&|e| aws_entry(e, arn)),
                ("AWS", _) => best(&|e| if e == "*" { Reach::Direct } else { Reach::No }),
                ("Service", Caller::Service(name)) => best(&|e| {
                    if e == "*" || e.eq_ignore_ascii_case(name) {
                        Reach::Direct
                    } else {
                        Reach::No
                    }
                }),
                ("Service" | "Federated", _) => Reach::No,
                _ => Reach::Unknown,
            }
        })
        .max()
        .unwrap_or(Reach::No)
}

/// Whether a `NotPrincipal` element exempts the caller, so that the statement does not apply:
/// only when it lists every identity IAM may check for the caller — for a session its ARN, its
/// role and its account; for a user or role its ARN and its account (IAM User Guide,
/// NotPrincipal: "AWS might validate the account first, then the role, and then the
/// assumed-role user"). `Err` when it cannot be decided.
pub(super) fn exempts(not_principal: &Value, caller: Caller<'_>) -> Result<bool, ()> {
    let map = match not_principal {
        Value::String(s) if s == "*" => return Ok(true),
        Value::Object(map) => map,
        _ => return Err(()),
    };
    let mut listed: Vec<String> = Vec::new();
    for (kind, entries) in map {
        let entries = strings(entries).ok_or(())?;
        match kind.as_str() {
            "AWS" | "Service" | "Federated" => listed.extend(entries),
            _ => return Err(()),
        }
    }
    if listed.iter().any(|e| e == "*") {
        return Ok(true);
    }
    let arn = match caller {
        Caller::Anonymous => return Ok(false),
        Caller::Service(name) => return Ok(listed.iter().any(|e| e.eq_ignore_ascii_case(name))),
        Caller::Aws(arn) => arn,
    };
    let has = |test: &dyn Fn(&str) -> bool| listed.iter().any(|e| test(e));
    let account_listed = account_of(arn).is_some_and(|a| has(&|e| names_account(e, a)));
    let self_listed = has(&|e| e == arn);
    let role_listed = match session_of(arn) {
        Some(session) => has(&|e| role_of(e) == Some(session)),
        None => true,
    };
    let is_root = arn.ends_with(":root");
    Ok(self_listed && (is_root || account_listed) && role_listed)
}
