//! What a statement is matched on: action and resource globs (`*`, `?`) and the strings of a
//! policy value. Patterns are token lists so that `${*}` and `${?}` stay literal characters.

use serde_json::Value;

use super::request::Request;
use super::variables::{substitute, Variables};

/// One element of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok {
    /// `*`: any run of characters.
    Any,
    /// `?`: exactly one character.
    One,
    /// A literal character.
    Char(char),
}

/// A pattern as written: `*` and `?` are wildcards, everything else literal.
pub(super) fn tokens(pattern: &str) -> Vec<Tok> {
    pattern
        .chars()
        .map(|c| match c {
            '*' => Tok::Any,
            '?' => Tok::One,
            c => Tok::Char(c),
        })
        .collect()
}

/// The pattern read as a plain string: what an exact comparison compares against.
pub(super) fn literal(pattern: &[Tok]) -> String {
    pattern
        .iter()
        .map(|t| match t {
            Tok::Any => '*',
            Tok::One => '?',
            Tok::Char(c) => *c,
        })
        .collect()
}

/// Glob match with `*` (any run) and `?` (one character).
pub fn glob(pattern: &str, text: &str) -> bool {
    glob_tokens(&tokens(pattern), text)
}

/// Glob match of a token pattern, `fold` comparing characters ignoring ASCII case.
pub(super) fn glob_with(p: &[Tok], text: &str, fold: bool) -> bool {
    let t: Vec<char> = text.chars().collect();
    let same = |a: char, b: char| a == b || (fold && a.eq_ignore_ascii_case(&b));
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        match p.get(pi) {
            Some(Tok::One) => {
                pi += 1;
                ti += 1;
            }
            Some(Tok::Char(c)) if same(*c, t[ti]) => {
                pi += 1;
                ti += 1;
            }
            Some(Tok::Any) => {
                star = Some(pi);
                mark = ti;
                pi += 1;
            }
            _ => match star {
                Some(s) => {
                    pi = s + 1;
                    mark += 1;
                    ti = mark;
                }
                None => return false,
            },
        }
    }
    p[pi.min(p.len())..].iter().all(|tok| *tok == Tok::Any)
}

/// Case-sensitive glob match of a token pattern.
pub(super) fn glob_tokens(p: &[Tok], text: &str) -> bool {
    glob_with(p, text, false)
}

/// The strings of a policy value: a string, a bool or number as text, or a list of them; none
/// for anything else (an object or null is not a policy value).
pub(super) fn strings(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Array(items) => items.iter().try_fold(Vec::new(), |mut all, item| {
            all.extend(strings(item).filter(|_| !item.is_array())?);
            Some(all)
        }),
        Value::String(s) => Some(vec![s.clone()]),
        Value::Bool(b) => Some(vec![b.to_string()]),
        Value::Number(n) => Some(vec![n.to_string()]),
        _ => None,
    }
}

/// Action match: any pattern, case-insensitive.
pub(super) fn action_matches(patterns: &[String], action: &str) -> bool {
    patterns.iter().any(|p| glob_with(&tokens(p), action, true))
}

/// Resource match: any pattern, case-sensitive, policy variables substituted first (a variable
/// that cannot be resolved matches nothing).
pub(super) fn resource_matches(patterns: &[String], request: &Request, vars: Variables) -> bool {
    patterns
        .iter()
        .any(|p| substitute(p, request, vars).is_some_and(|p| glob_tokens(&p, &request.resource)))
}
