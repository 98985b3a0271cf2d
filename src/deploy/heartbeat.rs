//! A wait's heartbeat: when it has seen nothing happen for a while, it says it is still waiting,
//! so a person watching a stuck operation knows hydrate is alive.

use std::time::Duration;

use tokio::time::Instant;

use super::progress::{StackEvent, StackStatus};

/// How long a wait may see no new event before it says it is still waiting, and again after
/// each further such interval: long enough that a normal wait stays quiet, short enough that a
/// person watching a stuck one knows hydrate is alive.
pub const HEARTBEAT: Duration = Duration::from_secs(60);

/// When a wait last saw something happen, and when it next says it is still waiting.
#[derive(Debug, Clone, Copy)]
pub struct Quiet {
    started: Instant,
    last_event: Option<Instant>,
    next_note: Instant,
}

impl Quiet {
    pub fn new(now: Instant) -> Quiet {
        Quiet {
            started: now,
            last_event: None,
            next_note: now + HEARTBEAT,
        }
    }

    /// A new event arrived: the quiet starts over.
    pub fn event(&mut self, now: Instant) {
        self.last_event = Some(now);
        self.next_note = now + HEARTBEAT;
    }

    /// The still-waiting note when one is due, once per [`HEARTBEAT`] of quiet.
    pub fn note(
        &mut self,
        now: Instant,
        stack_name: &str,
        status: &StackStatus,
        last: Option<&StackEvent>,
    ) -> Option<String> {
        if now < self.next_note {
            return None;
        }
        while self.next_note <= now {
            self.next_note += HEARTBEAT;
        }
        let last = match (last, self.last_event) {
            (Some(e), Some(at)) => format!(
                "last event: {} {} {} ago",
                e.logical_id,
                e.status,
                span(now - at)
            ),
            _ => "no event yet".to_owned(),
        };
        Some(format!(
            "still waiting for {stack_name} ({status}), {} so far, {last}",
            span(now - self.started)
        ))
    }
}

/// `45s`, `2m10s`, `1h05m`: whole seconds, the way a person reads a wait.
pub fn span(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, s % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_like_a_clock() {
        assert_eq!(span(Duration::from_millis(45_900)), "45s");
        assert_eq!(span(Duration::from_secs(130)), "2m10s");
        assert_eq!(span(Duration::from_secs(3900)), "1h05m");
    }
}
