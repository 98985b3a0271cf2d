//! What the deployer reports while it works. `deploy/` emits these typed events and never prints;
//! the CLI renders them (a live view on a terminal, one line per event, or JSON lines).

use serde::Serialize;

/// How a CloudFormation status reads to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Still working.
    InProgress,
    /// Done and as intended.
    Complete,
    /// Something failed.
    Failed,
    /// A failed change was undone; the stack is usable but the change did not happen.
    RolledBack,
    /// Skipped on purpose (a retained resource on delete).
    Skipped,
}

/// Maps any stack or resource status to its category.
pub fn category(status: &str) -> Category {
    if status.ends_with("_IN_PROGRESS") {
        Category::InProgress
    } else if status.contains("ROLLBACK") && status.ends_with("_COMPLETE") {
        Category::RolledBack
    } else if status.ends_with("_FAILED") {
        Category::Failed
    } else if status.ends_with("_SKIPPED") {
        Category::Skipped
    } else {
        Category::Complete
    }
}

/// One stack event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackEvent {
    /// The event's id, unique per stack.
    pub id: String,
    /// When it happened (RFC 3339).
    pub time: String,
    /// Logical id of the resource (the stack's own name for stack events).
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// CloudFormation status.
    pub status: String,
    /// The reason CloudFormation gives, if any.
    pub reason: Option<String>,
}

/// One change of a change set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `Add`, `Modify`, `Remove`, …
    pub action: String,
    /// Logical id.
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// `True`, `False` or `Conditional` for modifications.
    pub replacement: Option<String>,
}

impl Change {
    /// True when the change deletes the resource's physical object (a removal, or a replacement).
    pub fn destroys(&self) -> bool {
        self.action == "Remove"
            || matches!(
                self.replacement.as_deref(),
                Some("True") | Some("Conditional")
            )
    }
}

/// A failed resource and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// Logical id.
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// The failed status.
    pub status: String,
    /// CloudFormation's reason.
    pub reason: String,
}

/// A progress report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Progress {
    /// A named step began.
    Step {
        /// The stack file name.
        stack: String,
        /// What is happening.
        message: String,
    },
    /// A stack event arrived.
    Event {
        /// The stack file name.
        stack: String,
        /// The event.
        event: StackEvent,
    },
    /// The changes an update would make.
    Changes {
        /// The stack file name.
        stack: String,
        /// The changes.
        changes: Vec<Change>,
    },
    /// Something worth knowing that is not an error (emulator fallbacks, retained resources).
    Note {
        /// The stack file name.
        stack: String,
        /// The note.
        message: String,
    },
}

/// Where progress goes, and who answers questions.
pub trait Reporter: Send + Sync {
    /// Shows one report.
    fn report(&self, progress: Progress);
    /// Asks a yes/no question; false when nobody can answer.
    fn confirm(&self, question: &str) -> bool;
    /// Asks the person to type `expected` to go ahead; false otherwise.
    fn confirm_typed(&self, question: &str, expected: &str) -> bool;
}
