//! How long one AWS call may take, and how often it is tried: the one place the numbers live.
//! Every SDK client gets them, so an endpoint that stops answering is reported within a bounded
//! time instead of hanging the run; an interceptor stamps the timeout with what was spent.
//!
//! Why these values: a CloudFormation, S3, IAM or STS API call answers in well under a few seconds
//! (a deploy's long waits are hydrate's own polling loops, each poll one short call), and an
//! emulator on 127.0.0.1 may take a couple of seconds. A connection gets 5 s (AWS's own default
//! is 3.1 s); an answer 15 s from the end of the request (room for a template upload on a slow
//! link); an attempt 20 s in all. Three attempts (the SDK's standard retry) ride out one dropped
//! connection, and the whole call is capped at 60 s, so a silent endpoint is reported after
//! under 50 s (three read timeouts and the back-off between them) rather than never.

use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_config::ConfigLoader;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, FinalizerInterceptorContextMut,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::OrchestratorError;
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};
use aws_smithy_types::timeout::TimeoutConfig;

use super::aws_error::CallTimedOut;

/// Time to open a connection (TCP and TLS).
pub const CONNECT: Duration = Duration::from_secs(5);
/// Time from the end of the request to the answer.
pub const READ: Duration = Duration::from_secs(15);
/// Time for one attempt, request to answer.
pub const ATTEMPT: Duration = Duration::from_secs(20);
/// Time for a whole call, every attempt and the back-off between them.
pub const OPERATION: Duration = Duration::from_secs(60);
/// Attempts per call, the first one included.
pub const MAX_ATTEMPTS: u32 = 3;
/// The first back-off between attempts (the SDK's standard value), doubling with jitter.
pub const INITIAL_BACKOFF: Duration = Duration::from_secs(1);
/// How long `drift` waits for CloudFormation's drift detection of one stack. AWS finishes a
/// stack of the baseline's size in well under a minute and a large one in a few; past ten, the
/// detection is reported as not finished rather than waited on for ever.
pub const DRIFT_DETECTION: Duration = Duration::from_secs(600);

/// The timeouts and retries of every SDK client.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeouts {
    /// See [`CONNECT`].
    pub connect: Duration,
    /// See [`READ`].
    pub read: Duration,
    /// See [`ATTEMPT`].
    pub attempt: Duration,
    /// See [`OPERATION`].
    pub operation: Duration,
    /// See [`MAX_ATTEMPTS`].
    pub max_attempts: u32,
    /// See [`INITIAL_BACKOFF`].
    pub initial_backoff: Duration,
    /// See [`DRIFT_DETECTION`].
    pub drift_detection: Duration,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            connect: CONNECT,
            read: READ,
            attempt: ATTEMPT,
            operation: OPERATION,
            max_attempts: MAX_ATTEMPTS,
            initial_backoff: INITIAL_BACKOFF,
            drift_detection: DRIFT_DETECTION,
        }
    }
}

impl Timeouts {
    /// Every duration times `factor`, at most 100 (tests shorten them; the attempts stay).
    pub fn scaled(self, factor: f64) -> Timeouts {
        // Bounded, so that no factor can overflow a duration (mul_f64 panics on that and on NaN).
        let factor = if factor.is_finite() {
            factor.clamp(0.0, 100.0)
        } else {
            1.0
        };
        let scale = |d: Duration| d.mul_f64(factor);
        Timeouts {
            connect: scale(self.connect),
            read: scale(self.read),
            attempt: scale(self.attempt),
            operation: scale(self.operation),
            max_attempts: self.max_attempts,
            initial_backoff: scale(self.initial_backoff),
            drift_detection: scale(self.drift_detection),
        }
    }

    /// The SDK's timeout settings.
    pub fn timeout_config(&self) -> TimeoutConfig {
        TimeoutConfig::builder()
            .connect_timeout(self.connect)
            .read_timeout(self.read)
            .operation_attempt_timeout(self.attempt)
            .operation_timeout(self.operation)
            .build()
    }

    /// The SDK's standard retry mode with these attempts.
    pub fn retry_config(&self) -> RetryConfig {
        RetryConfig::standard()
            .with_max_attempts(self.max_attempts)
            .with_initial_backoff(self.initial_backoff)
    }

    /// A loader whose clients use these timeouts and retries.
    pub fn apply(&self, loader: ConfigLoader) -> ConfigLoader {
        loader
            .timeout_config(self.timeout_config())
            .retry_config(self.retry_config())
    }
}

/// When the call started, kept in the call's config bag.
#[derive(Debug, Clone, Copy)]
struct Started(Instant);

impl Storable for Started {
    type Storer = StoreReplace<Started>;
}

/// Turns a call that ended in a timeout (of the connection, the answer, an attempt or the whole
/// call) into one [`CallTimedOut`] saying how long it waited over how many attempts.
#[derive(Debug, Clone, Copy, Default)]
pub struct TimeoutInterceptor;

impl Intercept for TimeoutInterceptor {
    fn name(&self) -> &'static str {
        "hydrate-timeouts"
    }

    fn read_before_execution(
        &self,
        _: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().store_put(Started(Instant::now()));
        Ok(())
    }

    fn modify_before_completion(
        &self,
        context: &mut FinalizerInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(Err(error)) = context.output_or_error_mut() else {
            return Ok(());
        };
        let timed_out =
            error.is_timeout_error() || error.as_connector_error().is_some_and(|c| c.is_timeout());
        if timed_out {
            let after = cfg
                .load::<Started>()
                .map_or(Duration::ZERO, |s| s.0.elapsed());
            let attempts = cfg.load::<RequestAttempts>().map_or(1, |a| a.attempts());
            *error = OrchestratorError::timeout(Box::new(CallTimedOut { after, attempts }));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_silent_endpoint_is_given_up_on_within_the_call_cap() {
        let t = Timeouts::default();
        // Every attempt ends by the read or attempt timeout; the back-off doubles from the first.
        let backoff: Duration = (0..t.max_attempts - 1)
            .map(|i| t.initial_backoff * 2u32.pow(i))
            .sum();
        let worst = t.read.min(t.attempt) * t.max_attempts + backoff;
        assert!(worst <= t.operation, "{worst:?} > {:?}", t.operation);
        assert!(t.connect < t.read && t.read < t.attempt);
    }

    #[test]
    fn scaling_keeps_the_attempts() {
        let t = Timeouts::default().scaled(0.1);
        assert_eq!(t.read, Duration::from_millis(1500));
        assert_eq!(t.max_attempts, MAX_ATTEMPTS);
    }
}
