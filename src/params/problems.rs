//! Every problem of one account directory, found in one pass: each reported once, the stacks that
//! could not be checked because of them listed once, then a count.

use std::fmt;
use std::path::{Path, PathBuf};

use super::error::ParamsError;
use super::layout::ACCOUNT_FILE;

/// A stack whose `{{output}}` references were not checked: the stacks it reads have problems of
/// their own, and errors about what they would declare would only repeat those.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotChecked {
    /// The stack file that was not checked.
    pub file: PathBuf,
    /// The stacks it reads outputs from that have problems, by file name.
    pub depends_on: Vec<String>,
}

/// Every problem found in an account directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamsErrors {
    /// The account directory.
    pub dir: PathBuf,
    /// Each problem once, in the order found.
    pub problems: Vec<ParamsError>,
    /// Stacks not checked because a stack they read has problems.
    pub not_checked: Vec<NotChecked>,
    /// The account file has problems, so no stack file was checked (every stack needs it).
    pub account_broken: bool,
}

impl ParamsErrors {
    /// One problem that stops the load.
    pub fn one(dir: &Path, problem: ParamsError) -> Self {
        ParamsErrors {
            dir: dir.to_owned(),
            problems: vec![problem],
            not_checked: Vec::new(),
            account_broken: false,
        }
    }

    /// The first problem: what a caller branching on one [`super::ErrorKind`] looks at.
    pub fn first(&self) -> Option<&ParamsError> {
        self.problems.first()
    }
}

impl fmt::Display for ParamsErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        if self.account_broken {
            writeln!(
                f,
                "no stack file was checked: every stack needs {ACCOUNT_FILE}; fix it first"
            )?;
        }
        for stack in &self.not_checked {
            writeln!(
                f,
                "not checked: {} depends on {} (which {} problems)",
                stack.file.display(),
                stack.depends_on.join(", "),
                if stack.depends_on.len() == 1 {
                    "has"
                } else {
                    "have"
                }
            )?;
        }
        let n = self.problems.len();
        write!(
            f,
            "{n} problem{} in {}",
            if n == 1 { "" } else { "s" },
            self.dir.display()
        )
    }
}

impl std::error::Error for ParamsErrors {}
