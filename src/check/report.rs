//! The result of `hydrate check`: the access matrix (one cell per request and what the rules
//! expect of it), the statements that allow `*:*`, and the policies a local evaluator cannot read.

use serde::Serialize;

/// The verdict (`got`) of a cell the evaluator cannot decide.
pub const UNKNOWN: &str = "unknown";

/// What a rule expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// Allowed.
    Allow,
    /// Denied (explicitly or implicitly).
    Deny,
    /// Not explicitly denied (for actions that need no permission, such as `sts:GetSessionToken`).
    NotDenied,
}

impl Expect {
    /// How a person reads it: `allow`, `deny` or `not denied`.
    pub fn label(self) -> &'static str {
        match self {
            Expect::Allow => "allow",
            Expect::Deny => "deny",
            Expect::NotDenied => "not denied",
        }
    }
}

/// One cell of the access matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Who asks.
    pub principal: String,
    /// The action.
    pub action: String,
    /// On what.
    pub resource: String,
    /// What the baseline's rules require.
    pub expect: Expect,
    /// What the policies decide: `allow`, `deny`, `implicit deny`, or `unknown` when the
    /// evaluator cannot decide (never ok).
    pub got: String,
    /// The statement(s) that decided.
    pub by: Option<String>,
    /// Whether the decision meets the rule.
    pub ok: bool,
    /// The family of resource a tamper cell protects (`trail`, `key`, …); none for other cells.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// The result of a check.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Every evaluated cell.
    pub cells: Vec<Cell>,
    /// Statements that allow every action on every resource.
    pub star_star: Vec<String>,
    /// Policies the evaluator cannot read.
    pub opaque: Vec<String>,
    /// Escalation edges the policies grant by design: an action and whose rights it reaches.
    pub edges: Vec<String>,
    /// Rules the templates cannot prove, to be checked by a person (MANUAL).
    pub manual: Vec<String>,
}

impl Report {
    /// The cells that break a rule, and the `*:*` statements, as messages.
    pub fn violations(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .cells
            .iter()
            .filter(|c| !c.ok)
            .map(|c| {
                if c.got == UNKNOWN {
                    let by = c.by.as_deref().unwrap_or("a statement");
                    return format!(
                        "{} {} on {}: unknown — {by} cannot be decided by the local evaluator \
                         (an operator it does not know, or a malformed condition or principal); \
                         expected {}",
                        c.principal,
                        c.action,
                        c.resource,
                        c.expect.label()
                    );
                }
                let by =
                    c.by.as_deref()
                        .map(|b| format!(" by {b}"))
                        .unwrap_or_default();
                format!(
                    "{} {} {} on {}: expected {}, got {}{by}",
                    c.principal,
                    if c.got == "allow" { "can" } else { "cannot" },
                    c.action,
                    c.resource,
                    c.expect.label(),
                    c.got
                )
            })
            .collect();
        out.extend(
            self.star_star
                .iter()
                .map(|s| format!("{s} allows every action on every resource (*:*)")),
        );
        out
    }
}
