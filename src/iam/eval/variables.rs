//! Policy variables: `${aws:username}` replaced by the request's value (names ignore case),
//! `${key, 'default'}` for an absent key, `${*}`, `${?}`, `${$}` for the literal characters, and
//! none of it in policies of language version `2008-10-17` (or no `Version`), where the text is
//! literal.

use super::matching::Tok;
use super::request::Request;

/// Whether a policy's language version has policy variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Variables {
    /// `Version: 2012-10-17`: `${…}` is substituted.
    Substituted,
    /// `2008-10-17` or no `Version`: `${…}` is literal text.
    Literal,
}

/// The variables mode of a policy document; none for a `Version` IAM does not know.
pub(super) fn variables_of(document: &serde_json::Value) -> Option<Variables> {
    match document.get("Version").map(|v| v.as_str()) {
        None | Some(Some("2008-10-17")) => Some(Variables::Literal),
        Some(Some("2012-10-17")) => Some(Variables::Substituted),
        Some(_) => None,
    }
}

/// A pattern with its variables replaced, as tokens (substituted text is always literal); none
/// when a variable names a key the request does not carry and gives no default.
pub(super) fn substitute(pattern: &str, request: &Request, vars: Variables) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut rest = pattern;
    let literal = |out: &mut Vec<Tok>, s: &str| out.extend(s.chars().map(Tok::Char));
    while let (Variables::Substituted, Some(start)) = (vars, rest.find("${")) {
        out.extend(super::matching::tokens(&rest[..start]));
        let after = &rest[start + 2..];
        let end = after.find('}')?;
        literal(&mut out, &value(&after[..end], request)?);
        rest = &after[end + 1..];
    }
    out.extend(super::matching::tokens(rest));
    Some(out)
}

/// The value of one variable's body: `*`, `?`, `$`, `key` or `key, 'default'`.
fn value(body: &str, request: &Request) -> Option<String> {
    if matches!(body, "*" | "?" | "$") {
        return Some(body.to_owned());
    }
    let (key, default) = match body.split_once(',') {
        Some((key, default)) => {
            let d = default.trim();
            let quoted = d.len() >= 2 && d.starts_with('\'') && d.ends_with('\'');
            (
                key.trim(),
                Some(quoted.then(|| d[1..d.len() - 1].to_owned())?),
            )
        }
        None => (body.trim(), None),
    };
    request
        .values(key)
        .and_then(|v| v.first().cloned())
        .or(default)
}
