//! What a statement is matched on: action and resource globs (`*`, `?`), policy variables such as
//! `${aws:username}`, and the principals of trust policies.

use serde_json::Value;

use super::request::Request;

/// Glob match with `*` (any run) and `?` (one character).
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// Replaces `${key}` policy variables with the request's values (`${*}`, `${?}`, `${$}` escapes too).
pub(super) fn substitute(pattern: &str, request: &Request) -> Option<String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}')?;
        let key = &after[..end];
        match key {
            "*" | "?" | "$" => out.push_str(key),
            _ => out.push_str(request.context.get(key)?.first()?),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The strings of a policy value: a string, a bool or number as text, or a list of them.
pub(super) fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::String(s) => vec![s.clone()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Number(n) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// Action match: any pattern, case-insensitive.
pub(super) fn action_matches(patterns: &[String], action: &str) -> bool {
    patterns
        .iter()
        .any(|p| glob(&p.to_lowercase(), &action.to_lowercase()))
}

/// Resource match: any pattern, case-sensitive, policy variables substituted first.
pub(super) fn resource_matches(patterns: &[String], request: &Request) -> bool {
    patterns
        .iter()
        .any(|p| substitute(p, request).is_some_and(|p| glob(&p, &request.resource)))
}

/// Principal match for trust policies: `*`, an exact ARN, or an account root (`…:root`, or a bare
/// account id) admitting every principal of that account.
pub(super) fn principal_matches(principal: &Value, request: &Request) -> bool {
    let Some(caller) = &request.principal else {
        return true;
    };
    let account_of = |arn: &str| arn.split(':').nth(4).map(str::to_owned);
    let candidates = match principal {
        Value::String(s) if s == "*" => return true,
        Value::Object(map) => map.get("AWS").map(strings).unwrap_or_default(),
        _ => Vec::new(),
    };
    candidates.iter().any(|p| {
        p == "*"
            || p == caller
            || (p.ends_with(":root") && account_of(p) == account_of(caller))
            || (p.len() == 12
                && p.chars().all(|c| c.is_ascii_digit())
                && account_of(caller).as_deref() == Some(p))
    })
}
