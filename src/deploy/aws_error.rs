//! Why an AWS call failed, in the terms a person can act on: the cause, then the fix. A leaf: it
//! knows the SDK's error shape and nothing of hydrate's clients or stacks.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use aws_sdk_cloudformation::error::{ProvideErrorMetadata, SdkError};

/// Why an AWS call failed, in the terms a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsError {
    /// No credentials anywhere in the chain.
    NoCredentials {
        /// The API action.
        action: String,
    },
    /// The session or its token expired.
    Expired {
        /// The API action.
        action: String,
    },
    /// Credentials AWS does not accept (wrong key, wrong secret).
    BadCredentials {
        /// The API action.
        action: String,
        /// AWS's message.
        message: String,
    },
    /// The caller may not call the action.
    AccessDenied {
        /// The API action.
        action: String,
        /// AWS's message.
        message: String,
    },
    /// Nothing answered at the endpoint.
    Unreachable {
        /// The API action.
        action: String,
        /// What failed.
        message: String,
    },
    /// The endpoint took the call but did not answer in time, over every attempt.
    TimedOut {
        /// The API action.
        action: String,
        /// How long the call waited in all (zero when unknown).
        after: Duration,
        /// How many attempts it made (zero when unknown).
        attempts: u32,
    },
    /// Still throttled after the SDK's retries.
    Throttled {
        /// The API action.
        action: String,
    },
    /// Any other service error, with its code and message.
    Service {
        /// The API action.
        action: String,
        /// AWS's error code.
        code: String,
        /// AWS's message.
        message: String,
    },
    /// A profile or MFA problem found before any call.
    Profile {
        /// What is wrong and the fix.
        message: String,
    },
}

impl AwsError {
    /// The service error code, when AWS answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            AwsError::Service { code, .. } => Some(code),
            _ => None,
        }
    }

    /// True when CloudFormation says the stack does not exist.
    pub fn is_missing_stack(&self) -> bool {
        self.code() == Some("ValidationError") && self.message().contains("does not exist")
    }

    /// AWS's message, when it answered.
    pub fn message(&self) -> &str {
        match self {
            AwsError::BadCredentials { message, .. }
            | AwsError::AccessDenied { message, .. }
            | AwsError::Unreachable { message, .. }
            | AwsError::Service { message, .. }
            | AwsError::Profile { message } => message,
            _ => "",
        }
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AwsError::NoCredentials { action } => write!(
                f,
                "{action}: no AWS credentials found; set AWS_PROFILE or --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            ),
            AwsError::Expired { action } => write!(
                f,
                "{action}: the AWS session has expired; sign in again (`aws sso login`, or a new MFA code) and re-run"
            ),
            AwsError::BadCredentials { action, message } => write!(
                f,
                "{action}: AWS does not accept these credentials ({message}); check the access key of the profile in use"
            ),
            AwsError::AccessDenied { action, message } => write!(
                f,
                "{action}: access denied ({message}); use a role allowed to call {action}, e.g. the admin role via --profile"
            ),
            AwsError::Unreachable { action, message } => write!(
                f,
                "{action}: no answer from the endpoint ({message}); check the network, --endpoint-url and --region"
            ),
            AwsError::TimedOut {
                action,
                after,
                attempts,
            } => {
                write!(f, "{action}: timed out: no answer from the endpoint")?;
                if !after.is_zero() {
                    write!(f, " within {}", seconds(*after))?;
                }
                match attempts {
                    0 => {}
                    1 => f.write_str(" (1 attempt)")?,
                    n => write!(f, " ({n} attempts)")?,
                }
                f.write_str("; check --endpoint-url, --region and the network")
            }
            AwsError::Throttled { action } => write!(
                f,
                "{action}: AWS kept throttling the request after retries; wait a minute and re-run"
            ),
            AwsError::Service { action, code, message } => write!(f, "{action}: {code}: {message}"),
            AwsError::Profile { message } => f.write_str(message),
        }
    }
}

impl StdError for AwsError {}

/// `12s`, or `1.5s` under ten seconds.
fn seconds(d: Duration) -> String {
    if d < Duration::from_secs(10) {
        format!("{:.1}s", d.as_secs_f64())
    } else {
        format!("{}s", d.as_secs_f64().round())
    }
}

/// A call that ended in a timeout, with what it spent: put in the SDK's error by the clients'
/// timeout interceptor, so [`classify`] can say how long it waited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallTimedOut {
    /// From the start of the call to the timeout.
    pub after: Duration,
    /// Attempts made.
    pub attempts: u32,
}

impl fmt::Display for CallTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "timed out after {} ({} attempts)",
            seconds(self.after),
            self.attempts
        )
    }
}

impl StdError for CallTimedOut {}

/// The interceptor's note in an error's source chain, if any.
fn spent(error: &(dyn StdError + 'static)) -> Option<CallTimedOut> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(t) = e.downcast_ref::<CallTimedOut>() {
            return Some(*t);
        }
        current = e.source();
    }
    None
}

/// `value` when `error` is one that means "nothing there" (as `when` says), else the error.
pub fn recover<T>(
    error: AwsError,
    when: impl Fn(&AwsError) -> bool,
    value: T,
) -> Result<T, AwsError> {
    if when(&error) {
        Ok(value)
    } else {
        Err(error)
    }
}

/// The whole source chain of an error, for recognising causes the SDK wraps.
fn chain(error: &dyn StdError) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Classifies a failed SDK call of `action`.
pub fn classify<E, R>(action: &str, error: SdkError<E, R>) -> AwsError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    R: fmt::Debug + Send + Sync + 'static,
{
    let action = action.to_owned();
    let text = chain(&error);
    let lower = text.to_lowercase();
    if lower.contains("no credentials")
        || lower.contains("failed to load credentials")
        || lower.contains("credentials provider")
    {
        return AwsError::NoCredentials { action };
    }
    match &error {
        SdkError::ServiceError(service) => {
            let e = service.err();
            let code = e.code().unwrap_or("Unknown").to_owned();
            let message = e.message().unwrap_or_default().to_owned();
            match code.as_str() {
                "ExpiredToken"
                | "ExpiredTokenException"
                | "RequestExpired"
                | "TokenRefreshRequired" => AwsError::Expired { action },
                "InvalidClientTokenId"
                | "SignatureDoesNotMatch"
                | "UnrecognizedClientException"
                | "InvalidAccessKeyId" => AwsError::BadCredentials { action, message },
                "AccessDenied"
                | "AccessDeniedException"
                | "UnauthorizedOperation"
                | "AuthorizationError" => AwsError::AccessDenied { action, message },
                "Throttling"
                | "ThrottlingException"
                | "TooManyRequestsException"
                | "RequestLimitExceeded"
                | "SlowDown" => AwsError::Throttled { action },
                _ => AwsError::Service {
                    action,
                    code,
                    message,
                },
            }
        }
        // A timeout of the connection or the answer is a dispatch failure; of an attempt or
        // the whole call, a timeout error. The interceptor turns all of them into the latter.
        SdkError::TimeoutError(_) => {
            let spent = spent(&error);
            AwsError::TimedOut {
                action,
                after: spent.map_or(Duration::ZERO, |t| t.after),
                attempts: spent.map_or(0, |t| t.attempts),
            }
        }
        SdkError::DispatchFailure(d) if d.is_timeout() => AwsError::TimedOut {
            action,
            after: Duration::ZERO,
            attempts: 0,
        },
        SdkError::DispatchFailure(_) => AwsError::Unreachable {
            action,
            message: text,
        },
        _ => AwsError::Service {
            action,
            code: "ClientError".to_owned(),
            message: text,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeout_names_the_call_the_wait_and_the_fix() {
        let error = AwsError::TimedOut {
            action: "cloudformation:DescribeStacks".into(),
            after: Duration::from_millis(46_400),
            attempts: 3,
        };
        assert_eq!(
            error.to_string(),
            "cloudformation:DescribeStacks: timed out: no answer from the endpoint within 46s (3 attempts); check --endpoint-url, --region and the network"
        );
        let unknown = AwsError::TimedOut {
            action: "sts:AssumeRole".into(),
            after: Duration::ZERO,
            attempts: 0,
        };
        assert!(unknown
            .to_string()
            .starts_with("sts:AssumeRole: timed out: no answer from the endpoint; check"));
    }
}
