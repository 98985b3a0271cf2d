//! The console: results to stdout, deploy progress to stderr (a live spinner view when stderr is a
//! terminal, one line per event otherwise, or JSON lines); and the questions the deployer has.

use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hydrate::check::AccessChange;
use hydrate::deploy::connection::{ApiCall, CallLog};
use hydrate::deploy::progress::{
    Category, Change, ChangeAction, Failure, Progress, Replacement, Reporter, StackStatus,
};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use serde::Serialize;

use super::out;
use super::Global;

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

/// The CLI's reporter and its two streams: results to stdout, progress and questions to stderr.
pub struct Console {
    format: Format,
    quiet: bool,
    color: bool,
    events_are_results: bool,
    screen: Arc<Screen>,
}

/// What every writer of the process shares: the live view, and one lock so lines never mix.
struct Screen {
    live: Option<Live>,
    lock: Mutex<()>,
}

impl Screen {
    /// A line for people on stderr, above any live view.
    fn progress(&self, text: &str) {
        let _guard = self.lock.lock();
        match &self.live {
            Some((multi, _)) => {
                let _ = multi.println(text);
            }
            None => out::diagnostic(text),
        }
    }
}

/// `-v`: each AWS call attempt as a line above the live view (a `call` object in JSON).
struct ConsoleLog {
    format: Format,
    screen: Arc<Screen>,
}

impl CallLog for ConsoleLog {
    fn call(&self, call: &ApiCall) {
        match self.format {
            Format::Human => self.screen.progress(&format!("call: {call}")),
            Format::Json => {
                // Pairs, not an object: a list parameter repeats its name.
                let names: Vec<[&str; 2]> = call
                    .names
                    .iter()
                    .map(|(n, v)| [n.as_str(), v.as_str()])
                    .collect();
                self.screen.progress(
                    &serde_json::json!({
                        "kind": "call", "service": call.service, "operation": call.operation,
                        "names": names, "attempt": call.attempt,
                    })
                    .to_string(),
                );
            }
        }
    }
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

/// One line for a change-set change, with why when CloudFormation says (`BucketName changed
/// (recreates)`).
pub fn change_line(c: &Change) -> String {
    let what = match (c.action, c.replacement) {
        (ChangeAction::Modify, Some(Replacement::True)) => "replace".to_owned(),
        (ChangeAction::Modify, Some(Replacement::Conditional)) => "maybe replace".to_owned(),
        (action, _) => action.as_str().to_lowercase(),
    };
    let line = format!("  {what:<14} {} ({})", c.logical_id, c.resource_type);
    let reasons = c.reasons();
    if reasons.is_empty() {
        return line;
    }
    format!("{line}: {}", reasons.join("; "))
}

/// The access delta of a stack for people: a heading, then one line per change.
pub fn access_lines(stack: &str, changes: &[AccessChange]) -> Vec<String> {
    if changes.is_empty() {
        return vec![format!("{stack}: access delta: no change in access")];
    }
    let mut lines = vec![format!("{stack}: access delta")];
    lines.extend(changes.iter().map(|c| format!("  {}", c.line())));
    lines
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
    /// A reporter for the global flags; the live view only for people, when stderr is a terminal
    /// and `-q` is not given.
    pub fn new(global: &Global) -> Self {
        let terminal = io::stderr().is_terminal();
        let live = (global.output == Format::Human && terminal && !global.quiet)
            .then(|| (MultiProgress::new(), Mutex::new(Vec::new())));
        Console {
            format: global.output,
            quiet: global.quiet,
            color: global.color.enabled(terminal),
            events_are_results: false,
            screen: Arc::new(Screen {
                live,
                lock: Mutex::new(()),
            }),
        }
    }

    /// The `-v` call log that writes through this console.
    pub fn call_log(&self) -> Arc<dyn CallLog> {
        Arc::new(ConsoleLog {
            format: self.format,
            screen: self.screen.clone(),
        })
    }

    /// Stack events are what the command exists to show (`stack events`): they go to stdout.
    pub fn events_are_results(mut self) -> Self {
        self.events_are_results = true;
        self
    }

    /// The output format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Prints a result line on stdout (the live view on stderr steps aside while it is written).
    pub fn result(&self, text: &str) {
        let _guard = self.screen.lock.lock();
        match &self.screen.live {
            Some((multi, _)) => multi.suspend(|| out::result(text)),
            None => out::result(text),
        }
    }

    /// Prints a result on stdout as one JSON object whose `kind` field says what it is.
    pub fn result_json<T: Serialize>(&self, kind: &str, value: &T) {
        let _guard = self.screen.lock.lock();
        out::result_json(&out::tagged(kind, value));
    }

    /// Prints a line for people on stderr, above any live view.
    pub fn progress(&self, text: &str) {
        self.screen.progress(text);
    }

    /// Prints a note for people on stderr.
    pub fn note(&self, text: &str) {
        self.progress(&format!("note: {text}"));
    }

    fn spinner(&self, stack: &str, message: String) {
        let Some((multi, bars)) = &self.screen.live else {
            return;
        };
        let Ok(mut bars) = bars.lock() else { return };
        if let Some((_, bar)) = bars.iter().find(|(s, _)| s == stack) {
            bar.set_message(message);
            return;
        }
        let bar = multi.add(ProgressBar::new_spinner());
        let template = if self.color {
            "{spinner:.cyan} {elapsed:>4} {msg}"
        } else {
            "{spinner} {elapsed:>4} {msg}"
        };
        bar.set_style(
            ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar.set_message(message);
        bars.push((stack.to_owned(), bar));
    }

    /// Ends the live line of a stack.
    pub fn finish(&self, stack: &str) {
        if let Some((_, bars)) = &self.screen.live {
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
        let _guard = self.screen.lock.lock();
        let mut stderr = io::stderr().lock();
        let _ = write!(stderr, "{question} ");
        let _ = stderr.flush();
        let asked = Instant::now();
        let mut line = String::new();
        io::stdin().lock().read_line(&mut line).ok()?;
        if !in_time(asked.elapsed()) {
            let _ = writeln!(
                stderr,
                "answered after {} minutes: the account's lease, which this run renews while it waits on nothing else, may have ended and another run may hold the account now, so the answer is not used; run the command again and answer within {} minutes",
                asked.elapsed().as_secs() / 60,
                ANSWER_WITHIN.as_secs() / 60
            );
            return None;
        }
        Some(line.trim().to_owned())
    }
}

/// How long an answer may take. A held lease is renewed on the task that waits for the answer,
/// so it is not renewed meanwhile: an answer given later than one renewal before the lease ends
/// could act on an account another run has taken over.
const ANSWER_WITHIN: Duration = Duration::from_secs(
    hydrate::deploy::lease::TERM.as_secs() - hydrate::deploy::lease::RENEW_EVERY.as_secs(),
);

/// Whether an answer that took `elapsed` may still be acted on.
fn in_time(elapsed: Duration) -> bool {
    elapsed < ANSWER_WITHIN
}

impl Reporter for Console {
    fn report(&self, progress: Progress) {
        let is_event = matches!(progress, Progress::Event { .. });
        if self.format == Format::Json {
            let value = serde_json::to_value(&progress).unwrap_or_default();
            let _guard = self.screen.lock.lock();
            if is_event && self.events_are_results {
                out::result_json(&value);
            } else {
                out::diagnostic(&value.to_string());
            }
            return;
        }
        let shown = !self.quiet || (is_event && self.events_are_results);
        if !shown && matches!(progress, Progress::Step { .. } | Progress::Event { .. }) {
            return;
        }
        match progress {
            Progress::Step { stack, message } => {
                self.spinner(&stack, format!("{stack}: {message}"));
                if self.screen.live.is_none() {
                    self.progress(&format!("{stack}: {message}"));
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
                if self.events_are_results {
                    self.result(&line);
                } else {
                    self.progress(&line);
                }
            }
            Progress::Changes { stack, changes } => {
                self.progress(&format!("{stack}: {} change(s)", changes.len()));
                for c in &changes {
                    self.progress(&change_line(c));
                }
            }
            Progress::AccessDelta { stack, changes } => {
                for line in access_lines(&stack, &changes) {
                    self.progress(&line);
                }
            }
            Progress::Note { stack, message } => {
                self.progress(&format!("{stack}: note: {message}"))
            }
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

    fn can_ask(&self) -> bool {
        io::stdin().is_terminal() && io::stderr().is_terminal()
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
            replacement: Some(Replacement::True),
            ..Change::new(ChangeAction::Modify, "TrailBucket", "AWS::S3::Bucket")
        };
        assert_eq!(
            change_line(&change),
            "  replace        TrailBucket (AWS::S3::Bucket)"
        );
    }

    #[test]
    fn an_answer_later_than_a_renewal_before_the_lease_ends_is_not_used() {
        assert_eq!(ANSWER_WITHIN, Duration::from_secs(4 * 60));
        assert!(in_time(Duration::from_secs(239)));
        assert!(!in_time(Duration::from_secs(240)));
    }
}
