//! Renders deploy progress: a live spinner view on a terminal, one line per event otherwise, or
//! JSON lines; and asks the questions the deployer has.

use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::Mutex;
use std::time::Duration;

use hydrate::deploy::progress::{
    Category, Change, ChangeAction, Failure, Progress, Replacement, Reporter, StackStatus,
};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

/// How output is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Human,
    /// One JSON object per line.
    Json,
}

/// The live view: one spinner line per stack at work.
type Live = (MultiProgress, Mutex<Vec<(String, ProgressBar)>>);

/// The CLI's reporter.
pub struct Console {
    format: Format,
    quiet: bool,
    live: Option<Live>,
    lock: Mutex<()>,
}

fn mark(status: &StackStatus) -> &'static str {
    match status.category() {
        Category::InProgress => "…",
        Category::Complete => "✓",
        Category::Failed => "✗",
        Category::RolledBack => "↺",
        Category::Skipped => "-",
    }
}

/// One line for a stack event.
pub fn event_line(
    stack: &str,
    logical_id: &str,
    resource_type: &str,
    status: &StackStatus,
    reason: Option<&str>,
) -> String {
    let mut line = format!(
        "{stack}: {} {:<28} {logical_id} ({resource_type})",
        mark(status),
        status.as_str()
    );
    if let Some(reason) = reason.filter(|r| !r.is_empty()) {
        line.push_str(" — ");
        line.push_str(reason);
    }
    line
}

/// One line for a change-set change.
pub fn change_line(c: &Change) -> String {
    let what = match (c.action, c.replacement) {
        (ChangeAction::Modify, Some(Replacement::True)) => "replace".to_owned(),
        (ChangeAction::Modify, Some(Replacement::Conditional)) => "maybe replace".to_owned(),
        (action, _) => action.as_str().to_lowercase(),
    };
    format!("  {what:<14} {} ({})", c.logical_id, c.resource_type)
}

/// The closing list of failures: the root cause last, above the exit.
pub fn failure_lines(failures: &[Failure]) -> Vec<String> {
    failures
        .iter()
        .map(|f| {
            format!(
                "  {} ({}) {}: {}",
                f.logical_id, f.resource_type, f.status, f.reason
            )
        })
        .collect()
}

impl Console {
    /// A reporter for the given format; the live view only when stderr is a terminal.
    pub fn new(format: Format) -> Self {
        let live = (format == Format::Human && io::stderr().is_terminal())
            .then(|| (MultiProgress::new(), Mutex::new(Vec::new())));
        Console {
            format,
            quiet: false,
            live,
            lock: Mutex::new(()),
        }
    }

    /// Leaves out per-event and per-step lines.
    pub fn quiet(mut self, quiet: bool) -> Self {
        self.quiet = quiet;
        if quiet {
            self.live = None;
        }
        self
    }

    /// Prints a line for people (to stdout, above any live view).
    pub fn line(&self, text: &str) {
        match &self.live {
            Some((multi, _)) => {
                let _ = multi.println(text);
            }
            None => {
                let _guard = self.lock.lock();
                println!("{text}");
            }
        }
    }

    /// Prints a JSON value as one line.
    pub fn json(&self, value: &serde_json::Value) {
        let _guard = self.lock.lock();
        println!("{value}");
    }

    /// The output format.
    pub fn format(&self) -> Format {
        self.format
    }

    fn spinner(&self, stack: &str, message: String) {
        let Some((multi, bars)) = &self.live else {
            return;
        };
        let Ok(mut bars) = bars.lock() else { return };
        if let Some((_, bar)) = bars.iter().find(|(s, _)| s == stack) {
            bar.set_message(message);
            return;
        }
        let bar = multi.add(ProgressBar::new_spinner());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar.set_message(message);
        bars.push((stack.to_owned(), bar));
    }

    /// Ends the live line of a stack.
    pub fn finish(&self, stack: &str) {
        if let Some((_, bars)) = &self.live {
            if let Ok(mut bars) = bars.lock() {
                if let Some(pos) = bars.iter().position(|(s, _)| s == stack) {
                    let (_, bar) = bars.remove(pos);
                    bar.finish_and_clear();
                }
            }
        }
    }

    fn ask(&self, question: &str) -> Option<String> {
        if !io::stdin().is_terminal() {
            return None;
        }
        let _guard = self.lock.lock();
        eprint!("{question} ");
        let _ = io::stderr().flush();
        let mut line = String::new();
        io::stdin().lock().read_line(&mut line).ok()?;
        Some(line.trim().to_owned())
    }
}

impl Reporter for Console {
    fn report(&self, progress: Progress) {
        if self.format == Format::Json {
            self.json(&serde_json::to_value(&progress).unwrap_or_default());
            return;
        }
        if self.quiet && matches!(progress, Progress::Step { .. } | Progress::Event { .. }) {
            return;
        }
        match progress {
            Progress::Step { stack, message } => {
                self.spinner(&stack, format!("{stack}: {message}"));
                if self.live.is_none() {
                    self.line(&format!("{stack}: {message}"));
                }
            }
            Progress::Event { stack, event } => {
                let line = event_line(
                    &stack,
                    &event.logical_id,
                    &event.resource_type,
                    &event.status,
                    event.reason.as_deref(),
                );
                self.spinner(
                    &stack,
                    format!("{stack}: {} {}", event.logical_id, event.status),
                );
                self.line(&line);
            }
            Progress::Changes { stack, changes } => {
                self.line(&format!("{stack}: {} change(s)", changes.len()));
                for c in &changes {
                    self.line(&change_line(c));
                }
            }
            Progress::Note { stack, message } => self.line(&format!("{stack}: note: {message}")),
        }
    }

    fn confirm(&self, question: &str) -> bool {
        self.ask(&format!("{question} [y/N]"))
            .is_some_and(|a| a.eq_ignore_ascii_case("y") || a.eq_ignore_ascii_case("yes"))
    }

    fn confirm_typed(&self, question: &str, expected: &str) -> bool {
        self.ask(&format!("{question}:"))
            .is_some_and(|a| a == expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_lines_show_status_resource_and_reason() {
        let line = event_line(
            "snsNotify",
            "Topic",
            "AWS::SNS::Topic",
            &StackStatus::CreateFailed,
            Some("Invalid parameter"),
        );
        assert_eq!(
            line,
            "snsNotify: ✗ CREATE_FAILED                Topic (AWS::SNS::Topic) — Invalid parameter"
        );
        let change = Change {
            action: ChangeAction::Modify,
            logical_id: "TrailBucket".into(),
            resource_type: "AWS::S3::Bucket".into(),
            replacement: Some(Replacement::True),
        };
        assert_eq!(
            change_line(&change),
            "  replace        TrailBucket (AWS::S3::Bucket)"
        );
    }
}
