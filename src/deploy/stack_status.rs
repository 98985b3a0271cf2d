//! CloudFormation's statuses of stacks and resources as one enum, and the one map from a status to
//! how it reads to a person (in progress / done / failed / rolled back / skipped).

use std::fmt;

use serde::{Serialize, Serializer};

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

macro_rules! statuses {
    ($($variant:ident => $text:literal,)*) => {
        /// A stack's or a resource's status, as CloudFormation spells it.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum StackStatus {
            $(
                #[doc = concat!("`", $text, "`")]
                $variant,
            )*
            /// A status this version of hydrate does not know (CloudFormation adds some now and then).
            Other(String),
        }

        impl StackStatus {
            /// The status of CloudFormation's spelling.
            pub fn parse(text: &str) -> StackStatus {
                match text {
                    $($text => StackStatus::$variant,)*
                    other => StackStatus::Other(other.to_owned()),
                }
            }

            /// CloudFormation's spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $(StackStatus::$variant => $text,)*
                    StackStatus::Other(text) => text,
                }
            }
        }
    };
}

statuses! {
    CreateInProgress => "CREATE_IN_PROGRESS",
    CreateFailed => "CREATE_FAILED",
    CreateComplete => "CREATE_COMPLETE",
    RollbackInProgress => "ROLLBACK_IN_PROGRESS",
    RollbackFailed => "ROLLBACK_FAILED",
    RollbackComplete => "ROLLBACK_COMPLETE",
    DeleteInProgress => "DELETE_IN_PROGRESS",
    DeleteFailed => "DELETE_FAILED",
    DeleteComplete => "DELETE_COMPLETE",
    DeleteSkipped => "DELETE_SKIPPED",
    UpdateInProgress => "UPDATE_IN_PROGRESS",
    UpdateCompleteCleanupInProgress => "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
    UpdateComplete => "UPDATE_COMPLETE",
    UpdateFailed => "UPDATE_FAILED",
    UpdateRollbackInProgress => "UPDATE_ROLLBACK_IN_PROGRESS",
    UpdateRollbackFailed => "UPDATE_ROLLBACK_FAILED",
    UpdateRollbackCompleteCleanupInProgress => "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
    UpdateRollbackComplete => "UPDATE_ROLLBACK_COMPLETE",
    ReviewInProgress => "REVIEW_IN_PROGRESS",
    ImportInProgress => "IMPORT_IN_PROGRESS",
    ImportComplete => "IMPORT_COMPLETE",
    ImportFailed => "IMPORT_FAILED",
    ImportRollbackInProgress => "IMPORT_ROLLBACK_IN_PROGRESS",
    ImportRollbackFailed => "IMPORT_ROLLBACK_FAILED",
    ImportRollbackComplete => "IMPORT_ROLLBACK_COMPLETE",
}

impl StackStatus {
    /// How the status reads to a person.
    pub fn category(&self) -> Category {
        let text = self.as_str();
        if text.ends_with("_IN_PROGRESS") {
            Category::InProgress
        } else if text.contains("ROLLBACK") && text.ends_with("_COMPLETE") {
            Category::RolledBack
        } else if text.ends_with("_FAILED") {
            Category::Failed
        } else if text.ends_with("_SKIPPED") {
            Category::Skipped
        } else {
            Category::Complete
        }
    }

    /// True while CloudFormation is still working on it.
    pub fn in_progress(&self) -> bool {
        self.category() == Category::InProgress
    }

    /// True for the states a failed creation leaves: the stack exists but cannot be updated.
    pub fn failed_creation(&self) -> bool {
        matches!(
            self,
            StackStatus::RollbackComplete | StackStatus::RollbackFailed | StackStatus::CreateFailed
        )
    }
}

impl fmt::Display for StackStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for StackStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_categories() {
        let category = |s: &str| StackStatus::parse(s).category();
        assert_eq!(category("CREATE_IN_PROGRESS"), Category::InProgress);
        assert_eq!(
            category("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"),
            Category::InProgress
        );
        assert_eq!(category("ROLLBACK_COMPLETE"), Category::RolledBack);
        assert_eq!(category("UPDATE_ROLLBACK_COMPLETE"), Category::RolledBack);
        assert_eq!(category("CREATE_FAILED"), Category::Failed);
        assert_eq!(category("DELETE_SKIPPED"), Category::Skipped);
        assert_eq!(category("UPDATE_COMPLETE"), Category::Complete);
    }

    #[test]
    fn spellings_round_trip_and_unknown_ones_are_kept() {
        for text in [
            "CREATE_COMPLETE",
            "IMPORT_ROLLBACK_FAILED",
            "DELETE_SKIPPED",
        ] {
            assert_eq!(StackStatus::parse(text).as_str(), text);
        }
        assert_eq!(
            StackStatus::parse("NEW_STATUS_IN_PROGRESS"),
            StackStatus::Other("NEW_STATUS_IN_PROGRESS".into())
        );
        assert!(StackStatus::parse("NEW_STATUS_IN_PROGRESS").in_progress());
    }
}
