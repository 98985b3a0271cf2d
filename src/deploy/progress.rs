//! What the deployer reports while it works. `deploy/` emits these typed events and never prints;
//! the CLI renders them (a live view on a terminal, one line per event, or JSON lines).

use crate::check::AccessChange;
use serde::Serialize;

pub use super::change::{Change, ChangeAction, ChangeDetail, Recreation, Replacement};
pub use super::stack_status::{Category, StackStatus};

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
    pub status: StackStatus,
    /// The reason CloudFormation gives, if any.
    pub reason: Option<String>,
}

/// A failed resource and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// Logical id.
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// The failed status.
    pub status: StackStatus,
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
    /// The access delta of an update: what each principal gains or loses (`access_delta` in
    /// JSON, apart from the `access` results of `stack diff`).
    AccessDelta {
        /// The stack file name.
        stack: String,
        /// The changes in access; empty when none.
        changes: Vec<AccessChange>,
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
    /// Whether a question can be asked at all (a terminal to answer on).
    fn can_ask(&self) -> bool {
        true
    }
}
