//! Whether two CloudWatch Logs JSON filter patterns mean the same: both parsed into a tree of
//! `&&` / `||` over comparisons, nested groups of one operator flattened, the operands of each
//! taken as a set (order does not matter), a quoted value without wildcards or spaces the same as
//! the bare word. A pattern that does not parse is compared with its whitespace outside quotes
//! removed.

use std::collections::BTreeSet;

/// A pattern's meaning.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    /// Every operand holds.
    All(BTreeSet<Node>),
    /// Some operand holds.
    Any(BTreeSet<Node>),
    /// `$.field OP value`, or `$.field NOT EXISTS` (op `NOT EXISTS`, no value).
    Test(String, String, String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Op(String),
    Str(String),
    Word(String),
}

fn tokens(text: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            _ if c.is_whitespace() => i += 1,
            '{' | '}' => i += 1,
            '(' => {
                out.push(Token::Open);
                i += 1;
            }
            ')' => {
                out.push(Token::Close);
                i += 1;
            }
            '&' if next == Some('&') => {
                out.push(Token::And);
                i += 2;
            }
            '|' if next == Some('|') => {
                out.push(Token::Or);
                i += 2;
            }
            '!' | '<' | '>' if next == Some('=') => {
                out.push(Token::Op(format!("{c}=")));
                i += 2;
            }
            '=' | '<' | '>' => {
                out.push(Token::Op(c.to_string()));
                i += 1;
            }
            '"' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return None,
                        Some('"') => break,
                        Some('\\') => {
                            s.push(*chars.get(i + 1)?);
                            i += 2;
                        }
                        Some(&ch) => {
                            s.push(ch);
                            i += 1;
                        }
                    }
                }
                i += 1;
                out.push(Token::Str(s));
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !"(){}&|=!<>\"".contains(chars[i])
                {
                    i += 1;
                }
                if i == start {
                    return None;
                }
                out.push(Token::Word(chars[start..i].iter().collect()));
            }
        }
    }
    Some(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn take(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn any(&mut self) -> Option<Node> {
        let mut parts = vec![self.all()?];
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            parts.push(self.all()?);
        }
        Some(group(parts, Node::Any))
    }

    fn all(&mut self) -> Option<Node> {
        let mut parts = vec![self.atom()?];
        while self.peek() == Some(&Token::And) {
            self.at += 1;
            parts.push(self.atom()?);
        }
        Some(group(parts, Node::All))
    }

    fn atom(&mut self) -> Option<Node> {
        match self.take()? {
            Token::Open => {
                let inner = self.any()?;
                (self.take()? == Token::Close).then_some(inner)
            }
            Token::Word(field) if field.starts_with('$') => match self.take()? {
                Token::Op(op) => {
                    let value = match self.take()? {
                        Token::Str(s) | Token::Word(s) => s,
                        _ => return None,
                    };
                    Some(Node::Test(field, op, value))
                }
                Token::Word(not) if not.eq_ignore_ascii_case("NOT") => match self.take()? {
                    Token::Word(w) if w.eq_ignore_ascii_case("EXISTS") => {
                        Some(Node::Test(field, "NOT EXISTS".to_owned(), String::new()))
                    }
                    _ => None,
                },
                Token::Word(is) if is.eq_ignore_ascii_case("IS") => match self.take()? {
                    Token::Word(w) => Some(Node::Test(field, "IS".to_owned(), w.to_uppercase())),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }
}

/// One operand as itself; several as one group, with nested groups of the same kind merged.
fn group(parts: Vec<Node>, make: fn(BTreeSet<Node>) -> Node) -> Node {
    if parts.len() == 1 {
        return parts
            .into_iter()
            .next()
            .unwrap_or(Node::Any(BTreeSet::new()));
    }
    let is_all = matches!(make(BTreeSet::new()), Node::All(_));
    let mut set = BTreeSet::new();
    for p in parts {
        match p {
            Node::All(inner) if is_all => set.extend(inner),
            Node::Any(inner) if !is_all => set.extend(inner),
            other => {
                set.insert(other);
            }
        }
    }
    make(set)
}

fn meaning(pattern: &str) -> Option<Node> {
    let mut parser = Parser {
        tokens: tokens(pattern)?,
        at: 0,
    };
    let node = parser.any()?;
    (parser.at == parser.tokens.len()).then_some(node)
}

/// The pattern without whitespace outside double quotes.
fn squeezed(pattern: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in pattern.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if quoted || !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// Whether a live filter's pattern means what `expected` means.
pub fn same_meaning(live: &str, expected: &str) -> bool {
    match (meaning(live), meaning(expected)) {
        (Some(a), Some(b)) => a == b,
        _ => squeezed(live) == squeezed(expected),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stacks::alarms::CIS_ALARMS;

    #[test]
    fn whitespace_order_quotes_and_parentheses_do_not_change_the_meaning() {
        let ours = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) }";
        assert!(same_meaning(
            r#"{$.eventName="UpdateTrail"||$.eventName=CreateTrail}"#,
            ours
        ));
        assert!(same_meaning(
            "{ (($.eventName = CreateTrail)) || ($.eventName = UpdateTrail) }",
            ours
        ));
        assert!(!same_meaning("{ ($.eventName = CreateTrail) }", ours));
        assert!(!same_meaning(
            "{ ($.eventName = CreateTrail) && ($.eventName = UpdateTrail) }",
            ours
        ));
        // A wildcard stays a wildcard, and a value keeps its case.
        assert!(!same_meaning(
            r#"{ $.errorCode = "AccessDenied" }"#,
            r#"{ $.errorCode = "AccessDenied*" }"#
        ));
        assert!(!same_meaning(
            "{ $.eventName = createtrail }",
            "{ $.eventName = CreateTrail }"
        ));
    }

    #[test]
    fn grouping_is_part_of_the_meaning() {
        let a = "{ ($.a = 1 && $.b = 2) || $.c = 3 }";
        let b = "{ $.a = 1 && ($.b = 2 || $.c = 3) }";
        assert!(!same_meaning(a, b));
        assert!(same_meaning("{ $.c = 3 || $.b = 2 && $.a = 1 }", a));
    }

    #[test]
    fn not_exists_and_every_catalog_pattern_parse() {
        assert!(same_meaning(
            r#"{$.userIdentity.invokedBy NOT EXISTS && $.userIdentity.type="Root"}"#,
            r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }"#
        ));
        for spec in CIS_ALARMS {
            assert!(meaning(spec.pattern).is_some(), "{}", spec.name);
            let tight = spec
                .pattern
                .replace(" = ", "=")
                .replace(" (", "(")
                .replace(") ", ")");
            assert!(same_meaning(&tight, spec.pattern), "{}", spec.name);
        }
    }

    #[test]
    fn a_pattern_that_does_not_parse_is_compared_as_text() {
        assert!(same_meaning("ERROR  Failed", "ERROR Failed"));
        assert!(!same_meaning("ERROR", "WARN"));
        assert!(same_meaning("[ip, user]", "[ip,user]"));
    }
}
